# -*- coding: utf-8 -*-
# Copyright (c) 2026, authing.cloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Link writes that two entities share: a group's members are a user's groups, a role's
members a user's roles. Written once here, used by both sides (wire reference §2.7, §2.8)."""

from ansible_collections.authing.cloud.plugins.module_utils.client import graphql
from ansible_collections.authing.cloud.plugins.module_utils.description import chunks
from ansible_collections.authing.cloud.plugins.module_utils.references import by_namespace

ADD_TO_GROUP = graphql('mutation addUserToGroup($userIds: [String!]!, $code: String) '
                       '{ addUserToGroup(userIds: $userIds, code: $code) { code message } }', idempotent=True)
REMOVE_FROM_GROUP = graphql('mutation removeUserFromGroup($userIds: [String!]!, $code: String) '
                            '{ removeUserFromGroup(userIds: $userIds, code: $code) { code message } }', idempotent=True)
ASSIGN_ROLES = graphql('mutation assignRole($namespace: String, $roleCodes: [String], $userIds: [String!]) '
                       '{ assignRole(namespace: $namespace, roleCodes: $roleCodes, userIds: $userIds) { code message } }',
                       idempotent=True)
REVOKE_ROLES = graphql('mutation revokeRole($namespace: String, $roleCodes: [String], $userIds: [String!]) '
                       '{ revokeRole(namespace: $namespace, roleCodes: $roleCodes, userIds: $userIds) { code message } }',
                       idempotent=True)


def add_to_group(ctx, code, user_ids):
    for chunk in chunks(user_ids):
        ctx.client.call(ADD_TO_GROUP, {'userIds': chunk, 'code': code})


def remove_from_group(ctx, code, user_ids):
    for chunk in chunks(user_ids):
        ctx.client.call(REMOVE_FROM_GROUP, {'userIds': chunk, 'code': code})


def assign_roles(ctx, user_ids, role_refs):
    """One call per namespace: the API assigns several roles of one namespace to several users."""
    for namespace, codes in by_namespace(role_refs):
        for chunk in chunks(user_ids):
            ctx.client.call(ASSIGN_ROLES, {'namespace': namespace, 'roleCodes': codes, 'userIds': chunk})


def revoke_roles(ctx, user_ids, role_refs):
    for namespace, codes in by_namespace(role_refs):
        for chunk in chunks(user_ids):
            ctx.client.call(REVOKE_ROLES, {'namespace': namespace, 'roleCodes': codes, 'userIds': chunk})
