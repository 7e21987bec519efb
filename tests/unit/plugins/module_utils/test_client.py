"""The client against a fake transport: envelopes, errors, tokens, retries, pacing, check mode, paging."""

import base64
import json
import threading

import pytest
import requests

from ansible_collections.authing.cloud.plugins.module_utils import client as client_mod
from ansible_collections.authing.cloud.plugins.module_utils.client import (
    AuthingClient, AuthingError, CheckModeWriteError, ConnectionFailed, CredentialError, graphql, rest)

from .fakes import FakeResponse, FakeSession, graphql_router, token_response

GROUP = graphql('query group($code: String!) { group(code: $code) { code name } }')
CREATE = graphql('mutation createGroup($code: String!, $name: String!) { createGroup(code: $code, name: $name) { code } }')
ADD = graphql('mutation addUserToGroup($userIds: [String!]!, $code: String) '
              '{ addUserToGroup(userIds: $userIds, code: $code) { code } }', idempotent=True)
APPS = rest('applications.list', 'GET', '/api/v2/applications')
APP = rest('applications.detail', 'GET', '/api/v2/applications/{app_id}')
APP_UPDATE = rest('applications.update', 'POST', '/api/v2/applications/{app_id}')


def make_client(handler, **kwargs):
    session = FakeSession(handler)
    kwargs.setdefault('user_pool_id', 'pool')
    kwargs.setdefault('secret', 's3cret')
    kwargs.setdefault('sleep', sleeps.append)
    client = AuthingClient(host='http://authing.test', session=session, **kwargs)
    return client, session


sleeps = []


@pytest.fixture(autouse=True)
def _reset_sleeps():
    del sleeps[:]


def test_operation_kind_and_root_are_derived_from_the_document():
    assert (GROUP.kind, GROUP.root, GROUP.name, GROUP.idempotent) == ('read', 'group', 'group', True)
    assert (CREATE.kind, CREATE.root, CREATE.idempotent) == ('write', 'createGroup', False)
    assert ADD.idempotent is True
    assert (APPS.kind, APP_UPDATE.kind) == ('read', 'write')


def test_graphql_result_is_unwrapped_and_token_fetched_once():
    client, session = make_client(graphql_router({'group': lambda v: FakeResponse(body={'data': {'group': {'code': v['code']}}})}))
    assert client.call(GROUP, {'code': 'a'}) == {'code': 'a'}
    assert client.call(GROUP, {'code': 'b'}) == {'code': 'b'}
    assert session.operations() == ['accessToken', 'group', 'group']
    token_request = session.requests[0]
    assert 'authorization' not in token_request['headers']
    assert token_request['json']['variables'] == {'userPoolId': 'pool', 'secret': 's3cret'}
    assert session.requests[1]['headers']['authorization'].startswith('Bearer header.')
    assert session.requests[1]['headers']['x-authing-userpool-id'] == 'pool'
    assert client.stats['tokens'] == 1 and client.stats['requests'] == 3


def test_graphql_error_object_becomes_typed_error():
    body = {'errors': [{'message': {'code': 2026, 'message': 'exists'}, 'path': ['createGroup']}], 'data': None}
    client, _session = make_client(graphql_router({'createGroup': lambda v: FakeResponse(body=body)}))
    with pytest.raises(AuthingError) as info:
        client.call(CREATE, {'code': 'a', 'name': 'A'})
    assert (info.value.code, info.value.server_message, info.value.operation) == (2026, 'exists', 'createGroup')
    assert info.value.already_exists and 'already exists (code 2026)' in str(info.value)


def test_graphql_plain_string_error_is_still_an_authing_error():
    body = {'errors': [{'message': 'Variable "$code" of required type "String!" was not provided.'}]}
    client, _session = make_client(graphql_router({'group': lambda v: FakeResponse(body=body)}))
    with pytest.raises(AuthingError) as info:
        client.call(GROUP, {})
    assert info.value.code is None and 'was not provided' in info.value.message


