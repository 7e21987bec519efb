"""Read what a bootstrap of the sample tenant made, with the unmodified official Python SDK
(authing==4.5.18), and print it as JSON: the organisations with their nodes and members,
the pool's policies and their assignments, an application's OIDC settings, and who may use
one resource (``acl.get_authorized_targets``).

Runs in the SDK's own virtualenv (test_python_sdk_sample_tenant.py bootstraps with the plugin).

    python sdk_read_sample_tenant.py --host URL --userpool-id ID --secret S APP_ID RESOURCE
"""

import json
import sys

from sdk_checks import management_client, parse_args


def main(argv=None):
    argv = list(sys.argv[1:] if argv is None else argv)
    app_id, resource = argv[-2:]
    client = management_client(parse_args(__doc__.splitlines()[0], argv[:-2]))
    orgs = []
    for org in client.org.list(page=1, limit=50)["list"]:
        nodes = {}
        for node in org["nodes"]:
            members = client.org.list_members(node["id"], page=1, limit=50)["users"]["list"]
            nodes[node["code"]] = sorted(user["username"] for user in members)
        orgs.append({"code": org["rootNode"]["code"], "nodes": nodes})
    policies = {}
    for policy in client.policies.list(page=1, limit=50)["list"]:
        assigned = client.policies.list_assignments(policy["code"], page=1, limit=50)["list"]
        policies[policy["code"]] = {"statements": policy["statements"],
                                    "assigned": sorted(a["targetType"] for a in assigned)}
    app = client.applications.find_by_id(app_id)
    targets = client.acl.get_authorized_targets(app_id, "DATA", resource)
    print(json.dumps({"orgs": orgs, "policies": policies, "oidc": app.get("oidcConfig"),
                      "login_tabs": app.get("loginTabs"), "agreement_enabled": app.get("agreementEnabled"),
                      "targets": sorted((t["targetType"], sorted(t["actions"])) for t in targets["list"])},
                     sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
