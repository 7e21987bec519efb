"""Users, the rest of the surface: every input field, migration fields (keepPassword, signedUp,
lastLogin, loginsCount, registerSource), password verification through the public v2 login
mutations, searchUser, archivedUsers, isUserExists and userBatch in one query."""

import base64
import hashlib
import json
import sqlite3

import pytest
from werkzeug.test import Client

from authing_emulator.app import EmulatorApp
from authing_emulator.keys import hash_password
from authing_emulator.settings import Settings
from emulator_api import Api

LOGIN_FIELDS = "id username loginsCount lastLogin lastIP token tokenExpiredAt"
LOGIN_BY_USERNAME = ("mutation($input: LoginByUsernameInput!) { loginByUsername(input: $input) { %s } }"
                     % LOGIN_FIELDS)
LOGIN_BY_EMAIL = "mutation($input: LoginByEmailInput!) { loginByEmail(input: $input) { %s } }" % LOGIN_FIELDS
LOGIN_BY_PHONE = ("mutation($input: LoginByPhonePasswordInput!) { loginByPhonePassword(input: $input) { %s } }"
                  % LOGIN_FIELDS)
CREATE = ("mutation($u: CreateUserInput!, $keep: Boolean, $reset: Boolean) {"
          " createUser(userInfo: $u, keepPassword: $keep, resetPasswordOnFirstLogin: $reset) { %s } }")
UPDATE = "mutation($id: String, $input: UpdateUserInput!) { updateUser(id: $id, input: $input) { %s } }"
SEARCH = ("query($query: String!, $fields: [String], $page: Int, $limit: Int, $groupOpts: [SearchUserGroupOpt],"
          " $roleOpts: [SearchUserRoleOpt], $departmentOpts: [SearchUserDepartmentOpt]) {"
          " searchUser(query: $query, fields: $fields, page: $page, limit: $limit, groupOpts: $groupOpts,"
          " roleOpts: $roleOpts, departmentOpts: $departmentOpts) { totalCount list { username } } }")


def error_code(body):
    return body["errors"][0]["message"]["code"]


def login(api, document, encrypt=True, **login_input):
    """A public login call: no Authorization header; the password RSA-encrypted as the SDKs do."""
    if encrypt:
        login_input["password"] = api.encrypt_password(login_input["password"])
    return api.graphql(document, {"input": login_input}, token=None).json()


def input_fields(api, type_name):
    """Name -> type name of every field of an input type, read from the introspected schema."""
    body = api.data("query($name: String!) { __type(name: $name) { inputFields { name type { name kind"
                    " ofType { name } } } } }", {"name": type_name})
    return {field["name"]: field["type"]["name"] or field["type"]["ofType"]["name"]
            for field in body["__type"]["inputFields"]}


def sample_values(fields, salt):
    """A distinct valid value for every input field except the password."""
    values = {}
    for name, type_name in fields.items():
        if name == "password":
            continue
        if name == "email":
            values[name] = "%s@example.com" % salt
        elif name in ("lastLogin", "signedUp", "tokenExpiredAt"):
            values[name] = "2021-0%d-0%dT10:20:30+00:00" % (len(salt) % 9 + 1, len(name) % 9 + 1)
        elif name == "registerSource":
            values[name] = ["import:" + salt]
        elif type_name == "Boolean":
            values[name] = True
        elif type_name == "Int":
            values[name] = len(name) + len(salt)
        else:
            values[name] = "%s-%s" % (name, salt)
    return values


# -- every input field ------------------------------------------------------------------------

def test_every_create_and_update_input_field_round_trips(api):
    create_values = sample_values(input_fields(api, "CreateUserInput"), "c1")
    selection = " ".join(sorted(create_values))
    created = api.data(CREATE % ("id " + selection), {"u": create_values})["createUser"]
    assert {name: created[name] for name in create_values} == create_values

    update_fields = input_fields(api, "UpdateUserInput")
    assert {"city", "province", "tokenExpiredAt", "phoneCountryCode", "mainDepartmentId"} <= set(update_fields)
    update_values = sample_values(update_fields, "u22")
    selection = " ".join(sorted(update_values))
    updated = api.data(UPDATE % selection, {"id": created["id"], "input": update_values})["updateUser"]
    assert updated == update_values
    again = api.data("query($id: String) { user(id: $id) { %s } }" % selection, {"id": created["id"]})["user"]
    assert again == update_values


