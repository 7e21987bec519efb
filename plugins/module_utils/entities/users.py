# -*- coding: utf-8 -*-
# Copyright (c) 2026, authing.cloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Users as other entities see them: resolving the names people write to the ids the API wants.

Groups, roles and access policies all link to users; they share this resolver, which looks
users up in batches (``userBatch``, at most 80 per call) and caches them for the whole run.
"""

import re

from ansible_collections.authing.cloud.plugins.module_utils.client import graphql
from ansible_collections.authing.cloud.plugins.module_utils.description import Ref, UnknownReferences

USER_BATCH_LIMIT = 80
USER_REF_FIELDS = 'id username email phone externalId'
OBJECT_ID = re.compile(r'^[0-9a-f]{24}$')
PHONE = re.compile(r'^\+?[0-9]{5,20}$')

USER_BATCH = graphql(
    'query userBatch($ids: [String!]!, $type: String) { userBatch(ids: $ids, type: $type) { %s } }' % USER_REF_FIELDS)

# How a reference may be spelled, tried in this order: (userBatch type, user attribute, who qualifies).
_SPELLINGS = (
    ('id', 'id', OBJECT_ID.match),
    ('username', 'username', lambda ref: True),
    ('email', 'email', lambda ref: '@' in ref),
    ('phone', 'phone', PHONE.match),
)


def user_label(user):
    """How a user is shown in results and diffs: the most human identifier it has."""
    return user.get('username') or user.get('email') or user.get('phone') or user['id']


def user_ref(user):
    return Ref(user['id'], user_label(user))


def remember_users(ctx, users):
    """Cache users already read (a group's members) under every spelling that names them."""
    refs = []
    with ctx.lock:
        cache = ctx.cache.setdefault('users', {})
        for user in users:
            ref = user_ref(user)
            for attribute in ('id', 'username', 'email', 'phone'):
                if user.get(attribute):
                    cache.setdefault(user[attribute], ref)
            refs.append(ref)
    return refs


def resolve_users(ctx, refs):
    """Map each reference (id, username, email or phone) to a Ref, in as few calls as possible."""
    with ctx.lock:
        cache = ctx.cache.setdefault('users', {})
        todo = [ref for ref in refs if ref not in cache]
    for batch_type, attribute, qualifies in _SPELLINGS:
        wanted = dict((_lookup_form(batch_type, ref), ref) for ref in todo if qualifies(ref))
        names = sorted(wanted)
        for start in range(0, len(names), USER_BATCH_LIMIT):
            chunk = names[start:start + USER_BATCH_LIMIT]
            for user in ctx.client.call(USER_BATCH, {'ids': chunk, 'type': batch_type}) or []:
                ref = wanted.get(_lookup_form(batch_type, user.get(attribute) or ''))
                if ref is not None:
                    cache[ref] = user_ref(user)
        todo = [ref for ref in todo if ref not in cache]
        if not todo:
            break
    if todo:
        raise UnknownReferences('user', todo)
    return dict((ref, cache[ref]) for ref in refs)


def _lookup_form(batch_type, ref):
    return ref.lower() if batch_type == 'email' else ref
