# -*- coding: utf-8 -*-
# Copyright (c) 2026, authing.cloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Roles (GraphQL), wire reference §2.8: keyed by ``code`` within a namespace.

The namespace is the scope: the pool's ``default`` namespace when ``app`` is omitted, else the
namespace of an application, whose code is the application id (``app`` takes the application's
identifier or id). Members are users, assigned with ``assignRole`` and taken away with
``revokeRole``. How *other* entities name roles (a user's ``roles``, an access rule's ROLE
targets) is the references layer's business.
"""

from ansible_collections.authing.cloud.plugins.module_utils.client import graphql
from ansible_collections.authing.cloud.plugins.module_utils.description import (
    Entity, Field, Link, Ref, Relation, Scope, Wire, ids_of)
from ansible_collections.authing.cloud.plugins.module_utils.entities.memberships import assign_roles, revoke_roles
from ansible_collections.authing.cloud.plugins.module_utils.references import (
    ROLE as FIND, ROLE_FIELDS, ROLES as LIST, USER_REF_FIELDS)

CREATE = graphql('mutation createRole($namespace: String, $code: String!, $description: String) '
                 '{ createRole(namespace: $namespace, code: $code, description: $description) { %s } }' % ROLE_FIELDS)
UPDATE = graphql('mutation updateRole($code: String!, $description: String, $newCode: String, $namespace: String) '
                 '{ updateRole(code: $code, description: $description, newCode: $newCode, namespace: $namespace) '
                 '{ %s } }' % ROLE_FIELDS)
DELETE = graphql('mutation deleteRole($code: String!, $namespace: String) '
                 '{ deleteRole(code: $code, namespace: $namespace) { code message } }')
MEMBERS = graphql('query roleWithUsers($code: String!, $namespace: String, $page: Int, $limit: Int) '
                  '{ role(code: $code, namespace: $namespace) { users(page: $page, limit: $limit) '
                  '{ totalCount list { %s } } } }' % USER_REF_FIELDS)


def read_members(ctx, role):
    pages = ctx.client.paginate(MEMBERS, {'code': role['code'], 'namespace': role['namespace']},
                                extract=lambda result: (result or {}).get('users'))
    return ctx.refs.remember_users(pages)


def _itself(role):
    """The role as a user's ``roles`` link names it (namespace, code)."""
    return [Ref((role['namespace'], role['code']), role['code'])]


WIRE = Wire(
    find=lambda ctx, code, scope: ctx.client.call(FIND, {'code': code, 'namespace': scope['namespace']}),
    list_all=lambda ctx, scope: ctx.client.paginate(LIST, {'namespace': scope['namespace']}),
    create=lambda ctx, payload, scope, recheck: ctx.client.call(CREATE, dict(payload, namespace=scope['namespace']),
                                                                recheck=recheck),
    update=lambda ctx, role, payload, scope, recheck: ctx.client.call(
        UPDATE, dict(payload, code=role['code'], namespace=scope['namespace']), recheck=recheck),
    delete=lambda ctx, role, scope, recheck: ctx.client.call(
        DELETE, {'code': role['code'], 'namespace': scope['namespace']}, recheck=recheck),
    links={'members': Link(
        read=read_members,
        add=lambda ctx, role, refs: assign_roles(ctx, ids_of(refs), _itself(role)),
        remove=lambda ctx, role, refs: revoke_roles(ctx, ids_of(refs), _itself(role)),
    )},
)

ROLE = Entity(
    name='role',
    plural='roles',
    key='code',
    fields=[
        Field('code'),
        Field('description', compare='text'),
    ],
    read_only=[Field('id'), Field('namespace'), Field('arn'), Field('is_system', api='isSystem'),
               Field('created_at', api='createdAt'), Field('updated_at', api='updatedAt')],
    rename=Field('new_code', api='newCode'),
    scope=Scope('app', lambda ctx, ref: ctx.refs.resolve_namespace(ref), kind='application', required=False),
    relations=[Relation('members', resolve=lambda ctx, names: ctx.refs.resolve_users(names))],
    declare=lambda ctx, view, scope: ctx.refs.declare_role(scope['namespace'], view['code']),
    wire=WIRE,
)
