"""Authing v2 management API emulator.

A real HTTP server speaking the wire protocol of the Authing v2 service (GraphQL at
``/graphql/v2`` and REST under ``/api/v2``) so that the authing.cloud collection and unmodified
official SDKs can be tested offline. Start it with ``authing-emulator`` or
``python -m authing_emulator``; see ``docs/dev/contracts.md`` for the command line and the admin
endpoints.
"""

__version__ = "0.1.0"
