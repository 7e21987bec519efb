"""The access-policy description (an application's default strategy and access rules): rules
expanded to one target each, targets resolved through the references layer, records read as
links and written with allow/deny/enable/disable/revoke, ``state: absent`` as a reset, through a
fake transport."""

import pytest

from ansible_collections.authing.cloud.plugins.module_utils.description import Ref, UnknownReferences
from ansible_collections.authing.cloud.plugins.module_utils.engine import ReconcileError, Reconciler
from ansible_collections.authing.cloud.plugins.module_utils.entities import access_policies as ap

from .fake_api import FakeApi, page

APP = {'id': '6123456789abcdef0123abcd', 'identifier': 'portal', 'secret': 's' * 28,
       'permissionStrategy': {'defaultStrategy': 'DENY_ALL', 'enabled': True}}
PREFIX = '/applications/%s/authorization' % APP['id']
# One organisation (code acme) with its root node and node n1 (code sales).
ORGS = page([{'id': 'o1', 'rootNode': {'id': 'root1', 'code': 'acme', 'name': 'Acme'},
              'nodes': [{'id': 'root1', 'code': 'acme', 'name': 'Acme'}, {'id': 'n1', 'code': 'sales', 'name': 'Sales'}]}])


def item(**kw):
    base = dict((name, None) for name in ap.ACCESS_POLICY.item_spec())
    base.update(app='portal', rules_mode='exact', state='present')
    base.update(kw)
    return base


def rule(target_type, *targets, **kw):
    return dict(dict(target_type=target_type, targets=list(targets), effect='allow', enabled=True, namespace=None,
                     inherit_by_children=None), **kw)


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
    assert ap.normalize(None, {'app': 'a', 'state': 'absent', 'rules': None}) == {
        'app': 'a', 'state': 'present', 'default_strategy': 'ALLOW_ALL', 'rules': [], 'rules_mode': 'exact'}
    item = {'app': 'a', 'state': 'present'}
    assert ap.normalize(None, item) is item


def test_resolve_rules_maps_targets_and_names_every_unknown_one():
    users = {'alice': {'id': 'u1', 'username': 'alice'}}

    def user_batch(request):
        variables = request.variables
        return [users[i] for i in variables['ids'] if i in users] if variables['type'] == 'username' else []

    api = FakeApi({'userBatch': user_batch, 'group': lambda r: {'code': 'g'} if r.variables['code'] == 'g' else None,
                   'role': lambda r: {'code': 'r'} if r.variables['namespace'] == APP['id'] else None,
                   'GET /applications': page([APP]), 'orgs': ORGS})
    ctx = api.ctx
    refs = [ap.RuleTarget('USER', 'alice', '', 'allow', True, False), ap.RuleTarget('GROUP', 'g', '', 'deny', True, False),
            ap.RuleTarget('ROLE', 'r', 'portal', 'allow', False, False), ap.RuleTarget('ORG', 'n1', '', 'allow', True, True)]
    resolved = ap.resolve_rules(ctx, refs)
    assert [resolved[ref] for ref in refs] == [
        Ref(('USER', 'u1', ''), 'alice', ('allow', True, False)), Ref(('GROUP', 'g', ''), 'g', ('deny', True, False)),
        Ref(('ROLE', 'r', APP['id']), 'r', ('allow', False, False)),
        Ref(('ORG', 'n1', ''), 'acme/sales', ('allow', True, True))]
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
    ctx = FakeApi({'GET %s/records' % PREFIX: page(records), 'orgs': ORGS}).ctx
    links = ap.read_rules(ctx, {'id': APP['id']})
    assert links == [Ref(('USER', 'u1', ''), 'alice', ('deny', False, False)),
                     Ref(('ROLE', 'admin', 'default'), 'admin', ('allow', True, False)),
                     Ref(('ORG', 'n1', ''), 'acme/sales', ('allow', True, True))]
    assert ap.render_rules(links) == [
        {'target_type': 'ORG', 'targets': ['acme/sales'], 'effect': 'allow', 'enabled': True, 'namespace': None,
         'inherit_by_children': True},
        {'target_type': 'ROLE', 'targets': ['admin'], 'effect': 'allow', 'enabled': True, 'namespace': 'default',
         'inherit_by_children': None},
        {'target_type': 'USER', 'targets': ['alice'], 'effect': 'deny', 'enabled': False, 'namespace': None,
         'inherit_by_children': None}]


