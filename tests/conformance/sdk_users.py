"""Drive the unmodified official Python SDK (authing==4.5.18) through the examples of its users
documentation (create with custom data, update, detail, find, exists, search, list, batch_get,
archived users, delete, delete_many, groups, custom data, UDF definitions) plus password
verification with the SDK's own AuthenticationClient, against an Authing-compatible server.

Runs in the SDK's own virtualenv. Exit status 0 means every check passed; each failed check is
printed and makes the exit status 1. The role calls (list/add/remove roles, has_role) run only
when the server implements roles; otherwise they are skipped with a note.

    python sdk_users.py --host http://127.0.0.1:PORT --userpool-id ID --secret S
"""

import datetime
import hashlib
import sys
import uuid

from authing.v2.authentication.authing import AuthenticationClient
from authing.v2.authentication.types import AuthenticationClientOptions
from authing.v2.exceptions import AuthingException

from sdk_checks import Checks, management_client, parse_args
from sdk_groups_users import OBJECT_ID, TIMESTAMP

UDF_TYPES = {"school": "STRING", "age": "NUMBER", "is_boss": "BOOLEAN", "birthday": "DATETIME", "profile": "OBJECT"}


def check_udf_definitions(client, checks):
    for key, data_type in UDF_TYPES.items():
        field = client.udf.set(targetType="USER", key=key, dataType=data_type, label="label of " + key)
        checks.expect_equal((field["key"], field["dataType"], field["targetType"]), (key, data_type, "USER"),
                            "udf.set " + key)
    field = client.udf.set(targetType="USER", key="school", dataType="STRING", label="学校")
    checks.expect_equal(field["label"], "学校", "udf.set updates the label")
    listed = {field["key"]: (field["dataType"], field["label"]) for field in client.udf.list("USER")}
    checks.expect_equal(listed.get("school"), ("STRING", "学校"), "udf.list school")
    checks.expect_equal(set(UDF_TYPES) <= set(listed), True, "udf.list has every field")


def check_create_and_read(client, checks, suffix):
    phone = "188%08d" % (uuid.uuid4().int % 10 ** 8)
    bob = client.users.create(
        userInfo={"username": "bob-" + suffix, "password": "123456", "phone": phone, "nickname": "Nick",
                  "loginsCount": 2, "signedUp": "2020-10-15T17:55:37+08:00"},
        custom_data={"school": "清华大学", "age": 19})
    checks.expect(OBJECT_ID.match(bob["id"]) is not None, "users.create id", bob["id"])
    checks.expect_equal((bob["username"], bob["phone"], bob["nickname"], bob["loginsCount"]),
                        ("bob-" + suffix, phone, "Nick", 2), "users.create migration fields")
    checks.expect_equal(bob["signedUp"], "2020-10-15T09:55:37+00:00", "users.create signedUp (same instant)")
    checks.expect_equal(bob["customData"], {"school": "清华大学", "age": 19}, "users.create custom_data")
    checks.expect_equal(bob["password"], None, "users.create hides the password")

    updated = client.users.update(bob["id"], {"nickname": "Bobby", "tokenExpiredAt": "2020-10-15T17:55:37+08:00",
                                              "email": "Bob-%s@Example.COM" % suffix})
    checks.expect_equal((updated["nickname"], updated["email"], updated["tokenExpiredAt"]),
                        ("Bobby", "bob-%s@example.com" % suffix, "2020-10-15T09:55:37+00:00"), "users.update")
    checks.expect(TIMESTAMP.match(updated["updatedAt"] or "") is not None, "updatedAt format", updated["updatedAt"])

    detail = client.users.detail(bob["id"], with_custom_data=True)
    checks.expect_equal(detail["customData"], {"school": "清华大学", "age": 19}, "users.detail with_custom_data")
    checks.expect_equal(detail["identities"], [], "users.detail identities")
    checks.expect_equal("customData" in client.users.detail(bob["id"]), False, "users.detail without custom data")

    found = client.users.find(username="bob-" + suffix, with_custom_data=True)
    checks.expect_equal((found["id"], found["customData"]), (bob["id"], {"school": "清华大学", "age": 19}),
                        "users.find with_custom_data")
    checks.expect_equal(client.users.find(phone=phone)["id"], bob["id"], "users.find by phone")
    for criteria in ({"username": "bob-" + suffix}, {"phone": phone}, {"email": "BOB-%s@example.com" % suffix}):
        checks.expect_equal(client.users.exists(**criteria), True, "users.exists %s" % criteria)
    checks.expect_equal(client.users.exists(username="Bob-" + suffix), False, "users.exists is case-sensitive")
    return bob


