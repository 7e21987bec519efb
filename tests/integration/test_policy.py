# Copyright: contributors to authing.cloud
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""authing.cloud.authing_policy and authing_policy_info against a real emulator: statements
compared in the service's spelling and as a set, assignments to users and groups in each mode,
rename, application namespaces, bulk form, check mode (zero writes, a prediction the real run
confirms), diff of managed options only, bad input failing before any write."""

from __future__ import annotations

import json

from .tasks import TIMESTAMP_KEYS, ops, task_factory

POLICY = "authing.cloud.authing_policy"
INFO = "authing.cloud.authing_policy_info"
task = task_factory(POLICY)

READ = {"resource": "books:*", "actions": ["books:read", "books:list"]}
DENY_DELETE = {"resource": "books:*", "actions": ["books:delete"], "effect": "DENY",
               "condition": [{"param": "AppId", "operator": "StringEquals", "value": "library"}]}
ASSIGNMENTS = ("query a($namespace: String, $code: String, $t: PolicyAssignmentTargetType) {"
               " policyAssignments(namespace: $namespace, code: $code, targetType: $t, page: 1, limit: 200)"
               " { list { targetIdentifier } } }")


def policy(emulator, code, namespace="default"):
    return emulator.gql("query p($code: String!, $namespace: String) { policy(code: $code, namespace: $namespace)"
                        " { code description statements { resource actions effect condition { param operator value } }"
                        " } }", {"code": code, "namespace": namespace})["policy"]


def assigned(emulator, code, target_type, namespace="default"):
    data = emulator.gql(ASSIGNMENTS, {"namespace": namespace, "code": code, "t": target_type})
    return sorted(a["targetIdentifier"] for a in data["policyAssignments"]["list"])


def codes(emulator, namespace="default"):
    data = emulator.gql("query p($namespace: String) { policies(namespace: $namespace, page: 1, limit: 200)"
                        " { list { code } } }", {"namespace": namespace})
    return sorted(p["code"] for p in data["policies"]["list"])


def stored(*statements):
    """A statement as the module shows it: effect and condition filled in, actions sorted."""
    return [dict(s, effect=s.get("effect", "ALLOW"), condition=s.get("condition", []), actions=sorted(s["actions"]))
            for s in statements]


def test_create_rerun_update_assign_rename_delete(emulator, run_playbook, users):
    for code in ("editors", "readers"):
        emulator.create_group(code)
    reordered = [dict(DENY_DELETE), dict(READ, actions=["books:list", "books:read", "books:list"], effect="ALLOW")]
    run = run_playbook(
        [
            task("create", code="reader", description="Reads books", statements=[READ, DENY_DELETE],
                 users=["bob", "alice"], groups=["editors"]),
            task("same in another spelling", code="reader", description="Reads books", statements=reordered,
                 users=["alice", "bob"], groups=["editors"]),
            task("update statements", code="reader", statements=[READ]),
            task("update statements again", code="reader", statements=[READ]),
            task("append carol", code="reader", users=["carol"], users_mode="append"),
            task("remove alice", code="reader", users=["alice", "dave"], users_mode="remove"),
            task("exact dave", code="reader", users=["dave"]),
            task("exact dave again", code="reader", users=["dave"]),
            task("append readers", code="reader", groups=["readers"], groups_mode="append"),
            task("remove editors", code="reader", groups=["editors"], groups_mode="remove"),
            task("exact none", code="reader", groups=[]),
            task("clear description", code="reader", description=""),
            task("rename", code="reader", new_code="book-reader"),
            task("rename again", code="reader", new_code="book-reader"),
            task("read back", INFO, code="book-reader", with_users=True, with_groups=True),
            task("delete", code="book-reader", state="absent"),
            task("delete again", code="book-reader", state="absent"),
        ]
    ).assert_ok()

    created = run["create"]
    assert created["changed"] is True and created["action"] == "create"
    assert created["policy"]["statements"] == stored(READ, DENY_DELETE)
    assert (created["policy"]["users"], created["policy"]["groups"]) == (["alice", "bob"], ["editors"])
    assert ops(run.writes("create"), form="sorted") == ["addPolicyAssignments", "addPolicyAssignments", "createPolicy"]
    for name in ("same in another spelling", "update statements again", "exact dave again", "rename again",
                 "delete again"):
        assert run[name]["changed"] is False and run.writes(name) == [], name
    updated = run["update statements"]
    assert updated["changed"] is True and updated["action"] == "update"
    assert updated["policy"]["statements"] == stored(READ) and ops(run.writes("update statements")) == ["updatePolicy"]
    expected = [
        ("append carol", "users", ["alice", "bob", "carol"], ["addPolicyAssignments"]),
        ("remove alice", "users", ["bob", "carol"], ["removePolicyAssignments"]),
        ("exact dave", "users", ["dave"], ["addPolicyAssignments", "removePolicyAssignments"]),
        ("append readers", "groups", ["editors", "readers"], ["addPolicyAssignments"]),
        ("remove editors", "groups", ["readers"], ["removePolicyAssignments"]),
        ("exact none", "groups", [], ["removePolicyAssignments"]),
    ]
    for name, relation, now, writes in expected:
        assert run[name]["changed"] is True and run[name]["policy"][relation] == now, name
        assert ops(run.writes(name)) == writes, name
    assert run["clear description"]["changed"] is True and run["clear description"]["policy"]["description"] in ("", None)
    assert run["rename"]["changed"] is True and run["rename"]["policy"]["code"] == "book-reader"
    assert ops(run.writes("rename")) == ["updatePolicy"]
    [info] = run["read back"]["policies"]
    assert (info["code"], info["statements"], info["users"], info["groups"]) == (
        "book-reader", stored(READ), ["dave"], [])
    assert run["delete"]["changed"] is True and run["delete"]["policy"] == {}
    assert ops(run.writes("delete")) == ["deletePolicy"]
    assert codes(emulator) == [] and assigned(emulator, "book-reader", "USER") == []


def test_check_mode_predicts_what_the_real_run_does(emulator, run_playbook, users):
    emulator.create_group("editors")
    emulator.gql("mutation c($s: [PolicyStatementInput!]!) { createPolicy(code: \"keep\", description: \"original\","
                 " statements: $s) { code } }", {"s": [READ]})
    emulator.gql("mutation a($ids: [String!]) { addPolicyAssignments(policies: [\"keep\"], targetType: USER,"
                 " targetIdentifiers: $ids) { code } }", {"ids": [users["alice"]]})
    emulator.gql("mutation c($s: [PolicyStatementInput!]!) { createPolicy(code: \"old\", statements: $s) { code } }",
                 {"s": [READ]})
    emulator.clear_log()
    tasks = [
        task("update", code="keep", statements=[READ, DENY_DELETE], users=["bob"], users_mode="append"),
        task("create", code="fresh", statements=[READ], groups=["editors"]),
        task("unchanged", code="keep", description="original"),
        task("delete", code="old", state="absent"),
        task("bulk", policies=[{"code": "b1", "statements": [READ], "users": ["carol"]},
                               {"code": "keep", "new_code": "kept"}]),
    ]
    check = run_playbook(tasks, check=True, diff=True).assert_ok()
    assert emulator.writes() == [], "check mode sent write requests"
    update = check["update"]
    assert update["changed"] is True and update["action"] == "update"
    assert update["diff"]["before"] == {"code": "keep", "statements": stored(READ), "users": ["alice"]}
    assert update["diff"]["after"] == {"code": "keep", "statements": stored(READ, DENY_DELETE),
                                       "users": ["alice", "bob"]}
    assert check["create"]["diff"]["before"] == {}
    assert check["create"]["diff"]["after"] == {"code": "fresh", "statements": stored(READ), "groups": ["editors"]}
    assert check["unchanged"]["changed"] is False
    assert check["unchanged"]["diff"]["before"] == check["unchanged"]["diff"]["after"] == {
        "code": "keep", "description": "original"}
    assert check["delete"]["diff"]["after"] == {} and check["delete"]["policy"] == {}
    for name in ("update", "create", "delete"):
        assert not set(TIMESTAMP_KEYS) & set(json.dumps(check[name]["diff"]).split('"')), name
    assert codes(emulator) == ["keep", "old"] and policy(emulator, "keep")["statements"] == [
        dict(READ, effect="ALLOW", condition=[])]
    assert assigned(emulator, "keep", "USER") == [users["alice"]]

    real = run_playbook(tasks).assert_ok()
    # each task of a check run predicts from the server as it is (the tasks do not see each other)
    for name, managed in (("update", ("code", "statements", "users")), ("create", ("code", "statements", "groups")),
                          ("unchanged", ("code", "description")), ("delete", ())):
        assert real[name]["changed"] == check[name]["changed"], name
        assert real[name]["action"] == check[name]["action"], name
        for key in managed:
            assert real[name]["policy"][key] == check[name]["policy"][key], (name, key)
    assert [(r["code"], r["action"]) for r in real["bulk"]["policies"]] == [
        (r["code"], r["action"]) for r in check["bulk"]["policies"]] == [("b1", "create"), ("keep", "update")]
    assert codes(emulator) == ["b1", "fresh", "kept"]
    assert assigned(emulator, "kept", "USER") == sorted([users["alice"], users["bob"]])
    assert assigned(emulator, "fresh", "GROUP") == ["editors"] and assigned(emulator, "b1", "USER") == [users["carol"]]


def test_bad_input_fails_before_any_write(emulator, run_playbook, users):
    emulator.create_group("editors")
    emulator.clear_log()
    run = run_playbook(
        [
            task("unknown effect", code="n", statements=[dict(READ, effect="MAYBE")], _ignore_errors=True),
            task("empty statements", code="n", statements=[], _ignore_errors=True),
            task("no statements", code="n", users=["alice"], _ignore_errors=True),
            task("empty actions", code="n", statements=[dict(READ, actions=[])], _ignore_errors=True),
            task("no actions", code="n", statements=[{"resource": "books:*"}], _ignore_errors=True),
            task("unknown user", code="n", statements=[READ], users=["alice", "ghost"], _ignore_errors=True),
            task("unknown group", code="n", statements=[READ], groups=["editors", "nowhere"], _ignore_errors=True),
            task("bulk with bad items", policies=[{"code": "n1", "statements": [READ]},
                                                  {"code": "n2", "statements": [dict(READ, actions=[])]},
                                                  {"code": "n3", "statements": [READ], "groups": ["nowhere"]}],
                 _ignore_errors=True),
            task("unknown app", app="no-such-app", code="n", statements=[READ], _ignore_errors=True),
        ]
    )
    assert run.rc == 0, run.describe()
    messages = {
        "unknown effect": "MAYBE",
        "empty statements": "statements must list at least one statement",
        "no statements": "statements is required to create a policy",
        "empty actions": "statements[0]: actions must list at least one action",
        "no actions": "actions",
        "unknown user": "unknown user: ghost",
        "unknown group": "unknown group: nowhere",
        "unknown app": "application 'no-such-app' does not exist",
    }
    for name, text in messages.items():
        assert run.failed(name) and text in run[name]["msg"], (name, run[name]["msg"])
        assert run.writes(name) == [], name
    bulk = run["bulk with bad items"]["msg"]
    assert "'n2'" in bulk and "actions must list" in bulk and "'n3'" in bulk and "nowhere" in bulk
    assert emulator.writes() == [] and codes(emulator) == []


def test_application_policies_bulk_and_info(emulator, run_playbook, users):
    app_id = emulator.create_app("library", uris=["https://example.com/cb"])["id"]
    emulator.create_group("editors")
    policies = [{"code": f"p{i:02d}", "statements": [READ], "users": ["alice"] if i % 2 else []} for i in range(11)]
    run = run_playbook(
        [
            task("app policy", app="library", code="lender", statements=[DENY_DELETE], groups=["editors"]),
            task("same by app id", app=app_id, code="lender", statements=[DENY_DELETE], groups=["editors"]),
            task("same code in default", code="lender", statements=[READ]),
            task("bulk", app="library", policies=policies),
            task("bulk again", app="library", policies=policies),
            task("bulk exact", app="library", policies=[{"code": "lender"}, {"code": "p01"}], policies_mode="exact"),
            task("bulk remove", app="library", policies=[{"code": "p01"}, {"code": "ghost"}], policies_mode="remove"),
            task("app policies", INFO, app="library", with_groups=True),
            task("default policies", INFO),
            task("missing", INFO, code="nope"),
            task("unknown app info", INFO, app="nope", _ignore_errors=True),
        ]
    )
    assert run.rc == 0, run.describe()
    assert run["app policy"]["changed"] is True and run["app policy"]["policy"]["namespace"] == app_id
    assert run["same by app id"]["changed"] is False and run.writes("same by app id") == []
    assert run["same code in default"]["changed"] is True
    assert run["bulk"]["changed"] is True and len(run["bulk"]["policies"]) == 11
    assert run["bulk again"]["changed"] is False and run.writes("bulk again") == []
    exact = run["bulk exact"]["policies"]
    assert sorted(r["code"] for r in exact if r["state"] == "absent") == [f"p{i:02d}" for i in range(11) if i != 1]
    assert [r["changed"] for r in run["bulk remove"]["policies"]] == [True, False]
    [listed] = run["app policies"]["policies"]
    assert (listed["code"], listed["groups"], listed["namespace"]) == ("lender", ["editors"], app_id)
    assert "users" not in listed
    assert [p["code"] for p in run["default policies"]["policies"]] == ["lender"]
    assert run["missing"]["policies"] == []
    assert run.failed("unknown app info") and "application 'nope' does not exist" in run["unknown app info"]["msg"]
    for name in ("app policies", "default policies", "missing"):
        assert run.writes(name) == [] and run[name]["changed"] is False
    assert codes(emulator, app_id) == ["lender"] and codes(emulator) == ["lender"]
    assert assigned(emulator, "lender", "GROUP", app_id) == ["editors"]
    assert policy(emulator, "lender", app_id)["statements"] == [DENY_DELETE]
