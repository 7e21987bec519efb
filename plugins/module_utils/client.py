# -*- coding: utf-8 -*-
# Copyright (c) 2026, authing.cloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Transport to the Authing v2 management API.

Knows HTTP, tokens, envelopes, retries, pacing and pagination; knows nothing about Ansible or
entities, so it can be unit-tested with a fake transport and reused by every module. Every call
goes through :meth:`AuthingClient.call` with an :class:`Operation`, which is where check mode is
enforced: a write in check mode raises instead of reaching the wire. Failures are the exceptions
of :mod:`errors` (re-exported here), with English messages and a ``kind``.
"""

import base64
import collections
import json
import random
import threading
import time

from ansible_collections.authing.cloud.plugins.module_utils.errors import (
    CONNECTION, RATE_LIMITED, SERVER, AuthingError, CheckModeWriteError, ConnectionFailed, CredentialError, clause,
    explain, from_server, kind_of, sentence)

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
# Renew when less than min(this, TOKEN_REFRESH_SHARE of the lifetime) is left: a fixed margin would
# make a short-lived token be renewed before almost every request.
TOKEN_REFRESH_MARGIN = 300
TOKEN_REFRESH_SHARE = 0.1
REDACTED = '********'
# Failure kinds that say nothing about the credentials: the host could not be used at all.
UNREACHABLE = (CONNECTION, SERVER, RATE_LIMITED)

ACCESS_TOKEN_QUERY = (
    'query accessToken($userPoolId: String!, $secret: String!) '
    '{ accessToken(userPoolId: $userPoolId, secret: $secret) { accessToken exp iat } }'
)


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


def jwt_claims(token):
    """The decoded payload of a JWT, or {}: a caller-supplied token is not ours to verify."""
    try:
        payload = token.split('.')[1]
        payload += '=' * (-len(payload) % 4)
        claims = json.loads(base64.urlsafe_b64decode(payload.encode('ascii')))
        return claims if isinstance(claims, dict) else {}
    except Exception:  # pylint: disable=broad-except
        return {}


def jwt_expiry(token):
    """The ``exp`` claim of a JWT, or None."""
    return _seconds(jwt_claims(token).get('exp'))


class _Attempt(object):
    """What one HTTP attempt produced, so the retry loop can decide in one place.

    ``fatal`` marks failures that another attempt cannot fix (TLS, a host that is not Authing).
    """

    __slots__ = ('body', 'status', 'error', 'maybe_applied', 'retry_after', 'hint', 'fatal')

    def __init__(self, body=None, status=None, error=None, maybe_applied=False, retry_after=None, hint=None,
                 fatal=False):
        self.body = body
        self.status = status
        self.error = error
        self.maybe_applied = maybe_applied
        self.retry_after = retry_after
        self.hint = hint
        self.fatal = fatal


class _Pacer(object):
    """Client-side rate limit shared by every thread of a run, slowed down by 429s.

    A token bucket one request deep: each request reserves the next free slot under the lock and
    sleeps outside it, so threads queue in order without holding the lock. A 429 halves the rate
    (with no configured limit: the rate observed just before) and the rate then doubles back every
    RECOVERY seconds, so one throttling episode does not slow the rest of a long run.
    """

    RECOVERY = 10.0  # seconds for a halved rate to double
    HOLD = 1.0  # 429s this soon after a halving belong to the same episode
    FLOOR = 1.0  # never slower than one request per second
    WINDOW = 16  # requests used to estimate the rate when no limit is configured

    def __init__(self, rate, clock):
        self.rate = float(rate) if rate and rate > 0 else None
        self._clock = clock
        self._lock = threading.Lock()
        self._next = None
        self._recent = collections.deque(maxlen=self.WINDOW)
        self._slow = None  # (halved rate, since, rate to recover to)

    def effective_rate(self):
        """Requests per second allowed now, or None for unlimited."""
        with self._lock:
            return self._rate(self._clock())

    def _rate(self, now):
        if self._slow is None:
            return self.rate
        halved, since, ceiling = self._slow
        rate = halved * 2 ** (max(0.0, now - since) / self.RECOVERY)
        if rate >= ceiling:
            self._slow = None
            return self.rate
        return rate

    def reserve(self, delay=0.0):
        """Seconds to sleep before sending: at least ``delay`` (a retry's backoff), more when pacing."""
        with self._lock:
            now = self._clock()
            rate = self._rate(now)
            slot = now + delay
            if rate is not None:
                if self._next is not None:
                    slot = max(slot, self._next)
                self._next = slot + 1.0 / rate
            self._recent.append(slot)
            return slot - now

    def slow_down(self):
        with self._lock:
            now = self._clock()
            if self._slow is not None and now - self._slow[1] < self.HOLD:
                return
            rate = self._rate(now)
            if rate is None:
                span = self._recent[-1] - self._recent[0] if len(self._recent) > 1 else 0
                if span <= 0:
                    return  # nothing to measure a rate from
                rate = (len(self._recent) - 1) / span
            ceiling = self._slow[2] if self._slow is not None else rate
            self._slow = (max(self.FLOOR, rate / 2.0), now, ceiling)


class AuthingClient(object):
    """A management-API session: one connection pool, one token and one pace for a whole module run.

    ``rate_limit`` caps requests per second across all threads (None or 0: unlimited); ``sleep``
    and ``clock`` are injectable so pacing, backoff and token lifetimes are testable without time.
    """

    def __init__(self, host=DEFAULT_HOST, user_pool_id=None, secret=None, access_token=None, timeout=10,
                 retries=3, validate_certs=True, ca_path=None, check_mode=False, pool_size=10,
                 session=None, sleep=time.sleep, backoff_base=0.5, backoff_max=30.0, page_size=100,
                 user_agent='ansible-authing.cloud', rate_limit=None, clock=time.time):
        self.base_url = (host or DEFAULT_HOST).rstrip('/')
        self.user_pool_id = user_pool_id
        self._secret = secret
        self._clock = clock
        self._token = None
        self._token_exp = self._token_iat = None
        if access_token:
            claims = jwt_claims(access_token)
            self._set_token(access_token, claims.get('exp'), claims.get('iat'))
        self.timeout = timeout
        self.retries = max(0, int(retries))
        self.verify = ca_path if ca_path else validate_certs
        self.check_mode = check_mode
        self.page_size = page_size
        self._sleep = sleep
        self._backoff_base = backoff_base
        self._backoff_max = backoff_max
        self._user_agent = user_agent
        self._pacer = _Pacer(rate_limit, clock)
        self._lock = threading.Lock()  # guards stats
        self._token_lock = threading.Lock()  # one token exchange at a time, shared by all threads
        # requests in flight at once, whichever steps send them: no more than the pool holds
        self._in_flight = threading.BoundedSemaphore(max(pool_size, 1))
        self.stats = {'requests': 0, 'reads': 0, 'writes': 0, 'retries': 0, 'tokens': 0, 'throttled': 0.0}
        if session is None:
            if not HAS_REQUESTS:
                raise AuthingError('The Python library requests is required', kind='other')
            session = requests.Session()
            adapter = requests.adapters.HTTPAdapter(pool_connections=1, pool_maxsize=max(pool_size, 1))
            session.mount('https://', adapter)
            session.mount('http://', adapter)
        self.session = session

    @property
    def rate_limit(self):
        """The requests per second allowed right now (lowered after a 429), None when unlimited."""
        return self._pacer.effective_rate()

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
        """The management token, fetched once and shared by every thread of this run.

        Raises CredentialError or ConnectionFailed: a failed exchange is never an entity's fault.
        """
        with self._token_lock:
            can_renew = bool(self.user_pool_id and self._secret)
            if self._token and self._token_usable(can_renew):
                return self._token
            if not can_renew:
                if self._token:
                    raise CredentialError('The access_token has expired and no secret was given to renew it. Give a '
                                          'fresh access_token / AUTHING_ACCESS_TOKEN, or user_pool_id and secret.',
                                          code=2020, operation=ACCESS_TOKEN.name)
                raise CredentialError('No credentials: give access_token (AUTHING_ACCESS_TOKEN), or user_pool_id and '
                                      'secret (AUTHING_USERPOOL_ID and AUTHING_USERPOOL_SECRET).',
                                      operation=ACCESS_TOKEN.name)
            try:
                result = self._call_once(ACCESS_TOKEN, self._headers(None),
                                         {'userPoolId': self.user_pool_id, 'secret': self._secret},
                                         None, None, None, None)
            except AuthingError as exc:
                raise self._token_failure(exc) from exc
            token = result.get('accessToken') if isinstance(result, dict) else None
            if not token:
                raise self._token_failure(None)
            claims = jwt_claims(token)
            self._set_token(token, result.get('exp') or claims.get('exp'), result.get('iat') or claims.get('iat'))
            self.stats['tokens'] += 1
            return self._token

    # -- internals --------------------------------------------------------------------------

    def _set_token(self, token, exp, iat):
        self._token = token
        self._token_exp = _seconds(exp)
        self._token_iat = _seconds(iat)
        if self._token_iat is None:
            self._token_iat = self._clock()

    def _token_usable(self, can_renew):
        """Unknown expiry: use until rejected. Without a secret: use until it expires, nothing better exists."""
        if self._token_exp is None:
            return True
        left = self._token_exp - self._clock()
        if not can_renew:
            return left > 0
        margin = min(TOKEN_REFRESH_MARGIN, TOKEN_REFRESH_SHARE * max(0.0, self._token_exp - self._token_iat))
        return left > 0 and left >= margin

    def _token_failure(self, exc):
        """Authing answering with a code is the credentials' fault; anything else is the connection's."""
        where = 'Could not obtain a management token from %s: ' % self.base_url
        if exc is not None and (exc.server_message is not None or exc.kind not in UNREACHABLE):
            where = 'Authentication failed: ' + where[0].lower() + where[1:]
        if exc is None or (exc.code is None and exc.server_message is None and exc.kind not in UNREACHABLE):
            return ConnectionFailed(where + 'the answer holds no token. Check host / AUTHING_HOST: it does not '
                                    'look like the Authing API.', operation=ACCESS_TOKEN.name)
        answered = exc.server_message is not None or exc.kind not in UNREACHABLE
        kind, text = explain(exc.code, exc.server_message, token=True) if answered else (exc.kind, clause(exc.message))
        cls = ConnectionFailed if kind in UNREACHABLE else CredentialError
        return cls(where + text, code=exc.code, operation=ACCESS_TOKEN.name, retryable=exc.retryable,
                   server_message=exc.server_message)

    def _forget_token(self):
        with self._token_lock:
            self._token = None
            self._token_exp = self._token_iat = None

    def _redact(self, text):
        """Servers and libraries may echo what they were sent; secrets never reach a message."""
        if text is None:
            return None
        text = str(text)
        for secret in (self._secret, self._token):
            if secret and len(secret) >= 4:
                text = text.replace(secret, REDACTED)
        return text

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
        delay = 0.0
        while True:
            attempt = self._send(op, method, url, headers, params, payload, delay)
            if attempt.error is None:
                return attempt.body
            if attempt.fatal:
                raise self._transport_error(op, attempt, attempt.error)
            if attempt_no >= self.retries:
                raise self._transport_error(op, attempt, '%s (gave up after %d attempts)'
                                            % (attempt.error, attempt_no + 1), retryable=True)
            if attempt.maybe_applied and not op.idempotent:
                if recheck is None:
                    raise self._transport_error(op, attempt, '%s; the request may have been applied, so it was '
                                                'not re-sent: run again to reconcile' % attempt.error)
                found = recheck()
                if found is not None:
                    return _Rechecked(found)
            attempt_no += 1
            with self._lock:
                self.stats['retries'] += 1
            delay = self._backoff(attempt_no, attempt.retry_after)

    def _transport_error(self, op, attempt, text, retryable=False):
        kind = CONNECTION if attempt.status is None else kind_of(attempt.status)
        kind = kind if kind in UNREACHABLE else CONNECTION
        cls = ConnectionFailed if kind == CONNECTION else AuthingError
        text = sentence(text) + ('. ' + attempt.hint if attempt.hint else '')
        return cls(text, code=attempt.status, operation=op.name, retryable=retryable, kind=kind)

    def _backoff(self, attempt_no, retry_after):
        """Full-jitter exponential backoff; a server's Retry-After is a floor, not a suggestion."""
        delay = random.uniform(0, min(self._backoff_max, self._backoff_base * (2 ** (attempt_no - 1))))
        if retry_after is not None:
            delay = max(delay, min(retry_after, self._backoff_max))
        return delay

    def _wait(self, delay):
        """One sleep for both a retry's backoff and the pace; only the pacing share counts as throttled."""
        wait = self._pacer.reserve(delay)
        if wait > 0:
            if wait > delay:
                with self._lock:
                    self.stats['throttled'] += wait - delay
            self._sleep(wait)

    def _send(self, op, method, url, headers, params, payload, delay=0.0):
        self._wait(delay)
        with self._lock:
            self.stats['requests'] += 1
            self.stats[op.kind + 's'] += 1
        try:
            with self._in_flight:
                response = self.session.request(method, url, headers=headers, params=params, json=payload,
                                                timeout=self.timeout, verify=self.verify)
        except Exception as exc:  # pylint: disable=broad-except
            return self._failed_attempt(exc)
        status = response.status_code
        if status == 429 or status >= 500:
            if status == 429:
                self._pacer.slow_down()
            return _Attempt(status=status, error='HTTP %d from %s' % (status, url.split('?')[0]),
                            maybe_applied=status != 429, retry_after=_retry_after(response))
        try:
            return _Attempt(body=response.json(), status=status)
        except ValueError:
            return _Attempt(status=status, fatal=True,
                            error='HTTP %d with a body that is not JSON from %s' % (status, url.split('?')[0]),
                            hint='Check host / AUTHING_HOST: it does not look like the Authing API')

    def _failed_attempt(self, exc):
        """Name what went wrong in words a user can act on; only a refused connect is surely not applied."""
        reason = self._redact(_short(exc))
        exceptions = requests.exceptions if HAS_REQUESTS else None
        if exceptions and isinstance(exc, exceptions.SSLError):
            # A refused certificate fails the same way every time; other TLS errors can be blips mid-request.
            return _Attempt(error='TLS with %s failed: %s' % (self.base_url, reason),
                            fatal='certificate' in reason.lower(), maybe_applied='certificate' not in reason.lower(),
                            hint='Check validate_certs / AUTHING_VALIDATE_CERTS and ca_path / AUTHING_CA_PATH')
        if exceptions and isinstance(exc, exceptions.ConnectTimeout):
            return _Attempt(error='Timed out connecting to %s after %s s' % (self.base_url, self.timeout),
                            hint='Check host / AUTHING_HOST and the network, or raise timeout')
        if exceptions and isinstance(exc, exceptions.Timeout):
            return _Attempt(error='No answer from %s within %s s' % (self.base_url, self.timeout), maybe_applied=True,
                            hint='Raise timeout / AUTHING_TIMEOUT, or retry later')
        return _Attempt(error='Connection to %s failed: %s' % (self.base_url, reason), maybe_applied=True,
                        hint='Check host / AUTHING_HOST and the network')

    def _unwrap(self, op, body):
        if op.transport == 'graphql':
            errors = body.get('errors') if isinstance(body, dict) else None
            if errors:
                raise self._graphql_error(op, errors[0])
            data = body.get('data') if isinstance(body, dict) else None
            if not isinstance(data, dict) or op.root not in data:
                raise AuthingError('Unexpected response to %s' % op.name, operation=op.name)
            return data[op.root]
        if not isinstance(body, dict) or body.get('code') != SUCCESS:
            code = body.get('code') if isinstance(body, dict) else None
            message = body.get('message') if isinstance(body, dict) else None
            if code is None and message is None:
                raise AuthingError('Unexpected response to %s' % op.name, operation=op.name)
            raise from_server(code, self._redact(message), op.name)
        return body.get('data')

    def _graphql_error(self, op, error):
        message = error.get('message') if isinstance(error, dict) else error
        if isinstance(message, dict):
            return from_server(message.get('code'), self._redact(message.get('message')), op.name)
        return from_server(None, self._redact(message), op.name)


class _Rechecked(object):
    """Marks a result that came from a re-read instead of the (ambiguous) write."""

    __slots__ = ('result',)

    def __init__(self, result):
        self.result = result


def _seconds(value):
    try:
        return float(value) if value is not None else None
    except (TypeError, ValueError):
        return None


def _retry_after(response):
    try:
        return float(response.headers.get('Retry-After'))
    except (TypeError, ValueError):
        return None


def _short(exc):
    text = str(exc)
    return text if len(text) < 300 else text[:297] + '...'
