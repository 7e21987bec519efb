"""The tenant plan (spec -> bulk items, results -> summary), the export helpers, the
authing.cloud.tenant_plan filter and the authing.cloud.authing_token lookup, without a server."""

import base64
import os
import json
import time

import pytest
import yaml
from ansible import constants as C

from ansible_collections.authing.cloud.plugins.filter.tenant_plan import tenant_plan
from ansible_collections.authing.cloud.plugins.module_utils import tenant
from ansible_collections.authing.cloud.plugins.module_utils.tenant import TenantPlan

SPEC = {
    'custom_fields': [{'key': 'team', 'data_type': 'STRING'}],
    'groups': [{'code': 'old', 'name': 'Old'}, {'code': 'new', 'name': 'New', 'members': ['bob']}],
    'roles': [{'code': 'viewer'}],
    'users': [{'username': 'ann', 'groups': ['old', 'new'], 'roles': ['viewer', {'app': 'crm', 'code': 'crm-admin'}],
               'custom_data': {'team': 'x'}},
              {'username': 'bob', 'groups_mode': 'exact'}],
    'applications': [
        {'identifier': 'crm', 'name': 'CRM', 'resources': [{'code': 'r1', 'type': 'DATA'}],
         'roles': [{'code': 'crm-admin'}], 'access_policy': {'rules': [{'target_type': 'USER', 'targets': ['bob']}]}},
        {'identifier': 'hr', 'name': 'HR', 'resources': [{'code': 'r2', 'type': 'DATA'}],
         'agreements': [{'title': 'T', 'lang': 'en-US'}], 'access_policy': {'default_strategy': 'ALLOW_ALL'}},
    ],
}


def result(plural, name, items):
    """A registered bulk result: items are (key options, action, object); each item result states
    its action (create/update/delete/none), ``changed`` and ``state`` follow from it."""
    return {plural: [dict(keys, action=action, changed=action != 'none', state='absent' if action == 'delete' else 'present',
                          **{name: obj}) for keys, action, obj in items]}


def test_apply_mode_items_follow_the_spec_in_dependency_order():
    plan = TenantPlan(SPEC)
    assert plan.items('groups') == [{'code': 'old', 'name': 'Old'}, {'code': 'new', 'name': 'New'}]
    assert plan.items('applications') == [{'identifier': 'crm', 'name': 'CRM'}, {'identifier': 'hr', 'name': 'HR'}]
    assert plan.items('resources') == [{'actions_mode': 'append', 'code': 'r1', 'type': 'DATA', 'app': 'crm'},
                                       {'actions_mode': 'append', 'code': 'r2', 'type': 'DATA', 'app': 'hr'}]
    assert plan.items('roles') == [{'code': 'viewer'}, {'code': 'crm-admin', 'app': 'crm'}]
    users = plan.items('users')
    assert users[0]['groups_mode'] == 'append' and users[1]['groups_mode'] == 'exact'  # the item's own mode wins
    assert plan.items('group_members') == [{'code': 'new', 'members': ['bob'], 'members_mode': 'append'}]
    assert plan.items('role_members') == []
    assert [p['app'] for p in plan.items('access_policies')] == ['crm', 'hr']
    assert plan.items('access_policies')[0]['rules_mode'] == 'append'


def test_purge_switches_make_modes_exact():
    plan = TenantPlan(SPEC, purge={'groups': True, 'memberships': True, 'access_rules': True})
    assert plan.mode('groups') == 'exact' and plan.mode('users') == 'append'
    assert plan.items('users')[0]['roles_mode'] == 'exact'
    assert plan.items('access_policies')[0]['rules_mode'] == 'exact'


def test_check_mode_holds_back_or_strips_what_depends_on_new_objects():
    results = {
        'custom_fields': result('custom_fields', 'custom_field', [({'key': 'team'}, 'create', {'key': 'team'})]),
        'groups': result('groups', 'group', [({'code': 'old'}, 'none', {'code': 'old', 'created_at': 't'}),
                                             ({'code': 'new'}, 'create', {'code': 'new'})]),
        'applications': result('applications', 'application', [
            ({'identifier': 'crm'}, 'none', {'identifier': 'crm', 'id': 'a1'}),
            ({'identifier': 'hr'}, 'create', {'identifier': 'hr'})]),
    }
    plan = TenantPlan(SPEC, results=results, check_mode=True)
    assert [r['app'] for r in plan.items('resources')] == ['crm']       # hr is new: r2 held back
    assert plan.batch('resources')['blocked'] == [('hr/r2', 'create')]
    assert plan.batch('agreements')['blocked'] == [('hr/T (en-US)', 'create')]
    ann = plan.items('users')[0]
    assert ann['groups'] == ['old'] and ann['custom_data'] == {}        # new group and new field stripped
    assert plan.batch('users')['flagged'] == {0: 'new groups, new or changed custom fields'}
    results['roles'] = result('roles', 'role', [({'code': 'viewer'}, 'none', {'code': 'viewer', 'id': 'r'}),
                                                ({'code': 'crm-admin'}, 'create', {'code': 'crm-admin'})])
    results['users'] = result('users', 'user', [({'username': 'ann'}, 'none', {'id': 'u1'}),
                                                ({'username': 'bob'}, 'create', {'username': 'bob'})])
    plan = TenantPlan(SPEC, results=results, check_mode=True)
    assert plan.items('users')[0]['roles'] == ['viewer']                # crm-admin would be created
    assert plan.batch('group_members')['blocked'] == [('new', 'update')]
    assert plan.batch('access_policies')['blocked'] == [('crm', 'update'), ('hr', 'ok')]  # bob is new; hr stays default
    lines = plan.summary()
    assert lines[0].startswith('check mode: ')
    assert 'users: 2 processed, 2 would change (create 1: bob; update 1: ann)' in lines
    assert 'access_policies: 2 processed, 1 would change (update 1: crm)' in lines
    assert plan.counts()['resources'] == {'processed': 1, 'changed': 1}


