"""A fake HTTP session: scripted responses, recorded requests, no sockets."""

import json
import threading


class FakeResponse(object):
    def __init__(self, status=200, body=None, headers=None, text=None):
        self.status_code = status
        self._body = body
        self.headers = headers or {}
        self._text = text

    def json(self):
        if self._text is not None:
            return json.loads(self._text)
        return self._body


class FakeSession(object):
    """Answers each request with handler(method, url, payload) → FakeResponse or an exception."""

    def __init__(self, handler):
        self.handler = handler
        self.requests = []
        self.local = threading.local()  # ``local.request``: the one this thread is answering

    def request(self, method, url, headers=None, params=None, json=None, timeout=None, verify=None):
        self.local.request = dict(method=method, url=url, headers=headers, params=params, json=json,
                                  timeout=timeout, verify=verify)
        self.requests.append(self.local.request)
        answer = self.handler(method, url, json)
        if isinstance(answer, Exception):
            raise answer
        return answer

    def operations(self):
        """The GraphQL root fields / REST paths requested, in order."""
        out = []
        for req in self.requests:
            if req['json'] and 'query' in req['json']:
                out.append(req['json']['query'].split('{')[1].split('(')[0].strip())
            else:
                out.append(req['method'] + ' ' + req['url'].split('/api/v2')[-1])
        return out


def token_response(token='header.eyJleHAiOjQxMDI0NDQ4MDB9.sig', exp=4102444800):
    return FakeResponse(body={'data': {'accessToken': {'accessToken': token, 'exp': exp, 'iat': 1}}})


def graphql_router(routes):
    """A handler dispatching GraphQL root fields to callables(variables) → FakeResponse."""
    def handler(method, url, payload):
        if payload and 'query' in payload:
            root = payload['query'].split('{')[1].split('(')[0].strip()
            if root == 'accessToken':
                return token_response()
            return routes[root](payload.get('variables') or {})
        return routes[method + ' ' + url.split('/api/v2')[-1]](payload)
    return handler
