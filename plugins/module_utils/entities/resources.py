# -*- coding: utf-8 -*-
# Copyright (c) 2026, authing.cloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Application resources (REST): keyed by ``code`` within the application's namespace (its id),
or within the pool's ``default`` namespace (``app: default``).

The server replaces ``actions`` wholesale on update, so ``actions`` is a list field with
``actions_mode`` (append/remove are computed here and the whole list is sent). An action's
missing or empty description is "no description" on both sides. A resource of type API needs an
``api_identifier``: checked after the read (an existing API resource already has one), before
any write.

``permissions`` (wire reference-orgs-acl-policies §2) are the grants of the resource's actions to
users, roles, groups and organisation nodes, a Relation:

- ``expand`` flattens each element into one :class:`PermissionTarget` per target; ``normalize``
  first gives each element the resource's ``app``, because a ROLE target is a role *of the
  resource's namespace* (the service looks the role code up in the grant's namespace);
- ``resolve`` maps targets through the references layer (users by any identifier → id; group and
  role codes checked to exist; organisation nodes by code, ``org/code`` or id → id) and names
  every unknown target before any write;
- a link is ``(target type, API identifier)`` with the sorted actions as its ``attrs``: the
  service keeps one grant per (namespace, resource, target) and authorizing a target again
  replaces its actions, so a changed action list re-sends ``authorizeResource``;
