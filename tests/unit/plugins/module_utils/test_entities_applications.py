"""The application family's hooks and normalisers, without a server.

Entity operations get a tiny fake client that answers by operation name and records calls.
"""

import threading

import pytest

from ansible_collections.authing.cloud.plugins.module_utils.client import AuthingError
from ansible_collections.authing.cloud.plugins.module_utils.description import Ref, UnknownReferences
from ansible_collections.authing.cloud.plugins.module_utils.engine import Reconciler, plan_item
from ansible_collections.authing.cloud.plugins.module_utils.entities import access_policies as ap
from ansible_collections.authing.cloud.plugins.module_utils.entities import agreements, applications, resources


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


class Ctx(object):
    def __init__(self, client):
        self.client = client
        self.cache = {}
        self.lock = threading.Lock()


APP = {'id': '6123456789abcdef0123abcd', 'identifier': 'portal', 'secret': 's' * 28,
       'permissionStrategy': {'defaultStrategy': 'DENY_ALL', 'enabled': True}}


# -- applications -------------------------------------------------------------------------------

def test_application_identity_accepts_identifier_or_id():
    identity, identities = applications.APPLICATION.hooks['identity'], applications.APPLICATION.hooks['identities']
    assert identity({'identifier': 'portal', 'id': None}) == ('portal', None)
    assert identity({'identifier': None, 'id': APP['id']}) == (None, APP['id'])
    assert set(identities(APP)) >= set([('portal', None), (None, APP['id']), ('portal', APP['id'])])
    assert applications.APPLICATION.label((None, APP['id'])) == APP['id']


def test_resolve_app_by_id_or_identifier_lists_once():
    client = FakeClient(**{'applications.list': {'totalCount': 1, 'list': [APP]},
                           'applications.detail': AuthingError('no such app', code=2011)})
    ctx = Ctx(client)
    assert applications.resolve_app(ctx, APP['id']) is APP  # detail says 2011 (a stale id?), the list knows it
    assert applications.resolve_app(ctx, 'portal') is APP
    assert applications.resolve_app(ctx, 'nope') is None
    assert applications.resolve_app(ctx, APP['id']) is APP  # listed already: no detail call
    assert client.names() == ['applications.detail', 'applications.list']
    applications.forget_applications(ctx)
    applications.resolve_app(ctx, 'portal')
    assert client.names()[-1] == 'applications.list'


def test_find_application_by_id_ignores_a_different_identifier_and_other_errors_raise():
    client = FakeClient(**{'applications.detail': APP})
    ctx = Ctx(client)
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
    created = applications.create_application(Ctx(client), {'identifier': 'portal', 'appType': 'BOTH'}, None, None)
    assert created['appType'] == 'BOTH'
    assert client.calls[0][1]['body'] == {'identifier': 'portal', 'redirectUris': []}
    assert client.calls[1][1]['body'] == {'appType': 'BOTH'}


def test_active_users_never_carry_tokens():
    client = FakeClient(**{'applications.active-users': {'list': [{'id': 'u1', 'token': 'eyJ', 'username': 'a'}]}})
    view = {}
    applications.add_active_users(Ctx(client), {'with_active_users': True}, APP, view)
    assert view == {'active_users': [{'id': 'u1', 'username': 'a'}]}
    applications.add_active_users(Ctx(client), {'with_active_users': False}, APP, {})
    assert len(client.calls) == 1


# -- resources ----------------------------------------------------------------------------------

def test_actions_compare_in_one_spelling():
    field = resources.RESOURCE.field('actions')
    current = field.read({'actions': [{'name': 'read', 'description': ''}, {'name': 'write', 'description': 'W'}]})
    assert current == [{'name': 'read', 'description': None}, {'name': 'write', 'description': 'W'}]
    desired = resources.prepare({'actions': [{'name': 'write', 'description': 'W'}, {'name': 'read', 'description': ''}]})
    assert field.same(desired['actions'], current)
    assert resources.actions_to_api([{'name': 'read', 'description': None}]) == [{'name': 'read', 'description': ''}]
    assert resources.prepare({'actions': None})['actions'] is None


