"""The engine as a decision table, and the reconcile loop over an in-memory entity."""

import copy

import pytest

from ansible_collections.authing.cloud.plugins.module_utils.client import AuthingError, CheckModeWriteError
from ansible_collections.authing.cloud.plugins.module_utils.description import (
    REDACTED, Entity, Field, Link, Ref, Relation, Scope, UnknownReferences, Wire)
from ansible_collections.authing.cloud.plugins.module_utils.engine import (
    PlanError, ReconcileError, Reconciler, plan_item)

USERS = {'u1': 'alice', 'u2': 'bob', 'u3': 'carol'}


class Store(object):
    """An in-memory service; every write goes through write() so check mode can be asserted."""

    def __init__(self, check_mode=False):
        self.objects = {}
        self.members = {}
        self.writes = []
        self.reads = 0
        self.check_mode = check_mode

    def write(self, what):
        if self.check_mode:
            raise CheckModeWriteError('write in check mode: %s' % what)
        self.writes.append(what)


def resolve(ctx, refs):
    by_name = dict((v, k) for k, v in USERS.items())
    unknown = [r for r in refs if r not in USERS and r not in by_name]
    if unknown:
        raise UnknownReferences('user', unknown)
    return dict((r, Ref(r, USERS[r]) if r in USERS else Ref(by_name[r], r)) for r in refs)


def make_entity(store, **behaviour):
    def find(ctx, key, scope=None):
        store.reads += 1
        return dict(store.objects[key]) if key in store.objects else None

    def create(ctx, payload, scope=None, recheck=None):
        store.write(('create', payload['code']))
        store.objects[payload['code']] = dict(payload)
        store.members[payload['code']] = set()
        return dict(payload)

    def update(ctx, current, payload, scope=None, recheck=None):
        store.write(('update', current['code'], tuple(sorted(payload))))
        obj = dict(current, **dict((k, v) for k, v in payload.items() if k != 'newCode'))
        if payload.get('newCode'):
            del store.objects[current['code']]
            store.members[payload['newCode']] = store.members.pop(current['code'])
            obj['code'] = payload['newCode']
        store.objects[obj['code']] = obj
        return dict(obj)

    def delete(ctx, current, scope=None, recheck=None):
        store.write(('delete', current['code']))
        del store.objects[current['code']]

    def add(ctx, obj, refs):
        ids = [r.id for r in refs]
        store.write(('add', obj['code'], tuple(ids)))
        store.members[obj['code']].update(ids)

    def remove(ctx, obj, refs):
        ids = [r.id for r in refs]
        store.write(('remove', obj['code'], tuple(ids)))
        store.members[obj['code']].difference_update(ids)

    def validate(item):
        return ['code must be lower case'] if item['code'] != item['code'].lower() else []

    behaviour.setdefault('validate', validate)
    return Entity(
        name='group', plural='groups', key='code',
        fields=[Field('code'), Field('name', required_on_create=True), Field('description', compare='text'),
                Field('token', secret=True), Field('tags', type='list', compare='set')],
        read_only=[Field('created_at', api='createdAt')],
        rename=Field('new_code', api='newCode'),
        relations=[Relation('members', resolve=resolve)],
        wire=Wire(find=find, create=create, update=update, delete=delete,
                  list_all=lambda ctx, scope=None: [dict(o) for o in store.objects.values()],
                  links={'members': Link(
                      read=lambda ctx, obj: [Ref(i, USERS[i]) for i in sorted(store.members[obj['code']])],
                      add=add, remove=remove)}),
        **behaviour
    )


class FakeClient(object):
    pass


def item(**kw):
    base = dict(code='dev', name=None, description=None, token=None, tags=None, new_code=None,
                members=None, members_mode='exact', state='present')
    base.update(kw)
    return base


def run(store, items, check_mode=False, concurrency=1):
    store.check_mode = check_mode
    reconciler = Reconciler(make_entity(store), FakeClient(), check_mode=check_mode, concurrency=concurrency)
    records = reconciler.run(items)
    return [(r['plan'],) + reconciler.views(r) for r in records]


