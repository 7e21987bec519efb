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
- Protocol settings live in the application object's ``oidcConfig`` (``grant_types``,
  ``access_token_expire``...). Neither official SDK has a call for them: the only update either
  sends is ``POST /api/v2/applications/{id}`` with a partial nested object
  (``{"permissionStrategy": {"defaultStrategy": ...}}``, Python ``acl.update_default_application_
  access_policy``, JS ``applications.updateDefaultAccessPolicy``), which the service merges. So an
  OIDC setting is a field read from ``oidcConfig`` (:class:`OidcField`) whose wire name is
  ``oidcConfig.<key>``; the wire table nests those names into one ``oidcConfig`` object holding
  only the changed keys.
- Grant types, response types and logout URIs are sets; login and register tabs are lists whose
  order is the order of the login page. A default tab must be one of the tabs: checked from the
  input alone when both are given (``validate``), else against the application (``check``).
- The create call takes only :data:`CREATE_ATTRS`; everything else is set right after it by one
  update.
"""

import re

from ansible_collections.authing.cloud.plugins.module_utils.client import rest
from ansible_collections.authing.cloud.plugins.module_utils.description import Entity, Field, Wire
from ansible_collections.authing.cloud.plugins.module_utils.references import LIST_APPLICATIONS

APP_TYPES = ['INDIVIDUAL', 'Tenant', 'BOTH']
GRANT_TYPES = ['authorization_code', 'implicit', 'refresh_token', 'password', 'client_credentials',
               'http://authing.cn/oidc/grant_type/authing_token']
RESPONSE_TYPES = ['code', 'id_token', 'token', 'code id_token', 'code token', 'id_token token', 'code id_token token']
AUTH_METHODS = ['client_secret_post', 'client_secret_basic', 'none']
SIGNING_ALGS = ['HS256', 'RS256']
LOGIN_TABS = ['password', 'phone-code', 'ldap', 'ad', 'app-qrcode', 'wechat-miniprogram-qrcode', 'wechatmp-qrcode']
REGISTER_TABS = ['email', 'phone']
LIFETIMES = ('access_token_lifetime', 'id_token_lifetime', 'refresh_token_lifetime', 'authorization_code_lifetime')
# (tabs option, default tab option): the default must be one of the tabs.
TAB_PAIRS = (('login_tabs', 'default_login_tab'), ('register_tabs', 'default_register_tab'))
# What the service gives a new application (the tenant export leaves these out too).
NEW_APPLICATION = {
    'app_type': 'INDIVIDUAL', 'logo': 'https://files.authing.co/authing-console/default-app-logo.png',
    'grant_types': ['authorization_code', 'password', 'refresh_token'], 'response_types': ['code'],
    'token_endpoint_auth_method': 'client_secret_post', 'id_token_signed_response_alg': 'HS256',
    'access_token_lifetime': 1209600, 'id_token_lifetime': 1209600, 'refresh_token_lifetime': 2592000,
    'authorization_code_lifetime': 600, 'skip_consent': True,
    'login_tabs': ['phone-code', 'password'], 'default_login_tab': 'password',
    'register_tabs': ['email', 'phone'], 'default_register_tab': 'email',
    'register_disabled': False, 'agreement_enabled': False, 'sso_enabled': False, 'skip_mfa': False,
}
OIDC = 'oidcConfig'

# The identifier is the application's sub-domain: a DNS label (the service refuses others).
DNS_LABEL = re.compile(r'^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$')
# The attributes the create call takes; the others are set right after it.
CREATE_ATTRS = ('name', 'identifier', 'redirectUris', 'logo', 'description')
# Never copied from a user object into a result.
USER_SECRETS = ('password', 'salt', 'token', 'tokenExpiredAt')

CREATE = rest('applications.create', 'POST', '/api/v2/applications')
UPDATE = rest('applications.update', 'POST', '/api/v2/applications/{id}', idempotent=True)
DELETE = rest('applications.delete', 'DELETE', '/api/v2/applications/{id}')
REFRESH_SECRET = rest('applications.refresh-secret', 'PATCH', '/api/v2/application/{id}/refresh-secret')
ACTIVE_USERS = rest('applications.active-users', 'GET', '/api/v2/applications/{id}/active-users')


class OidcField(Field):
    """An option kept in the application's ``oidcConfig`` under ``key``: read from there, and
    named ``oidcConfig.<key>`` on the wire (see :func:`nested`)."""

    def __init__(self, name, key, **options):
        super(OidcField, self).__init__(name, api='%s.%s' % (OIDC, key), **options)
        self.key = key

    def read(self, api_obj):
        return (api_obj.get(OIDC) or {}).get(self.key)


def nested(payload):
    """Wire names ``oidcConfig.<key>`` → one ``oidcConfig`` object of the changed keys (the
    service merges it into the current one)."""
    body = {}
    for name, value in payload.items():
        parent, dot, key = name.partition('.')
        if dot:
            body.setdefault(parent, {})[key] = value
        else:
            body[name] = value
    return body


def find_application(ctx, ident, scope=None):
    identifier, app_id = ident
    if app_id:
        return ctx.refs.application_by_id(app_id)
    found = ctx.refs.application_index().get(identifier)
    return found if found is not None and found['identifier'] == identifier else None


def _write(op, kwargs):
    def call(ctx, *args):
        with ctx.refs.changing_applications():
            return ctx.client.call(op, **kwargs(*args))
    return call


def create_application(ctx, payload, scope, recheck):
    """Create, then set what the create call does not take (``appType``, the protocol and login
    page settings) with one update."""
    body = dict((name, value) for name, value in payload.items() if name in CREATE_ATTRS)
    later = dict((name, value) for name, value in payload.items() if name not in CREATE_ATTRS)
    with ctx.refs.changing_applications():
        app = ctx.client.call(CREATE, body=dict({'redirectUris': []}, **body), recheck=recheck)
        return ctx.client.call(UPDATE, path={'id': app['id']}, body=nested(later)) if later else app


def return_secret(item, api_obj, view):
    """``result`` behaviour: the secret only when asked for."""
    if item.get('return_secret'):
        view['secret'] = api_obj.get('secret')


def validate(item):
    identifier = item.get('identifier')
    if identifier is not None and not DNS_LABEL.match(identifier):
        yield ('identifier %r is not a valid sub-domain: use 1 to 63 lower-case letters, digits and hyphens, '
               'not starting or ending with a hyphen' % identifier)
    for name in LIFETIMES:
        if item.get(name) is not None and item[name] <= 0:
            yield '%s must be a positive number of seconds, not %s' % (name, item[name])
    for name in ('grant_types', 'response_types') + tuple(pair[0] for pair in TAB_PAIRS):
        if item.get(name) == []:
            yield '%s cannot be empty' % name
    for tabs, default in TAB_PAIRS:
        if item.get(tabs) and len(set(item[tabs])) != len(item[tabs]):
            yield '%s lists a tab more than once' % tabs
        if item.get(tabs) and item.get(default) is not None and item[default] not in item[tabs]:
            yield '%s %r is not one of %s (%s)' % (default, item[default], tabs, ', '.join(item[tabs]))


def default_tab_problem(item, current):
    """The default tab one option gives is not among the tabs the application keeps (or the
    other way round); ``current`` is the application (a new one: :data:`NEW_APPLICATION`)."""
    for tabs, default in TAB_PAIRS:
        if item.get(tabs) is None and item.get(default) is None:
            continue
        have = item.get(tabs) if item.get(tabs) is not None else current.get(tabs) or []
        want = item.get(default) if item.get(default) is not None else current.get(default)
        if want is not None and want not in have:
            if item.get(default) is None:
                return '%s of the application (%s) is not one of the new %s: give %s too' % (default, want, tabs, default)
            return '%s %r is not one of the application\'s %s (%s)' % (default, want, tabs, ', '.join(have))
    return None


def check(ctx, records):
    """``check`` behaviour: an application is created by identifier (an unknown id is an error);
    a default tab is one of the tabs the application will have."""
    for record in records:
        item = record['item']
        if item['state'] != 'present':
            continue
        if record['api'] is None and item.get('id'):
            yield record, 'no application has id %s (an application is created by identifier alone)' % item['id']
            continue
        problem = default_tab_problem(item, record.get('current') or NEW_APPLICATION)
        if problem:
            yield record, problem


def add_active_users(ctx, params, api_obj, view):
    """``extend`` of authing_application_info: the users logged in to the application."""
    if params.get('with_active_users'):
        view['active_users'] = [dict((k, v) for k, v in user.items() if k not in USER_SECRETS)
                                for user in ctx.client.paginate(ACTIVE_USERS, path={'id': api_obj['id']})]


WIRE = Wire(
    find=find_application,
    list_all=lambda ctx, scope: ctx.client.paginate(LIST_APPLICATIONS),
    create=create_application,
    update=_write(UPDATE, lambda app, payload, scope, recheck: dict(path={'id': app['id']}, body=nested(payload))),
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
        OidcField('grant_types', 'grant_types', type='list', elements='str', choices=GRANT_TYPES, compare='set'),
        OidcField('response_types', 'response_types', type='list', elements='str', choices=RESPONSE_TYPES,
                  compare='set'),
        OidcField('token_endpoint_auth_method', 'token_endpoint_auth_method', choices=AUTH_METHODS),
        OidcField('id_token_signed_response_alg', 'id_token_signed_response_alg', choices=SIGNING_ALGS),
        OidcField('access_token_lifetime', 'access_token_expire', type='int', no_log=False),
        OidcField('id_token_lifetime', 'id_token_expire', type='int', no_log=False),
        OidcField('refresh_token_lifetime', 'refresh_token_expire', type='int', no_log=False),
        OidcField('authorization_code_lifetime', 'authorization_code_expire', type='int'),
        OidcField('skip_consent', 'skip_consent', type='bool'),
        Field('logout_redirect_uris', api='logoutRedirectUris', type='list', elements='str', compare='set'),
        Field('login_tabs', api='loginTabs', type='list', elements='str', choices=LOGIN_TABS),
        Field('default_login_tab', api='defaultLoginTab', choices=LOGIN_TABS),
        Field('register_tabs', api='registerTabs', type='list', elements='str', choices=REGISTER_TABS),
        Field('default_register_tab', api='defaultRegisterTab', choices=REGISTER_TABS),
        Field('register_disabled', api='registerDisabled', type='bool'),
        Field('agreement_enabled', api='agreementEnabled', type='bool'),
        Field('sso_enabled', api='ssoEnabled', type='bool'),
        Field('skip_mfa', api='skipMfa', type='bool'),
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
    check=check,
    declare=lambda ctx, view, scope: ctx.refs.declare_app(view['identifier']),
    wire=WIRE,
)
