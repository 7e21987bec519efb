"""Check that every GraphQL document of the official Python SDK validates against the schema a
server publishes by introspection, exactly as the SDK does before each call (gql 2.0.0 +
graphql-core 2: introspect without a token, ``build_client_schema``, ``validate``).

Runs in the SDK's virtualenv. Exit status 1 lists the documents that would fail client-side.

    python sdk_schema_check.py --host http://127.0.0.1:PORT
"""

import argparse
import sys

from authing.v2.common.codegen import QUERY
from gql import Client
from gql.transport.requests import RequestsHTTPTransport
from graphql import parse
from graphql.validation import validate


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", required=True)
    args = parser.parse_args(argv)

    client = Client(transport=RequestsHTTPTransport(args.host + "/graphql/v2"), fetch_schema_from_transport=True)
    invalid = {}
    for name, document in sorted(QUERY.items()):
        errors = validate(client.schema, parse(document))
        if errors:
            invalid[name] = [error.message for error in errors]
    for name, messages in invalid.items():
        print("INVALID %s: %s" % (name, "; ".join(messages)))
    print("%d SDK documents, %d invalid" % (len(QUERY), len(invalid)))
    return 1 if invalid else 0


if __name__ == "__main__":
    sys.exit(main())
