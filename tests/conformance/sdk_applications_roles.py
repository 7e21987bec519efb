"""Drive the unmodified official Python SDK (authing==4.5.18) through the application examples of
the seed documents (applications, resources, agreements, secret refresh, access policies) and
through roles (including application roles), against an Authing-compatible server; check every
answer.

Runs in the SDK's own virtualenv. Exit status 0 means every check passed; each failed check is
printed and makes the exit status 1.

    python sdk_applications_roles.py --host http://127.0.0.1:PORT --userpool-id ID --secret S
"""

import re
import sys
import uuid

from authing.v2.exceptions import AuthingWrongArgumentException

from sdk_checks import Checks, management_client, parse_args

OBJECT_ID = re.compile(r"^[0-9a-f]{24}$")
SECRET = re.compile(r"^[0-9a-f]{28}$")
REST_TIMESTAMP = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")
MISSING_ID = "ffffffffffffffffffffffff"


def check_applications(client, checks, suffix):
    apps = client.applications
    identifier = "python-sdk-unittest-" + suffix
    app = apps.create(name="python sdk unittest " + suffix, identifier=identifier,
                      redirect_uris=["https://www.authing.com"])
    checks.expect(OBJECT_ID.match(app["id"]) is not None, "applications.create returns a 24-hex id", app["id"])
    checks.expect_equal(app["name"], "python sdk unittest " + suffix, "applications.create name")
    checks.expect_equal(app["identifier"], identifier, "applications.create identifier")
    checks.expect_equal(app["redirectUris"], ["https://www.authing.com"], "applications.create redirectUris")
    checks.expect(SECRET.match(app["secret"]) is not None, "application secret is 28 hex digits", app["secret"])
    checks.expect(REST_TIMESTAMP.match(app["createdAt"]) is not None, "REST timestamps have ms and Z",
                  app["createdAt"])
    checks.expect_equal(app["permissionStrategy"], {"enabled": False, "defaultStrategy": "ALLOW_ALL",
                                                    "allowPolicyId": None, "denyPolicyId": None},
                        "new application's permissionStrategy")
    checks.expect_equal((app["oidcConfig"]["client_id"], app["oidcConfig"]["client_secret"]),
                        (app["id"], app["secret"]), "oidcConfig client_id/client_secret")
    checks.expect_error(2039, "applications.create duplicate identifier", apps.create, name="again",
                        identifier=identifier, redirect_uris=[])
    checks.expect_raises(AuthingWrongArgumentException, "applications.create checks redirect_uris client-side",
                         apps.create, name="x", identifier="x-" + suffix, redirect_uris="https://x")

    listed = apps.list()
    checks.expect(app["id"] in [item["id"] for item in listed["list"]], "applications.list lists the app", listed)
    checks.expect(listed["totalCount"] >= 1, "applications.list totalCount", listed["totalCount"])
    checks.expect_equal(len(apps.list(page=1, limit=1)["list"]), 1, "applications.list honours limit")
    found = apps.find_by_id(app["id"])
    checks.expect_equal(found and found["id"], app["id"], "applications.find_by_id")
    checks.expect_equal(found and found["secret"], app["secret"], "applications.find_by_id secret")
    checks.expect_error(2011, "applications.find_by_id unknown id", apps.find_by_id, MISSING_ID)

    envelope = apps.active_users(app["id"])
    data = checks.expect_envelope(envelope, 200, "applications.active_users")
    checks.expect_equal(data, {"totalCount": 0, "list": []}, "applications.active_users is an empty page")

    envelope = apps.refresh_application_secret(app["id"])
    data = checks.expect_envelope(envelope, 200, "applications.refresh_application_secret") or {}
    checks.expect(SECRET.match(data.get("secret") or "") is not None and data.get("secret") != app["secret"],
                  "refresh_application_secret returns a new 28-hex secret", data.get("secret"))
    checks.expect_equal(apps.find_by_id(app["id"])["secret"], data.get("secret"), "the new secret is stored")
    checks.expect_envelope(apps.refresh_application_secret(MISSING_ID), 2011, "refresh secret of unknown app")
    return app