def test_rest_envelope_unwrapped_and_errors_raised():
    def handler(method, url, payload):
        if payload and 'query' in payload:
            return token_response()
        if url.endswith('/applications/missing'):
            return FakeResponse(body={'code': 2011, 'message': 'no such app'})
        return FakeResponse(body={'code': 200, 'message': 'ok', 'data': {'id': url.rsplit('/', 1)[1]}})
    client, session = make_client(handler)
    assert client.call(APP, path={'app_id': 'abc'}) == {'id': 'abc'}
    with pytest.raises(AuthingError) as info:
        client.call(APP, path={'app_id': 'missing'})
    assert info.value.code == 2011 and info.value.server_message == 'no such app'
    assert info.value.kind == 'not_found' and str(info.value).startswith('The application does not exist (code 2011)')
    assert session.requests[1]['url'] == 'http://authing.test/api/v2/applications/abc'


def test_non_json_body_is_an_error_not_a_crash():
    def handler(method, url, payload):
        if payload and 'query' in payload:
            return token_response()
        return FakeResponse(status=404, text='<html>not found</html>')
    client, _session = make_client(handler)
    with pytest.raises(AuthingError) as info:
        client.call(APPS)
    assert info.value.code == 404


def test_writes_are_refused_in_check_mode_before_any_request():
    client, session = make_client(graphql_router({}), check_mode=True)
    with pytest.raises(CheckModeWriteError):
        client.call(CREATE, {'code': 'a', 'name': 'A'})
    with pytest.raises(CheckModeWriteError):
        client.call(APP_UPDATE, path={'app_id': 'x'}, body={})
    assert session.requests == []


def test_reads_are_allowed_in_check_mode():
    client, _session = make_client(graphql_router({'group': lambda v: FakeResponse(body={'data': {'group': None}})}),
                                   check_mode=True)
    assert client.call(GROUP, {'code': 'a'}) is None


def test_429_and_5xx_are_retried_with_backoff_honouring_retry_after():
    answers = [FakeResponse(status=429, headers={'Retry-After': '2'}), FakeResponse(status=503),
               FakeResponse(body={'data': {'group': {'code': 'a'}}})]
    client, session = make_client(graphql_router({'group': lambda v: answers.pop(0)}), retries=3)
    assert client.call(GROUP, {'code': 'a'}) == {'code': 'a'}
    assert session.operations() == ['accessToken', 'group', 'group', 'group']
    assert sleeps[0] >= 2 and len(sleeps) == 2
    assert client.stats['retries'] == 2


def test_retries_are_bounded():
    client, session = make_client(graphql_router({'group': lambda v: FakeResponse(status=500)}), retries=2)
    with pytest.raises(AuthingError) as info:
        client.call(GROUP, {'code': 'a'})
    assert info.value.code == 500 and 'gave up after 3 attempts' in info.value.message
    assert session.operations().count('group') == 3


def test_connection_errors_are_retried_for_reads():
    answers = [ConnectionError('reset by peer'), FakeResponse(body={'data': {'group': None}})]
    client, _session = make_client(graphql_router({'group': lambda v: answers.pop(0)}))
    assert client.call(GROUP, {'code': 'a'}) is None


def test_ambiguous_create_is_not_resent_blindly():
    client, session = make_client(graphql_router({'createGroup': lambda v: FakeResponse(status=502)}))
    with pytest.raises(AuthingError) as info:
        client.call(CREATE, {'code': 'a', 'name': 'A'})
    assert 'may have been applied' in info.value.message
    assert session.operations().count('createGroup') == 1


def test_ambiguous_create_rechecks_and_returns_what_the_server_has():
    client, session = make_client(graphql_router({'createGroup': lambda v: FakeResponse(status=502)}))
    found = client.call(CREATE, {'code': 'a', 'name': 'A'}, recheck=lambda: {'code': 'a'})
    assert found == {'code': 'a'}
    assert session.operations().count('createGroup') == 1


def test_ambiguous_create_is_resent_when_recheck_finds_nothing():
    answers = [FakeResponse(status=502), FakeResponse(body={'data': {'createGroup': {'code': 'a'}}})]
    client, session = make_client(graphql_router({'createGroup': lambda v: answers.pop(0)}))
    assert client.call(CREATE, {'code': 'a', 'name': 'A'}, recheck=lambda: None) == {'code': 'a'}
    assert session.operations().count('createGroup') == 2


