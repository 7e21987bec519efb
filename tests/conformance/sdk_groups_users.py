"""Drive the unmodified official Python SDK (authing==4.5.18) against an Authing-compatible
server and check every answer.

Runs in the SDK's own virtualenv (the SDK pins graphql-core 2 / gql 2.0.0). Exit status 0 means
every check passed; each failed check is printed and makes the exit status 1.

    python sdk_groups_users.py --host http://127.0.0.1:PORT --userpool-id ID --secret S
"""

import argparse
import re
import sys
import uuid

import requests
from authing.v2.exceptions import AuthingException
from authing.v2.management.authing import ManagementClient
from authing.v2.management.types import ManagementClientOptions

OBJECT_ID = re.compile(r"^[0-9a-f]{24}$")
TIMESTAMP = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$")


class Checks:
    def __init__(self):
        self.failures = []
        self.passed = 0

    def expect(self, condition, description, detail=None):
        if condition:
            self.passed += 1
        else:
            self.failures.append(description)
            print("FAIL: %s%s" % (description, "" if detail is None else " (got %r)" % (detail,)))

    def expect_equal(self, actual, expected, description):
        self.expect(actual == expected, "%s: expected %r" % (description, expected), actual)

    def expect_error(self, code, description, call, *args, **kwargs):
        """The SDK must raise AuthingException with this business code."""
        try:
            result = call(*args, **kwargs)
        except AuthingException as error:
            self.expect_equal(error.code, code, description + " -> error code")
        else:
            self.expect(False, description + ": expected AuthingException %d" % code, result)


def check_users(client, checks, suffix):
    alice = client.users.create({
        "username": "alice-" + suffix,
        "email": "Alice-%s@Example.COM" % suffix,
        "password": "correct horse battery staple",
        "nickname": "Alice",
    })
    checks.expect(OBJECT_ID.match(alice["id"]) is not None, "users.create returns a 24-hex id", alice["id"])
    checks.expect_equal(alice["username"], "alice-" + suffix, "users.create username")
    checks.expect_equal(alice["email"], "alice-%s@example.com" % suffix, "users.create lower-cases the email")
    checks.expect_equal(alice["nickname"], "Alice", "users.create nickname")
    checks.expect_equal(alice["status"], "Activated", "users.create default status")
    checks.expect_equal(alice["emailVerified"], False, "users.create default emailVerified")
    checks.expect_equal(alice["loginsCount"], 0, "users.create default loginsCount")
    checks.expect(TIMESTAMP.match(alice["createdAt"] or "") is not None, "createdAt is ISO-8601 with offset",
                  alice["createdAt"])
    checks.expect(alice["password"] is None or alice["password"] != "correct horse battery staple",
                  "users.create never echoes the clear-text password", alice["password"])

    bob = client.users.create({"username": "bob-" + suffix, "phone": "138%08d" % (uuid.uuid4().int % 10 ** 8)})
    checks.expect_error(2026, "users.create duplicate username", client.users.create,
                        {"username": "alice-" + suffix})
    checks.expect_error(2026, "users.create duplicate email (other case)", client.users.create,
                        {"email": "ALICE-%s@example.com" % suffix})

    found = client.users.find(username="alice-" + suffix)
    checks.expect_equal(found and found["id"], alice["id"], "users.find by username")
    found = client.users.find(email="ALICE-%s@EXAMPLE.com" % suffix)
    checks.expect_equal(found and found["id"], alice["id"], "users.find by email is case-insensitive")
    checks.expect_equal(client.users.find(username="nobody-" + suffix), None, "users.find unknown -> None")

    listed = client.users.list(page=1, limit=100)
    listed_ids = [user["id"] for user in listed["list"]]
    checks.expect(listed["totalCount"] >= 2, "users.list totalCount counts both users", listed["totalCount"])
    checks.expect(alice["id"] in listed_ids and bob["id"] in listed_ids, "users.list lists both users", listed_ids)
    first_page = client.users.list(page=1, limit=1)
    checks.expect_equal(len(first_page["list"]), 1, "users.list honours limit")
    checks.expect_equal(first_page["totalCount"], listed["totalCount"], "users.list totalCount is the full count")

    detail = client.users.detail(alice["id"])
    checks.expect_equal(detail and detail["username"], "alice-" + suffix, "users.detail (REST)")
    checks.expect_equal(client.users.detail("xxx"), None, "users.detail unknown id -> None")
    return alice, bob


