"""Application access policies (REST, wire reference §2.4): one record per target, allow/deny
switching, enable/disable/revoke, target existence, record shape, the app's permissionStrategy."""

import re

import pytest

from emulator_app_helpers import REST_TIMESTAMP, code_of, create_app, create_role, ok, rest

MISSING = "ffffffffffffffffffffffff"


@pytest.fixture
def app(api):
    return create_app(api, "guarded")


def call(api, app, action, target_type, identifiers, **extra):
    return rest(api, "POST", "/api/v2/applications/%s/authorization/%s" % (app["id"], action),
                json=dict(targetType=target_type, targetIdentifiers=identifiers, **extra))


def records(api, app, **params):
    return ok(api, "GET", "/api/v2/applications/%s/authorization/records" % app["id"], params=params)


def summary(api, app):
    return [(record["targetType"], record["targetIdentifier"], record["policy"]["statements"][0]["effect"],
             record["enabled"]) for record in records(api, app, limit=100)["list"]]


def test_allow_creates_a_record_and_switches_the_strategy_on(api, app):
    alice = api.create_user(username="alice")
    body = call(api, app, "allow", "USER", [alice["id"]], namespace=app["id"], inheritByChildren=False)
    assert body == {"code": 200, "message": "允许主体访问应用的策略配置已生效", "data": None}
    strategy = ok(api, "GET", "/api/v2/applications/" + app["id"])["permissionStrategy"]
    assert strategy["enabled"] is True and strategy["defaultStrategy"] == "ALLOW_ALL"
    assert strategy["allowPolicyId"] and strategy["denyPolicyId"] and strategy["allowPolicyId"] != strategy[
        "denyPolicyId"]

    page = records(api, app)
    assert page["totalCount"] == 1
    record = page["list"][0]
    assert (record["targetType"], record["targetIdentifier"], record["namespace"]) == ("USER", alice["id"], app["id"])
    assert (record["enabled"], record["inheritByChildren"]) == (True, False)
    assert re.match(r"^ApplicationLoginAccess:[A-Za-z0-9]{8}$", record["code"])
    assert record["policyId"] == strategy["allowPolicyId"] == record["policy"]["id"]
    assert REST_TIMESTAMP.match(record["assignedAt"])
    policy = record["policy"]
    assert (policy["isDefault"], policy["isAuto"], policy["hidden"], policy["code"]) == (True, False, True,
                                                                                         record["code"])
    assert policy["description"] == "允许登录应用 " + app["id"]
    assert policy["statements"] == [{
        "resource": "arn:cn:authing:%s:application:%s" % (api.emulator.userpool_id, app["id"]),
        "actions": ["application:login"], "effect": "ALLOW", "condition": [], "resourceType": None}]
    assert record["target"]["id"] == alice["id"] and record["target"]["username"] == "alice"


def test_deny_after_allow_switches_the_single_record(api, app):
    alice, bob = api.create_user(username="alice"), api.create_user(username="bob")
    call(api, app, "allow", "USER", [alice["id"], bob["id"]])
    assert [item[1] for item in summary(api, app)] == [bob["id"], alice["id"]]  # newest first
    body = call(api, app, "deny", "USER", [alice["id"]])
    assert body["code"] == 200 and body["message"] == "拒绝主体访问应用的策略配置已生效"
    assert summary(api, app) == [("USER", alice["id"], "DENY", True), ("USER", bob["id"], "ALLOW", True)]
    denied = records(api, app)["list"][0]
    strategy = ok(api, "GET", "/api/v2/applications/" + app["id"])["permissionStrategy"]
    assert denied["policyId"] == strategy["denyPolicyId"] and denied["code"].startswith("ApplicationLoginDeny:")
    assert denied["policy"]["description"] == "拒绝登录应用 " + app["id"]
    call(api, app, "allow", "USER", [alice["id"]])
    call(api, app, "allow", "USER", [alice["id"]])  # repeating is a no-op
    assert sorted(summary(api, app)) == sorted([("USER", alice["id"], "ALLOW", True),
                                                ("USER", bob["id"], "ALLOW", True)])


def test_enable_disable_and_revoke(api, app):
    alice, bob = api.create_user(username="alice"), api.create_user(username="bob")
    call(api, app, "allow", "USER", [alice["id"], bob["id"]])
    body = call(api, app, "disable-effect", "USER", [alice["id"], MISSING])
    assert body == {"code": 200, "message": "停用应用访问控制策略成功", "data": None}
    assert dict((item[1], item[3]) for item in summary(api, app)) == {alice["id"]: False, bob["id"]: True}
    assert call(api, app, "enable-effect", "USER", [alice["id"]])["message"] == "启用应用访问控制策略成功"
    assert all(item[3] for item in summary(api, app))
    body = call(api, app, "revoke", "USER", [alice["id"], MISSING])
    assert body == {"code": 200, "message": "删除应用访问控制策略成功", "data": None}
    assert summary(api, app) == [("USER", bob["id"], "ALLOW", True)]
    call(api, app, "revoke", "USER", [alice["id"]])  # revoking again is fine
    assert len(summary(api, app)) == 1