def check_resources(client, checks, app):
    apps, acl, app_id = client.applications, client.acl, app["id"]
    checks.expect_equal(apps.list_resources(app_id=app_id, resource_type="MENU"), {"list": [], "totalCount": 0},
                        "applications.list_resources on a new app")
    book = apps.create_resource(app_id=app_id, code="book", resource_type="DATA", description="book",
                                actions=[{"name": "book:write", "description": "Book writing operation"}])
    checks.expect(OBJECT_ID.match(book["id"]) is not None, "create_resource returns a 24-hex id", book)
    checks.expect_equal((book["code"], book["type"], book["description"], book["apiIdentifier"]),
                        ("book", "DATA", "book", None), "applications.create_resource")
    checks.expect_equal(book["actions"], [{"name": "book:write", "description": "Book writing operation"}],
                        "create_resource actions")
    checks.expect(isinstance(book["namespaceId"], int), "resource namespaceId is an integer", book["namespaceId"])
    api = acl.create_resource(namespace=app_id, code="orders", resource_type="API",
                              actions=[{"name": "orders:read", "description": "read"}],
                              api_identifier="https://api.example.com/orders")
    checks.expect_equal(api["apiIdentifier"], "https://api.example.com/orders", "acl.create_resource apiIdentifier")
    checks.expect_error(2070, "create_resource duplicate code", apps.create_resource, app_id=app_id, code="book",
                        resource_type="MENU", actions=[])

    listed = apps.list_resources(app_id=app_id)
    checks.expect_equal([item["code"] for item in listed["list"]], ["book", "orders"], "list_resources codes")
    checks.expect_equal(listed["list"][0].get("namespace"), app_id, "listed resources name their namespace")
    apis = apps.list_resources(app_id=app_id, resource_type="API")
    checks.expect_equal([item["code"] for item in apis["list"]], ["orders"], "list_resources type filter")
    checks.expect_equal(apps.list_resources(app_id=app_id, page=2, limit=1)["list"][0]["code"], "orders",
                        "list_resources paging")

    checks.expect_raises(AuthingWrongArgumentException,
                         "applications.update_resource without resource_type always raises (SDK bug)",
                         apps.update_resource, app_id=app_id, code="book", description="New description")
    updated = acl.update_resource(namespace=app_id, code="book", description="New description", actions=[
        {"name": "book:write", "description": "Book writing operation 2"},
        {"name": "book:read", "description": "Book reading operation 2"}])
    checks.expect_equal([action["name"] for action in updated["actions"]], ["book:write", "book:read"],
                        "acl.update_resource replaces actions")
    checks.expect_equal((updated["description"], updated["type"], updated["id"]),
                        ("New description", "DATA", book["id"]), "acl.update_resource keeps the rest")
    updated = acl.update_resource(namespace=app_id, code="book", resource_type="MENU")
    checks.expect_equal((updated["type"], len(updated["actions"])), ("MENU", 2), "acl.update_resource type only")
    checks.expect_error(2071, "acl.update_resource unknown code", acl.update_resource, namespace=app_id,
                        code="missing", description="x")

    by_code = acl.get_resource_by_code(namespace=app_id, code="book")
    checks.expect_equal((checks.expect_envelope(by_code, 200, "acl.get_resource_by_code") or {}).get("id"),
                        book["id"], "acl.get_resource_by_code")
    by_id = acl.get_resource_by_id(book["id"])
    checks.expect_equal((checks.expect_envelope(by_id, 200, "acl.get_resource_by_id") or {}).get("code"), "book",
                        "acl.get_resource_by_id")

    checks.expect_equal(apps.delete_resource(app_id=app_id, code="book"), True, "applications.delete_resource")
    checks.expect_equal(acl.get_resource_by_code(namespace=app_id, code="book").get("data"), None,
                        "detail after delete -> data null")
    checks.expect_error(2071, "delete_resource unknown code", apps.delete_resource, app_id=app_id, code="book")
    checks.expect_equal(acl.delete_resource(namespace=app_id, code="orders"), True, "acl.delete_resource")


