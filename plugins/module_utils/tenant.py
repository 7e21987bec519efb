# -*- coding: utf-8 -*-
# Copyright (c) 2026, authing.cloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The tenant as a whole: one spec, one plan, one process (``authing_tenant``, the tenant role).

The spec (the format ``tenant_export.read_tenant`` writes)::

    custom_fields: [{key, data_type, label, options, target_type}]
    groups:        [{code, name, description[, members, members_mode]}]
    roles:         [{code, description[, members, members_mode]}]      # namespace "default"
    users:         [{username | email | phone | external_id, <profile fields>, password,
                     custom_data: {}, groups: [code], roles: [code | {app, code}]}]
    applications:  [{identifier, name, description, redirect_uris, logo, app_type,
                     resources: [...], agreements: [...], roles: [...],
                     access_policy: {default_strategy, rules: [...]}}]

It becomes steps in dependency order (:data:`STEPS`), each the items of one entity. A run:

1. checks the shape of every item against its entity's options, and reports every problem
   with its path in the spec (``users[12].groups``) before anything is read;
2. predicts the whole tenant (reads only): each step is planned against the server plus what
   the earlier steps would do (the context's ledger and the references' declarations), so a
   user may name a group the spec creates; every problem of every step is collected, and the
   run fails before the first write if there is any;
3. in check mode, that prediction is the result; otherwise the steps that would change run
   for real, with only their changing items (a no-op rerun reads and writes nothing more).