def test_disable_keeps_a_record_disabled_when_it_is_allowed_again(api, app):
    alice = api.create_user(username="alice")
    call(api, app, "allow", "USER", [alice["id"]])
    call(api, app, "disable-effect", "USER", [alice["id"]])
    call(api, app, "allow", "USER", [alice["id"]], inheritByChildren=True)
    record = records(api, app)["list"][0]
    assert (record["enabled"], record["inheritByChildren"]) == (False, True)


def test_targets_must_exist_and_writes_are_all_or_nothing(api, app):
    alice = api.create_user(username="alice")
    api.create_group("dev")
    create_role(api, "admin", namespace=app["id"])
    assert call(api, app, "allow", "USER", [alice["id"], MISSING])["code"] == 2004
    assert call(api, app, "allow", "GROUP", ["dev", "nope"])["code"] == 2051
    assert call(api, app, "allow", "ROLE", ["admin"])["code"] == 2061  # namespace defaults to "default"
    assert call(api, app, "deny", "ROLE", ["admin", "nope"], namespace=app["id"])["code"] == 2061
    assert call(api, app, "allow", "ROLE", ["admin"], namespace="no-such-namespace")["code"] == 2011
    assert records(api, app)["totalCount"] == 0
    assert ok(api, "GET", "/api/v2/applications/" + app["id"])["permissionStrategy"]["enabled"] is False


@pytest.mark.parametrize("body, code", [
    ({"targetIdentifiers": ["x"]}, 2231),
    ({"targetType": "USER"}, 2231),
    ({"targetType": "USER", "targetIdentifiers": []}, 2231),
    ({"targetType": "AK_SK", "targetIdentifiers": ["x"]}, 400),
    ({"targetType": "USER", "targetIdentifiers": "x"}, 400),
    ({"targetType": "ORG", "targetIdentifiers": ["x"], "inheritByChildren": "yes"}, 400),
])
def test_bodies_are_validated(api, app, body, code):
    for action in ("allow", "deny", "enable-effect", "disable-effect", "revoke"):
        assert code_of(api, "POST", "/api/v2/applications/%s/authorization/%s" % (app["id"], action),
                       json=body) == code


def test_group_role_and_org_records(api, app):
    api.create_group("dev", "Developers")
    create_role(api, "admin", namespace=app["id"], description="Admins")
    create_role(api, "admin")  # same code in "default": a different target
    call(api, app, "allow", "GROUP", ["dev"])
    call(api, app, "deny", "ROLE", ["admin"], namespace=app["id"])
    call(api, app, "allow", "ROLE", ["admin"], namespace="default")
    org_id = api.data("mutation { createOrg(name: \"Acme\", code: \"acme\") { id } }")["createOrg"]["id"]
    node_id = api.data("mutation($org: String!) { addNodeV2(orgId: $org, name: \"Dev\", code: \"dev\") { id } }",
                       {"org": org_id})["addNodeV2"]["id"]
    assert code_of(api, "POST", "/api/v2/applications/%s/authorization/allow" % app["id"],
                   json={"targetType": "ORG", "targetIdentifiers": ["6142e08f64d5a8873598e9fb"]}) == 2401
    call(api, app, "allow", "ORG", [node_id], inheritByChildren=True)
    listed = records(api, app)["list"]
    assert [(item["targetType"], item["targetIdentifier"]) for item in listed] == [
        ("ORG", node_id), ("ROLE", "admin"), ("ROLE", "admin"), ("GROUP", "dev")]
    org, default_role, app_role, group = listed
    assert org["inheritByChildren"] is True
    assert (org["target"]["id"], org["target"]["orgId"], org["target"]["code"]) == (node_id, org_id, "dev")
    assert (app_role["targetNamespace"], app_role["target"]["description"]) == (app["id"], "Admins")
    assert app_role["policy"]["statements"][0]["effect"] == "DENY"
    assert default_role["targetNamespace"] == "default"
    assert (group["target"]["code"], group["target"]["name"]) == ("dev", "Developers")
    # disable only the application's role, not the default one
    call(api, app, "disable-effect", "ROLE", ["admin"], namespace=app["id"])
    assert [item["enabled"] for item in records(api, app)["list"]] == [True, True, False, True]