def test_429_on_a_create_is_safe_to_resend_without_recheck():
    answers = [FakeResponse(status=429), FakeResponse(body={'data': {'createGroup': {'code': 'a'}}})]
    client, session = make_client(graphql_router({'createGroup': lambda v: answers.pop(0)}))
    assert client.call(CREATE, {'code': 'a', 'name': 'A'}) == {'code': 'a'}
    assert session.operations().count('createGroup') == 2


def test_rejected_token_is_renewed_once():
    answers = [FakeResponse(body={'errors': [{'message': {'code': 2020, 'message': 'not logged in'}}]}),
               FakeResponse(body={'data': {'group': None}})]
    client, session = make_client(graphql_router({'group': lambda v: answers.pop(0)}), access_token='stale')
    assert client.call(GROUP, {'code': 'a'}) is None
    assert session.operations() == ['group', 'accessToken', 'group']
    assert session.requests[0]['headers']['authorization'] == 'Bearer stale'


def test_caller_token_is_used_without_secret():
    client, session = make_client(graphql_router({'group': lambda v: FakeResponse(body={'data': {'group': None}})}),
                                  secret=None, user_pool_id=None, access_token='given')
    client.call(GROUP, {'code': 'a'})
    assert session.operations() == ['group']


def test_expired_caller_token_without_secret_fails_clearly():
    expired = 'h.' + client_mod.base64.urlsafe_b64encode(b'{"exp": 1}').decode().rstrip('=') + '.s'
    client, session = make_client(graphql_router({}), secret=None, access_token=expired)
    with pytest.raises(AuthingError) as info:
        client.call(GROUP, {'code': 'a'})
    assert 'expired' in info.value.message and session.requests == []


def test_no_credentials_fails_clearly():
    client, _session = make_client(graphql_router({}), secret=None)
    with pytest.raises(AuthingError) as info:
        client.call(GROUP, {'code': 'a'})
    assert 'access_token' in info.value.message


def test_wrong_secret_is_reported_with_its_code():
    def handler(method, url, payload):
        return FakeResponse(body={'errors': [{'message': {'code': 1001, 'message': 'bad secret'}}], 'data': None})
    client, _session = make_client(handler)
    with pytest.raises(AuthingError) as info:
        client.call(GROUP, {'code': 'a'})
    assert info.value.code == 1001


@pytest.mark.parametrize('transport', ['graphql', 'rest'])
def test_paginate_reads_every_page_and_stops(transport):
    items = [{'n': i} for i in range(7)]

    def page(page_no, limit):
        return {'totalCount': len(items), 'list': items[(page_no - 1) * limit:page_no * limit]}
    if transport == 'graphql':
        op = graphql('query groups($page: Int, $limit: Int) { groups(page: $page, limit: $limit) { totalCount list { code } } }')
        handler = graphql_router({'groups': lambda v: FakeResponse(body={'data': {'groups': page(v['page'], v['limit'])}})})
    else:
        op = APPS

        def handler(method, url, payload):
            if payload and 'query' in payload:
                return token_response()
            params = session_holder[0].requests[-1]['params']
            return FakeResponse(body={'code': 200, 'data': page(params['page'], params['limit'])})
    client, session = make_client(handler)
    session_holder = [session]
    assert list(client.paginate(op, page_size=3)) == items
    assert len(session.requests) == 1 + 3


def test_paginate_nested_result_and_missing_parent():
    op = graphql('query groupWithUsers($code: String!, $page: Int, $limit: Int) { group(code: $code) '
                 '{ users(page: $page, limit: $limit) { totalCount list { id } } } }')
    client, _session = make_client(graphql_router({'group': lambda v: FakeResponse(body={'data': {'group': None}})}))
    assert list(client.paginate(op, {'code': 'x'}, extract=lambda g: (g or {}).get('users'))) == []