def test_add_sends_only_what_differs_from_the_records():
    api = FakeApi({'GET %s/records' % PREFIX: page([RECORD]), 'POST %s/*' % PREFIX: None})
    ctx = api.ctx
    config = {'id': APP['id']}
    ap.read_rules(ctx, config)
    ap.add_rules(ctx, config, [Ref(('USER', 'u1', ''), 'alice', ('deny', True, False)),   # enable only
                               Ref(('USER', 'u2', ''), 'bob', ('allow', False, False)),   # new, then disabled
                               Ref(('ROLE', 'r', 'default'), 'r', ('allow', True, False))])  # new
    sent = [(call.name.rsplit('/', 1)[1], call.body['targetType'], call.body['targetIdentifiers'], call.body['namespace'])
            for call in api.requests()[1:]]
    assert sent == [('allow', 'USER', ['u2'], APP['id']),
                    ('allow', 'ROLE', ['r'], 'default'),
                    ('enable-effect', 'USER', ['u1'], APP['id']),
                    ('disable-effect', 'USER', ['u2'], APP['id'])]


def test_access_configuration_reconciles_and_predicts_without_writes():
    api = FakeApi({'GET /applications': page([APP]), 'GET %s/records' % PREFIX: page([RECORD])}, check_mode=True)
    reconciler = Reconciler(ap.ACCESS_POLICY, api.client, check_mode=True)
    item = dict(app='portal', default_strategy=None, rules=None, rules_mode='exact', state='absent')
    [record] = reconciler.run([item])
    before, after, obj = reconciler.views(record)
    assert record['plan'].changes == {'default_strategy': 'ALLOW_ALL'}
    assert before['rules'][0]['targets'] == ['alice'] and after == {'app': 'portal', 'default_strategy': 'ALLOW_ALL',
                                                                    'rules': []}
    assert obj['app_id'] == APP['id']
    assert api.names() == ['GET /applications', 'GET %s/records' % PREFIX]


def test_records_read_seed_the_resolver_so_a_rerun_looks_nothing_up():
    records = [RECORD,
               {'targetType': 'GROUP', 'targetIdentifier': 'g', 'enabled': True,
                'policy': {'statements': [{'effect': 'ALLOW'}]}, 'target': {'code': 'g'}},
               {'targetType': 'ROLE', 'targetIdentifier': 'r', 'targetNamespace': APP['id'], 'enabled': True,
                'policy': {'statements': [{'effect': 'ALLOW'}]}, 'target': {'code': 'r'}}]
    api = FakeApi({'GET %s/records' % PREFIX: page(records), 'GET /applications': page([APP])})
    ctx = api.ctx
    ap.read_rules(ctx, {'id': APP['id']})
    refs = [ap.RuleTarget('USER', 'alice', '', 'deny', False, False), ap.RuleTarget('USER', 'u1', '', 'deny', False, False),
            ap.RuleTarget('GROUP', 'g', '', 'allow', True, False), ap.RuleTarget('ROLE', 'r', 'portal', 'allow', True, False)]
    resolved = ap.resolve_rules(ctx, refs)
    assert resolved[refs[0]].id == resolved[refs[1]].id == ('USER', 'u1', '')
    assert api.names() == ['GET %s/records' % PREFIX, 'GET /applications']  # the list maps 'portal' to its id


# -- the wire and the loop ---------------------------------------------------------------------------