def test_update_lower_cases_email_and_keeps_identifiers_unique(api):
    alice = api.create_user(username="alice", email="alice@example.com", phone="13800000001", externalId="A")
    bob = api.create_user(username="bob")
    fields = "username email phone externalId"
    assert api.data(UPDATE % fields, {"id": bob["id"], "input": {"email": "Bob@Example.ORG"}})["updateUser"][
        "email"] == "bob@example.org"
    for clash in ({"email": "ALICE@example.com"}, {"phone": "13800000001"}, {"externalId": "A"},
                  {"username": "alice"}):
        assert error_code(api.graphql(UPDATE % fields, {"id": bob["id"], "input": clash}).json()) == 2026
    # A user may "change" an identifier to its own value.
    same = api.data(UPDATE % fields, {"id": alice["id"],
                                      "input": {"email": "Alice@example.com", "phone": "13800000001"}})
    assert same["updateUser"]["email"] == "alice@example.com"
    bad = api.graphql(UPDATE % fields, {"id": bob["id"], "input": {"lastLogin": "1602756997950"}}).json()
    assert error_code(bad) == 400


# -- migration fields on create ----------------------------------------------------------------

def test_migration_fields_on_create(api):
    fields = "signedUp lastLogin loginsCount registerSource createdAt"
    user = api.data(CREATE % fields, {
        "u": {"username": "migrated", "signedUp": "2017-06-07T14:34:08.700Z", "lastLogin": "2017-06-07T14:34:08+04:00",
              "loginsCount": 42, "registerSource": ["import:legacy", "basic:email"]},
        "reset": True})["createUser"]
    assert user["signedUp"] == "2017-06-07T14:34:08+00:00"
    assert user["lastLogin"] == "2017-06-07T10:34:08+00:00"
    assert (user["loginsCount"], user["registerSource"]) == (42, ["import:legacy", "basic:email"])
    assert user["createdAt"] != user["signedUp"]
    for name in ("signedUp", "lastLogin"):
        body = api.graphql(CREATE % "id", {"u": {"username": "epoch-" + name, name: "1602756997950"}}).json()
        assert error_code(body) == 400 and body["data"] is None
    assert api.data("{ isUserExists(username: \"epoch-signedUp\") }")["isUserExists"] is False


# -- passwords: login mutations ----------------------------------------------------------------

def test_login_proves_the_password_and_records_the_login(api):
    created = api.data(CREATE % "id loginsCount", {"u": {"username": "alice", "email": "alice@example.com",
                                                         "phone": "13800000000",
                                                         "password": api.encrypt_password("s3cret!")}})
    user_id = created["createUser"]["id"]

    first = login(api, LOGIN_BY_USERNAME, username="alice", password="s3cret!", clientIp="10.1.2.3")
    assert "errors" not in first, first
    user = first["data"]["loginByUsername"]
    assert (user["id"], user["loginsCount"], user["lastIP"]) == (user_id, 1, "10.1.2.3")
    assert user["lastLogin"] and user["tokenExpiredAt"] > user["lastLogin"]
    payload = json.loads(base64.urlsafe_b64decode(user["token"].split(".")[1] + "=="))
    assert payload["data"]["id"] == user_id and payload["exp"] - payload["iat"] == 1296000

    by_email = login(api, LOGIN_BY_EMAIL, email="ALICE@example.com", password="s3cret!")["data"]["loginByEmail"]
    by_phone = login(api, LOGIN_BY_PHONE, phone="13800000000", password="s3cret!")["data"]["loginByPhonePassword"]
    assert (by_email["loginsCount"], by_phone["loginsCount"]) == (2, 3)
    plain = login(api, LOGIN_BY_USERNAME, encrypt=False, username="alice", password="s3cret!")
    assert plain["data"]["loginByUsername"]["loginsCount"] == 4
    assert api.data("query($id: String) { user(id: $id) { loginsCount } }", {"id": user_id})["user"][
        "loginsCount"] == 4

    wrong = login(api, LOGIN_BY_USERNAME, username="alice", password="s3cret")
    assert error_code(wrong) == 2333 and wrong["data"] == {"loginByUsername": None}
    assert error_code(login(api, LOGIN_BY_EMAIL, email="alice@example.com", password="nope")) == 2333
    assert error_code(login(api, LOGIN_BY_USERNAME, username="nobody", password="s3cret!")) == 2004

    # The user token is not a management token.
    refused = api.graphql("{ users { totalCount } }", token=user["token"]).json()
    assert error_code(refused) == 2020


