"""The resource description (REST, scoped by an application): actions compared in one spelling
and sent whole with append/remove semantics, the API-identifier rule, and the calls each wire
entry sends, through a fake transport."""

import pytest

from ansible_collections.authing.cloud.plugins.module_utils.description import Ref, UnknownReferences
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


# -- permissions ----------------------------------------------------------------------------------

ALICE = {'id': 'a' * 24, 'username': 'alice', 'email': 'alice@example.com', 'phone': None, 'externalId': None}
BOB = {'id': 'b' * 24, 'username': None, 'email': 'bob@example.com', 'phone': None, 'externalId': None}
ORG = {'id': 'org1', 'rootNode': {'id': 'n0', 'code': 'acme', 'name': 'Acme'},
       'nodes': [{'id': 'n0', 'code': 'acme', 'name': 'Acme'}, {'id': 'n1', 'code': 'dev', 'name': 'Dev'}]}
ROLES = {(APP['id'], 'editor'), ('default', 'admin')}


def permission(target_type, *targets, **kw):
    return dict(target_type=target_type, targets=list(targets), actions=kw.get('actions'))


def acl_service(grants=None, *existing):
    """The resource service plus grants {(targetType, targetIdentifier): [actions]} on 'doc'."""
    api, objects = service(*(existing or (READ,)))
    grants = dict(grants or {})

    def user_batch(request):
        key = {'id': 'id', 'username': 'username', 'email': 'email', 'phone': 'phone'}[request.variables['type']]
        return [u for u in (ALICE, BOB) if u[key] in request.variables['ids']]

    def authorize(request):
        for opt in request.variables['opts']:
            grants[(opt['targetType'], opt['targetIdentifier'])] = opt['actions']
        return {'code': 200, 'message': 'ok'}

    def revoke(request):
        for opt in request.body['opts']:
            grants.pop((opt['targetType'], opt['targetIdentifier']), None)

    api.routes.update({
        'userBatch': user_batch,
        'group': lambda r: {'code': 'staff'} if r.variables['code'] == 'staff' else None,
        'role': lambda r: {'code': r.variables['code']} if (r.variables['namespace'], r.variables['code']) in ROLES else None,
        'orgs': page([ORG]),
        'authorizedTargets': lambda r: page([{'targetType': t, 'targetIdentifier': i, 'actions': a}
                                             for (t, i), a in sorted(grants.items())]),
        'authorizeResource': authorize,
        'POST /acl/revoke-resource': revoke,
    })
    return api, grants


def test_permissions_expand_to_one_target_each_and_roles_learn_the_namespace():
    item_in = item(code='doc', permissions=[permission('ROLE', 'editor', actions=['write', 'read', 'read']),
                                            permission('USER', 'alice')])
    normalized = resources.normalize(None, item_in)
    assert resources.expand_permissions(normalized['permissions']) == [
        resources.PermissionTarget('ROLE', 'editor', ('read', 'write'), 'portal'),
        resources.PermissionTarget('USER', 'alice', (), '')]
    default = resources.normalize(None, dict(item_in, app='default'))
    assert resources.expand_permissions(default['permissions'])[0].app == 'default'
    assert resources.normalize(None, item(code='doc'))['permissions'] is None
    assert list(resources.validate({'permissions': [permission('USER', 'alice'), permission('USER', 'bob', 'alice')]})) == [
        'permissions[1]: USER alice is in more than one permission']


