"""Users: defaults, identifiers and their uniqueness, password transport, lookups and paging."""

import sqlite3

import pytest

from authing_emulator.keys import verify_password
from emulator_api import Api

USER_FIELDS = ("id arn userPoolId status username email emailVerified phone phoneVerified nickname photo password"
               " registerSource loginsCount signedUp lastLogin blocked isDeleted gender externalId createdAt updatedAt"
               " identities { provider }")
CREATE = "mutation($u: CreateUserInput!, $keep: Boolean) { createUser(userInfo: $u, keepPassword: $keep) { %s } }" \
    % USER_FIELDS


def create(api, **user_info):
    return api.graphql(CREATE, {"u": user_info}).json()


def error_code(body):
    return body["errors"][0]["message"]["code"]


def test_new_user_gets_authing_defaults(api):
    user = create(api, username="alice", email="Alice@Example.COM")["data"]["createUser"]
    assert len(user["id"]) == 24 and int(user["id"], 16) >= 0
    assert user["arn"] == "arn:cn:authing:%s:user:%s" % (api.emulator.userpool_id, user["id"])
    assert user["userPoolId"] == api.emulator.userpool_id
    assert user["email"] == "alice@example.com"
    assert (user["status"], user["gender"], user["loginsCount"]) == ("Activated", "U", 0)
    assert (user["emailVerified"], user["phoneVerified"], user["blocked"], user["isDeleted"]) == (False,) * 4
    assert user["registerSource"] == ["import:manual"]
    assert user["photo"].endswith("default-user-avatar.png")
    assert user["identities"] == [] and user["password"] is None and user["lastLogin"] is None
    assert user["signedUp"] == user["createdAt"] == user["updatedAt"]


def test_given_fields_are_kept_and_timestamps_normalised(api):
    user = create(api, phone="13800000000", nickname="Al", blocked=True, loginsCount=7,
                  signedUp="2020-10-15T10:16:37.950Z", externalId="E-1")["data"]["createUser"]
    assert (user["phone"], user["blocked"], user["loginsCount"], user["externalId"]) == ("13800000000", True, 7, "E-1")
    assert user["signedUp"] == "2020-10-15T10:16:37+00:00"


def test_invalid_input_is_rejected(api):
    assert error_code(create(api, nickname="no identifier")) == 2231
    assert error_code(create(api, email="not-an-email")) == 2003
    assert error_code(create(api, username="x", signedUp="1602756997950")) == 400
    assert api.data("{ users { totalCount } }")["users"]["totalCount"] == 0


@pytest.mark.parametrize("field, first, second", [
    ("username", "alice", "alice"),
    ("email", "alice@example.com", "ALICE@example.com"),
    ("phone", "13800000000", "13800000000"),
    ("externalId", "E-1", "E-1"),
])
def test_identifiers_are_unique_2026(api, field, first, second):
    create(api, **{field: first})
    body = create(api, **{field: second})
    assert error_code(body) == 2026 and body["data"] is None
    assert body["errors"][0]["message"]["message"] == "用户已存在，请勿重复创建！"


def test_username_is_case_sensitive(api):
    create(api, username="alice")
    assert "errors" not in create(api, username="Alice")


def test_password_is_decrypted_and_only_a_salted_hash_is_stored(start_emulator, tmp_path):
    database = tmp_path / "state.db"
    api = Api(start_emulator("--db", str(database)))
    user = create(api, username="alice", password=api.encrypt_password("s3cret-pass"))["data"]["createUser"]
    assert user["password"] is None
    assert error_code(create(api, username="bob", password="bm90IHJzYQ==")) == 2016
    assert error_code(create(api, username="bob", password="%%% not base64")) == 2016
    with sqlite3.connect(str(database)) as connection:
        stored = connection.execute("SELECT password_hash FROM users WHERE id = ?", (user["id"],)).fetchone()[0]
    assert "s3cret-pass" not in stored
    assert verify_password("s3cret-pass", stored) and not verify_password("other", stored)


def test_find_user_and_is_user_exists(api):
    alice = create(api, username="alice", email="alice@example.com", phone="13800000000")["data"]["createUser"]
    find = "query($e: String, $p: String, $u: String, $x: String) { findUser(email: $e, phone: $p, username: $u," \
           " externalId: $x) { id } isUserExists(email: $e, phone: $p, username: $u, externalId: $x) }"
    assert api.data(find, {"e": "ALICE@example.com", "p": None, "u": None, "x": None}) == \
        {"findUser": {"id": alice["id"]}, "isUserExists": True}
    assert api.data(find, {"e": None, "p": "13800000000", "u": "alice", "x": None})["findUser"]["id"] == alice["id"]
    assert api.data(find, {"e": None, "p": "13800000000", "u": "bob", "x": None}) == \
        {"findUser": None, "isUserExists": False}


