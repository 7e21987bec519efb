"""Organisations (GraphQL): createOrg / addNode / updateNode / moveNode / deleteNode / deleteOrg,
node codes unique per organisation, subtree deletion, members, departments, node roles and
REST GET /api/v2/users/{id}/orgs."""

from emulator_app_helpers import GRAPHQL_TIMESTAMP, OBJECT_ID, create_role, graphql_error_code, ok

NODE = "id orgId name nameI18n description descriptionI18n order code root depth path codePath namePath" \
       " createdAt updatedAt children"
ORG = "id rootNode { %s } nodes { %s }" % (NODE, NODE)


def create_org(api, name, code=None, description=None):
    return api.data("mutation($name: String!, $code: String, $description: String) {"
                    " createOrg(name: $name, code: $code, description: $description) { %s } }" % ORG,
                    {"name": name, "code": code, "description": description})["createOrg"]


def add_node(api, org_id, name, parent=None, code=None, order=None):
    return api.graphql("mutation($orgId: String!, $parent: String, $name: String!, $code: String, $order: Int) {"
                       " addNodeV2(orgId: $orgId, parentNodeId: $parent, name: $name, code: $code, order: $order)"
                       " { %s } }" % NODE, {"orgId": org_id, "parent": parent, "name": name, "code": code,
                                            "order": order}).json()


def node(api, org_id, name, parent=None, code=None, order=None):
    body = add_node(api, org_id, name, parent, code, order)
    assert "errors" not in body, body
    return body["data"]["addNodeV2"]


def get_org(api, org_id):
    return api.data("query($id: String!) { org(id: $id) { %s } }" % ORG, {"id": org_id})["org"]


def node_by_id(api, node_id):
    return api.data("query($id: String!) { nodeById(id: $id) { %s } }" % NODE, {"id": node_id})["nodeById"]


def members(api, node_id, include_children=None):
    result = api.data("query($id: String!, $inc: Boolean) { nodeById(id: $id) { users(includeChildrenNodes: $inc)"
                      " { totalCount list { username } } } }", {"id": node_id, "inc": include_children}
                      )["nodeById"]["users"]
    assert result["totalCount"] == len(result["list"])
    return [user["username"] for user in result["list"]]


def member_call(api, mutation, node_id, user_ids):
    return api.graphql("mutation($nodeId: String, $userIds: [String!]!) { %s(nodeId: $nodeId, userIds: $userIds)"
                       " { id users { totalCount } } }" % mutation, {"nodeId": node_id, "userIds": user_ids}).json()


def test_create_org_and_nodes(api):
    org = create_org(api, "Acme", code="acme", description="The company")
    root = org["rootNode"]
    assert OBJECT_ID.match(org["id"]) and OBJECT_ID.match(root["id"]) and org["id"] != root["id"]
    assert (root["orgId"], root["name"], root["code"], root["description"], root["root"], root["depth"]) == \
        (org["id"], "Acme", "acme", "The company", True, 0)
    assert root["path"] == [root["id"]] and root["codePath"] == ["acme"] and root["children"] == []
    assert GRAPHQL_TIMESTAMP.match(root["createdAt"]) and org["nodes"] == [root]

    dev = node(api, org["id"], "Dev", code="dev")
    assert (dev["root"], dev["depth"], dev["path"]) == (False, 1, [root["id"], dev["id"]])
    assert dev["namePath"] == ["Acme", "Dev"]
    backend = node(api, org["id"], "Backend", parent=dev["id"], code="backend")
    assert backend["codePath"] == ["acme", "dev", "backend"] and backend["depth"] == 2
    # addNode answers the whole organisation; parentNodeId null means under the root
    whole = api.data("mutation($orgId: String!) { addNode(orgId: $orgId, name: \"Ops\", code: \"ops\", order: 1)"
                     " { %s } }" % ORG, {"orgId": org["id"]})["addNode"]
    assert whole["id"] == org["id"]
    ops = [item for item in whole["nodes"] if item["code"] == "ops"][0]
    # siblings in `order` (nodes without one last), pre-order listing
    assert whole["rootNode"]["children"] == [ops["id"], dev["id"]]
    assert [item["code"] for item in whole["nodes"]] == ["acme", "ops", "dev", "backend"]
    assert get_org(api, org["id"]) == whole


