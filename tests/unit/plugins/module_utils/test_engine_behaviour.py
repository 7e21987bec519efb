"""Named behaviour and compare rules in the engine: ``normalize`` rewrites items before anything
else, ``check`` reports problems after the reads and never rewrites, ``compare='ignore'`` values
are sent on create only, and check mode predicts a subset dict merged with the current one."""

import pytest

from ansible_collections.authing.cloud.plugins.module_utils.description import Entity, Field, Wire
from ansible_collections.authing.cloud.plugins.module_utils.engine import ReconcileError, Reconciler


class Store(object):
    def __init__(self, **objects):
        self.objects = dict((code, dict(obj, code=code)) for code, obj in objects.items())
        self.writes = []

    def entity(self, fields=None, **behaviour):
        store = self

        def create(ctx, payload, scope, recheck):
            store.writes.append(('create', payload['code'], tuple(sorted(payload))))
            store.objects[payload['code']] = dict(payload)
            return dict(payload)

        def update(ctx, current, payload, scope, recheck):
            store.writes.append(('update', current['code'], tuple(sorted(payload))))
            store.objects[current['code']].update(payload)
            return dict(store.objects[current['code']])

        def delete(ctx, current, scope, recheck):
            store.writes.append(('delete', current['code']))
            del store.objects[current['code']]

        return Entity(
            name='thing', plural='things', key='code',
            fields=fields or [Field('code'), Field('size')],
            wire=Wire(find=lambda ctx, code, scope: dict(store.objects[code]) if code in store.objects else None,
                      create=create, update=update, delete=delete,
                      list_all=lambda ctx, scope: [dict(o) for o in store.objects.values()]),
            **behaviour)


def item(**kw):
    return dict(dict(code='a', size=None, state='present'), **kw)


def reset(ctx, it):
    """``state: absent`` means "back to the defaults" (as access policies do)."""
    return dict(it, state='present', size='S') if it['state'] == 'absent' else it


def test_normalize_rewrites_items_before_anything_else():
    store = Store(a={'size': 'L'})
    seen = []

    def normalize(ctx, it):
        seen.append(ctx)
        return reset(ctx, it)
    reconciler = Reconciler(store.entity(normalize=normalize), object())
    [record] = reconciler.run([item(state='absent')])
    assert record['plan'].action == 'update' and store.objects['a']['size'] == 'S'
    assert seen == [reconciler.ctx], 'normalize gets the run context'
    [record] = Reconciler(store.entity(normalize=reset), object()).run([item()], mode='remove')
    assert record['plan'].action == 'none', 'remove mode items (state absent) are normalized too'


def test_normalize_decides_the_identity_and_the_label():
    store = Store(a={'size': 'S'})
    entity = store.entity(normalize=lambda ctx, it: dict(it, code=it['code'].lower()))
    [record] = Reconciler(entity, object()).run([item(code='A', size='M')])
    assert (record['ident'], record['key'], record['plan'].action) == ('a', 'a', 'update')


def test_check_reports_problems_after_the_reads_and_does_not_rewrite():
    store = Store(a={'size': 'S'})
    seen = []

    def check(ctx, records):
        seen.extend((r['item']['code'], r['current']) for r in records)
        return [(r, 'too big') for r in records if r['item']['size'] == 'XL']
    entity = store.entity(check=check)
    with pytest.raises(ReconcileError) as info:
        Reconciler(entity, object()).run([item(size='XL'), item(code='b', size='XL'), item(code='c', size='S')])
    assert info.value.messages == ["Failed to update thing 'a': too big", "Failed to create thing 'b': too big"]
    assert seen == [('a', {'code': 'a', 'size': 'S'}), ('b', None), ('c', None)]
    assert store.writes == []


def test_validate_problems_name_each_item():
    entity = Store().entity(validate=lambda it: ['size is required'] if it['size'] is None else [])
    with pytest.raises(ReconcileError) as info:
        Reconciler(entity, object()).run([item(), item(code='b', size='S'), item(code='c')])
    assert info.value.messages == ["Failed to create thing 'a': size is required",
                                   "Failed to create thing 'c': size is required"]


def test_an_item_without_identity_is_rejected():
    with pytest.raises(ReconcileError) as info:
        Reconciler(Store().entity(), object()).run([item(code=None, size='S')])
    assert info.value.messages == ["Failed to create thing 'None': no identifying option given (code)"]


def test_result_behaviour_adds_to_the_object_only():
    store = Store(a={'size': 'S', 'secret': 'xyz'})
    entity = store.entity(result=lambda it, api_obj, view: view.update(secret=api_obj['secret']) if it.get('show') else None)
    reconciler = Reconciler(entity, object())
    [record] = reconciler.run([item(size='M', show=True)])
    before, after, obj = reconciler.views(record)
    assert obj['secret'] == 'xyz' and 'secret' not in after and 'secret' not in before


def test_ignore_compare_sends_on_create_only():
    store = Store()
    entity = store.entity(fields=[Field('code'), Field('logins', type='int', compare='ignore')])
    [record] = Reconciler(entity, object()).run([dict(code='a', logins=5, state='present')])
    assert record['plan'].changes == {'code': 'a', 'logins': 5}
    store.objects['a']['logins'] = 9  # the user logged in since
    [record] = Reconciler(entity, object()).run([dict(code='a', logins=5, state='present')])
    assert not record['plan'].changed and store.objects['a']['logins'] == 9


def test_check_mode_predicts_a_subset_dict_merged_with_the_current_one():
    store = Store(a={'data': {'x': 1, 'y': 2}})
    entity = store.entity(fields=[Field('code'), Field('data', type='dict', compare='subset')])
    reconciler = Reconciler(entity, object(), check_mode=True)
    [record] = reconciler.run([dict(code='a', data={'y': 3}, state='present')])
    before, after, obj = reconciler.views(record)
    assert obj['data'] == {'x': 1, 'y': 3}
    assert (before['data'], after['data']) == ({'y': 2}, {'y': 3})
    assert store.writes == []


def test_item_result_states_the_action_and_the_changed_options():
    store = Store(a={'size': 'S'}, gone={'size': 'S'})
    reconciler = Reconciler(store.entity(), object())
    records = reconciler.run([item(size='M'), item(code='b', size='S'), item(code='gone', state='absent'),
                              item(code='c')], mode='append')
    results = [reconciler.item_result(r)[0] for r in records]
    assert [(r['code'], r['action'], r['changes'], r['changed']) for r in results] == [
        ('a', 'update', ['size'], True), ('b', 'create', [], True), ('gone', 'delete', [], True),
        ('c', 'create', [], True)]
    assert results[0]['thing'] == {'code': 'a', 'size': 'M'} and results[2]['thing'] == {}
    diff = reconciler.item_result(records[0])[1]
    assert diff == {'before': {'code': 'a', 'size': 'S'}, 'after': {'code': 'a', 'size': 'M'},
                    'before_header': "thing 'a'", 'after_header': "thing 'a'"}