def test_tls_options_reach_the_transport():
    client, session = make_client(graphql_router({'group': lambda v: FakeResponse(body={'data': {'group': None}})}),
                                  ca_path='/etc/ca.pem', timeout=7)
    client.call(GROUP, {'code': 'a'})
    assert session.requests[-1]['verify'] == '/etc/ca.pem' and session.requests[-1]['timeout'] == 7
    client2, session2 = make_client(graphql_router({'group': lambda v: FakeResponse(body={'data': {'group': None}})}),
                                    validate_certs=False)
    client2.call(GROUP, {'code': 'a'})
    assert session2.requests[-1]['verify'] is False


def test_backoff_is_jittered_and_capped():
    client, _session = make_client(graphql_router({}), backoff_base=1, backoff_max=5)
    delays = [client._backoff(n, None) for n in range(1, 10) for dummy in range(20)]
    assert all(0 <= d <= 5 for d in delays)
    assert len(set(delays)) > 10
    assert client._backoff(1, 30) == 5


# -- errors: English, kinds, credentials vs connection ------------------------------------------

def gql_error(code, message):
    return FakeResponse(body={'errors': [{'message': {'code': code, 'message': message}}], 'data': None})


def token_router(token_answer, routes=None):
    """Like graphql_router, but the token exchange answers with token_answer() (a response or an exception)."""
    inner = graphql_router(routes or {})

    def handler(method, url, payload):
        if payload and 'accessToken(' in payload.get('query', ''):
            return token_answer()
        return inner(method, url, payload)
    return handler


@pytest.mark.parametrize('code, server_text, expected', [
    (1001, '用户池密钥错误', 'the user pool secret is wrong (code 1001). Check secret / AUTHING_USERPOOL_SECRET.'),
    (2224, '用户池不存在', 'the user pool ID is unknown to this host (code 2224). Check user_pool_id'),
])
def test_token_exchange_refused_is_a_credential_error_in_english(code, server_text, expected):
    client, session = make_client(token_router(lambda: gql_error(code, server_text)))
    with pytest.raises(CredentialError) as info:
        client.call(GROUP, {'code': 'a'})
    exc = info.value
    assert str(exc).startswith('Authentication failed: could not obtain a management token from http://authing.test: ' + expected)
    assert (exc.kind, exc.code, exc.server_message, exc.operation) == ('credentials', code, server_text, 'accessToken')
    assert 's3cret' not in str(exc) and session.operations() == ['accessToken']


@pytest.mark.parametrize('failure, fragment, attempts', [
    (lambda: requests.exceptions.ConnectionError('Name or service not known'), 'Check host / AUTHING_HOST', 3),
    (lambda: requests.exceptions.ConnectTimeout('slow'), 'timed out connecting to http://authing.test', 3),
    (lambda: requests.exceptions.ReadTimeout('slow'), 'no answer from http://authing.test within 10 s', 3),
    (lambda: requests.exceptions.SSLError('[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed'),
     'ca_path / AUTHING_CA_PATH', 1),
    (lambda: requests.exceptions.SSLError('EOF occurred in violation of protocol'), 'TLS with http://authing.test', 3),
    (lambda: FakeResponse(status=503), 'HTTP 503', 3),
    (lambda: FakeResponse(status=200, text='<html>captive portal</html>'), 'not JSON', 1),
])
def test_token_exchange_unreachable_is_a_connection_failure(failure, fragment, attempts):
    client, session = make_client(token_router(failure), retries=2)
    with pytest.raises(ConnectionFailed) as info:
        client.call(GROUP, {'code': 'a'})
    assert str(info.value).startswith('Could not obtain a management token from http://authing.test: ')
    assert fragment in str(info.value) and info.value.kind == 'connection'
    assert not isinstance(info.value, CredentialError)
    assert session.operations() == ['accessToken'] * attempts


@pytest.mark.parametrize('body', [{'data': {'accessToken': None}}, {'data': {}}, {'data': {'accessToken': {}}}])
def test_token_exchange_without_a_token_is_a_connection_failure(body):
    client, _session = make_client(token_router(lambda: FakeResponse(body=body)))
    with pytest.raises(ConnectionFailed) as info:
        client.token()
    assert 'does not look like the Authing API' in str(info.value)


