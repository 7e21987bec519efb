"""How an API area plugs into the emulator.

Each module in ``authing_emulator.domains`` builds one :class:`Domain`: its tables, its GraphQL
resolvers (root fields and object fields) and its REST routes. The core wires them into the
GraphQL schema and the REST router; nothing in the core knows about users or groups.
"""

from collections import namedtuple

from .errors import AuthingError, Code

Resolver = namedtuple("Resolver", "function public")
Route = namedtuple("Route", "method rule name function public message")

SUCCESS_MESSAGE = "获取数据成功"


class Domain:
    def __init__(self, name, ddl="", tables=()):
        self.name = name
        self.ddl = ddl
        self.tables = tuple(tables)
        self.root_resolvers = {}  # ("Query" | "Mutation", field) -> Resolver
        self.field_resolvers = {}  # (object type, field) -> function
        self.routes = []

    def query(self, field, public=False):
        """Register ``function(ctx, **snake_case_args)`` for ``Query.<field>``; ``public`` skips
        the bearer-token check (only the token query itself is public)."""
        return self._root("Query", field, public)

    def mutation(self, field, public=False):
        return self._root("Mutation", field, public)

    def _root(self, type_name, field, public):
        def register(function):
            self.root_resolvers[(type_name, field)] = Resolver(function, public)
            return function
        return register

    def field(self, type_name, field):
        """Register ``function(ctx, parent, **snake_case_args)`` for a relation on an object type
        (``Group.users``). Plain fields come from the dicts the root resolvers return."""
        def register(function):
            self.field_resolvers[(type_name, field)] = function
            return function
        return register

    def route(self, method, rule, name, public=False, message=SUCCESS_MESSAGE):
        """Register ``function(ctx, **path_args) -> data`` for a REST endpoint; ``name`` is the
        operation name in the request log (``applications.create``)."""
        def register(function):
            self.routes.append(Route(method, rule, name, function, public, message))
            return function
        return register


class Context:
    """What a resolver or route handler gets for one request."""

    def __init__(self, db, app, request):
        self.db = db
        self.settings = app.settings
        self.keys = app.keys
        self.tokens = app.tokens
        self.request = request
        self._store = app.store

    @property
    def bearer_token(self):
        header = self.request.headers.get("Authorization", "")
        scheme, separator, token = header.partition(" ")
        return token.strip() if separator and scheme.lower() == "bearer" else None

    def require_auth(self):
        """Refuse management calls without a valid, unexpired token of this pool (code 2020)."""
        return self.tokens.verify(self.bearer_token)

    def atomic(self):
        """Run one operation so that it either applies fully or not at all."""
        return self._store.atomic(self.db)

    def json_body(self):
        body = self.request.get_json(silent=True)
        if body is None:
            return {}
        if not isinstance(body, dict):
            raise AuthingError(Code.INVALID_ARGUMENT, "request body must be a JSON object")
        return body
