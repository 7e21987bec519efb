# -*- coding: utf-8 -*-
# Copyright (c) 2026, authing.cloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The tenant spec: one declarative document for a whole user pool.

Two halves share the format here, so they cannot drift apart:

- :func:`read_tenant` (used by ``authing_tenant_info``) reads a live user pool and returns the
  spec: ids and server-set fields stripped, values equal to what the service gives a new object
  left out, lists sorted by natural key (agreements keep their order: it means something), user
  passwords (never readable) replaced by a placeholder only when asked.
- :class:`TenantPlan` (used by the ``authing.cloud.tenant`` role through its filter plugin) turns
  the spec into the item lists of the bulk module tasks, in dependency order, and turns the
  registered per-item results back into a per-entity summary.

The spec::

    custom_fields: [{key, data_type, label, options, target_type}]
    groups:        [{code, name, description[, members, members_mode]}]
    roles:         [{code, description[, members, members_mode]}]      # namespace "default"
    users:         [{username | email | phone | external_id, <profile fields>, password,
                     custom_data: {}, groups: [code], roles: [code | {app, code}]}]
    applications:  [{identifier, name, description, redirect_uris, logo, app_type,
                     resources: [...], agreements: [...], roles: [...],
                     access_policy: {default_strategy, rules: [...]}}]

Memberships are written once, on the user (``groups``, ``roles``); that is what the export
writes. ``members`` on a group or role is accepted as an alternative and applied after the users.

