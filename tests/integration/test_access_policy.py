# Copyright: contributors to authing.cloud
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""authing.cloud.authing_access_policy and authing_access_policy_info against a real emulator.

Targets are users (by username, email or id), groups, roles (default and application
namespaces) and organisation nodes. Check-mode tasks sit between normal ones; each task record
carries the emulator requests made while it ran.
"""

from __future__ import annotations

from .tasks import ops, task_factory
from .tenant_support import access_records, create_role

POL = "authing.cloud.authing_access_policy"
INFO = "authing.cloud.authing_access_policy_info"
task = task_factory(POL)


def server_policy(emulator, app_id):
    """(default strategy, {(targetType, targetIdentifier): (effect, enabled, inheritByChildren)})."""
    app = emulator.rest("GET", f"/api/v2/applications/{app_id}")
    records = {(r["targetType"], r["targetIdentifier"]): (r["policy"]["statements"][0]["effect"], r["enabled"],
                                                          r["inheritByChildren"]) for r in access_records(emulator, app_id)}
    return app["permissionStrategy"]["defaultStrategy"], records


def rule(target_type, *targets, **settings):
    return dict(target_type=target_type, targets=list(targets), **settings)


def shown(target_type, targets, effect="allow", enabled=True, namespace=None, inherit_by_children=None):
    """A rule as the module returns it."""
    return dict(target_type=target_type, targets=targets, effect=effect, enabled=enabled, namespace=namespace,
                inherit_by_children=inherit_by_children)


def quiet(rules):
    """Rules as a diff shows them: without null settings."""
    return [{key: value for key, value in r.items() if value is not None} for r in rules]


def test_access_policy_lifecycle(emulator, run_playbook, users):
    app_id = emulator.create_app("intranet")["id"]
    eve = emulator.create_user(email="eve@example.com")["id"]
    emulator.create_group("staff", "Staff")
    create_role(emulator, "admin")
    create_role(emulator, "editor", app_id)
    # an ORG target given by a node id (the service checks that the node exists) is shown as org/node
    node = emulator.gql('mutation createOrg($name: String!, $code: String) { createOrg(name: $name, code: $code) '
                        '{ rootNode { id } } }', {"name": "Acme", "code": "acme"})["createOrg"]["rootNode"]["id"]
    rules = [
        rule("GROUP", "staff"),
        rule("USER", "alice", "eve@example.com"),
        rule("USER", "dave", effect="deny"),
        rule("ROLE", "admin"),
        rule("ROLE", "editor", namespace="intranet"),
        rule("ORG", node, inherit_by_children=True),
    ]
    respelled = [
        rule("ORG", node, inherit_by_children=True),
        rule("ROLE", "editor", namespace=app_id),
        rule("ROLE", "admin", namespace="default"),
        rule("USER", "dave", effect="deny", enabled=True),
        rule("USER", eve, users["alice"]),
        rule("GROUP", "staff", effect="allow"),
    ]
    run = run_playbook(
        [
            task("create", app="intranet", default_strategy="DENY_ALL", rules=rules),
            task("again, spelled differently", app=app_id, default_strategy="DENY_ALL", rules=respelled),
            task("flip and disable", app="intranet", rules_mode="append",
                 rules=[rule("USER", "dave"), rule("USER", "alice", enabled=False)]),
            task("flip and disable again", app="intranet", rules_mode="append",
                 rules=[rule("USER", "dave"), rule("USER", "alice", enabled=False)]),
            task("check exact", app="intranet", rules=[rule("GROUP", "staff")], _check_mode=True),
            task("remove", app="intranet", rules=[rule("USER", "dave", "bob")], rules_mode="remove"),
            task("info", INFO, app="intranet"),
            task("unknown user", app="intranet", rules=[rule("USER", "alice", "ghost")], _ignore_errors=True),
            task("unknown group and role", app="intranet", rules_mode="append",
                 rules=[rule("GROUP", "nogroup"), rule("ROLE", "editor")], _ignore_errors=True),
            task("unknown app", app="nope", default_strategy="DENY_ALL", _ignore_errors=True),
            task("misplaced options", app="intranet", _ignore_errors=True,
                 rules=[rule("USER", "bob", namespace="default"), rule("GROUP", "staff"), rule("GROUP", "staff")]),
            task("reset", app="intranet", state="absent"),
            task("reset again", app="intranet", state="absent"),
        ],
        diff=True,
    ).assert_ok()

    created = run["create"]
    assert created["changed"] is True
    policy = created["access_policy"]
    assert (policy["app"], policy["app_id"], policy["default_strategy"]) == ("intranet", app_id, "DENY_ALL")
    assert policy["rules"] == [
        shown("GROUP", ["staff"]),
        shown("ORG", ["acme/acme"], inherit_by_children=True),
        shown("ROLE", ["editor"], namespace=app_id),
        shown("ROLE", ["admin"], namespace="default"),
        shown("USER", ["alice", "eve@example.com"]),
        shown("USER", ["dave"], effect="deny"),
    ], policy["rules"]
    assert ops(run.writes("create"), form="sorted") == (["applications.update"] + ["authorization.allow"] * 5
                                                        + ["authorization.deny"])
    assert created["diff"]["before"] == {"app": "intranet", "default_strategy": "ALLOW_ALL", "rules": []}
    assert created["diff"]["after"]["rules"] == quiet(policy["rules"])

    again = run["again, spelled differently"]
    assert again["changed"] is False and run.writes("again, spelled differently") == []
    assert again["access_policy"]["rules"] == policy["rules"]

    flipped = run["flip and disable"]
    assert flipped["changed"] is True
    assert ops(run.writes("flip and disable"), form="sorted") == ["authorization.allow", "authorization.disable"]
    users_after = [r for r in flipped["access_policy"]["rules"] if r["target_type"] == "USER"]
    assert users_after == [shown("USER", ["alice"], enabled=False), shown("USER", ["dave", "eve@example.com"])]
    diff = flipped["diff"]
    assert quiet([shown("USER", ["dave"], effect="deny")])[0] in diff["before"]["rules"]
    assert "default_strategy" not in diff["before"], "not managed by this task"
    assert run["flip and disable again"]["changed"] is False and run.writes("flip and disable again") == []

    check = run["check exact"]
    assert check["changed"] is True and run.writes("check exact") == []
    assert check["access_policy"]["rules"] == [shown("GROUP", ["staff"])]
    assert ops(run.writes("remove"), form="sorted") == ["authorization.revoke"]
    assert "dave" not in str(run["remove"]["access_policy"]["rules"])

    [info] = run["info"]["access_policies"]
    assert info["default_strategy"] == "DENY_ALL"
    assert info["rules"] == [
        shown("GROUP", ["staff"]),
        shown("ORG", ["acme/acme"], inherit_by_children=True),
        shown("ROLE", ["editor"], namespace=app_id),
        shown("ROLE", ["admin"], namespace="default"),
        shown("USER", ["alice"], enabled=False),
        shown("USER", ["eve@example.com"]),
    ], info["rules"]

    for name, words in (("unknown user", ["unknown rule target", "USER ghost"]),
                        ("unknown group and role", ["GROUP nogroup", "ROLE editor (namespace default)"]),
                        ("unknown app", ["application 'nope' does not exist"]),
                        ("misplaced options", ["namespace only applies to ROLE rules", "GROUP staff is in more than one rule"])):
        assert run.failed(name), run[name]
        assert all(word in run[name]["msg"] for word in words), (name, run[name]["msg"])
        assert run.writes(name) == [], name
    assert "alice" not in run["unknown user"]["msg"]

    reset = run["reset"]
    assert reset["changed"] is True
    assert reset["access_policy"]["default_strategy"] == "ALLOW_ALL" and reset["access_policy"]["rules"] == []
    assert ops(run.writes("reset"), form="sorted") == ["applications.update"] + ["authorization.revoke"] * 5
    assert run["reset again"]["changed"] is False and run.writes("reset again") == []
    assert server_policy(emulator, app_id) == ("ALLOW_ALL", {})


def test_bulk_form_and_remove_mode(emulator, run_playbook, users):
    one, two = emulator.create_app("one")["id"], emulator.create_app("two")["id"]
    policies = [
        {"app": "one", "default_strategy": "DENY_ALL", "rules": [rule("USER", "alice", "bob")]},
        {"app": "two", "rules": [rule("USER", "carol", effect="deny", enabled=False)]},
    ]
    run = run_playbook(
        [
            task("bulk", access_policies=policies),
            task("bulk again", access_policies=policies),
            task("info every application", INFO),
            task("bulk reset", access_policies=[{"app": "one"}, {"app": two}], access_policies_mode="remove"),
        ]
    ).assert_ok()
    assert run["bulk"]["changed"] is True
    assert [(i["app"], i["changed"]) for i in run["bulk"]["access_policies"]] == [("one", True), ("two", True)]
    assert run["bulk again"]["changed"] is False and run.writes("bulk again") == []
    every = {p["app"]: (p["default_strategy"], p["rules"]) for p in run["info every application"]["access_policies"]}
    assert every == {"one": ("DENY_ALL", [shown("USER", ["alice", "bob"])]),
                     "two": ("ALLOW_ALL", [shown("USER", ["carol"], effect="deny", enabled=False)])}
    reset = run["bulk reset"]["access_policies"]
    assert [(i["app"], i["changed"], i["access_policy"]["rules"]) for i in reset] == [("one", True, []), (two, True, [])]
    assert server_policy(emulator, one) == ("ALLOW_ALL", {})
    assert server_policy(emulator, two) == ("ALLOW_ALL", {})


def test_org_targets_by_node_code(emulator, run_playbook, users):
    """ORG targets by node code or org/node (resolved to node ids), shown as org/node."""
    app_id = emulator.create_app("intranet")["id"]
    org = {"code": "acme", "name": "Acme", "nodes": [{"code": "sales", "name": "Sales"}, {"code": "eng", "name": "Eng"}]}
    rules = [rule("ORG", "sales", "acme/eng", inherit_by_children=True)]
    run = run_playbook(
        [
            task("check before the organisation exists", app="intranet", rules=rules, _check_mode=True),
            {"name": "organisation", "authing.cloud.authing_org": org},
            task("by code", app="intranet", rules=rules),
            task("by code again", app="intranet", rules=rules),
            task("unknown node", app="intranet", rules=[rule("ORG", "nowhere")], _ignore_errors=True),
        ],
        diff=True,
    ).assert_ok()
    check = run["check before the organisation exists"]
    assert check["changed"] is True and run.writes("check before the organisation exists") == []
    assert any("organisation node 'sales'" in w for w in check.get("warnings", [])), check.get("warnings")
    created = run["by code"]
    assert created["access_policy"]["rules"] == [shown("ORG", ["acme/eng", "acme/sales"], inherit_by_children=True)]
    assert created["diff"]["after"]["rules"] == quiet(created["access_policy"]["rules"])
    [grant] = list(run.writes("by code"))
    assert grant["operation"] == "authorization.allow"
    assert run["by code again"]["changed"] is False and run.writes("by code again") == []
    assert run.failed("unknown node") and "ORG nowhere" in run["unknown node"]["msg"]
    assert run.writes("unknown node") == []
    _strategy, records = server_policy(emulator, app_id)
    assert sorted(t for (kind, t) in records if kind == "ORG") == sorted(
        n["id"] for o in emulator.gql("query { orgs(page: 1, limit: 10) { list { nodes { id code } } } }")["orgs"]["list"]
        for n in o["nodes"] if n["code"] in ("sales", "eng"))
