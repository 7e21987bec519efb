# Copyright: contributors to authing.cloud
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""authing.cloud.authing_role and authing_role_info against a real emulator: roles of the
``default`` namespace and of an application's namespace, their holders, bulk form, check mode
(zero writes in the request log) and diff."""

from __future__ import annotations

import json

from .tasks import TIMESTAMP_KEYS, ops, task_factory

ROLE = "authing.cloud.authing_role"
INFO = "authing.cloud.authing_role_info"
task = task_factory(ROLE)


def role(emulator, code, namespace="default"):
    return emulator.gql("query role($code: String!, $namespace: String) { role(code: $code, namespace: $namespace)"
                        " { code description namespace users(page: 1, limit: 50) { list { username } } } }",
                        {"code": code, "namespace": namespace})["role"]


def holders(emulator, code, namespace="default"):
    return sorted(u["username"] for u in role(emulator, code, namespace)["users"]["list"])


def codes(emulator, namespace="default"):
    data = emulator.gql("query roles($namespace: String) { roles(namespace: $namespace, page: 1, limit: 200)"
                        " { list { code } } }", {"namespace": namespace})
    return sorted(r["code"] for r in data["roles"]["list"])


def test_create_rerun_update_rename_delete(emulator, run_playbook, users):
    run = run_playbook(
        [
            task("create", code="auditor", description="Reads logs", members=["bob", "alice"]),
            task("create again", code="auditor", description="Reads logs", members=["alice", "bob"]),
            task("update", code="auditor", description="Reads every log"),
            task("append carol", code="auditor", members=["carol"], members_mode="append"),
            task("remove alice", code="auditor", members=["alice", "dave"], members_mode="remove"),
            task("exact dave", code="auditor", members=["dave"]),
            task("exact dave again", code="auditor", members=["dave"]),
            task("rename", code="auditor", new_code="reviewer"),
            task("rename again", code="auditor", new_code="reviewer"),
            task("read back", INFO, code="reviewer", with_members=True),
            task("delete", code="reviewer", state="absent"),
            task("delete again", code="reviewer", state="absent"),
        ]
    ).assert_ok()

    created = run["create"]
    assert created["changed"] is True
    assert created["role"]["code"] == "auditor" and created["role"]["namespace"] == "default"
    assert created["role"]["members"] == ["alice", "bob"] and created["role"]["id"]
    assert ops(run.writes("create")) == ["assignRole", "createRole"]
    expected = [
        ("create again", False, ["alice", "bob"]),
        ("append carol", True, ["alice", "bob", "carol"]),
        ("remove alice", True, ["bob", "carol"]),
        ("exact dave", True, ["dave"]),
        ("exact dave again", False, ["dave"]),
    ]
    for name, changed, members in expected:
        assert run[name]["changed"] is changed, name
        assert run[name]["role"]["members"] == members, name
        if not changed:
            assert run.writes(name) == [], name
    assert run["update"]["changed"] is True and run["update"]["role"]["description"] == "Reads every log"
    assert ops(run.writes("update")) == ["updateRole"]
    assert run["rename"]["changed"] is True and run["rename"]["role"]["code"] == "reviewer"
    assert run["rename again"]["changed"] is False and run.writes("rename again") == []
    [info] = run["read back"]["roles"]
    assert (info["code"], info["description"], info["members"]) == ("reviewer", "Reads every log", ["dave"])
    assert run["delete"]["changed"] is True and run["delete"]["role"] == {}
    assert ops(run.writes("delete")) == ["deleteRole"]
    assert run["delete again"]["changed"] is False and run.writes("delete again") == []
    assert codes(emulator) == []


def test_application_roles(emulator, run_playbook, users):
    app_id = emulator.create_app("shop", uris=["https://example.com/cb"])["id"]
    emulator.create_app("blog", uris=["https://example.com/cb"])
    run = run_playbook(
        [
            task("app role by identifier", app="shop", code="clerk", members=["alice"]),
            task("same role by app id", app=app_id, code="clerk", members=["alice"]),
            task("same code in default", code="clerk", description="pool-wide"),
            task("bulk in app", app="shop", roles=[{"code": "manager"}, {"code": "clerk", "description": "Sells"},
                                                   {"code": "editor", "app": "blog"}]),
            task("unknown app", app="no-such-app", code="x", _ignore_errors=True),
            task("app roles", INFO, app="shop"),
            task("default roles", INFO),
            task("unknown app info", INFO, app="nope", _ignore_errors=True),
        ]
    )
    assert run.rc == 0, run.describe()
    assert run.failed("unknown app") and "application 'no-such-app' does not exist" in run["unknown app"]["msg"]
    assert run.writes("unknown app") == []
    assert run.failed("unknown app info") and "application 'nope' does not exist" in run["unknown app info"]["msg"]
    assert run["app role by identifier"]["changed"] is True
    assert run["app role by identifier"]["role"]["namespace"] == app_id
    assert run["same role by app id"]["changed"] is False and run.writes("same role by app id") == []
    assert run["same code in default"]["changed"] is True
    bulk = run["bulk in app"]["roles"]
    assert [(r["code"], r["changed"]) for r in bulk] == [("manager", True), ("clerk", True), ("editor", True)]
    assert sorted(r["code"] for r in run["app roles"]["roles"]) == ["clerk", "manager"]
    assert [r["code"] for r in run["default roles"]["roles"]] == ["clerk"]
    assert codes(emulator, app_id) == ["clerk", "manager"]
    assert role(emulator, "clerk", app_id)["description"] == "Sells"
    assert role(emulator, "clerk")["description"] == "pool-wide"
    assert holders(emulator, "clerk", app_id) == ["alice"] and holders(emulator, "clerk") == []


def test_bulk_modes_and_faults(emulator, run_playbook, users):
    emulator.config(fault_rate=0.25, fault_kinds=["429", "503"], fault_phase="before", retry_after=0)
    roles = [{"code": f"r{i:02d}", "members": ["alice"] if i % 3 == 0 else []} for i in range(12)]
    run = run_playbook(
        [
            task("bulk under faults", roles=roles, retries=10),
            task("bulk rerun", roles=roles, retries=10),
        ]
    )
    emulator.config(fault_rate=0.0)
    run.assert_ok()
    assert run["bulk under faults"]["changed"] is True and len(run["bulk under faults"]["roles"]) == 12
    assert run["bulk rerun"]["changed"] is False
    run = run_playbook(
        [
            task("exact", roles=[{"code": "r00"}, {"code": "r01", "description": "one"}], roles_mode="exact"),
            task("exact again", roles=[{"code": "r00"}, {"code": "r01", "description": "one"}],
                 roles_mode="exact"),
            task("remove", roles=[{"code": "r01"}, {"code": "ghost"}], roles_mode="remove"),
        ]
    ).assert_ok()
    exact = run["exact"]
    assert exact["changed"] is True
    assert sorted(r["code"] for r in exact["roles"] if r["state"] == "absent") == [f"r{i:02d}" for i in range(2, 12)]
    assert run["exact again"]["changed"] is False and run.writes("exact again") == []
    assert [r["changed"] for r in run["remove"]["roles"]] == [True, False]
    assert codes(emulator) == ["r00"] and holders(emulator, "r00") == ["alice"]


def test_check_mode_and_diff(emulator, run_playbook, users):
    emulator.gql("mutation { createRole(code: \"keep\", description: \"original\") { id } }")
    emulator.gql("mutation a($u: [String!]) { assignRole(roleCodes: [\"keep\"], userIds: $u) { code } }",
                 {"u": [users["alice"]]})
    emulator.clear_log()
    tasks = [
        task("update", code="keep", description="changed", members=["bob"], members_mode="append"),
        task("create", code="fresh", members=["carol"]),
        task("rename", code="keep", new_code="kept"),
        task("delete", code="keep", state="absent"),
        task("bulk", roles=[{"code": "b1"}, {"code": "keep", "state": "absent"}]),
        task("reads still work", INFO, code="keep", with_members=True),
    ]
    run = run_playbook(tasks, check=True, diff=True).assert_ok()
    assert emulator.writes() == [], "check mode sent write requests"
    assert run["update"]["changed"] and run["update"]["role"]["members"] == ["alice", "bob"]
    assert run["update"]["diff"]["before"] == {"code": "keep", "description": "original", "members": ["alice"]}
    assert run["update"]["diff"]["after"] == {"code": "keep", "description": "changed", "members": ["alice", "bob"]}
    assert run["create"]["changed"] and run["create"]["role"]["members"] == ["carol"]
    assert run["create"]["diff"]["before"] == {} and run["create"]["diff"]["after"]["code"] == "fresh"
    assert run["rename"]["role"]["code"] == "kept"
    assert run["delete"]["role"] == {} and run["delete"]["diff"]["after"] == {}
    assert all(r["changed"] for r in run["bulk"]["roles"])
    assert run["reads still work"]["roles"][0]["members"] == ["alice"]
    for name in ("update", "create", "delete"):
        assert not set(TIMESTAMP_KEYS) & set(json.dumps(run[name]["diff"]).split('"')), name
    assert codes(emulator) == ["keep"] and role(emulator, "keep")["description"] == "original"
    assert holders(emulator, "keep") == ["alice"]


def test_bad_input_fails_before_any_write(emulator, run_playbook, users):
    emulator.clear_log()
    run = run_playbook(
        [
            task("unknown member", code="new", members=["alice", "ghost"], _ignore_errors=True),
            task("unknown member bulk", roles=[{"code": "n1"}, {"code": "n2", "members": ["ghost2"]}],
                 _ignore_errors=True),
            task("code and roles", code="x", roles=[{"code": "y"}], _ignore_errors=True),
        ]
    )
    assert run.rc == 0, run.describe()
    assert "ghost" in run["unknown member"]["msg"] and "'new'" in run["unknown member"]["msg"]
    assert "ghost2" in run["unknown member bulk"]["msg"] and "'n2'" in run["unknown member bulk"]["msg"]
    assert "mutually exclusive" in run["code and roles"]["msg"]
    assert emulator.writes() == [] and codes(emulator) == []


MANY = 130


def test_role_info_pages(emulator, run_playbook, users):
    for i in range(MANY):
        emulator.gql("mutation c($code: String!) { createRole(code: $code) { id } }", {"code": f"role{i:03d}"})
    emulator.gql("mutation a($u: [String!]) { assignRole(roleCodes: [\"role007\"], userIds: $u) { code } }",
                 {"u": [users["bob"], users["alice"]]})
    run = run_playbook(
        [
            task("all", INFO),
            task("one with members", INFO, code="role007", with_members=True),
            task("missing", INFO, code="nope"),
            task("all with members", INFO, with_members=True),
        ]
    ).assert_ok()
    assert len(run["all"]["roles"]) == MANY
    assert ops(run.task("all")["requests"], form="sent").count("roles") == 2
    assert run["one with members"]["roles"][0]["members"] == ["alice", "bob"]
    assert "members" not in run["all"]["roles"][0]
    assert run["missing"]["roles"] == []
    by_code = {r["code"]: r for r in run["all with members"]["roles"]}
    assert by_code["role007"]["members"] == ["alice", "bob"] and by_code["role008"]["members"] == []
    for name in ("all", "one with members", "missing", "all with members"):
        assert run.writes(name) == [] and run[name]["changed"] is False