One token, one connection pool and one cache serve the whole run; link writes of many users
(group memberships, role assignments) go in batches.
"""

import collections

from ansible.module_utils.common.arg_spec import ArgumentSpecValidator
from ansible.module_utils.common.parameters import _list_no_log_values

from ansible_collections.authing.cloud.plugins.module_utils import stages
from ansible_collections.authing.cloud.plugins.module_utils.engine import ReconcileError
from ansible_collections.authing.cloud.plugins.module_utils.entities import (
    access_policies, agreements, applications, custom_fields, groups, orgs, policies, resources, roles, users)

SPEC_KEYS = ('custom_fields', 'groups', 'roles', 'users', 'applications', 'orgs', 'policies')
APP_CHILDREN = ('resources', 'agreements', 'roles', 'access_policy', 'policies')
MEMBERS = ('members', 'members_mode')
# How many objects a summary line names per action (the result's ``changes`` lists every one).
SUMMARY_NAMES = 20
PERMISSIONS = ('permissions', 'permissions_mode')
# Purge switches: what becomes exact (objects not listed are deleted; lists become exactly the spec).
PURGE_KEYS = ('custom_fields', 'groups', 'roles', 'users', 'applications', 'resources', 'agreements',
              'memberships', 'access_rules', 'actions', 'orgs', 'policies', 'permissions')


class Step(object):
    """One entity's part of the spec, in dependency order: ``entity``, the purge switch that
    makes its list exact, ``items(spec, purge)`` → [(path in the spec, item)], and ``parts``:
    [(name, part entity, derive)] whose items ``derive(items)`` → [(items, mode)] come from the
    step's own (an organisation's nodes), reconciled right after it, one at a time.

    ``after``: the earlier steps whose objects this one may name, so it is written once they
    are (None: every earlier step). Predictions still go in list order."""

    def __init__(self, name, entity, purge, items, parts=(), after=None):
        self.name = name
        self.entity = entity
        self.purge = purge
        self.items = items
        self.parts = parts
        self.after = after


def mode_of(purge, key):
    return 'exact' if purge.get(key) else 'append'


def _with(defaults, item, strip=()):
    """The item's own options win over the step's defaults; ``strip`` belongs to another step."""
    out = dict(defaults)
    out.update((k, v) for k, v in item.items() if k not in strip)
    return out


def _live_apps(spec):
    """(index, application) of those that stay: what belongs to a deleted one goes with it."""
    return [(index, app) for index, app in enumerate(spec.get('applications') or [])
            if isinstance(app, dict) and app.get('state') != 'absent']


def _listed(spec, key, defaults=None, strip=()):
    return [('%s[%d]' % (key, index), _with(defaults or {}, item, strip) if isinstance(item, dict) else item)
            for index, item in enumerate(spec.get(key) or [])]


def _app_children(spec, child, defaults=None, strip=()):
    out = []
    for index, app in _live_apps(spec):
        for position, entry in enumerate(app.get(child) or []):
            item = _with(defaults or {}, entry, strip) if isinstance(entry, dict) else entry
            if isinstance(item, dict):
                item['app'] = app.get('identifier') or app.get('id')
            out.append(('applications[%d].%s[%d]' % (index, child, position), item))
    return out


def _linked(entries, links):
    """The items that list links to objects later steps create (members, permissions), with just
    their key and those links: applied after the objects they name."""
    return [(path, dict((k, v) for k, v in item.items() if k in ('code', 'app', 'state') + links))
            for path, item in entries if isinstance(item, dict) and item.get(links[0]) is not None
            and item.get('state') != 'absent']


def _members(entries):
    """Group or role items that list members: applied after the users (who may be new)."""
    return _linked(entries, MEMBERS)


def _roles(spec, purge):
    return _listed(spec, 'roles', strip=MEMBERS) + _app_children(spec, 'roles', strip=MEMBERS)


def _role_members(spec, purge):
    defaults = {'members_mode': mode_of(purge, 'memberships')}
    return _members(_listed(spec, 'roles', defaults) + _app_children(spec, 'roles', defaults))


def _links_mode(purge, *relations):
    """The memberships switch decides every membership-like list: members, roles, assignments."""
    return dict((relation + '_mode', mode_of(purge, 'memberships')) for relation in relations)


def _access_policies(spec, purge):
    out = []
    for index, app in _live_apps(spec):
        policy = app.get('access_policy')
        if policy is not None:
            item = _with({'rules_mode': mode_of(purge, 'access_rules')}, policy) if isinstance(policy, dict) else policy
            if isinstance(item, dict):
                item['app'] = app.get('identifier') or app.get('id')
            out.append(('applications[%d].access_policy' % index, item))
    return out


STEPS = (
    Step('custom_fields', custom_fields.CUSTOM_FIELD, 'custom_fields', lambda spec, purge: _listed(spec, 'custom_fields'),
         after=()),
    Step('groups', groups.GROUP, 'groups', lambda spec, purge: _listed(spec, 'groups', strip=MEMBERS), after=()),
    Step('applications', applications.APPLICATION, 'applications',
         lambda spec, purge: _listed(spec, 'applications', strip=APP_CHILDREN), after=()),
    Step('resources', resources.RESOURCE, 'resources',
         lambda spec, purge: _app_children(spec, 'resources', {'actions_mode': mode_of(purge, 'actions')}, PERMISSIONS),
         after=('applications',)),
    Step('agreements', agreements.AGREEMENT, 'agreements', lambda spec, purge: _app_children(spec, 'agreements'),
         after=('applications',)),
    Step('roles', roles.ROLE, 'roles', _roles, after=('applications',)),
    Step('users', users.USER, 'users', lambda spec, purge: _listed(spec, 'users', {
        'groups_mode': mode_of(purge, 'memberships'), 'roles_mode': mode_of(purge, 'memberships')}),
        after=('custom_fields', 'groups', 'applications', 'roles')),
    Step('group_members', groups.GROUP, None, lambda spec, purge: _members(
        _listed(spec, 'groups', {'members_mode': mode_of(purge, 'memberships')})), after=('groups', 'users')),
    Step('role_members', roles.ROLE, None, _role_members, after=('applications', 'roles', 'users')),
    Step('orgs', orgs.ORG, 'orgs', lambda spec, purge: _listed(spec, 'orgs', _links_mode(purge, 'members', 'roles')),
         parts=(('org_nodes', orgs.ORG_NODE, orgs.node_items),)),
    Step('policies', policies.POLICY, 'policies', lambda spec, purge: (
        _listed(spec, 'policies', _links_mode(purge, 'users', 'groups'))
        + _app_children(spec, 'policies', _links_mode(purge, 'users', 'groups')))),
    Step('access_policies', access_policies.ACCESS_POLICY, None, _access_policies),
    # last: a permission may name any role, group, user or node the spec creates
    Step('permissions', resources.RESOURCE, None, lambda spec, purge: _linked(
        _app_children(spec, 'resources', {'permissions_mode': mode_of(purge, 'permissions')}), PERMISSIONS)),
)


class TenantError(Exception):
    """The run failed: ``problems`` (spec paths and messages) or a step's failure, plus what
    was done before it (``outcome``)."""

    def __init__(self, message, problems=None, outcome=None, error=None):
        super(TenantError, self).__init__(message)
        self.problems = problems or []
        self.outcome = outcome
        self.error = error
        self.code = getattr(error, 'code', None)
        self.trace = getattr(error, 'trace', None)


class Outcome(object):
    """What a run did (or would do): per step, each item's label, result and diff."""

    def __init__(self, check_mode):
        self.check_mode = check_mode
        self.steps = []  # (step name, [(label, result, diff)], order changes)

    @classmethod
    def of(cls, runs, check_mode):
        """The outcome of the stages' runs (``stages.Run``)."""
        outcome = cls(check_mode)
        for run in runs:
            entries = []
            for record in run.records:
                result, diff = run.reconciler.item_result(record)
                entries.append((step_label(run.stage.entity, record['item']), result, diff))
            outcome.steps.append((run.stage.name, entries, [c['after'] for c in run.reconciler.order_changes]))
        return outcome

    def add_results(self, step, labels, results):
        """Item results a module task registered (``labels`` of the items sent, in order; the
        results beyond them are objects its exact mode purged)."""
        entries = [(labels[index] if index < len(labels) else step.entity.label(result), result, {})
                   for index, result in enumerate(results)]
        self.steps.append((step.name, entries, []))

    @property
    def changed(self):
        return any(result['changed'] for _n, entries, _o in self.steps for _l, result, _d in entries) or any(
            order for _n, _e, order in self.steps)

    def counts(self):
        out = {}
        for name, entries, order in self.steps:
            actions = [result['action'] for _label, result, _diff in entries]
            out[name] = dict(processed=len(entries), changed=len([a for a in actions if a != 'none']) + (1 if order else 0),
                             **dict((action, actions.count(action)) for action in ('create', 'update', 'delete')))
        return out

    def changes(self):
        """{step: {create: [labels], update: [...], delete: [...]}}, only what changes."""
        out = {}
        for name, entries, order in self.steps:
            by_action = {}
            for label, result, _diff in entries:
                if result['action'] != 'none':
                    by_action.setdefault(result['action'], []).append(label)
            if order:
                by_action['order'] = order
            if by_action:
                out[name] = by_action
        return out

    def summary(self):
        lines, total = [], 0
        for name, entries, order in self.steps:
            by_action = {}
            for label, result, _diff in entries:
                by_action.setdefault(result['action'], []).append(label)
            changed = sum(len(v) for k, v in by_action.items() if k != 'none') + (1 if order else 0)
            total += changed
            if not entries:
                continue
            parts = ['%s %d: %s' % (action, len(by_action[action]), _some(by_action[action]))
                     for action in ('create', 'update', 'delete') if by_action.get(action)]
            if order:
                parts.append('order: %s' % ' | '.join(', '.join(o) for o in order))
            head = '%s: %d processed, %d %s' % (name, len(entries), changed,
                                                'would change' if self.check_mode else 'changed')
            lines.append(head + (' (%s)' % '; '.join(parts) if parts else ''))
        lines.insert(0, 'check mode: %d object(s) would change; nothing was written' % total if self.check_mode
                     else 'applied: %d object(s) changed' % total)
        return lines

    def diffs(self):
        return [diff for _n, entries, _o in self.steps for _l, result, diff in entries if result['changed']]


