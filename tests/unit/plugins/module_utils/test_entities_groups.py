"""The group description (GraphQL): documents and variables of each wire call, members read with
the group (paged only for big groups) and written through memberships, renames, through a fake
transport."""

import pytest

from ansible_collections.authing.cloud.plugins.module_utils.engine import ReconcileError, Reconciler
from ansible_collections.authing.cloud.plugins.module_utils.entities import groups
from ansible_collections.authing.cloud.plugins.module_utils.entities.groups import GROUP

from .fake_api import FakeApi, page

ALICE = {'id': 'u1', 'username': 'alice', 'email': None, 'phone': None, 'externalId': None}
BOB = {'id': 'u2', 'username': 'bob', 'email': None, 'phone': None, 'externalId': None}


def item(**kw):
    base = dict((name, None) for name in GROUP.item_spec())
    base.update(members_mode='exact', state='present')
    base.update(kw)
    return base


def service(**existing):
    store = dict((code, dict(group, code=code)) for code, group in existing.items())
    members = dict((code, list(group.get('users', {}).get('list', []))) for code, group in existing.items())

    def find(request):
        group = store.get(request.variables['code'])
        return dict(group, users=page(members[group['code']])) if group else None

    def create(request):
        store[request.variables['code']] = dict(request.variables)
        members[request.variables['code']] = []
        return dict(request.variables)

    def update(request):
        variables = dict(request.variables)
        group = store.pop(variables.pop('code'))
        group.update(variables)
        if variables.get('newCode'):
            group['code'] = variables['newCode']
            members[group['code']] = members.pop(request.variables['code'])
        store[group['code']] = group
        return group

    def add(request):
        members[request.variables['code']].extend(u for u in (ALICE, BOB) if u['id'] in request.variables['userIds'])
        return {'code': 200}

    def remove(request):
        members[request.variables['code']] = [u for u in members[request.variables['code']]
                                              if u['id'] not in request.variables['userIds']]
        return {'code': 200}
    return FakeApi({
        'group': find, 'groups': lambda r: page([dict(g, users=page(members[g['code']])) for g in store.values()]),
        'createGroup': create, 'updateGroup': update,
        'deleteGroups': lambda r: [store.pop(code) and {'code': 200} for code in r.variables['codeList']],
        'addUserToGroup': add, 'removeUserFromGroup': remove,
        'userBatch': lambda r: [u for u in (ALICE, BOB) if u.get(r.variables['type']) in r.variables['ids']],
    }), store, members


def test_documents_select_the_first_page_of_members():
    assert 'users(page: 1, limit: 200) { totalCount list { id username email phone externalId } }' in groups.FIND.document
    assert groups.FIND.root == 'group' and groups.LIST.root == 'groups' and groups.CREATE.kind == 'write'
    assert 'newCode: $newCode' in groups.UPDATE.document and groups.DELETE.root == 'deleteGroups'


def test_create_with_members_then_rerun_is_unchanged():
    api, store, members = service()
    reconciler = Reconciler(GROUP, ctx=api.ctx)
    [record] = reconciler.run([item(code='eng', name='Engineering', members=['alice', 'bob'])])
    assert api.names() == ['group', 'userBatch', 'createGroup', 'addUserToGroup']
    assert api.sent('createGroup')[0].variables == {'code': 'eng', 'name': 'Engineering'}
    assert api.sent('addUserToGroup')[0].variables == {'userIds': ['u1', 'u2'], 'code': 'eng'}
    assert reconciler.item_result(record)[0]['group']['members'] == ['alice', 'bob']
    api.forget()
    [record] = Reconciler(GROUP, ctx=api.ctx).run([item(code='eng', name='Engineering', members=['alice', 'bob'])])
    assert not record['plan'].changed
    assert api.names() == ['group'], 'members come with the group; a read member needs no lookup'


def test_update_rename_and_member_removal():
    api, store, members = service(eng={'name': 'Eng', 'description': None, 'users': page([ALICE, BOB])})
    [record] = Reconciler(GROUP, ctx=api.ctx).run([item(code='eng', name='Engineering', new_code='dev',
                                                        members=['alice'])])
    assert record['plan'].changed_options() == ['members', 'name', 'new_code']
    assert api.sent('updateGroup')[0].variables == {'code': 'eng', 'name': 'Engineering', 'newCode': 'dev'}
    assert api.sent('removeUserFromGroup')[0].variables == {'userIds': ['u2'], 'code': 'dev'}
    assert list(store) == ['dev'] and [u['id'] for u in members['dev']] == ['u1']


def test_delete_sends_the_code_list():
    api, store, _members = service(eng={'name': 'Eng'})
    Reconciler(GROUP, ctx=api.ctx).run([item(code='eng', state='absent')])
    assert api.sent('deleteGroups')[0].variables == {'codeList': ['eng']} and store == {}


def test_a_big_group_pages_its_members():
    api = FakeApi({'group': lambda r: {'users': page([ALICE] if r.variables['page'] == 1 else [BOB], total=2)}})
    api.client.page_size = 1
    refs = groups.read_members(api.ctx, {'code': 'eng', 'users': page([ALICE], total=2)})
    assert [r.label for r in refs] == ['alice', 'bob']
    assert all('groupWithUsers' in r.document for r in api.requests())
    assert [r.variables for r in api.requests()] == [{'code': 'eng', 'page': 1, 'limit': 1},
                                                     {'code': 'eng', 'page': 2, 'limit': 1}]


def test_unknown_members_and_a_missing_name_fail_before_any_write():
    api, _store, _members = service()
    with pytest.raises(ReconcileError) as info:
        Reconciler(GROUP, ctx=api.ctx).run([item(code='a', name='A', members=['ghost']), item(code='b')])
    assert info.value.messages == ["Failed to create group 'a': unknown user: ghost",
                                   "Failed to create group 'b': name is required to create a group"]
    with pytest.raises(ReconcileError) as info:
        Reconciler(GROUP, ctx=api.ctx).run([item(code='b')])
    assert info.value.messages == ["Failed to create group 'b': name is required to create a group"]
    assert not [n for n in api.names() if n in ('createGroup', 'addUserToGroup')]


def test_bulk_reads_list_all_groups_once():
    api, _store, _members = service(**dict(('g%02d' % i, {'name': 'G'}) for i in range(12)))
    Reconciler(GROUP, ctx=api.ctx).run([item(code='g%02d' % i, name='G') for i in range(12)])
    assert api.names() == ['groups']


def test_label_export_and_view():
    assert GROUP.label({'code': 'eng'}) == 'eng' and GROUP.export_fields == ['code', 'name', 'description']
    assert GROUP.present({'code': 'eng', 'name': 'E', 'createdAt': 't'}) == {
        'code': 'eng', 'name': 'E', 'description': None, 'created_at': 't', 'updated_at': None}