@pytest.mark.parametrize('mode,desired,expected', [
    ('append', [{'name': 'read', 'description': None}], None),
    ('append', [{'name': 'delete', 'description': None}], ['read', 'write', 'delete']),
    ('remove', [{'name': 'write', 'description': None}], ['read']),
    ('exact', [{'name': 'write', 'description': None}, {'name': 'read', 'description': None}], None),
])
def test_actions_modes_plan(mode, desired, expected):
    current = {'code': 'r', 'actions': [{'name': 'read', 'description': None}, {'name': 'write', 'description': None}]}
    plan = plan_item(resources.RESOURCE, {'code': 'r', 'state': 'present', 'actions': desired, 'actions_mode': mode},
                     current, {}, {})
    assert ([a['name'] for a in plan.changes['actions']] if plan.changed else None) == expected


def test_duplicate_action_names_are_rejected():
    assert list(resources.validate({'actions': [{'name': 'a'}, {'name': 'b'}, {'name': 'a'}]})) == [
        'actions listed more than once: a']
    assert list(resources.validate({'actions': None})) == []


@pytest.mark.parametrize('item,current,problem', [
    ({'type': 'API'}, None, True),
    ({'type': 'API', 'api_identifier': 'https://x'}, None, False),
    ({'type': 'API'}, {'type': 'DATA', 'api_identifier': None}, True),
    ({'type': 'API'}, {'type': 'API', 'api_identifier': 'https://x'}, False),
    ({'description': 'd'}, {'type': 'API', 'api_identifier': 'https://x'}, False),
    ({'api_identifier': ''}, {'type': 'API', 'api_identifier': 'https://x'}, True),
    ({'type': 'DATA'}, None, False),
    ({'type': 'API', 'state': 'absent'}, None, False),
])
def test_api_resources_need_an_api_identifier(item, current, problem):
    record = {'item': dict({'state': 'present'}, **item), 'current': current}
    assert bool(list(resources.check_api_identifier(None, [record]))) is problem


def test_resource_calls_use_the_application_namespace():
    client = FakeClient(**{'resources.update': {}, 'resources.delete': None})
    ctx = Ctx(client)
    resources.RESOURCE.update(ctx, {'code': 'a/b'}, {'type': 'UI'}, APP, None)
    resources.RESOURCE.delete(ctx, {'code': 'a/b'}, APP, None)
    assert client.calls[0][1]['path'] == {'code': 'a%2Fb'}
    assert client.calls[0][1]['body'] == {'type': 'UI', 'namespace': APP['id']}
    assert client.calls[1][1]['query'] == {'namespace': APP['id']}


# -- agreements ---------------------------------------------------------------------------------

def test_agreement_identity_defaults_lang_and_needs_a_title():
    identity = agreements.AGREEMENT.hooks['identity']
    assert identity({'title': 'T', 'lang': None}) == ('T', 'zh-CN')
    assert identity({'title': 'T', 'lang': 'en-US'}) == ('T', 'en-US')
    assert identity({'title': None, 'lang': 'en-US'}) == (None, None)


def test_agreements_are_listed_once_and_the_cache_is_dropped_on_writes():
    listing = {'totalCount': 2, 'list': [{'id': 2, 'title': 'B', 'lang': 'en-US', 'order': 2},
                                         {'id': 1, 'title': 'A', 'lang': 'zh-CN', 'order': 1}]}
    client = FakeClient(**{'agreements.list': listing, 'agreements.sort': None})
    ctx = Ctx(client)
    assert agreements.find_agreement(ctx, ('B', 'en-US'), APP)['id'] == 2
    assert agreements.find_agreement(ctx, ('B', 'zh-CN'), APP) is None
    assert [a['title'] for a in agreements.info_list(ctx, {'lang': None}, APP)] == ['A', 'B']
    assert [a['title'] for a in agreements.info_list(ctx, {'lang': 'en-US'}, APP)] == ['B']
    assert client.names() == ['agreements.list']
    agreements.AGREEMENT.hooks['sort'](ctx, APP, listing['list'])
    assert client.calls[-1][1]['body'] == {'ids': [2, 1]}
    agreements.find_agreement(ctx, ('A', 'zh-CN'), APP)
    assert client.names() == ['agreements.list', 'agreements.sort', 'agreements.list']


# -- access policies ----------------------------------------------------------------------------

RULES = [
    {'target_type': 'USER', 'targets': ['alice', 'bob'], 'effect': 'deny', 'enabled': False, 'namespace': None,
     'inherit_by_children': None},
    {'target_type': 'ROLE', 'targets': ['admin'], 'effect': 'allow', 'enabled': True, 'namespace': None,
     'inherit_by_children': None},
    {'target_type': 'ORG', 'targets': ['n1'], 'effect': 'allow', 'enabled': True, 'namespace': None,
     'inherit_by_children': True},
]