def seeded(**objects):
    store = Store()
    for code, obj in objects.items():
        members = obj.pop('members', set())
        store.objects[code] = dict(obj, code=code)
        store.members[code] = set(members)
    return store


# -- plan_item: the decision table --------------------------------------------------------------

ENTITY = make_entity(Store())


@pytest.mark.parametrize('state,current,expected', [
    ('absent', None, 'none'),
    ('absent', {'code': 'dev', 'name': 'Dev'}, 'delete'),
    ('present', None, 'create'),
    ('present', {'code': 'dev', 'name': 'Dev'}, 'none'),
])
def test_state_decisions(state, current, expected):
    assert plan_item(ENTITY, item(state=state, name='Dev'), current, {}, {}).action == expected


@pytest.mark.parametrize('field,desired,current,changed', [
    ('name', 'Dev', 'Dev', False),
    ('name', 'Dev2', 'Dev', True),
    ('name', None, 'Dev', False),           # not given: not managed
    ('description', '', None, False),       # text: '' and None are the same
    ('description', 'x', None, True),
    ('tags', ['b', 'a', 'a'], ['a', 'b'], False),  # set compare
    ('tags', ['a'], ['a', 'b'], True),
])
def test_compare_rules(field, desired, current, changed):
    plan = plan_item(ENTITY, item(**{field: desired}), {'code': 'dev', field: current}, {}, {})
    assert plan.changed is changed
    assert (field in plan.changes) is changed


def test_create_requires_required_fields():
    with pytest.raises(PlanError) as info:
        plan_item(ENTITY, item(), None, {}, {})
    assert 'name is required to create a group' in str(info.value)


def test_rename_is_explicit_and_idempotent():
    plan = plan_item(ENTITY, item(new_code='eng'), {'code': 'dev'}, {}, {})
    assert plan.changes == {'new_code': 'eng'}
    assert not plan_item(ENTITY, item(new_code='eng'), {'code': 'eng'}, {}, {}).changed


A, B, C = Ref('u1', 'alice'), Ref('u2', 'bob'), Ref('u3', 'carol')


@pytest.mark.parametrize('mode,have,want,add,remove', [
    ('exact', [A, B], [B, C], [C], [A]),
    ('exact', [A], [A], [], []),
    ('append', [A, B], [B, C], [C], []),
    ('append', [A], [A], [], []),
    ('remove', [A, B], [B, C], [], [B]),
    ('remove', [A], [C], [], []),
    ('exact', [A], [], [], [A]),
])
def test_relation_modes(mode, have, want, add, remove):
    plan = plan_item(ENTITY, item(members=[r.label for r in want], members_mode=mode), {'code': 'dev'},
                     {'members': have}, {'members': want})
    assert plan.links.get('members', ([], [])) == (add, remove)
    assert plan.changed is bool(add or remove)


# -- the loop -----------------------------------------------------------------------------------

def test_create_then_rerun_is_unchanged():
    store = Store()
    [(plan, before, after, obj)] = run(store, [item(name='Dev', members=['alice', 'u2'])])
    assert plan.action == 'create'
    assert before == {} and after == {'code': 'dev', 'name': 'Dev', 'members': ['alice', 'bob']}
    assert store.writes == [('create', 'dev'), ('add', 'dev', ('u1', 'u2'))]
    [(plan, before, after, obj)] = run(store, [item(name='Dev', members=['alice', 'bob'])])
    assert not plan.changed and before == after
    assert len(store.writes) == 2


def test_check_mode_predicts_without_writing():
    store = seeded(dev={'name': 'Dev', 'members': {'u1'}})
    [(plan, before, after, obj)] = run(store, [item(name='Developers', new_code='eng', members=['bob'])], check_mode=True)
    assert plan.changed and store.writes == []
    assert before == {'code': 'dev', 'name': 'Dev', 'members': ['alice']}
    assert after == {'code': 'eng', 'name': 'Developers', 'members': ['bob']}
    assert obj['code'] == 'eng' and 'dev' in store.objects


