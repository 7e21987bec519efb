"""``POST /graphql/v2``: documents executed by graphql-core 3 against ``schema.graphql``.

Authing's GraphQL errors are non-standard: ``errors[i].message`` is an object
``{"code": N, "message": "..."}`` (both official SDKs read it that way), with
``extensions.code = "INTERNAL_SERVER_ERROR"``. Parse, validation and variable errors keep
graphql-core's plain string messages (as the real Apollo server does) and HTTP 400.
"""

import functools
import sys
import traceback
from pathlib import Path

from graphql import (
    OperationType,
    build_schema,
    default_field_resolver,
    execute_sync,
    get_operation_ast,
    parse,
    validate,
)
from graphql.error import GraphQLError
from graphql.language import FieldNode, FragmentDefinitionNode, FragmentSpreadNode, InlineFragmentNode

from .calls import ApiCall, Outcome, RejectedCall
from .errors import AuthingError, Code, not_implemented
from .util import camel_to_snake

SCHEMA_PATH = Path(__file__).with_name("schema.graphql")
ROOT_TYPES = ("Query", "Mutation")
DOCUMENT_CACHE_SIZE = 512


def load_sdl():
    return SCHEMA_PATH.read_text(encoding="utf-8")


class GraphQLEndpoint:
    def __init__(self, domains, sdl=None):
        self.schema = build_schema(sdl or load_sdl())
        self._introspection_cache = {}
        self._bind_roots(domains)
        self._bind_fields(domains)

    # -- wiring ---------------------------------------------------------------------------

    def _bind_roots(self, domains):
        registered = {}
        for domain in domains:
            registered.update(domain.root_resolvers)
        for type_name in ROOT_TYPES:
            for field_name, field in self.schema.get_type(type_name).fields.items():
                resolver = registered.pop((type_name, field_name), None)
                field.resolve = _root_resolver(field_name, resolver)
        if registered:
            raise ValueError("resolvers for fields missing from the schema: %s" % sorted(registered))

    def _bind_fields(self, domains):
        for domain in domains:
            for (type_name, field_name), function in domain.field_resolvers.items():
                object_type = self.schema.get_type(type_name)
                if object_type is None or field_name not in getattr(object_type, "fields", {}):
                    raise ValueError("resolver for unknown field %s.%s" % (type_name, field_name))
                object_type.fields[field_name].resolve = _field_resolver(function)

    # -- requests -------------------------------------------------------------------------

    def identify(self, body):
        """Turn a request body into a call: parse and validate now, execute later."""
        if not isinstance(body, dict) or not isinstance(body.get("query"), str):
            return RejectedCall(_plain_errors("POST body must be a JSON object with a string 'query'"))
        variables = body.get("variables")
        if variables is not None and not isinstance(variables, dict):
            return RejectedCall(_plain_errors("'variables' must be a JSON object"))
        operation_name = body.get("operationName")
        document, errors = self._parse_and_validate(body["query"])
        if document is None:
            return RejectedCall(_plain_errors(*errors))
        operation = get_operation_ast(document, operation_name)
        if operation is None:
            return RejectedCall(_plain_errors("unknown or ambiguous operation name: %r" % (operation_name,)))
        fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
        root_fields = list(_root_field_names(operation.selection_set, fragments))
        kind = "write" if operation.operation == OperationType.MUTATION else "read"
        first = root_fields[0] if root_fields else None
        if errors:
            return RejectedCall(_plain_errors(*errors), operation=first, kind=kind)
        return GraphQLCall(self, document, body["query"], variables, operation_name, first, kind,
                           introspection_only=all(name.startswith("__") for name in root_fields))

    @functools.lru_cache(maxsize=DOCUMENT_CACHE_SIZE)
    def _parse_and_validate(self, query):
        """SDK clients send the same few documents over and over (the introspection query before
        every call), so parsing and validation are cached per document text."""
        try:
            document = parse(query)
        except GraphQLError as error:
            return None, (error,)
        return document, tuple(validate(self.schema, document))

    def execute(self, call, ctx):
        cache_key = (call.query, call.operation_name) if call.introspection_only and not call.variables else None
        if cache_key in self._introspection_cache:
            return self._introspection_cache[cache_key]
        result = execute_sync(self.schema, call.document, context_value=ctx,
                              variable_values=call.variables, operation_name=call.operation_name,
                              field_resolver=resolve_plain_field)
        outcome = _outcome(result)
        if cache_key is not None and outcome.status == 200 and outcome.code == Code.OK:
            self._introspection_cache[cache_key] = outcome  # outcomes are never mutated
        return outcome


