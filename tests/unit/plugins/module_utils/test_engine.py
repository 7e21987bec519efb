"""The engine as a decision table, and the reconcile loop over an in-memory entity."""

import pytest

from ansible_collections.authing.cloud.plugins.module_utils.client import AuthingError, CheckModeWriteError
from ansible_collections.authing.cloud.plugins.module_utils.description import (
    REDACTED, Entity, Field, Ref, Relation, UnknownReferences)
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


def make_entity(store):
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

    def add(ctx, obj, ids):
        store.write(('add', obj['code'], tuple(ids)))
        store.members[obj['code']].update(ids)

    def remove(ctx, obj, ids):
        store.write(('remove', obj['code'], tuple(ids)))
        store.members[obj['code']].difference_update(ids)

    def validate(item):
        return ['code must be lower case'] if item['code'] != item['code'].lower() else []

    return Entity(
        name='group', plural='groups', key='code',
        fields=[Field('code'), Field('name', required_on_create=True), Field('description', compare='text'),
                Field('token', secret=True), Field('kind', create_only=True), Field('tags', type='list', compare='set')],
        read_only=[Field('created_at', api='createdAt')],
        rename=Field('new_code', api='newCode'),
        relations=[Relation('members', resolve=resolve,
                            read=lambda ctx, obj: [Ref(i, USERS[i]) for i in sorted(store.members[obj['code']])],
                            add=add, remove=remove)],
        find=find, create=create, update=update, delete=delete,
        list_all=lambda ctx, scope=None: [dict(o) for o in store.objects.values()],
        hooks={'validate': validate},
    )


class FakeClient(object):
    pass


def item(**kw):
    base = dict(code='dev', name=None, description=None, token=None, kind=None, tags=None, new_code=None,
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


def test_create_only_field_cannot_change():
    with pytest.raises(PlanError):
        plan_item(ENTITY, item(kind='b'), {'code': 'dev', 'kind': 'a'}, {}, {})


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
    assert "Failed to create group 'dev': listed more than once" in info.value.messages
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
    original = entity.update

    def flaky_update(ctx, current, payload, scope=None, recheck=None):
        if current['code'] == 'a':
            raise AuthingError('boom', code=500)
        return original(ctx, current, payload, scope, recheck)
    entity.update = flaky_update
    reconciler = Reconciler(entity, FakeClient(), concurrency=2)
    with pytest.raises(ReconcileError) as info:
        reconciler.run([item(code='a', name='A2'), item(code='b', name='B2')])
    assert info.value.messages == ["Failed to update group 'a': boom"]
    assert store.objects['b']['name'] == 'B2'
    assert [r.get('error') is None for r in info.value.records] == [False, True]
