# -*- coding: utf-8 -*-
# Copyright (c) 2026, authing.cloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Groups (GraphQL): keyed by ``code``, renamed with ``newCode``, members are users."""

from ansible_collections.authing.cloud.plugins.module_utils.client import graphql
from ansible_collections.authing.cloud.plugins.module_utils.description import Entity, Field, Relation, ids_of
from ansible_collections.authing.cloud.plugins.module_utils.entities.users import USER_REF_FIELDS, remember_users, resolve_users

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
ADD_MEMBERS = graphql('mutation addUserToGroup($userIds: [String!]!, $code: String) '
                      '{ addUserToGroup(userIds: $userIds, code: $code) { code message } }', idempotent=True)
REMOVE_MEMBERS = graphql('mutation removeUserFromGroup($userIds: [String!]!, $code: String) '
                         '{ removeUserFromGroup(userIds: $userIds, code: $code) { code message } }', idempotent=True)


def read_members(ctx, group):
    first = group.get('users')
    if first is not None and first['totalCount'] <= len(first['list']):
        users = first['list']
    else:
        users = ctx.client.paginate(MEMBERS, {'code': group['code']}, extract=lambda result: (result or {}).get('users'))
    return remember_users(ctx, users)


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
    relations=[Relation(
        'members',
        resolve=resolve_users,
        read=read_members,
        add=lambda ctx, group, refs: ctx.client.call(ADD_MEMBERS, {'userIds': ids_of(refs), 'code': group['code']}),
        remove=lambda ctx, group, refs: ctx.client.call(REMOVE_MEMBERS, {'userIds': ids_of(refs), 'code': group['code']}),
    )],
    find=lambda ctx, code, scope: ctx.client.call(FIND, {'code': code}),
    list_all=lambda ctx, scope: ctx.client.paginate(LIST),
    create=lambda ctx, payload, scope, recheck: ctx.client.call(CREATE, payload, recheck=recheck),
    update=lambda ctx, group, payload, scope, recheck: ctx.client.call(UPDATE, dict(payload, code=group['code']),
                                                                       recheck=recheck),
    delete=lambda ctx, group, scope, recheck: ctx.client.call(DELETE, {'codeList': [group['code']]}, recheck=recheck),
)