def test_node_codes_are_unique_per_org(api):
    acme, other = create_org(api, "Acme", code="acme"), create_org(api, "Other", code="other")
    node(api, acme["id"], "Dev", code="dev")
    assert graphql_error_code(add_node(api, acme["id"], "Dev again", code="dev")) == 2402
    assert graphql_error_code(add_node(api, acme["id"], "Root code", code="acme")) == 2402
    node(api, other["id"], "Dev", code="dev")  # same code, other organisation
    body = api.graphql("mutation { createOrg(name: \"X\", code: \"acme\") { id } }").json()
    assert graphql_error_code(body) == 2402 and body["data"] is None
    assert graphql_error_code(add_node(api, "ffffffffffffffffffffffff", "X")) == 2400
    # a parent of another organisation is unknown here
    assert graphql_error_code(add_node(api, acme["id"], "X", parent=other["rootNode"]["id"])) == 2401
    assert len(api.data("{ orgs { totalCount list { id } } }")["orgs"]["list"]) == 2


def test_update_node(api):
    org = create_org(api, "Acme", code="acme")
    dev = node(api, org["id"], "Dev", code="dev")
    node(api, org["id"], "Ops", code="ops")
    update = ("mutation($id: String!, $name: String, $code: String, $description: String) {"
              " updateNode(id: $id, name: $name, code: $code, description: $description) { %s } }" % NODE)
    updated = api.data(update, {"id": dev["id"], "name": None, "code": None, "description": "Developers"})["updateNode"]
    assert (updated["name"], updated["code"], updated["description"]) == ("Dev", "dev", "Developers")
    renamed = api.data(update, {"id": dev["id"], "name": "Engineering", "code": "eng"})["updateNode"]
    assert (renamed["name"], renamed["code"], renamed["description"]) == ("Engineering", "eng", "Developers")
    assert graphql_error_code(api.graphql(update, {"id": dev["id"], "code": "ops"}).json()) == 2402
    assert graphql_error_code(api.graphql(update, {"id": "ffffffffffffffffffffffff", "name": "x"}).json()) == 2401
    by_code = api.data("query($orgId: String!) { nodeByCode(orgId: $orgId, code: \"eng\") { id } }",
                       {"orgId": org["id"]})["nodeByCode"]
    assert by_code == {"id": dev["id"]}
    assert api.data("query($orgId: String!) { nodeByCode(orgId: $orgId, code: \"dev\") { id } }",
                    {"orgId": org["id"]})["nodeByCode"] is None


def test_move_node(api):
    org = create_org(api, "Acme", code="acme")
    dev = node(api, org["id"], "Dev", code="dev")
    backend = node(api, org["id"], "Backend", parent=dev["id"], code="backend")
    ops = node(api, org["id"], "Ops", code="ops")
    move = "mutation($org: String!, $node: String!, $to: String!) { moveNode(orgId: $org, nodeId: $node," \
           " targetParentId: $to) { %s } }" % ORG
    for node_id, target in ((dev["id"], backend["id"]), (dev["id"], dev["id"]),
                            (org["rootNode"]["id"], ops["id"])):
        body = api.graphql(move, {"org": org["id"], "node": node_id, "to": target}).json()
        assert graphql_error_code(body) == 2403, body
    moved = api.data(move, {"org": org["id"], "node": dev["id"], "to": ops["id"]})["moveNode"]
    assert moved["rootNode"]["children"] == [ops["id"]]
    assert node_by_id(api, backend["id"])["codePath"] == ["acme", "ops", "dev", "backend"]
    assert node_by_id(api, ops["id"])["children"] == [dev["id"]]


