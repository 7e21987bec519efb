"""Drive the unmodified official Python SDK (authing==4.5.18) through organisations (``org.*``,
``users.list_org`` / ``list_department``), resource permissions (``acl.authorize_resource`` /
``revoke_resource`` / ``list_authorized_resources`` / ``get_authorized_targets`` and the users',
groups', roles' and nodes' ``list_authorized_resources``) and policies (``policies.*``,
``users.*_policies``, ``roles.*_policies``) against an Authing-compatible server; check every answer.

Runs in the SDK's own virtualenv. Exit status 0 means every check passed; each failed check is
printed and makes the exit status 1.

    python sdk_orgs_acl_policies.py --host http://127.0.0.1:PORT --userpool-id ID --secret S
"""

import re
import sys
import uuid

from authing.v2.exceptions import AuthingException, AuthingWrongArgumentException

from sdk_checks import Checks, management_client, parse_args

OBJECT_ID = re.compile(r"^[0-9a-f]{24}$")
MISSING_ID = "ffffffffffffffffffffffff"


def codes(nodes):
    return [node["code"] for node in nodes]


def check_orgs(client, checks, suffix, alice, bob):
    org = client.org
    created = org.create("Acme " + suffix, code="acme-" + suffix, description="The company")
    root = created["rootNode"]
    checks.expect(OBJECT_ID.match(created["id"]) is not None and OBJECT_ID.match(root["id"]) is not None,
                  "org.create returns 24-hex ids", created)
    checks.expect_equal((root["name"], root["code"], root["description"], root["root"], root["depth"], root["path"]),
                        ("Acme " + suffix, "acme-" + suffix, "The company", True, 0, [root["id"]]),
                        "org.create root node")
    checks.expect_equal(org.create_org("Second " + suffix)["rootNode"]["name"], "Second " + suffix,
                        "org.create_org (no code)")
    org_id = created["id"]

    whole = org.add_node(org_id, "Dev", root["id"], code="dev")
    checks.expect_equal(whole["id"], org_id, "org.add_node answers the organisation")
    dev = [node for node in whole["nodes"] if node["code"] == "dev"][0]
    checks.expect_equal((dev["depth"], dev["path"], dev["root"]), (1, [root["id"], dev["id"]], False),
                        "org.add_node node")
    backend = org.create_node("Backend", org_id, dev["id"], code="backend")
    checks.expect_equal((backend["orgId"], backend["code"], backend["path"]),
                        (org_id, "backend", [root["id"], dev["id"], backend["id"]]), "org.create_node (addNodeV2)")
    ops = org.create_node("Ops", org_id, root["id"], code="ops")
    checks.expect_error(2402, "org.add_node duplicate code in the organisation", org.add_node, org_id, "Dev 2",
                        root["id"], code="dev")
    checks.expect_error(2400, "org.add_node unknown organisation", org.add_node, MISSING_ID, "X", root["id"])

    found = org.find_by_id(org_id)
    checks.expect_equal(codes(found["nodes"]), ["acme-" + suffix, "dev", "backend", "ops"],
                        "org.find_by_id nodes (pre-order)")
    tree = org.find_by_id(org_id, treeify=True)
    checks.expect_equal([child["code"] for child in tree["nodes"][0]["children"]], ["dev", "ops"],
                        "org.find_by_id(treeify=True) builds the tree from children ids")
    listed = org.list(page=1, limit=10)
    checks.expect_equal(listed["totalCount"], 2, "org.list totalCount")
    checks.expect(org_id in [item["id"] for item in listed["list"]], "org.list lists the organisation", listed)
    checks.expect_equal(org.get_node_by_id(backend["id"])["path"], [root["id"], dev["id"], backend["id"]],
                        "org.get_node_by_id path")
    checks.expect_equal(org.get_node_by_id(MISSING_ID), None, "org.get_node_by_id unknown -> None")
    updated = org.update_node(dev["id"], name="Engineering", code="eng")
    checks.expect_equal((updated["name"], updated["code"], updated["description"]), ("Engineering", "eng", None),
                        "org.update_node")
    checks.expect_error(2402, "org.update_node to a code in use", org.update_node, dev["id"], code="ops")
    checks.expect_equal(org.root_node(org_id)["id"], root["id"], "org.root_node")
    checks.expect_equal((org.is_root_node(org_id, root["id"]), org.is_root_node(org_id, dev["id"])), (True, False),
                        "org.is_root_node")
    checks.expect_equal([node["id"] for node in org.list_children(root["id"])], [dev["id"], ops["id"]],
                        "org.list_children")
    checks.expect_equal(codes(org.search_nodes("engin")), ["eng"], "org.search_nodes")

    checks.expect_error(2403, "org.move_node under its own descendant", org.move_node, org_id, dev["id"],
                        backend["id"])
    moved = org.move_node(org_id, dev["id"], ops["id"])
    checks.expect_equal(moved["rootNode"]["children"], [ops["id"]], "org.move_node answers the organisation")
    checks.expect_equal(org.get_node_by_id(backend["id"])["path"], [root["id"], ops["id"], dev["id"], backend["id"]],
                        "org.move_node moves the subtree")

    added = org.add_members(backend["id"], [alice["id"], bob["id"]])
    checks.expect_equal(added["users"]["totalCount"], 2, "org.add_members")
    checks.expect_error(2004, "org.add_members unknown user", org.add_members, dev["id"], [MISSING_ID])
    members = org.list_members(backend["id"])
    checks.expect_equal([user["id"] for user in members["users"]["list"]], [alice["id"], bob["id"]],
                        "org.list_members")
    checks.expect_equal(org.list_members(ops["id"], include_children_nodes=True)["users"]["totalCount"], 2,
                        "org.list_members(include_children_nodes=True)")
    checks.expect_equal(org.delete_members(backend["id"], [bob["id"]])["users"]["totalCount"], 1,
                        "org.delete_members")
    checks.expect_equal(org.set_main_department(alice["id"], backend["id"])["code"], 200, "org.set_main_department")
    # (user_ids, target_node_id, source_node_id)
    checks.expect_equal(org.move_members([alice["id"]], dev["id"], backend["id"])["code"], 200, "org.move_members")
    checks.expect_equal(org.list_members(backend["id"])["users"]["totalCount"], 0, "org.move_members leaves the source")
    org.add_members(backend["id"], [alice["id"]])

    departments = client.users.list_department(alice["id"])["departments"]
    checks.expect_equal(departments["totalCount"], 2, "users.list_department totalCount")
    checks.expect_equal([item["department"]["code"] for item in departments["list"]], ["eng", "backend"],
                        "users.list_department departments, in joining order")
    user_orgs = client.users.list_org(alice["id"])
    checks.expect_equal([[item["type"] for item in path] for path in user_orgs],
                        [["org", "node", "node", "node"], ["org", "node", "node", "node", "node"]],
                        "users.list_org: the organisation, then the path to each department")
    checks.expect_equal(user_orgs[1][-1]["id"], backend["id"], "users.list_org ends at the department")

    role_code = "node-role-" + suffix
    client.roles.create(role_code)
    checks.expect_equal(org.add_roles(root["id"], [role_code])["code"], 200, "org.add_roles")
    checks.expect_equal(org.list_roles(backend["id"])["totalCount"], 1, "org.list_roles inherits from ancestors")
    org.add_roles(backend["id"], [role_code])
    checks.expect_equal(org.list_roles(backend["id"])["totalCount"], 1, "org.list_roles lists a role once")
    org.remove_roles(root["id"], [role_code])
    org.remove_roles(backend["id"], [role_code])
    checks.expect_equal(org.list_roles(backend["id"])["list"], [], "org.remove_roles")
    checks.expect_error(500, "org.list_roles of an unknown node", org.list_roles, MISSING_ID)

    checks.expect_error(2404, "org.delete_node of the root", org.delete_node, org_id, root["id"])
    checks.expect_equal(org.delete_node(org_id, dev["id"])["code"], 200, "org.delete_node")
    checks.expect_equal(org.get_node_by_id(backend["id"]), None, "org.delete_node deletes the subtree")
    checks.expect_equal(client.users.list_department(alice["id"])["departments"]["totalCount"], 0,
                        "org.delete_node removes the memberships")
    client.roles.delete(role_code)
    return created, ops