def service(records=(), users=(), groups=(), roles=()):
    """Routes over one application: records, user/group/role lookups, the strategy update; calls are recorded."""
    state = {'app': dict(APP), 'records': list(records)}

    def update_app(request):
        state['app']['permissionStrategy'] = request.body['permissionStrategy']
        return state['app']
    return FakeApi({
        'GET /applications': lambda r: page([state['app']]),
        'GET %s/records' % PREFIX: lambda r: page(state['records']),
        'POST %s/*' % PREFIX: None,
        'POST /applications/%s' % APP['id']: update_app,
        'userBatch': lambda r: [u for u in users if u.get(r.variables['type']) in r.variables['ids']],
        'group': lambda r: {'code': r.variables['code']} if r.variables['code'] in groups else None,
        'role': lambda r: {'code': r.variables['code']} if (r.variables['namespace'], r.variables['code']) in roles else None,
        'orgs': ORGS,
    }), state


def test_find_and_list_read_the_configuration_from_the_application():
    api, _state = service()
    config = ap.ACCESS_POLICY.wire.find(api.ctx, 'portal', APP)
    assert config == {'id': APP['id'], 'app': 'portal', 'defaultStrategy': 'DENY_ALL'}
    assert ap.ACCESS_POLICY.wire.list_all(api.ctx, APP) == [config]
    assert ap.ACCESS_POLICY.identities(config) == ['portal', APP['id']]
    assert ap.config_of({'id': 'x', 'identifier': 'y'})['defaultStrategy'] == 'ALLOW_ALL'
    assert api.names() == []


def test_info_list_covers_one_application_or_every_one():
    api, _state = service()
    assert [c['app'] for c in ap.ACCESS_POLICY.call('info_list', api.ctx, {}, ap.resolve_scope(api.ctx, None))] == ['portal']
    assert ap.resolve_scope(api.ctx, None) is ap.EVERY_APPLICATION
    assert ap.ACCESS_POLICY.call('info_list', api.ctx, {}, APP)[0]['id'] == APP['id']


def test_rules_are_granted_per_target_type_and_the_strategy_is_set():
    alice = {'id': 'u1', 'username': 'alice', 'email': None, 'phone': None, 'externalId': None}
    api, state = service(users=[alice], groups=['eng'], roles=[('default', 'admin')])
    reconciler = Reconciler(ap.ACCESS_POLICY, ctx=api.ctx)
    [record] = reconciler.run([item(default_strategy='ALLOW_ALL', rules=[
        rule('USER', 'alice'), rule('GROUP', 'eng', effect='deny'), rule('ROLE', 'admin'), rule('ORG', 'n1', inherit_by_children=True)])])
    assert record['plan'].changed_options() == ['default_strategy', 'rules']
    [strategy] = api.sent('POST /applications/%s' % APP['id'])
    assert strategy.body == {'permissionStrategy': {'defaultStrategy': 'ALLOW_ALL'}}
    grants = [(r.name.rsplit('/', 1)[1], r.body) for r in api.requests() if r.name.startswith('POST ' + PREFIX)]
    # grouped by (effect, ORG inheritance), then one call per (target type, namespace)
    assert grants == [
        ('deny', {'targetType': 'GROUP', 'targetIdentifiers': ['eng'], 'namespace': APP['id'], 'inheritByChildren': None}),
        ('allow', {'targetType': 'ORG', 'targetIdentifiers': ['n1'], 'namespace': APP['id'], 'inheritByChildren': True}),
        ('allow', {'targetType': 'ROLE', 'targetIdentifiers': ['admin'], 'namespace': 'default', 'inheritByChildren': None}),
        ('allow', {'targetType': 'USER', 'targetIdentifiers': ['u1'], 'namespace': APP['id'], 'inheritByChildren': None})]
    assert state['app']['permissionStrategy'] == {'defaultStrategy': 'ALLOW_ALL'}
    result = reconciler.item_result(record)[0]['access_policy']
    assert result['default_strategy'] == 'ALLOW_ALL' and [r['target_type'] for r in result['rules']] == [
        'GROUP', 'ORG', 'ROLE', 'USER']