def check_agreements(client, checks, app):
    apps, app_id = client.applications, app["id"]
    first = checks.expect_envelope(apps.create_agreement(app_id, "I agree to the terms"), 200,
                                   "applications.create_agreement") or {}
    checks.expect(isinstance(first.get("id"), int), "agreement ids are integers", first.get("id"))
    checks.expect_equal((first.get("title"), first.get("required"), first.get("lang"), first.get("order"),
                         first.get("appId")), ("I agree to the terms", True, "zh-CN", 1, app_id),
                        "create_agreement defaults")
    second = checks.expect_envelope(apps.create_agreement(app_id, "privacy", required=False, lang="en-US"), 200,
                                    "create_agreement with options") or {}
    checks.expect_equal((second.get("required"), second.get("lang"), second.get("order")), (False, "en-US", 2),
                        "second agreement comes next")

    listed = checks.expect_envelope(apps.list_agreement(app_id), 200, "applications.list_agreement") or {}
    checks.expect_equal([item["id"] for item in listed.get("list", [])], [first.get("id"), second.get("id")],
                        "list_agreement in order")

    modified = checks.expect_envelope(apps.modify_agreement(app_id, str(second.get("id")), "privacy policy"), 200,
                                      "applications.modify_agreement") or {}
    checks.expect_equal((modified.get("title"), modified.get("required"), modified.get("lang")),
                        ("privacy policy", True, "zh-CN"), "modify_agreement sends all three fields")
    checks.expect_envelope(apps.modify_agreement(app_id, "999999", "x"), 404, "modify_agreement unknown id")

    envelope = apps.sort_agreement(app_id, [str(second.get("id")), str(first.get("id"))])
    checks.expect_envelope(envelope, 200, "applications.sort_agreement")
    listed = apps.list_agreement(app_id)["data"]["list"]
    checks.expect_equal([(item["id"], item["order"]) for item in listed], [(second.get("id"), 1),
                                                                           (first.get("id"), 2)],
                        "sort_agreement reorders")
    checks.expect_envelope(apps.sort_agreement(app_id, [str(first.get("id"))]), 400,
                           "sort_agreement with an incomplete list")

    checks.expect_envelope(apps.delete_agreement(app_id, str(second.get("id"))), 200, "applications.delete_agreement")
    listed = apps.list_agreement(app_id)["data"]
    checks.expect_equal([(item["id"], item["order"]) for item in listed["list"]], [(first.get("id"), 1)],
                        "delete_agreement closes the gap")
    checks.expect_envelope(apps.delete_agreement(app_id, str(second.get("id"))), 404, "delete_agreement twice")


def _records(client, app_id):
    page = client.applications.get_access_policies(app_id, page=1, limit=100)
    return {(record["targetType"], record["targetIdentifier"]): record for record in page["list"]}, page