def _some(labels):
    """The labels of a summary line, sorted; past SUMMARY_NAMES only how many more (a line that
    names 10,000 users helps nobody: ``changes`` has them all)."""
    labels = sorted(str(label) for label in labels)
    if len(labels) <= SUMMARY_NAMES:
        return ', '.join(labels)
    return '%s ... and %d more (see changes)' % (', '.join(labels[:SUMMARY_NAMES]), len(labels) - SUMMARY_NAMES)


def step_label(entity, item):
    """How an object is named in the summary: its label, after its application if it has one."""
    label = entity.label(item)
    scope = entity.scope
    app = item.get(scope.option) if scope is not None and scope.kind == 'application' else None
    return '%s/%s' % (app, label) if app and entity.key != scope.option else label


class Tenant(object):
    """Validate, predict and apply a whole tenant spec with one client."""

    def __init__(self, client, spec, purge=None, concurrency=16, check_mode=False, progress=None):
        self.client = client
        self.spec = spec or {}
        self.purge = dict((key, bool((purge or {}).get(key))) for key in PURGE_KEYS)
        self.concurrency = concurrency
        self.check_mode = check_mode
        # progress(phase, step name, done, total): 'checking' or 'writing', per item
        self.progress = progress

    def run(self):
        steps = self._validated_steps()
        paths = dict((step.name, items) for step, items in steps)
        paths.update((name, []) for step, _items in steps for name, _entity, _derive in step.parts)
        try:
            predicted, _ctx = stages.predict(self.client, [stage for step, items in steps for stage in self._stages(step, items)],
                                             whole_objects=False)
        except stages.StagesFailed as exc:
            problems = [problem for stage, error in exc.failures for problem in _located(error, paths[stage.name])]
            raise TenantError(_problem_message(problems), problems)
        except ReconcileError as exc:
            raise TenantError('Failed to read the tenant: %s' % exc, error=exc)
        outcome = Outcome.of(predicted, check_mode=self.check_mode)
        if self.check_mode or not outcome.changed:
            return outcome
        try:
            return Outcome.of(stages.apply(self.client, predicted, whole_objects=False), check_mode=False)
        except stages.StagesFailed as exc:
            raise TenantError('%s: %s' % (exc.runs[-1].stage.name, exc.error), outcome=Outcome.of(exc.runs, False),
                              error=exc.error)

    def _stages(self, step, items):
        """The step's stage, then its parts' (derived from its items, written one at a time)."""
        own = [item for _path, item in items]
        yield stages.Stage(step.entity, own, self._bulk_mode(step), self.concurrency, step.name, self._progress(step.name),
                           step.after)
        for name, entity, derive in step.parts:
            for part_items, mode in derive(own):
                yield stages.Stage(entity, part_items, mode, 1, name, self._progress(name))

    def _progress(self, name):
        if self.progress is None:
            return None
        return lambda phase, done, total: self.progress(phase, name, done, total)

    def _bulk_mode(self, step):
        return mode_of(self.purge, step.purge) if step.purge else 'append'

    # -- the shape of every item -----------------------------------------------------------------

    def _validated_steps(self):
        problems = []
        unknown = sorted(set(self.spec) - set(SPEC_KEYS))
        if unknown:
            problems.append('%s: not part of a tenant spec (known: %s)' % (', '.join(unknown), ', '.join(SPEC_KEYS)))
        for key in SPEC_KEYS:
            if self.spec.get(key) is not None and not isinstance(self.spec[key], list):
                problems.append('%s: must be a list, got %s' % (key, type(self.spec[key]).__name__))
        if problems:
            raise TenantError(_problem_message(problems), problems)
        steps = []
        for step in STEPS:
            spec = step.entity.item_spec(bulk_item=True)
            validator = ArgumentSpecValidator(spec)
            items = []
            for path, item in step.items(self.spec, self.purge):
                if not isinstance(item, dict):
                    problems.append('%s: must be a mapping of options, got %r' % (path, item))
                    continue
                result = validator.validate(dict(item, state=item.get('state') or 'present'))
                problems.extend('%s: %s' % (path, message) for message in result.error_messages)
                items.append((path, result.validated_parameters))
            steps.append((step, items))
        if problems:
            problems = list(collections.OrderedDict.fromkeys(problems))
            raise TenantError(_problem_message(problems), problems)
        return steps