def test_unknown_targets_are_reported_before_any_write():
    api, _state = service(groups=['eng'])
    with pytest.raises(ReconcileError) as info:
        Reconciler(ap.ACCESS_POLICY, ctx=api.ctx).run([item(rules=[rule('USER', 'ghost'), rule('GROUP', 'eng', 'nog')])])
    assert info.value.messages == ["Failed to update access_policy 'portal': unknown rule target: GROUP nog, USER ghost"]
    assert not [r for r in api.requests() if r.name.startswith('POST ')]


def test_exact_mode_revokes_what_the_list_does_not_name():
    group_record = {'targetType': 'GROUP', 'targetIdentifier': 'old', 'enabled': True,
                    'policy': {'statements': [{'effect': 'ALLOW'}]}, 'target': {'code': 'old'}}
    api, _state = service(records=[RECORD, group_record])
    Reconciler(ap.ACCESS_POLICY, ctx=api.ctx).run([item(rules=[rule('USER', 'u1', effect='deny', enabled=False)])])
    [revoke] = api.sent('POST %s/revoke' % PREFIX)
    assert revoke.body == {'targetType': 'GROUP', 'targetIdentifiers': ['old'], 'namespace': APP['id'],
                           'inheritByChildren': None}
    assert [r.name for r in api.requests() if r.name.startswith('POST ')] == ['POST %s/revoke' % PREFIX]
    assert api.names().count('userBatch') == 0, 'u1 was named by a record: no lookup'


def test_absent_resets_every_rule_and_the_strategy():
    api, state = service(records=[RECORD])
    Reconciler(ap.ACCESS_POLICY, ctx=api.ctx).run([item(state='absent')])
    assert [r.name.rsplit('/', 1)[1] for r in api.requests() if r.name.startswith('POST ')] == [APP['id'], 'revoke']
    assert state['app']['permissionStrategy'] == {'defaultStrategy': 'ALLOW_ALL'}


def test_validate_runs_in_the_loop_and_export_and_label():
    with pytest.raises(ReconcileError) as info:
        Reconciler(ap.ACCESS_POLICY, ctx=service()[0].ctx).run([item(rules=[rule('USER', 'a', namespace='x')])])
    # input problems are found before the read, so the intent is phrased as a create
    assert info.value.messages == ["Failed to create access_policy 'portal': namespace only applies to ROLE rules "
                                   "(USER rule for a)"]
    assert ap.ACCESS_POLICY.export_fields == ['app', 'default_strategy']
    assert ap.ACCESS_POLICY.label({'app': 'portal'}) == 'portal'


def test_org_targets_by_code_org_code_or_id_name_one_node():
    api = FakeApi({'orgs': ORGS})
    targets = [ap.RuleTarget('ORG', name, '', 'allow', True, False) for name in ('sales', 'acme/sales', 'n1', 'nowhere')]
    with pytest.raises(UnknownReferences) as info:
        ap.resolve_rules(api.ctx, targets)
    assert [str(ref) for ref in info.value.refs] == ['ORG nowhere']
    resolved = ap.resolve_rules(api.ctx, targets[:3])
    assert set(resolved.values()) == set([Ref(('ORG', 'n1', ''), 'acme/sales', ('allow', True, False))])
    assert api.names() == ['orgs'], 'the organisations are read once per run'


def test_rules_without_org_targets_read_no_organisation():
    api = FakeApi({'userBatch': lambda r: [{'id': 'u1', 'username': 'alice'}] if r.variables['type'] == 'username' else []})
    ap.resolve_rules(api.ctx, [ap.RuleTarget('USER', 'alice', '', 'allow', True, False)])
    assert 'orgs' not in api.names()
