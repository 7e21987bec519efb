"""The code table: every code explained in English with a cause and a fix, classified by kind."""

import pytest

from ansible_collections.authing.cloud.plugins.module_utils import errors
from ansible_collections.authing.cloud.plugins.module_utils.errors import (
    CODES, KINDS, AuthingError, CheckModeWriteError, ConnectionFailed, CredentialError, describe, explain, from_server)

EXPECTED_KINDS = {
    'credentials': [1001, 2020, 2224],
    'conflict': [2008, 2026, 2034, 2035, 2039, 2050, 2060, 2070, 2090, 2200, 2402],
    'not_found': [404, 2004, 2011, 2036, 2051, 2061, 2071, 2091, 2210, 2400, 2401],
    'invalid': [400, 2003, 2007, 2010, 2013, 2016, 2024, 2028, 2029, 2030, 2080, 2081, 2101, 2204, 2212,
                2225, 2226, 2231, 2333, 2403, 2404],
    'rate_limited': [429],
    'server': [500, 502, 503, 504, 1000],
    'other': [2005, 2209],
}


def test_every_code_is_classified_as_expected():
    table = {code: kind for kind, codes in EXPECTED_KINDS.items() for code in codes}
    assert {code: entry[0] for code, entry in CODES.items()} == table


@pytest.mark.parametrize('code', sorted(CODES))
def test_every_code_has_an_english_message_with_its_code(code):
    server_text = '服务器的原话'
    exc = from_server(code, server_text, 'op')
    text = str(exc)
    assert text == exc.message and exc.server_message == server_text and exc.operation == 'op'
    assert '(code %d)' % code in text and text[0].isupper()
    assert exc.kind in KINDS and exc.kind == CODES[code][0]
    if CODES[code][1]:  # a specific cause: English only
        assert all(ord(ch) < 128 for ch in text), text
    else:  # a generic code: the server's words are the detail
        assert 'the server said: ' + server_text in text


@pytest.mark.parametrize('code, expected', [
    (1001, 'Authentication failed: the user pool secret is wrong'),
    (2224, 'Authentication failed: the user pool does not exist (code 2224). Check user_pool_id / AUTHING_USERPOOL_ID'),
    (2020, 'Authentication failed: the management token is missing, invalid or expired (code 2020). '
           'Check access_token / AUTHING_ACCESS_TOKEN'),
    (2026, 'The user already exists (code 2026).'),
    (2039, 'The application identifier (domain) is already taken (code 2039).'),
    (2004, 'The user does not exist (code 2004).'),
    (2050, 'A group with this code already exists (code 2050).'),
    (2061, 'The role does not exist (code 2061).'),
])
def test_known_messages(code, expected):
    assert describe(code, 'x').startswith(expected)


def test_token_exchange_reads_1001_as_a_wrong_secret():
    assert explain(1001, 'x', token=True) == (
        'credentials', 'the user pool secret is wrong (code 1001). Check secret / AUTHING_USERPOOL_SECRET.')
    assert explain(2026, 'x', token=True) == explain(2026, 'x')


def test_unknown_codes_keep_the_server_text():
    exc = from_server(2999, '奇怪的错误', 'op')
    assert str(exc) == 'Authing error (code 2999); the server said: 奇怪的错误'
    assert exc.kind == 'other' and exc.__class__ is AuthingError
    assert str(from_server(None, 'Variable "$code" was not provided.')) == (
        'Authing error; the server said: Variable "$code" was not provided.')
    assert 'no message' in str(from_server(2999, None))


def test_credential_codes_raise_credential_errors_and_others_do_not():
    assert isinstance(from_server(2224, 'x'), CredentialError)
    assert not isinstance(from_server(2026, 'x'), CredentialError)


@pytest.mark.parametrize('code', sorted(CODES))
def test_already_exists_is_exactly_the_conflict_family(code):
    exc = from_server(code, 'x')
    assert exc.already_exists is exc.is_conflict is (code in EXPECTED_KINDS['conflict'])


def test_caller_built_errors_keep_their_message_and_get_a_kind():
    exc = AuthingError('boom', code=500)
    assert (str(exc), exc.kind, exc.server_message) == ('boom', 'server', None)
    assert AuthingError('no such app', code=2011).kind == 'not_found'
    assert AuthingError('local problem').kind == 'other'
    assert AuthingError('x', code=2026, kind='invalid').kind == 'invalid'
    assert CredentialError('x', code=None).kind == 'credentials'
    assert ConnectionFailed('x', code=503).kind == 'connection'
    assert CheckModeWriteError('x').kind == 'other'


def test_clause_keeps_acronyms():
    assert errors.clause('Could not connect') == 'could not connect'
    assert errors.clause('HTTP 503 from x') == 'HTTP 503 from x'
    assert errors.clause('TLS handshake failed') == 'TLS handshake failed'
