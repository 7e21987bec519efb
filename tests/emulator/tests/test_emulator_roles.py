"""Roles (GraphQL, wire reference §2.8): namespaces, codes 2060/2061, rename, paging, parent,
assignment to users and groups, Role.users, User.roles and REST has-role."""

import pytest

from emulator_app_helpers import (GRAPHQL_TIMESTAMP, OBJECT_ID, ROLE_FIELDS, code_of, create_app, create_role,
                                  graphql_error_code, ok, rest)


def role(api, code, namespace=None):
    return api.data("query($code: String!, $ns: String) { role(code: $code, namespace: $ns) { %s } }" % ROLE_FIELDS,
                    {"code": code, "ns": namespace})["role"]


def roles(api, namespace=None, page=None, limit=None, sort_by=None):
    return api.graphql(
        "query($ns: String, $page: Int, $limit: Int, $sortBy: SortByEnum) {"
        " roles(namespace: $ns, page: $page, limit: $limit, sortBy: $sortBy) { totalCount list { code namespace } } }",
        {"ns": namespace, "page": page, "limit": limit, "sortBy": sort_by}).json()


def update(api, **variables):
    return api.graphql(
        "mutation($code: String!, $description: String, $newCode: String, $namespace: String) {"
        " updateRole(code: $code, description: $description, newCode: $newCode, namespace: $namespace) { %s } }"
        % ROLE_FIELDS, dict({"description": None, "newCode": None, "namespace": None}, **variables)).json()


def assignment(api, mutation, **variables):
    return api.graphql(
        "mutation($namespace: String, $roleCode: String, $roleCodes: [String], $userIds: [String!],"
        " $groupCodes: [String!], $nodeCodes: [String!]) { %s(namespace: $namespace, roleCode: $roleCode,"
        " roleCodes: $roleCodes, userIds: $userIds, groupCodes: $groupCodes, nodeCodes: $nodeCodes)"
        " { code message } }" % mutation, variables).json()


def members(api, code, namespace=None, page=1, limit=10):
    return api.data("query($code: String!, $ns: String, $page: Int, $limit: Int) { role(code: $code, namespace: $ns)"
                    " { users(page: $page, limit: $limit) { totalCount list { id username } } } }",
                    {"code": code, "ns": namespace, "page": page, "limit": limit})["role"]["users"]


def user_roles(api, user_id, namespace=None):
    result = api.data("query($id: String, $ns: String) { user(id: $id) { roles(namespace: $ns) {"
                      " totalCount list { code namespace } } } }", {"id": user_id, "ns": namespace})["user"]["roles"]
    assert result["totalCount"] == len(result["list"])
    return [(item["namespace"], item["code"]) for item in result["list"]]


def test_create_and_read_back(api):
    created = create_role(api, "admin", description="Administrators")
    assert OBJECT_ID.match(created["id"]) and created["namespace"] == "default"
    assert created["arn"] == "arn:cn:authing:%s:role:%s" % (api.emulator.userpool_id, created["id"])
    assert (created["code"], created["description"], created["isSystem"], created["parent"]) == \
        ("admin", "Administrators", False, None)
    assert GRAPHQL_TIMESTAMP.match(created["createdAt"]) and created["createdAt"] == created["updatedAt"]
    assert role(api, "admin") == created == role(api, "admin", "default")
    assert api.graphql("{ role(code: \"nope\") { code } }").json() == {"data": {"role": None}}


def test_codes_are_unique_per_namespace(api):
    app = create_app(api, "app")
    create_role(api, "admin")
    body = api.graphql("mutation { createRole(code: \"admin\") { code } }").json()
    assert graphql_error_code(body) == 2060 and body["data"] is None
    in_app = create_role(api, "admin", namespace=app["id"])
    assert in_app["namespace"] == app["id"] and role(api, "admin", app["id"])["id"] == in_app["id"]
    assert role(api, "admin")["id"] != in_app["id"]
    body = api.graphql("mutation { createRole(code: \"x\", namespace: \"nope\") { code } }").json()
    assert graphql_error_code(body) == 2011
    assert role(api, "admin", "nope") is None
    assert graphql_error_code(api.graphql("mutation { createRole(code: \"\") { code } }").json()) == 400