def test_update_password_and_blocked_users(api):
    user_id = api.create_user(username="bob", password=api.encrypt_password("old-pass"))["id"]
    api.data(UPDATE % "id", {"id": user_id, "input": {"password": api.encrypt_password("new-pass")}})
    assert error_code(login(api, LOGIN_BY_USERNAME, username="bob", password="old-pass")) == 2333
    assert "errors" not in login(api, LOGIN_BY_USERNAME, username="bob", password="new-pass")
    api.data(UPDATE % "id", {"id": user_id, "input": {"blocked": True}})
    assert error_code(login(api, LOGIN_BY_USERNAME, username="bob", password="new-pass")) == 2005
    assert error_code(login(api, LOGIN_BY_USERNAME, username="bob", password="bad-pass")) == 2333
    api.create_user(username="no-password")
    assert error_code(login(api, LOGIN_BY_USERNAME, username="no-password", password="")) == 2333


@pytest.mark.parametrize("kept", [
    hashlib.md5(b"legacy-pw").hexdigest(),
    hashlib.md5(b"legacy-pw").hexdigest().upper(),
    hashlib.sha1(b"legacy-pw").hexdigest(),
    hashlib.sha256(b"legacy-pw").hexdigest(),
    hash_password("legacy-pw"),
    "legacy-pw",
])
def test_keep_password_stores_the_value_and_login_verifies_it(api, kept):
    user = api.data(CREATE % "id password", {"u": {"username": "migrated", "password": api.encrypt_password(kept)},
                                             "keep": True})["createUser"]
    assert user["password"] is None
    assert "errors" not in login(api, LOGIN_BY_USERNAME, username="migrated", password="legacy-pw")
    assert error_code(login(api, LOGIN_BY_USERNAME, username="migrated", password="other-pw")) == 2333


def test_keep_password_is_stored_as_given(start_emulator, tmp_path):
    database = tmp_path / "state.db"
    api = Api(start_emulator("--db", str(database)))
    digest = hashlib.md5(b"pw").hexdigest()
    user = api.data(CREATE % "id", {"u": {"username": "kept", "password": api.encrypt_password(digest)},
                                    "keep": True})["createUser"]
    with sqlite3.connect(str(database)) as connection:
        stored = connection.execute("SELECT password_hash FROM users WHERE id = ?", (user["id"],)).fetchone()[0]
    assert stored == "kept$" + digest


# -- lookups ------------------------------------------------------------------------------------

def test_is_user_exists(api):
    api.create_user(username="alice", email="alice@example.com", phone="13800000000", externalId="E1")
    exists = "query($u: String, $e: String, $p: String, $x: String) {" \
             " isUserExists(username: $u, email: $e, phone: $p, externalId: $x) }"
    for criteria in ({"u": "alice"}, {"e": "ALICE@EXAMPLE.COM"}, {"p": "13800000000"}, {"x": "E1"},
                     {"u": "alice", "p": "13800000000"}):
        assert api.data(exists, criteria)["isUserExists"] is True, criteria
    for criteria in ({"u": "Alice"}, {"u": "alice", "p": "1"}, {}, {"x": "e1"}):
        assert api.data(exists, criteria)["isUserExists"] is False, criteria


def test_search_user(api):
    api.create_user(username="bob-builder", email="bob@example.com")
    api.create_user(username="alice", phone="13912345678")
    api.create_user(username="carol", email="carol@bobcat.io")
    api.data(UPDATE % "id", {"id": api.create_user(username="dave")["id"], "input": {"nickname": "BOBBY"}})
    api.data(UPDATE % "id", {"id": api.create_user(username="erin")["id"], "input": {"name": "Erin Bobson"}})
    api.create_user(externalId="only-external")

    def search(query, **variables):
        return api.data(SEARCH, dict(variables, query=query))["searchUser"]

    found = search("BoB")
    assert found["totalCount"] == 4
    assert [user["username"] for user in found["list"]] == ["bob-builder", "carol", "dave", "erin"]
    assert [user["username"] for user in search("bob", page=2, limit=3)["list"]] == ["erin"]
    assert search("bob", page=2, limit=3)["totalCount"] == 4
    assert [user["username"] for user in search("2345")["list"]] == ["alice"]
    assert [user["username"] for user in search("bob", fields=["email"])["list"]] == ["bob-builder", "carol"]
    assert search("only-ext", fields=["externalId"])["totalCount"] == 1
    assert search("only-ext")["totalCount"] == 0
    assert search("")["totalCount"] == 6
    assert search("zzz") == {"totalCount": 0, "list": []}
    assert error_code(api.graphql(SEARCH, {"query": "x", "fields": ["password"]}).json()) == 400
    assert error_code(api.graphql(SEARCH, {"query": "x", "page": 0}).json()) == 400
    assert search("bob", departmentOpts=[{"departmentId": "d1", "includeChildrenDepartments": True}])[
        "totalCount"] == 0