def check_lists(client, checks, suffix, bob):
    alice = client.users.create({"username": "alice-" + suffix, "email": "alice-%s@example.com" % suffix})
    searched = client.users.search("BOB-" + suffix)
    checks.expect_equal([user["id"] for user in searched["list"]], [bob["id"]], "users.search")
    checks.expect_equal(searched["totalCount"], 1, "users.search totalCount")
    searched = client.users.search(suffix, page=1, limit=1, with_custom_data=True)
    checks.expect_equal((searched["totalCount"], len(searched["list"])), (2, 1), "users.search paging")
    checks.expect_equal(searched["list"][0]["customData"], {"school": "清华大学", "age": 19},
                        "users.search with_custom_data")

    listed = client.users.list(page=1, limit=100, with_custom_data=True)
    by_id = {user["id"]: user for user in listed["list"]}
    checks.expect_equal((by_id[bob["id"]]["customData"], by_id[alice["id"]]["customData"]),
                        ({"school": "清华大学", "age": 19}, {}), "users.list with_custom_data")

    batch = client.users.batch_get([alice["id"], "ffffffffffffffffffffffff", bob["id"]])
    checks.expect_equal([user["id"] for user in batch], [alice["id"], bob["id"]], "users.batch_get by id")
    batch = client.users.batch_get([bob["phone"]], query_field="phone", with_custom_data=True)
    checks.expect_equal([(user["id"], user["customData"]) for user in batch],
                        [(bob["id"], {"school": "清华大学", "age": 19})], "users.batch_get by phone with custom data")
    checks.expect_error(2030, "users.batch_get more than 80", client.users.batch_get,
                        ["id%d" % index for index in range(81)])
    return alice


