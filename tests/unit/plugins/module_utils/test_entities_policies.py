"""The policy description (GraphQL, scoped by a namespace like roles): statements compared in the
service's spelling and as a set, assignments to users and groups read with policyAssignments and
written with add/removePolicyAssignments; the documents and variables sent, through a fake
transport."""

import pytest

from ansible_collections.authing.cloud.plugins.module_utils.description import LINK_CHUNK, Ref
from ansible_collections.authing.cloud.plugins.module_utils.engine import ReconcileError, Reconciler
from ansible_collections.authing.cloud.plugins.module_utils.entities import policies
from ansible_collections.authing.cloud.plugins.module_utils.entities.policies import POLICY

from .fake_api import FakeApi, page

APP = {'id': '6123456789abcdef0123abcd', 'identifier': 'portal'}
ALICE_ID, BOB_ID = 'a' * 24, 'b' * 24
USERS = [{'id': ALICE_ID, 'username': 'alice', 'email': None, 'phone': None, 'externalId': None},
         {'id': BOB_ID, 'username': 'bob', 'email': None, 'phone': None, 'externalId': None}]
GROUPS = ('editors', 'readers')
READ = {'resource': 'books:*', 'actions': ['books:read'], 'effect': 'ALLOW', 'condition': []}
DENY = {'resource': 'books:*', 'actions': ['books:delete'], 'effect': 'DENY',
        'condition': [{'param': 'AppId', 'operator': 'StringEquals', 'value': 'x'}]}


def item(**kw):
    base = dict((name, None) for name in POLICY.item_spec())
    base.update(users_mode='exact', groups_mode='exact', state='present')
    base.update(kw)
    return base


def statement(resource='books:*', actions=('books:read',), effect=None, condition=None):
    """A statement as the argument spec hands it over: every suboption present."""
    return {'resource': resource, 'actions': list(actions), 'effect': effect, 'condition': condition}


def stored(statements):
    """What the emulator answers: effect and condition filled in."""
    return [dict(s, effect=s.get('effect') or 'ALLOW', condition=s.get('condition') or []) for s in statements]


def service(*existing, **extra):
    store = dict(((p['namespace'], p['code']), dict(p, statements=stored(p['statements']))) for p in existing)
    assigned = []  # (namespace, code, targetType, targetIdentifier)

    def create(request):
        variables = request.variables
        policy = dict(variables, statements=stored(variables['statements']), isDefault=False)
        store[(policy['namespace'], policy['code'])] = policy
        return policy

    def update(request):
        variables = request.variables
        policy = store.pop((variables['namespace'], variables['code']))
        for key in ('description', 'statements'):
            if variables.get(key) is not None:
                policy[key] = stored(variables[key]) if key == 'statements' else variables[key]
        policy['code'] = variables.get('newCode') or policy['code']
        store[(policy['namespace'], policy['code'])] = policy
        return policy

    def assignments(request):
        v = request.variables
        return page([{'code': c, 'targetType': t, 'targetIdentifier': i} for ns, c, t, i in assigned
                     if (ns, c, t) == (v['namespace'], v['code'], v['targetType'])])

    def add(request):
        v = request.variables
        for ident in v['targetIdentifiers']:
            entry = (v['namespace'], v['policies'][0], v['targetType'], ident)
            if entry not in assigned:
                assigned.append(entry)
        return {'code': 200, 'message': 'ok'}

    def remove(request):
        v = request.variables
        for ident in v['targetIdentifiers']:
            entry = (v['namespace'], v['policies'][0], v['targetType'], ident)
            if entry in assigned:
                assigned.remove(entry)
        return {'code': 200, 'message': 'ok'}

    routes = {
        'GET /applications': page([APP]),
        'policy': lambda r: store.get((r.variables['namespace'], r.variables['code'])),
        'policies': lambda r: page([p for p in store.values() if p['namespace'] == r.variables['namespace']]),
        'createPolicy': create, 'updatePolicy': update,
        'deletePolicy': lambda r: store.pop((r.variables['namespace'], r.variables['code'])) and {'code': 200},
        'policyAssignments': assignments, 'addPolicyAssignments': add, 'removePolicyAssignments': remove,
        'userBatch': lambda r: [u for u in USERS if u.get(r.variables['type']) in r.variables['ids']],
        'group': lambda r: {'code': r.variables['code']} if r.variables['code'] in GROUPS else None,
    }
    routes.update(extra)
    return FakeApi(routes), store, assigned


WRITES = ('createPolicy', 'updatePolicy', 'deletePolicy', 'addPolicyAssignments', 'removePolicyAssignments')


def writes(api):
    return [name for name in api.names() if name in WRITES]


