"""Relations in the engine: structured input expanded to hashable references, empty exact lists,
Relation.render in results and diffs, link attributes, and unknown references that are not strings."""

import collections

import pytest

from ansible_collections.authing.cloud.plugins.module_utils.description import (
    Entity, Field, Link, Ref, Relation, Scope, UnknownReferences, Wire)
from ansible_collections.authing.cloud.plugins.module_utils.engine import ReconcileError, Reconciler

Target = collections.namedtuple('Target', 'kind name')
Target.__str__ = lambda self: '%s %s' % self


class Store(object):
    def __init__(self):
        self.objects = {}
        self.links = {}
        self.writes = []

    def entity(self, **behaviour):
        store = self

        def create(ctx, payload, scope, recheck):
            store.writes.append(('create', payload['code']))
            store.objects[payload['code']] = dict(payload)
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

        return Entity(
            name='thing', plural='things', key='code',
            fields=[Field('code'), Field('size')],
            relations=[Relation('targets', elements='dict',
                                expand=lambda values: [Target(v['kind'], v['name']) for v in values],
                                resolve=resolve,
                                render=lambda refs: sorted('%s=%s' % (r.label, r.attrs[0]) for r in refs))],
            scope=Scope('app', resolve=lambda ctx, ref: {'id': ref}),
            wire=Wire(
                find=lambda ctx, code, scope: dict(store.objects[code]) if code in store.objects else None,
                list_all=lambda ctx, scope: [dict(o) for o in store.objects.values()],
                create=create, update=update,
                delete=lambda ctx, obj, scope, recheck: store.objects.pop(obj['code']),
                links={'targets': Link(read=lambda ctx, obj: list(store.links[obj['code']].values()),
                                       add=add, remove=remove)}),
            **behaviour
        )


def item(**kw):
    return dict(dict(code='a', size=None, targets=None, targets_mode='exact', app='app1', state='present'), **kw)


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
    default = Relation('members', resolve=None)
    assert default.render([Ref('2', 'bob'), Ref('1', 'alice')]) == ['alice', 'bob']


def test_a_link_whose_attributes_changed_is_added_again_not_removed():
    store = Store()
    store.objects['a'] = {'code': 'a'}
    store.links['a'] = {'X': Ref('X', 'X', ('old',))}
    Reconciler(store.entity(), object()).run([item(targets=[{'kind': 'new', 'name': 'X'}])])
    assert store.writes == [('add', 'a', ('X',))]
    assert store.links['a']['X'].attrs == ('new',)


def test_unknown_references_that_are_not_strings_are_named():
    store = Store()
    with pytest.raises(ReconcileError) as info:
        Reconciler(store.entity(), object()).run([item(size='S', targets=[{'kind': 'user', 'name': 'ghost1'}])])
    assert info.value.messages == ["Failed to create thing 'a': unknown target: user ghost1"]
    assert store.writes == []
    assert str(UnknownReferences('target', [Target('a', 'b')])) == 'unknown target: a b'


def test_links_are_read_only_for_the_relations_an_item_manages():
    store = Store()
    store.objects['a'] = {'code': 'a'}
    reads = []
    entity = store.entity()
    link = entity.wire.links['targets']
    entity.wire.links['targets'] = Link(read=lambda ctx, obj: reads.append(obj['code']) or [],
                                        add=link.add, remove=link.remove)
    Reconciler(entity, object()).run([item(size='S')])
    assert reads == []
    Reconciler(entity, object()).run([item(targets=[])])
    assert reads == ['a']