def test_permissions_resolve_by_natural_key_and_name_every_unknown_target():
    api, _grants = acl_service()
    refs = resources.expand_permissions(resources.normalize(None, item(code='doc', permissions=[
        permission('USER', 'alice', 'bob@example.com', actions=['read']), permission('GROUP', 'staff'),
        permission('ROLE', 'editor', actions=['write']), permission('ORG', 'dev'), permission('ORG', 'acme/acme')]))['permissions'])
    resolved = resources.resolve_permissions(api.ctx, refs)
    assert [resolved[ref] for ref in refs] == [
        Ref(('USER', ALICE['id']), 'alice', ('read',)), Ref(('USER', BOB['id']), 'bob@example.com', ('read',)),
        Ref(('GROUP', 'staff'), 'staff', ()), Ref(('ROLE', 'editor'), 'editor', ('write',)),
        Ref(('ORG', 'n1'), 'acme/dev', ()), Ref(('ORG', 'n0'), 'acme/acme', ())]
    bad = resources.expand_permissions([
        dict(permission('USER', 'ghost', 'alice'), _app='portal'), dict(permission('GROUP', 'nogroup'), _app='portal'),
        dict(permission('ROLE', 'admin'), _app='portal'),  # a role of the default namespace, not the application's
        dict(permission('ORG', 'nowhere'), _app='portal')])
    with pytest.raises(UnknownReferences) as info:
        resources.resolve_permissions(api.ctx, bad)
    assert info.value.kind == 'permission target'
    assert [str(ref) for ref in info.value.refs] == ['GROUP nogroup', 'ORG nowhere', 'ROLE admin', 'USER ghost']


def test_grants_read_as_links_with_labels_and_render_as_the_option():
    api, _grants = acl_service({('USER', ALICE['id']): ['write', 'read'], ('ROLE', 'editor'): ['read', 'write'],
                                ('ORG', 'n1'): [], ('GROUP', 'staff'): ['read']})
    links = resources.read_permissions(api.ctx, dict(READ))
    [query] = api.sent('authorizedTargets')
    assert query.variables == {'namespace': APP['id'], 'resourceType': 'DATA', 'resource': 'doc'}
    assert api.sent('userBatch')[0].variables == {'ids': [ALICE['id']], 'type': 'id'}
    assert sorted(links) == sorted([
        Ref(('USER', ALICE['id']), 'alice', ('read', 'write')), Ref(('ROLE', 'editor'), 'editor', ('read', 'write')),
        Ref(('ORG', 'n1'), 'acme/dev', ()), Ref(('GROUP', 'staff'), 'staff', ('read',))])
    assert resources.render_permissions(links) == [
        {'target_type': 'GROUP', 'targets': ['staff'], 'actions': ['read']},
        {'target_type': 'ORG', 'targets': ['acme/dev'], 'actions': []},
        {'target_type': 'ROLE', 'targets': ['editor'], 'actions': ['read', 'write']},
        {'target_type': 'USER', 'targets': ['alice'], 'actions': ['read', 'write']}]
    api.forget()
    # what the read showed is known: naming the same targets looks nothing up
    resources.resolve_permissions(api.ctx, resources.expand_permissions([
        dict(permission('USER', 'alice', 'alice@example.com', ALICE['id']), _app=APP['id']),
        dict(permission('GROUP', 'staff'), _app=APP['id']), dict(permission('ROLE', 'editor'), _app=APP['id'])]))
    assert api.names() == []


def run(api, check_mode=False, **kw):
    reconciler = Reconciler(RESOURCE, ctx=api.ctx, check_mode=check_mode)
    [record] = reconciler.run([item(code='doc', **kw)])
    return record, reconciler.item_result(record)


