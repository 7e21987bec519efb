# -*- coding: utf-8 -*-
# Copyright (c) 2026, authing.cloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Applications (REST): keyed by ``identifier`` (unique service-wide) or by ``id``.

Other entities of the application family name their application through the references layer
(``ctx.refs.resolve_app``), which shares one cached application list per run; every write here
drops that list.

Decisions written down here:

- ``identifier`` + ``id`` form a composite key so that either can be given. With both, the
  application is found by ``id`` and its identifier changes to ``identifier`` if it differs (the
  engine treats alternative identifiers as attributes: an explicit rename). Creating needs
  ``identifier`` (the server chooses the id); an unknown ``id`` is an error.
- The secret is never part of the view; the ``result`` behaviour adds it when ``return_secret``
  is true (it stays out of diffs, which only show managed fields). ``rotate_secret`` is a trigger.
- ``permissionStrategy`` is shown read-only: ``authing_access_policy`` owns the default strategy.
"""

import re

from ansible_collections.authing.cloud.plugins.module_utils.client import rest
from ansible_collections.authing.cloud.plugins.module_utils.description import Entity, Field, Wire
from ansible_collections.authing.cloud.plugins.module_utils.references import LIST_APPLICATIONS

APP_TYPES = ['INDIVIDUAL', 'Tenant', 'BOTH']
# The identifier is the application's sub-domain: a DNS label (the service refuses others).
DNS_LABEL = re.compile(r'^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$')
# Attributes the create call ignores: set right after it.
POST_CREATE = ('appType',)
# Never copied from a user object into a result.
USER_SECRETS = ('password', 'salt', 'token', 'tokenExpiredAt')

CREATE = rest('applications.create', 'POST', '/api/v2/applications')
UPDATE = rest('applications.update', 'POST', '/api/v2/applications/{id}', idempotent=True)
DELETE = rest('applications.delete', 'DELETE', '/api/v2/applications/{id}')
REFRESH_SECRET = rest('applications.refresh-secret', 'PATCH', '/api/v2/application/{id}/refresh-secret')
ACTIVE_USERS = rest('applications.active-users', 'GET', '/api/v2/applications/{id}/active-users')


def find_application(ctx, ident, scope=None):
    identifier, app_id = ident
    if app_id:
        return ctx.refs.application_by_id(app_id)
    found = ctx.refs.application_index().get(identifier)
    return found if found is not None and found['identifier'] == identifier else None


def _write(op, kwargs):
    def call(ctx, *args):
        ctx.refs.forget_applications()
        return ctx.client.call(op, **kwargs(*args))
    return call


def create_application(ctx, payload, scope, recheck):
    """Create, then set what the create call does not take (``appType``) with an update."""
    ctx.refs.forget_applications()
    body = dict(payload)
    later = dict((name, body.pop(name)) for name in POST_CREATE if name in body)
    app = ctx.client.call(CREATE, body=dict({'redirectUris': []}, **body), recheck=recheck)
    return ctx.client.call(UPDATE, path={'id': app['id']}, body=later) if later else app


def return_secret(item, api_obj, view):
    """``result`` behaviour: the secret only when asked for."""
    if item.get('return_secret'):
        view['secret'] = api_obj.get('secret')


def validate(item):
    identifier = item.get('identifier')
    if identifier is not None and not DNS_LABEL.match(identifier):
        yield ('identifier %r is not a valid sub-domain: use 1 to 63 lower-case letters, digits and hyphens, '
               'not starting or ending with a hyphen' % identifier)


def check_creatable(ctx, records):
    """``check`` behaviour: an application is created by identifier; an unknown id is an error."""
    for record in records:
        item = record['item']
        if record['api'] is None and item['state'] == 'present' and item.get('id'):
            yield record, 'no application has id %s (an application is created by identifier alone)' % item['id']


def add_active_users(ctx, params, api_obj, view):
    """``extend`` of authing_application_info: the users logged in to the application."""
    if params.get('with_active_users'):
        view['active_users'] = [dict((k, v) for k, v in user.items() if k not in USER_SECRETS)
                                for user in ctx.client.paginate(ACTIVE_USERS, path={'id': api_obj['id']})]


WIRE = Wire(
    find=find_application,
    list_all=lambda ctx, scope: ctx.client.paginate(LIST_APPLICATIONS),
    create=create_application,
    update=_write(UPDATE, lambda app, payload, scope, recheck: dict(path={'id': app['id']}, body=payload)),
    delete=_write(DELETE, lambda app, scope, recheck: dict(path={'id': app['id']}, recheck=recheck)),
    triggers={'rotate_secret': _write(REFRESH_SECRET, lambda app, scope: dict(path={'id': app['id']}))},
)

APPLICATION = Entity(
    name='application',
    plural='applications',
    key=('identifier', 'id'),
    alternate_keys=True,
    fields=[
        Field('identifier'),
        Field('id', export=False),
        Field('name', required_on_create=True),
        Field('redirect_uris', api='redirectUris', type='list', elements='str', compare='set'),
        Field('logo'),
        Field('description', compare='text'),
        Field('app_type', api='appType', choices=APP_TYPES),
        Field('rotate_secret', type='bool', trigger=True),
    ],
    read_only=[
        Field('user_pool_id', api='userPoolId'),
        Field('protocol'),
        Field('permission_strategy', api='permissionStrategy'),
        Field('created_at', api='createdAt'),
        Field('updated_at', api='updatedAt'),
    ],
    extra_options={'return_secret': {'type': 'bool', 'default': False}},
    identity=lambda item: (item.get('identifier'), item.get('id')),
    identities=lambda app: [(app['identifier'], None), (None, app['id']), (app['identifier'], app['id'])],
    result=return_secret,
    validate=validate,
    check=check_creatable,
    declare=lambda ctx, view, scope: ctx.refs.declare_app(view['identifier']),
    wire=WIRE,
)
