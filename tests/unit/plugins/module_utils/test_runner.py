"""The Ansible glue: module options → engine items, and run_info_module (extend, info_list)."""

import json

import pytest

from ansible.module_utils.testing import patch_module_args

from ansible_collections.authing.cloud.plugins.module_utils import runner
from ansible_collections.authing.cloud.plugins.module_utils.description import Entity, Field, Link, Ref, Relation, Scope, Wire
from ansible_collections.authing.cloud.plugins.module_utils.references import Context


class FakeClient(object):
    pass


def thing_entity(objects, **behaviour):
    return Entity(
        name='thing', plural='things', key='code',
        fields=[Field('code'), Field('size')],
        scope=Scope('app', resolve=lambda ctx, ref: {'id': ref}),
        relations=[Relation('targets', resolve=None)],
        wire=Wire(find=lambda ctx, code, scope: objects.get(code),
                  list_all=lambda ctx, scope: list(objects.values()),
                  create=None, update=None, delete=None,
                  links={'targets': Link(read=lambda ctx, obj: [Ref('t1', 'T1')], add=None, remove=None)}),
        **behaviour)


class FakeModule(object):
    def __init__(self, params):
        self.params = params
        self.check_mode = False

    def exit_json(self, **result):
        raise SystemExit(result)

    def fail_json(self, **result):
        raise AssertionError(result)


def test_run_info_module_extend_adds_to_each_view(monkeypatch):
    objects = {'a': {'code': 'a', 'size': 'S'}, 'b': {'code': 'b', 'size': 'L'}}
    params = dict(code=None, app='app1', with_targets=False, with_extra=True)
    monkeypatch.setattr(runner, 'new_module', lambda spec, **kw: FakeModule(params))
    monkeypatch.setattr(runner, 'client_for', lambda module: object())
    seen = []

    def extend(ctx, module_params, api_obj, view):
        seen.append((module_params is params, isinstance(ctx, Context)))
        view['extra'] = api_obj['size'].lower()
    with pytest.raises(SystemExit) as info:
        runner.run_info_module(thing_entity(objects), extra_spec=dict(with_extra=dict(type='bool')), extend=extend)
    assert [(t['code'], t['extra']) for t in info.value.args[0]['things']] == [('a', 's'), ('b', 'l')]
    assert seen == [(True, True), (True, True)]


def test_run_info_module_finds_one_by_key_with_its_relations(monkeypatch):
    objects = {'a': {'code': 'a', 'size': 'S'}, 'b': {'code': 'b', 'size': 'L'}}
    params = dict(code='b', app='app1', with_targets=True)
    monkeypatch.setattr(runner, 'new_module', lambda spec, **kw: FakeModule(params))
    monkeypatch.setattr(runner, 'client_for', lambda module: object())
    with pytest.raises(SystemExit) as info:
        runner.run_info_module(thing_entity(objects))
    assert info.value.args[0] == {'changed': False, 'things': [{'code': 'b', 'size': 'L', 'targets': ['T1']}]}


def test_info_list_behaviour_replaces_list_all(monkeypatch, capsys):
    calls = []
    entity = Entity(
        name='user', plural='users', key=('username', 'email'), alternate_keys=True,
        fields=[Field('username'), Field('email', compare='ci'), Field('nickname')],
        wire=Wire(find=None, create=None, update=None, delete=None,
                  list_all=lambda ctx, scope: [{'username': 'listed', 'email': None, 'nickname': None}]),
        identity=lambda item: item.get('username') or item.get('email'),
        info_list=lambda ctx, params, scope: calls.append(params['query'])
        or [{'username': 'found', 'email': None, 'nickname': 'N'}])
    monkeypatch.setattr(runner, 'client_for', lambda module: FakeClient())
    args = {'username': None, 'email': None, 'query': 'fo', 'access_token': 'token'}
    with patch_module_args(args), pytest.raises(SystemExit):
        runner.run_info_module(entity, extra_spec={'query': {'type': 'str'}})
    result = json.loads(capsys.readouterr().out)
    assert calls == ['fo']
    assert result['users'] == [{'username': 'found', 'email': None, 'nickname': 'N'}]


def test_module_spec_makes_the_single_form_and_the_bulk_list_exclusive():
    spec, exclusive = runner.module_spec(thing_entity({}))
    assert spec['things']['options']['code']['required'] is True
    assert spec['things_mode'] == {'type': 'str', 'choices': ['exact', 'append', 'remove'], 'default': 'append'}
    assert ['code', 'things'] in exclusive and ['size', 'things'] in exclusive
    assert not any(pair[0] in ('app', 'state', 'concurrency', 'targets_mode') for pair in exclusive)


def test_module_items_inherit_state_and_scope_unless_given():
    entity = thing_entity({})
    params = dict((name, None) for name in entity.item_spec())
    params.update(state='absent', app='app1', things=[{'code': 'a', 'state': None, 'app': None},
                                                      {'code': 'b', 'state': 'present', 'app': 'app2'}])
    assert [(i['code'], i['state'], i['app']) for i in runner.module_items(entity, params)] == [
        ('a', 'absent', 'app1'), ('b', 'present', 'app2')]
    single = dict(params, things=None, code='c', extra='not an option')
    assert runner.module_items(entity, single) == [dict((name, single[name]) for name in entity.item_spec())]