def test_check_mode_delete_and_create_predictions():
    store = seeded(dev={'name': 'Dev'})
    results = run(store, [item(state='absent'), item(code='new', name='New')], check_mode=True)
    assert [(r[0].action, r[1], r[2]) for r in results] == [
        ('delete', {'code': 'dev'}, {}), ('create', {}, {'code': 'new', 'name': 'New'})]
    assert store.writes == []


def test_diff_shows_managed_fields_only_and_redacts_secrets():
    store = seeded(dev={'name': 'Dev', 'description': 'd', 'createdAt': 'then'})
    [(plan, before, after, obj)] = run(store, [item(name='Dev2', token='hunter2')])
    assert before == {'code': 'dev', 'name': 'Dev'}
    assert after == {'code': 'dev', 'name': 'Dev2', 'token': REDACTED}
    assert 'hunter2' not in repr((before, after, obj))
    assert obj['created_at'] == 'then' and obj['description'] == 'd'


def test_rename_then_rerun_finds_the_new_key():
    store = seeded(dev={'name': 'Dev'})
    run(store, [item(new_code='eng')])
    assert list(store.objects) == ['eng']
    [(plan, _b, _a, obj)] = run(store, [item(new_code='eng')])
    assert not plan.changed and obj['code'] == 'eng'


def test_bad_input_fails_before_any_write():
    store = seeded(dev={'name': 'Dev'})
    with pytest.raises(ReconcileError) as info:
        run(store, [item(code='ok', name='Ok'), item(code='other'), item(code='x', name='X', members=['ghost'])])
    messages = info.value.messages
    assert "Failed to update group 'x': unknown user: ghost" not in messages  # x does not exist: it is a create
    assert "Failed to create group 'x': unknown user: ghost" in messages
    assert store.writes == []
    with pytest.raises(ReconcileError) as info:
        run(store, [item(name='Dev'), item(name='Dev')])
    assert "Failed to create group 'dev': group 'dev' is listed more than once" in info.value.messages
    with pytest.raises(ReconcileError) as info:
        run(store, [item(code='Dev', name='Dev')])
    assert info.value.messages == ["Failed to create group 'Dev': code must be lower case"]
    assert store.writes == []


def test_second_unknown_user_spelling_is_named():
    store = seeded(dev={'name': 'Dev'})
    with pytest.raises(ReconcileError) as info:
        run(store, [item(members=['alice', 'ghost', 'phantom'])])
    assert info.value.messages == ["Failed to update group 'dev': unknown user: ghost, phantom"]


@pytest.mark.parametrize('concurrency', [1, 4])
def test_bulk_prefetches_and_reports_per_item(concurrency):
    store = seeded(**dict(('g%02d' % i, {'name': 'G%d' % i}) for i in range(12)))
    items = [item(code='g%02d' % i, name='G%d' % i) for i in range(12)]
    items[3]['name'] = 'changed'
    items[5] = item(code='g05', state='absent')
    items.append(item(code='new', name='New'))
    results = run(store, items, concurrency=concurrency)
    assert store.reads == 0  # one list instead of 13 lookups
    assert [r[0].action for r in results].count('none') == 10
    assert sorted(store.writes) == [('create', 'new'), ('delete', 'g05'), ('update', 'g03', ('name',))]


def test_write_failure_is_reported_per_item_and_others_still_applied():
    store = seeded(a={'name': 'A'}, b={'name': 'B'})
    entity = make_entity(store)
    original = entity.wire.update

    def flaky_update(ctx, current, payload, scope=None, recheck=None):
        if current['code'] == 'a':
            raise AuthingError('boom', code=500)
        return original(ctx, current, payload, scope, recheck)
    entity.wire.update = flaky_update
    reconciler = Reconciler(entity, FakeClient(), concurrency=2)
    with pytest.raises(ReconcileError) as info:
        reconciler.run([item(code='a', name='A2'), item(code='b', name='B2')])
    assert info.value.messages == ["Failed to update group 'a': boom"]
    assert store.objects['b']['name'] == 'B2'
    assert [r.get('error') is None for r in info.value.records] == [False, True]


