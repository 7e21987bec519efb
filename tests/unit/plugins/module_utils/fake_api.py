"""An AuthingClient over a FakeSession: entity descriptions run against scripted HTTP answers.

``routes`` maps a GraphQL root field (``userBatch``) or a REST route (``GET /applications``, with
``*`` for path parts: ``GET /applications/*``) to a value or to ``fn(request)`` → value, where
``request`` has ``variables`` (GraphQL), ``query`` and ``body`` (REST) and ``path``. The value is
wrapped in the API's envelope; an :class:`ApiError` is answered as a business error.
"""

import fnmatch

from ansible_collections.authing.cloud.plugins.module_utils.client import AuthingClient
from ansible_collections.authing.cloud.plugins.module_utils.references import Context

from .fakes import FakeResponse, FakeSession

# A JWT whose exp is in 2100: the client never asks for a token.
TOKEN = 'header.eyJleHAiOjQxMDI0NDQ4MDB9.sig'


class ApiError(object):
    def __init__(self, code, message='failed'):
        self.code = code
        self.message = message


def graphql_root(document):
    return document.split('{')[1].split('(')[0].split('{')[0].strip()


class Request(object):
    def __init__(self, name, variables=None, query=None, body=None, path=None, document=None):
        self.name = name
        self.variables = variables or {}
        self.query = query
        self.body = body
        self.path = path
        self.document = document

    def __repr__(self):
        return 'Request(%s, %r)' % (self.name, self.variables if self.document else (self.query, self.body))


class FakeApi(object):
    def __init__(self, routes=None, check_mode=False):
        self.routes = dict(routes or {})
        self.session = FakeSession(self._answer)
        self.client = AuthingClient(access_token=TOKEN, session=self.session, sleep=lambda s: None,
                                    check_mode=check_mode, retries=0)
        self.ctx = Context(self.client)

    def _answer(self, method, url, payload):
        request = self._request(self.session.local.request)
        answer = self._route(request.name)
        value = answer(request) if callable(answer) else answer
        if request.document is not None:
            if isinstance(value, ApiError):
                return FakeResponse(body={'errors': [{'message': {'code': value.code, 'message': value.message}}]})
            return FakeResponse(body={'data': {request.name: value}})
        if isinstance(value, ApiError):
            return FakeResponse(body={'code': value.code, 'message': value.message})
        return FakeResponse(body={'code': 200, 'data': value})

    def _route(self, name):
        if name in self.routes:
            return self.routes[name]
        for pattern, answer in self.routes.items():
            if fnmatch.fnmatchcase(name, pattern):
                return answer
        raise AssertionError('unexpected request %s' % name)

    @staticmethod
    def _request(req):
        payload = req['json']
        if payload and 'query' in payload:
            return Request(graphql_root(payload['query']), variables=payload.get('variables'), document=payload['query'])
        path = req['url'].split('/api/v2', 1)[-1]
        return Request(req['method'] + ' ' + path, query=req['params'], body=payload, path=path)

    # -- what was sent ---------------------------------------------------------------------------

    def requests(self):
        return [self._request(req) for req in self.session.requests]

    def names(self):
        return [request.name for request in self.requests()]

    def sent(self, name):
        """Every request of one operation."""
        return [request for request in self.requests() if request.name == name]

    def forget(self):
        del self.session.requests[:]


def page(items, total=None):
    """A ``{totalCount, list}`` page."""
    return {'totalCount': len(items) if total is None else total, 'list': list(items)}
