# -*- coding: utf-8 -*-
# Copyright (c) 2026, authing.cloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Roles (GraphQL), wire reference §2.8: keyed by ``code`` within a namespace.

The namespace is the scope: the pool's ``default`` namespace when ``app`` is omitted, else the
namespace of an application, whose code is the application id (``app`` takes the application's
identifier or id). Members are users, assigned with ``assignRole`` and taken away with
``revokeRole``.

This module also holds how *other* entities name roles (a user's ``roles``): a code in the
default namespace, or ``{code, namespace | app}``; and the list of namespaces a user's roles can
live in, which is ``default`` plus one per application.
"""

from ansible_collections.authing.cloud.plugins.module_utils.client import graphql
from ansible_collections.authing.cloud.plugins.module_utils.description import (
    Entity, Field, Ref, Relation, Scope, UnknownReferences, ids_of)
from ansible_collections.authing.cloud.plugins.module_utils.entities.applications import application_index, resolve_app
from ansible_collections.authing.cloud.plugins.module_utils.entities.users import USER_REF_FIELDS, remember_users, resolve_users

DEFAULT_NAMESPACE = 'default'
# Looking roles up one by one is cheaper than listing a namespace up to this many roles.
LOOKUP_LIMIT = 10

ROLE_FIELDS = 'id namespace code arn description isSystem createdAt updatedAt'

FIND = graphql('query role($code: String!, $namespace: String) '
               '{ role(code: $code, namespace: $namespace) { %s } }' % ROLE_FIELDS)
LIST = graphql('query roles($namespace: String, $page: Int, $limit: Int) '
               '{ roles(namespace: $namespace, page: $page, limit: $limit) { totalCount list { %s } } }' % ROLE_FIELDS)
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
ASSIGN = graphql('mutation assignRole($namespace: String, $roleCodes: [String], $userIds: [String!]) '
                 '{ assignRole(namespace: $namespace, roleCodes: $roleCodes, userIds: $userIds) { code message } }',
                 idempotent=True)
REVOKE = graphql('mutation revokeRole($namespace: String, $roleCodes: [String], $userIds: [String!]) '
                 '{ revokeRole(namespace: $namespace, roleCodes: $roleCodes, userIds: $userIds) { code message } }',
                 idempotent=True)


# -- namespaces: default, and one per application ------------------------------------------------

def resolve_namespace(ctx, ref):
    """The scope of a role: ``app`` omitted → the default namespace; else the application's."""
    if ref is None:
        return {'id': DEFAULT_NAMESPACE, 'namespace': DEFAULT_NAMESPACE}
    app = resolve_app(ctx, ref)
    return None if app is None else {'id': app['id'], 'namespace': app['id'], 'app': app['identifier']}


def _applications(ctx):
    """Every application of the pool, from the list the application entities share per run."""
    return sorted(dict((app['id'], app) for app in application_index(ctx).values()).values(), key=lambda a: a['id'])


def role_namespaces(ctx):
    """Every namespace a user's role can live in: ``default`` plus one per application."""
    return [DEFAULT_NAMESPACE] + [app['id'] for app in _applications(ctx)]


def role_label(ctx, namespace, code):
    """How a user's role is shown: its code, prefixed by the application identifier outside ``default``."""
    if namespace in (None, DEFAULT_NAMESPACE):
        return code
    app = application_index(ctx).get(namespace)
    return '%s/%s' % (app['identifier'] if app else namespace, code)


def role_ref(ctx, namespace, code):
    """The Ref of a role that exists (read from the server): also remembered as known."""
    namespace = namespace or DEFAULT_NAMESPACE
    with ctx.lock:
        ctx.cache.setdefault('role_codes', {})[(namespace, code)] = True
    return Ref((namespace, code), role_label(ctx, namespace, code))


# -- how users name roles ---------------------------------------------------------------------------

class RoleName(str):
    """A role as written in a user's ``roles``; the text is what error messages show."""

    def __new__(cls, code, namespace=None, app=None):
        if app is not None:
            text, namespace = '%s (application %s)' % (code, app), None
        elif namespace not in (None, DEFAULT_NAMESPACE):
            text = '%s (namespace %s)' % (code, namespace)
        else:
            text, namespace = code, DEFAULT_NAMESPACE
        name = str.__new__(cls, text)
        name.code, name.namespace, name.app = code, namespace, app
        return name


def expand_role_names(values):
    """A user's ``roles`` option → hashable RoleNames (elements were checked by ``role_problems``)."""
    names = []
    for value in values:
        if isinstance(value, dict):
            names.append(RoleName(value['code'], value.get('namespace'), value.get('app')))
        else:
            names.append(RoleName(value))
    return names


def role_problems(values):
    """What is wrong with the elements of a user's ``roles`` (input alone)."""
    problems = []
    for value in values or []:
        if isinstance(value, dict):
            unknown = sorted(set(value) - set(['code', 'namespace', 'app']))
            if not value.get('code') or unknown or (value.get('namespace') and value.get('app')):
                problems.append('a role is a code or a dict with code and at most one of namespace or app, got %r'
                                % (value,))
        elif not isinstance(value, str) or not value:
            problems.append('a role is a code or a dict with code and at most one of namespace or app, got %r'
                            % (value,))
    return problems


def resolve_role_names(ctx, names):
    """RoleName → Ref((namespace, code), label), checking that every role exists."""
    with ctx.lock:
        known = ctx.cache.setdefault('role_codes', {})
    wanted, unknown = {}, []
    for name in names:
        namespace = name.namespace
        if name.app is not None:
            app = resolve_app(ctx, name.app)
            if app is None:
                unknown.append(name)
                continue
            namespace = app['id']
        wanted.setdefault(namespace, {})[name.code] = name
    resolved = {}
    for namespace, by_code in wanted.items():
        todo = [code for code in sorted(by_code) if (namespace, code) not in known]
        if len(todo) > LOOKUP_LIMIT:
            for role in ctx.client.paginate(LIST, {'namespace': namespace}):
                known[(namespace, role['code'])] = True
        else:
            for code in todo:
                if ctx.client.call(FIND, {'code': code, 'namespace': namespace}) is not None:
                    known[(namespace, code)] = True
        for code, name in by_code.items():
            if (namespace, code) in known:
                resolved[name] = role_ref(ctx, namespace, code)
            else:
                unknown.append(name)
    if unknown:
        raise UnknownReferences('role', unknown)
    return resolved


def assign_roles(ctx, user_ids, refs):
    for namespace, codes in _by_namespace(refs):
        ctx.client.call(ASSIGN, {'namespace': namespace, 'roleCodes': codes, 'userIds': user_ids})


def revoke_roles(ctx, user_ids, refs):
    for namespace, codes in _by_namespace(refs):
        ctx.client.call(REVOKE, {'namespace': namespace, 'roleCodes': codes, 'userIds': user_ids})


def _by_namespace(refs):
    grouped = {}
    for ref in refs:
        grouped.setdefault(ref.id[0], []).append(ref.id[1])
    return sorted((namespace, sorted(codes)) for namespace, codes in grouped.items())


# -- the role entity ---------------------------------------------------------------------------

def read_members(ctx, role):
    pages = ctx.client.paginate(MEMBERS, {'code': role['code'], 'namespace': role['namespace']},
                                extract=lambda result: (result or {}).get('users'))
    return remember_users(ctx, pages)


def _members_call(op):
    def call(ctx, role, refs):
        ctx.client.call(op, {'namespace': role['namespace'], 'roleCodes': [role['code']], 'userIds': ids_of(refs)})
    return call


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
    scope=Scope('app', resolve_namespace, kind='application', required=False),
    relations=[Relation('members', resolve=resolve_users, read=read_members, add=_members_call(ASSIGN),
                        remove=_members_call(REVOKE))],
    find=lambda ctx, code, scope: ctx.client.call(FIND, {'code': code, 'namespace': scope['namespace']}),
    list_all=lambda ctx, scope: ctx.client.paginate(LIST, {'namespace': scope['namespace']}),
    create=lambda ctx, payload, scope, recheck: ctx.client.call(CREATE, dict(payload, namespace=scope['namespace']),
                                                                recheck=recheck),
    update=lambda ctx, role, payload, scope, recheck: ctx.client.call(
        UPDATE, dict(payload, code=role['code'], namespace=scope['namespace']), recheck=recheck),
    delete=lambda ctx, role, scope, recheck: ctx.client.call(
        DELETE, {'code': role['code'], 'namespace': scope['namespace']}, recheck=recheck),
)
