"""Policies (GraphQL): createPolicy / updatePolicy / deletePolicy / deletePolicies / policy /
policies, and assignments (add / remove / enable / disable, policyAssignments, Policy.assignments)."""

from emulator_app_helpers import GRAPHQL_TIMESTAMP, create_app, create_role, graphql_error_code

POLICY = ("namespace code isDefault description statements { resource actions effect condition { param operator"
          " value } } createdAt updatedAt assignmentsCount")
CREATE = ("mutation($ns: String, $code: String!, $description: String, $statements: [PolicyStatementInput!]!) {"
          " createPolicy(namespace: $ns, code: $code, description: $description, statements: $statements)"
          " { %s } }" % POLICY)
UPDATE = ("mutation($ns: String, $code: String!, $description: String, $statements: [PolicyStatementInput!],"
          " $newCode: String) { updatePolicy(namespace: $ns, code: $code, description: $description,"
          " statements: $statements, newCode: $newCode) { %s } }" % POLICY)
ASSIGNMENTS = ("query($ns: String, $code: String, $t: PolicyAssignmentTargetType, $id: String, $page: Int,"
               " $limit: Int) { policyAssignments(namespace: $ns, code: $code, targetType: $t, targetIdentifier: $id,"
               " page: $page, limit: $limit) { totalCount list { code targetType targetIdentifier } } }")
STATEMENTS = [{"resource": "book:123", "actions": ["books:read"], "effect": "ALLOW"}]


def create(api, code, statements=None, namespace=None, description=None):
    return api.graphql(CREATE, {"ns": namespace, "code": code, "description": description,
                                "statements": STATEMENTS if statements is None else statements}).json()


def assign(api, mutation, policies, target_type, identifiers, namespace=None):
    return api.graphql(
        "mutation($p: [String!]!, $t: PolicyAssignmentTargetType!, $ids: [String!], $ns: String) {"
        " %s(policies: $p, targetType: $t, targetIdentifiers: $ids, namespace: $ns) { code message } }" % mutation,
        {"p": policies, "t": target_type, "ids": identifiers, "ns": namespace}).json()


def assignments(api, **variables):
    result = api.data(ASSIGNMENTS, variables)["policyAssignments"]
    return result["totalCount"], [(item["code"], item["targetType"], item["targetIdentifier"])
                                  for item in result["list"]]


def test_create_read_update_delete(api):
    created = create(api, "reader", description="Read books", statements=[
        {"resource": "book:123", "actions": ["books:read"]},
        {"resource": "book:*", "actions": ["books:delete"], "effect": "DENY",
         "condition": [{"param": "AppId", "operator": "StringEquals", "value": "x"}]}])["data"]["createPolicy"]
    assert (created["namespace"], created["code"], created["isDefault"], created["description"],
            created["assignmentsCount"]) == ("default", "reader", False, "Read books", 0)
    assert created["statements"] == [
        {"resource": "book:123", "actions": ["books:read"], "effect": "ALLOW", "condition": []},
        {"resource": "book:*", "actions": ["books:delete"], "effect": "DENY",
         "condition": [{"param": "AppId", "operator": "StringEquals", "value": "x"}]}]
    assert GRAPHQL_TIMESTAMP.match(created["createdAt"])
    assert graphql_error_code(create(api, "reader")) == 2090
    detail = api.data("query($code: String!) { policy(code: $code) { %s } }" % POLICY, {"code": "reader"})["policy"]
    assert detail == created
    assert api.data("{ policy(code: \"nope\") { code } }")["policy"] is None

    kept = api.data(UPDATE, {"code": "reader", "description": None, "statements": None})["updatePolicy"]
    assert (kept["description"], kept["statements"]) == ("Read books", created["statements"])
    renamed = api.data(UPDATE, {"code": "reader", "newCode": "books-reader", "statements": STATEMENTS}
                       )["updatePolicy"]
    assert renamed["code"] == "books-reader"
    assert renamed["statements"] == [dict(STATEMENTS[0], condition=[])]
    assert graphql_error_code(api.graphql(UPDATE, {"code": "reader"}).json()) == 2091
    create(api, "other")
    assert graphql_error_code(api.graphql(UPDATE, {"code": "other", "newCode": "books-reader"}).json()) == 2090

    listed = api.data("{ policies(page: 1, limit: 1) { totalCount list { code } } }")["policies"]
    assert listed == {"totalCount": 2, "list": [{"code": "books-reader"}]}
    body = api.graphql("mutation { deletePolicies(codeList: [\"other\", \"nope\"]) { code } }").json()
    assert graphql_error_code(body) == 2091
    assert api.data("mutation { deletePolicies(codeList: [\"other\"]) { code } }")["deletePolicies"]["code"] == 200
    assert api.data("mutation { deletePolicy(code: \"books-reader\") { code } }")["deletePolicy"]["code"] == 200
    assert graphql_error_code(api.graphql("mutation { deletePolicy(code: \"books-reader\") { code } }").json()) == 2091
    assert api.data("{ policies { totalCount } }")["policies"] == {"totalCount": 0}


