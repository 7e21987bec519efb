"""Ordered entities (agreements): writes go one at a time in list order, the exact bulk mode also
enforces the order (one sort call per scope, never in check mode); list fields with a mode."""

import threading
import time

from ansible_collections.authing.cloud.plugins.module_utils.description import Entity, Field, Scope, Wire
from ansible_collections.authing.cloud.plugins.module_utils.engine import Reconciler, plan_item


class Store(object):
    def __init__(self):
        self.objects = {}
        self.writes = []
        self.sorts = []
        self.lock = threading.Lock()

    def entity(self):
        store = self

        def create(ctx, payload, scope, recheck):
            time.sleep(0.01 if payload['code'] == 'a' else 0)  # the first item is the slowest to write
            with store.lock:
                store.writes.append(('create', payload['code']))
                store.objects[payload['code']] = dict(payload, order=len(store.objects) + 1, app=scope['id'])
            return dict(store.objects[payload['code']])

        def delete(ctx, obj, scope, recheck):
            store.writes.append(('delete', obj['code']))
            store.objects.pop(obj['code'])

        def sort(ctx, scope, objs):
            store.sorts.append((scope['id'], [o['code'] for o in objs]))
            for position, obj in enumerate(objs):
                store.objects[obj['code']]['order'] = position + 1

        return Entity(
            name='thing', plural='things', key='code', ordered=True,
            fields=[Field('code'), Field('size')],
            scope=Scope('app', resolve=lambda ctx, ref: {'id': ref}),
            wire=Wire(find=lambda ctx, code, scope: dict(store.objects[code]) if code in store.objects else None,
                      list_all=lambda ctx, scope: [dict(o) for o in store.objects.values() if o['app'] == scope['id']],
                      create=create, update=None, delete=delete,
                      position=lambda obj: obj['order'], sort=sort))

    def order(self):
        return [o['code'] for o in sorted(self.objects.values(), key=lambda o: o['order'])]


def item(code, **kw):
    return dict(dict(code=code, size='S', app='app1', state='present'), **kw)


def test_an_ordered_entity_is_written_in_list_order_even_with_concurrency():
    store = Store()
    Reconciler(store.entity(), object(), concurrency=4).run([item(c) for c in 'abcd'], mode='exact')
    assert store.writes == [('create', c) for c in 'abcd']
    assert [store.objects[c]['order'] for c in 'abcd'] == [1, 2, 3, 4]
    assert store.sorts == [], 'new objects landed in list order: nothing to sort'


def test_exact_mode_sorts_once_and_check_mode_only_predicts():
    store = Store()
    Reconciler(store.entity(), object()).run([item(c) for c in 'abc'], mode='exact')
    reconciler = Reconciler(store.entity(), object(), check_mode=True)
    reconciler.run([item(c) for c in 'cb'], mode='exact')
    assert [(c['before'], c['after']) for c in reconciler.order_changes] == [(['a', 'b', 'c'], ['c', 'b'])]
    assert store.sorts == [] and store.order() == ['a', 'b', 'c']
    reconciler = Reconciler(store.entity(), object())
    reconciler.run([item(c) for c in 'cb'], mode='exact')
    assert store.sorts == [('app1', ['c', 'b'])] and store.order() == ['c', 'b']
    assert ('delete', 'a') in store.writes
    rerun = Reconciler(store.entity(), object())
    rerun.run([item(c) for c in 'cb'], mode='exact')
    assert rerun.order_changes == [] and len(store.sorts) == 1


def test_append_mode_never_sorts():
    store = Store()
    Reconciler(store.entity(), object()).run([item(c) for c in 'ab'], mode='exact')
    reconciler = Reconciler(store.entity(), object())
    reconciler.run([item(c) for c in 'ba'])
    assert reconciler.order_changes == [] and store.sorts == []


ACTIONS = Field('actions', type='list', elements='dict', compare='set', list_key='name')
LISTED = Entity(name='resource', plural='resources', key='code', fields=[Field('code'), ACTIONS],
                wire=Wire(find=None, create=None, update=None, delete=None))


def test_a_list_field_with_a_mode_on_create_starts_from_nothing():
    plan = plan_item(LISTED, dict(code='r', state='present', actions=[{'name': 'b'}], actions_mode='remove'), None, {}, {})
    assert plan.changes == {'code': 'r', 'actions': []}
    plan = plan_item(LISTED, dict(code='r', state='present', actions=[{'name': 'b'}], actions_mode='append'), None, {}, {})
    assert plan.changes == {'code': 'r', 'actions': [{'name': 'b'}]}


def test_a_list_field_spec_has_its_mode_option():
    spec = LISTED.item_spec()
    assert spec['actions_mode'] == {'type': 'str', 'choices': ['exact', 'append', 'remove'], 'default': 'exact'}
    assert LISTED.field('actions').mode_option == 'actions_mode' and Field('x').mode_option is None


def test_ordered_items_of_different_scopes_are_written_at_the_same_time_each_scope_in_order():
    store = Store()
    entity = store.entity()
    in_flight, most = [0], [0]
    create = entity.wire.create

    def slow_create(ctx, payload, scope, recheck):
        with store.lock:
            in_flight[0] += 1
            most[0] = max(most[0], in_flight[0])
        time.sleep(0.02)
        try:
            return create(ctx, payload, scope, recheck)
        finally:
            with store.lock:
                in_flight[0] -= 1
    entity.wire.create = slow_create
    items = [item(c, app='app1') for c in 'abc'] + [item(c, app='app2') for c in 'xyz']
    Reconciler(entity, object(), concurrency=4).run(items)
    assert most[0] == 2, 'one write per application at a time, both applications at once'
    written = [code for _action, code in store.writes]
    assert [c for c in written if c in 'abc'] == list('abc') and [c for c in written if c in 'xyz'] == list('xyz')


def test_items_a_prediction_found_absent_are_created_without_reading_them_again():
    store = Store()
    entity = store.entity()
    reads = []
    find = entity.wire.find
    entity.wire.find = lambda ctx, code, scope: reads.append(code) or find(ctx, code, scope)
    new, known = item('a'), item('b')
    store.objects['b'] = dict(code='b', size='S', order=1, app='app1')
    records = Reconciler(entity, object()).run([new, known], absent=[new])
    assert reads == ['b']
    assert [(r['key'], r['plan'].action) for r in records] == [('a', 'create'), ('b', 'none')]
    assert store.writes == [('create', 'a')]
