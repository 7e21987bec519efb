"""Groups and membership semantics (wire reference §2.7, contracts.md codes 2050/2051)."""

import re
from concurrent.futures import ThreadPoolExecutor

import pytest

from emulator_api import Api

GROUP_FIELDS = "code name description createdAt updatedAt"
ISO_SECONDS_WITH_OFFSET = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$")


def group(api, code):
    return api.data("query($code: String!) { group(code: $code) { %s } }" % GROUP_FIELDS, {"code": code})["group"]


def update(api, **variables):
    return api.graphql(
        "mutation($code: String!, $name: String, $description: String, $newCode: String) {"
        " updateGroup(code: $code, name: $name, description: $description, newCode: $newCode) { %s } }"
        % GROUP_FIELDS, dict({"name": None, "description": None, "newCode": None}, **variables)).json()


def members(api, code, page=1, limit=10):
    return api.data("query($code: String!, $page: Int, $limit: Int) { group(code: $code) {"
                    " users(page: $page, limit: $limit) { totalCount list { id username } } } }",
                    {"code": code, "page": page, "limit": limit})["group"]["users"]


def membership(api, mutation, code, user_ids):
    return api.graphql("mutation($userIds: [String!]!, $code: String) { %s(userIds: $userIds, code: $code)"
                       " { code message } }" % mutation, {"userIds": user_ids, "code": code}).json()


def test_create_and_read_back(api):
    created = api.create_group("dev", "Developers", "write code")
    assert created["code"] == "dev" and created["name"] == "Developers" and created["description"] == "write code"
    assert ISO_SECONDS_WITH_OFFSET.match(created["createdAt"])
    assert created["createdAt"] == created["updatedAt"]
    assert group(api, "dev") == created


def test_missing_group_is_null_not_an_error(api):
    body = api.graphql("{ group(code: \"nope\") { code } }").json()
    assert body == {"data": {"group": None}}


def test_duplicate_code_is_2050(api):
    api.create_group("dev")
    error, data = api.error("mutation { createGroup(code: \"dev\", name: \"Again\") { code } }")
    assert error["message"]["code"] == 2050
    assert error["path"] == ["createGroup"] and data is None


def test_update_null_means_unchanged_and_new_code_renames(api):
    api.create_group("dev", "Developers", "write code")
    renamed = update(api, code="dev", newCode="developers")["data"]["updateGroup"]
    assert (renamed["code"], renamed["name"], renamed["description"]) == ("developers", "Developers", "write code")
    assert group(api, "dev") is None
    changed = update(api, code="developers", name="Devs", description="")["data"]["updateGroup"]
    assert (changed["name"], changed["description"]) == ("Devs", "")


def test_update_errors(api):
    api.create_group("a")
    api.create_group("b")
    assert update(api, code="missing", name="x")["errors"][0]["message"]["code"] == 2051
    assert update(api, code="a", newCode="b")["errors"][0]["message"]["code"] == 2050
    assert group(api, "a")["code"] == "a"


def test_list_is_paged_in_creation_order(api):
    for index in range(25):
        api.create_group("g%02d" % index)
    page = api.data("{ groups(page: 3, limit: 10) { totalCount list { code } } }")["groups"]
    assert page["totalCount"] == 25
    assert [item["code"] for item in page["list"]] == ["g20", "g21", "g22", "g23", "g24"]
    newest = api.data("{ groups(limit: 2, sortBy: CREATEDAT_DESC) { list { code } } }")["groups"]["list"]
    assert [item["code"] for item in newest] == ["g24", "g23"]
    default = api.data("{ groups { list { code } } }")["groups"]["list"]
    assert len(default) == 10


@pytest.mark.parametrize("arguments", ["page: 0", "limit: 0", "limit: 1001"])
def test_invalid_paging_is_an_error(api, arguments):
    error = api.error("{ groups(%s) { totalCount } }" % arguments)[0]
    assert error["message"]["code"] == 400