def test_delete_node_removes_its_subtree_and_memberships(api):
    alice, bob = api.create_user(username="alice"), api.create_user(username="bob")
    org = create_org(api, "Acme", code="acme")
    dev = node(api, org["id"], "Dev", code="dev")
    backend = node(api, org["id"], "Backend", parent=dev["id"], code="backend")
    ops = node(api, org["id"], "Ops", code="ops")
    assert "errors" not in member_call(api, "addMember", backend["id"], [alice["id"]])
    assert "errors" not in member_call(api, "addMember", ops["id"], [bob["id"]])
    delete = "mutation($org: String!, $node: String!) { deleteNode(orgId: $org, nodeId: $node) { code message } }"
    body = api.graphql(delete, {"org": org["id"], "node": org["rootNode"]["id"]}).json()
    assert graphql_error_code(body) == 2404
    assert api.data(delete, {"org": org["id"], "node": dev["id"]})["deleteNode"]["code"] == 200
    assert node_by_id(api, dev["id"]) is None and node_by_id(api, backend["id"]) is None
    assert [item["code"] for item in get_org(api, org["id"])["nodes"]] == ["acme", "ops"]
    departments = api.data("query($id: String) { user(id: $id) { departments { totalCount } } }",
                           {"id": alice["id"]})["user"]["departments"]
    assert departments == {"totalCount": 0}
    # the code is free again
    node(api, org["id"], "Dev", code="dev")
    assert graphql_error_code(api.graphql(delete, {"org": org["id"], "node": dev["id"]}).json()) == 2401
    assert api.data("mutation($id: String!) { deleteOrg(id: $id) { code } }", {"id": org["id"]})["deleteOrg"] == \
        {"code": 200}
    assert graphql_error_code(api.graphql("query($id: String!) { org(id: $id) { id } }", {"id": org["id"]}).json()) \
        == 2400
    assert node_by_id(api, ops["id"]) is None


def test_members_and_departments(api):
    alice, bob = api.create_user(username="alice"), api.create_user(username="bob")
    org = create_org(api, "Acme", code="acme")
    dev = node(api, org["id"], "Dev", code="dev")
    backend = node(api, org["id"], "Backend", parent=dev["id"], code="backend")
    body = member_call(api, "addMember", dev["id"], [bob["id"], alice["id"]])
    assert body["data"]["addMember"] == {"id": dev["id"], "users": {"totalCount": 2}}
    assert member_call(api, "addMember", dev["id"], [bob["id"]])["data"]["addMember"]["users"]["totalCount"] == 2
    assert graphql_error_code(member_call(api, "addMember", backend["id"], [alice["id"], "nope"])) == 2004
    assert members(api, backend["id"]) == []  # all-or-nothing
    by_code = api.data("mutation($org: String, $ids: [String!]!) { addMember(orgId: $org, nodeCode: \"backend\","
                       " userIds: $ids) { id } }", {"org": org["id"], "ids": [alice["id"]]})["addMember"]
    assert by_code == {"id": backend["id"]}
    assert members(api, dev["id"]) == ["bob", "alice"]
    assert members(api, dev["id"], include_children=True) == ["alice", "bob"]
    assert member_call(api, "removeMember", dev["id"], [alice["id"]])["data"]["removeMember"]["users"] == \
        {"totalCount": 1}
    main = api.data("mutation($u: String!, $d: String) { setMainDepartment(userId: $u, departmentId: $d) { code } }",
                    {"u": alice["id"], "d": backend["id"]})
    assert main == {"setMainDepartment": {"code": 200}}
    departments = api.data(
        "query($id: String, $org: String) { user(id: $id) { departments(orgId: $org) { totalCount list {"
        " department { id code } isMainDepartment joinedAt } } } }", {"id": alice["id"], "org": org["id"]}
    )["user"]["departments"]
    assert departments["totalCount"] == 1
    assert departments["list"][0]["department"] == {"id": backend["id"], "code": "backend"}
    assert departments["list"][0]["isMainDepartment"] is True
    assert GRAPHQL_TIMESTAMP.match(departments["list"][0]["joinedAt"])
    moved = api.data("mutation($ids: [String!]!, $s: String!, $t: String!) { moveMembers(userIds: $ids,"
                     " sourceNodeId: $s, targetNodeId: $t) { code } }",
                     {"ids": [bob["id"]], "s": dev["id"], "t": backend["id"]})
    assert moved == {"moveMembers": {"code": 200}}
    assert members(api, dev["id"]) == [] and members(api, backend["id"]) == ["alice", "bob"]

    orgs = ok(api, "GET", "/api/v2/users/%s/orgs" % alice["id"])
    assert len(orgs) == 1
    assert [(item["type"], item["id"]) for item in orgs[0]] == [
        ("org", org["id"]), ("node", org["rootNode"]["id"]), ("node", dev["id"]), ("node", backend["id"])]
    assert orgs[0][0]["rootNodeId"] == org["rootNode"]["id"] and orgs[0][3]["code"] == "backend"
    assert api.rest("GET", "/api/v2/users/ffffffffffffffffffffffff/orgs").json()["code"] == 2004
    # deleting the user takes the memberships
    api.data("mutation($id: String!) { deleteUser(id: $id) { code } }", {"id": bob["id"]})
    assert members(api, backend["id"]) == ["alice"]


