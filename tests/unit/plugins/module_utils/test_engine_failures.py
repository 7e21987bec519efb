"""The engine's one failure path: whatever a step raises leaves ``Reconciler.run`` as a
ReconcileError naming the item and the phase; an API error keeps ``.error`` and ``.code``, an
unexpected exception its traceback in ``.trace``."""

import pytest

from ansible_collections.authing.cloud.plugins.module_utils.client import AuthingError
from ansible_collections.authing.cloud.plugins.module_utils.description import (
    Entity, Field, InputError, Link, Ref, Relation, Wire)
from ansible_collections.authing.cloud.plugins.module_utils.engine import ReconcileError, Reconciler


def boom(*_args, **_kwargs):
    raise ValueError('boom')


def make_entity(store, links=None, triggers=None, relation=None, **overrides):
    """A thing with one relation and one trigger; ``overrides`` replace wire calls (``find``...)
    or add named behaviour (``validate``...)."""
    wire = dict(
        find=lambda ctx, code, scope: dict(store[code]) if code in store else None,
        create=lambda ctx, payload, scope, recheck: store.setdefault(payload['code'], dict(payload)),
        update=lambda ctx, current, payload, scope, recheck: dict(current, **payload),
        delete=lambda ctx, current, scope, recheck: store.pop(current['code']),
    )
    behaviour = {}
    for name, value in overrides.items():
        (wire if name in wire else behaviour)[name] = value
    link = links or Link(read=lambda ctx, obj: [], add=lambda ctx, obj, refs: None, remove=lambda ctx, obj, refs: None)
    return Entity(
        'thing', 'things', 'code', [Field('code'), Field('size'), Field('kick', type='bool', trigger=True)],
        Wire(links={'members': link}, triggers={'kick': triggers or (lambda ctx, obj, scope: obj)}, **wire),
        relations=[relation or Relation('members', resolve=lambda ctx, refs: dict((r, Ref(r, r)) for r in refs))],
        **behaviour)


def item(**kw):
    return dict(dict(code='a', size=None, kick=False, members=None, members_mode='exact', state='present'), **kw)


def fail(entity, items, check_mode=False):
    with pytest.raises(ReconcileError) as info:
        Reconciler(entity, object(), check_mode=check_mode).run(items)
    return info.value


# -- unexpected exceptions: named, with a traceback ------------------------------------------------

@pytest.mark.parametrize('phase,overrides,it,message', [
    ('read', dict(find=boom), item(size='L'), "Failed to read thing 'a': unexpected ValueError: boom"),
    ('create', dict(create=boom), item(code='new', size='L'), "Failed to create thing 'new': unexpected ValueError: boom"),
    ('update', dict(update=boom), item(size='L'), "Failed to update thing 'a': unexpected ValueError: boom"),
    ('delete', dict(delete=boom), item(state='absent'), "Failed to delete thing 'a': unexpected ValueError: boom"),
])
def test_a_wire_call_raising_names_the_item_and_the_phase(phase, overrides, it, message):
    error = fail(make_entity({'a': {'code': 'a', 'size': 'S'}}, **overrides), [it])
    assert error.messages == [message]
    assert error.trace is not None and 'ValueError: boom' in error.trace
    assert error.error is None and error.code is None


def test_a_link_or_trigger_raising_is_a_failed_update_of_the_item():
    store = {'a': {'code': 'a', 'size': 'S'}}
    reading = make_entity(store, links=Link(read=boom, add=None, remove=None))
    assert fail(reading, [item(members=['x'])]).messages == ["Failed to read thing 'a': unexpected ValueError: boom"]
    adding = make_entity(store, links=Link(read=lambda ctx, obj: [], add=boom, remove=None))
    error = fail(adding, [item(members=['x'])])
    assert error.messages == ["Failed to update thing 'a': unexpected ValueError: boom"] and error.trace
    triggering = make_entity(store, triggers=boom)
    assert fail(triggering, [item(kick=True)]).messages == ["Failed to update thing 'a': unexpected ValueError: boom"]


def test_check_behaviour_raising_fails_before_any_write():
    writes = []
    entity = make_entity({'a': {'code': 'a', 'size': 'S'}}, check=boom,
                         update=lambda *args: writes.append(args))
    error = fail(entity, [item(size='L')])
    assert error.messages == ['Failed to plan things: unexpected ValueError: boom']
    assert error.trace and writes == []


def test_a_failed_write_keeps_the_records_and_the_other_items_are_applied():
    store = {'a': {'code': 'a', 'size': 'S'}, 'b': {'code': 'b', 'size': 'S'}}
    updated = []

    def update(ctx, current, payload, scope, recheck):
        if current['code'] == 'a':
            raise ValueError('boom')
        updated.append(current['code'])
        return dict(current, **payload)
    error = fail(make_entity(store, update=update), [item(code='a', size='L'), item(code='b', size='L')])
    assert error.messages == ["Failed to update thing 'a': unexpected ValueError: boom"] and error.trace
    assert updated == ['b'] and [r.get('error') is None for r in error.records] == [False, True]


# -- API errors: the error and its code are kept ---------------------------------------------------

def test_an_api_error_keeps_the_error_and_its_code():
    api_error = AuthingError('no permission', code=2003)
    error = fail(make_entity({'a': {'code': 'a', 'size': 'S'}}, update=lambda *args: (never for never in ()).throw(api_error)),
                 [item(size='L')])
    assert error.messages == ["Failed to update thing 'a': no permission"]
    assert error.error is api_error and error.code == 2003 and error.trace is None


def test_an_api_error_while_reading_keeps_the_error_too():
    api_error = AuthingError('server down', code=500)

    def find(ctx, code, scope):
        raise api_error
    error = fail(make_entity({}, find=find), [item(size='L')])
    assert error.messages == ["Failed to read thing 'a': server down"]
    assert error.error is api_error and error.code == 500


def test_bad_input_found_by_a_wire_call_is_no_unexpected_error():
    def create(ctx, payload, scope, recheck):
        raise InputError('size must be S, M or L')
    error = fail(make_entity({}, create=create), [item(size='XL')])
    assert error.messages == ["Failed to create thing 'a': size must be S, M or L"]
    assert error.trace is None and error.error is None


def test_a_code_can_be_given_without_an_error():
    assert ReconcileError(['x'], code=7).code == 7
    assert ReconcileError(['x'], error=AuthingError('y', code=9)).code == 9
    assert str(ReconcileError(['one', 'two'])) == 'one; two'


# -- every step is guarded: a failure names the item ----------------------------------------------

def test_normalize_raising_names_the_item():
    error = fail(make_entity({}, normalize=boom), [item(size='L')])
    assert error.trace is not None
    assert "'a'" in error.messages[0]


def test_validate_raising_becomes_a_reconcile_error():
    error = fail(make_entity({}, validate=boom), [item(size='L')])
    assert error.messages == ["Failed to create thing 'a': unexpected ValueError: boom"] and error.trace


def test_identity_raising_becomes_a_reconcile_error():
    error = fail(make_entity({}, identity=boom), [item(size='L')])
    assert 'unexpected ValueError: boom' in error.messages[0] and error.trace


def test_relation_expand_raising_becomes_a_reconcile_error():
    relation = Relation('members', resolve=lambda ctx, refs: {}, expand=boom)
    error = fail(make_entity({'a': {'code': 'a'}}, relation=relation), [item(members=['x'])])
    assert "Failed to plan thing 'a': unexpected ValueError: boom" in error.messages and error.trace