def test_delete_many_is_all_or_nothing(api):
    api.create_group("a")
    api.create_group("b")
    body = api.graphql("mutation { deleteGroups(codeList: [\"a\", \"missing\"]) { code message } }").json()
    assert body["errors"][0]["message"]["code"] == 2051
    assert group(api, "a") is not None
    deleted = api.data("mutation { deleteGroups(codeList: [\"a\", \"b\"]) { code message } }")["deleteGroups"]
    assert deleted["code"] == 200
    assert api.data("{ groups { totalCount } }")["groups"]["totalCount"] == 0


def test_members_add_list_page_and_remove(api):
    api.create_group("dev")
    users = [api.create_user(username="u%d" % index) for index in range(3)]
    ids = [user["id"] for user in users]
    assert membership(api, "addUserToGroup", "dev", ids)["data"]["addUserToGroup"]["code"] == 200
    assert membership(api, "addUserToGroup", "dev", ids[:1])["data"]["addUserToGroup"]["code"] == 200  # idempotent
    listed = members(api, "dev")
    assert listed["totalCount"] == 3 and [user["id"] for user in listed["list"]] == ids
    assert [user["username"] for user in members(api, "dev", page=2, limit=2)["list"]] == ["u2"]

    assert membership(api, "removeUserFromGroup", "dev", ids[1:2])["data"]["removeUserFromGroup"]["code"] == 200
    assert membership(api, "removeUserFromGroup", "dev", ids[1:2])["data"]["removeUserFromGroup"]["code"] == 200
    assert [user["id"] for user in members(api, "dev")["list"]] == [ids[0], ids[2]]


def test_membership_errors_change_nothing(api):
    api.create_group("dev")
    user = api.create_user(username="alice")
    body = membership(api, "addUserToGroup", "dev", [user["id"], "ffffffffffffffffffffffff"])
    assert body["errors"][0]["message"]["code"] == 2004 and body["data"] is None
    assert members(api, "dev")["totalCount"] == 0
    assert membership(api, "addUserToGroup", "missing", [user["id"]])["errors"][0]["message"]["code"] == 2051
    assert membership(api, "removeUserFromGroup", "missing", [user["id"]])["errors"][0]["message"]["code"] == 2051


def test_user_groups_and_groups_filtered_by_user(api):
    api.create_group("a")
    api.create_group("b")
    api.create_group("c")
    alice = api.create_user(username="alice")
    membership(api, "addUserToGroup", "c", [alice["id"]])
    membership(api, "addUserToGroup", "a", [alice["id"]])
    mine = api.data("query($id: String) { user(id: $id) { groups { totalCount list { code name } } } }",
                    {"id": alice["id"]})["user"]["groups"]
    assert mine == {"totalCount": 2, "list": [{"code": "a", "name": "A"}, {"code": "c", "name": "C"}]}
    filtered = api.data("query($u: String) { groups(userId: $u) { totalCount list { code } } }",
                        {"u": alice["id"]})["groups"]
    assert filtered == {"totalCount": 2, "list": [{"code": "a"}, {"code": "c"}]}


def test_deleting_a_group_or_user_removes_memberships(api):
    api.create_group("dev")
    alice, bob = api.create_user(username="alice"), api.create_user(username="bob")
    membership(api, "addUserToGroup", "dev", [alice["id"], bob["id"]])
    api.data("mutation($id: String!) { deleteUser(id: $id) { code } }", {"id": bob["id"]})
    assert [user["id"] for user in members(api, "dev")["list"]] == [alice["id"]]
    api.data("mutation { deleteGroups(codeList: [\"dev\"]) { code } }")
    api.create_group("dev")
    assert members(api, "dev")["totalCount"] == 0


def test_concurrent_creates_of_one_code_make_one_group(api):
    def create():
        client = Api(api.emulator, token=api.token())  # one connection per thread
        return client.graphql("mutation { createGroup(code: \"race\", name: \"Race\") { code } }").json()

    with ThreadPoolExecutor(8) as pool:
        results = [future.result() for future in [pool.submit(create) for attempt in range(16)]]
    assert sum("errors" not in result for result in results) == 1
    assert {result["errors"][0]["message"]["code"] for result in results if "errors" in result} == {2050}
