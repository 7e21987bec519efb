"""The resource description (REST, scoped by an application): actions compared in one spelling
and sent whole with append/remove semantics, the API-identifier rule, and the calls each wire
entry sends, through a fake transport."""

import pytest

from ansible_collections.authing.cloud.plugins.module_utils.engine import ReconcileError, Reconciler, plan_item
from ansible_collections.authing.cloud.plugins.module_utils.entities import resources
from ansible_collections.authing.cloud.plugins.module_utils.entities.resources import RESOURCE

from .fake_api import FakeApi, page

APP = {'id': '6123456789abcdef0123abcd', 'identifier': 'portal'}
READ = {'id': 'res1', 'code': 'doc', 'type': 'DATA', 'description': '', 'apiIdentifier': None, 'namespace': APP['id'],
        'actions': [{'name': 'read', 'description': ''}, {'name': 'write', 'description': 'W'}], 'createdAt': 't'}


def item(**kw):
    base = dict((name, None) for name in RESOURCE.item_spec())
    base.update(app='portal', actions_mode='exact', state='present')
    base.update(kw)
    return base


def service(*existing):
    """A resource service over one application: the routes and the objects they keep."""
    objects = dict((r['code'], dict(r)) for r in existing)

    def create(request):
        obj = dict(request.body, id='new-' + request.body['code'])
        objects[obj['code']] = obj
        return obj

    def update(request):
        code = request.path.rsplit('/', 1)[1]
        objects[code].update(request.body)
        return objects[code]
    routes = {
        'GET /applications': page([APP]),
        'GET /resources/detail': lambda r: objects.get(r.query['code']),
        'GET /resources': lambda r: page([o for o in objects.values() if o['namespace'] == r.query['namespace']
                                          and r.query.get('type') in (None, o['type'])]),
        'POST /resources': create,
        'POST /resources/*': update,
        'DELETE /resources/*': lambda r: objects.pop(r.path.rsplit('/', 1)[1]) and None,
    }
    return FakeApi(routes), objects


# -- behaviour -------------------------------------------------------------------------------------

def test_actions_compare_in_one_spelling():
    field = resources.RESOURCE.field('actions')
    current = field.read({'actions': [{'name': 'read', 'description': ''}, {'name': 'write', 'description': 'W'}]})
    assert current == [{'name': 'read', 'description': None}, {'name': 'write', 'description': 'W'}]
    desired = resources.normalize(None, {'actions': [{'name': 'write', 'description': 'W'}, {'name': 'read', 'description': ''}]})
    assert field.same(desired['actions'], current)
    assert resources.actions_to_api([{'name': 'read', 'description': None}]) == [{'name': 'read', 'description': ''}]
    assert resources.normalize(None, {'actions': None})['actions'] is None


@pytest.mark.parametrize('mode,desired,expected', [
    ('append', [{'name': 'read', 'description': None}], None),
    ('append', [{'name': 'delete', 'description': None}], ['read', 'write', 'delete']),
    ('remove', [{'name': 'write', 'description': None}], ['read']),
    ('exact', [{'name': 'write', 'description': None}, {'name': 'read', 'description': None}], None),
])
def test_actions_modes_plan(mode, desired, expected):
    current = {'code': 'r', 'actions': [{'name': 'read', 'description': None}, {'name': 'write', 'description': None}]}
    plan = plan_item(resources.RESOURCE, {'code': 'r', 'state': 'present', 'actions': desired, 'actions_mode': mode},
                     current, {}, {})
    assert ([a['name'] for a in plan.changes['actions']] if plan.changed else None) == expected


def test_duplicate_action_names_are_rejected():
    assert list(resources.validate({'actions': [{'name': 'a'}, {'name': 'b'}, {'name': 'a'}]})) == [
        'actions listed more than once: a']
    assert list(resources.validate({'actions': None})) == []


@pytest.mark.parametrize('item,current,problem', [
    ({'type': 'API'}, None, True),
    ({'type': 'API', 'api_identifier': 'https://x'}, None, False),
    ({'type': 'API'}, {'type': 'DATA', 'api_identifier': None}, True),
    ({'type': 'API'}, {'type': 'API', 'api_identifier': 'https://x'}, False),
    ({'description': 'd'}, {'type': 'API', 'api_identifier': 'https://x'}, False),
    ({'api_identifier': ''}, {'type': 'API', 'api_identifier': 'https://x'}, True),
    ({'type': 'DATA'}, None, False),
    ({'type': 'API', 'state': 'absent'}, None, False),
])
def test_api_resources_need_an_api_identifier(item, current, problem):
    record = {'item': dict({'state': 'present'}, **item), 'current': current}
    assert bool(list(resources.check_api_identifier(None, [record]))) is problem


def test_resource_calls_use_the_application_namespace():
    api = FakeApi({'POST /resources/*': {}, 'DELETE /resources/*': None})
    resources.RESOURCE.wire.update(api.ctx, {'code': 'a/b'}, {'type': 'UI'}, APP, None)
    resources.RESOURCE.wire.delete(api.ctx, {'code': 'a/b'}, APP, None)
    update, delete = api.requests()
    assert update.name == 'POST /resources/a%2Fb'
    assert update.body == {'type': 'UI', 'namespace': APP['id']}
    assert delete.name == 'DELETE /resources/a%2Fb' and delete.query == {'namespace': APP['id']}