def test_records_follow_their_targets(api, app):
    alice = api.create_user(username="alice")
    api.create_group("dev")
    create_role(api, "admin", namespace=app["id"])
    call(api, app, "allow", "USER", [alice["id"]])
    call(api, app, "allow", "GROUP", ["dev"])
    call(api, app, "allow", "ROLE", ["admin"], namespace=app["id"])
    api.data("mutation { updateGroup(code: \"dev\", newCode: \"developers\") { code } }")
    api.data("mutation($ns: String) { updateRole(code: \"admin\", newCode: \"root\", namespace: $ns) { code } }",
             {"ns": app["id"]})
    assert sorted(item[1] for item in summary(api, app)) == sorted([alice["id"], "developers", "root"])
    call(api, app, "revoke", "GROUP", ["developers"])
    api.data("mutation($id: String!) { deleteUser(id: $id) { code } }", {"id": alice["id"]})
    api.data("mutation($ns: String) { deleteRole(code: \"root\", namespace: $ns) { code } }", {"ns": app["id"]})
    assert records(api, app) == {"totalCount": 0, "list": []}


def test_org_records_follow_their_nodes(api, app):
    org_id = api.data("mutation { createOrg(name: \"Acme\", code: \"acme\") { id } }")["createOrg"]["id"]
    add = "mutation($org: String!, $parent: String, $code: String!) { addNodeV2(orgId: $org, parentNodeId: $parent," \
          " name: $code, code: $code) { id } }"
    dev = api.data(add, {"org": org_id, "code": "dev"})["addNodeV2"]["id"]
    backend = api.data(add, {"org": org_id, "parent": dev, "code": "backend"})["addNodeV2"]["id"]
    ops = api.data(add, {"org": org_id, "code": "ops"})["addNodeV2"]["id"]
    call(api, app, "allow", "ORG", [dev, backend, ops])
    # deleting a node deletes its subtree, and the records of every node in it
    api.data("mutation($org: String!, $node: String!) { deleteNode(orgId: $org, nodeId: $node) { code } }",
             {"org": org_id, "node": dev})
    assert summary(api, app) == [("ORG", ops, "ALLOW", True)]
    api.data("mutation($id: String!) { deleteOrg(id: $id) { code } }", {"id": org_id})
    assert records(api, app) == {"totalCount": 0, "list": []}


def test_records_are_paged(api, app):
    users = [api.create_user(username="u%02d" % index) for index in range(12)]
    call(api, app, "allow", "USER", [user["id"] for user in users])
    page = records(api, app, page=2, limit=5)
    assert page["totalCount"] == 12
    assert [item["target"]["username"] for item in page["list"]] == ["u06", "u05", "u04", "u03", "u02"]
    assert len(records(api, app)["list"]) == 10
    assert code_of(api, "GET", "/api/v2/applications/%s/authorization/records" % app["id"],
                   params={"limit": 0}) == 400


def test_unknown_application_is_2011(api):
    alice = api.create_user(username="alice")
    for action in ("allow", "deny", "enable-effect", "disable-effect", "revoke"):
        assert code_of(api, "POST", "/api/v2/applications/%s/authorization/%s" % (MISSING, action),
                       json={"targetType": "USER", "targetIdentifiers": [alice["id"]]}) == 2011
    assert code_of(api, "GET", "/api/v2/applications/%s/authorization/records" % MISSING) == 2011


def test_default_strategy_is_independent_of_the_records(api, app):
    alice = api.create_user(username="alice")
    call(api, app, "deny", "USER", [alice["id"]])
    before = ok(api, "GET", "/api/v2/applications/" + app["id"])["permissionStrategy"]
    after = ok(api, "POST", "/api/v2/applications/" + app["id"],
               json={"permissionStrategy": {"defaultStrategy": "DENY_ALL"}})["permissionStrategy"]
    assert after == dict(before, defaultStrategy="DENY_ALL")
    assert summary(api, app) == [("USER", alice["id"], "DENY", True)]


def test_request_log_names(api, app):
    alice = api.create_user(username="alice")
    api.admin("DELETE", "requests")
    for action in ("allow", "deny", "enable-effect", "disable-effect", "revoke"):
        call(api, app, action, "USER", [alice["id"]])
    records(api, app)
    assert [(entry["operation"], entry["kind"]) for entry in api.requests_log()] == [
        ("authorization.allow", "write"), ("authorization.deny", "write"), ("authorization.enable", "write"),
        ("authorization.disable", "write"), ("authorization.revoke", "write"), ("authorization.records", "read")]
