"""Engine additions made for the application family (prepare hook, Relation.render, empty exact
lists, sequential writes of ordered entities, run_info_module's extend, non-string references)."""

import collections
import threading
import time

import pytest

from ansible_collections.authing.cloud.plugins.module_utils import engine
from ansible_collections.authing.cloud.plugins.module_utils.description import (
    Entity, Field, Ref, Relation, Scope, UnknownReferences)
from ansible_collections.authing.cloud.plugins.module_utils.engine import ReconcileError, Reconciler

Target = collections.namedtuple('Target', 'kind name')
Target.__str__ = lambda self: '%s %s' % self


class Store(object):
    def __init__(self):
        self.objects = {}
        self.links = {}
        self.writes = []
        self.lock = threading.Lock()

    def entity(self, **extra):
        store = self

        def create(ctx, payload, scope, recheck):
            time.sleep(0.01 if payload['code'] == 'a' else 0)  # the first item is the slowest to write
            with store.lock:
                store.writes.append(('create', payload['code']))
                store.objects[payload['code']] = dict(payload, order=len(store.objects) + 1)
                store.links[payload['code']] = {}
            return dict(store.objects[payload['code']])

        def update(ctx, current, payload, scope, recheck):
            store.writes.append(('update', current['code']))
            store.objects[current['code']].update(payload)
            return dict(store.objects[current['code']])

        def resolve(ctx, refs):
            unknown = [ref for ref in refs if ref.name.startswith('ghost')]
            if unknown:
                raise UnknownReferences('target', unknown)
            return dict((ref, Ref(ref.name, ref.name.upper(), (ref.kind,))) for ref in refs)

        def add(ctx, obj, refs):
            store.writes.append(('add', obj['code'], tuple(r.id for r in refs)))
            store.links[obj['code']].update((r.id, r) for r in refs)

        def remove(ctx, obj, refs):
            store.writes.append(('remove', obj['code'], tuple(r.id for r in refs)))
            for ref in refs:
                store.links[obj['code']].pop(ref.id)

        kwargs = dict(
            name='thing', plural='things', key='code',
            fields=[Field('code'), Field('size'), Field('order')],
            relations=[Relation('targets', elements='dict', expand=lambda values: [Target(v['kind'], v['name']) for v in values],
                                resolve=resolve, read=lambda ctx, obj: list(store.links[obj['code']].values()),
                                add=add, remove=remove,
                                render=lambda refs: sorted('%s=%s' % (r.label, r.attrs[0]) for r in refs))],
            scope=Scope('app', resolve=lambda ctx, ref: {'id': ref}),
            find=lambda ctx, code, scope: dict(store.objects[code]) if code in store.objects else None,
            list_all=lambda ctx, scope: [dict(o) for o in store.objects.values()],
            create=create, update=update,
            delete=lambda ctx, obj, scope, recheck: store.objects.pop(obj['code']),
        )
        kwargs.update(extra)
        return Entity(**kwargs)


def item(**kw):
    return dict(dict(code='a', size=None, order=None, targets=None, targets_mode='exact', app='app1', state='present'), **kw)


def test_prepare_rewrites_items_before_anything_else():
    store = Store()
    store.objects['a'] = {'code': 'a', 'size': 'L'}
    store.links['a'] = {'X': Ref('X', 'X', ('k',))}

    def reset(it):
        return dict(it, state='present', size='S', targets=[]) if it['state'] == 'absent' else it
    reconciler = Reconciler(store.entity(hooks={'prepare': reset}), object())
    [record] = reconciler.run([item(state='absent')])
    assert record['plan'].action == 'update' and store.objects['a']['size'] == 'S' and store.links['a'] == {}
    [record] = Reconciler(store.entity(hooks={'prepare': reset}), object()).run([item()], mode='remove')
    assert record['plan'].action == 'none', 'remove mode items (state absent) are prepared too'


def test_an_empty_list_in_exact_mode_removes_every_link():
    store = Store()
    store.objects['a'] = {'code': 'a'}
    store.links['a'] = {'X': Ref('X', 'X', ('k',))}
    [record] = Reconciler(store.entity(), object()).run([item(targets=[])])
    assert record['plan'].links == {'targets': ([], [Ref('X', 'X', ('k',))])}
    assert store.links['a'] == {}


def test_relation_render_shapes_results_and_diffs():
    store = Store()
    store.objects['a'] = {'code': 'a'}
    store.links['a'] = {'X': Ref('X', 'X', ('old',))}
    reconciler = Reconciler(store.entity(), object())
    [record] = reconciler.run([item(targets=[{'kind': 'new', 'name': 'x'}, {'kind': 'k', 'name': 'y'}])])
    before, after, obj = reconciler.views(record)
    assert before['targets'] == ['X=old'] and after['targets'] == ['X=new', 'Y=k'] and obj['targets'] == after['targets']
    default = Relation('members', resolve=None, read=None, add=None, remove=None)
    assert default.render([Ref('2', 'bob'), Ref('1', 'alice')]) == ['alice', 'bob']


def test_unknown_references_that_are_not_strings_are_named():
    store = Store()
    with pytest.raises(ReconcileError) as info:
        Reconciler(store.entity(), object()).run([item(size='S', targets=[{'kind': 'user', 'name': 'ghost1'}])])
    assert info.value.messages == ["Failed to create thing 'a': unknown target: user ghost1"]
    assert store.writes == []
    assert str(UnknownReferences('target', [Target('a', 'b')])) == 'unknown target: a b'


def test_an_ordered_entity_is_written_in_list_order_even_with_concurrency():
    store = Store()
    entity = store.entity(hooks={'position': lambda obj: obj['order'], 'sort': lambda ctx, scope, objs: None})
    Reconciler(entity, object(), concurrency=4).run([item(code=c, size='S') for c in 'abcd'], mode='exact')
    assert store.writes == [('create', c) for c in 'abcd']
    assert [store.objects[c]['order'] for c in 'abcd'] == [1, 2, 3, 4]


class FakeModule(object):
    def __init__(self, params):
        self.params = params
        self.check_mode = False

    def exit_json(self, **result):
        raise SystemExit(result)

    def fail_json(self, **result):
        raise AssertionError(result)


def test_run_info_module_extend_adds_to_each_view(monkeypatch):
    store = Store()
    store.objects.update(a={'code': 'a', 'size': 'S'}, b={'code': 'b', 'size': 'L'})
    store.links.update(a={}, b={})
    params = dict(code=None, app='app1', with_targets=False, with_extra=True)
    monkeypatch.setattr(engine, 'new_module', lambda spec, **kw: FakeModule(params))
    monkeypatch.setattr(engine, 'client_for', lambda module: object())
    seen = []

    def extend(ctx, module_params, api_obj, view):
        seen.append(module_params is params)
        view['extra'] = api_obj['size'].lower()
    with pytest.raises(SystemExit) as info:
        engine.run_info_module(store.entity(), extra_spec=dict(with_extra=dict(type='bool')), extend=extend)
    assert [(t['code'], t['extra']) for t in info.value.args[0]['things']] == [('a', 's'), ('b', 'l')]
    assert seen == [True, True]
