"""The unit the core works with: one identified API call and its outcome.

A call is identified (operation name, read/write) before it runs, so that the request log and
fault injection see every request the same way whether it is GraphQL or REST.
"""

import json


class Outcome:
    """What goes back to the client: HTTP status, JSON body and the Authing business code."""

    def __init__(self, status, body, code, headers=None):
        self.status = status
        self.body = body
        self.code = code
        self.headers = headers or {}
        self._serialized = None

    def serialize(self):
        """JSON text, computed once (cached introspection outcomes are served many times)."""
        if self._serialized is None:
            self._serialized = json.dumps(self.body, ensure_ascii=False, separators=(",", ":"))
        return self._serialized


class ApiCall:
    """Base class: ``operation`` and ``kind`` for the log; ``run(ctx)`` does the work."""

    operation = None
    kind = "read"
    needs_store = True

    def run(self, ctx):
        raise NotImplementedError


class RejectedCall(ApiCall):
    """A request refused before any handler runs (malformed body, unknown route)."""

    needs_store = False

    def __init__(self, outcome, operation=None, kind="read"):
        self.outcome = outcome
        self.operation = operation
        self.kind = kind

    def run(self, ctx):
        return self.outcome