def test_apply_mode_never_holds_back():
    results = {'applications': result('applications', 'application', [({'identifier': 'hr'}, 'create', {})])}
    plan = TenantPlan(SPEC, results=results, check_mode=False)
    assert len(plan.items('resources')) == 2 and not plan.batch('resources')['blocked']


def test_summary_labels_purged_objects_and_counts_deletes():
    results = {'groups': result('groups', 'group', [
        ({'code': 'old'}, 'none', {'created_at': 't'}), ({'code': 'new'}, 'update', {'created_at': 't'}),
        ({'code': 'gone'}, 'delete', {})])}
    lines = TenantPlan(SPEC, purge={'groups': True}, results=results).summary()
    assert 'groups: 3 processed, 2 changed (changed 1: new; deleted 1: gone)' in lines
    assert lines[0] == 'applied: 2 object(s) changed'


def test_filter_returns_lists_modes_and_report():
    plan = tenant_plan(SPEC, {'users': True}, {}, False)
    assert set(plan['lists']) == set(tenant.ENTITIES)
    assert plan['modes']['users'] == 'exact' and plan['check_mode'] is False
    assert plan['summary'][0] == 'applied: 0 object(s) changed'


def test_export_helpers_drop_defaults_and_sort():
    assert tenant._clean({'a': None, 'b': '', 'c': [], 'gender': 'U', 'd': False, 'e': 1}, ('a', 'b', 'c', 'gender', 'd', 'e'),
                         tenant.USER_DEFAULTS) == {'d': False, 'e': 1}
    names = [{'app': 'b', 'code': 'x'}, 'z', {'app': 'a', 'code': 'y'}, 'a']
    assert sorted(names, key=tenant._role_sort_key) == ['a', 'z', {'app': 'a', 'code': 'y'}, {'app': 'b', 'code': 'x'}]
    assert tenant._role_name({'code': 'c', 'namespace': 'default'}, {}) == 'c'
    assert tenant._role_name({'code': 'c', 'namespace': 'id1'}, {'id1': 'crm'}) == {'app': 'crm', 'code': 'c'}
    assert tenant.counts(SPEC)['resources'] == 2 and tenant.counts({})['users'] == 0


# -- the lookup -------------------------------------------------------------------------------------

def _jwt(exp):
    body = base64.urlsafe_b64encode(json.dumps({'exp': exp}).encode()).decode().rstrip('=')
    return 'e30.%s.sig' % body


@pytest.fixture
def lookup(monkeypatch):
    from ansible_collections.authing.cloud.plugins.lookup import authing_token
    calls = []

    class FakeClient(object):
        def __init__(self, **kwargs):
            calls.append(kwargs)
            self.base_url = kwargs.get('host') or 'https://core.authing.cn'

        def token(self):
            return 'fresh-token'

    for name in list(os.environ):
        if name.startswith('AUTHING_'):
            monkeypatch.delenv(name)
    monkeypatch.setattr(authing_token, 'AuthingClient', FakeClient)
    # what the plugin loader does: register the documented options under the plugin's name
    name = 'authing.cloud.authing_token'
    C.config.initialize_plugin_configuration_definitions('lookup', name, yaml.safe_load(authing_token.DOCUMENTATION)['options'])
    module = authing_token.LookupModule()
    module._load_name = name
    module.calls = calls
    return module


def test_lookup_exchanges_the_secret_once(lookup):
    assert lookup.run([], {}, user_pool_id='pool', secret='s', host='') == ['fresh-token']
    assert lookup.calls[0]['user_pool_id'] == 'pool'
    assert lookup.calls[0]['host'] == 'https://core.authing.cn'  # '' means not set: the default applies


def test_lookup_reuses_a_valid_token_without_a_request(lookup):
    valid = _jwt(int(time.time()) + 3600)
    assert lookup.run([], {}, token=valid) == [valid]
    assert lookup.calls == []


def test_lookup_renews_a_token_close_to_expiry(lookup, monkeypatch):
    soon = _jwt(int(time.time()) + 60)
    assert lookup.run([], {}, token=soon, user_pool_id='pool', secret='s') == ['fresh-token']
    with pytest.raises(Exception, match='no user pool ID and secret'):
        lookup.run([], {}, token=soon)
    monkeypatch.setenv('AUTHING_USERPOOL_ID', 'env-pool')
    monkeypatch.setenv('AUTHING_USERPOOL_SECRET', 'env-secret')
    assert lookup.run([], {}) == ['fresh-token']
    assert lookup.calls[-1]['user_pool_id'] == 'env-pool'


def test_what_belongs_to_a_deleted_application_is_left_alone():
    spec = dict(SPEC, applications=[dict(SPEC['applications'][0], state='absent'), SPEC['applications'][1]])
    plan = TenantPlan(spec)
    assert [r['app'] for r in plan.items('resources')] == ['hr']
    assert [p['app'] for p in plan.items('access_policies')] == ['hr']
    assert plan.items('roles') == [{'code': 'viewer'}]
    assert plan.items('applications')[0] == {'identifier': 'crm', 'name': 'CRM', 'state': 'absent'}
