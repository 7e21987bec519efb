"""Membership writes shared by both sides (a group's members are a user's groups, a role's members
a user's roles): one call per group or per namespace, through a fake transport."""

from ansible_collections.authing.cloud.plugins.module_utils.description import Ref
from ansible_collections.authing.cloud.plugins.module_utils.entities import memberships

from .fake_api import FakeApi


def test_roles_are_assigned_per_namespace():
    api = FakeApi({'assignRole': {'code': 200}})
    refs = [Ref(('default', 'b'), 'b'), Ref(('app1', 'c'), 'x/c'), Ref(('default', 'a'), 'a')]
    memberships.assign_roles(api.ctx, ['u1'], refs)
    assert [r.variables for r in api.requests()] == [
        {'namespace': 'app1', 'roleCodes': ['c'], 'userIds': ['u1']},
        {'namespace': 'default', 'roleCodes': ['a', 'b'], 'userIds': ['u1']}]


def test_roles_are_revoked_per_namespace_for_several_users():
    api = FakeApi({'revokeRole': {'code': 200}})
    memberships.revoke_roles(api.ctx, ('u1', 'u2'), [Ref(('default', 'a'), 'a')])
    [revoke] = api.requests()
    assert revoke.variables == {'namespace': 'default', 'roleCodes': ['a'], 'userIds': ['u1', 'u2']}
    assert 'revokeRole(namespace: $namespace, roleCodes: $roleCodes, userIds: $userIds)' in revoke.document


def test_group_membership_calls():
    api = FakeApi({'addUserToGroup': {'code': 200}, 'removeUserFromGroup': {'code': 200}})
    memberships.add_to_group(api.ctx, 'eng', iter(['u1', 'u2']))
    memberships.remove_from_group(api.ctx, 'eng', ['u3'])
    assert [(r.name, r.variables) for r in api.requests()] == [
        ('addUserToGroup', {'userIds': ['u1', 'u2'], 'code': 'eng'}),
        ('removeUserFromGroup', {'userIds': ['u3'], 'code': 'eng'})]


def test_membership_writes_are_idempotent_and_nothing_is_sent_without_refs():
    for op in (memberships.ADD_TO_GROUP, memberships.REMOVE_FROM_GROUP, memberships.ASSIGN_ROLES, memberships.REVOKE_ROLES):
        assert op.kind == 'write' and op.idempotent is True
    api = FakeApi()
    memberships.assign_roles(api.ctx, ['u1'], [])
    assert api.names() == []