- ``read`` is one ``authorizedTargets`` query per resource; ``remove`` one ``revoke-resource``
  call without actions (the whole grant; the service also revokes that target's grants on the
  resource's instances, ``orders:1``);
- ``check`` refuses actions the resource does not have (after this task's own action changes):
  the service would accept any action name.
"""

import collections
from urllib.parse import quote

from ansible_collections.authing.cloud.plugins.module_utils.client import graphql, rest
from ansible_collections.authing.cloud.plugins.module_utils.description import (
    Entity, Field, Link, Ref, Relation, Scope, UnknownReferences, Wire)
from ansible_collections.authing.cloud.plugins.module_utils.references import (
    USER_BATCH, USER_BATCH_LIMIT, RoleName)

RESOURCE_TYPES = ['DATA', 'API', 'MENU', 'UI', 'BUTTON']
# Codes the service keeps for itself (its console refuses them).
RESERVED_CODES = ('userpool', 'user', 'application', 'role', 'group', 'org', '*', 'api', 'resource-namespace',
                  'custom-resource')
ACTION_KEYS = ('name', 'description')

DETAIL = rest('resources.detail', 'GET', '/api/v2/resources/detail')
LIST = rest('resources.list', 'GET', '/api/v2/resources')
CREATE = rest('resources.create', 'POST', '/api/v2/resources')
UPDATE = rest('resources.update', 'POST', '/api/v2/resources/{code}', idempotent=True)
DELETE = rest('resources.delete', 'DELETE', '/api/v2/resources/{code}')

# ``app: default`` names the pool's default namespace (an application named ``default`` by its
# identifier is named by its id instead).
DEFAULT_NAMESPACE = 'default'
DEFAULT_SCOPE = {'id': DEFAULT_NAMESPACE, 'identifier': DEFAULT_NAMESPACE}
TARGET_TYPES = ['USER', 'ROLE', 'GROUP', 'ORG']
PERMISSION_OPTIONS = {
    'target_type': {'type': 'str', 'required': True, 'choices': TARGET_TYPES},
    'targets': {'type': 'list', 'elements': 'str', 'required': True},
    'actions': {'type': 'list', 'elements': 'str'},
}
# The documents of the official SDK (authing==4.5.18); ``resourceType`` is never sent on a grant, so
# a grant follows the resource's type.
AUTHORIZE = graphql('mutation authorizeResource($namespace: String, $resource: String, $resourceType: ResourceType, '
                    '$opts: [AuthorizeResourceOpt]) { authorizeResource(namespace: $namespace, resource: $resource, '
                    'resourceType: $resourceType, opts: $opts) { code message } }', idempotent=True)
REVOKE = rest('acl.revoke-resource', 'POST', '/api/v2/acl/revoke-resource', idempotent=True)
AUTHORIZED_TARGETS = graphql(
    'query authorizedTargets($namespace: String!, $resourceType: ResourceType!, $resource: String!, '
    '$targetType: PolicyAssignmentTargetType, $actions: AuthorizedTargetsActionsInput) { authorizedTargets('
    'namespace: $namespace, resource: $resource, resourceType: $resourceType, targetType: $targetType, '
    'actions: $actions) { totalCount list { targetType targetIdentifier actions } } }')


def canonical_actions(actions):
    """``[{name, description}]`` with a missing or empty description as None; a bare name is an
    action without description. Elements of another shape stay as they are, for ``validate``."""
    if actions is None:
        return None
    return [_canonical_action(action) for action in actions]


def _canonical_action(action):
    if isinstance(action, str):
        return {'name': action, 'description': None}
    if isinstance(action, dict) and set(action) <= set(ACTION_KEYS) and isinstance(action.get('name'), str):
        return {'name': action['name'], 'description': action.get('description') or None}
    return action


def actions_to_api(actions):
    return [{'name': action['name'], 'description': action.get('description') or ''} for action in actions]


def resolve_scope(ctx, ref):
    return DEFAULT_SCOPE if ref == DEFAULT_NAMESPACE else ctx.refs.resolve_app(ref)


def normalize(ctx, item):
    """Compare actions in one spelling; each permission learns the resource's ``app`` (``_app``)."""
    permissions = item.get('permissions')
    if permissions is not None:
        permissions = [dict(p, _app=item.get('app')) if isinstance(p, dict) else p for p in permissions]
    return dict(item, actions=canonical_actions(item.get('actions')), permissions=permissions)


def validate(item):
    if item.get('code') in RESERVED_CODES:
        yield 'code %r is reserved by Authing (reserved: %s)' % (item['code'], ', '.join(RESERVED_CODES))
    for index, action in enumerate(item.get('actions') or []):
        if _canonical_action(action) is action:
            yield 'actions[%d]: an action is a name or a dict with name and description, got %r' % (index, action)
    names = [action['name'] for action in item.get('actions') or [] if isinstance(action, dict) and 'name' in action]
    duplicates = sorted(set(name for name in names if names.count(name) > 1))
    if duplicates:
        yield 'actions listed more than once: %s' % ', '.join(duplicates)
    seen = set()
    for index, permission in enumerate(item.get('permissions') or []):
        for target in permission['targets']:
            if (permission['target_type'], target) in seen:
                yield 'permissions[%d]: %s %s is in more than one permission' % (index, permission['target_type'], target)
            seen.add((permission['target_type'], target))


def check(ctx, records):
    """``check`` behaviour: an API resource needs its api_identifier; granted actions must exist."""
    yield from check_api_identifier(ctx, records)
    yield from check_permission_actions(records)


def final_actions(item, current):
    """The names of the resource's actions once this item is applied."""
    field = RESOURCE.field('actions')
    have = (current or {}).get('actions')
    actions = field.effective(have, item['actions'], item.get('actions_mode')) if item.get('actions') is not None else have
    return [action['name'] for action in actions or []]


def check_permission_actions(records):
    for record in records:
        item = record['item']
        if item['state'] == 'absent' or not item.get('permissions') or item.get('permissions_mode') == 'remove':
            continue
        names = final_actions(item, record['current'])
        for index, permission in enumerate(item['permissions']):
            unknown = [action for action in permission.get('actions') or [] if action not in names]
            if unknown:
                yield record, '%s %s not an action of the resource (its actions: %s)' % (
                    ', '.join(unknown), 'is' if len(unknown) == 1 else 'are',
                    ', '.join(names) or 'none'), 'permissions[%d]' % index


def check_api_identifier(ctx, records):
    """The resource would end up of type API without an api_identifier."""
    for record in records:
        item, current = record['item'], record['current'] or {}
        if item['state'] == 'absent':
            continue
        api_identifier = item['api_identifier'] if item.get('api_identifier') is not None else current.get('api_identifier')
        if (item.get('type') or current.get('type')) == 'API' and not api_identifier:
            yield record, 'api_identifier is required for a resource of type API'


def info_list(ctx, params, app):
    """``info_list`` behaviour: the application's resources, of one type when ``type`` is given."""
    query = {'namespace': app['id'], 'type': params.get('type')}
    return ctx.client.paginate(LIST, query=dict((k, v) for k, v in query.items() if v))


# -- permissions ------------------------------------------------------------------------------------

class PermissionTarget(collections.namedtuple('PermissionTarget', 'target_type target actions app')):
    """One target of one permission, as written (hashable, sortable). ``app`` is the resource's
    application (its roles are the ROLE targets); '' for the other target types."""

    def __str__(self):
        return '%s %s' % (self.target_type, self.target)


def expand_permissions(permissions):
    return [PermissionTarget(p['target_type'], target, tuple(sorted(set(p.get('actions') or []))),
                             (p.get('_app') or DEFAULT_NAMESPACE) if p['target_type'] == 'ROLE' else '')
            for p in permissions for target in p['targets']]


def _resolvable(resolve, names, failures):
    """What ``resolve`` finds among names; the unknown ones are reported with the other targets."""
    if not names:
        return {}  # nothing to look up (no organisation read without ORG targets)
    try:
        return resolve(names)
    except UnknownReferences as exc:
        failures.append(exc.kind)
        unknown = set(exc.refs)
        return resolve([name for name in names if name not in unknown]) if len(unknown) < len(names) else {}


def _key(ref):
    """What identifies a target as written: a role code only means something in its namespace."""
    return (ref.target_type, ref.target) + ((ref.app,) if ref.target_type == 'ROLE' else ())


def _role_name(ref):
    return RoleName(ref.target) if ref.app == DEFAULT_NAMESPACE else RoleName(ref.target, app=ref.app)


def resolve_permissions(ctx, refs):
    """PermissionTarget → Ref(id=(target type, API identifier), label, attrs=actions)."""
    failures = []
    of_type = dict((kind, sorted(set(ref.target for ref in refs if ref.target_type == kind))) for kind in TARGET_TYPES)
    users = _resolvable(ctx.refs.resolve_users, of_type['USER'], failures)
    groups = _resolvable(ctx.refs.resolve_groups, of_type['GROUP'], failures)
    nodes = _resolvable(ctx.refs.resolve_nodes, of_type['ORG'], failures)
    roles = _resolvable(ctx.refs.resolve_roles, sorted(set(_role_name(ref) for ref in refs if ref.target_type == 'ROLE')),
                        failures)
    known = {}
    known.update((('USER', name), (user.id, user.label)) for name, user in users.items())
    known.update((('GROUP', code), (code, code)) for code in groups)
    known.update((('ORG', name), (node.id, node.label)) for name, node in nodes.items())
    for ref in refs:
        if ref.target_type == 'ROLE' and _role_name(ref) in roles:
            known[('ROLE', ref.target, ref.app)] = (ref.target, ref.target)
    unknown = [ref for ref in refs if _key(ref) not in known]
    if unknown:
        ambiguous = [kind for kind in failures if 'org/node' in kind]
        raise UnknownReferences(ambiguous[0] if ambiguous else 'permission target', unknown)
    return dict((ref, Ref((ref.target_type, known[_key(ref)][0]), known[_key(ref)][1], ref.actions)) for ref in refs)


def read_permissions(ctx, resource):
    """The resource's grants as links (one ``authorizedTargets`` query, plus a ``userBatch`` for
    the labels of USER targets). What they name exists, so they also seed the resolvers' caches:
    a rerun that names the same targets looks nothing up."""
    found = ctx.client.call(AUTHORIZED_TARGETS, {'namespace': resource['namespace'], 'resourceType': resource['type'],
                                                 'resource': resource['code']}) or {}
    grants = found.get('list') or []
    return [Ref((grant['targetType'], grant['targetIdentifier']), label, tuple(sorted(set(grant.get('actions') or []))))
            for grant, label in zip(grants, _labels(ctx, resource, grants))]


def _labels(ctx, resource, grants):
    """How each grant's target is named: a user's most human identifier, a node's ``org/code``, a code."""
    user_ids = sorted(set(grant['targetIdentifier'] for grant in grants if grant['targetType'] == 'USER'))
    users = {}
    for start in range(0, len(user_ids), USER_BATCH_LIMIT):
        found = ctx.client.call(USER_BATCH, {'ids': user_ids[start:start + USER_BATCH_LIMIT], 'type': 'id'}) or []
        users.update((ref.id, ref.label) for ref in ctx.refs.remember_users(found))
    nodes = ctx.refs.node_index() if any(grant['targetType'] == 'ORG' for grant in grants) else {}
    labels = []
    for grant in grants:
        target_type, identifier = grant['targetType'], grant['targetIdentifier']
        if target_type == 'USER':
            labels.append(users.get(identifier, identifier))
        elif target_type == 'ORG':
            node = (nodes.get(identifier) or [None])[0]
            labels.append('%s/%s' % (node['org'], node['code']) if node else identifier)
        else:
            if target_type == 'GROUP':
                ctx.refs.remember_groups([identifier])
            else:
                ctx.refs.role_ref(resource['namespace'], identifier)
            labels.append(identifier)
    return labels


def _opts(refs, with_actions):
    return [dict({'targetType': ref.id[0], 'targetIdentifier': ref.id[1]}, **({'actions': list(ref.attrs)} if with_actions else {}))
            for ref in refs]


def grant(ctx, resource, refs):
    """One ``authorizeResource`` for every target: each gets exactly its actions."""
    ctx.client.call(AUTHORIZE, {'namespace': resource['namespace'], 'resource': resource['code'],
                                'opts': _opts(refs, True)})


def revoke(ctx, resource, refs):
    """One ``revoke-resource`` without actions: the targets' whole grants go."""
    ctx.client.call(REVOKE, body={'namespace': resource['namespace'], 'resource': resource['code'],
                                  'opts': _opts(refs, False)})


def render_permissions(links):
    """Links shown in the shape of the ``permissions`` option: one element per (type, actions)."""
    grouped = collections.OrderedDict()
    for link in sorted(links, key=lambda ref: (ref.id[0], ref.attrs, ref.label)):
        grouped.setdefault((link.id[0], link.attrs), {'target_type': link.id[0], 'targets': [],
                                                      'actions': list(link.attrs)})['targets'].append(link.label)
    return list(grouped.values())


WIRE = Wire(
    find=lambda ctx, code, app: ctx.client.call(DETAIL, query={'namespace': app['id'], 'code': code}),
    list_all=lambda ctx, app: ctx.client.paginate(LIST, query={'namespace': app['id']}),
    create=lambda ctx, payload, app, recheck: ctx.client.call(
        CREATE, body=dict({'actions': []}, namespace=app['id'], **payload), recheck=recheck),
    update=lambda ctx, resource, payload, app, recheck: ctx.client.call(
        UPDATE, path={'code': quote(resource['code'], safe='')}, body=dict(payload, namespace=app['id'])),
    delete=lambda ctx, resource, app, recheck: ctx.client.call(
        DELETE, path={'code': quote(resource['code'], safe='')}, query={'namespace': app['id']}, recheck=recheck),
    links={'permissions': Link(read=read_permissions, add=grant, remove=revoke)},
)

RESOURCE = Entity(
    name='resource',
    plural='resources',
    key='code',
    scope=Scope('app', resolve=resolve_scope, kind='application'),
    fields=[
        Field('code'),
        Field('type', choices=RESOURCE_TYPES, required_on_create=True),
        Field('description', compare='text'),
        Field('api_identifier', api='apiIdentifier', compare='text'),
        Field('actions', type='list', elements='raw', compare='set', list_key='name',
              from_api=canonical_actions, to_api=actions_to_api),
    ],
    read_only=[Field('id'), Field('namespace'), Field('created_at', api='createdAt'), Field('updated_at', api='updatedAt')],
    relations=[Relation('permissions', elements='dict', options=PERMISSION_OPTIONS, expand=expand_permissions,
                        resolve=resolve_permissions, render=render_permissions)],
    normalize=normalize,
    validate=validate,
    check=check,
    info_list=info_list,
    wire=WIRE,
)