def check_groups(client, checks, suffix, alice, bob):
    code, renamed = "dev-" + suffix, "developers-" + suffix
    created = client.groups.create(code, "Developers", "people who write code")
    checks.expect_equal(created["code"], code, "groups.create code")
    checks.expect_equal(created["name"], "Developers", "groups.create name")
    checks.expect_equal(created["description"], "people who write code", "groups.create description")
    checks.expect(TIMESTAMP.match(created["createdAt"] or "") is not None, "group createdAt format",
                  created["createdAt"])
    checks.expect_error(2050, "groups.create duplicate code", client.groups.create, code, "Again")

    detail = client.groups.detail(code)
    checks.expect_equal(detail and detail["name"], "Developers", "groups.detail")
    checks.expect_equal(client.groups.detail("missing-" + suffix), None, "groups.detail unknown -> None")

    updated = client.groups.update(code, name="Devs")
    checks.expect_equal(updated["name"], "Devs", "groups.update name")
    checks.expect_equal(updated["description"], "people who write code", "groups.update keeps description")
    updated = client.groups.update(code, new_code=renamed)
    checks.expect_equal(updated["code"], renamed, "groups.update new_code")
    checks.expect_equal(updated["name"], "Devs", "groups.update new_code keeps name")
    checks.expect_equal(client.groups.detail(code), None, "old code is gone after rename")
    checks.expect_error(2051, "groups.update unknown code", client.groups.update, code, name="x")

    listed = client.groups.list(page=1, limit=100)
    checks.expect(renamed in [group["code"] for group in listed["list"]], "groups.list contains the group",
                  listed)

    result = client.groups.add_users(renamed, [alice["id"], bob["id"]])
    checks.expect_equal(result["code"], 200, "groups.add_users")
    checks.expect_error(2004, "groups.add_users unknown user id", client.groups.add_users, renamed,
                        ["ffffffffffffffffffffffff"])
    members = client.groups.list_users(renamed, page=1, limit=10)
    checks.expect_equal(members["totalCount"], 2, "groups.list_users totalCount")
    checks.expect_equal(sorted(user["id"] for user in members["list"]), sorted([alice["id"], bob["id"]]),
                        "groups.list_users members")
    checks.expect_equal(len(client.groups.list_users(renamed, page=2, limit=1)["list"]), 1,
                        "groups.list_users second page")
    user_groups = client.users.list_groups(alice["id"])
    checks.expect_equal([group["code"] for group in user_groups["list"]], [renamed], "users.list_groups")

    result = client.groups.remove_users(renamed, [bob["id"]])
    checks.expect_equal(result["code"], 200, "groups.remove_users")
    result = client.groups.remove_users(renamed, [bob["id"]])
    checks.expect_equal(result["code"], 200, "groups.remove_users of a non-member succeeds")
    members = client.groups.list_users(renamed)
    checks.expect_equal([user["id"] for user in members["list"]], [alice["id"]], "members after removal")

    result = client.groups.delete(renamed)
    checks.expect_equal(result["code"], 200, "groups.delete")
    checks.expect_equal(client.groups.detail(renamed), None, "groups.detail after delete -> None")
    checks.expect_error(2051, "groups.delete unknown code", client.groups.delete, renamed)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", required=True)
    parser.add_argument("--userpool-id", required=True)
    parser.add_argument("--secret", required=True)
    args = parser.parse_args(argv)

    public_key = requests.get(args.host + "/api/v2/.well-known", timeout=10).json()["data"]["publicKey"]
    client = ManagementClient(ManagementClientOptions(
        user_pool_id=args.userpool_id, secret=args.secret, host=args.host, enc_public_key=public_key))
    checks = Checks()
    suffix = uuid.uuid4().hex[:8]
    alice, bob = check_users(client, checks, suffix)
    check_groups(client, checks, suffix, alice, bob)
    for user in (alice, bob):
        checks.expect_equal(client.users.delete(user["id"])["code"], 200, "users.delete")
    checks.expect_equal(client.users.detail(alice["id"]), None, "users.detail after delete -> None")

    print("%d checks passed, %d failed" % (checks.passed, len(checks.failures)))
    return 1 if checks.failures else 0


if __name__ == "__main__":
    sys.exit(main())
