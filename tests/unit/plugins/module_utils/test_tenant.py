"""The tenant layer (spec -> steps, shape checks, a whole prediction, the outcome's summary),
the export helpers and the authing.cloud.authing_token lookup, without a server."""

import base64
import os
import json
import time

import pytest
import yaml
from ansible import constants as C

from ansible_collections.authing.cloud.plugins.module_utils import tenant, tenant_export

from .fake_api import FakeApi

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


def items(step_name, spec=None, purge=None):
    step = next(step for step in tenant.STEPS if step.name == step_name)
    return [item for _path, item in step.items(SPEC if spec is None else spec, purge or {})]


def paths(step_name, spec=None):
    step = next(step for step in tenant.STEPS if step.name == step_name)
    return [path for path, _item in step.items(SPEC if spec is None else spec, {})]


def test_steps_follow_the_spec_in_dependency_order():
    assert [step.name for step in tenant.STEPS] == [
        'custom_fields', 'groups', 'applications', 'resources', 'agreements', 'roles', 'users',
        'group_members', 'role_members', 'orgs', 'policies', 'access_policies', 'permissions']
    assert items('groups') == [{'code': 'old', 'name': 'Old'}, {'code': 'new', 'name': 'New'}]
    assert items('applications') == [{'identifier': 'crm', 'name': 'CRM'}, {'identifier': 'hr', 'name': 'HR'}]
    assert items('resources') == [{'actions_mode': 'append', 'code': 'r1', 'type': 'DATA', 'app': 'crm'},
                                  {'actions_mode': 'append', 'code': 'r2', 'type': 'DATA', 'app': 'hr'}]
    assert items('roles') == [{'code': 'viewer'}, {'code': 'crm-admin', 'app': 'crm'}]
    users = items('users')
    assert users[0]['groups_mode'] == 'append' and users[1]['groups_mode'] == 'exact'  # the item's own mode wins
    assert items('group_members') == [{'code': 'new', 'members': ['bob'], 'members_mode': 'append'}]
    assert items('role_members') == []
    assert [p['app'] for p in items('access_policies')] == ['crm', 'hr']
    assert items('access_policies')[0]['rules_mode'] == 'append'
    assert paths('resources') == ['applications[0].resources[0]', 'applications[1].resources[0]']
    assert paths('access_policies') == ['applications[0].access_policy', 'applications[1].access_policy']


def test_purge_switches_make_modes_exact():
    purge = {'groups': True, 'memberships': True, 'access_rules': True}
    run = tenant.Tenant(None, SPEC, purge)
    assert run._bulk_mode(tenant.STEPS[1]) == 'exact' and run._bulk_mode(tenant.STEPS[6]) == 'append'
    assert items('users', purge=purge)[0]['roles_mode'] == 'exact'
    assert items('access_policies', purge=purge)[0]['rules_mode'] == 'exact'


def test_what_belongs_to_a_deleted_application_is_left_alone():
    spec = dict(SPEC, applications=[dict(SPEC['applications'][0], state='absent'), SPEC['applications'][1]])
    assert [r['app'] for r in items('resources', spec)] == ['hr']
    assert [p['app'] for p in items('access_policies', spec)] == ['hr']
    assert items('roles', spec) == [{'code': 'viewer'}]
    assert items('applications', spec)[0] == {'identifier': 'crm', 'name': 'CRM', 'state': 'absent'}


# -- a whole run against a scripted API ------------------------------------------------------------

EMPTY_POOL = {
    'udf': [], 'group': None, 'groups': {'totalCount': 0, 'list': []}, 'userBatch': [], 'findUser': None,
    'GET /applications': {'totalCount': 0, 'list': []}, 'role': None, 'roles': {'totalCount': 0, 'list': []},
}


def test_a_spec_with_problems_fails_with_every_path_before_any_request():
    spec = {'groups': [{'code': 'a', 'name': 'A', 'colour': 'red'}, 'b'],
            'users': [{'username': 'u', 'groups': 'not-a-list-of-codes', 'gender': 'X'}], 'extra': []}
    api = FakeApi(EMPTY_POOL)
    with pytest.raises(tenant.TenantError) as failed:
        tenant.Tenant(api.client, spec).run()
    assert failed.value.problems == ['extra: not part of a tenant spec (known: custom_fields, groups, roles, users, applications, orgs, policies)']
    del spec['extra']
    with pytest.raises(tenant.TenantError) as failed:
        tenant.Tenant(api.client, spec).run()
    problems = failed.value.problems
    assert any(p.startswith('groups[0]: ') and 'colour' in p for p in problems), problems
    assert "groups[1]: must be a mapping of options, got 'b'" in problems
    assert any(p.startswith('users[0]: ') and 'gender' in p for p in problems), problems
    assert str(failed.value).startswith('The tenant spec has %d problem(s); nothing was written' % len(problems))
    assert api.session.requests == []