def test_search_user_within_groups_and_roles(api):
    ids = {name: api.create_user(username=name)["id"] for name in ("bob1", "bob2", "bob3")}
    api.create_group("g1")
    api.create_group("g2")
    api.data("mutation { addUserToGroup(userIds: [\"%s\"], code: \"g1\") { code } }" % ids["bob1"])
    api.data("mutation { addUserToGroup(userIds: [\"%s\"], code: \"g2\") { code } }" % ids["bob3"])
    found = api.data(SEARCH, {"query": "bob", "groupOpts": [{"code": "g1"}, {"code": "g2"}]})["searchUser"]
    assert [user["username"] for user in found["list"]] == ["bob1", "bob3"]
    assert api.data(SEARCH, {"query": "bob", "groupOpts": [{"code": "none"}]})["searchUser"]["totalCount"] == 0

    api.data("mutation { createRole(code: \"admin\") { code } }")
    api.data("mutation { assignRole(roleCodes: [\"admin\"], userIds: [\"%s\"]) { code } }" % ids["bob2"])
    found = api.data(SEARCH, {"query": "bob", "roleOpts": [{"code": "admin"}]})["searchUser"]
    assert [user["username"] for user in found["list"]] == ["bob2"]
    other_namespace = api.data(SEARCH, {"query": "bob", "roleOpts": [{"code": "admin", "namespace": "x"}]})
    assert other_namespace["searchUser"]["totalCount"] == 0


def test_deleted_users_are_archived_and_their_identifiers_freed(api):
    ids = [api.create_user(username=name, email=name + "@example.com")["id"] for name in ("a", "b", "c")]
    api.data("mutation($id: String!) { deleteUser(id: $id) { code } }", {"id": ids[1]})
    api.data("mutation($ids: [String!]!) { deleteUsers(ids: $ids) { code } }", {"ids": [ids[2], ids[0]]})
    archived = api.data("{ archivedUsers(page: 1, limit: 2) { totalCount list { id username email status"
                        " isDeleted } } }")["archivedUsers"]
    assert archived["totalCount"] == 3
    assert [user["id"] for user in archived["list"]] == [ids[1], ids[2]]
    assert archived["list"][0] == {"id": ids[1], "username": "b", "email": "b@example.com", "status": "Archived",
                                   "isDeleted": True}
    assert api.data("{ users { totalCount } }")["users"]["totalCount"] == 0
    assert api.create_user(username="b", email="b@example.com")["id"] not in ids
    assert api.data("{ archivedUsers { totalCount } }")["archivedUsers"]["totalCount"] == 3


def test_user_batch_keeps_order_dedupes_and_skips_unknown(api):
    users = [api.create_user(username="u%02d" % index, email="U%02d@example.com" % index) for index in range(80)]
    ids = [user["id"] for user in reversed(users)]
    batch = "query($ids: [String!]!, $type: String) { userBatch(ids: $ids, type: $type) { id username } }"
    assert [user["id"] for user in api.data(batch, {"ids": ids})["userBatch"]] == ids
    emails = ["u05@EXAMPLE.com", "missing@example.com", "U05@example.com", "u01@example.com"]
    assert [user["username"] for user in api.data(batch, {"ids": emails, "type": "email"})["userBatch"]] == \
        ["u05", "u01"]
    assert api.data(batch, {"ids": []})["userBatch"] == []


def test_user_batch_of_80_ids_is_one_query():
    """In-process (WSGI test client) so the SQL statements can be counted."""
    app = EmulatorApp(Settings())
    client = Client(app)
    token = client.post("/graphql/v2", json={"query": "{ accessToken(userPoolId: \"%s\", secret: \"%s\")"
                                             " { accessToken } }" % (app.settings.userpool_id, app.settings.secret)}
                        ).get_json()["data"]["accessToken"]["accessToken"]
    headers = {"Authorization": "Bearer " + token}
    ids = []
    for index in range(80):
        body = client.post("/graphql/v2", headers=headers, json={
            "query": "mutation($u: CreateUserInput!) { createUser(userInfo: $u) { id } }",
            "variables": {"u": {"username": "user%d" % index}}}).get_json()
        ids.append(body["data"]["createUser"]["id"])
    statements = []
    app.store._connection.set_trace_callback(statements.append)
    body = client.post("/graphql/v2", headers=headers, json={
        "query": "query($ids: [String!]!) { userBatch(ids: $ids) { id username email } }",
        "variables": {"ids": ids}}).get_json()
    app.store._connection.set_trace_callback(None)
    assert [user["id"] for user in body["data"]["userBatch"]] == ids
    reads = [statement for statement in statements if statement.lstrip().upper().startswith("SELECT")]
    assert len(reads) == 1, statements
