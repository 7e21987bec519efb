"""Resource permissions (GraphQL authorizeResource, REST /api/v2/acl/revoke-resource,
authorizedResources, authorizedTargets and the User/Role/Group/Node.authorizedResources relations)."""

import pytest

from emulator_app_helpers import create_app, create_resource, create_role, graphql_error_code, rest

AUTHORIZE = ("mutation($ns: String, $resource: String, $type: ResourceType, $opts: [AuthorizeResourceOpt]) {"
             " authorizeResource(namespace: $ns, resource: $resource, resourceType: $type, opts: $opts)"
             " { code message } }")
RESOURCES = ("query($t: PolicyAssignmentTargetType, $id: String, $ns: String, $type: String) {"
             " authorizedResources(targetType: $t, targetIdentifier: $id, namespace: $ns, resourceType: $type)"
             " { totalCount list { code type actions apiIdentifier } } }")
TARGETS = ("query($ns: String!, $type: ResourceType!, $resource: String!, $t: PolicyAssignmentTargetType,"
           " $actions: AuthorizedTargetsActionsInput) { authorizedTargets(namespace: $ns, resourceType: $type,"
           " resource: $resource, targetType: $t, actions: $actions) { totalCount list { targetType targetIdentifier"
           " actions } } }")


def authorize(api, resource, opts, namespace="default", resource_type=None):
    return api.graphql(AUTHORIZE, {"ns": namespace, "resource": resource, "type": resource_type, "opts": opts}).json()


def granted(api, target_type, identifier, namespace="default", resource_type=None):
    result = api.data(RESOURCES, {"t": target_type, "id": identifier, "ns": namespace, "type": resource_type}
                      )["authorizedResources"]
    assert result["totalCount"] == len(result["list"])
    return {item["code"]: item["actions"] for item in result["list"]}


def revoke(api, resource, opts, namespace="default"):
    return rest(api, "POST", "/api/v2/acl/revoke-resource", json={"namespace": namespace, "resource": resource,
                                                                  "opts": opts})


def opt(target_type, identifier, *actions):
    return {"targetType": target_type, "targetIdentifier": identifier, "actions": list(actions)}


@pytest.fixture
def alice(api):
    return api.create_user(username="alice")


def create_org(api):
    return api.data("mutation { createOrg(name: \"Acme\", code: \"acme\") { id rootNode { id } } }")["createOrg"]


def test_authorize_list_and_replace(api, alice):
    create_resource(api, "default", "books", actions=(("books:read", "Read"), ("books:edit", "Edit")),
                    apiIdentifier="https://api.example.com/books")
    body = authorize(api, "books:1", [opt("USER", alice["id"], "books:read", "books:edit")])
    assert body == {"data": {"authorizeResource": {"code": 200, "message": "授权成功"}}}
    # neither the resource nor the actions need to exist (as on the live service)
    authorize(api, "menu_a", [opt("USER", alice["id"])], resource_type="MENU")
    listed = api.data(RESOURCES, {"t": "USER", "id": alice["id"], "ns": "default"})["authorizedResources"]
    assert listed == {"totalCount": 2, "list": [
        {"code": "books:1", "type": "DATA", "actions": ["books:read", "books:edit"],
         "apiIdentifier": "https://api.example.com/books"},
        {"code": "menu_a", "type": "MENU", "actions": [], "apiIdentifier": None}]}
    assert granted(api, "USER", alice["id"], resource_type="MENU") == {"menu_a": []}
    # granting again replaces the actions
    authorize(api, "books:1", [opt("USER", alice["id"], "books:read")])
    assert granted(api, "USER", alice["id"])["books:1"] == ["books:read"]


@pytest.mark.parametrize("opts, code", [
    ([opt("USER", "ffffffffffffffffffffffff", "a:b")], 2004),
    ([opt("GROUP", "nogroup")], 2051),
    ([opt("ROLE", "norole")], 2061),
    ([opt("ORG", "ffffffffffffffffffffffff")], 2401),
    ([{"targetType": "AK_SK", "targetIdentifier": "x"}], 400),
])
def test_targets_must_exist(api, alice, opts, code):
    body = authorize(api, "books", [opt("USER", alice["id"], "books:read")] + opts)
    assert graphql_error_code(body) == code and body["data"] is None
    assert granted(api, "USER", alice["id"]) == {}  # all-or-nothing