def test_parent_role(api):
    create_role(api, "staff")
    child = create_role(api, "manager", parent="staff")
    assert child["parent"] == {"code": "staff", "namespace": "default"}
    body = api.graphql("mutation { createRole(code: \"orphan\", parent: \"missing\") { code } }").json()
    assert graphql_error_code(body) == 2061
    api.data("mutation { deleteRole(code: \"staff\") { code } }")
    assert role(api, "manager")["parent"] is None


def test_update_null_means_unchanged_and_new_code_renames(api):
    create_role(api, "admin", description="Admins")
    renamed = update(api, code="admin", newCode="root")["data"]["updateRole"]
    assert (renamed["code"], renamed["description"]) == ("root", "Admins")
    assert role(api, "admin") is None
    changed = update(api, code="root", description="")["data"]["updateRole"]
    assert changed["description"] == "" and changed["id"] == renamed["id"]
    create_role(api, "other")
    assert graphql_error_code(update(api, code="root", newCode="other")) == 2060
    assert graphql_error_code(update(api, code="missing", description="x")) == 2061
    assert graphql_error_code(update(api, code="root", namespace="nope", description="x")) == 2011


def test_list_is_paged_per_namespace(api):
    app = create_app(api, "app")
    for index in range(13):
        create_role(api, "r%02d" % index)
    create_role(api, "only-in-app", namespace=app["id"])
    page = roles(api, page=2, limit=5)["data"]["roles"]
    assert page["totalCount"] == 13 and [item["code"] for item in page["list"]] == ["r05", "r06", "r07", "r08", "r09"]
    assert [item["code"] for item in roles(api, limit=2, sort_by="CREATEDAT_DESC")["data"]["roles"]["list"]] == \
        ["r12", "r11"]
    assert roles(api, namespace=app["id"])["data"]["roles"] == {
        "totalCount": 1, "list": [{"code": "only-in-app", "namespace": app["id"]}]}
    assert graphql_error_code(roles(api, namespace="nope")) == 2011
    assert graphql_error_code(roles(api, limit=0)) == 400


def test_delete_and_delete_many(api):
    for code in ("a", "b", "c"):
        create_role(api, code)
    assert api.data("mutation { deleteRole(code: \"a\") { code message } }")["deleteRole"]["code"] == 200
    assert role(api, "a") is None
    assert graphql_error_code(api.graphql("mutation { deleteRole(code: \"a\") { code } }").json()) == 2061
    body = api.graphql("mutation { deleteRoles(codeList: [\"b\", \"missing\"]) { code } }").json()
    assert graphql_error_code(body) == 2061
    assert role(api, "b") is not None  # all or nothing
    assert api.data("mutation { deleteRoles(codeList: [\"b\", \"c\"]) { code } }")["deleteRoles"]["code"] == 200
    assert roles(api)["data"]["roles"]["totalCount"] == 0


def test_assign_and_revoke_users(api):
    app = create_app(api, "app")
    alice, bob = api.create_user(username="alice"), api.create_user(username="bob")
    create_role(api, "admin")
    create_role(api, "editor", namespace=app["id"])
    body = assignment(api, "assignRole", roleCodes=["admin"], userIds=[alice["id"], bob["id"]])
    assert body["data"]["assignRole"]["code"] == 200
    assert assignment(api, "assignRole", roleCode="admin", userIds=[alice["id"]])["data"]["assignRole"]["code"] == 200
    assignment(api, "assignRole", roleCode="editor", namespace=app["id"], userIds=[alice["id"]])
    listed = members(api, "admin")
    assert listed["totalCount"] == 2 and [user["username"] for user in listed["list"]] == ["alice", "bob"]
    assert [user["username"] for user in members(api, "admin", page=2, limit=1)["list"]] == ["bob"]
    assert user_roles(api, alice["id"]) == [("default", "admin"), (app["id"], "editor")]
    assert user_roles(api, alice["id"], "default") == [("default", "admin")]
    assert user_roles(api, alice["id"], app["id"]) == [(app["id"], "editor")]
    assert user_roles(api, alice["id"], "nope") == []

    assert assignment(api, "revokeRole", roleCodes=["admin"], userIds=[bob["id"]])["data"]["revokeRole"]["code"] == 200
    assert assignment(api, "revokeRole", roleCodes=["admin"], userIds=[bob["id"]])["data"]["revokeRole"]["code"] == 200
    assert [user["username"] for user in members(api, "admin")["list"]] == ["alice"]
    assert user_roles(api, bob["id"]) == []