def test_grant_sends_every_target_with_its_actions_in_one_call_and_a_rerun_sends_nothing():
    api, grants = acl_service()
    wanted = [permission('USER', 'alice', actions=['read']), permission('ROLE', 'editor', actions=['write', 'read']),
              permission('ORG', 'dev')]
    record, (result, diff) = run(api, permissions=wanted)
    assert result['changes'] == ['permissions'] and result['action'] == 'update'
    [sent] = api.sent('authorizeResource')
    assert sent.variables == {'namespace': APP['id'], 'resource': 'doc', 'opts': [
        {'targetType': 'ORG', 'targetIdentifier': 'n1', 'actions': []},
        {'targetType': 'ROLE', 'targetIdentifier': 'editor', 'actions': ['read', 'write']},
        {'targetType': 'USER', 'targetIdentifier': ALICE['id'], 'actions': ['read']}]}
    assert grants == {('USER', ALICE['id']): ['read'], ('ROLE', 'editor'): ['read', 'write'], ('ORG', 'n1'): []}
    assert diff['before'] == {'code': 'doc', 'permissions': []}
    assert diff['after']['permissions'] == result['resource']['permissions'] == [
        {'target_type': 'ORG', 'targets': ['acme/dev'], 'actions': []},
        {'target_type': 'ROLE', 'targets': ['editor'], 'actions': ['read', 'write']},
        {'target_type': 'USER', 'targets': ['alice'], 'actions': ['read']}]
    api.forget()
    record, (result, _diff) = run(api, permissions=wanted)
    assert result['changed'] is False
    assert [name for name in api.names() if name not in ('GET /resources/detail', 'authorizedTargets', 'userBatch')] == []


def test_changed_actions_resend_the_grant_and_exact_revokes_the_others():
    api, grants = acl_service({('USER', ALICE['id']): ['read'], ('GROUP', 'staff'): ['read'], ('ORG', 'n1'): []})
    record, (result, diff) = run(api, permissions=[permission('USER', 'alice', actions=['read', 'write'])])
    [sent] = api.sent('authorizeResource')
    assert sent.variables['opts'] == [{'targetType': 'USER', 'targetIdentifier': ALICE['id'], 'actions': ['read', 'write']}]
    [revoked] = api.sent('POST /acl/revoke-resource')
    assert revoked.body == {'namespace': APP['id'], 'resource': 'doc', 'opts': [
        {'targetType': 'GROUP', 'targetIdentifier': 'staff'}, {'targetType': 'ORG', 'targetIdentifier': 'n1'}]}
    assert grants == {('USER', ALICE['id']): ['read', 'write']}
    assert api.names().index('POST /acl/revoke-resource') < api.names().index('authorizeResource')


@pytest.mark.parametrize('mode,wanted,grants_after,writes', [
    ('append', [permission('GROUP', 'staff', actions=['read'])],
     {('USER', 'a' * 24): ['read'], ('GROUP', 'staff'): ['read']}, ['authorizeResource']),
    ('append', [permission('USER', 'alice', actions=['read'])], {('USER', 'a' * 24): ['read']}, []),
    ('remove', [permission('USER', 'alice'), permission('GROUP', 'staff')], {}, ['POST /acl/revoke-resource']),
    ('remove', [permission('GROUP', 'staff')], {('USER', 'a' * 24): ['read']}, []),
    ('exact', [], {}, ['POST /acl/revoke-resource']),
])
def test_permissions_modes(mode, wanted, grants_after, writes):
    api, grants = acl_service({('USER', ALICE['id']): ['read']})
    run(api, permissions=wanted, permissions_mode=mode)
    assert grants == grants_after
    assert [name for name in api.names() if name in ('authorizeResource', 'POST /acl/revoke-resource')] == writes


def test_check_mode_predicts_without_writing():
    api, grants = acl_service({('USER', ALICE['id']): ['read']})
    record, (result, diff) = run(api, check_mode=True, permissions=[permission('GROUP', 'staff', actions=['write'])])
    assert grants == {('USER', ALICE['id']): ['read']}
    assert not api.sent('authorizeResource') and not api.sent('POST /acl/revoke-resource')
    assert result['changed'] is True and diff['before']['permissions'] == [
        {'target_type': 'USER', 'targets': ['alice'], 'actions': ['read']}]
    assert diff['after']['permissions'] == [{'target_type': 'GROUP', 'targets': ['staff'], 'actions': ['write']}]