def test_unknown_namespace_and_missing_resource(api, alice):
    assert graphql_error_code(authorize(api, "books", [opt("USER", alice["id"])], namespace="nope")) == 2011
    assert graphql_error_code(authorize(api, "", [opt("USER", alice["id"])])) == 2231
    assert graphql_error_code(authorize(api, "books", [])) == 2231


def test_revoke(api, alice):
    bob = api.create_user(username="bob")
    authorize(api, "books", [opt("USER", alice["id"], "books:read"), opt("USER", bob["id"], "books:read")])
    authorize(api, "books:1", [opt("USER", alice["id"], "books:read", "books:edit")])
    authorize(api, "orders", [opt("USER", alice["id"], "orders:read")])
    # revoking an instance leaves the kind
    assert revoke(api, "books:2", [opt("USER", alice["id"])])["code"] == 200
    assert set(granted(api, "USER", alice["id"])) == {"books", "books:1", "orders"}
    # revoking some actions only
    revoke(api, "books:1", [opt("USER", alice["id"], "books:edit")])
    assert granted(api, "USER", alice["id"])["books:1"] == ["books:read"]
    # revoking the kind takes its instances, for that target only
    envelope = revoke(api, "books", [{"targetType": "USER", "targetIdentifier": alice["id"]}])
    assert envelope["code"] == 200 and envelope["data"] is None
    assert granted(api, "USER", alice["id"]) == {"orders": ["orders:read"]}
    assert granted(api, "USER", bob["id"]) == {"books": ["books:read"]}
    assert revoke(api, "books", [opt("USER", "ffffffffffffffffffffffff")])["code"] == 2004
    assert revoke(api, "books", [opt("USER", bob["id"])], namespace="nope")["code"] == 2011


def test_grants_follow_their_targets_and_resources(api, alice):
    app = create_app(api, "intranet")
    create_role(api, "admin", namespace=app["id"])
    create_resource(api, app["id"], "reports", actions=(("reports:read", "Read"),))
    api.create_group("dev")
    org = create_org(api)
    node_id = org["rootNode"]["id"]
    authorize(api, "reports", [opt("ROLE", "admin", "reports:read")], namespace=app["id"])
    authorize(api, "reports:7", [opt("GROUP", "dev", "reports:read")], namespace=app["id"])
    authorize(api, "other", [opt("ORG", node_id, "other:read")], namespace=app["id"])
    assert granted(api, "ROLE", "admin", namespace=app["id"]) == {"reports": ["reports:read"]}
    # a ROLE target is a role code of the grant's namespace
    assert graphql_error_code(authorize(api, "reports", [opt("ROLE", "admin")])) == 2061
    # renaming the group keeps its grants
    api.data("mutation { updateGroup(code: \"dev\", newCode: \"eng\") { code } }")
    assert granted(api, "GROUP", "eng", namespace=app["id"]) == {"reports:7": ["reports:read"]}
    # deleting the resource takes the grants of it and of its instances, not others
    rest(api, "DELETE", "/api/v2/resources/reports", params={"namespace": app["id"]})
    assert granted(api, "ROLE", "admin", namespace=app["id"]) == {}
    assert granted(api, "GROUP", "eng", namespace=app["id"]) == {}
    assert granted(api, "ORG", node_id, namespace=app["id"]) == {"other": ["other:read"]}
    api.data("mutation($id: String!) { deleteOrg(id: $id) { code } }", {"id": org["id"]})
    authorize(api, "x", [opt("USER", alice["id"], "x:y")])
    api.data("mutation($id: String!) { deleteUser(id: $id) { code } }", {"id": alice["id"]})
    assert api.data(TARGETS, {"ns": app["id"], "type": "DATA", "resource": "other"})["authorizedTargets"] == \
        {"totalCount": 0, "list": []}
    assert api.data(TARGETS, {"ns": "default", "type": "DATA", "resource": "x"})["authorizedTargets"]["totalCount"] == 0