def check_access_policies(client, checks, app, alice, role_code):
    acl, app_id = client.acl, app["id"]
    group_code = "access-" + app_id[-6:]
    client.groups.create(group_code, "Access group")
    checks.expect_equal(client.applications.get_access_policies(app_id), {"totalCount": 0, "list": []},
                        "get_access_policies on a new app")

    envelope = acl.allow_access_application(app_id, "USER", [alice["id"]], app_id, None)
    checks.expect_envelope(envelope, 200, "acl.allow_access_application USER")
    records, page = _records(client, app_id)
    record = records.get(("USER", alice["id"])) or {}
    checks.expect_equal(page["totalCount"], 1, "get_access_policies totalCount")
    checks.expect_equal((record.get("enabled"), record.get("namespace")), (True, app_id), "allow record")
    checks.expect(str(record.get("code")).startswith("ApplicationLoginAccess:"), "allow record code", record)
    strategy = client.applications.find_by_id(app_id)["permissionStrategy"]
    checks.expect(strategy["enabled"] is True and strategy["allowPolicyId"] == record.get("policyId"),
                  "permissionStrategy switched on with the allow policy id", strategy)

    checks.expect_envelope(acl.deny_access_application(app_id, "USER", [alice["id"]], app_id, False), 200,
                           "acl.deny_access_application USER")
    records, page = _records(client, app_id)
    record = records.get(("USER", alice["id"])) or {}
    checks.expect_equal(page["totalCount"], 1, "deny after allow keeps one record")
    checks.expect_equal(record.get("policyId"), strategy["denyPolicyId"], "deny record uses the deny policy")
    checks.expect_equal(((record.get("policy") or {}).get("statements") or [{}])[0].get("effect"), "DENY",
                        "deny record effect")

    checks.expect_envelope(acl.allow_access_application(app_id, "GROUP", [group_code], app_id, None), 200,
                           "acl.allow_access_application GROUP")
    checks.expect_envelope(acl.allow_access_application(app_id, "ROLE", [role_code], app_id, None), 200,
                           "acl.allow_access_application ROLE (application namespace)")
    org = client.org.create("Access " + app_id)
    node_id = org["rootNode"]["id"]
    checks.expect_envelope(acl.allow_access_application(app_id, "ORG", [node_id], app_id, True),
                           200, "acl.allow_access_application ORG")
    records, page = _records(client, app_id)
    checks.expect_equal(page["totalCount"], 4, "four records")
    checks.expect_equal(((records.get(("ORG", node_id)) or {}).get("inheritByChildren")), True,
                        "ORG record inheritByChildren")
    checks.expect_envelope(acl.allow_access_application(app_id, "ORG", [MISSING_ID], app_id, None), 2401,
                           "allow for an unknown organisation node")

    checks.expect_envelope(acl.allow_access_application(app_id, "USER", [MISSING_ID], app_id, None), 2004,
                           "allow for an unknown user")
    checks.expect_envelope(acl.allow_access_application(app_id, "GROUP", ["no-such-group"], app_id, None), 2051,
                           "allow for an unknown group")
    checks.expect_envelope(acl.allow_access_application(app_id, "ROLE", ["no-such-role"], app_id, None), 2061,
                           "allow for an unknown role")
    checks.expect_raises(AuthingWrongArgumentException, "target_type is checked client-side",
                         acl.allow_access_application, app_id, "AK_SK", ["x"], app_id, None)

    checks.expect_envelope(acl.disable_application_access_policies(app_id, "GROUP", [group_code], app_id, None), 200,
                           "acl.disable_application_access_policies")
    records, _total = _records(client, app_id)
    checks.expect_equal((records.get(("GROUP", group_code)) or {}).get("enabled"), False, "disabled record")
    checks.expect_envelope(acl.enable_application_access_policies(app_id, "GROUP", [group_code], app_id, None), 200,
                           "acl.enable_application_access_policies")
    records, _total = _records(client, app_id)
    checks.expect_equal((records.get(("GROUP", group_code)) or {}).get("enabled"), True, "re-enabled record")
    checks.expect_envelope(acl.delete_application_access_policies(app_id, "GROUP", [group_code], app_id, None), 200,
                           "acl.delete_application_access_policies")
    records, page = _records(client, app_id)
    checks.expect(("GROUP", group_code) not in records and page["totalCount"] == 3, "revoked record is gone",
                  sorted(records))

    envelope = acl.update_default_application_access_policy(app_id, "DENY_ALL")
    data = checks.expect_envelope(envelope, 200, "acl.update_default_application_access_policy") or {}
    checks.expect_equal((data.get("permissionStrategy") or {}).get("defaultStrategy"), "DENY_ALL",
                        "default strategy DENY_ALL")
    checks.expect_equal(client.applications.find_by_id(app_id)["permissionStrategy"]["defaultStrategy"], "DENY_ALL",
                        "default strategy is stored")
    checks.expect_raises(AuthingWrongArgumentException, "default strategy is checked client-side",
                         acl.update_default_application_access_policy, app_id, "SOMETIMES")
    client.groups.delete(group_code)


