"""The application description's behaviour and wire calls, without a server.

Entity operations get a tiny fake client that answers by operation name and records calls.
"""

import pytest

from ansible_collections.authing.cloud.plugins.module_utils.client import AuthingError
from ansible_collections.authing.cloud.plugins.module_utils.entities import applications
from ansible_collections.authing.cloud.plugins.module_utils.references import Context


class FakeClient(object):
    """``answers[op.name]`` is a value or a callable(**call) → value (an exception is raised)."""

    def __init__(self, **answers):
        self.answers = answers
        self.calls = []

    def call(self, op, variables=None, path=None, query=None, body=None, recheck=None):
        self.calls.append((op.name, dict(variables=variables, path=path, query=query, body=body)))
        answer = self.answers[op.name]
        answer = answer(variables=variables, path=path, query=query, body=body) if callable(answer) else answer
        if isinstance(answer, Exception):
            raise answer
        return answer

    def paginate(self, op, variables=None, path=None, query=None, extract=None, page_size=None):
        return iter(self.call(op, variables, path, query)['list'])

    def names(self):
        return [call[0] for call in self.calls]


APP = {'id': '6123456789abcdef0123abcd', 'identifier': 'portal', 'secret': 's' * 28,
       'permissionStrategy': {'defaultStrategy': 'DENY_ALL', 'enabled': True}}


# -- applications -------------------------------------------------------------------------------

def test_application_identity_accepts_identifier_or_id():
    identity, identities = applications.APPLICATION.identity, applications.APPLICATION.identities
    assert identity({'identifier': 'portal', 'id': None}) == ('portal', None)
    assert identity({'identifier': None, 'id': APP['id']}) == (None, APP['id'])
    assert set(identities(APP)) >= set([('portal', None), (None, APP['id']), ('portal', APP['id'])])
    assert applications.APPLICATION.label({'identifier': None, 'id': APP['id']}) == APP['id']


def test_find_application_by_id_ignores_a_different_identifier_and_other_errors_raise():
    client = FakeClient(**{'applications.detail': APP})
    ctx = Context(client)
    assert applications.find_application(ctx, ('renamed', APP['id'])) is APP  # found by id: a rename
    client.answers['applications.detail'] = AuthingError('boom', code=500)
    with pytest.raises(AuthingError):
        applications.find_application(ctx, (None, APP['id']))


def test_secret_is_returned_only_when_asked():
    view = applications.APPLICATION.present(APP, {'return_secret': False})
    assert 'secret' not in view and view['permission_strategy'] == APP['permissionStrategy']
    assert applications.APPLICATION.present(APP, {'return_secret': True})['secret'] == APP['secret']
    assert 'secret' not in applications.APPLICATION.present(APP)


def test_an_application_is_never_created_from_an_id():
    records = [{'item': {'id': 'x' * 24, 'identifier': None, 'state': 'present'}, 'api': None},
               {'item': {'id': None, 'identifier': 'new', 'state': 'present'}, 'api': None},
               {'item': {'id': 'y' * 24, 'identifier': None, 'state': 'absent'}, 'api': None}]
    problems = list(applications.check_creatable(None, records))
    assert [(r['item']['id'], 'no application has id' in m) for r, m in problems] == [('x' * 24, True)]


def test_create_sets_app_type_after_the_create_call():
    client = FakeClient(**{'applications.create': dict(APP, appType='INDIVIDUAL'),
                           'applications.update': dict(APP, appType='BOTH')})
    created = applications.create_application(Context(client), {'identifier': 'portal', 'appType': 'BOTH'}, None, None)
    assert created['appType'] == 'BOTH'
    assert client.calls[0][1]['body'] == {'identifier': 'portal', 'redirectUris': []}
    assert client.calls[1][1]['body'] == {'appType': 'BOTH'}


def test_active_users_never_carry_tokens():
    client = FakeClient(**{'applications.active-users': {'list': [{'id': 'u1', 'token': 'eyJ', 'username': 'a'}]}})
    view = {}
    applications.add_active_users(Context(client), {'with_active_users': True}, APP, view)
    assert view == {'active_users': [{'id': 'u1', 'username': 'a'}]}
    applications.add_active_users(Context(client), {'with_active_users': False}, APP, {})
    assert len(client.calls) == 1