@pytest.mark.parametrize('code, cls, kind', [
    (1000, ConnectionFailed, 'connection'),  # Authing busy: nothing wrong with the credentials
    (2231, CredentialError, 'credentials'),
    (2999, CredentialError, 'credentials'),
])
def test_token_exchange_answered_with_other_codes(code, cls, kind):
    client, _session = make_client(token_router(lambda: gql_error(code, '错误')))
    with pytest.raises(cls) as info:
        client.token()
    assert info.value.kind == kind and '(code %d)' % code in str(info.value)


def test_missing_or_expired_credentials_are_credential_errors():
    expired = 'h.' + client_mod.base64.urlsafe_b64encode(b'{"exp": 1}').decode().rstrip('=') + '.s'
    for kwargs in ({'secret': None}, {'secret': None, 'access_token': expired}):
        client, session = make_client(graphql_router({}), **kwargs)
        with pytest.raises(CredentialError) as info:
            client.call(GROUP, {'code': 'a'})
        assert info.value.kind == 'credentials' and session.requests == []


def test_token_rejected_after_renewal_is_a_credential_error():
    client, session = make_client(graphql_router({'group': lambda v: gql_error(2020, '尚未登录，无权限访问此请求')}))
    with pytest.raises(CredentialError) as info:
        client.call(GROUP, {'code': 'a'})
    assert session.operations() == ['accessToken', 'group', 'accessToken', 'group']
    assert str(info.value).startswith('Authentication failed: the management token is missing, invalid or expired '
                                      '(code 2020)')
    assert info.value.server_message == '尚未登录，无权限访问此请求'


def test_caller_token_rejected_without_secret_is_a_credential_error_without_renewal():
    client, session = make_client(graphql_router({'group': lambda v: gql_error(1001, '无权限执行此项操作')}),
                                  secret=None, access_token='given')
    with pytest.raises(CredentialError) as info:
        client.call(GROUP, {'code': 'a'})
    assert info.value.code == 1001 and session.operations() == ['group']


def test_entity_errors_keep_their_kind_and_class():
    answers = {'createGroup': lambda v: gql_error(2050, '分组 code 已存在'),
               'group': lambda v: gql_error(2051, '分组不存在')}
    client, _session = make_client(graphql_router(answers))
    with pytest.raises(AuthingError) as info:
        client.call(CREATE, {'code': 'a', 'name': 'A'})
    assert info.value.already_exists and info.value.is_conflict and info.value.kind == 'conflict'
    assert not isinstance(info.value, CredentialError)
    with pytest.raises(AuthingError) as info:
        client.call(GROUP, {'code': 'a'})
    assert info.value.kind == 'not_found' and not info.value.already_exists


def test_transport_failures_on_calls_have_kinds():
    client, _session = make_client(graphql_router({'group': lambda v: FakeResponse(status=429)}), retries=1)
    with pytest.raises(AuthingError) as info:
        client.call(GROUP, {'code': 'a'})
    assert info.value.kind == 'rate_limited' and info.value.code == 429
    client, _session = make_client(graphql_router({'group': lambda v: ConnectionError('reset')}), retries=0)
    with pytest.raises(ConnectionFailed) as info:
        client.call(GROUP, {'code': 'a'})
    assert info.value.kind == 'connection' and 'Check host / AUTHING_HOST' in str(info.value)


def test_messages_never_carry_the_secret_or_the_token():
    def echo(v):
        return gql_error(2999, 'bad request with secret s3cret and token %s' % session_holder[0].requests[-1]
                         ['headers']['authorization'].split()[1])
    client, session = make_client(graphql_router({'group': echo}))
    session_holder = [session]
    with pytest.raises(AuthingError) as info:
        client.call(GROUP, {'code': 'a'})
    text = str(info.value) + info.value.server_message
    assert 's3cret' not in text and 'header.' not in text and '********' in text
    assert 'the server said:' in str(info.value)


# -- token renewal proportional to the lifetime -------------------------------------------------

class Clock(object):
    """A clock that only moves when told to, or when something sleeps."""

    def __init__(self, now=1000000.0):
        self.now = now
        self.sleeps = []

    def __call__(self):
        return self.now

    def sleep(self, seconds):
        self.sleeps.append(seconds)
        self.now += seconds