def _located(exc, items):
    """The engine's problems, each with the path of its item in the spec."""
    paths = dict((id(item), path) for path, item in items)
    located = []
    for record, where, message in exc.problems:
        path = paths.get(id(record.get('raw'))) if record is not None else None
        located.append('%s%s: %s' % (path or _named(record), '.' + where if where and path else '', message))
    return located or [str(exc)]


def _named(record):
    """Where a problem is when its item is not one of the spec (a purge, an organisation's node)."""
    return record['key'] if record is not None and record.get('key') else '(the spec)'


def _problem_message(problems):
    return 'The tenant spec has %d problem(s); nothing was written:\n- %s' % (len(problems), '\n- '.join(problems))


def spec_secret_values(spec):
    """The values of the spec's no_log options (users' passwords): the module hides them wherever
    it shows its parameters, as Ansible does for a module's own no_log options. A malformed item
    is skipped (the shape check reports it)."""
    values = set()
    if not isinstance(spec, dict):
        return values
    shaped = dict((key, value) for key, value in spec.items() if key in SPEC_KEYS and isinstance(value, list))
    for step in STEPS:
        option_spec = step.entity.item_spec(bulk_item=True)
        try:
            items = step.items(shaped, {})
        except (TypeError, AttributeError):
            continue
        for _path, item in items:
            if isinstance(item, dict):
                try:
                    values.update(_list_no_log_values(option_spec, item))
                except (TypeError, ValueError):
                    continue
    return values
