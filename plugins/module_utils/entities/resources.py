# -*- coding: utf-8 -*-
# Copyright (c) 2026, authing.cloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Application resources (REST): keyed by ``code`` within the application's namespace (its id).

The server replaces ``actions`` wholesale on update, so ``actions`` is a list field with
``actions_mode`` (append/remove are computed here and the whole list is sent). An action's
missing or empty description is "no description" on both sides. A resource of type API needs an
``api_identifier``: checked after the read (an existing API resource already has one), before
any write.
"""

from urllib.parse import quote

from ansible_collections.authing.cloud.plugins.module_utils.client import rest
from ansible_collections.authing.cloud.plugins.module_utils.description import Entity, Field, Scope, Wire

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


def normalize(ctx, item):
    """Compare actions in one spelling."""
    return dict(item, actions=canonical_actions(item.get('actions')))


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


def check_api_identifier(ctx, records):
    """``check`` behaviour: the resource would end up of type API without an api_identifier."""
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


WIRE = Wire(
    find=lambda ctx, code, app: ctx.client.call(DETAIL, query={'namespace': app['id'], 'code': code}),
    list_all=lambda ctx, app: ctx.client.paginate(LIST, query={'namespace': app['id']}),
    create=lambda ctx, payload, app, recheck: ctx.client.call(
        CREATE, body=dict({'actions': []}, namespace=app['id'], **payload), recheck=recheck),
    update=lambda ctx, resource, payload, app, recheck: ctx.client.call(
        UPDATE, path={'code': quote(resource['code'], safe='')}, body=dict(payload, namespace=app['id'])),
    delete=lambda ctx, resource, app, recheck: ctx.client.call(
        DELETE, path={'code': quote(resource['code'], safe='')}, query={'namespace': app['id']}, recheck=recheck),
)

RESOURCE = Entity(
    name='resource',
    plural='resources',
    key='code',
    scope=Scope('app', resolve=lambda ctx, ref: ctx.refs.resolve_app(ref), kind='application'),
    fields=[
        Field('code'),
        Field('type', choices=RESOURCE_TYPES, required_on_create=True),
        Field('description', compare='text'),
        Field('api_identifier', api='apiIdentifier', compare='text'),
        Field('actions', type='list', elements='raw', compare='set', list_key='name',
              from_api=canonical_actions, to_api=actions_to_api),
    ],
    read_only=[Field('id'), Field('namespace'), Field('created_at', api='createdAt'), Field('updated_at', api='updatedAt')],
    normalize=normalize,
    validate=validate,
    check=check_api_identifier,
    info_list=info_list,
    wire=WIRE,
)