def test_assignment_errors_change_nothing(api):
    alice = api.create_user(username="alice")
    create_role(api, "admin")
    api.create_group("dev")
    for variables, code in [
        ({"roleCodes": ["admin", "missing"], "userIds": [alice["id"]]}, 2061),
        ({"roleCodes": ["admin"], "userIds": [alice["id"], "ffffffffffffffffffffffff"]}, 2004),
        ({"roleCodes": ["admin"], "groupCodes": ["dev", "nope"], "userIds": [alice["id"]]}, 2051),
        ({"userIds": [alice["id"]]}, 2231),
        ({"roleCodes": ["admin"], "userIds": [alice["id"]], "namespace": "nope"}, 2011),
        ({"roleCodes": ["admin"], "nodeCodes": ["n1"]}, 2401),
    ]:
        body = assignment(api, "assignRole", **variables)
        assert body["data"] == {"assignRole": None} and graphql_error_code(body) == code, body
    assert members(api, "admin")["totalCount"] == 0
    assert graphql_error_code(assignment(api, "revokeRole", roleCodes=["missing"], userIds=[alice["id"]])) == 2061


def test_groups_can_be_given_roles(api):
    api.create_group("dev")
    create_role(api, "admin")
    assert assignment(api, "assignRole", roleCodes=["admin"], groupCodes=["dev"])["data"]["assignRole"]["code"] == 200
    assert assignment(api, "revokeRole", roleCodes=["admin"], groupCodes=["dev"])["data"]["revokeRole"]["code"] == 200
    api.data("mutation { deleteGroups(codeList: [\"dev\"]) { code } }")  # no dangling assignment blocks it


def test_deleting_users_and_roles_removes_assignments(api):
    alice, bob = api.create_user(username="alice"), api.create_user(username="bob")
    create_role(api, "admin")
    create_role(api, "editor")
    assignment(api, "assignRole", roleCodes=["admin", "editor"], userIds=[alice["id"], bob["id"]])
    api.data("mutation($id: String!) { deleteUser(id: $id) { code } }", {"id": bob["id"]})
    assert [user["username"] for user in members(api, "admin")["list"]] == ["alice"]
    api.data("mutation { deleteRole(code: \"editor\") { code } }")
    assert user_roles(api, alice["id"]) == [("default", "admin")]
    create_role(api, "editor")
    assert user_roles(api, alice["id"]) == [("default", "admin")]  # a new role with the old code is empty


def test_has_role(api):
    app = create_app(api, "app")
    alice, bob = api.create_user(username="alice"), api.create_user(username="bob")
    create_role(api, "admin")
    create_role(api, "admin", namespace=app["id"])
    assignment(api, "assignRole", roleCodes=["admin"], userIds=[alice["id"]])
    path = "/api/v2/users/%s/has-role"
    assert rest(api, "GET", path % alice["id"], params={"code": "admin"}) == \
        {"code": 200, "message": "获取数据成功", "data": True}
    assert ok(api, "GET", path % alice["id"], params={"code": "admin", "namespace": "default"}) is True
    assert ok(api, "GET", path % alice["id"], params={"code": "admin", "namespace": app["id"]}) is False
    assert ok(api, "GET", path % bob["id"], params={"code": "admin"}) is False
    assert ok(api, "GET", path % alice["id"], params={"code": "missing"}) is False
    assert ok(api, "GET", path % alice["id"], params={"code": "admin", "namespace": "nope"}) is False
    assert code_of(api, "GET", path % "ffffffffffffffffffffffff", params={"code": "admin"}) == 2004
    assert code_of(api, "GET", path % alice["id"]) == 2231
    log = api.requests_log()
    assert log[-1]["operation"] == "users.has-role" and log[-1]["kind"] == "read"


@pytest.mark.parametrize("mutation", ["assignRole", "revokeRole"])
def test_assignment_is_logged_as_a_write(api, mutation):
    create_role(api, "admin")
    api.admin("DELETE", "requests")
    assignment(api, mutation, roleCode="admin", userIds=[])
    assert [(entry["operation"], entry["kind"], entry["code"]) for entry in api.requests_log()] == \
        [(mutation, "write", 200)]