def check_acl(client, checks, suffix, alice, bob, org, ops):
    acl = client.acl
    group_code = "acl-group-" + suffix
    role_code = "acl-role-" + suffix
    client.groups.create(group_code, "ACL group")
    client.roles.create(role_code)
    client.groups.add_users(group_code, [bob["id"]])
    client.roles.add_users(role_code, [bob["id"]])
    org_node = client.org.create_node("Sales", org["id"], org["rootNode"]["id"], code="sales")
    client.org.add_members(org_node["id"], [bob["id"]])
    acl.create_resource("default", "books-" + suffix, "DATA", [{"name": "books:read", "description": "Read"}])
    books = "books-" + suffix

    checks.expect_equal(acl.authorize_resource("default", books + ":1", [
        {"targetType": "USER", "targetIdentifier": alice["id"], "actions": ["books:read", "books:edit"]},
        {"targetType": "USER", "targetIdentifier": bob["id"], "actions": ["books:read"]},
    ]), True, "acl.authorize_resource")
    acl.authorize_resource("default", books, [{"targetType": "ROLE", "targetIdentifier": role_code,
                                               "actions": ["books:list"]}])
    acl.authorize_resource("default", "menu-" + suffix, [{"targetType": "GROUP", "targetIdentifier": group_code}])
    acl.authorize_resource("default", "wiki:*", [{"targetType": "ORG", "targetIdentifier": org_node["id"],
                                                  "actions": ["wiki:read"]}])
    checks.expect_error(2004, "acl.authorize_resource to an unknown user", acl.authorize_resource, "default", books,
                        [{"targetType": "USER", "targetIdentifier": MISSING_ID, "actions": []}])
    checks.expect_error(2401, "acl.authorize_resource to an unknown node", acl.authorize_resource, "default", books,
                        [{"targetType": "ORG", "targetIdentifier": MISSING_ID}])
    checks.expect_raises(AuthingWrongArgumentException, "acl.authorize_resource checks opts client-side",
                         acl.authorize_resource, "default", books, [{"targetType": "USER"}])

    mine = acl.list_authorized_resources("default", "USER", alice["id"])
    expected = {"code": books + ":1", "type": "DATA", "actions": ["books:read", "books:edit"]}
    checks.expect_equal(mine, {"totalCount": 1, "list": [expected]},
                        "acl.list_authorized_resources (type from the resource kind)")
    acl.authorize_resource("default", books + ":1", [{"targetType": "USER", "targetIdentifier": alice["id"],
                                                      "actions": ["books:read"]}])
    checks.expect_equal(acl.list_authorized_resources("default", "USER", alice["id"])["list"][0]["actions"],
                        ["books:read"], "authorizing again replaces the actions")
    checks.expect_equal(acl.list_authorized_resources("default", "GROUP", group_code),
                        {"totalCount": 1, "list": [{"code": "menu-" + suffix}]},
                        "acl.list_authorized_resources (the SDK drops empty actions and null type)")
    targets = acl.get_authorized_targets("default", "DATA", books + ":1")
    checks.expect_equal([(item["targetType"], item["targetIdentifier"]) for item in targets["list"]],
                        [("USER", alice["id"]), ("USER", bob["id"])], "acl.get_authorized_targets")
    targets = acl.get_authorized_targets("default", "DATA", books + ":1", actions={"op": "AND", "list": ["books:read"]},
                                         target_type="USER")
    checks.expect_equal(targets["totalCount"], 2, "acl.get_authorized_targets with actions and target_type")

    via_user = client.users.list_authorized_resources(bob["id"], namespace="default")
    checks.expect_equal(sorted(item["code"] for item in via_user["list"]),
                        sorted([books + ":1", books, "menu-" + suffix, "wiki:*"]),
                        "users.list_authorized_resources includes roles, groups and departments")
    checks.expect_equal(client.groups.list_authorized_resources(group_code, "default")["totalCount"], 1,
                        "groups.list_authorized_resources")
    checks.expect_error(500, "groups.list_authorized_resources unknown group",
                        client.groups.list_authorized_resources, "nope-" + suffix)
    checks.expect_equal(client.roles.list_authorized_resources(role_code, "default")["list"],
                        [{"code": books, "type": "DATA", "actions": ["books:list"]}],
                        "roles.list_authorized_resources")
    checks.expect_equal(client.org.list_authorized_resources(org_node["id"], namespace="default")["list"],
                        [{"code": "wiki:*", "actions": ["wiki:read"]}], "org.list_authorized_resources")
    checks.expect_equal(client.org.list_authorized_resources_by_code(org["id"], "sales")["totalCount"], 1,
                        "org.list_authorized_resources_by_code")

    checks.expect_equal(acl.revoke_resource("default", books, [{"targetType": "USER",
                                                                "targetIdentifier": alice["id"]}]),
                        True, "acl.revoke_resource")
    checks.expect_equal(acl.list_authorized_resources("default", "USER", alice["id"])["totalCount"], 0,
                        "revoking the resource kind revokes its instances")
    checks.expect_equal(acl.list_authorized_resources("default", "USER", bob["id"])["totalCount"], 1,
                        "revoke_resource leaves other targets")
    checks.expect_error(2004, "acl.revoke_resource for an unknown user", acl.revoke_resource, "default", books,
                        [{"targetType": "USER", "targetIdentifier": MISSING_ID}])
    acl.delete_resource("default", books)
    checks.expect_equal(acl.list_authorized_resources("default", "ROLE", role_code)["totalCount"], 0,
                        "deleting a resource deletes its grants")
    client.groups.delete(group_code)
    client.roles.delete(role_code)