def test_children_root_and_search(api):
    org = create_org(api, "Acme", code="acme")
    dev = node(api, org["id"], "Dev Team", code="dev", order=2)
    ops = node(api, org["id"], "Ops team", code="ops", order=1)
    variables = {"org": org["id"], "root": org["rootNode"]["id"], "dev": dev["id"]}
    data = api.data("query($org: String!, $root: String!, $dev: String!) {"
                    " childrenNodes(nodeId: $root) { id } rootNode(orgId: $org) { id root }"
                    " a: isRootNode(nodeId: $root, orgId: $org) b: isRootNode(nodeId: $dev, orgId: $org)"
                    " searchNodes(keyword: \"TEAM\") { code } }", variables)
    assert data["childrenNodes"] == [{"id": ops["id"]}, {"id": dev["id"]}]
    assert data["rootNode"] == {"id": org["rootNode"]["id"], "root": True}
    assert (data["a"], data["b"]) == (True, False)
    assert data["searchNodes"] == [{"code": "dev"}, {"code": "ops"}]


def test_node_roles_are_inherited_from_ancestors(api):
    create_role(api, "viewer")
    create_role(api, "editor")
    org = create_org(api, "Acme", code="acme")
    dev = node(api, org["id"], "Dev", code="dev")
    assign = ("mutation($roles: [String], $nodes: [String!]) { assignRole(roleCodes: $roles, nodeCodes: $nodes)"
              " { code } }")
    assert api.data(assign, {"roles": ["viewer"], "nodes": [org["rootNode"]["id"]]})["assignRole"]["code"] == 200
    api.data(assign, {"roles": ["viewer", "editor"], "nodes": [dev["id"]]})
    roles = ("query($id: String!, $ns: String) { nodeById(id: $id) { roles(namespace: $ns)"
             " { totalCount list { code } } } }")
    assert api.data(roles, {"id": dev["id"]})["nodeById"]["roles"] == {
        "totalCount": 2, "list": [{"code": "viewer"}, {"code": "editor"}]}
    assert api.data(roles, {"id": org["rootNode"]["id"], "ns": "default"})["nodeById"]["roles"]["totalCount"] == 1
    api.data(assign.replace("assignRole", "revokeRole"), {"roles": ["editor"], "nodes": [dev["id"]]})
    assert api.data(roles, {"id": dev["id"]})["nodeById"]["roles"]["list"] == [{"code": "viewer"}]
