# Copyright: contributors to authing.cloud
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""authing.cloud.authing_group and authing_group_info against a real emulator.

Every test reads the result of real ``ansible-playbook`` runs (one record per task, see
conftest.py) and checks the emulator state through its API and request log. Each record carries
the emulator requests made while that task ran, so "the second run is unchanged" is also checked
as "the second run sent zero write requests".
"""

from __future__ import annotations

import json

from .tasks import TIMESTAMP_KEYS, ops, task_factory

GROUP = "authing.cloud.authing_group"
INFO = "authing.cloud.authing_group_info"
task = task_factory(GROUP)


def by_code(items):
    return {item["code"]: item for item in items}


def assert_group(group, code, name=None, description=None):
    assert group["code"] == code, group
    if name is not None:
        assert group["name"] == name, group
    if description is not None:
        assert group["description"] == description, group
    assert {"code", "name", "description", "created_at", "updated_at"} <= set(group), group


# --------------------------------------------------------------------------------------------
# single form: create / rerun / update / rename / delete
# --------------------------------------------------------------------------------------------


def test_create_rerun_and_update(emulator, run_playbook):
    run = run_playbook(
        [
            task("create", code="eng", name="Engineering", description="Builders"),
            task("create again", code="eng", name="Engineering", description="Builders"),
            task("update", code="eng", name="Engineering Team", description="Builds things"),
            task("update again", code="eng", name="Engineering Team", description="Builds things"),
            task("name only leaves description alone", code="eng", name="Engineering Team"),
            task("read back", INFO, code="eng"),
        ]
    ).assert_ok()

    created = run["create"]
    assert created["changed"] is True
    assert_group(created["group"], "eng", "Engineering", "Builders")
    assert "members" not in created["group"], "members were not managed, so not returned"
    assert created["group"]["created_at"]
    assert "createGroup" in ops(run.writes("create"))

    assert run["create again"]["changed"] is False
    assert run.writes("create again") == []
    assert_group(run["create again"]["group"], "eng", "Engineering", "Builders")

    updated = run["update"]
    assert updated["changed"] is True
    assert_group(updated["group"], "eng", "Engineering Team", "Builds things")
    assert updated["group"]["created_at"] == created["group"]["created_at"]
    assert ops(run.writes("update")) == ["updateGroup"]

    assert run["update again"]["changed"] is False
    assert run.writes("update again") == []

    partial = run["name only leaves description alone"]
    assert partial["changed"] is False
    assert partial["group"]["description"] == "Builds things"

    info = run["read back"]
    assert info["changed"] is False
    assert len(info["groups"]) == 1
    assert_group(info["groups"][0], "eng", "Engineering Team", "Builds things")

    server = emulator.group("eng")
    assert server["name"] == "Engineering Team"
    assert server["description"] == "Builds things"
    assert list(emulator.all_groups()) == ["eng"]


def test_rename_with_new_code(emulator, run_playbook):
    emulator.create_group("old-code", "Old", "kept")
    emulator.create_group("taken", "Taken")
    run = run_playbook(
        [
            task("rename onto an existing code", code="old-code", new_code="taken", _ignore_errors=True),
            task("rename", code="old-code", new_code="new-code"),
            task("rename again", code="old-code", new_code="new-code"),
            task("rename and update", code="new-code", new_code="newer-code", name="Newer"),
            task("rename and update again", code="new-code", new_code="newer-code", name="Newer"),
            task("old code", INFO, code="old-code"),
            task("new code", INFO, code="newer-code"),
        ]
    ).assert_ok()

    conflict = run["rename onto an existing code"]
    assert run.failed("rename onto an existing code"), conflict
    assert conflict["msg"].startswith("Failed to "), conflict["msg"]
    assert "old-code" in conflict["msg"], conflict["msg"]

    renamed = run["rename"]
    assert renamed["changed"] is True
    assert_group(renamed["group"], "new-code", "Old", "kept")

    assert run["rename again"]["changed"] is False
    assert run.writes("rename again") == []
    assert run["rename again"]["group"]["code"] == "new-code"

    assert run["rename and update"]["changed"] is True
    assert_group(run["rename and update"]["group"], "newer-code", "Newer", "kept")
    assert run["rename and update again"]["changed"] is False
    assert run.writes("rename and update again") == []

    assert run["old code"]["groups"] == []
    assert [g["code"] for g in run["new code"]["groups"]] == ["newer-code"]

    assert emulator.group("old-code") is None
    assert emulator.group("new-code") is None
    assert emulator.group("newer-code")["name"] == "Newer"
    assert sorted(emulator.all_groups()) == ["newer-code", "taken"]
    assert emulator.group("taken")["name"] == "Taken"


def test_delete_and_delete_again(emulator, run_playbook, users):
    emulator.create_group("gone", "Gone")
    emulator.add_members("gone", [users["alice"]])
    emulator.create_group("stays", "Stays")
    run = run_playbook(
        [
            task("delete", code="gone", state="absent"),
            task("delete again", code="gone", state="absent"),
            task("delete never existed", code="never", state="absent"),
            task("read back", INFO, code="gone"),
        ]
    ).assert_ok()

    assert run["delete"]["changed"] is True
    assert run["delete"]["group"] == {}
    assert ops(run.writes("delete")) == ["deleteGroups"]
    for name in ("delete again", "delete never existed"):
        assert run[name]["changed"] is False, name
        assert run[name]["group"] == {}, name
        assert run.writes(name) == [], name
    assert run["read back"]["groups"] == []

    assert emulator.group("gone") is None
    assert list(emulator.all_groups()) == ["stays"]


# --------------------------------------------------------------------------------------------
# members
# --------------------------------------------------------------------------------------------


def test_members_by_username_in_all_modes(emulator, run_playbook, users):
    run = run_playbook(
        [
            task("create with members", code="team", name="Team", members=["bob", "alice"]),
            task("same members", code="team", name="Team", members=["alice", "bob"]),
            task("append carol", code="team", members=["carol"], members_mode="append"),
            task("append present", code="team", members=["carol", "alice"], members_mode="append"),
            task("remove alice and non-member", code="team", members=["alice", "dave"], members_mode="remove"),
            task("remove again", code="team", members=["alice"], members_mode="remove"),
            task("exact dave", code="team", members=["dave"], members_mode="exact"),
            task("exact dave again", code="team", members=["dave"]),
            task("read back", INFO, code="team", with_members=True),
            task("exact empty", code="team", members=[]),
            task("exact empty again", code="team", members=[]),
        ]
    ).assert_ok()

    expected = [
        ("create with members", True, ["alice", "bob"]),
        ("same members", False, ["alice", "bob"]),
        ("append carol", True, ["alice", "bob", "carol"]),
        ("append present", False, ["alice", "bob", "carol"]),
        ("remove alice and non-member", True, ["bob", "carol"]),
        ("remove again", False, ["bob", "carol"]),
        ("exact dave", True, ["dave"]),
        ("exact dave again", False, ["dave"]),
        ("exact empty", True, []),
        ("exact empty again", False, []),
    ]
    for name, changed, members in expected:
        res = run[name]
        assert res["changed"] is changed, (name, res)
        assert res["group"]["members"] == members, (name, res["group"])
        if not changed:
            assert run.writes(name) == [], (name, run.writes(name))

    assert ops(run.writes("append carol")) == ["addUserToGroup"]
    assert ops(run.writes("remove alice and non-member")) == ["removeUserFromGroup"]
    assert set(ops(run.writes("exact dave"))) <= {"addUserToGroup", "removeUserFromGroup"}
    assert run["read back"]["groups"][0]["members"] == ["dave"]

    assert emulator.group_members("team") == []
    assert emulator.group("team")["name"] == "Team"


def test_members_by_user_id(emulator, run_playbook, users):
    # eve has no username (nor email/phone, which the module would show instead): shown by id.
    eve = emulator.create_user(externalId="ext-eve")
    assert not eve.get("username") and not eve.get("email")
    ids = dict(users, eve=eve["id"])
    run = run_playbook(
        [
            task("create by ids", code="ops", name="Ops", members=[ids["bob"], ids["alice"]]),
            task("same ids", code="ops", members=[ids["alice"], ids["bob"]]),
            task("same set mixed spelling", code="ops", members=["alice", ids["bob"]]),
            task("append user without username", code="ops", members=[ids["eve"]], members_mode="append"),
            task("remove by id", code="ops", members=[ids["alice"]], members_mode="remove"),
            task("remove by username", code="ops", members=["eve"], members_mode="remove", _ignore_errors=True),
            task("exact mixed", code="ops", members=[ids["carol"], "dave"]),
            task("exact mixed again", code="ops", members=["carol", ids["dave"]]),
        ]
    )
    # 'eve' is not a username (eve only has an external id), so that task must fail without writing.
    assert run.failed("remove by username"), run["remove by username"]
    assert run.writes("remove by username") == []
    run.assert_ok()

    expected = [
        ("create by ids", True, ["alice", "bob"]),
        ("same ids", False, ["alice", "bob"]),
        ("same set mixed spelling", False, ["alice", "bob"]),
        ("append user without username", True, sorted(["alice", "bob", ids["eve"]])),
        ("remove by id", True, sorted(["bob", ids["eve"]])),
        ("exact mixed", True, ["carol", "dave"]),
        ("exact mixed again", False, ["carol", "dave"]),
    ]
    for name, changed, members in expected:
        res = run[name]
        assert res["changed"] is changed, (name, res)
        assert res["group"]["members"] == members, (name, res["group"])
        if not changed:
            assert run.writes(name) == [], name

    assert emulator.group_members("ops") == ["carol", "dave"]


# --------------------------------------------------------------------------------------------
# bulk form
# --------------------------------------------------------------------------------------------


def test_bulk_create_rerun_and_mixed_update(emulator, run_playbook, users):
    first = [
        {"code": "b1", "name": "B1"},
        {"code": "b2", "name": "B2", "description": "two"},
        {"code": "b3", "name": "B3", "members": ["alice"]},
    ]
    mixed = [
        {"code": "b1", "name": "B1 renamed"},
        {"code": "b2", "state": "absent"},
        {"code": "b3", "name": "B3", "members": ["alice"]},
        {"code": "b4", "name": "B4", "members": ["bob"], "members_mode": "append"},
        {"code": "b5", "state": "absent"},
    ]
    run = run_playbook(
        [
            task("bulk create", groups=first),
            task("bulk rerun", groups=first),
            task("bulk mixed", groups=mixed, concurrency=2),
            task("bulk mixed again", groups=mixed),
        ]
    ).assert_ok()

    created = run["bulk create"]
    assert created["changed"] is True
    items = by_code(created["groups"])
    assert sorted(items) == ["b1", "b2", "b3"]
    for code, item in items.items():
        assert item["changed"] is True, item
        assert item["state"] == "present", item
        assert item["group"]["code"] == code
    assert items["b2"]["group"]["description"] == "two"
    assert items["b3"]["group"]["members"] == ["alice"]

    rerun = run["bulk rerun"]
    assert rerun["changed"] is False
    assert all(item["changed"] is False for item in rerun["groups"]), rerun["groups"]
    assert run.writes("bulk rerun") == []

    res = run["bulk mixed"]
    assert res["changed"] is True
    items = by_code(res["groups"])
    assert sorted(items) == ["b1", "b2", "b3", "b4", "b5"]
    assert items["b1"]["changed"] is True and items["b1"]["group"]["name"] == "B1 renamed"
    assert items["b2"]["changed"] is True and items["b2"]["state"] == "absent" and items["b2"]["group"] == {}
    assert items["b3"]["changed"] is False and items["b3"]["group"]["members"] == ["alice"]
    assert items["b4"]["changed"] is True and items["b4"]["group"]["members"] == ["bob"]
    assert items["b5"]["changed"] is False and items["b5"]["group"] == {}

    again = run["bulk mixed again"]
    assert again["changed"] is False
    assert all(item["changed"] is False for item in again["groups"]), again["groups"]
    assert run.writes("bulk mixed again") == []

    server = emulator.all_groups()
    assert sorted(server) == ["b1", "b3", "b4"]
    assert server["b1"]["name"] == "B1 renamed"
    assert emulator.group_members("b3") == ["alice"]
    assert emulator.group_members("b4") == ["bob"]


# --------------------------------------------------------------------------------------------
# check mode and diff mode
# --------------------------------------------------------------------------------------------


def test_check_mode_predicts_and_writes_nothing(emulator, run_playbook, users):
    emulator.create_group("keep", "Keep", "original")
    emulator.add_members("keep", [users["alice"]])
    emulator.clear_log()

    run = run_playbook(
        [
            task("update", code="keep", name="Changed"),
            task("append member", code="keep", members=["bob"], members_mode="append"),
            task("create", code="fresh", name="Fresh", members=["carol"]),
            task("rename", code="keep", new_code="kept"),
            task("delete", code="keep", state="absent"),
            task("no change", code="keep", name="Keep"),
            task("bulk", groups=[{"code": "fresh2", "name": "F2"}, {"code": "keep", "state": "absent"}]),
            task("reads still work", INFO, code="keep", with_members=True),
        ],
        check=True,
    ).assert_ok()

    assert emulator.writes() == [], "check mode sent write requests"
    assert ops(emulator.requests(), "read"), "the log recorded no reads at all"

    assert run["update"]["changed"] is True
    assert run["update"]["group"]["name"] == "Changed"
    assert run["append member"]["changed"] is True
    assert run["append member"]["group"]["members"] == ["alice", "bob"]
    assert run["create"]["changed"] is True
    assert run["create"]["group"]["code"] == "fresh"
    assert run["create"]["group"]["name"] == "Fresh"
    assert run["create"]["group"]["members"] == ["carol"]
    assert run["rename"]["changed"] is True
    assert run["rename"]["group"]["code"] == "kept"
    assert run["delete"]["changed"] is True
    assert run["delete"]["group"] == {}
    assert run["no change"]["changed"] is False
    assert run["bulk"]["changed"] is True
    assert all(item["changed"] for item in run["bulk"]["groups"]), run["bulk"]["groups"]
    info = run["reads still work"]["groups"]
    assert [g["code"] for g in info] == ["keep"] and info[0]["members"] == ["alice"]

    assert sorted(emulator.all_groups()) == ["keep"]
    server = emulator.group("keep")
    assert (server["name"], server["description"]) == ("Keep", "original")
    assert emulator.group_members("keep") == ["alice"]


def test_diff_shows_managed_fields_only(emulator, run_playbook, users):
    emulator.create_group("d1", "D1", "one")
    emulator.add_members("d1", [users["alice"]])
    run = run_playbook(
        [
            task("update name", code="d1", name="D1 new"),
            task("members", code="d1", members=["alice", "bob"]),
            task("create", code="d2", name="D2"),
            task("delete", code="d2", state="absent"),
            task("bulk", groups=[{"code": "d1", "description": "two"}, {"code": "d3", "name": "D3"}]),
        ],
        diff=True,
    ).assert_ok()

    for name in ("update name", "members", "create", "delete", "bulk"):
        text = json.dumps(run[name].get("diff"))
        for key in TIMESTAMP_KEYS:
            assert key not in text, (name, text)

    diff = run["update name"]["diff"]
    assert diff["before"]["name"] == "D1" and diff["after"]["name"] == "D1 new", diff
    assert "members" not in diff["before"] and "members" not in diff["after"], diff

    diff = run["members"]["diff"]
    assert diff["before"]["members"] == ["alice"], diff
    assert diff["after"]["members"] == ["alice", "bob"], diff

    diff = run["create"]["diff"]
    assert "name" not in (diff["before"] or {}), diff
    assert diff["after"]["name"] == "D2" and diff["after"]["code"] == "d2", diff

    diff = run["delete"]["diff"]
    assert diff["before"].get("code") == "d2", diff  # the task manages no other field
    assert not diff["after"] or "code" not in diff["after"], diff

    diffs = run["bulk"]["diff"]
    assert isinstance(diffs, list) and diffs, diffs
    for entry in diffs:
        assert {"before", "after", "before_header", "after_header"} <= set(entry), entry
    d1 = [d for d in diffs if "d1" in d["before_header"] + d["after_header"]]
    d3 = [d for d in diffs if "d3" in d["before_header"] + d["after_header"]]
    assert len(d1) == 1 and len(d3) == 1, diffs
    assert d1[0]["before"]["description"] == "one" and d1[0]["after"]["description"] == "two", d1
    assert d3[0]["after"]["name"] == "D3", d3

    # the default callback shows the diff too
    assert "D1 new" in run.stdout


# --------------------------------------------------------------------------------------------
# secrets, bad input, connection options, retries
# --------------------------------------------------------------------------------------------


def test_no_secret_or_token_in_verbose_output(emulator, run_playbook, users):
    token = emulator.token()
    assert token.startswith("eyJ")
    run = run_playbook(
        [
            task("create", code="sec", name="Sec", members=["alice"]),
            task("info", INFO, code="sec", with_members=True),
            task("fails", code="sec", members=["no-such-user"], _ignore_errors=True),
            {
                "name": "with access token",
                GROUP: {"code": "sec", "name": "Sec2", "access_token": "{{ lookup('env', 'TEST_TOKEN') }}"},
            },
        ],
        verbosity=3,
        diff=True,
        extra_env={"TEST_TOKEN": token},
    ).assert_ok()
    assert run.failed("fails")
    assert run["with access token"]["changed"] is True
    assert emulator.group("sec")["name"] == "Sec2"

    recorded = json.dumps(run.tasks)
    for where, text in (("output", run.output), ("task results", recorded)):
        assert emulator.secret not in text, f"pool secret found in {where}"
        assert "eyJ" not in text, f"a JWT found in {where}"
    assert "<localhost>" in run.stdout, "not verbose output"


def test_bad_input_fails_before_any_write(emulator, run_playbook, users):
    emulator.create_group("existing", "Existing")
    emulator.clear_log()
    run = run_playbook(
        [
            task("unknown member", code="newgrp", name="New", members=["alice", "ghost-user"], _ignore_errors=True),
            task("unknown member append", code="existing", members=["ghost2"], members_mode="append",
                 _ignore_errors=True),
            task("unknown member bulk", groups=[{"code": "bulkgrp", "name": "B", "members": ["ghost3"]}],
                 _ignore_errors=True),
            task("create without name", code="noname", _ignore_errors=True),
            task("code and groups", code="x", name="X", groups=[{"code": "y", "name": "Y"}], _ignore_errors=True),
            task("bulk item without code", groups=[{"name": "nocode"}], _ignore_errors=True),
        ]
    )
    assert run.rc == 0, run.describe()  # every failure was ignored
    for name in ("unknown member", "unknown member append", "unknown member bulk", "create without name",
                 "code and groups", "bulk item without code"):
        assert run.failed(name), (name, run[name])
        assert run[name].get("msg"), (name, run[name])

    assert "ghost-user" in run["unknown member"]["msg"]
    assert "newgrp" in run["unknown member"]["msg"]
    assert "ghost2" in run["unknown member append"]["msg"]
    assert "ghost3" in run["unknown member bulk"]["msg"]
    assert "name" in run["create without name"]["msg"]
    assert "noname" in run["create without name"]["msg"]
    msg = run["code and groups"]["msg"]
    assert "code" in msg and "groups" in msg and "exclusive" in msg, msg
    assert "code" in run["bulk item without code"]["msg"]

    assert emulator.writes() == [], emulator.writes()
    assert sorted(emulator.all_groups()) == ["existing"]
    assert emulator.group_members("existing") == []


def test_connection_via_module_defaults(emulator, run_playbook):
    play = {
        "module_defaults": {
            "group/authing.cloud.authing": {
                "host": emulator.url,
                "user_pool_id": emulator.pool_id,
                "secret": emulator.secret,
            }
        }
    }
    run = run_playbook(
        [
            task("create", code="md", name="MD"),
            task("info", INFO, code="md"),
            task("wrong secret", code="md2", name="MD2", secret="not-the-secret", _ignore_errors=True),
        ],
        play=play,
        extra_env={"AUTHING_HOST": None, "AUTHING_USERPOOL_ID": None, "AUTHING_USERPOOL_SECRET": None},
    ).assert_ok()
    assert run["create"]["changed"] is True
    assert [g["code"] for g in run["info"]["groups"]] == ["md"]
    assert run.failed("wrong secret")
    wrong = run["wrong secret"]
    assert wrong["msg"].startswith("Authentication failed: "), wrong  # the credentials, not the group
    assert wrong.get("code") == 1001, wrong  # contracts.md: bad secret in accessToken -> 1001
    assert "not-the-secret" not in json.dumps(run.tasks)
    assert sorted(emulator.all_groups()) == ["md"]


def test_bulk_run_survives_429_and_503(emulator, run_playbook, users):
    emulator.config(fault_rate=0.3, fault_kinds=["429", "503"], fault_phase="before", retry_after=0)
    groups = [{"code": f"r{i:02d}", "name": f"R{i}", "members": ["alice"] if i % 3 == 0 else []} for i in range(12)]
    run = run_playbook(
        [
            task("bulk under faults", groups=groups, retries=10),
            task("bulk rerun under faults", groups=groups, retries=10),
        ]
    )
    faults = [e for e in emulator.requests() if e.get("status") in (429, 503)]
    emulator.config(fault_rate=0.0)
    run.assert_ok()
    assert faults, "no faults were injected, so this test proved nothing"

    assert run["bulk under faults"]["changed"] is True
    assert len(run["bulk under faults"]["groups"]) == 12
    assert all(item["changed"] for item in run["bulk under faults"]["groups"])
    assert run["bulk rerun under faults"]["changed"] is False
    assert run.writes("bulk rerun under faults") == []

    server = emulator.all_groups()
    assert sorted(server) == sorted(g["code"] for g in groups)
    assert emulator.group_members("r03") == ["alice"]
    assert emulator.group_members("r04") == []


# --------------------------------------------------------------------------------------------
# authing_group_info
# --------------------------------------------------------------------------------------------

# The client reads 100 items per page; more groups than that force a second page.
MANY = 130


def test_group_info(emulator, run_playbook, users):
    for i in range(MANY):
        emulator.create_group(f"g{i:03d}", f"Group {i}", f"desc {i}")
    emulator.add_members("g000", [users["bob"], users["alice"]])

    run = run_playbook(
        [
            task("one", INFO, code="g000"),
            task("one with members", INFO, code="g000", with_members=True),
            task("missing", INFO, code="nope"),
            task("all", INFO),
            task("all with members", INFO, with_members=True),
        ]
    ).assert_ok()

    for name in ("one", "one with members", "missing", "all", "all with members"):
        assert run[name]["changed"] is False, name
        assert run.writes(name) == [], name

    [one] = run["one"]["groups"]
    assert_group(one, "g000", "Group 0", "desc 0")
    assert "members" not in one
    assert run["one with members"]["groups"][0]["members"] == ["alice", "bob"]
    assert run["missing"]["groups"] == []

    everything = by_code(run["all"]["groups"])
    assert len(run["all"]["groups"]) == MANY
    assert sorted(everything) == sorted(f"g{i:03d}" for i in range(MANY))
    assert_group(everything["g129"], "g129", "Group 129", "desc 129")
    pages = ops(run.task("all")["requests"], form="sent").count("groups")
    assert pages >= 2, f"expected a paged read, saw {pages} 'groups' requests"

    with_members = by_code(run["all with members"]["groups"])
    assert len(with_members) == MANY
    assert with_members["g000"]["members"] == ["alice", "bob"]
    assert with_members["g001"]["members"] == []