class GraphQLCall(ApiCall):
    def __init__(self, endpoint, document, query, variables, operation_name, operation, kind,
                 introspection_only):
        self.endpoint = endpoint
        self.document = document
        self.query = query
        self.variables = variables
        self.operation_name = operation_name
        self.operation = operation
        self.kind = kind
        self.introspection_only = introspection_only
        self.needs_store = not introspection_only

    def run(self, ctx):
        return self.endpoint.execute(self, ctx)


def _root_field_names(selection_set, fragments):
    for selection in selection_set.selections:
        if isinstance(selection, FieldNode):
            yield selection.name.value
        elif isinstance(selection, InlineFragmentNode):
            yield from _root_field_names(selection.selection_set, fragments)
        elif isinstance(selection, FragmentSpreadNode) and selection.name.value in fragments:
            yield from _root_field_names(fragments[selection.name.value].selection_set, fragments)


def _snake_args(args):
    return {camel_to_snake(name): value for name, value in args.items()}


def _root_resolver(field_name, resolver):
    """Every root field checks the bearer token (unless public) and runs atomically; a field
    without a registered resolver answers "not implemented" instead of inventing data."""
    if resolver is None:
        def resolve_unimplemented(_source, info, **_args):
            info.context.require_auth()
            raise not_implemented(field_name)
        return resolve_unimplemented

    function, public = resolver

    def resolve(_source, info, **args):
        ctx = info.context
        if not public:
            ctx.require_auth()
        with ctx.atomic():
            return function(ctx, **_snake_args(args))
    return resolve


def _field_resolver(function):
    def resolve(source, info, **args):
        return function(info.context, source, **_snake_args(args))
    return resolve


def resolve_plain_field(source, info, **args):
    """Domains return plain dicts holding every scalar field; a relation that no domain resolves
    is reported as not implemented rather than silently returned as null."""
    if isinstance(source, dict):
        try:
            return source[info.field_name]
        except KeyError:
            raise not_implemented("%s.%s" % (info.parent_type.name, info.field_name)) from None
    return default_field_resolver(source, info, **args)


def _outcome(result):
    errors = [_format_error(error) for error in result.errors or ()]
    if result.data is None and errors and all(error.path is None for error in result.errors):
        # Variable coercion failed: nothing was executed.
        return Outcome(400, {"errors": errors}, Code.INVALID_ARGUMENT)
    body = {"errors": errors, "data": result.data} if errors else {"data": result.data}
    return Outcome(200, body, _business_code(errors))


def _business_code(formatted_errors):
    for error in formatted_errors:
        if isinstance(error["message"], dict):
            return error["message"]["code"]
    return Code.INVALID_ARGUMENT if formatted_errors else Code.OK


def _format_error(error):
    original = error.original_error
    if isinstance(original, AuthingError):
        message = original.as_dict()
    elif original is not None and not isinstance(original, GraphQLError):
        traceback.print_exception(type(original), original, original.__traceback__, file=sys.stderr)
        message = {"code": Code.INTERNAL, "message": "emulator error: %s" % original}
    elif error.path is not None:
        message = {"code": Code.INTERNAL, "message": error.message}
    else:
        return _plain_error(error)
    formatted = {"message": message}
    if error.locations:
        formatted["locations"] = [{"line": loc.line, "column": loc.column} for loc in error.locations]
    formatted["path"] = error.path
    formatted["extensions"] = {"code": "INTERNAL_SERVER_ERROR"}
    return formatted


def _plain_error(error):
    if not isinstance(error, GraphQLError):
        return {"message": str(error), "extensions": {"code": "GRAPHQL_VALIDATION_FAILED"}}
    formatted = {"message": error.message}
    if error.locations:
        formatted["locations"] = [{"line": loc.line, "column": loc.column} for loc in error.locations]
    formatted["extensions"] = {"code": "GRAPHQL_VALIDATION_FAILED"}
    return formatted


def _plain_errors(*errors):
    return Outcome(400, {"errors": [_plain_error(error) for error in errors]}, Code.INVALID_ARGUMENT)
