# -*- coding: utf-8 -*-
# Copyright (c) 2026, authing.cloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Groups (GraphQL): keyed by ``code``, renamed with ``newCode``, members are users."""

from ansible_collections.authing.cloud.plugins.module_utils.client import graphql
from ansible_collections.authing.cloud.plugins.module_utils.description import Entity, Field, Link, Relation, Wire, ids_of
from ansible_collections.authing.cloud.plugins.module_utils.entities.memberships import add_to_group, remove_from_group
from ansible_collections.authing.cloud.plugins.module_utils.references import USER_REF_FIELDS

GROUP_FIELDS = 'code name description createdAt updatedAt'
# Reads fetch the first page of members in the same query: most groups fit in it, so managing
# members costs no extra request per group (read_members pages only when a group is larger).
MEMBERS_PAGE = 200
WITH_MEMBERS = '%s users(page: 1, limit: %d) { totalCount list { %s } }' % (GROUP_FIELDS, MEMBERS_PAGE, USER_REF_FIELDS)

FIND = graphql('query group($code: String!) { group(code: $code) { %s } }' % WITH_MEMBERS)
LIST = graphql('query groups($page: Int, $limit: Int) { groups(page: $page, limit: $limit) '
               '{ totalCount list { %s } } }' % WITH_MEMBERS)
CREATE = graphql('mutation createGroup($code: String!, $name: String!, $description: String) '
                 '{ createGroup(code: $code, name: $name, description: $description) { %s } }' % GROUP_FIELDS)
UPDATE = graphql('mutation updateGroup($code: String!, $name: String, $description: String, $newCode: String) '
                 '{ updateGroup(code: $code, name: $name, description: $description, newCode: $newCode) { %s } }'
                 % GROUP_FIELDS)
DELETE = graphql('mutation deleteGroups($codeList: [String!]!) { deleteGroups(codeList: $codeList) { code message } }')
MEMBERS = graphql('query groupWithUsers($code: String!, $page: Int, $limit: Int) { group(code: $code) '
                  '{ users(page: $page, limit: $limit) { totalCount list { %s } } } }' % USER_REF_FIELDS)


def read_members(ctx, group):
    first = group.get('users')
    if first is not None and first['totalCount'] <= len(first['list']):
        users = first['list']
    else:
        users = ctx.client.paginate(MEMBERS, {'code': group['code']}, extract=lambda result: (result or {}).get('users'))
    return ctx.refs.remember_users(users)


WIRE = Wire(
    find=lambda ctx, code, scope: ctx.client.call(FIND, {'code': code}),
    list_all=lambda ctx, scope: ctx.client.paginate(LIST),
    create=lambda ctx, payload, scope, recheck: ctx.client.call(CREATE, payload, recheck=recheck),
    update=lambda ctx, group, payload, scope, recheck: ctx.client.call(UPDATE, dict(payload, code=group['code']),
                                                                       recheck=recheck),
    delete=lambda ctx, group, scope, recheck: ctx.client.call(DELETE, {'codeList': [group['code']]}, recheck=recheck),
    links={'members': Link(
        read=read_members,
        add=lambda ctx, group, refs: add_to_group(ctx, group['code'], ids_of(refs)),
        remove=lambda ctx, group, refs: remove_from_group(ctx, group['code'], ids_of(refs)),
    )},
)

GROUP = Entity(
    name='group',
    plural='groups',
    key='code',
    fields=[
        Field('code'),
        Field('name', required_on_create=True),
        Field('description', compare='text'),
    ],
    read_only=[Field('created_at', api='createdAt'), Field('updated_at', api='updatedAt')],
    rename=Field('new_code', api='newCode'),
    relations=[Relation('members', resolve=lambda ctx, names: ctx.refs.resolve_users(names))],
    declare=lambda ctx, view, scope: ctx.refs.declare_groups([view['code']]),
    wire=WIRE,
)