def test_create_sends_the_statements_and_the_assignments_in_the_default_namespace():
    api, store, assigned = service()
    reconciler = Reconciler(POLICY, ctx=api.ctx)
    [record] = reconciler.run([item(code='reader', description='Reads', users=['alice'], groups=['editors'],
                                    statements=[statement(actions=['books:read', 'books:list', 'books:read'])])])
    assert api.sent('policy')[0].variables == {'code': 'reader', 'namespace': 'default'}
    assert api.sent('createPolicy')[0].variables == {
        'code': 'reader', 'description': 'Reads', 'namespace': 'default',
        'statements': [{'resource': 'books:*', 'actions': ['books:list', 'books:read'], 'effect': 'ALLOW'}]}
    assert [r.variables for r in api.sent('addPolicyAssignments')] == [
        {'policies': ['reader'], 'targetType': 'USER', 'targetIdentifiers': [ALICE_ID], 'namespace': 'default'},
        {'policies': ['reader'], 'targetType': 'GROUP', 'targetIdentifiers': ['editors'], 'namespace': 'default'}]
    assert 'createPolicy(namespace: $namespace' in api.sent('createPolicy')[0].document
    result = reconciler.item_result(record)[0]
    assert result['policy']['statements'] == [dict(READ, actions=['books:list', 'books:read'])]
    assert (result['policy']['users'], result['policy']['groups']) == (['alice'], ['editors'])
    assert ('default', 'reader') in store and len(assigned) == 2


def test_the_service_spelling_and_the_order_of_statements_change_nothing():
    api, _store, assigned = service({'namespace': 'default', 'code': 'reader', 'description': None,
                                     'statements': [{'resource': 'books:*', 'actions': ['books:read']}, DENY]})
    assigned.append(('default', 'reader', 'USER', ALICE_ID))
    [record] = Reconciler(POLICY, ctx=api.ctx).run([item(
        code='reader', users=['alice'], description='',
        statements=[statement(effect='DENY', actions=['books:delete'],
                              condition=[{'param': 'AppId', 'operator': 'StringEquals', 'value': 'x'}]),
                    statement(effect='ALLOW')])])
    assert record['plan'].action == 'none' and writes(api) == []
    assert api.sent('policyAssignments')[0].variables == {'namespace': 'default', 'code': 'reader',
                                                          'targetType': 'USER', 'page': 1, 'limit': 100}
    assert api.sent('userBatch')[0].variables == {'ids': [ALICE_ID], 'type': 'id'}


def test_changed_statements_are_replaced_wholesale_and_renamed_in_the_application_namespace():
    api, store, _assigned = service({'namespace': APP['id'], 'code': 'clerk', 'description': 'x',
                                     'statements': [READ]})
    [record] = Reconciler(POLICY, ctx=api.ctx).run([item(code='clerk', app='portal', new_code='cashier',
                                                         statements=[statement(), statement(effect='DENY')])])
    assert record['plan'].changed_options() == ['new_code', 'statements']
    assert api.sent('updatePolicy')[0].variables == {
        'code': 'clerk', 'namespace': APP['id'], 'newCode': 'cashier',
        'statements': [{'resource': 'books:*', 'actions': ['books:read'], 'effect': 'ALLOW'},
                       {'resource': 'books:*', 'actions': ['books:read'], 'effect': 'DENY'}]}
    assert list(store) == [(APP['id'], 'cashier')]


def test_assignment_modes_add_and_remove_users_and_groups():
    api, _store, assigned = service({'namespace': 'default', 'code': 'p', 'statements': [READ]})
    assigned.extend([('default', 'p', 'USER', ALICE_ID), ('default', 'p', 'GROUP', 'editors')])
    [record] = Reconciler(POLICY, ctx=api.ctx).run([item(code='p', users=['bob'], groups=['readers'],
                                                         groups_mode='append')])
    assert record['plan'].links == {'users': ([Ref(BOB_ID, 'bob')], [Ref(ALICE_ID, 'alice')]),
                                    'groups': ([Ref('readers', 'readers')], [])}
    assert [r.variables['targetIdentifiers'] for r in api.sent('removePolicyAssignments')] == [[ALICE_ID]]
    api.forget()
    [record] = Reconciler(POLICY, ctx=api.ctx).run([item(code='p', groups=['editors', 'readers'],
                                                         groups_mode='remove')])
    assert api.sent('removePolicyAssignments')[0].variables == {
        'policies': ['p'], 'targetType': 'GROUP', 'targetIdentifiers': ['editors', 'readers'], 'namespace': 'default'}
    assert sorted(assigned) == [('default', 'p', 'USER', BOB_ID)]