def test_actions_the_resource_does_not_have_fail_before_any_write():
    api, grants = acl_service()
    with pytest.raises(ReconcileError) as info:
        run(api, permissions=[permission('USER', 'alice', actions=['read']), permission('GROUP', 'staff', actions=['purge', 'x'])])
    assert info.value.messages == ["Failed to update resource 'doc': purge, x are not an action of the resource "
                                   "(its actions: read, write)"]
    assert info.value.problems[0][1] == 'permissions[1]'
    # the task's own action changes count: removed actions cannot be granted, added ones can
    with pytest.raises(ReconcileError) as info:
        run(api, actions=['write'], actions_mode='remove', permissions=[permission('USER', 'alice', actions=['write'])])
    assert 'write is not an action of the resource (its actions: read)' in info.value.messages[0]
    run(api, actions=['purge'], actions_mode='append', permissions=[permission('USER', 'alice', actions=['purge'])])
    assert [w for w in api.names() if w.startswith('POST')] == ['POST /resources/doc']
    assert api.names()[-1] == 'authorizeResource' and grants == {('USER', ALICE['id']): ['purge']}


def test_unknown_targets_fail_before_any_write():
    api, grants = acl_service()
    with pytest.raises(ReconcileError) as info:
        run(api, description='changed', permissions=[permission('USER', 'ghost'), permission('ROLE', 'admin')])
    assert info.value.messages == ["Failed to update resource 'doc': unknown permission target: ROLE admin, USER ghost"]
    assert not [name for name in api.names() if name.startswith('POST') or name == 'authorizeResource']


def test_a_new_resource_is_created_then_granted():
    api, grants = acl_service(None, dict(READ, code='other'))
    reconciler = Reconciler(RESOURCE, ctx=api.ctx)
    [record] = reconciler.run([item(code='doc', type='MENU', actions=['show'],
                                    permissions=[permission('GROUP', 'staff', actions=['show'])])])
    assert api.names()[-2:] == ['POST /resources', 'authorizeResource']
    assert 'authorizedTargets' not in api.names()  # nothing to read on a resource that does not exist yet
    assert grants == {('GROUP', 'staff'): ['show']}


def test_the_default_namespace():
    api, grants = acl_service(None, dict(READ, namespace='default'))
    api.routes['GET /resources/detail'] = lambda r: dict(READ, namespace='default') if r.query['namespace'] == 'default' else None
    record, (result, _diff) = run(api, app='default', permissions=[permission('ROLE', 'admin', actions=['read'])])
    assert api.sent('GET /resources/detail')[0].query == {'namespace': 'default', 'code': 'doc'}
    assert api.sent('role')[0].variables == {'code': 'admin', 'namespace': 'default'}
    assert api.sent('authorizeResource')[0].variables['namespace'] == 'default'
    assert 'GET /applications' not in api.names()
    assert grants == {('ROLE', 'admin'): ['read']}


def test_permissions_in_the_tenant_spec_are_resource_options():
    """A resource item of a tenant spec takes the module's options: its permissions too, applied in
    the last step (a permission may name anything the spec creates)."""
    from ansible_collections.authing.cloud.plugins.module_utils import tenant
    spec = {'applications': [{'identifier': 'portal', 'resources': [
        {'code': 'doc', 'permissions': [{'target_type': 'GROUP', 'targets': ['staff'], 'actions': ['read']}]}]}]}
    api, grants = acl_service()
    outcome = tenant.Tenant(api.client, spec).run()
    assert grants == {('GROUP', 'staff'): ['read']}
    assert outcome.changes() == {'permissions': {'update': ['portal/doc']}}
    bad = {'applications': [{'identifier': 'portal', 'resources': [
        {'code': 'doc', 'permissions': [{'target_type': 'TEAM', 'targets': ['x']}]}]}]}
    with pytest.raises(tenant.TenantError) as info:
        tenant.Tenant(api.client, bad).run()
    assert info.value.problems[0].startswith('applications[0].resources[0]: ')