def check_custom_data(client, checks, bob, alice):
    checks.expect_equal(client.users.set_udf_value(user_id=bob["id"], data={"school": "华中科技大学", "age": 22}),
                        True, "users.set_udf_value")
    checks.expect_equal(client.users.get_udf_value(bob["id"]), {"school": "华中科技大学", "age": 22},
                        "users.get_udf_value")
    checks.expect_equal(client.users.set_udf_value_batch({
        bob["id"]: {"school": "清华大学", "age": 21}, alice["id"]: {"school": "北京大学", "age": 22}}),
        True, "users.set_udf_value_batch")
    checks.expect_equal((client.users.get_udf_value(bob["id"]), client.users.get_udf_value(alice["id"])),
                        ({"school": "清华大学", "age": 21}, {"school": "北京大学", "age": 22}),
                        "users.get_udf_value after the batch")
    client.users.remove_udf_value(user_id=bob["id"], key="school")
    checks.expect_equal(client.users.get_udf_value(bob["id"]), {"age": 21}, "users.remove_udf_value")

    result = client.users.set_udv(userId=bob["id"], key="is_boss", value=False)
    checks.expect_equal([item for item in result if item["key"] == "is_boss"],
                        [{"dataType": "BOOLEAN", "value": "false", "key": "is_boss", "label": "label of is_boss"}],
                        "users.set_udv returns the stored values")
    birthday = datetime.datetime.now()
    client.users.set_udv(userId=bob["id"], key="birthday", value=birthday)
    client.users.set_udv(userId=bob["id"], key="profile", value={"favorColor": "red", "tags": ["a"]})
    client.users.set_udv(userId=bob["id"], key="school", value="ucla")
    udvs = {item["key"]: item["value"] for item in client.users.list_udv(bob["id"])}
    checks.expect_equal(udvs, {"school": "ucla", "age": 21, "is_boss": False, "birthday": birthday,
                               "profile": {"favorColor": "red", "tags": ["a"]}}, "users.list_udv decodes every type")
    detail = client.users.detail(bob["id"], with_custom_data=True)["customData"]
    checks.expect_equal(detail.get("birthday"), birthday, "DATETIME round-trips to the microsecond")

    for key, value in (("school", 11), ("age", "18"), ("is_boss", "ok")):  # the SDK's test_add_udv_wrong_type
        checks.expect_error(2081, "users.set_udv %s <- %r" % (key, value), client.users.set_udv, bob["id"], key, value)
    checks.expect_error(2080, "users.set_udv unknown key", client.users.set_udv, bob["id"], "no_such_key", "x")
    checks.expect_error(2004, "users.set_udv unknown user", client.users.set_udv, "ffffffffffffffffffffffff",
                        "school", "x")

    remaining = client.users.remove_udv(userId=bob["id"], key="age")
    checks.expect_equal("age" in [item["key"] for item in remaining], False, "users.remove_udv")
    raw = {item["key"]: item["value"] for item in client.udf.list_udf_value("USER", bob["id"])}
    checks.expect_equal(raw.get("profile"), '{"favorColor":"red","tags":["a"]}', "udf.list_udf_value raw OBJECT")
    raw = client.udf.set_udf_value_batch("USER", alice["id"], [{"key": "age", "value": "30"},
                                                               {"key": "is_boss", "value": "true"}])
    checks.expect_equal({item["key"]: item["value"] for item in raw}, {"school": "北京大学", "age": "30",
                                                                       "is_boss": "true"}, "udf.set_udf_value_batch")
    try:  # reference §6.7: the SDK sends $targetId instead of $targetIds, which no server accepts
        client.users.get_udf_value_batch([bob["id"]])
        checks.expect(False, "users.get_udf_value_batch is broken in SDK 4.5.18 and must fail")
    except Exception:  # noqa: BLE001 (the SDK crashes with TypeError on the plain validation error)
        checks.expect(True, "users.get_udf_value_batch fails (SDK bug)")

    client.udf.remove("USER", "profile")
    checks.expect_equal("profile" in [field["key"] for field in client.udf.list("USER")], False, "udf.remove")
    checks.expect_equal("profile" in client.users.get_udf_value(bob["id"]), False, "udf.remove drops the values")
    checks.expect_error(2080, "udf.remove unknown key", client.udf.remove, "USER", "profile")


def check_login(args, client, checks, suffix, bob):
    """Passwords are write-only; the SDK's AuthenticationClient proves them (RSA-encrypted with
    the key the management client uses)."""
    auth = AuthenticationClient(AuthenticationClientOptions(user_pool_id=args.userpool_id, host=args.host,
                                                            enc_public_key=client.options.enc_public_key))
    user = auth.login_by_username("bob-" + suffix, "123456")
    checks.expect_equal((user["id"], user["loginsCount"]), (bob["id"], 3), "login_by_username (count 2 -> 3)")
    checks.expect(bool(user["token"]) and user["lastLogin"] is not None, "login sets token and lastLogin", user)
    checks.expect_error(2333, "login_by_username wrong password", auth.login_by_username, "bob-" + suffix, "1234567")
    client.users.update(bob["id"], {"password": "new-secret"})
    checks.expect_error(2333, "old password after users.update", auth.login_by_username, "bob-" + suffix, "123456")
    user = auth.login_by_email("BOB-%s@example.com" % suffix, "new-secret")
    checks.expect_equal(user["id"], bob["id"], "login_by_email with the updated password")
    user = auth.login_by_phone_password(bob["phone"], "new-secret")
    checks.expect_equal(user["loginsCount"], 5, "login_by_phone_password")

    migrated = client.users.create({"username": "migrated-" + suffix,
                                    "password": hashlib.md5(b"legacy-pass").hexdigest()}, keep_password=True)
    user = auth.login_by_username("migrated-" + suffix, "legacy-pass")
    checks.expect_equal(user["id"], migrated["id"], "keep_password md5 hash verifies at login")
    return migrated