def test_references_to_objects_of_the_spec_are_predicted_and_unknown_ones_have_paths():
    spec = {'custom_fields': [{'key': 'team', 'data_type': 'NUMBER'}],
            'groups': [{'code': 'dev', 'name': 'Dev'}],
            'users': [{'username': 'ann', 'groups': ['dev'], 'custom_data': {'team': 7}},
                      {'username': 'bob', 'groups': ['dev', 'ghost'], 'custom_data': {'team': 'x'}}]}
    api = FakeApi(EMPTY_POOL)
    with pytest.raises(tenant.TenantError) as failed:
        tenant.Tenant(api.client, spec, check_mode=True).run()
    assert 'users[1].groups[1]: unknown group: ghost' in failed.value.problems
    assert any(p.startswith('users[1]: ') and "custom data 'team' must be a number" in p for p in failed.value.problems)
    spec['users'] = spec['users'][:1]
    outcome = tenant.Tenant(api.client, spec, check_mode=True).run()
    assert outcome.changes() == {'custom_fields': {'create': ['team']}, 'groups': {'create': ['dev']},
                                 'users': {'create': ['ann']}}
    assert outcome.summary()[0] == 'check mode: 3 object(s) would change; nothing was written'
    assert 'users: 1 processed, 1 would change (create 1: ann)' in outcome.summary()
    assert not [r for r in api.session.requests if (r['json'] or {}).get('query', '').startswith('mutation')]


def test_outcome_counts_and_summary_use_each_results_action():
    class Done(object):
        order_changes = []

        def item_result(self, record):
            return {'action': record['action'], 'changed': record['action'] != 'none'}, {'before': {}, 'after': {}}

    step = tenant.STEPS[1]
    records = [{'item': {'code': code}, 'action': action}
               for code, action in (('old', 'none'), ('new', 'update'), ('gone', 'delete'))]
    outcome = tenant.Outcome.of([tenant.stages.Run(tenant.stages.Stage(step.entity, [], name=step.name), Done(), records)],
                                check_mode=False)
    assert outcome.counts()['groups'] == {'processed': 3, 'changed': 2, 'create': 0, 'update': 1, 'delete': 1}
    assert outcome.changes() == {'groups': {'update': ['new'], 'delete': ['gone']}}
    assert outcome.summary() == ['applied: 2 object(s) changed', 'groups: 3 processed, 2 changed (update 1: new; delete 1: gone)']
    assert outcome.changed and len(outcome.diffs()) == 2


def test_a_summary_line_names_a_few_objects_and_counts_the_rest():
    class Done(object):
        order_changes = []

        def item_result(self, record):
            return {'action': 'create', 'changed': True}, {'before': {}, 'after': {}}

    step = tenant.STEPS[1]
    records = [{'item': {'code': 'g%03d' % i}} for i in range(25)]
    outcome = tenant.Outcome.of([tenant.stages.Run(tenant.stages.Stage(step.entity, [], name=step.name), Done(), records)],
                                check_mode=False)
    named = ', '.join('g%03d' % i for i in range(tenant.SUMMARY_NAMES))
    assert outcome.summary()[1] == 'groups: 25 processed, 25 changed (create 25: %s ... and 5 more (see changes))' % named
    assert len(outcome.changes()['groups']['create']) == 25


def test_export_helpers_drop_defaults_and_sort():
    assert tenant_export._clean({'a': None, 'b': '', 'c': [], 'gender': 'U', 'd': False, 'e': 1},
                                ('a', 'b', 'c', 'gender', 'd', 'e'), tenant_export.USER_DEFAULTS) == {'d': False, 'e': 1}
    assert tenant_export._clean({'custom_data': {'a': None, 'b': 1}}, ('custom_data',)) == {'custom_data': {'b': 1}}
    names = [{'app': 'b', 'code': 'x'}, 'z', {'app': 'a', 'code': 'y'}, 'a']
    assert sorted(names, key=tenant_export._role_sort_key) == ['a', 'z', {'app': 'a', 'code': 'y'}, {'app': 'b', 'code': 'x'}]
    assert tenant_export._role_name({'code': 'c', 'namespace': 'default'}, {}) == 'c'
    assert tenant_export._role_name({'code': 'c', 'namespace': 'id1'}, {'id1': 'crm'}) == {'app': 'crm', 'code': 'c'}
    assert tenant_export.counts(SPEC)['resources'] == 2 and tenant_export.counts({})['users'] == 0


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


def test_the_1_0_filter_still_gives_lists_modes_and_a_summary_of_registered_results():
    from ansible_collections.authing.cloud.plugins.filter.tenant_plan import tenant_plan
    results = {'groups': {'groups': [dict(code='old', action='none', changed=False),
                                     dict(code='new', action='update', changed=True),
                                     dict(code='gone', action='delete', changed=True)]}}
    plan = tenant_plan(SPEC, {'groups': True}, results, False)
    assert set(plan['lists']) == set(step.name for step in tenant.STEPS)
    assert plan['lists']['groups'] == items('groups')
    assert plan['modes']['groups'] == 'exact' and plan['modes']['users'] == 'append' and plan['check_mode'] is False
    assert 'groups: 3 processed, 2 changed (update 1: new; delete 1: gone)' in plan['summary']
    assert plan['counts']['groups']['delete'] == 1


def test_a_step_is_written_after_earlier_steps_only():
    names = []
    for step in tenant.STEPS:
        assert step.after is None or set(step.after) <= set(names), step.name
        names.append(step.name)
    users = next(step for step in tenant.STEPS if step.name == 'users')
    assert set(users.after) == {'custom_fields', 'groups', 'applications', 'roles'}, 'what a user may name'