Check mode: an object the run would create does not exist yet, so a later task that refers to
it (a user in a new group, the resources of a new application) would fail its lookup. The plan
therefore holds such items back (``blocked``: they would change, that much is certain) or strips
the reference to the new object and marks the item as changing (``flagged``: users, whose
existence later tasks need to know). Which objects are new is read from the earlier tasks'
predicted results: each item result states its ``action``.
"""

from ansible_collections.authing.cloud.plugins.module_utils.entities import (
    access_policies, agreements, applications, custom_fields, groups, resources, roles, users)
from ansible_collections.authing.cloud.plugins.module_utils.references import LIST_APPLICATIONS, Context

SPEC_KEYS = ('custom_fields', 'groups', 'roles', 'users', 'applications')
APP_CHILDREN = ('resources', 'agreements', 'roles', 'access_policy')
# Entity tasks of the role, in the order they run (dependency order).
ENTITIES = ('custom_fields', 'groups', 'applications', 'resources', 'agreements', 'roles', 'users',
            'group_members', 'role_members', 'access_policies')
# The entity behind each task's results.
DESCRIPTIONS = {
    'custom_fields': custom_fields.CUSTOM_FIELD, 'groups': groups.GROUP, 'applications': applications.APPLICATION,
    'resources': resources.RESOURCE, 'agreements': agreements.AGREEMENT, 'roles': roles.ROLE, 'users': users.USER,
    'group_members': groups.GROUP, 'role_members': roles.ROLE, 'access_policies': access_policies.ACCESS_POLICY,
}
# Purge switches of the role: entity (or relation) → the option set to ``exact`` when true.
PURGE_KEYS = ('custom_fields', 'groups', 'roles', 'users', 'applications', 'resources', 'agreements',
              'memberships', 'access_rules', 'actions')
DEFAULT_NAMESPACE = 'default'

# Values the service gives a new object: left out of an export (a bootstrap gets them anyway).
USER_DEFAULTS = {
    'gender': 'U', 'blocked': False, 'email_verified': False, 'phone_verified': False,
    'photo': 'https://files.authing.co/authing-console/default-user-avatar.png',
}
APPLICATION_DEFAULTS = {
    'app_type': 'INDIVIDUAL', 'logo': 'https://files.authing.co/authing-console/default-app-logo.png',
}
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
    }
    return spec


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
        resource_items.append(res)
    item['resources'] = sorted(resource_items, key=lambda res: res['code'])
    # Agreements keep the application's order: exact mode re-applies it.
    item['agreements'] = [_clean(agreements.AGREEMENT.present(agreement), agreements.AGREEMENT.export_fields)
                          for agreement in agreements.list_agreements(ctx, app)]
    item['roles'] = _export_roles(ctx, app['id'])
    item['access_policy'] = _export_access_policy(ctx, app, app_names)
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


# -- the role: spec → bulk items, results → summary ---------------------------------------------

def _without(item, keys):
    return dict((k, v) for k, v in item.items() if k not in keys)


def _with_defaults(defaults, item):
    """The item's own options win over the role's defaults (a per-item ``groups_mode``)."""
    out = dict(defaults)
    out.update(item)
    return out


def _role_label(app, code):
    return '%s/%s' % (app, code) if app else code


def _user_role_label(value):
    if isinstance(value, dict):
        if value.get('app'):
            return _role_label(value['app'], value.get('code'))
        namespace = value.get('namespace')
        return _role_label(None if namespace in (None, DEFAULT_NAMESPACE) else namespace, value.get('code'))
    return value


class TenantPlan(object):
    """The bulk items of each entity task and the summary of their results.

    ``results`` maps entity names (``ENTITIES``) to the registered result of the task (absent or
    skipped when the task did not run). Items of an entity only depend on the spec, the purge
    switches and the results of the entities before it, so the plan can be rebuilt at any point
    of the run and gives the same items the task was given.
    """

    def __init__(self, spec, purge=None, results=None, check_mode=False):
        self.spec = dict((key, (spec or {}).get(key) or []) for key in SPEC_KEYS)
        self.purge = dict((key, bool((purge or {}).get(key))) for key in PURGE_KEYS)
        self.results = results or {}
        self.check_mode = bool(check_mode)
        self._batches = {}

    # -- public ----------------------------------------------------------------------------

    def items(self, entity):
        return self.batch(entity)['send']

    def mode(self, key):
        return 'exact' if self.purge.get(key) else 'append'

    def batch(self, entity):
        """{'send': items for the module, 'labels': label per sent item, 'blocked': [(label,
        action)] held back in check mode, 'flagged': {index: reason} sent items that change anyway}."""
        if entity not in self._batches:
            self._batches[entity] = getattr(self, '_' + entity)()
        return self._batches[entity]

    # -- what exists (check mode) -------------------------------------------------------------

    def _outcomes(self, entity):
        """[(label, status, result item)] for the entity's task, statuses create/update/change/
        delete/ok; results beyond the sent items are objects the exact mode purges."""
        description = DESCRIPTIONS[entity]
        result = self.results.get(entity) or {}
        batch = self.batch(entity)
        out = []
        for index, res in enumerate(result.get(description.plural) or []):
            # results beyond the sent items are the objects exact mode purges
            label = batch['labels'][index] if index < len(batch['labels']) else description.label(res)
            action = res.get('action', 'none')
            if action == 'none' and index in batch['flagged']:
                action = 'update'
            if action in ('none', 'delete'):
                status = {'none': 'ok', 'delete': 'delete'}[action]
            else:
                status = action if self.check_mode else 'change'
            out.append((label, status, res))
        return out

    def _new(self, entity):
        """Labels of the objects of ``entity`` that a check-mode run would create."""
        if not self.check_mode:
            return set()
        labels = set(label for label, status, _res in self._outcomes(entity) if status == 'create')
        labels.update(label for label, action in self.batch(entity)['blocked'] if action == 'create')
        return labels

    def _changed(self, entity):
        if not self.check_mode:
            return set()
        return set(label for label, status, _res in self._outcomes(entity) if status not in ('ok', 'delete'))

    def _new_users(self):
        """Every identifier of the users a check-mode run would create (rules and members name
        users by username, email, phone or id)."""
        if not self.check_mode:
            return set()
        names = set()
        batch = self.batch('users')
        for index, (_label, status, _res) in enumerate(self._outcomes('users')):
            if status == 'create' and index < len(batch['send']):
                item = batch['send'][index]
                for key in ('username', 'email', 'phone', 'external_id', 'id'):
                    if item.get(key):
                        names.add(item[key])
                        names.add(item[key].lower())
        return names

    # -- entities ------------------------------------------------------------------------------

    def _live_apps(self):
        """Applications that stay: what belongs to a deleted one goes with it."""
        return [app for app in self.spec['applications'] if app.get('state') != 'absent']

    @staticmethod
    def _batch(send=None, labels=None, blocked=None, flagged=None):
        return {'send': send or [], 'labels': labels or [], 'blocked': blocked or [], 'flagged': flagged or {}}

    def _custom_fields(self):
        items = list(self.spec['custom_fields'])
        return self._batch(items, [_custom_field_label(item) for item in items])

    def _groups(self):
        items = [_without(item, ('members', 'members_mode')) for item in self.spec['groups']]
        return self._batch(items, [item.get('code') for item in items])

    def _applications(self):
        items = [_without(item, APP_CHILDREN) for item in self.spec['applications']]
        return self._batch(items, [item.get('identifier') or item.get('id') for item in items])

    def _app_children(self, child, defaults, label, strip=()):
        """Items of every application's ``child`` list, each with its ``app``; in check mode
        those of applications the run creates are held back (created with them)."""
        new_apps = self._new('applications')
        batch = self._batch()
        for app in self._live_apps():
            ident = app.get('identifier') or app.get('id')
            for entry in app.get(child) or []:
                item = _with_defaults(defaults, _without(entry, strip))
                item['app'] = ident
                if ident in new_apps:
                    batch['blocked'].append((label(item), 'create'))
                else:
                    batch['send'].append(item)
                    batch['labels'].append(label(item))
        return batch

    def _resources(self):
        return self._app_children('resources', {'actions_mode': self.mode('actions')},
                                  lambda item: _role_label(item['app'], item.get('code')))

    def _agreements(self):
        return self._app_children('agreements', {}, _agreement_label)

    def _roles(self):
        strip = ('members', 'members_mode')
        batch = self._batch()
        for item in self.spec['roles']:
            batch['send'].append(_without(item, strip))
            batch['labels'].append(item.get('code'))
        apps = self._app_children('roles', {}, lambda item: _role_label(item['app'], item.get('code')), strip)
        for key in ('send', 'labels', 'blocked'):
            batch[key].extend(apps[key])
        return batch

    def _users(self):
        defaults = {'groups_mode': self.mode('memberships'), 'roles_mode': self.mode('memberships')}
        new_groups = self._new('groups')
        new_roles = self._new('roles')
        changed_fields = set(label for label in self._changed('custom_fields'))
        batch = self._batch()
        for item in self.spec['users']:
            item = _with_defaults(defaults, item)
            reasons = []
            if item.get('groups') and new_groups:
                kept = [code for code in item['groups'] if code not in new_groups]
                if len(kept) != len(item['groups']):
                    reasons.append('new groups')
                    item['groups'] = kept
            if item.get('roles') and new_roles:
                kept = [role for role in item['roles'] if _user_role_label(role) not in new_roles]
                if len(kept) != len(item['roles']):
                    reasons.append('new roles')
                    item['roles'] = kept
            if item.get('custom_data') and changed_fields:
                kept = dict((k, v) for k, v in item['custom_data'].items() if k not in changed_fields)
                if len(kept) != len(item['custom_data']):
                    reasons.append('new or changed custom fields')
                    item['custom_data'] = kept
            if reasons:
                batch['flagged'][len(batch['send'])] = ', '.join(reasons)
            batch['send'].append(item)
            batch['labels'].append(user_key(item))
        return batch

    def _members(self, entries, new_objects, label):
        new_users = self._new_users()
        batch = self._batch()
        for entry in entries:
            if entry.get('members') is None:
                continue
            item = _with_defaults({'members_mode': self.mode('memberships')}, entry)
            name = label(item)
            if name in new_objects or any(m in new_users or m.lower() in new_users for m in item['members']):
                batch['blocked'].append((name, 'update'))
            else:
                batch['send'].append(item)
                batch['labels'].append(name)
        return batch

    def _group_members(self):
        entries = [dict((k, v) for k, v in item.items() if k in ('code', 'members', 'members_mode', 'state'))
                   for item in self.spec['groups'] if item.get('state') != 'absent']
        return self._members(entries, self._new('groups'), lambda item: item.get('code'))

    def _role_members(self):
        keep = ('code', 'members', 'members_mode', 'app')
        entries = [dict((k, v) for k, v in item.items() if k in keep)
                   for item in self.spec['roles'] if item.get('state') != 'absent']
        for app in self._live_apps():
            for item in app.get('roles') or []:
                if item.get('state') == 'absent':
                    continue
                entry = dict((k, v) for k, v in item.items() if k in keep)
                entry['app'] = app.get('identifier') or app.get('id')
                entries.append(entry)
        return self._members(entries, self._new('roles'), lambda item: _role_label(item.get('app'), item.get('code')))

    def _access_policies(self):
        new_apps = self._new('applications')
        new_users, new_groups, new_roles = self._new_users(), self._new('groups'), self._new('roles')
        batch = self._batch()
        for app in self._live_apps():
            policy = app.get('access_policy')
            if policy is None:
                continue
            ident = app.get('identifier') or app.get('id')
            item = _with_defaults({'rules_mode': self.mode('access_rules')}, policy)
            item['app'] = ident
            if ident in new_apps:
                # A new application allows everyone and has no rule: only a policy that says
                # otherwise changes it.
                fresh = item.get('default_strategy') in (None, 'ALLOW_ALL') and (
                    not item.get('rules') or item.get('rules_mode') == 'remove')
                batch['blocked'].append((ident, 'ok' if fresh else 'create'))
                continue
            if self.check_mode and any(_target_is_new(rule, target, new_users, new_groups, new_roles)
                                       for rule in item.get('rules') or [] for target in rule.get('targets') or []):
                batch['blocked'].append((ident, 'update'))
                continue
            batch['send'].append(item)
            batch['labels'].append(ident)
        return batch

    # -- summary -------------------------------------------------------------------------------

    def summary(self):
        """Lines for the final debug task: per entity, how many objects were processed and
        which changed (or would change, in check mode), by action."""
        lines = []
        total = 0
        verbs = (('create', 'create'), ('update', 'update'), ('delete', 'delete')) if self.check_mode else (
            ('change', 'changed'), ('delete', 'deleted'))
        for entity in ENTITIES:
            by_status = {}
            outcomes = self._outcomes(entity)
            for label, status, _res in outcomes:
                by_status.setdefault(status, []).append(label)
            for label, action in self.batch(entity)['blocked']:
                by_status.setdefault(action, []).append(label)
            processed = len(outcomes) + len(self.batch(entity)['blocked'])
            changed = sum(len(v) for k, v in by_status.items() if k != 'ok')
            total += changed
            if not processed:
                continue
            parts = ['%s %d: %s' % (word, len(by_status[status]), ', '.join(sorted(str(x) for x in by_status[status])))
                     for status, word in verbs if by_status.get(status)]
            head = '%s: %d processed, %d %s' % (entity, processed, changed,
                                                'would change' if self.check_mode else 'changed')
            lines.append(head + (' (%s)' % '; '.join(parts) if parts else ''))
        if self.check_mode:
            lines.insert(0, 'check mode: %d object(s) would change; nothing was written' % total)
        else:
            lines.insert(0, 'applied: %d object(s) changed' % total)
        return lines

    def counts(self):
        """{entity: {processed, changed}} for tests and callers that want numbers."""
        out = {}
        for entity in ENTITIES:
            outcomes = self._outcomes(entity)
            blocked = self.batch(entity)['blocked']
            out[entity] = {'processed': len(outcomes) + len(blocked),
                           'changed': len([o for o in outcomes if o[1] != 'ok']) + len([b for b in blocked if b[1] != 'ok'])}
        return out


def _custom_field_label(item):
    target = item.get('target_type')
    return item.get('key') if target in (None, custom_fields.DEFAULT_TARGET) else '%s:%s' % (target, item.get('key'))


def _agreement_label(item):
    return '%s/%s (%s)' % (item.get('app'), item.get('title'), item.get('lang') or agreements.DEFAULT_LANG)


def _target_is_new(rule, target, new_users, new_groups, new_roles):
    kind = rule.get('target_type')
    if kind == 'USER':
        return target in new_users or target.lower() in new_users
    if kind == 'GROUP':
        return target in new_groups
    if kind == 'ROLE':
        namespace = rule.get('namespace')
        return _role_label(None if namespace in (None, DEFAULT_NAMESPACE) else namespace, target) in new_roles
    return False