def test_rules_expand_to_one_hashable_target_each():
    refs = ap.expand_rules(RULES)
    assert refs == [
        ap.RuleTarget('USER', 'alice', '', 'deny', False, False),
        ap.RuleTarget('USER', 'bob', '', 'deny', False, False),
        ap.RuleTarget('ROLE', 'admin', 'default', 'allow', True, False),
        ap.RuleTarget('ORG', 'n1', '', 'allow', True, True),
    ]
    assert sorted(refs) and len(set(refs)) == 4
    assert [str(ref) for ref in refs] == ['USER alice', 'USER bob', 'ROLE admin (namespace default)', 'ORG n1']


def test_rule_validation():
    bad = [{'target_type': 'USER', 'targets': ['a'], 'namespace': 'default'},
           {'target_type': 'GROUP', 'targets': ['g'], 'inherit_by_children': False},
           {'target_type': 'USER', 'targets': ['b', 'a']}]
    assert list(ap.validate({'rules': bad})) == [
        'namespace only applies to ROLE rules (USER rule for a)',
        'inherit_by_children only applies to ORG rules (GROUP rule for g)',
        'USER a is in more than one rule']
    assert list(ap.validate({'rules': RULES})) == [] and list(ap.validate({'rules': None})) == []


def test_absent_means_reset_to_the_defaults():
    assert ap.prepare({'app': 'a', 'state': 'absent', 'rules': None}) == {
        'app': 'a', 'state': 'present', 'default_strategy': 'ALLOW_ALL', 'rules': [], 'rules_mode': 'exact'}
    item = {'app': 'a', 'state': 'present'}
    assert ap.prepare(item) is item


def test_resolve_rules_maps_targets_and_names_every_unknown_one():
    users = {'alice': {'id': 'u1', 'username': 'alice'}}

    def user_batch(variables, **kw):
        return [users[i] for i in variables['ids'] if i in users] if variables['type'] == 'username' else []

    client = FakeClient(userBatch=user_batch, group=lambda variables, **kw: {'code': 'g'} if variables['code'] == 'g' else None,
                        role=lambda variables, **kw: {'code': 'r'} if variables['namespace'] == APP['id'] else None,
                        **{'applications.list': {'totalCount': 1, 'list': [APP]}})
    ctx = Ctx(client)
    refs = [ap.RuleTarget('USER', 'alice', '', 'allow', True, False), ap.RuleTarget('GROUP', 'g', '', 'deny', True, False),
            ap.RuleTarget('ROLE', 'r', 'portal', 'allow', False, False), ap.RuleTarget('ORG', 'n1', '', 'allow', True, True)]
    resolved = ap.resolve_rules(ctx, refs)
    assert [resolved[ref] for ref in refs] == [
        Ref(('USER', 'u1', ''), 'alice', ('allow', True, False)), Ref(('GROUP', 'g', ''), 'g', ('deny', True, False)),
        Ref(('ROLE', 'r', APP['id']), 'r', ('allow', False, False)), Ref(('ORG', 'n1', ''), 'n1', ('allow', True, True))]
    bad = [ap.RuleTarget('USER', 'ghost', '', 'allow', True, False), ap.RuleTarget('GROUP', 'nog', '', 'allow', True, False),
           ap.RuleTarget('ROLE', 'r', 'default', 'allow', True, False), refs[0]]
    with pytest.raises(UnknownReferences) as info:
        ap.resolve_rules(ctx, bad)
    assert sorted(str(ref) for ref in info.value.refs) == ['GROUP nog', 'ROLE r (namespace default)', 'USER ghost']


RECORD = {'targetType': 'USER', 'targetIdentifier': 'u1', 'enabled': False, 'inheritByChildren': None,
          'policy': {'statements': [{'effect': 'DENY'}]}, 'target': {'id': 'u1', 'username': 'alice'}}