# -- scopes, purge, subset dicts, write-only fields and triggers --------------------------------

class ScopedStore(object):
    """Objects keyed by (scope id, code) with a custom-data facet, a password and a secret."""

    def __init__(self):
        self.objects = {}
        self.writes = []
        self.scopes = {'app1': {'id': 'app1'}, 'app2': {'id': 'app2'}}

    def entity(self, ordered=False, position=None, sort=None, **behaviour):
        store = self

        def find(ctx, code, scope):
            obj = store.objects.get((scope['id'], code))
            return copy.deepcopy(obj) if obj else None

        def create(ctx, payload, scope, recheck):
            store.writes.append(('create', scope['id'], tuple(sorted(payload))))
            obj = dict(payload, data=dict(payload.get('data') or {}), secret='s0')
            store.objects[(scope['id'], payload['code'])] = obj
            return dict(obj)

        def update(ctx, current, payload, scope, recheck):
            store.writes.append(('update', scope['id'], tuple(sorted(payload))))
            obj = store.objects[(scope['id'], current['code'])]
            obj['data'].update(payload.pop('data', {}))  # a subset dict: the service keeps other keys
            obj.update(payload)
            return dict(store.objects[(scope['id'], current['code'])])

        def delete(ctx, current, scope, recheck):
            store.writes.append(('delete', scope['id'], current['code']))
            del store.objects[(scope['id'], current['code'])]

        def rotate(ctx, obj, scope):
            store.writes.append(('rotate', scope['id'], obj['code']))
            store.objects[(scope['id'], obj['code'])]['secret'] = 's1'
            return dict(store.objects[(scope['id'], obj['code'])])

        return Entity(
            name='resource', plural='resources', key='code',
            fields=[Field('code'), Field('type', required_on_create=True),
                    Field('data', type='dict', compare='subset'),
                    Field('password', secret=True, write_only=True, update_policy='update_password'),
                    Field('rotate_secret', type='bool', trigger=True)],
            scope=Scope('app', resolve=lambda ctx, ref: store.scopes.get(ref), kind='application'),
            ordered=ordered,
            wire=Wire(find=find, create=create, update=update, delete=delete,
                      list_all=lambda ctx, scope: [copy.deepcopy(o) for (s, _c), o in sorted(store.objects.items())
                                                   if s == scope['id']],
                      triggers={'rotate_secret': rotate}, position=position, sort=sort),
            **behaviour
        )


def scoped_item(**kw):
    base = dict(code='r1', type=None, data=None, password=None, update_password='on_create', rotate_secret=False,
                app='app1', state='present')
    base.update(kw)
    return base


def run_scoped(store, items, mode='append', check_mode=False):
    reconciler = Reconciler(store.entity(), FakeClient(), check_mode=check_mode, concurrency=2)
    records = reconciler.run(items, mode=mode)
    return [(r['plan'],) + reconciler.views(r) for r in records]


def test_unknown_scope_fails_before_any_write():
    store = ScopedStore()
    with pytest.raises(ReconcileError) as info:
        run_scoped(store, [scoped_item(type='API', app='nope'), scoped_item(code='r2', type='API', app=None)])
    assert info.value.messages == ["Failed to create resource 'r1': application 'nope' does not exist",
                                   "Failed to create resource 'r2': app is required"]
    assert store.writes == []


def test_same_code_in_two_scopes_is_two_objects():
    store = ScopedStore()
    run_scoped(store, [scoped_item(type='API'), scoped_item(type='API', app='app2')])
    assert sorted(store.objects) == [('app1', 'r1'), ('app2', 'r1')]


def test_exact_bulk_mode_purges_unlisted_objects_of_the_scope_only():
    store = ScopedStore()
    run_scoped(store, [scoped_item(code=c, type='API') for c in ('keep', 'old1', 'old2')])
    run_scoped(store, [scoped_item(code='other', type='API', app='app2')])
    del store.writes[:]
    results = run_scoped(store, [scoped_item(code='keep', type='API'), scoped_item(code='new', type='UI')],
                         mode='exact', check_mode=True)
    assert [(r[0].action, r[1].get('code')) for r in results] == [
        ('none', 'keep'), ('create', None), ('delete', 'old1'), ('delete', 'old2')]
    assert store.writes == []
    run_scoped(store, [scoped_item(code='keep', type='API'), scoped_item(code='new', type='UI')], mode='exact')
    assert sorted(store.objects) == [('app1', 'keep'), ('app1', 'new'), ('app2', 'other')]


