"""REST under ``/api/v2``: Werkzeug routing to domain handlers, Authing's ``{code, message, data}``
envelope, business errors as HTTP 200 with ``code != 200`` (as the real service)."""

from werkzeug.exceptions import MethodNotAllowed, NotFound
from werkzeug.routing import Map, Rule

from .calls import ApiCall, Outcome, RejectedCall
from .errors import AuthingError, Code, not_implemented


def kind_of_method(method):
    return "read" if method in ("GET", "HEAD", "OPTIONS") else "write"


class RestEndpoint:
    def __init__(self, domains):
        self._routes = {}
        rules = []
        for domain in domains:
            for route in domain.routes:
                key = (route.name, route.method)
                if key in self._routes:
                    raise ValueError("duplicate REST route %s %s" % key)
                self._routes[key] = route
                rules.append(Rule(route.rule, methods=[route.method], endpoint=route.name))
        self._map = Map(rules, strict_slashes=False)

    def identify(self, request):
        adapter = self._map.bind_to_environ(request.environ)
        kind = kind_of_method(request.method)
        try:
            name, path_args = adapter.match()
        except (NotFound, MethodNotAllowed):
            error = not_implemented("%s %s" % (request.method, request.path))
            return RejectedCall(Outcome(404, {"code": Code.NOT_FOUND, "message": error.message}, Code.NOT_FOUND),
                                kind=kind)
        return RestCall(self._routes[(name, request.method)], path_args, kind)


class RestCall(ApiCall):
    def __init__(self, route, path_args, kind):
        self.route = route
        self.path_args = path_args
        self.operation = route.name
        self.kind = kind

    def run(self, ctx):
        try:
            if not self.route.public:
                ctx.require_auth()
            with ctx.atomic():
                data = self.route.function(ctx, **self.path_args)
        except AuthingError as error:
            return Outcome(200, error.as_dict(), error.code)
        return Outcome(200, {"code": Code.OK, "message": self.route.message, "data": data}, Code.OK)
