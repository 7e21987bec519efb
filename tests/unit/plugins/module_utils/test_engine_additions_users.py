"""Engine additions made for users, roles and custom fields (issue 4).

- An entity with an ``identities`` hook has alternative identifiers: its key options are also
  attributes (find a user by username, change its email).
- ``Scope(required=False)``: the option may be omitted, ``resolve(ctx, None)`` names the default
  parent (roles without ``app`` live in the ``default`` namespace).
- ``compare='ignore'``: a value sent on create and never compared afterwards (migrated counters).
- ``info_list(ctx, params, scope)`` hook: the info module's listing when options shape it.
- ``Field(no_log=False)``: an option whose name looks secret but is not.
- Check mode predicts a subset dict sent in the main call (a user's custom data) as the whole dict.
"""

import json

import pytest

from ansible.module_utils.testing import patch_module_args

from ansible_collections.authing.cloud.plugins.module_utils import engine
from ansible_collections.authing.cloud.plugins.module_utils.description import Entity, Field, Scope
from ansible_collections.authing.cloud.plugins.module_utils.engine import ReconcileError, Reconciler, plan_item


class FakeClient(object):
    pass


def keyed_entity(store, hooks=None, scope=None, fields=None):
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
        name='user', plural='users', key=('username', 'email'),
        fields=fields or [Field('username'), Field('email', compare='ci'), Field('nickname')],
        find=find, create=create, update=update, delete=None, scope=scope,
        list_all=lambda ctx, scope_obj: [dict(o) for o in store.values()],
        hooks=hooks or {})


ALTERNATIVES = {
    'identity': lambda item: item.get('username') or item.get('email'),
    'identities': lambda obj: [v for v in (obj.get('username'), obj.get('email')) if v],
}


def test_alternative_identifiers_are_attributes():
    entity = keyed_entity({}, hooks=dict(ALTERNATIVES))
    current = {'username': 'alice', 'email': 'old@example.com', 'nickname': None}
    item = dict(username='alice', email='new@example.com', nickname=None, state='present')
    assert plan_item(entity, item, current, {}, {}).changes == {'email': 'new@example.com'}
    # the identifier that found the object compares equal: no change
    assert not plan_item(entity, dict(item, email='OLD@example.com'), current, {}, {}).changed


def test_plain_composite_keys_are_never_compared():
    entity = keyed_entity({})  # no identities hook: a composite key names the object, nothing more
    current = {'username': 'alice', 'email': 'old@example.com'}
    item = dict(username='alice', email='new@example.com', nickname=None, state='present')
    assert not plan_item(entity, item, current, {}, {}).changed


def test_optional_scope_resolves_the_default_parent():
    store = {}
    seen = []

    def resolve(ctx, ref):
        seen.append(ref)
        return {'id': ref or 'default'} if ref in (None, 'app1') else None
    entity = keyed_entity(store, hooks=dict(ALTERNATIVES), scope=Scope('app', resolve, kind='application', required=False))
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
    entity = keyed_entity({}, hooks=dict(ALTERNATIVES), scope=scope)
    with pytest.raises(ReconcileError) as info:
        Reconciler(entity, FakeClient()).run([dict(username='a', email=None, nickname=None, app=None, state='present')])
    assert info.value.messages == ["Failed to create user 'a': app is required"]


def test_ignore_compare_sends_on_create_only():
    store = {}
    fields = [Field('username'), Field('email'), Field('logins', type='int', compare='ignore')]
    entity = keyed_entity(store, hooks=dict(ALTERNATIVES), fields=fields)
    [record] = Reconciler(entity, FakeClient()).run([dict(username='a', email=None, logins=5, state='present')])
    assert record['plan'].changes == {'username': 'a', 'logins': 5}
    store['id0']['logins'] = 9  # the user logged in since
    [record] = Reconciler(entity, FakeClient()).run([dict(username='a', email=None, logins=5, state='present')])
    assert not record['plan'].changed and store['id0']['logins'] == 9


def test_info_list_hook_replaces_list_all(monkeypatch, capsys):
    calls = []
    entity = keyed_entity({'x': {'id': 'x', 'username': 'listed', 'email': None, 'nickname': None}},
                          hooks=dict(ALTERNATIVES, info_list=lambda ctx, params, scope: calls.append(params['query'])
                                     or [{'username': 'found', 'email': None, 'nickname': 'N'}]))
    monkeypatch.setattr(engine, 'client_for', lambda module: FakeClient())
    args = {'username': None, 'email': None, 'query': 'fo', 'access_token': 'token'}
    with patch_module_args(args), pytest.raises(SystemExit):
        engine.run_info_module(entity, extra_spec={'query': {'type': 'str'}})
    result = json.loads(capsys.readouterr().out)
    assert calls == ['fo']
    assert result['users'] == [{'username': 'found', 'email': None, 'nickname': 'N'}]


def test_no_log_false_is_part_of_the_option_spec():
    assert Field('key', no_log=False).option_spec() == {'type': 'str', 'no_log': False}
    assert Field('key').option_spec() == {'type': 'str'}
    assert Field('password', secret=True, no_log=False).option_spec()['no_log'] is True


def test_check_mode_predicts_a_subset_dict_merged_with_the_current_one():
    store = {'id0': {'id': 'id0', 'username': 'a', 'email': None, 'data': {'x': 1, 'y': 2}}}
    fields = [Field('username'), Field('email'), Field('data', type='dict', compare='subset')]
    entity = keyed_entity(store, hooks=dict(ALTERNATIVES), fields=fields)
    reconciler = Reconciler(entity, FakeClient(), check_mode=True)
    [record] = reconciler.run([dict(username='a', email=None, data={'y': 3}, state='present')])
    before, after, obj = reconciler.views(record)
    assert obj['data'] == {'x': 1, 'y': 3}
    assert (before['data'], after['data']) == ({'y': 2}, {'y': 3})
