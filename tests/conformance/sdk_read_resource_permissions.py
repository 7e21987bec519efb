"""Read the grants of one resource with the unmodified official Python SDK (authing==4.5.18) and
print them as JSON: ``acl.get_authorized_targets`` for the resource, and each target's own view
(``roles.list_authorized_resources``, ``groups.list_authorized_resources``,
``acl.list_authorized_resources`` for users and nodes).

Runs in the SDK's own virtualenv (test_python_sdk_resource_permissions.py grants with the plugin
first).

    python sdk_read_resource_permissions.py --host URL --userpool-id ID --secret S NAMESPACE CODE TYPE
"""

import json
import sys

from sdk_checks import management_client, parse_args


def main(argv=None):
    argv = list(sys.argv[1:] if argv is None else argv)
    namespace, code, resource_type = argv[-3:]
    client = management_client(parse_args(__doc__.splitlines()[0], argv[:-3]))
    targets = client.acl.get_authorized_targets(namespace, resource_type, code)
    views = {}
    for target in targets["list"]:
        kind, identifier = target["targetType"], target["targetIdentifier"]
        if kind == "ROLE":
            listed = client.roles.list_authorized_resources(identifier, namespace)
        elif kind == "GROUP":
            listed = client.groups.list_authorized_resources(identifier, namespace)
        else:
            listed = client.acl.list_authorized_resources(namespace, kind, identifier)
        views["%s %s" % (kind, identifier)] = [dict(item, actions=sorted(item.get("actions") or []))
                                               for item in listed["list"]]
    print(json.dumps({"targets": targets, "views": views}, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
