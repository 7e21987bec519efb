# -*- coding: utf-8 -*-
# Copyright (c) 2026, authing.cloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Export: a live user pool as a tenant spec (the format ``tenant.py`` applies).

ids and server-set fields stripped, values equal to what the service gives a new object left
out, lists sorted by natural key (agreements keep their order: it means something), user
passwords (never readable) replaced by a placeholder only when asked. What each entity exports
is its description's ``export_fields``.
"""

from ansible_collections.authing.cloud.plugins.module_utils.entities import (
    access_policies, agreements, applications, custom_fields, groups, orgs, policies, resources, roles, users)
from ansible_collections.authing.cloud.plugins.module_utils.references import LIST_APPLICATIONS, Context

SPEC_KEYS = ('custom_fields', 'groups', 'roles', 'users', 'applications')
APP_CHILDREN = ('resources', 'agreements', 'roles', 'access_policy')
DEFAULT_NAMESPACE = 'default'

# Values the service gives a new object: left out of an export (a bootstrap gets them anyway).
USER_DEFAULTS = {
    'gender': 'U', 'blocked': False, 'email_verified': False, 'phone_verified': False,
    'photo': 'https://files.authing.co/authing-console/default-user-avatar.png',
}
# (app_type, logo, the protocol and login page settings of a new application)
APPLICATION_DEFAULTS = applications.NEW_APPLICATION


def _present(value):
    return value is not None and value != '' and value != [] and value != {}


def _without_nulls(value):
    return dict((k, v) for k, v in value.items() if v is not None) if isinstance(value, dict) else value


def _clean(view, keys, defaults=None):
    """The given keys of a view that hold a value other than the service default."""
    defaults = defaults or {}
    values = dict((k, _without_nulls(view.get(k))) for k in keys)
    return dict((k, v) for k, v in values.items() if _present(v) and not (k in defaults and v == defaults[k]))


# -- export ------------------------------------------------------------------------------------

def user_key(item):
    """How a user is named in the spec and in messages: the most human identifier."""
    return users.USER.label(item)


def read_tenant(client, password_variable=None):
    """The spec of a live user pool, ready for ``to_nice_yaml`` (see the module docstring)."""
    ctx = Context(client)
    apps = sorted(client.paginate(LIST_APPLICATIONS), key=lambda app: app['identifier'])
    app_names = dict((app['id'], app['identifier']) for app in apps)
    spec = {
        'custom_fields': _export_custom_fields(ctx),
        'groups': _export_groups(ctx),
        'roles': _export_roles(ctx, DEFAULT_NAMESPACE),
        'users': _export_users(ctx, app_names, password_variable),
        'applications': [_export_application(ctx, app, app_names) for app in apps],
        'orgs': _export_orgs(ctx),
        'policies': _export_policies(ctx, DEFAULT_NAMESPACE),
    }
    return spec


def _export_orgs(ctx):
    """Each organisation as the tree authing_org takes: nodes by code, members by username."""
    out = []
    for org in orgs.ORG.wire.list_all(ctx, None):
        view = orgs.ORG.present(org)
        orgs.org_details(ctx, {'with_nodes': True, 'with_members': True, 'with_roles': True}, org, view)
        item = _clean(view, ('code', 'name', 'description', 'members', 'roles', 'nodes'))
        if item.get('nodes'):
            item['nodes'] = [_export_node(node) for node in item['nodes']]
        out.append(item)
    return sorted(out, key=lambda item: item['code'])


def _export_node(node):
    item = _clean(node, ('code', 'name', 'description', 'order', 'members', 'roles', 'children'))
    if item.get('children'):
        item['children'] = [_export_node(child) for child in item['children']]
    return item


def _export_policies(ctx, namespace):
    """The policies of a namespace with their statements and who they are assigned to."""
    out = []
    scope = {'id': namespace, 'namespace': namespace}
    for policy in policies.POLICY.wire.list_all(ctx, scope):
        item = _clean(policies.POLICY.present(policy), policies.POLICY.export_fields)
        # what the service fills in by itself is left out: ALLOW, no condition
        item['statements'] = [_clean(statement, ('resource', 'actions', 'effect', 'condition'), {'effect': 'ALLOW'})
                              for statement in item.get('statements') or []]
        for relation in policies.POLICY.relations:
            rendered = relation.render(policies.POLICY.wire.links[relation.name].read(ctx, policy))
            if rendered:
                item[relation.name] = rendered
        out.append(item)
    return sorted(out, key=lambda item: item['code'])


def _export_custom_fields(ctx):
    out = []
    for target_type in custom_fields.TARGET_TYPES:
        for udf in custom_fields.WIRE.list_all(ctx, {'id': target_type}):
            view = custom_fields.CUSTOM_FIELD.present(udf)
            item = _clean(view, custom_fields.CUSTOM_FIELD.export_fields)
            if item.get('label') == item['key']:
                del item['label']
            if item.get('options'):
                item['options'] = [dict((k, v) for k, v in option.items() if not (k == 'label' and v == option['value']))
                                   for option in item['options']]
            if target_type != custom_fields.DEFAULT_TARGET:
                item['target_type'] = target_type
            out.append(item)
    return sorted(out, key=lambda item: (item.get('target_type', ''), item['key']))


def _export_groups(ctx):
    out = [_clean(groups.GROUP.present(group), groups.GROUP.export_fields)
           for group in ctx.client.paginate(groups.LIST)]
    return sorted(out, key=lambda item: item['code'])


def _export_roles(ctx, namespace):
    out = []
    for role in roles.WIRE.list_all(ctx, {'namespace': namespace}):
        if role.get('isSystem'):
            continue  # built into every pool: not the pool's desired state
        out.append(_clean(roles.ROLE.present(role), roles.ROLE.export_fields))
    return sorted(out, key=lambda item: item['code'])


def _role_name(role, app_names):
    namespace = role.get('namespace') or DEFAULT_NAMESPACE
    if namespace == DEFAULT_NAMESPACE:
        return role['code']
    if namespace in app_names:
        return {'app': app_names[namespace], 'code': role['code']}
    return {'namespace': namespace, 'code': role['code']}


def _role_sort_key(name):
    if isinstance(name, dict):
        return (1, name.get('app') or name.get('namespace') or '', name['code'])
    return (0, '', name)


def _export_users(ctx, app_names, password_variable):
    params = {'with_custom_data': True, 'with_groups': True, 'with_roles': True}
    out = []
    for api_user in users.list_users(ctx, params):
        item = _clean(users.USER.present(api_user, params), users.USER.export_fields, USER_DEFAULTS)
        group_codes = sorted(group['code'] for group in ((api_user.get('groups') or {}).get('list') or []))
        if group_codes:
            item['groups'] = group_codes
        role_names = sorted((_role_name(role, app_names) for role in api_user.get('roles') or []), key=_role_sort_key)
        if role_names:
            item['roles'] = role_names
        if password_variable:
            item['password'] = '{{ %s }}' % password_variable
        out.append(item)
    return sorted(out, key=lambda item: (user_key(item) or ''))


def _export_application(ctx, app, app_names):
    view = applications.APPLICATION.present(app)
    item = _clean(view, applications.APPLICATION.export_fields, APPLICATION_DEFAULTS)
    if item.get('redirect_uris'):
        item['redirect_uris'] = sorted(set(item['redirect_uris']))
    resource_items = []
    for resource in resources.WIRE.list_all(ctx, app):
        res = _clean(resources.RESOURCE.present(resource), resources.RESOURCE.export_fields)
        if res.get('actions'):
            res['actions'] = sorted((_clean(action, ('name', 'description')) for action in res['actions']),
                                    key=lambda action: action['name'])
        # grants by natural key, one element per (target type, actions), sorted (an empty action list left out)
        permissions = resources.render_permissions(resources.read_permissions(ctx, resource))
        if permissions:
            res['permissions'] = [_clean(permission, ('target_type', 'targets', 'actions')) for permission in permissions]
        resource_items.append(res)
    item['resources'] = sorted(resource_items, key=lambda res: res['code'])
    # Agreements keep the application's order: exact mode re-applies it.
    item['agreements'] = [_clean(agreements.AGREEMENT.present(agreement), agreements.AGREEMENT.export_fields)
                          for agreement in agreements.list_agreements(ctx, app)]
    item['roles'] = _export_roles(ctx, app['id'])
    item['access_policy'] = _export_access_policy(ctx, app, app_names)
    app_policies = _export_policies(ctx, app['id'])
    if app_policies:
        item['policies'] = app_policies
    return item


def _export_access_policy(ctx, app, app_names):
    config = access_policies.config_of(app)
    rules = []
    for rule in access_policies.render_rules(access_policies.read_rules(ctx, config)):
        out = {'target_type': rule['target_type'], 'targets': sorted(rule['targets']),
               'effect': rule['effect'], 'enabled': rule['enabled']}
        if rule['target_type'] == 'ROLE' and rule.get('namespace') not in (None, DEFAULT_NAMESPACE):
            out['namespace'] = app_names.get(rule['namespace'], rule['namespace'])
        if rule['target_type'] == 'ORG' and rule.get('inherit_by_children'):
            out['inherit_by_children'] = True
        rules.append(out)
    rules.sort(key=lambda rule: (rule['target_type'], rule.get('namespace', ''), rule['effect'],
                                 not rule['enabled'], rule['targets']))
    return {'default_strategy': config['defaultStrategy'], 'rules': rules}


def counts(spec):
    """How many objects of each kind a spec holds (for messages and tests)."""
    apps = spec.get('applications') or []
    out = dict((key, len(spec.get(key) or [])) for key in SPEC_KEYS)
    for child in ('resources', 'agreements'):
        out[child] = sum(len(app.get(child) or []) for app in apps)
    out['application_roles'] = sum(len(app.get('roles') or []) for app in apps)
    out['access_rules'] = sum(len((app.get('access_policy') or {}).get('rules') or []) for app in apps)
    return out