def check_roles(client, checks, suffix, app, alice, bob):
    roles, users, app_id = client.roles, client.users, app["id"]
    code, renamed = "admin-" + suffix, "root-" + suffix
    created = roles.create(code, "Administrators")
    checks.expect(OBJECT_ID.match(created["id"]) is not None, "roles.create returns a 24-hex id", created)
    checks.expect_equal((created["code"], created["description"], created["namespace"], created["parent"]),
                        (code, "Administrators", "default", None), "roles.create")
    checks.expect_equal(created["arn"], "arn:cn:authing:%s:role:%s" % (client.options.user_pool_id, created["id"]),
                        "role arn")
    checks.expect_error(2060, "roles.create duplicate code", roles.create, code)
    app_role = roles.create(code, "Application admins", namespace=app_id)
    checks.expect_equal(app_role["namespace"], app_id, "the same code in the application's namespace")
    checks.expect_equal(roles.create("child-" + suffix, parentCode=code)["parent"], None,
                        "roles.create drops parentCode (SDK quirk)")

    checks.expect_equal((roles.detail(code) or {}).get("id"), created["id"], "roles.detail")
    checks.expect_equal((roles.detail(code, namespace=app_id) or {}).get("id"), app_role["id"],
                        "roles.detail in the application namespace")
    checks.expect_equal(roles.detail("missing-" + suffix), None, "roles.detail unknown -> None")

    updated = roles.update(code, description="Admins")
    checks.expect_equal((updated["code"], updated["description"]), (code, "Admins"), "roles.update description")
    updated = roles.update(code, newCode=renamed)
    checks.expect_equal((updated["code"], updated["description"]), (renamed, "Admins"), "roles.update newCode")
    checks.expect_equal(roles.detail(code), None, "old code is gone after rename")
    checks.expect_error(2061, "roles.update unknown code", roles.update, code, description="x")

    listed = roles.list(page=1, limit=100)
    checks.expect(renamed in [item["code"] for item in listed["list"]], "roles.list contains the role", listed)
    in_app = roles.list(namespace=app_id)
    checks.expect_equal([item["code"] for item in in_app["list"]], [code], "roles.list in the application")

    result = roles.add_users(renamed, [alice["id"], bob["id"]])
    checks.expect_equal(result["code"], 200, "roles.add_users")
    checks.expect_error(2004, "roles.add_users unknown user", roles.add_users, renamed, [MISSING_ID])
    checks.expect_error(2061, "roles.add_users unknown role", roles.add_users, "missing-" + suffix, [alice["id"]])
    members = roles.list_users(renamed)
    checks.expect_equal(members["totalCount"], 2, "roles.list_users totalCount")
    checks.expect_equal(sorted(user["id"] for user in members["list"]), sorted([alice["id"], bob["id"]]),
                        "roles.list_users members")
    checks.expect_equal(len(roles.list_users(renamed, page=2, limit=1)["list"]), 1, "roles.list_users paging")
    result = roles.remove_users(renamed, [bob["id"]])
    checks.expect_equal(result["code"], 200, "roles.remove_users")
    checks.expect_equal([user["id"] for user in roles.list_users(renamed)["list"]], [alice["id"]],
                        "members after removal")

    checks.expect_equal(users.add_roles(alice["id"], [code], namespace=app_id)["code"], 200, "users.add_roles")
    all_roles = users.list_roles(alice["id"])
    checks.expect_equal(sorted((item["namespace"], item["code"]) for item in all_roles["list"]),
                        sorted([("default", renamed), (app_id, code)]), "users.list_roles (every namespace)")
    checks.expect_equal([item["code"] for item in users.list_roles(alice["id"], namespace=app_id)["list"]], [code],
                        "users.list_roles in the application")
    checks.expect_equal(users.has_role(alice["id"], renamed), True, "users.has_role")
    checks.expect_equal(users.has_role(alice["id"], code, namespace=app_id), True, "users.has_role in the app")
    checks.expect_equal(users.has_role(bob["id"], renamed), False, "users.has_role false")
    checks.expect_equal(users.remove_roles(alice["id"], [code], namespace=app_id)["code"], 200, "users.remove_roles")
    checks.expect_equal(users.has_role(alice["id"], code, namespace=app_id), False, "has_role after remove_roles")

    checks.expect_equal(roles.delete(renamed)["code"], 200, "roles.delete")
    checks.expect_equal(roles.detail(renamed), None, "roles.detail after delete -> None")
    checks.expect_error(2061, "roles.delete unknown code", roles.delete, renamed)
    checks.expect_error(2061, "roles.delete_many with an unknown code", roles.delete_many,
                        ["child-" + suffix, "missing-" + suffix])
    checks.expect_equal(roles.delete_many(["child-" + suffix])["code"], 200, "roles.delete_many")
    return app_role


def main(argv=None):
    args = parse_args(__doc__.splitlines()[0], argv)
    client = management_client(args)
    checks = Checks()
    suffix = uuid.uuid4().hex[:8]
    alice = client.users.create({"username": "app-alice-" + suffix})
    bob = client.users.create({"username": "app-bob-" + suffix})

    app = check_applications(client, checks, suffix)
    check_resources(client, checks, app)
    check_agreements(client, checks, app)
    app_role = check_roles(client, checks, suffix, app, alice, bob)
    check_access_policies(client, checks, app, alice, app_role["code"])

    checks.expect_equal(client.applications.delete(app["id"]), True, "applications.delete")
    checks.expect_error(2011, "applications.find_by_id after delete", client.applications.find_by_id, app["id"])
    checks.expect_equal(client.roles.detail(app_role["code"], namespace=app["id"]), None,
                        "application roles are deleted with the application")
    checks.expect_error(2011, "applications.delete unknown id", client.applications.delete, app["id"])
    for user in (alice, bob):
        client.users.delete(user["id"])
    return checks.summary()


if __name__ == "__main__":
    sys.exit(main())
