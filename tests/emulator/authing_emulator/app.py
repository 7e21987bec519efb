"""The WSGI application: admin endpoints, then for API calls latency, fault injection, one
store transaction per call, and the request log."""

import json
import random
import socket
import struct
import time
import traceback

from werkzeug.exceptions import BadRequest
from werkzeug.wrappers import Request, Response

from .calls import Outcome, RejectedCall
from .domain import Context
from .domains import ALL_DOMAINS
from .errors import Code, not_implemented
from .graphql_api import GraphQLEndpoint
from .keys import KeyRing, TokenService
from .requestlog import RequestLog
from .rest import RestEndpoint
from .settings import RuntimeConfig
from .store import Store

ADMIN_PREFIX = "/__emulator__/"
GRAPHQL_PATH = "/graphql/v2"

FAULT_RESPONSES = {
    "500": (500, "emulated fault: internal server error"),
    "503": (503, "emulated fault: service unavailable"),
    "429": (429, "emulated fault: too many requests"),
}
DROPPED = 0  # status and code logged for a dropped connection: the client got no response


class EmulatorApp:
    def __init__(self, settings, domains=ALL_DOMAINS):
        self.settings = settings
        self.store = Store(settings.db)
        for domain in domains:
            self.store.install(domain.ddl, domain.tables)
        self.keys = KeyRing.load_or_create(self.store)
        self.tokens = TokenService(self.keys, settings.userpool_id, settings.token_ttl)
        self.graphql = GraphQLEndpoint(domains)
        self.rest = RestEndpoint(domains)
        self.config = RuntimeConfig(latency_ms=settings.latency_ms, fault_rate=settings.fault_rate)
        self.log = RequestLog()
        self._random = random.Random()
        self._admin_handlers = {
            ("GET", "requests"): lambda request: _json({"requests": self.log.entries()}),
            ("DELETE", "requests"): self._clear_log,
            ("GET", "config"): lambda request: _json(self.config.snapshot()),
            ("PUT", "config"): self._update_config,
            ("POST", "reset"): self._reset,
        }

    def __call__(self, environ, start_response):
        request = Request(environ)
        if request.path.startswith(ADMIN_PREFIX):
            response = self._admin(request)
        else:
            response = self._api(request)
        return response(environ, start_response)

    # -- API calls ------------------------------------------------------------------------

    def _api(self, request):
        call = self._identify(request)
        config = self.config.snapshot()
        if config["latency_ms"]:
            time.sleep(config["latency_ms"] / 1000.0)  # outside the store lock: clients overlap
        fault, phase = self._draw_fault(config)
        if fault is not None:
            if phase == "after":
                self._run(call, request)  # the write happens, the client never hears of it
            return self._inject(fault, config, request, call)
        outcome = self._run(call, request)
        self.log.record(request.method, request.path, call.operation, call.kind, outcome.status, outcome.code)
        response = Response(outcome.serialize(), status=outcome.status, mimetype="application/json")
        response.headers.extend(outcome.headers)
        return response

    def _identify(self, request):
        if request.path.rstrip("/") == GRAPHQL_PATH:
            if request.method != "POST":
                return RejectedCall(Outcome(405, {"errors": [{"message": "GraphQL requires POST"}]},
                                            Code.INVALID_ARGUMENT))
            try:
                body = json.loads(request.get_data(as_text=True) or "null")
            except ValueError:
                return RejectedCall(Outcome(400, {"errors": [{"message": "POST body sent invalid JSON."}]},
                                            Code.INVALID_ARGUMENT))
            return self.graphql.identify(body)
        return self.rest.identify(request)

    def _run(self, call, request):
        try:
            if not call.needs_store:
                return call.run(Context(None, self, request))
            with self.store.transaction() as db:
                return call.run(Context(db, self, request))
        except Exception as error:  # an emulator bug: keep the JSON contract, show the traceback
            traceback.print_exc()
            return Outcome(500, {"code": Code.INTERNAL, "message": "emulator error: %s" % error}, Code.INTERNAL)

    def _draw_fault(self, config):
        if not config["fault_rate"] or self._random.random() >= config["fault_rate"]:
            return None, None
        phase = config["fault_phase"]
        if phase == "random":
            phase = self._random.choice(("before", "after"))
        return self._random.choice(config["fault_kinds"]), phase

    def _inject(self, fault, config, request, call):
        if fault == "drop":
            self.log.record(request.method, request.path, call.operation, call.kind, DROPPED, DROPPED, fault)
            _drop_connection(request.environ)
            return Response(b"", status=500)
        status, message = FAULT_RESPONSES[fault]
        self.log.record(request.method, request.path, call.operation, call.kind, status, status, fault)
        response = Response(json.dumps({"code": status, "message": message}), status=status,
                            mimetype="application/json")
        if fault == "429":
            response.headers["Retry-After"] = str(config["retry_after"])
        return response

    # -- admin endpoints ------------------------------------------------------------------

    def _admin(self, request):
        action = request.path[len(ADMIN_PREFIX):].strip("/")
        handler = self._admin_handlers.get((request.method, action))
        if handler is None:
            return _json({"error": "unknown admin endpoint %s %s" % (request.method, request.path)}, 404)
        return handler(request)

    def _clear_log(self, _request):
        self.log.clear()
        return _json({"requests": []})

    def _update_config(self, request):
        try:
            return _json(self.config.update(request.get_json(force=True, silent=False)))
        except BadRequest:
            return _json({"error": "config must be a JSON object"}, 400)
        except ValueError as error:
            return _json({"error": str(error)}, 400)

    def _reset(self, _request):
        self.store.wipe()
        self.log.clear()
        return _json({"reset": True})


def _json(body, status=200):
    return Response(json.dumps(body, ensure_ascii=False), status=status, mimetype="application/json")


def _drop_connection(environ):
    """Close the client's connection without a response (a reset, as a crashed proxy would)."""
    connection = environ.get("werkzeug.socket")
    if connection is None:
        raise not_implemented("dropped connections need the Werkzeug server")
    connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    connection.shutdown(socket.SHUT_RDWR)
