"""The role description (GraphQL, scoped by a namespace): ``app`` omitted means ``default``, an
application's roles live in its id's namespace; members assigned and revoked per namespace,
through a fake transport."""

import pytest

from ansible_collections.authing.cloud.plugins.module_utils.description import Ref
from ansible_collections.authing.cloud.plugins.module_utils.engine import ReconcileError, Reconciler
from ansible_collections.authing.cloud.plugins.module_utils.entities import roles
from ansible_collections.authing.cloud.plugins.module_utils.entities.roles import ROLE

from .fake_api import FakeApi, page

APP = {'id': '6123456789abcdef0123abcd', 'identifier': 'portal'}
ALICE = {'id': 'u1', 'username': 'alice', 'email': None, 'phone': None, 'externalId': None}


def item(**kw):
    base = dict((name, None) for name in ROLE.item_spec())
    base.update(members_mode='exact', state='present')
    base.update(kw)
    return base


def service(*existing, **extra):
    store = dict(((r['namespace'], r['code']), dict(r)) for r in existing)
    members = dict((key, []) for key in store)

    def create(request):
        role = dict(request.variables, id='r-' + request.variables['code'], isSystem=False)
        store[(role['namespace'], role['code'])] = role
        members[(role['namespace'], role['code'])] = []
        return role

    def update(request):
        variables = request.variables
        role = store.pop((variables['namespace'], variables['code']))
        role.update(dict((k, v) for k, v in variables.items() if k != 'newCode'))
        role['code'] = variables.get('newCode') or role['code']
        store[(role['namespace'], role['code'])] = role
        return role
    routes = {
        'GET /applications': page([APP]),
        'role': lambda r: store.get((r.variables['namespace'], r.variables['code']))
        if 'roleWithUsers' not in r.document else {'users': page(members[(r.variables['namespace'], r.variables['code'])])},
        'roles': lambda r: page([x for x in store.values() if x['namespace'] == r.variables['namespace']]),
        'createRole': create, 'updateRole': update,
        'deleteRole': lambda r: store.pop((r.variables['namespace'], r.variables['code'])) and {'code': 200},
        'assignRole': {'code': 200}, 'revokeRole': {'code': 200},
        'userBatch': lambda r: [u for u in (ALICE,) if u.get(r.variables['type']) in r.variables['ids']],
    }
    routes.update(extra)
    return FakeApi(routes), store, members


def test_a_role_without_app_lives_in_the_default_namespace():
    api, store, _members = service()
    reconciler = Reconciler(ROLE, ctx=api.ctx)
    [record] = reconciler.run([item(code='viewer', description='Reads')])
    assert api.names() == ['role', 'createRole'], 'no application lookup for the default namespace'
    assert api.sent('role')[0].variables == {'code': 'viewer', 'namespace': 'default'}
    assert api.sent('createRole')[0].variables == {'code': 'viewer', 'description': 'Reads', 'namespace': 'default'}
    assert ('default', 'viewer') in store
    assert reconciler.item_result(record)[0]['role']['namespace'] == 'default'


def test_an_application_role_uses_the_application_id_as_namespace():
    api, store, _members = service({'namespace': APP['id'], 'code': 'clerk', 'description': None})
    [record] = Reconciler(ROLE, ctx=api.ctx).run([item(code='clerk', app='portal', description='Counts',
                                                       new_code='cashier')])
    assert record['plan'].changed_options() == ['description', 'new_code']
    assert api.sent('updateRole')[0].variables == {'code': 'clerk', 'namespace': APP['id'], 'description': 'Counts',
                                                   'newCode': 'cashier'}
    assert list(store) == [(APP['id'], 'cashier')]
    with pytest.raises(ReconcileError) as info:
        Reconciler(ROLE, ctx=api.ctx).run([item(code='x', app='nowhere')])
    assert info.value.messages == ["Failed to create role 'x': application 'nowhere' does not exist"]


def test_members_are_read_paged_and_assigned_in_the_role_namespace():
    api, _store, members = service({'namespace': APP['id'], 'code': 'clerk'})
    [record] = Reconciler(ROLE, ctx=api.ctx).run([item(code='clerk', app='portal', members=['alice'])])
    [read] = [r for r in api.sent('role') if 'roleWithUsers' in r.document]
    assert read.variables == {'code': 'clerk', 'namespace': APP['id'], 'page': 1, 'limit': 100}
    assert api.sent('assignRole')[0].variables == {'namespace': APP['id'], 'roleCodes': ['clerk'], 'userIds': ['u1']}
    members[(APP['id'], 'clerk')].append(ALICE)
    api.forget()
    [record] = Reconciler(ROLE, ctx=api.ctx).run([item(code='clerk', app='portal', members=[])])
    assert api.sent('revokeRole')[0].variables == {'namespace': APP['id'], 'roleCodes': ['clerk'], 'userIds': ['u1']}
    assert record['plan'].links['members'] == ([], [Ref('u1', 'alice')])


def test_delete_and_list():
    api, store, _members = service({'namespace': 'default', 'code': 'a'}, {'namespace': 'default', 'code': 'b'})
    Reconciler(ROLE, ctx=api.ctx).run([item(code='a', state='absent')])
    assert api.sent('deleteRole')[0].variables == {'code': 'a', 'namespace': 'default'}
    assert [r['code'] for r in ROLE.wire.list_all(api.ctx, {'namespace': 'default'})] == ['b']
    assert api.sent('roles')[0].variables == {'namespace': 'default', 'page': 1, 'limit': 100}


def test_label_export_and_view():
    assert ROLE.label({'code': 'viewer'}) == 'viewer' and ROLE.export_fields == ['code', 'description']
    view = ROLE.present({'id': 'r1', 'namespace': 'default', 'code': 'viewer', 'isSystem': True, 'arn': 'arn:x'})
    assert view['is_system'] is True and view['arn'] == 'arn:x' and view['id'] == 'r1'
    assert roles._itself({'namespace': 'ns', 'code': 'c'}) == [Ref(('ns', 'c'), 'c')]
