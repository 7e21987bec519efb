# -*- coding: utf-8 -*-
# Copyright (c) 2026, authing.cloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Applications (REST): keyed by ``identifier`` (unique service-wide) or by ``id``.

Also the scope every other entity of the application family lives in: :func:`resolve_app`
turns what a user writes (``app: my-app`` or an application id) into the application object,
sharing one cached application list per run.

Decisions written down here:

- ``identifier`` + ``id`` form a composite key so that either can be given. With both, the
  application is found by ``id`` and its identifier changes to ``identifier`` if it differs (the
  engine treats alternative identifiers as attributes: an explicit rename). Creating needs
  ``identifier`` (the server chooses the id); an unknown ``id`` is an error.
- The secret is never part of the view; the ``result`` hook adds it when ``return_secret`` is
  true (it stays out of diffs, which only show managed fields). ``rotate_secret`` is a trigger.
- ``permissionStrategy`` is shown read-only: ``authing_access_policy`` owns the default strategy.
"""

from ansible_collections.authing.cloud.plugins.module_utils.client import AuthingError, rest
from ansible_collections.authing.cloud.plugins.module_utils.description import Entity, Field
from ansible_collections.authing.cloud.plugins.module_utils.entities.users import OBJECT_ID

APPLICATION_NOT_FOUND = 2011
APP_TYPES = ['INDIVIDUAL', 'Tenant', 'BOTH']
# Attributes the create call ignores: set right after it.
POST_CREATE = ('appType',)
# Never copied from a user object into a result.
USER_SECRETS = ('password', 'salt', 'token', 'tokenExpiredAt')
CACHE_KEY = 'application_index'  # {identifier or id: application}

LIST = rest('applications.list', 'GET', '/api/v2/applications')
DETAIL = rest('applications.detail', 'GET', '/api/v2/applications/{id}')
CREATE = rest('applications.create', 'POST', '/api/v2/applications')
UPDATE = rest('applications.update', 'POST', '/api/v2/applications/{id}', idempotent=True)
DELETE = rest('applications.delete', 'DELETE', '/api/v2/applications/{id}')
REFRESH_SECRET = rest('applications.refresh-secret', 'PATCH', '/api/v2/application/{id}/refresh-secret')
ACTIVE_USERS = rest('applications.active-users', 'GET', '/api/v2/applications/{id}/active-users')


def application_index(ctx):
    """{identifier: app, id: app} for every application, read once per run (page by page)."""
    with ctx.lock:
        if CACHE_KEY not in ctx.cache:
            index = {}
            for app in ctx.client.paginate(LIST):
                index[app['identifier']] = index[app['id']] = app
            ctx.cache[CACHE_KEY] = index
        return ctx.cache[CACHE_KEY]


def all_applications(ctx):
    """Every application of the pool (from the cached list), in the service's order."""
    seen = set()
    return [app for app in application_index(ctx).values() if not (app['id'] in seen or seen.add(app['id']))]


def forget_applications(ctx):
    """Drop the cached list: called before every application write."""
    with ctx.lock:
        ctx.cache.pop(CACHE_KEY, None)


def app_by_id(ctx, app_id):
    try:
        return ctx.client.call(DETAIL, path={'id': app_id})
    except AuthingError as exc:
        if exc.code == APPLICATION_NOT_FOUND:
            return None
        raise


def resolve_app(ctx, ref):
    """The application a scope option names (identifier, or id), or None when there is none."""
    with ctx.lock:
        listed = ctx.cache.get(CACHE_KEY) or {}
    if ref in listed:
        return listed[ref]
    if OBJECT_ID.match(ref or ''):
        found = app_by_id(ctx, ref)
        if found is not None:
            return found
    return application_index(ctx).get(ref)


def find_application(ctx, ident, scope=None):
    identifier, app_id = ident
    if app_id:
        return app_by_id(ctx, app_id)
    found = application_index(ctx).get(identifier)
    return found if found is not None and found['identifier'] == identifier else None


def _write(op, kwargs):
    def call(ctx, *args):
        forget_applications(ctx)
        return ctx.client.call(op, **kwargs(*args))
    return call


def create_application(ctx, payload, scope, recheck):
    """Create, then set what the create call does not take (``appType``) with an update."""
    forget_applications(ctx)
    body = dict(payload)
    later = dict((name, body.pop(name)) for name in POST_CREATE if name in body)
    app = ctx.client.call(CREATE, body=dict({'redirectUris': []}, **body), recheck=recheck)
    return ctx.client.call(UPDATE, path={'id': app['id']}, body=later) if later else app


def return_secret(item, api_obj, view):
    """``result`` hook: the secret only when asked for."""
    if item.get('return_secret'):
        view['secret'] = api_obj.get('secret')


def check_creatable(ctx, records):
    """``check`` hook: an application is created by identifier; an unknown id is an error."""
    for record in records:
        item = record['item']
        if record['api'] is None and item['state'] == 'present' and item.get('id'):
            yield record, 'no application has id %s (an application is created by identifier alone)' % item['id']


def add_active_users(ctx, params, api_obj, view):
    """``extend`` hook of authing_application_info: the users logged in to the application."""
    if params.get('with_active_users'):
        view['active_users'] = [dict((k, v) for k, v in user.items() if k not in USER_SECRETS)
                                for user in ctx.client.paginate(ACTIVE_USERS, path={'id': api_obj['id']})]


APPLICATION = Entity(
    name='application',
    plural='applications',
    key=('identifier', 'id'),
    fields=[
        Field('identifier'),
        Field('id'),
        Field('name', required_on_create=True),
        Field('redirect_uris', api='redirectUris', type='list', elements='str', compare='set'),
        Field('logo'),
        Field('description', compare='text'),
        Field('app_type', api='appType', choices=APP_TYPES),
        Field('rotate_secret', type='bool', trigger=_write(REFRESH_SECRET, lambda app, scope: dict(path={'id': app['id']}))),
    ],
    read_only=[
        Field('user_pool_id', api='userPoolId'),
        Field('protocol'),
        Field('permission_strategy', api='permissionStrategy'),
        Field('created_at', api='createdAt'),
        Field('updated_at', api='updatedAt'),
    ],
    extra_options={'return_secret': {'type': 'bool', 'default': False}},
    hooks={
        'identity': lambda item: (item.get('identifier'), item.get('id')),
        'identities': lambda app: [(app['identifier'], None), (None, app['id']), (app['identifier'], app['id'])],
        'result': return_secret,
        'check': check_creatable,
    },
    find=find_application,
    list_all=lambda ctx, scope: ctx.client.paginate(LIST),
    create=create_application,
    update=_write(UPDATE, lambda app, payload, scope, recheck: dict(path={'id': app['id']}, body=payload)),
    delete=_write(DELETE, lambda app, scope, recheck: dict(path={'id': app['id']}, recheck=recheck)),
)
