"""Conformance: the unmodified official Python SDK (authing==4.5.18) runs the seed documents'
application examples (applications, resources, agreements, secret refresh, access policies) and
the role calls (roles.* and users.*_roles / has_role) against the emulator. The SDK interpreter
and the emulator fixture are those of ``test_python_sdk.py``."""

import collections

import requests

from sdk_harness import SECRET, USERPOOL_ID, run_sdk_script

EXPECTED_REST_OPERATIONS = {
    "applications.create", "applications.list", "applications.detail", "applications.update", "applications.delete",
    "applications.refresh-secret", "applications.active-users",
    "resources.create", "resources.list", "resources.detail", "resources.update", "resources.delete",
    "agreements.create", "agreements.list", "agreements.modify", "agreements.delete", "agreements.sort",
    "authorization.allow", "authorization.deny", "authorization.enable", "authorization.disable",
    "authorization.revoke", "authorization.records", "users.has-role",
}
EXPECTED_GRAPHQL_OPERATIONS = {"createRole", "updateRole", "role", "roles", "deleteRole", "deleteRoles",
                               "assignRole", "revokeRole", "user"}


def test_sdk_applications_and_roles_against_the_emulator(sdk_python, emulator):  # noqa: F811
    result = run_sdk_script(sdk_python, "sdk_applications_roles.py", "--host", emulator.url,
                            "--userpool-id", USERPOOL_ID, "--secret", SECRET)
    assert result.returncode == 0, result.stdout + result.stderr
    assert " 0 failed" in result.stdout

    log = requests.get(emulator.url + "/__emulator__/requests", timeout=10).json()["requests"]
    operations = collections.Counter(entry["operation"] for entry in log)
    missing = (EXPECTED_REST_OPERATIONS | EXPECTED_GRAPHQL_OPERATIONS) - set(operations)
    assert not missing, "the SDK never reached %s" % sorted(missing)
    graphql_calls = sum(1 for entry in log if entry["path"] == "/graphql/v2")
    assert operations["__schema"] * 2 == graphql_calls  # introspection before every SDK GraphQL call
    assert operations["accessToken"] == 1  # the 15-day token is cached
    assert not [entry for entry in log if entry["code"] == 500], "the SDK hit unimplemented surface"
    assert not [entry for entry in log if entry["operation"] is None], "the SDK hit an unknown route"