def test_bad_input_fails_before_any_request():
    api, _store, _assigned = service()
    bad = [
        item(code='a', statements=[]),
        item(code='b', statements=[statement(actions=[])]),
        item(code='c', statements=[statement(effect='MAYBE')]),
        item(code='d', statements=[{'resource': 'x', 'actions': ['y'], 'extra': 1}, 'text']),
        item(code='e', statements=[statement(resource='', condition=[{'param': 'p'}])]),
    ]
    with pytest.raises(ReconcileError) as info:
        Reconciler(POLICY, ctx=api.ctx).run(bad)
    assert info.value.messages == [
        "Failed to create policy 'a': statements must list at least one statement",
        "Failed to create policy 'b': statements[0]: actions must list at least one action",
        "Failed to create policy 'c': statements[0]: effect must be one of ALLOW, DENY, got 'MAYBE'",
        "Failed to create policy 'd': statements[0]: unknown keys extra (known: actions, condition, effect, resource)",
        "Failed to create policy 'd': statements[1]: a statement is a dict with resource, actions, effect and "
        "condition, got 'text'",
        "Failed to create policy 'e': statements[0]: resource is required",
        "Failed to create policy 'e': statements[0]: condition is a list of dicts with param, operator and value, "
        "got [{'param': 'p'}]",
    ]
    assert api.names() == []


def test_unknown_targets_and_missing_statements_fail_before_any_write():
    api, _store, _assigned = service()
    with pytest.raises(ReconcileError) as info:
        Reconciler(POLICY, ctx=api.ctx).run([item(code='x', statements=[statement()], users=['ghost']),
                                            item(code='y', statements=[statement()], groups=['nowhere']),
                                            item(code='z', description='no statements')])
    assert info.value.messages == ["Failed to create policy 'x': unknown user: ghost",
                                   "Failed to create policy 'y': unknown group: nowhere",
                                   "Failed to create policy 'z': statements is required to create a policy"]
    assert writes(api) == []


def test_check_mode_predicts_without_writing():
    api, _store, assigned = service({'namespace': 'default', 'code': 'p', 'statements': [READ]})
    api.client.check_mode = True
    assigned.append(('default', 'p', 'USER', ALICE_ID))
    reconciler = Reconciler(POLICY, ctx=api.ctx, check_mode=True)
    [record] = reconciler.run([item(code='p', statements=[statement(effect='DENY')], users=['bob'],
                                    users_mode='append')])
    result, diff = reconciler.item_result(record)
    assert writes(api) == [] and result['changes'] == ['statements', 'users']
    assert result['policy']['users'] == ['alice', 'bob']
    assert diff['before'] == {'code': 'p', 'statements': [READ], 'users': ['alice']}
    assert diff['after'] == {'code': 'p', 'statements': [dict(READ, effect='DENY')], 'users': ['alice', 'bob']}


def test_delete_list_and_view():
    api, store, _assigned = service({'namespace': 'default', 'code': 'a', 'statements': [READ]},
                                    {'namespace': 'default', 'code': 'b', 'statements': [READ]})
    Reconciler(POLICY, ctx=api.ctx).run([item(code='a', state='absent', statements=[])])
    assert api.sent('deletePolicy')[0].variables == {'code': 'a', 'namespace': 'default'}
    assert [p['code'] for p in POLICY.wire.list_all(api.ctx, {'namespace': 'default'})] == ['b']
    assert api.sent('policies')[0].variables == {'namespace': 'default', 'page': 1, 'limit': 100}
    assert POLICY.export_fields == ['code', 'description', 'statements']
    view = POLICY.present({'namespace': 'default', 'code': 'b', 'isDefault': False,
                           'statements': [{'resource': 'r', 'actions': ['b', 'a'], 'effect': None, 'condition': None}]})
    assert view['statements'] == [{'resource': 'r', 'actions': ['a', 'b'], 'effect': 'ALLOW', 'condition': []}]
    assert view['is_default'] is False


def test_read_users_shows_an_id_that_no_longer_names_a_user():
    api, _store, assigned = service()
    assigned.extend([('default', 'p', 'USER', ALICE_ID), ('default', 'p', 'USER', 'c' * 24)])
    refs = policies.read_users(api.ctx, {'namespace': 'default', 'code': 'p'})
    assert refs == [Ref(ALICE_ID, 'alice'), Ref('c' * 24, 'c' * 24)]


def test_many_targets_are_sent_in_chunks():
    api, _store, _assigned = service()
    write = policies._assign(policies.ADD, 'USER')
    write(api.ctx, {'namespace': 'default', 'code': 'p'}, [Ref('u%03d' % i, 'x') for i in range(LINK_CHUNK + 1)])
    assert [len(r.variables['targetIdentifiers']) for r in api.sent('addPolicyAssignments')] == [LINK_CHUNK, 1]
