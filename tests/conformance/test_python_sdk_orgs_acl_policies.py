"""Conformance: the unmodified official Python SDK (authing==4.5.18) runs its organisation
(``org.*``, ``users.list_org`` / ``list_department``), resource-permission (``acl.*`` and the
``list_authorized_resources`` of users, groups, roles and nodes) and policy calls (``policies.*``,
``users.*_policies``, ``roles.*_policies``) against the emulator. The SDK interpreter and the
emulator fixture are those of ``test_python_sdk.py``."""

import collections

import requests

from sdk_harness import SECRET, USERPOOL_ID, run_sdk_script

EXPECTED_OPERATIONS = {
    # organisations
    "createOrg", "addNode", "addNodeV2", "org", "orgs", "nodeById", "nodeByCode", "updateNode", "rootNode",
    "isRootNode", "childrenNodes", "searchNodes", "moveNode", "addMember", "removeMember", "moveMembers",
    "setMainDepartment", "deleteNode", "deleteOrg", "users.orgs", "user", "assignRole", "revokeRole",
    # resource permissions
    "authorizeResource", "acl.revoke-resource", "authorizedResources", "authorizedTargets", "group", "role",
    "resources.create", "resources.delete",
    # policies
    "createPolicy", "updatePolicy", "policy", "policies", "deletePolicy", "deletePolicies", "policyAssignments",
    "addPolicyAssignments", "removePolicyAssignments", "enablePolicyAssignment", "disbalePolicyAssignment",
}


def test_sdk_orgs_acl_and_policies_against_the_emulator(sdk_python, emulator):  # noqa: F811
    result = run_sdk_script(sdk_python, "sdk_orgs_acl_policies.py", "--host", emulator.url,
                            "--userpool-id", USERPOOL_ID, "--secret", SECRET)
    assert result.returncode == 0, result.stdout + result.stderr
    assert " 0 failed" in result.stdout

    log = requests.get(emulator.url + "/__emulator__/requests", timeout=10).json()["requests"]
    operations = collections.Counter(entry["operation"] for entry in log)
    missing = EXPECTED_OPERATIONS - set(operations)
    assert not missing, "the SDK never reached %s" % sorted(missing)
    graphql_calls = sum(1 for entry in log if entry["path"] == "/graphql/v2")
    assert operations["__schema"] * 2 == graphql_calls  # introspection before every SDK GraphQL call
    assert operations["accessToken"] == 1
    assert not [entry for entry in log if entry["code"] == 500], "the SDK hit unimplemented surface"
    assert not [entry for entry in log if entry["operation"] is None], "the SDK hit an unknown route"
    assert not [entry for entry in log if entry["status"] != 200], "a document was refused"