def test_remove_bulk_mode_deletes_the_listed_objects():
    store = ScopedStore()
    run_scoped(store, [scoped_item(code=c, type='API') for c in ('a', 'b')])
    run_scoped(store, [scoped_item(code='a')], mode='remove')
    assert sorted(store.objects) == [('app1', 'b')]


def test_subset_dict_compared_by_given_keys():
    store = ScopedStore()
    [(plan, before, after, obj)] = run_scoped(store, [scoped_item(type='API', data={'a': 1})])
    assert store.writes == [('create', 'app1', ('code', 'data', 'type'))]
    assert after['data'] == {'a': 1}
    store.objects[('app1', 'r1')]['data']['unmanaged'] = 'x'
    [(plan, before, after, obj)] = run_scoped(store, [scoped_item(data={'a': 1})])
    assert not plan.changed
    [(plan, before, after, obj)] = run_scoped(store, [scoped_item(data={'a': 2, 'b': True})])
    assert before['data'] == {'a': 1} and after['data'] == {'a': 2, 'b': True}  # no null placeholders
    assert store.objects[('app1', 'r1')]['data'] == {'a': 2, 'b': True, 'unmanaged': 'x'}
    assert store.writes[-1] == ('update', 'app1', ('data',))


@pytest.mark.parametrize('policy,changed', [('on_create', False), ('always', True)])
def test_write_only_secret_follows_its_update_policy(policy, changed):
    store = ScopedStore()
    [(plan, before, after, obj)] = run_scoped(store, [scoped_item(type='API', password='pw1')])
    assert ('create', 'app1', ('code', 'password', 'type')) in store.writes
    assert after['password'] == REDACTED and 'password' not in obj
    [(plan, before, after, obj)] = run_scoped(store, [scoped_item(password='pw2', update_password=policy)])
    assert plan.changed is changed
    assert store.objects[('app1', 'r1')]['password'] == ('pw2' if changed else 'pw1')
    assert 'pw2' not in repr((before, after, obj))


def test_trigger_runs_only_when_asked_and_never_on_create():
    store = ScopedStore()
    run_scoped(store, [scoped_item(type='API', rotate_secret=True)])
    assert [w[0] for w in store.writes] == ['create']
    [(plan, before, after, obj)] = run_scoped(store, [scoped_item(rotate_secret=True)], check_mode=True)
    assert plan.changed and after == {'code': 'r1', 'rotate_secret': True}
    assert store.objects[('app1', 'r1')]['secret'] == 's0'
    run_scoped(store, [scoped_item(rotate_secret=True)])
    assert store.objects[('app1', 'r1')]['secret'] == 's1'
    assert not run_scoped(store, [scoped_item()])[0][0].changed


def test_check_behaviour_problems_fail_before_writes():
    store = ScopedStore()
    entity = store.entity(check=lambda ctx, records: [(r, 'type API needs data') for r in records
                                                      if r['item']['type'] == 'API' and not r['item']['data']])
    with pytest.raises(ReconcileError) as info:
        Reconciler(entity, FakeClient()).run([scoped_item(type='API')])
    assert info.value.messages == ["Failed to create resource 'r1': type API needs data"]
    assert store.writes == []


# -- list fields with modes, link attributes, batched lookups -----------------------------------

ACTIONS = Field('actions', type='list', elements='dict', compare='set', list_key='name')