def test_records_read_as_links_and_render_as_rules():
    records = [RECORD,
               {'targetType': 'ROLE', 'targetIdentifier': 'admin', 'targetNamespace': 'default', 'enabled': True,
                'policy': {'statements': [{'effect': 'ALLOW'}]}, 'target': {'code': 'admin'}},
               {'targetType': 'ORG', 'targetIdentifier': 'n1', 'enabled': True, 'inheritByChildren': True,
                'policy': {'statements': [{'effect': 'ALLOW'}]}, 'target': {'id': 'n1'}}]
    ctx = Ctx(FakeClient(**{'authorization.records': {'totalCount': 3, 'list': records}}))
    links = ap.read_rules(ctx, {'id': APP['id']})
    assert links == [Ref(('USER', 'u1', ''), 'alice', ('deny', False, False)),
                     Ref(('ROLE', 'admin', 'default'), 'admin', ('allow', True, False)),
                     Ref(('ORG', 'n1', ''), 'n1', ('allow', True, True))]
    assert ap.render_rules(links) == [
        {'target_type': 'ORG', 'targets': ['n1'], 'effect': 'allow', 'enabled': True, 'namespace': None,
         'inherit_by_children': True},
        {'target_type': 'ROLE', 'targets': ['admin'], 'effect': 'allow', 'enabled': True, 'namespace': 'default',
         'inherit_by_children': None},
        {'target_type': 'USER', 'targets': ['alice'], 'effect': 'deny', 'enabled': False, 'namespace': None,
         'inherit_by_children': None}]


def test_add_sends_only_what_differs_from_the_records():
    client = FakeClient(**{'authorization.records': {'totalCount': 1, 'list': [RECORD]}, 'authorization.allow': None,
                           'authorization.deny': None, 'authorization.enable': None, 'authorization.disable': None})
    ctx = Ctx(client)
    config = {'id': APP['id']}
    ap.read_rules(ctx, config)
    ap.add_rules(ctx, config, [Ref(('USER', 'u1', ''), 'alice', ('deny', True, False)),   # enable only
                               Ref(('USER', 'u2', ''), 'bob', ('allow', False, False)),   # new, then disabled
                               Ref(('ROLE', 'r', 'default'), 'r', ('allow', True, False))])  # new
    sent = [(name, call['body']['targetType'], call['body']['targetIdentifiers'], call['body']['namespace'])
            for name, call in client.calls[1:]]
    assert sent == [('authorization.allow', 'USER', ['u2'], APP['id']),
                    ('authorization.allow', 'ROLE', ['r'], 'default'),
                    ('authorization.enable', 'USER', ['u1'], APP['id']),
                    ('authorization.disable', 'USER', ['u2'], APP['id'])]


def test_access_configuration_reconciles_and_predicts_without_writes():
    client = FakeClient(**{'applications.list': {'totalCount': 1, 'list': [APP]},
                           'authorization.records': {'totalCount': 1, 'list': [RECORD]}})
    reconciler = Reconciler(ap.ACCESS_POLICY, client, check_mode=True)
    item = dict(app='portal', default_strategy=None, rules=None, rules_mode='exact', state='absent')
    [record] = reconciler.run([item])
    before, after, obj = reconciler.views(record)
    assert record['plan'].changes == {'default_strategy': 'ALLOW_ALL'}
    assert before['rules'][0]['targets'] == ['alice'] and after == {'app': 'portal', 'default_strategy': 'ALLOW_ALL',
                                                                    'rules': []}
    assert obj['app_id'] == APP['id']
    assert all(not name.startswith(('authorization.allow', 'authorization.revoke')) for name in client.names())


def test_records_read_seed_the_resolver_so_a_rerun_looks_nothing_up():
    records = [RECORD,
               {'targetType': 'GROUP', 'targetIdentifier': 'g', 'enabled': True,
                'policy': {'statements': [{'effect': 'ALLOW'}]}, 'target': {'code': 'g'}},
               {'targetType': 'ROLE', 'targetIdentifier': 'r', 'targetNamespace': APP['id'], 'enabled': True,
                'policy': {'statements': [{'effect': 'ALLOW'}]}, 'target': {'code': 'r'}}]
    client = FakeClient(**{'authorization.records': {'totalCount': 3, 'list': records},
                           'applications.list': {'totalCount': 1, 'list': [APP]}})
    ctx = Ctx(client)
    ap.read_rules(ctx, {'id': APP['id']})
    refs = [ap.RuleTarget('USER', 'alice', '', 'deny', False, False), ap.RuleTarget('USER', 'u1', '', 'deny', False, False),
            ap.RuleTarget('GROUP', 'g', '', 'allow', True, False), ap.RuleTarget('ROLE', 'r', 'portal', 'allow', True, False)]
    resolved = ap.resolve_rules(ctx, refs)
    assert resolved[refs[0]].id == resolved[refs[1]].id == ('USER', 'u1', '')
    assert client.names() == ['authorization.records', 'applications.list']  # the list maps 'portal' to its id