def test_user_by_id_and_rest_detail(api):
    alice = api.create_user(username="alice")
    assert api.data("query($id: String) { user(id: $id) { username } }", {"id": alice["id"]}) == \
        {"user": {"username": "alice"}}
    assert api.data("{ user(id: \"ffffffffffffffffffffffff\") { id } }") == {"user": None}
    detail = api.rest("GET", "/api/v2/users/%s" % alice["id"]).json()
    assert detail["code"] == 200 and detail["data"]["username"] == "alice" and detail["data"]["identities"] == []
    assert api.rest("GET", "/api/v2/users/xxx").json() == {"code": 200, "message": "获取数据成功", "data": None}


def test_users_are_paged(api):
    ids = [api.create_user(username="u%02d" % index)["id"] for index in range(12)]
    first = api.data("{ users(page: 1, limit: 5) { totalCount list { id } } }")["users"]
    last = api.data("{ users(page: 3, limit: 5) { totalCount list { id } } }")["users"]
    assert first["totalCount"] == last["totalCount"] == 12
    assert [user["id"] for user in first["list"]] == ids[:5]
    assert [user["id"] for user in last["list"]] == ids[10:]


def test_user_batch_by_each_key_type(api):
    alice = api.create_user(username="alice", email="alice@example.com", phone="1", externalId="x1")
    bob = api.create_user(username="bob")
    batch = "query($ids: [String!]!, $type: String) { userBatch(ids: $ids, type: $type) { id } }"
    assert api.data(batch, {"ids": [bob["id"], "missing", alice["id"]]})["userBatch"] == \
        [{"id": bob["id"]}, {"id": alice["id"]}]
    for key, value in (("username", "alice"), ("email", "ALICE@example.com"), ("phone", "1"), ("externalId", "x1")):
        assert api.data(batch, {"ids": [value], "type": key})["userBatch"] == [{"id": alice["id"]}]
    too_many = api.graphql(batch, {"ids": ["id%d" % index for index in range(81)]}).json()
    assert error_code(too_many) == 2030
    assert error_code(api.graphql(batch, {"ids": ["a"], "type": "nickname"}).json()) == 400


def test_update_user_merges_and_keeps_uniqueness(api):
    alice = api.create_user(username="alice", email="alice@example.com")
    api.create_user(username="bob")
    update = "mutation($id: String, $input: UpdateUserInput!) { updateUser(id: $id, input: $input)" \
             " { username email nickname phone } }"
    changed = api.data(update, {"id": alice["id"], "input": {"nickname": "Al", "email": "New@Example.com",
                                                             "phone": None}})["updateUser"]
    assert changed == {"username": "alice", "email": "new@example.com", "nickname": "Al", "phone": None}
    assert error_code(api.graphql(update, {"id": alice["id"], "input": {"username": "bob"}}).json()) == 2026
    assert error_code(api.graphql(update, {"id": "ffffffffffffffffffffffff", "input": {}}).json()) == 2004


def test_delete_user_and_delete_users(api):
    ids = [api.create_user(username=name)["id"] for name in ("a", "b", "c")]
    deleted = api.data("mutation($id: String!) { deleteUser(id: $id) { code message } }", {"id": ids[0]})
    assert deleted["deleteUser"]["code"] == 200
    body = api.graphql("mutation($id: String!) { deleteUser(id: $id) { code } }", {"id": ids[0]}).json()
    assert error_code(body) == 2004 and body["data"] == {"deleteUser": None}  # nullable root field
    body = api.graphql("mutation($ids: [String!]!) { deleteUsers(ids: $ids) { code } }",
                       {"ids": [ids[1], ids[0]]}).json()
    assert error_code(body) == 2004
    assert api.data("{ users { totalCount } }")["users"]["totalCount"] == 2
    assert api.data("mutation($ids: [String!]!) { deleteUsers(ids: $ids) { code } }",
                    {"ids": ids[1:]})["deleteUsers"]["code"] == 200
    assert api.data("{ users { totalCount } }")["users"]["totalCount"] == 0