# -- the wire and the loop ---------------------------------------------------------------------------

def test_find_and_list_send_the_application_namespace():
    api, _objects = service(READ)
    assert RESOURCE.wire.find(api.ctx, 'doc', APP)['id'] == 'res1'
    assert RESOURCE.wire.find(api.ctx, 'nope', APP) is None
    assert [r['code'] for r in RESOURCE.wire.list_all(api.ctx, APP)] == ['doc']
    detail, _missing, listing = api.requests()
    assert detail.name == 'GET /resources/detail' and detail.query == {'namespace': APP['id'], 'code': 'doc'}
    assert listing.name == 'GET /resources' and listing.query == {'namespace': APP['id'], 'page': 1, 'limit': 100}


def test_info_list_filters_by_type_only_when_given():
    api, _objects = service(READ, dict(READ, id='res2', code='api', type='API'))
    assert [r['code'] for r in RESOURCE.call('info_list', api.ctx, {'type': 'API'}, APP)] == ['api']
    assert len(list(RESOURCE.call('info_list', api.ctx, {'type': None}, APP))) == 2
    assert [r.query for r in api.requests()] == [{'namespace': APP['id'], 'type': 'API', 'page': 1, 'limit': 100},
                                                 {'namespace': APP['id'], 'page': 1, 'limit': 100}]


def test_create_through_the_reconciler_sends_the_whole_resource():
    api, objects = service()
    reconciler = Reconciler(RESOURCE, ctx=api.ctx)
    [record] = reconciler.run([item(code='doc', type='DATA', actions=[{'name': 'read', 'description': None}])])
    assert record['plan'].action == 'create'
    [create] = api.sent('POST /resources')
    assert create.body == {'code': 'doc', 'type': 'DATA', 'namespace': APP['id'],
                           'actions': [{'name': 'read', 'description': ''}]}
    assert api.names() == ['GET /applications', 'GET /resources/detail', 'POST /resources']
    result, _diff = reconciler.item_result(record)
    assert result['resource']['actions'] == [{'name': 'read', 'description': None}] and result['action'] == 'create'
    assert objects['doc']['namespace'] == APP['id']


def test_an_action_appended_sends_the_whole_list_and_a_rerun_sends_nothing():
    api, objects = service(READ)
    [record] = Reconciler(RESOURCE, ctx=api.ctx).run([item(code='doc', actions=[{'name': 'delete'}], actions_mode='append')])
    assert record['plan'].changed_options() == ['actions']
    [update] = api.sent('POST /resources/doc')
    assert update.body == {'namespace': APP['id'], 'actions': [
        {'name': 'read', 'description': ''}, {'name': 'write', 'description': 'W'}, {'name': 'delete', 'description': ''}]}
    api.forget()
    [record] = Reconciler(RESOURCE, ctx=api.ctx).run([item(code='doc', actions=[{'name': 'delete'}], actions_mode='append')])
    assert not record['plan'].changed and api.names() == ['GET /resources/detail']


def test_delete_and_the_unknown_application():
    api, objects = service(READ)
    Reconciler(RESOURCE, ctx=api.ctx).run([item(code='doc', state='absent')])
    assert 'doc' not in objects and api.sent('DELETE /resources/doc')[0].query == {'namespace': APP['id']}
    with pytest.raises(ReconcileError) as info:
        Reconciler(RESOURCE, ctx=api.ctx).run([item(code='x', type='DATA', app='nowhere')])
    assert info.value.messages == ["Failed to create resource 'x': application 'nowhere' does not exist"]


def test_an_api_resource_without_identifier_fails_before_any_write():
    api, objects = service()
    with pytest.raises(ReconcileError) as info:
        Reconciler(RESOURCE, ctx=api.ctx).run([item(code='x', type='API')])
    assert info.value.messages == ["Failed to create resource 'x': api_identifier is required for a resource of type API"]
    assert not api.sent('POST /resources') and objects == {}


def test_label_and_export_fields():
    assert RESOURCE.label({'code': 'doc'}) == 'doc'
    assert RESOURCE.export_fields == ['code', 'type', 'description', 'api_identifier', 'actions']
    view = RESOURCE.present(READ)
    assert (view['id'], view['namespace'], view['created_at']) == ('res1', APP['id'], 't')
    assert view['actions'] == [{'name': 'read', 'description': None}, {'name': 'write', 'description': 'W'}]


def test_diffs_are_quiet_no_null_inside_values_and_no_unnamed_keys():
    api, _objects = service(READ)
    reconciler = Reconciler(RESOURCE, ctx=api.ctx, check_mode=True)
    [record] = reconciler.run([item(code='doc', actions=['read', {'name': 'write', 'description': 'W'}, 'delete'])])
    _result, diff = reconciler.item_result(record)
    assert diff['before'] == {'code': 'doc', 'actions': [{'name': 'read'}, {'name': 'write', 'description': 'W'}]}
    assert diff['after']['actions'] == [{'name': 'read'}, {'name': 'write', 'description': 'W'}, {'name': 'delete'}]
    [record] = reconciler.run([item(code='new', type='MENU')])
    _result, diff = reconciler.item_result(record)
    assert diff['before'] == {} and diff['after'] == {'code': 'new', 'type': 'MENU'}  # no id of what does not exist
