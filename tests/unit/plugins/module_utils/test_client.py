"""The client against a fake transport: envelopes, errors, tokens, retries, check mode, paging."""

import pytest

from ansible_collections.authing.cloud.plugins.module_utils import client as client_mod
from ansible_collections.authing.cloud.plugins.module_utils.client import (
    AuthingClient, AuthingError, CheckModeWriteError, graphql, rest)

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
    client = AuthingClient(host='http://authing.test', session=session, sleep=sleeps.append, **kwargs)
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
    assert (info.value.code, info.value.message, info.value.operation) == (2026, 'exists', 'createGroup')


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
    assert info.value.code == 2011 and info.value.message == 'no such app'
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
