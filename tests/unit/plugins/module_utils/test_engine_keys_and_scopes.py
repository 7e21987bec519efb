"""Keys and scopes in the engine.

- The ``alternate_keys`` trait: the key options are alternative identifiers (find a user by
  username, change its email); without it a composite key only names the object.
- ``Scope(required=False)``: the option may be omitted, ``resolve(ctx, None)`` names the default
  parent (roles without ``app`` live in the ``default`` namespace).
"""

import pytest

from ansible_collections.authing.cloud.plugins.module_utils.description import Entity, Field, Scope, Wire
from ansible_collections.authing.cloud.plugins.module_utils.engine import ReconcileError, Reconciler, plan_item


class FakeClient(object):
    pass


def keyed_entity(store, scope=None, fields=None, alternate_keys=False, **behaviour):
    def find(ctx, ident, scope_obj):
        for obj in store.values():
            if ident in (obj.get('username'), obj.get('email')) and (scope_obj is None or obj['ns'] == scope_obj['id']):
                return dict(obj)
        return None

    def create(ctx, payload, scope_obj, recheck):
        obj = dict(payload, id='id%d' % len(store), ns=(scope_obj or {}).get('id'))
        store[obj['id']] = obj
        return dict(obj)

    def update(ctx, current, payload, scope_obj, recheck):
        store[current['id']].update(payload)
        return dict(store[current['id']])

    return Entity(
        name='user', plural='users', key=('username', 'email'), alternate_keys=alternate_keys,
        fields=fields or [Field('username'), Field('email', compare='ci'), Field('nickname')],
        scope=scope,
        wire=Wire(find=find, create=create, update=update, delete=None,
                  list_all=lambda ctx, scope_obj: [dict(o) for o in store.values()]),
        **behaviour)


ALTERNATIVES = dict(
    alternate_keys=True,
    identity=lambda item: item.get('username') or item.get('email'),
    identities=lambda obj: [v for v in (obj.get('username'), obj.get('email')) if v],
)


def test_alternative_identifiers_are_attributes():
    entity = keyed_entity({}, **ALTERNATIVES)
    current = {'username': 'alice', 'email': 'old@example.com', 'nickname': None}
    item = dict(username='alice', email='new@example.com', nickname=None, state='present')
    assert plan_item(entity, item, current, {}, {}).changes == {'email': 'new@example.com'}
    # the identifier that found the object compares equal: no change
    assert not plan_item(entity, dict(item, email='OLD@example.com'), current, {}, {}).changed
    assert entity.fixed_keys == ()


def test_plain_composite_keys_are_never_compared():
    entity = keyed_entity({})  # no alternate_keys trait: a composite key names the object, nothing more
    current = {'username': 'alice', 'email': 'old@example.com'}
    item = dict(username='alice', email='new@example.com', nickname=None, state='present')
    assert not plan_item(entity, item, current, {}, {}).changed
    assert entity.fixed_keys == ('username', 'email')


def test_optional_scope_resolves_the_default_parent():
    store = {}
    seen = []

    def resolve(ctx, ref):
        seen.append(ref)
        return {'id': ref or 'default'} if ref in (None, 'app1') else None
    entity = keyed_entity(store, scope=Scope('app', resolve, kind='application', required=False), **ALTERNATIVES)
    Reconciler(entity, FakeClient()).run([dict(username='a', email=None, nickname=None, app=None, state='present'),
                                          dict(username='b', email=None, nickname=None, app='app1', state='present')])
    assert sorted(o['ns'] for o in store.values()) == ['app1', 'default']
    assert None in seen
    with pytest.raises(ReconcileError) as info:
        Reconciler(entity, FakeClient()).run([dict(username='c', email=None, nickname=None, app='nope', state='present')])
    assert "application 'nope' does not exist" in info.value.messages[0]
    assert entity.item_spec()['app'] == {'type': 'str'}


def test_required_scope_still_required():
    scope = Scope('app', lambda ctx, ref: {'id': ref}, kind='application')
    assert scope.required is True
    entity = keyed_entity({}, scope=scope, **ALTERNATIVES)
    with pytest.raises(ReconcileError) as info:
        Reconciler(entity, FakeClient()).run([dict(username='a', email=None, nickname=None, app=None, state='present')])
    assert info.value.messages == ["Failed to create user 'a': app is required"]


def test_a_scope_is_resolved_once_per_reference():
    store = {}
    seen = []
    entity = keyed_entity(store, scope=Scope('app', lambda ctx, ref: seen.append(ref) or {'id': ref}), **ALTERNATIVES)
    Reconciler(entity, FakeClient()).run([dict(username=name, email=None, nickname=None, app='app1', state='present')
                                          for name in 'abc'])
    assert seen == ['app1'] and len(store) == 3


def test_the_same_key_in_two_scopes_is_not_a_duplicate_but_twice_in_one_is():
    entity = keyed_entity({}, scope=Scope('app', lambda ctx, ref: {'id': ref}), **ALTERNATIVES)
    Reconciler(entity, FakeClient()).run([dict(username='a', email=None, nickname=None, app=app, state='present')
                                          for app in ('app1', 'app2')])
    with pytest.raises(ReconcileError) as info:
        Reconciler(entity, FakeClient()).run([dict(username='a', email=None, nickname=None, app='app1', state='present')
                                              for _attempt in range(2)])
    # checked before anything is read: the second item is named, as a create
    assert info.value.messages == ["Failed to create user 'a': user 'a' is listed more than once"]
