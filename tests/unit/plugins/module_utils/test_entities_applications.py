"""The application description's behaviour and wire calls, without a server.

Entity operations get a tiny fake client that answers by operation name and records calls.
"""

import pytest

from ansible_collections.authing.cloud.plugins.module_utils.client import AuthingError
from ansible_collections.authing.cloud.plugins.module_utils.engine import plan_item
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

# The sample application (a default that is not a mutable object)
SAMPLE_APP = object()


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
    problems = list(applications.check(None, records))
    assert [(r['item']['id'], 'no application has id' in m) for r, m in problems] == [('x' * 24, True)]


def test_create_sets_app_type_after_the_create_call():
    client = FakeClient(**{'applications.create': dict(APP, appType='INDIVIDUAL'),
                           'applications.update': dict(APP, appType='BOTH')})
    created = applications.create_application(Context(client), {'identifier': 'portal', 'appType': 'BOTH'}, None, None)
    assert created['appType'] == 'BOTH'
    assert client.calls[0][1]['body'] == {'identifier': 'portal', 'redirectUris': []}
    assert client.calls[1][1]['body'] == {'appType': 'BOTH'}


def test_the_list_of_applications_read_during_a_create_is_not_kept():
    # An ambiguous failure makes the create re-read the list (its recheck) before sending again:
    # that list, without the new application, must not answer the later steps.
    listed = []
    ctx = Context(FakeClient(**{'applications.list': lambda **call: {'totalCount': len(listed), 'list': list(listed)}}))

    def create(**call):
        assert ctx.refs.resolve_app('portal') is None  # the recheck: not there yet
        listed.append(APP)
        return APP
    ctx.client.answers['applications.create'] = create
    applications.create_application(ctx, {'identifier': 'portal'}, None, None)
    assert ctx.refs.resolve_app('portal') == APP


def test_active_users_never_carry_tokens():
    client = FakeClient(**{'applications.active-users': {'list': [{'id': 'u1', 'token': 'eyJ', 'username': 'a'}]}})
    view = {}
    applications.add_active_users(Context(client), {'with_active_users': True}, APP, view)
    assert view == {'active_users': [{'id': 'u1', 'username': 'a'}]}
    applications.add_active_users(Context(client), {'with_active_users': False}, APP, {})
    assert len(client.calls) == 1


# -- protocol and login page settings ------------------------------------------------------------

# The settings of the seed's sample application object (reference §2.1).
SAMPLE = dict(APP, oidcConfig={
    'grant_types': ['authorization_code', 'password', 'refresh_token'], 'response_types': ['code'],
    'token_endpoint_auth_method': 'client_secret_post', 'id_token_signed_response_alg': 'HS256',
    'access_token_expire': 1209600, 'id_token_expire': 1209600, 'refresh_token_expire': 2592000,
    'authorization_code_expire': 600, 'cas_expire': 1209600, 'skip_consent': True, 'client_id': APP['id'],
    'client_secret': APP['secret'], 'redirect_uris': [], 'post_logout_redirect_uris': []},
    logoutRedirectUris=[], loginTabs=['phone-code', 'password'], defaultLoginTab='password',
    registerTabs=['email', 'phone'], defaultRegisterTab='email', registerDisabled=False, agreementEnabled=False,
    ssoEnabled=False, skipMfa=False, appType='INDIVIDUAL', logo=applications.NEW_APPLICATION['logo'])
SETTINGS = sorted(set(applications.NEW_APPLICATION) | set(['logout_redirect_uris']))


def settings_item(**options):
    item = dict((name, None) for name in applications.APPLICATION.item_spec())
    item.update(identifier='portal', state='present', rotate_secret=False)
    item.update(options)
    return item


