# Copyright: contributors to authing.cloud
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Resource permissions (``authing_resource`` ``permissions``, ``authing_resource_info``
``with_permissions``) against a real emulator: grants to a role, a group, a user and an
organisation node, reruns, changed actions, the modes, check mode, diff, bad input and the
``default`` namespace. Each task record carries the emulator requests made while it ran.
"""

from __future__ import annotations

from .tasks import ops, task_factory
from .tenant_support import create_resource, create_role

RES = "authing.cloud.authing_resource"
INFO = "authing.cloud.authing_resource_info"
task = task_factory(RES)

TARGETS = ("query authorizedTargets($namespace: String!, $resourceType: ResourceType!, $resource: String!) "
           "{ authorizedTargets(namespace: $namespace, resource: $resource, resourceType: $resourceType) "
           "{ totalCount list { targetType targetIdentifier actions } } }")


def server_grants(emulator, namespace, code, resource_type="DATA"):
    """{(targetType, targetIdentifier): sorted actions} of one resource, straight from the API."""
    found = emulator.gql(TARGETS, {"namespace": namespace, "resourceType": resource_type, "resource": code})
    return {(g["targetType"], g["targetIdentifier"]): sorted(g["actions"]) for g in found["authorizedTargets"]["list"]}


def grant(target_type, *targets, actions=None):
    return dict(target_type=target_type, targets=list(targets), **({"actions": actions} if actions is not None else {}))


def shown(target_type, targets, actions=()):
    """A permission as the modules return it."""
    return dict(target_type=target_type, targets=list(targets), actions=list(actions))


def create_node(emulator):
    """An organisation ``acme`` with a department ``dev``: the id of ``dev``."""
    org = emulator.gql('mutation createOrg($name: String!, $code: String) { createOrg(name: $name, code: $code) '
                       '{ id rootNode { id } } }', {"name": "Acme", "code": "acme"})["createOrg"]
    return emulator.gql('mutation addNodeV2($orgId: String!, $parentNodeId: String, $name: String!, $code: String) '
                        '{ addNodeV2(orgId: $orgId, parentNodeId: $parentNodeId, name: $name, code: $code) { id } }',
                        {"orgId": org["id"], "parentNodeId": org["rootNode"]["id"], "name": "Dev",
                         "code": "dev"})["addNodeV2"]["id"]


ACTIONS = [{"name": "orders:read"}, {"name": "orders:write"}, {"name": "orders:delete"}]


def test_permissions_lifecycle(emulator, run_playbook, users):
    app_id = emulator.create_app("shop")["id"]
    create_resource(emulator, app_id, "orders", "DATA", ACTIONS)
    emulator.create_group("support", "Support")
    create_role(emulator, "clerk", app_id)
    create_role(emulator, "auditor")  # of the default namespace: not a role of the application
    create_node(emulator)
    wanted = [
        grant("ROLE", "clerk", actions=["orders:read", "orders:write"]),
        grant("GROUP", "support", actions=["orders:read"]),
        grant("USER", "alice", actions=["orders:read", "orders:delete"]),
        grant("ORG", "dev", actions=["orders:read"]),
    ]
    respelled = [
        grant("ORG", "acme/dev", actions=["orders:read"]),
        grant("USER", users["alice"], actions=["orders:delete", "orders:read"]),
        grant("GROUP", "support", actions=["orders:read"]),
        grant("ROLE", "clerk", actions=["orders:write", "orders:read"]),
    ]
    run = run_playbook(
        [
            task("check grant", app="shop", code="orders", permissions=wanted, _check_mode=True),
            task("grant", app="shop", code="orders", permissions=wanted),
            task("grant again, spelled differently", app=app_id, code="orders", permissions=respelled),
            task("change actions", app="shop", code="orders", permissions_mode="append",
                 permissions=[grant("USER", "alice", actions=["orders:read"]), grant("USER", "bob", actions=["orders:read"])]),
            task("info", INFO, app="shop", code="orders", with_permissions=True),
            task("info without", INFO, app="shop"),
            task("remove", app="shop", code="orders", permissions_mode="remove",
                 permissions=[grant("GROUP", "support"), grant("USER", "carol")]),
            task("check exact", app="shop", code="orders", permissions=[grant("ROLE", "clerk", actions=["orders:read"])],
                 _check_mode=True),
            task("exact", app="shop", code="orders", permissions=[grant("ROLE", "clerk", actions=["orders:read"])]),
            task("unknown targets", app="shop", code="orders", description="never written", _ignore_errors=True,
                 permissions=[grant("USER", "ghost"), grant("ROLE", "auditor"), grant("ORG", "nowhere"),
                              grant("GROUP", "clerk")]),
            task("unknown action", app="shop", code="orders", description="never written", _ignore_errors=True,
                 permissions=[grant("USER", "bob", actions=["orders:read", "orders:purge"])]),
            task("action removed by the same task", app="shop", code="orders", _ignore_errors=True,
                 actions=[{"name": "orders:delete"}], actions_mode="remove",
                 permissions=[grant("USER", "bob", actions=["orders:delete"])]),
            task("unknown application", app="nope", code="orders", _ignore_errors=True,
                 permissions=[grant("ROLE", "clerk", actions=["orders:read"])]),
            task("bad element", app="shop", code="orders", _ignore_errors=True,
                 permissions=[grant("TEAM", "x"), grant("USER", "bob", "bob")]),
            task("duplicate target", app="shop", code="orders", _ignore_errors=True,
                 permissions=[grant("USER", "bob"), grant("USER", "bob", actions=["orders:read"])]),
        ],
        diff=True,
    ).assert_ok()

    check = run["check grant"]
    assert check["changed"] is True and run.writes("check grant") == []
    granted = run["grant"]
    expected = [
        shown("GROUP", ["support"], ["orders:read"]),
        shown("ORG", ["acme/dev"], ["orders:read"]),
        shown("ROLE", ["clerk"], ["orders:read", "orders:write"]),
        shown("USER", ["alice"], ["orders:delete", "orders:read"]),
    ]
    assert granted["changed"] is True and granted["resource"]["permissions"] == expected
    assert check["resource"]["permissions"] == expected, "check mode predicts what the real run does"
    assert ops(run.writes("grant"), form="sent") == ["authorizeResource"]  # every target in one call
    diff = granted["diff"]
    assert diff["before"] == {"code": "orders", "permissions": []}
    assert diff["after"] == {"code": "orders", "permissions": expected}, "only managed options in the diff"

    again = run["grant again, spelled differently"]
    assert again["changed"] is False and run.writes("grant again, spelled differently") == []
    assert again["resource"]["permissions"] == expected

    changed = run["change actions"]
    assert changed["changed"] is True and changed["action"] == "update"
    assert ops(run.writes("change actions"), form="sent") == ["authorizeResource"]
    users_after = [p for p in changed["resource"]["permissions"] if p["target_type"] == "USER"]
    assert users_after == [shown("USER", ["alice", "bob"], ["orders:read"])]
    assert shown("USER", ["alice"], ["orders:delete", "orders:read"]) in changed["diff"]["before"]["permissions"]

    [info] = run["info"]["resources"]
    assert info["permissions"] == [
        shown("GROUP", ["support"], ["orders:read"]),
        shown("ORG", ["acme/dev"], ["orders:read"]),
        shown("ROLE", ["clerk"], ["orders:read", "orders:write"]),
        shown("USER", ["alice", "bob"], ["orders:read"]),
    ]
    assert "permissions" not in run["info without"]["resources"][0]

    removed = run["remove"]
    assert removed["changed"] is True and ops(run.writes("remove"), form="sent") == ["acl.revoke-resource"]
    assert "support" not in str(removed["resource"]["permissions"])

    check_exact = run["check exact"]
    assert check_exact["changed"] is True and run.writes("check exact") == []
    exact = run["exact"]
    assert exact["resource"]["permissions"] == check_exact["resource"]["permissions"] == [
        shown("ROLE", ["clerk"], ["orders:read"])]
    assert ops(run.writes("exact"), form="sent") == ["acl.revoke-resource", "authorizeResource"]

    for name, words in (
            ("unknown targets", ["unknown permission target", "GROUP clerk", "ORG nowhere", "ROLE auditor", "USER ghost"]),
            ("unknown action", ["orders:purge is not an action of the resource"]),
            ("action removed by the same task", ["orders:delete is not an action of the resource"]),
            ("unknown application", ["application 'nope' does not exist"]),
            ("bad element", ["TEAM"]),
            ("duplicate target", ["USER bob is in more than one permission"])):
        assert run.failed(name), run[name]
        assert all(word in run[name]["msg"] for word in words), (name, run[name]["msg"])
        assert run.writes(name) == [], name
    # the service holds what the modules said (the playbook ran to its end: after "exact")
    assert server_grants(emulator, app_id, "orders") == {("ROLE", "clerk"): ["orders:read"]}


def test_bulk_form_new_resources_and_the_default_namespace(emulator, run_playbook, users):
    app_id = emulator.create_app("shop")["id"]
    emulator.create_group("support", "Support")
    create_role(emulator, "auditor")
    resources = [
        {"code": "menu", "type": "MENU", "permissions": [grant("GROUP", "support")]},
        {"code": "orders", "type": "DATA", "actions": ACTIONS,
         "permissions": [grant("USER", "bob", "carol", actions=["orders:read"])]},
    ]
    run = run_playbook(
        [
            task("check new", app="shop", resources=resources, _check_mode=True),
            task("new", app="shop", resources=resources),
            task("new again", app="shop", resources=resources),
            task("export", "authing.cloud.authing_tenant_info", _register="exported"),
            task("apply the export", "authing.cloud.authing_tenant", spec="{{ exported.spec }}"),
            task("default namespace", app="default", code="reports", type="DATA", actions=["reports:read"],
                 permissions=[grant("ROLE", "auditor", actions=["reports:read"])]),
            task("default namespace again", app="default", code="reports",
                 permissions=[grant("ROLE", "auditor", actions=["reports:read"])]),
            task("info default", INFO, app="default", with_permissions=True),
            task("delete", app="shop", code="orders", state="absent"),
        ],
    ).assert_ok()
    check, new = run["check new"], run["new"]
    assert run.writes("check new") == []
    assert [r["resource"]["permissions"] for r in check["resources"]] == [r["resource"]["permissions"] for r in new["resources"]]
    assert [r["action"] for r in new["resources"]] == ["create", "create"]
    assert ops(run.writes("new"), form="sorted") == ["authorizeResource"] * 2 + ["resources.create"] * 2
    assert [r["resource"]["permissions"] for r in new["resources"]] == [
        [shown("GROUP", ["support"])], [shown("USER", ["bob", "carol"], ["orders:read"])]]
    assert server_grants(emulator, app_id, "menu", "MENU") == {("GROUP", "support"): []}
    assert run["new again"]["changed"] is False and run.writes("new again") == []
    # the export writes the grants by natural key; applying it back changes nothing
    [shop] = run["export"]["spec"]["applications"]
    assert [(r["code"], r.get("permissions")) for r in shop["resources"]] == [
        ("menu", [{"target_type": "GROUP", "targets": ["support"]}]),
        ("orders", [{"target_type": "USER", "targets": ["bob", "carol"], "actions": ["orders:read"]}])]
    assert run["apply the export"]["changed"] is False and run.writes("apply the export") == []

    assert run["default namespace"]["resource"]["namespace"] == "default"
    auditor = server_grants(emulator, "default", "reports")
    assert list(auditor) == [("ROLE", "auditor")] and auditor[("ROLE", "auditor")] == ["reports:read"]
    assert run["default namespace again"]["changed"] is False
    assert run["info default"]["resources"][0]["permissions"] == [shown("ROLE", ["auditor"], ["reports:read"])]
    assert run["delete"]["changed"] is True
    assert server_grants(emulator, app_id, "orders") == {}, "grants go with their resource"