def check_groups(client, checks, suffix, bob):
    code = "users-group-" + suffix
    client.groups.create(code, "Users group")
    checks.expect_equal(client.users.add_group(bob["id"], code)["code"], 200, "users.add_group")
    checks.expect_equal([group["code"] for group in client.users.list_groups(bob["id"])["list"]], [code],
                        "users.list_groups")
    searched = client.users.search(suffix, group_opts=[{"code": code}])
    checks.expect_equal([user["id"] for user in searched["list"]], [bob["id"]], "users.search group_opts")
    checks.expect_equal(client.users.remove_group(bob["id"], code)["code"], 200, "users.remove_group")
    checks.expect_equal(client.users.list_groups(bob["id"])["totalCount"], 0, "users.list_groups after removal")
    client.groups.delete(code)


def check_roles(client, checks, suffix, bob):
    """Only when the server implements roles: detected by calling, never assumed."""
    code = "users-role-" + suffix
    try:
        client.roles.create(code=code, description="role for the users checks")
    except AuthingException as error:
        if error.code == 500 and "not implemented" in str(error.message):
            print("NOTE: roles are not implemented by this server; skipped list/add/remove roles and has_role")
            return
        raise
    checks.expect_equal(client.users.has_role(bob["id"], code), False, "users.has_role before add_roles")
    checks.expect_equal(client.users.add_roles(bob["id"], [code])["code"], 200, "users.add_roles")
    checks.expect_equal([role["code"] for role in client.users.list_roles(bob["id"])["list"]], [code],
                        "users.list_roles")
    checks.expect_equal(client.users.has_role(bob["id"], code, namespace="default"), True, "users.has_role")
    searched = client.users.search(suffix, role_opts=[{"namespace": "default", "code": code}])
    checks.expect_equal([user["id"] for user in searched["list"]], [bob["id"]], "users.search role_opts")
    checks.expect_equal(client.users.remove_roles(bob["id"], [code])["code"], 200, "users.remove_roles")
    checks.expect_equal(client.users.list_roles(bob["id"])["totalCount"], 0, "users.list_roles after removal")
    checks.expect_equal(client.users.has_role(bob["id"], code), False, "users.has_role after remove_roles")
    client.roles.delete(code)


def check_delete(client, checks, users):
    first, rest = users[0], users[1:]
    checks.expect_equal(client.users.delete(first["id"])["code"], 200, "users.delete")
    checks.expect_equal(client.users.detail(first["id"]), None, "users.detail after delete -> None")
    checks.expect_error(2004, "users.delete_many with an unknown id", client.users.delete_many,
                        [rest[0]["id"], first["id"]])
    checks.expect_equal(client.users.exists(username=rest[0]["username"]), True, "delete_many is all or nothing")
    checks.expect_equal(client.users.delete_many([user["id"] for user in rest])["code"], 200, "users.delete_many")
    archived = client.users.list_archived_users(page=1, limit=100)
    archived_ids = [user["id"] for user in archived["list"]]
    checks.expect(all(user["id"] in archived_ids for user in users), "list_archived_users has the deleted users",
                  archived_ids)


def main(argv=None):
    args = parse_args(__doc__.splitlines()[0], argv)
    client = management_client(args)
    checks = Checks()
    suffix = uuid.uuid4().hex[:8]
    check_udf_definitions(client, checks)
    bob = check_create_and_read(client, checks, suffix)
    alice = check_lists(client, checks, suffix, bob)
    check_custom_data(client, checks, bob, alice)
    migrated = check_login(args, client, checks, suffix, bob)
    check_groups(client, checks, suffix, bob)
    check_roles(client, checks, suffix, bob)
    check_delete(client, checks, [alice, bob, migrated])

    return checks.summary()


if __name__ == "__main__":
    sys.exit(main())