def test_settings_are_read_from_the_object_and_its_oidc_config():
    view = applications.APPLICATION.present(SAMPLE)
    assert dict((name, view[name]) for name in applications.NEW_APPLICATION) == applications.NEW_APPLICATION
    assert view['logout_redirect_uris'] == []
    assert APP['secret'] not in str(view) and 'cas_expire' not in str(view)
    # an object without oidcConfig (or with null) reads as unset, never fails
    assert applications.APPLICATION.present(dict(APP, oidcConfig=None))['grant_types'] is None
    assert set(SETTINGS) <= set(applications.APPLICATION.export_fields)


def test_settings_compare_rules():
    field = applications.APPLICATION.field
    for name in ('grant_types', 'response_types', 'logout_redirect_uris'):
        assert field(name).compare == 'set', name
    assert field('grant_types').same(['refresh_token', 'password', 'authorization_code', 'password'],
                                     SAMPLE['oidcConfig']['grant_types'])
    assert field('logout_redirect_uris').same([], None)
    assert not field('login_tabs').same(['password', 'phone-code'], ['phone-code', 'password']), 'tab order is shown'
    assert field('login_tabs').same(['phone-code', 'password'], ['phone-code', 'password'])
    assert not field('access_token_lifetime').same(3600, 1209600)


def test_only_the_changed_settings_are_planned_and_sent_nested_in_oidc_config():
    current = applications.APPLICATION.present(SAMPLE)
    item = settings_item(grant_types=['refresh_token', 'authorization_code', 'password'], skip_consent=False,
                         access_token_lifetime=1209600, id_token_lifetime=600, login_tabs=['phone-code', 'password'],
                         sso_enabled=True, logout_redirect_uris=['https://a/bye'])
    plan = plan_item(applications.APPLICATION, item, current, {}, {})
    assert plan.action == 'update'
    assert sorted(plan.changes) == ['id_token_lifetime', 'logout_redirect_uris', 'skip_consent', 'sso_enabled']
    payload = applications.APPLICATION.to_api(plan.changes)
    assert payload == {'oidcConfig.skip_consent': False, 'oidcConfig.id_token_expire': 600, 'ssoEnabled': True,
                       'logoutRedirectUris': ['https://a/bye']}
    client = FakeClient(**{'applications.update': SAMPLE})
    applications.WIRE.update(Context(client), SAMPLE, payload, None, None)
    assert client.calls == [('applications.update', dict(variables=None, path={'id': APP['id']}, query=None, body={
        'oidcConfig': {'skip_consent': False, 'id_token_expire': 600}, 'ssoEnabled': True,
        'logoutRedirectUris': ['https://a/bye']}))]
    same = settings_item(grant_types=['password', 'refresh_token', 'authorization_code'], skip_mfa=False,
                         default_login_tab='password', authorization_code_lifetime=600)
    assert plan_item(applications.APPLICATION, same, current, {}, {}).action == 'none'


def test_nested_groups_oidc_keys_and_keeps_the_rest():
    assert applications.nested({}) == {}
    assert applications.nested({'name': 'x', 'oidcConfig.grant_types': ['password']}) == {
        'name': 'x', 'oidcConfig': {'grant_types': ['password']}}


def test_create_sends_settings_in_one_update_after_the_create_call():
    client = FakeClient(**{'applications.create': APP, 'applications.update': SAMPLE})
    payload = applications.APPLICATION.to_api({'identifier': 'portal', 'name': 'P', 'description': 'd',
                                               'skip_consent': False, 'grant_types': ['password'],
                                               'login_tabs': ['password'], 'default_login_tab': 'password'})
    applications.create_application(Context(client), payload, None, None)
    assert client.calls[0][1]['body'] == {'identifier': 'portal', 'name': 'P', 'description': 'd', 'redirectUris': []}
    assert client.calls[1][1]['body'] == {'oidcConfig': {'skip_consent': False, 'grant_types': ['password']},
                                          'loginTabs': ['password'], 'defaultLoginTab': 'password'}
    client = FakeClient(**{'applications.create': APP})
    applications.create_application(Context(client), {'identifier': 'portal', 'name': 'P'}, None, None)
    assert client.names() == ['applications.create']