def check_policies(client, checks, suffix, alice):
    policies = client.policies
    code = "policy-" + suffix
    statements = [{"resource": "book:123", "actions": ["books:read"], "effect": "ALLOW"}]
    created = policies.create(code, statements, description="Read books")
    checks.expect_equal((created["code"], created["namespace"], created["isDefault"], created["description"],
                         created["assignmentsCount"]), (code, "default", False, "Read books", 0), "policies.create")
    checks.expect_equal(created["statements"], [dict(statements[0], condition=[])],
                        "policies.create statements (condition [] added)")
    checks.expect_error(2090, "policies.create duplicate code", policies.create, code, statements)
    checks.expect_equal(policies.detail(code)["statements"], created["statements"], "policies.detail")
    checks.expect_equal(policies.detail("nope-" + suffix), None, "policies.detail unknown -> None")
    new_statements = [{"resource": "book:123", "actions": ["books:read", "books:update"], "effect": "DENY"}]
    updated = policies.update(code, new_statements)
    checks.expect_equal((updated["statements"][0]["actions"], updated["statements"][0]["effect"],
                         updated["description"]), (["books:read", "books:update"], "DENY", "Read books"),
                        "policies.update replaces statements, keeps a null description")
    checks.expect(code in [item["code"] for item in policies.list()["list"]], "policies.list lists the policy")

    role_code = "policy-role-" + suffix
    client.roles.create(role_code)
    add = client.users.add_policies(alice["id"], [code])
    checks.expect_equal(add, {"code": 200, "message": "授权成功"}, "users.add_policies")
    checks.expect_equal(client.users.list_policies(alice["id"]),
                        {"totalCount": 1, "list": [{"code": code, "targetType": "USER",
                                                    "targetIdentifier": alice["id"]}]}, "users.list_policies")
    checks.expect_error(2091, "users.add_policies unknown policy", client.users.add_policies, alice["id"],
                        ["nope-" + suffix])
    client.roles.add_policies(role_code, [code])
    checks.expect_equal(client.roles.list_policies(role_code)["list"],
                        [{"code": code, "targetType": "ROLE", "targetIdentifier": role_code}], "roles.list_policies")
    checks.expect_equal(policies.list_assignments(code)["totalCount"], 2, "policies.list_assignments")
    checks.expect_equal(policies.disable_assignment(code, "USER", alice["id"])["code"], 200,
                        "policies.disable_assignment (disbalePolicyAssignment)")
    checks.expect_equal(policies.enable_assignment(code, "USER", alice["id"])["code"], 200,
                        "policies.enable_assignment")
    remove = client.users.remove_policies(alice["id"], [code])
    checks.expect_equal(remove, {"code": 200, "message": "取消授权成功"}, "users.remove_policies")
    checks.expect_equal(client.users.list_policies(alice["id"])["totalCount"], 0, "users.remove_policies removes")
    client.roles.remove_policies(role_code, [code])
    checks.expect_equal(policies.list_assignments(code)["totalCount"], 0, "roles.remove_policies removes")
    policies.add_assignments([code], "ROLE", [role_code])
    checks.expect_equal(policies.delete(code)["code"], 200, "policies.delete")
    checks.expect_equal(policies.detail(code), None, "policies.detail after delete")
    checks.expect_equal(client.roles.list_policies(role_code)["totalCount"], 0,
                        "deleting a policy deletes its assignments")
    policies.create(code + "-a", statements)
    checks.expect_error(2091, "policies.delete_many with an unknown code", policies.delete_many,
                        [code + "-a", code + "-b"])
    checks.expect_equal(policies.delete_many([code + "-a"])["code"], 200, "policies.delete_many")
    client.roles.delete(role_code)


def main(argv=None):
    args = parse_args(__doc__.splitlines()[0], argv)
    client = management_client(args)
    checks = Checks()
    suffix = uuid.uuid4().hex[:8]
    alice = client.users.create({"username": "org-alice-" + suffix})
    bob = client.users.create({"username": "org-bob-" + suffix})
    try:
        org, ops = check_orgs(client, checks, suffix, alice, bob)
        check_acl(client, checks, suffix, alice, bob, org, ops)
        check_policies(client, checks, suffix, alice)
        checks.expect_equal(client.org.delete_by_id(org["id"])["code"], 200, "org.delete_by_id")
        checks.expect_error(2400, "org.find_by_id after delete", client.org.find_by_id, org["id"])
    except AuthingException as error:
        checks.expect(False, "unexpected AuthingException", (error.code, error.message))
    for user in (alice, bob):
        client.users.delete(user["id"])
    return checks.summary()


if __name__ == "__main__":
    sys.exit(main())