def jwt(claims):
    return 'h.' + base64.urlsafe_b64encode(json.dumps(claims).encode()).decode().rstrip('=') + '.sig'


def timed_token_router(clock, lifetime, with_iat=True):
    def token():
        body = {'accessToken': 'header.t%d.sig' % clock.now, 'exp': clock.now + lifetime}
        if with_iat:
            body['iat'] = clock.now
        return FakeResponse(body={'data': {'accessToken': body}})
    return token_router(token, {'group': lambda v: FakeResponse(body={'data': {'group': None}})})


@pytest.mark.parametrize('lifetime, with_iat, reused_at, renewed_at', [
    (1000, True, 899, 901),  # 10 % of a short lifetime, not 300 s
    (1296000, True, 1296000 - 301, 1296000 - 299),  # long-lived: 300 s
    (600, False, 539, 541),  # no iat: lifetime counted from when the token was obtained
])
def test_token_is_renewed_when_little_of_its_lifetime_is_left(lifetime, with_iat, reused_at, renewed_at):
    clock = Clock()
    start = clock.now
    client, session = make_client(timed_token_router(clock, lifetime, with_iat), clock=clock, sleep=clock.sleep)
    client.call(GROUP, {'code': 'a'})
    clock.now = start + reused_at
    client.call(GROUP, {'code': 'a'})
    assert client.stats['tokens'] == 1
    clock.now = start + renewed_at
    client.call(GROUP, {'code': 'a'})
    assert client.stats['tokens'] == 2
    assert session.operations() == ['accessToken', 'group', 'group', 'accessToken', 'group']


def test_caller_token_with_iat_in_its_claims_uses_its_lifetime():
    clock = Clock()
    given = jwt({'iat': clock.now, 'exp': clock.now + 1000})
    client, session = make_client(timed_token_router(clock, 1000), access_token=given, clock=clock)
    clock.now += 850
    client.call(GROUP, {'code': 'a'})
    assert session.operations() == ['group']
    clock.now += 100
    client.call(GROUP, {'code': 'a'})
    assert session.operations() == ['group', 'accessToken', 'group']


def test_caller_token_without_exp_is_used_until_rejected():
    clock = Clock()
    answers = [FakeResponse(body={'data': {'group': None}}), gql_error(2020, 'expired'),
               FakeResponse(body={'data': {'group': None}})]
    client, session = make_client(graphql_router({'group': lambda v: answers.pop(0)}), access_token='opaque',
                                  clock=clock)
    client.call(GROUP, {'code': 'a'})
    clock.now += 10 ** 8
    client.call(GROUP, {'code': 'a'})
    assert session.operations() == ['group', 'group', 'accessToken', 'group']


def test_caller_token_without_secret_is_used_until_it_really_expires():
    clock = Clock()
    given = jwt({'iat': clock.now - 10 ** 6, 'exp': clock.now + 100})
    client, session = make_client(graphql_router({'group': lambda v: FakeResponse(body={'data': {'group': None}})}),
                                  secret=None, access_token=given, clock=clock)
    client.call(GROUP, {'code': 'a'})
    clock.now += 101
    with pytest.raises(CredentialError):
        client.call(GROUP, {'code': 'a'})
    assert session.operations() == ['group']


# -- pacing --------------------------------------------------------------------------------------

def paced_client(clock, routes, **kwargs):
    sent = []

    def handler(method, url, payload):
        sent.append(clock.now)
        return graphql_router(routes)(method, url, payload)
    client, session = make_client(handler, clock=clock, sleep=clock.sleep, **kwargs)
    return client, sent


GROUP_OK = {'group': lambda v: FakeResponse(body={'data': {'group': None}})}


def test_rate_limit_spaces_requests_and_counts_the_wait():
    clock = Clock()
    client, sent = paced_client(clock, GROUP_OK, rate_limit=5)
    for dummy in range(5):
        client.call(GROUP, {'code': 'a'})
    assert [round(t - sent[0], 6) for t in sent] == [0, 0.2, 0.4, 0.6, 0.8, 1.0]
    assert client.stats['throttled'] == pytest.approx(1.0)