def test_choices_are_in_the_argument_spec():
    spec = applications.APPLICATION.item_spec()
    assert spec['grant_types'] == {'type': 'list', 'elements': 'str', 'choices': applications.GRANT_TYPES}
    assert spec['response_types']['choices'] == applications.RESPONSE_TYPES
    assert spec['login_tabs']['choices'] == spec['default_login_tab']['choices'] == applications.LOGIN_TABS
    assert spec['register_tabs']['choices'] == spec['default_register_tab']['choices'] == applications.REGISTER_TABS
    assert spec['token_endpoint_auth_method']['choices'] == ['client_secret_post', 'client_secret_basic', 'none']
    assert spec['id_token_signed_response_alg']['choices'] == ['HS256', 'RS256']
    assert spec['access_token_lifetime'] == {'type': 'int', 'no_log': False} and spec['skip_mfa'] == {'type': 'bool'}
    assert applications.APPLICATION.item_spec(bulk_item=True)['grant_types']['choices'] == applications.GRANT_TYPES


@pytest.mark.parametrize('options, words', [
    (dict(login_tabs=['password'], default_login_tab='ldap'), ['default_login_tab', 'ldap', 'login_tabs']),
    (dict(register_tabs=['email'], default_register_tab='phone'), ['default_register_tab', 'phone']),
    (dict(login_tabs=[]), ['login_tabs cannot be empty']),
    (dict(grant_types=[]), ['grant_types cannot be empty']),
    (dict(login_tabs=['password', 'password']), ['more than once']),
    (dict(access_token_lifetime=0), ['access_token_lifetime', 'positive']),
    (dict(refresh_token_lifetime=-5), ['refresh_token_lifetime']),
])
def test_validate_reports_bad_settings(options, words):
    problems = list(applications.validate(settings_item(**options)))
    assert len(problems) == 1 and all(word in problems[0] for word in words), problems


def test_validate_accepts_consistent_settings():
    assert list(applications.validate(settings_item(login_tabs=['ldap', 'password'], default_login_tab='ldap',
                                                    register_tabs=['phone'], default_register_tab='phone',
                                                    access_token_lifetime=60))) == []


def test_check_compares_a_default_tab_with_the_tabs_the_application_keeps():
    present = applications.APPLICATION.present(SAMPLE)

    def problems(item, current=SAMPLE_APP, api=SAMPLE_APP):
        current, api = (present if current is SAMPLE_APP else current), (SAMPLE if api is SAMPLE_APP else api)
        return [message for _record, message in applications.check(None, [{'item': item, 'api': api,
                                                                          'current': current}])]
    assert problems(settings_item(default_login_tab='password')) == []
    [message] = problems(settings_item(default_login_tab='ldap'))
    assert "default_login_tab 'ldap'" in message and 'phone-code, password' in message
    [message] = problems(settings_item(login_tabs=['ldap']))
    assert 'default_login_tab of the application (password)' in message and 'give default_login_tab too' in message
    assert problems(settings_item(register_tabs=['email'])) == []  # default email stays among them
    # a new application has the service's default tabs
    assert problems(settings_item(default_register_tab='phone'), current=None, api=None) == []
    assert len(problems(settings_item(default_login_tab='ldap'), current=None, api=None)) == 1
    assert problems(settings_item(default_login_tab='ldap', state='absent')) == []
    # the service may answer null tabs: nothing is known to contradict
    assert problems(settings_item(login_tabs=['ldap']), current=dict(present, default_login_tab=None)) == []


def test_the_export_leaves_a_new_applications_settings_out():
    from ansible_collections.authing.cloud.plugins.module_utils import tenant_export
    assert tenant_export.APPLICATION_DEFAULTS == applications.NEW_APPLICATION
    assert set(applications.NEW_APPLICATION) <= set(applications.APPLICATION.export_fields)