def test_namespaces(api):
    app = create_app(api, "intranet")
    create(api, "reader")
    assert "errors" not in create(api, "reader", namespace=app["id"])  # same code, other namespace
    assert graphql_error_code(create(api, "reader", namespace="nope")) == 2011
    listed = api.data("query($ns: String) { policies(namespace: $ns) { list { namespace code } } }",
                      {"ns": app["id"]})["policies"]
    assert listed == {"list": [{"namespace": app["id"], "code": "reader"}]}


def test_assignments(api):
    alice, bob = api.create_user(username="alice"), api.create_user(username="bob")
    create_role(api, "admin")
    api.create_group("dev")
    org = api.data("mutation { createOrg(name: \"Acme\") { rootNode { id } } }")["createOrg"]
    node_id = org["rootNode"]["id"]
    create(api, "reader")
    create(api, "writer")
    body = assign(api, "addPolicyAssignments", ["reader", "writer"], "USER", [alice["id"]])
    assert body == {"data": {"addPolicyAssignments": {"code": 200, "message": "授权成功"}}}
    assign(api, "addPolicyAssignments", ["reader"], "USER", [alice["id"], bob["id"]])  # alice twice: no change
    assign(api, "addPolicyAssignments", ["reader"], "ROLE", ["admin"])
    assign(api, "addPolicyAssignments", ["reader"], "GROUP", ["dev"])
    assign(api, "addPolicyAssignments", ["reader"], "ORG", [node_id])
    for policies, target_type, identifiers, code in [
        (["reader"], "USER", ["ffffffffffffffffffffffff"], 2004), (["reader"], "ROLE", ["nope"], 2061),
        (["reader"], "GROUP", ["nope"], 2051), (["reader"], "ORG", ["nope"], 2401),
        (["reader", "nope"], "USER", [alice["id"]], 2091), (["reader"], "AK_SK", ["x"], 400),
        (["reader"], "USER", [], 2231),
    ]:
        body = assign(api, "addPolicyAssignments", policies, target_type, identifiers)
        assert graphql_error_code(body) == code, (policies, target_type, body)

    assert assignments(api, t="USER", id=alice["id"]) == (2, [("reader", "USER", alice["id"]),
                                                              ("writer", "USER", alice["id"])])
    assert assignments(api, code="reader") == (5, [
        ("reader", "USER", alice["id"]), ("reader", "USER", bob["id"]), ("reader", "ROLE", "admin"),
        ("reader", "GROUP", "dev"), ("reader", "ORG", node_id)])
    assert assignments(api, code="reader", page=2, limit=2)[1] == [("reader", "ROLE", "admin"),
                                                                   ("reader", "GROUP", "dev")]
    assert assignments(api, ns="nope") == (0, [])
    counted = api.data("{ policy(code: \"reader\") { assignmentsCount assignments(page: 1, limit: 1) {"
                       " targetType } } }")["policy"]
    assert counted == {"assignmentsCount": 5, "assignments": [{"targetType": "USER"}]}

    toggle = ("mutation($p: String!, $t: PolicyAssignmentTargetType!, $id: String!) { %s(policy: $p, targetType: $t,"
              " targetIdentifier: $id) { code } }")
    assert api.data(toggle % "disbalePolicyAssignment", {"p": "reader", "t": "USER", "id": alice["id"]}
                    )["disbalePolicyAssignment"] == {"code": 200}
    assert api.data(toggle % "enablePolicyAssignment", {"p": "reader", "t": "USER", "id": alice["id"]}
                    )["enablePolicyAssignment"] == {"code": 200}

    body = assign(api, "removePolicyAssignments", ["reader", "writer"], "USER", [alice["id"]])
    assert body["data"]["removePolicyAssignments"] == {"code": 200, "message": "取消授权成功"}
    assert assignments(api, t="USER", id=alice["id"]) == (0, [])
    # assignments follow their targets and their policy
    api.data("mutation { updateRole(code: \"admin\", newCode: \"root\") { code } }")
    api.data("mutation($id: String!) { deleteUser(id: $id) { code } }", {"id": bob["id"]})
    assert assignments(api, code="reader")[1] == [("reader", "ROLE", "root"), ("reader", "GROUP", "dev"),
                                                  ("reader", "ORG", node_id)]
    api.data("mutation { deletePolicy(code: \"reader\") { code } }")
    assert assignments(api) == (0, [])