def test_rate_limit_lets_idle_time_count_but_never_bursts():
    clock = Clock()
    client, sent = paced_client(clock, GROUP_OK, rate_limit=5)
    client.token()
    clock.now += 10
    client.call(GROUP, {'code': 'a'})
    client.call(GROUP, {'code': 'a'})
    assert [round(t - sent[1], 6) for t in sent[1:]] == [0, 0.2]


def test_no_rate_limit_never_sleeps():
    clock = Clock()
    client, sent = paced_client(clock, GROUP_OK)
    for dummy in range(5):
        client.call(GROUP, {'code': 'a'})
    assert clock.sleeps == [] and client.stats['throttled'] == 0 and client.rate_limit is None


def test_rate_limit_is_shared_by_threads_without_double_booking():
    clock = Clock()
    client, _sent = paced_client(clock, GROUP_OK, rate_limit=10)
    waits = []
    lock = threading.Lock()

    def worker():
        for dummy in range(25):
            wait = client._pacer.reserve()
            with lock:
                waits.append(round(wait, 6))
    threads = [threading.Thread(target=worker) for dummy in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(waits) == [round(i * 0.1, 6) for i in range(100)]


def test_429_halves_the_rate_then_it_recovers():
    clock = Clock()
    answers = [FakeResponse(status=429, headers={'Retry-After': '0'})]

    def group(v):
        return answers.pop(0) if answers else FakeResponse(body={'data': {'group': None}})
    client, sent = paced_client(clock, {'group': group}, rate_limit=10, backoff_base=0)
    client.call(GROUP, {'code': 'a'})
    assert client.rate_limit == pytest.approx(5, rel=0.01)  # recovery has just begun
    before = len(sent)
    client.call(GROUP, {'code': 'a'})
    client.call(GROUP, {'code': 'a'})
    assert sent[-1] - sent[-2] == pytest.approx(0.2, abs=0.02)  # slower than 0.1
    assert len(sent) == before + 2
    clock.now += 10
    assert client.rate_limit == pytest.approx(10)
    clock.now += 100
    assert client.rate_limit == 10


def test_a_burst_of_429s_is_one_slowdown():
    clock = Clock()
    client, _sent = paced_client(clock, GROUP_OK, rate_limit=8)
    client._pacer.slow_down()
    client._pacer.slow_down()
    assert client.rate_limit == pytest.approx(4)
    clock.now += 1.5
    client._pacer.slow_down()
    assert client.rate_limit == pytest.approx(4 * 2 ** 0.15 / 2)


def test_429_without_a_limit_slows_to_half_the_observed_rate():
    clock = Clock()
    answers = [FakeResponse(status=429)]
    sent = []
    route = graphql_router({'group': lambda v: answers.pop(0) if answers and len(sent) > 6
                            else FakeResponse(body={'data': {'group': None}})})

    def handler(method, url, payload):
        sent.append(clock.now)
        clock.now += 0.01  # the server answers in 10 ms: 100 requests per second
        return route(method, url, payload)
    client, _session = make_client(handler, clock=clock, sleep=clock.sleep, backoff_base=0)
    for dummy in range(9):
        client.call(GROUP, {'code': 'a'})
    assert client.rate_limit == pytest.approx(50, rel=0.01)
    gaps = [b - a for a, b in zip(sent[-3:], sent[-2:])]
    assert all(gap == pytest.approx(0.02, rel=0.01) for gap in gaps)
    assert client.stats['throttled'] > 0


def test_no_more_requests_are_in_flight_than_the_pool_holds_whichever_threads_send_them():
    lock, in_flight, most = threading.Lock(), [0], [0]
    release = threading.Event()

    def handler(method, url, payload):
        if 'accessToken' in payload['query']:
            return token_response()
        with lock:
            in_flight[0] += 1
            most[0] = max(most[0], in_flight[0])
        release.wait(0.05)
        with lock:
            in_flight[0] -= 1
        return FakeResponse(body={'data': {'group': {'code': 'x', 'name': 'x'}}})

    client, _session = make_client(handler, pool_size=2)
    client.token()
    threads = [threading.Thread(target=client.call, args=(GROUP, {'code': 'x'})) for _thread in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(5)
    assert most[0] == 2
