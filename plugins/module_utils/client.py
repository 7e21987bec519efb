# -*- coding: utf-8 -*-
# Copyright (c) 2026, authing.cloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Transport to the Authing v2 management API.

Knows HTTP, tokens, envelopes, retries and pagination; knows nothing about Ansible or entities,
so it can be unit-tested with a fake transport and reused by every module. Every call goes
through :meth:`AuthingClient.call` with an :class:`Operation`, which is where check mode is
enforced: a write in check mode raises instead of reaching the wire.
"""

import base64
import json
import random
import threading
import time

try:
    import requests
    import requests.adapters
    HAS_REQUESTS = True
    REQUESTS_IMPORT_ERROR = None
except ImportError as exc:  # pragma: no cover - exercised by the import sanity test
    requests = None
    HAS_REQUESTS = False
    REQUESTS_IMPORT_ERROR = exc

DEFAULT_HOST = 'https://core.authing.cn'
READ = 'read'
WRITE = 'write'
SUCCESS = 200
# Business codes that mean "the token was not accepted": worth one fresh token.
TOKEN_REJECTED_CODES = frozenset([2020, 1001])
TOKEN_REFRESH_MARGIN = 300

ACCESS_TOKEN_QUERY = (
    'query accessToken($userPoolId: String!, $secret: String!) '
    '{ accessToken(userPoolId: $userPoolId, secret: $secret) { accessToken exp iat } }'
)


class AuthingError(Exception):
    """Every failure of an API call, whatever its wire format.

    ``code`` is Authing's business code (or the HTTP status for transport failures, None when
    nothing came back); ``operation`` names the call, for messages and tests.
    """

    def __init__(self, message, code=None, operation=None, retryable=False):
        super(AuthingError, self).__init__(message)
        self.message = message
        self.code = code
        self.operation = operation
        self.retryable = retryable

    def __str__(self):
        return self.message


class CheckModeWriteError(AuthingError):
    """A write was attempted in check mode: a bug in the caller, never a user error."""


class Operation(object):
    """One API call described as data.

    ``kind`` (read/write) drives the check-mode guard and retries; ``idempotent`` says whether
    a write may be re-sent blindly after an ambiguous failure (sending it twice changes nothing).
    """

    __slots__ = ('name', 'kind', 'transport', 'method', 'path', 'document', 'root', 'idempotent')

    def __init__(self, name, kind, transport, method=None, path=None, document=None, root=None, idempotent=None):
        self.name = name
        self.kind = kind
        self.transport = transport
        self.method = method
        self.path = path
        self.document = document
        self.root = root or name
        self.idempotent = (kind == READ) if idempotent is None else idempotent

    def __repr__(self):
        return 'Operation(%s, %s)' % (self.name, self.kind)


def graphql(document, root=None, idempotent=None):
    """An Operation for a GraphQL document; a ``mutation`` is a write, anything else a read."""
    head, _brace, rest = document.partition('{')
    words = head.split()
    kind = WRITE if words and words[0] == 'mutation' else READ
    root_field = root or rest.strip().split('(')[0].split('{')[0].split()[0]
    name = words[1].split('(')[0] if len(words) > 1 else root_field
    return Operation(name, kind, 'graphql', document=document, root=root_field, idempotent=idempotent)


def rest(name, method, path, idempotent=None):
    """An Operation for a REST route; GET is a read, every other method a write."""
    kind = READ if method == 'GET' else WRITE
    return Operation(name, kind, 'rest', method=method, path=path, idempotent=idempotent)


ACCESS_TOKEN = graphql(ACCESS_TOKEN_QUERY)


def jwt_expiry(token):
    """The ``exp`` claim of a JWT, or None: a caller-supplied token is not ours to verify."""
    try:
        payload = token.split('.')[1]
        payload += '=' * (-len(payload) % 4)
        return int(json.loads(base64.urlsafe_b64decode(payload.encode('ascii')))['exp'])
    except Exception:  # pylint: disable=broad-except
        return None


class _Attempt(object):
    """What one HTTP attempt produced, so the retry loop can decide in one place."""

    __slots__ = ('body', 'status', 'error', 'maybe_applied', 'retry_after')

    def __init__(self, body=None, status=None, error=None, maybe_applied=False, retry_after=None):
        self.body = body
        self.status = status
        self.error = error
        self.maybe_applied = maybe_applied
        self.retry_after = retry_after


class AuthingClient(object):
    """A management-API session: one connection pool and one token for a whole module run."""

    def __init__(self, host=DEFAULT_HOST, user_pool_id=None, secret=None, access_token=None, timeout=10,
                 retries=3, validate_certs=True, ca_path=None, check_mode=False, pool_size=10,
                 session=None, sleep=time.sleep, backoff_base=0.5, backoff_max=30.0, page_size=100,
                 user_agent='ansible-authing.cloud'):
        self.base_url = (host or DEFAULT_HOST).rstrip('/')
        self.user_pool_id = user_pool_id
        self._secret = secret
        self._token = access_token
        self._token_exp = jwt_expiry(access_token) if access_token else None
        self.timeout = timeout
        self.retries = max(0, int(retries))
        self.verify = ca_path if ca_path else validate_certs
        self.check_mode = check_mode
        self.page_size = page_size
        self._sleep = sleep
        self._backoff_base = backoff_base
        self._backoff_max = backoff_max
        self._user_agent = user_agent
        self._lock = threading.Lock()  # guards stats
        self._token_lock = threading.Lock()  # one token exchange at a time, shared by all threads
        self.stats = {'requests': 0, 'reads': 0, 'writes': 0, 'retries': 0, 'tokens': 0}
        if session is None:
            if not HAS_REQUESTS:
                raise AuthingError('The Python library requests is required')
            session = requests.Session()
            adapter = requests.adapters.HTTPAdapter(pool_connections=1, pool_maxsize=max(pool_size, 1))
            session.mount('https://', adapter)
            session.mount('http://', adapter)
        self.session = session

    # -- public API -------------------------------------------------------------------------

    def call(self, op, variables=None, path=None, query=None, body=None, recheck=None):
        """Run one operation and return its unwrapped result (GraphQL root field or REST ``data``).

        ``recheck`` is how a non-idempotent write survives an ambiguous failure: it re-reads the
        server and returns the result the write would have produced, or None to send it again.
        """
        if op.kind == WRITE and self.check_mode:
            raise CheckModeWriteError('Refusing to send %s in check mode' % op.name, operation=op.name)
        token_renewed = False
        while True:
            headers = self._headers(self.token())
            try:
                return self._call_once(op, headers, variables, path, query, body, recheck)
            except AuthingError as exc:
                if exc.code in TOKEN_REJECTED_CODES and self._secret and not token_renewed:
                    self._forget_token()
                    token_renewed = True
                    continue
                raise

    def paginate(self, op, variables=None, path=None, query=None, extract=None, page_size=None):
        """Yield every item of a ``{totalCount, list}`` result, one page request at a time.

        ``extract`` digs the page out of a nested result (``group.users``); a None page ends.
        """
        limit = page_size or self.page_size
        page = 1
        while True:
            if op.transport == 'graphql':
                result = self.call(op, variables=dict(variables or {}, page=page, limit=limit))
            else:
                result = self.call(op, path=path, query=dict(query or {}, page=page, limit=limit))
            result = extract(result) if extract else result
            if not result:
                return
            items = result.get('list') or []
            yield from items
            if not items or page * limit >= (result.get('totalCount') or 0):
                return
            page += 1

    def token(self):
        """The management token, fetched once and shared by every thread of this run."""
        with self._token_lock:
            if self._token and (self._token_exp is None or self._token_exp - TOKEN_REFRESH_MARGIN > time.time()):
                return self._token
            if not (self.user_pool_id and self._secret):
                if self._token:
                    raise AuthingError('The access_token has expired and no secret was given to renew it', code=2020)
                raise AuthingError('Either access_token, or user_pool_id and secret, must be given', code=None)
            result = self._call_once(ACCESS_TOKEN, self._headers(None),
                                     {'userPoolId': self.user_pool_id, 'secret': self._secret}, None, None, None, None)
            self._token = result['accessToken']
            self._token_exp = result.get('exp') or jwt_expiry(self._token)
            self.stats['tokens'] += 1
            return self._token

    # -- internals --------------------------------------------------------------------------

    def _forget_token(self):
        with self._token_lock:
            self._token = None
            self._token_exp = None

    def _headers(self, token):
        headers = {
            'x-authing-request-from': 'sdk',
            'x-authing-sdk-version': self._user_agent,
            'user-agent': self._user_agent,
        }
        if self.user_pool_id:
            headers['x-authing-userpool-id'] = self.user_pool_id
        if token:
            headers['authorization'] = 'Bearer %s' % token
        return headers

    def _call_once(self, op, headers, variables, path, query, body, recheck):
        if op.transport == 'graphql':
            url = self.base_url + '/graphql/v2'
            payload = {'query': op.document}
            if variables:
                payload['variables'] = variables
            method, params = 'POST', None
        else:
            url = self.base_url + (op.path.format(**path) if path else op.path)
            method, params, payload = op.method, query, body
        body = self._send_with_retries(op, method, url, headers, params, payload, recheck)
        if isinstance(body, _Rechecked):
            return body.result
        return self._unwrap(op, body)

    def _send_with_retries(self, op, method, url, headers, params, payload, recheck):
        attempt_no = 0
        while True:
            attempt = self._send(op, method, url, headers, params, payload)
            if attempt.error is None:
                return attempt.body
            if attempt_no >= self.retries:
                raise AuthingError('%s (gave up after %d attempts)' % (attempt.error, attempt_no + 1),
                                   code=attempt.status, operation=op.name, retryable=True)
            if attempt.maybe_applied and not op.idempotent:
                if recheck is None:
                    raise AuthingError('%s; the request may have been applied, so it was not re-sent: '
                                       'run again to reconcile' % attempt.error,
                                       code=attempt.status, operation=op.name)
                found = recheck()
                if found is not None:
                    return _Rechecked(found)
            attempt_no += 1
            with self._lock:
                self.stats['retries'] += 1
            self._sleep(self._backoff(attempt_no, attempt.retry_after))

    def _backoff(self, attempt_no, retry_after):
        """Full-jitter exponential backoff; a server's Retry-After is a floor, not a suggestion."""
        delay = random.uniform(0, min(self._backoff_max, self._backoff_base * (2 ** (attempt_no - 1))))
        if retry_after is not None:
            delay = max(delay, min(retry_after, self._backoff_max))
        return delay

    def _send(self, op, method, url, headers, params, payload):
        with self._lock:
            self.stats['requests'] += 1
            self.stats[op.kind + 's'] += 1
        try:
            response = self.session.request(method, url, headers=headers, params=params, json=payload,
                                            timeout=self.timeout, verify=self.verify)
        except Exception as exc:  # pylint: disable=broad-except
            connect_failed = HAS_REQUESTS and isinstance(exc, requests.exceptions.ConnectTimeout)
            return _Attempt(error='Connection to %s failed: %s' % (self.base_url, _short(exc)),
                            maybe_applied=not connect_failed)
        status = response.status_code
        if status == 429 or status >= 500:
            return _Attempt(status=status, error='HTTP %d from %s' % (status, url.split('?')[0]),
                            maybe_applied=status != 429, retry_after=_retry_after(response))
        try:
            return _Attempt(body=response.json(), status=status)
        except ValueError:
            return _Attempt(body={'code': status, 'message': 'HTTP %d with a body that is not JSON' % status},
                            status=status)

    def _unwrap(self, op, body):
        if op.transport == 'graphql':
            errors = body.get('errors') if isinstance(body, dict) else None
            if errors:
                raise _graphql_error(op, errors[0])
            data = body.get('data') if isinstance(body, dict) else None
            if not isinstance(data, dict) or op.root not in data:
                raise AuthingError('Unexpected response to %s' % op.name, operation=op.name)
            return data[op.root]
        if not isinstance(body, dict) or body.get('code') != SUCCESS:
            code = body.get('code') if isinstance(body, dict) else None
            message = body.get('message') if isinstance(body, dict) else None
            raise AuthingError(message or 'Unexpected response to %s' % op.name, code=code, operation=op.name)
        return body.get('data')


class _Rechecked(object):
    """Marks a result that came from a re-read instead of the (ambiguous) write."""

    __slots__ = ('result',)

    def __init__(self, result):
        self.result = result


def _graphql_error(op, error):
    message = error.get('message') if isinstance(error, dict) else error
    if isinstance(message, dict):
        return AuthingError(str(message.get('message')), code=message.get('code'), operation=op.name)
    return AuthingError(str(message), operation=op.name)


def _retry_after(response):
    try:
        return float(response.headers.get('Retry-After'))
    except (TypeError, ValueError):
        return None


def _short(exc):
    text = str(exc)
    return text if len(text) < 300 else text[:297] + '...'