@pytest.mark.parametrize('mode,desired,expected', [
    ('exact', [{'name': 'b'}], [{'name': 'b'}]),
    ('append', [{'name': 'b', 'description': 'new'}, {'name': 'c'}],
     [{'name': 'a'}, {'name': 'b', 'description': 'new'}, {'name': 'c'}]),
    ('remove', [{'name': 'b'}], [{'name': 'a'}]),
    (None, [{'name': 'x'}], [{'name': 'x'}]),  # no mode given: exact
])
def test_list_field_modes_send_the_whole_list(mode, desired, expected):
    current = [{'name': 'a'}, {'name': 'b', 'description': 'old'}]
    assert ACTIONS.effective(current, desired, mode) == expected


def test_list_field_mode_in_a_plan_is_idempotent():
    entity = Entity(name='resource', plural='resources', key='code', fields=[Field('code'), ACTIONS],
                    wire=Wire(find=None, create=None, update=None, delete=None))
    current = {'code': 'r', 'actions': [{'name': 'a'}, {'name': 'b'}]}
    base = dict(code='r', state='present')
    assert not plan_item(entity, dict(base, actions=[{'name': 'b'}], actions_mode='append'), current, {}, {}).changed
    plan = plan_item(entity, dict(base, actions=[{'name': 'b'}], actions_mode='remove'), current, {}, {})
    assert plan.changes == {'actions': [{'name': 'a'}]}
    assert 'actions_mode' in entity.item_spec()


def test_a_link_whose_attributes_differ_is_sent_again():
    have = [Ref('u1', 'alice', ('allow', True))]
    want = [Ref('u1', 'alice', ('deny', True))]
    plan = plan_item(ENTITY, item(members=['alice']), {'code': 'dev'}, {'members': have}, {'members': want})
    assert plan.links == {'members': (want, [])}
    assert not plan_item(ENTITY, item(members=['alice']), {'code': 'dev'}, {'members': want}, {'members': want}).changed


def test_relation_expand_turns_structured_input_into_hashable_refs():
    store = seeded(dev={'name': 'Dev'})
    entity = make_entity(store)
    entity.relations[0].expand = lambda values: [v['user'] for v in values]
    reconciler = Reconciler(entity, FakeClient())
    [record] = reconciler.run([item(members=[{'user': 'alice'}, {'user': 'u2'}])])
    assert store.members['dev'] == set(['u1', 'u2'])
    assert reconciler.views(record)[1]['members'] == ['alice', 'bob']


def test_wire_find_many_replaces_one_lookup_per_item():
    store = seeded(**dict(('g%02d' % i, {'name': 'G'}) for i in range(12)))
    entity = make_entity(store)
    entity.wire.list_all = None
    calls = []

    def find_many(ctx, idents, scope):
        calls.append(sorted(idents))
        return [dict(store.objects[i]) for i in idents if i in store.objects]
    entity.wire.find_many = find_many
    Reconciler(entity, FakeClient()).run([item(code='g%02d' % i, name='G') for i in range(12)])
    assert store.reads == 0 and len(calls) == 1 and len(calls[0]) == 12


def test_exact_mode_of_an_ordered_entity_enforces_the_list_order():
    store = ScopedStore()
    sorted_calls = []
    entity = store.entity(ordered=True, position=lambda obj: obj.get('order', 0),
                          sort=lambda ctx, scope, objs: sorted_calls.append([o['code'] for o in objs]))
    for position, code in enumerate(['a', 'b', 'c']):
        store.objects[('app1', code)] = {'code': code, 'type': 'T', 'order': position + 1, 'data': {}}

    def run_exact(codes, check_mode=False):
        reconciler = Reconciler(entity, FakeClient(), check_mode=check_mode)
        reconciler.run([scoped_item(code=c, type='T') for c in codes], mode='exact')
        return reconciler.order_changes

    assert run_exact(['a', 'b', 'c']) == [] and sorted_calls == []
    changes = run_exact(['c', 'a'], check_mode=True)
    assert [(c['before'], c['after']) for c in changes] == [(['a', 'b', 'c'], ['c', 'a'])]
    assert sorted_calls == [] and ('app1', 'b') in store.objects
    assert run_exact(['a', 'c', 'new']) == []  # new objects go last, which is where the list has them
    assert run_exact(['c', 'a', 'new']) != [] and sorted_calls == [['c', 'a', 'new']]