def test_authorized_targets(api, alice):
    bob = api.create_user(username="bob")
    api.create_group("dev")
    authorize(api, "books", [opt("USER", alice["id"], "books:read", "books:edit"), opt("USER", bob["id"], "books:read"),
                             opt("GROUP", "dev", "books:delete")], resource_type="DATA")

    def targets(**variables):
        result = api.data(TARGETS, dict({"ns": "default", "type": "DATA", "resource": "books"}, **variables)
                          )["authorizedTargets"]
        assert result["totalCount"] == len(result["list"])
        return [(item["targetType"], item["targetIdentifier"]) for item in result["list"]]

    assert targets() == [("USER", alice["id"]), ("USER", bob["id"]), ("GROUP", "dev")]
    assert targets(t="GROUP") == [("GROUP", "dev")]
    either = targets(actions={"op": "OR", "list": ["books:edit", "books:delete"]})
    assert either == [("USER", alice["id"]), ("GROUP", "dev")]
    assert targets(actions={"op": "AND", "list": ["books:read", "books:edit"]}) == [("USER", alice["id"])]
    assert targets(type="MENU") == []
    assert targets(resource="books:1") == []


def test_relations(api, alice):
    app = create_app(api, "intranet")
    create_role(api, "viewer")
    create_role(api, "viewer", namespace=app["id"])
    api.create_group("dev")
    org = create_org(api)
    dept = api.data("mutation($org: String!) { addNodeV2(orgId: $org, name: \"Dev\", code: \"dev\") { id } }",
                    {"org": org["id"]})["addNodeV2"]["id"]
    api.data("mutation($ids: [String!]!) { assignRole(roleCodes: [\"viewer\"], userIds: $ids) { code } }",
             {"ids": [alice["id"]]})
    api.data("mutation($ids: [String!]!) { addUserToGroup(code: \"dev\", userIds: $ids) { code } }",
             {"ids": [alice["id"]]})
    api.data("mutation($ids: [String!]!, $n: String) { addMember(nodeId: $n, userIds: $ids) { id } }",
             {"ids": [alice["id"]], "n": dept})
    authorize(api, "books", [opt("USER", alice["id"], "books:read")])
    authorize(api, "books", [opt("ROLE", "viewer", "books:list")])
    authorize(api, "books", [opt("ROLE", "viewer", "books:app")], namespace=app["id"])  # not alice's role
    authorize(api, "menu", [opt("GROUP", "dev")], resource_type="MENU")
    authorize(api, "wiki", [opt("ORG", org["rootNode"]["id"], "wiki:read")])  # the department's parent
    authorize(api, "wiki", [opt("ORG", dept, "wiki:edit")], namespace=app["id"])

    user = api.data("query($id: String, $ns: String) { user(id: $id) { authorizedResources(namespace: $ns)"
                    " { totalCount list { code actions } } } }", {"id": alice["id"], "ns": "default"}
                    )["user"]["authorizedResources"]
    assert user == {"totalCount": 3, "list": [{"code": "books", "actions": ["books:read", "books:list"]},
                                              {"code": "menu", "actions": []},
                                              {"code": "wiki", "actions": ["wiki:read"]}]}
    everywhere = api.data("query($id: String) { user(id: $id) { authorizedResources { totalCount } } }",
                          {"id": alice["id"]})["user"]["authorizedResources"]
    assert everywhere == {"totalCount": 4}  # + wiki in the application's namespace
    role = api.data("{ role(code: \"viewer\") { authorizedResources { list { code actions } } } }")
    assert role["role"]["authorizedResources"]["list"] == [{"code": "books", "actions": ["books:list"]}]
    group = api.data("{ group(code: \"dev\") { authorizedResources(resourceType: \"MENU\") { totalCount } } }")
    assert group["group"]["authorizedResources"] == {"totalCount": 1}
    node = api.data("query($id: String!) { nodeById(id: $id) { a: authorizedResources { totalCount }"
                    " b: authorizedResources(namespace: \"default\") { totalCount } } }", {"id": dept})["nodeById"]
    assert (node["a"], node["b"]) == ({"totalCount": 1}, {"totalCount": 0})
    # the root query lists only the target's own grants
    assert granted(api, "USER", alice["id"]) == {"books": ["books:read"]}
