# -*- coding: utf-8 -*-
# Copyright (c) 2026, authing.cloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Who may log in to an application: its default strategy and its access rules (REST).

The object is the application's access configuration, so its identity is the application
(``app``, which is also the scope). ``default_strategy`` lives in the application's
``permissionStrategy``; the rules are the authorization records, one per target, modelled as a
Relation:

- ``expand`` flattens each rule of the option into one :class:`RuleTarget` per target;
- ``resolve`` maps targets to what the API wants (user ids via ``resolve_users``; group and role
  codes checked to exist; organisation nodes, by code, ``org/node`` or id, to node ids via
  ``resolve_nodes``) and fails on unknown targets before any write;
- a link is identified by ``(target_type, api identifier, role namespace)`` — the service keeps
  one record per target, and a role is only a role within its namespace — and its ``attrs`` are
  ``(effect, enabled, inherit_by_children)``, so a changed effect re-sends allow/deny and a changed
  ``enabled`` re-sends enable/disable;
- ``render`` shows the links as rules in the same shape as the option, grouped (an organisation
  node as ``org/node``, the codes of its organisation and of the node).

``namespace`` only means something for ROLE targets (the namespace of the role codes: ``default``,
or an application's id or identifier for application roles); the records do not keep it for
other targets. ``inherit_by_children`` only means something for ORG targets (default false).
``state: absent`` is "reset to the defaults": every rule revoked, default strategy ALLOW_ALL
(``normalize`` rewrites the item, so it is planned, predicted and diffed like any update).
"""

import collections

from ansible_collections.authing.cloud.plugins.module_utils.client import rest
from ansible_collections.authing.cloud.plugins.module_utils.description import (
    Entity, Field, Link, Ref, Relation, Scope, UnknownReferences, Wire)
from ansible_collections.authing.cloud.plugins.module_utils.references import RoleName, Slot, user_label

TARGET_TYPES = ['USER', 'ROLE', 'GROUP', 'ORG']
EFFECTS = ['allow', 'deny']
STRATEGIES = ['ALLOW_ALL', 'DENY_ALL']
DEFAULT_NAMESPACE = 'default'
RULE_OPTIONS = {
    'target_type': {'type': 'str', 'required': True, 'choices': TARGET_TYPES},
    'targets': {'type': 'list', 'elements': 'str', 'required': True},
    'effect': {'type': 'str', 'choices': EFFECTS, 'default': 'allow'},
    'enabled': {'type': 'bool', 'default': True},
    'namespace': {'type': 'str'},
    'inherit_by_children': {'type': 'bool'},
}
PREFIX = '/api/v2/applications/{app}/authorization/'
RECORDS = rest('authorization.records', 'GET', PREFIX + 'records')
# The application's update call, here only for its permissionStrategy.
UPDATE_APPLICATION = rest('applications.update', 'POST', '/api/v2/applications/{id}', idempotent=True)
# The records as read, by application id: add_rules compares against them.
RECORDS_READ = Slot('access records of an application')
CALLS = dict((name, rest('authorization.' + name, 'POST', PREFIX + path, idempotent=True)) for name, path in (
    ('allow', 'allow'), ('deny', 'deny'), ('enable', 'enable-effect'), ('disable', 'disable-effect'), ('revoke', 'revoke')))


class RuleTarget(collections.namedtuple('RuleTarget', 'target_type target namespace effect enabled inherit')):
    """One target of one rule, as written (hashable, sortable: every field has one type)."""

    def __str__(self):
        return '%s %s' % (self.target_type, self.target) + (
            ' (namespace %s)' % self.namespace if self.target_type == 'ROLE' else '')


def expand_rules(rules):
    out = []
    for rule in rules:
        role = rule['target_type'] == 'ROLE'
        for target in rule['targets']:
            out.append(RuleTarget(rule['target_type'], target, (rule.get('namespace') or DEFAULT_NAMESPACE) if role else '',
                                  rule.get('effect') or 'allow', rule.get('enabled') is not False,
                                  bool(rule.get('inherit_by_children')) and rule['target_type'] == 'ORG'))
    return out


def validate(item):
    seen = set()
    for rule in item.get('rules') or []:
        if rule.get('namespace') and rule['target_type'] != 'ROLE':
            yield 'namespace only applies to ROLE rules (%s rule for %s)' % (rule['target_type'], ', '.join(rule['targets']))
        if rule.get('inherit_by_children') is not None and rule['target_type'] != 'ORG':
            yield 'inherit_by_children only applies to ORG rules (%s rule for %s)' % (
                rule['target_type'], ', '.join(rule['targets']))
        for target in rule['targets']:
            key = (rule['target_type'], target, (rule.get('namespace') or DEFAULT_NAMESPACE) if rule['target_type'] == 'ROLE' else '')
            if key in seen:
                yield '%s %s is in more than one rule' % key[:2]
            seen.add(key)


def normalize(ctx, item):
    """``state: absent`` means every rule revoked and the default strategy back to ALLOW_ALL."""
    if item.get('state') != 'absent':
        return item
    return dict(item, state='present', default_strategy='ALLOW_ALL', rules=[], rules_mode='exact')


def _resolvable(resolve, names):
    """What ``resolve`` finds among names; the unknown ones are reported with the other targets."""
    try:
        return resolve(names)
    except UnknownReferences as exc:
        unknown = set(exc.refs)
        return resolve([name for name in names if name not in unknown])  # cached: no request


def resolve_rules(ctx, refs):
    """RuleTarget → Ref(id=(type, api identifier, role namespace), label, attrs); unknown targets raise.

    Users, groups and roles are looked up by the references layer (batched, cached).
    """
    users = _resolvable(ctx.refs.resolve_users, sorted(set(ref.target for ref in refs if ref.target_type == 'USER')))
    groups = _resolvable(ctx.refs.resolve_groups, sorted(set(ref.target for ref in refs if ref.target_type == 'GROUP')))
    role_names = dict((ref[:3], RoleName(ref.target) if ref.namespace == DEFAULT_NAMESPACE else RoleName(ref.target, app=ref.namespace))
                      for ref in refs if ref.target_type == 'ROLE')
    roles = _resolvable(ctx.refs.resolve_roles, sorted(set(role_names.values())))
    known = dict((('USER', name, ''), (user.id, user.label, '')) for name, user in users.items())
    known.update((('GROUP', code, ''), (code, code, '')) for code in groups)
    known.update((key, (key[1], key[1], roles[name].id[0])) for key, name in role_names.items() if name in roles)
    node_names = sorted(set(ref.target for ref in refs if ref.target_type == 'ORG'))
    nodes = _resolvable(ctx.refs.resolve_nodes, node_names) if node_names else {}
    known.update((('ORG', name, ''), (node.id, node.label, '')) for name, node in nodes.items())
    unknown = [ref for ref in refs if ref[:3] not in known]
    if unknown:
        raise UnknownReferences('rule target', unknown)
    return dict((ref, _link(ref.target_type, *(known[ref[:3]] + (ref.effect, ref.enabled, ref.inherit)))) for ref in refs)


def _link(target_type, identifier, label, namespace, effect, enabled, inherit):
    return Ref((target_type, identifier, namespace), label, (effect, enabled, inherit))


def read_rules(ctx, config):
    """The application's records as links (cached: ``add`` needs the state they were in).

    The targets they name exist, so they also seed the resolver's caches: a rerun that names the
    same targets looks nothing up.
    """
    links = {}
    for record in ctx.client.paginate(RECORDS, path={'app': config['id']}):
        target_type, target = record['targetType'], record.get('target') or {}
        namespace = (record.get('targetNamespace') or target.get('namespace') or DEFAULT_NAMESPACE) if target_type == 'ROLE' else ''
        _remember(ctx, target_type, record['targetIdentifier'], namespace, target)
        label = _label(ctx, target_type, record['targetIdentifier'], target)
        statements = (record.get('policy') or {}).get('statements') or [{}]
        effect = (statements[0].get('effect') or 'ALLOW').lower()
        link = _link(target_type, record['targetIdentifier'], label, namespace, effect, bool(record.get('enabled')),
                     bool(record.get('inheritByChildren')) and target_type == 'ORG')
        links[link.id] = link
    ctx.memo.put(RECORDS_READ, config['id'], links)
    return list(links.values())


def _label(ctx, target_type, identifier, target):
    """How a record's target is shown: a user by username (else email...), a node as ``org/node``."""
    if target_type == 'USER' and target.get('id'):
        return user_label(target)
    if target_type == 'ORG':
        nodes = ctx.refs.node_index().get(identifier) or []
        if nodes and nodes[0].get('code'):
            return '%s/%s' % (nodes[0]['org'], nodes[0]['code'])
    return identifier


def _remember(ctx, target_type, identifier, namespace, target):
    """Targets that current records name exist: seed the resolvers' caches, so a rerun looks nothing up."""
    if target_type == 'USER' and target.get('id'):
        ctx.refs.remember_users([target])
    elif target_type == 'GROUP':
        ctx.refs.remember_groups([identifier])
    elif target_type == 'ROLE':
        ctx.refs.role_ref(namespace, identifier)


def _send(ctx, config, name, refs, inherit=None):
    """One call per (target type, namespace): the API takes a list of identifiers of one type."""
    groups = collections.OrderedDict()
    for ref in refs:
        groups.setdefault((ref.id[0], ref.id[2]), []).append(ref.id[1])
    for (target_type, namespace), identifiers in groups.items():
        ctx.client.call(CALLS[name], path={'app': config['id']}, body={
            'targetType': target_type, 'targetIdentifiers': identifiers, 'namespace': namespace or config['id'],
            'inheritByChildren': inherit if target_type == 'ORG' else None})


def add_rules(ctx, config, refs):
    """allow/deny where the record is missing or its effect (or ORG inheritance) differs, then
    enable/disable where ``enabled`` is not what the rule wants."""
    current = dict(ctx.memo.peek(RECORDS_READ, config['id']) or {})
    grants = collections.OrderedDict()
    toggles = {True: [], False: []}
    for ref in refs:
        have = current.get(ref.id)
        effect, enabled, inherit = ref.attrs
        if have is None or have.attrs[0] != effect or have.attrs[2] != inherit:
            grants.setdefault((effect, inherit), []).append(ref)
        if (have.attrs[1] if have is not None else True) != enabled:
            toggles[enabled].append(ref)
    for (effect, inherit), grouped in grants.items():
        _send(ctx, config, effect, grouped, inherit)
    for enabled, grouped in toggles.items():
        if grouped:
            _send(ctx, config, 'enable' if enabled else 'disable', grouped)


def render_rules(links):
    """Links shown as rules, in the shape of the ``rules`` option (one rule per attribute set)."""
    rules = collections.OrderedDict()
    for link in sorted(links, key=lambda ref: (ref.id[0], ref.id[2], ref.attrs, ref.label)):
        target_type, _identifier, namespace = link.id
        effect, enabled, inherit = link.attrs
        rule = rules.setdefault((target_type, namespace, link.attrs), {
            'target_type': target_type, 'targets': [], 'effect': effect, 'enabled': enabled,
            'namespace': namespace or None, 'inherit_by_children': inherit if target_type == 'ORG' else None})
        rule['targets'].append(link.label)
    return list(rules.values())


# The scope of authing_access_policy_info without ``app``: every application. (The state module
# never gets here: without ``app`` an item has no identity and fails first.)
EVERY_APPLICATION = {'id': None}


def resolve_scope(ctx, ref):
    return ctx.refs.resolve_app(ref) if ref is not None else EVERY_APPLICATION


def info_list(ctx, params, app):
    """``info_list`` behaviour: one application's configuration, or every application's."""
    return [config_of(each) for each in (ctx.refs.applications() if app is EVERY_APPLICATION else [app])]


def config_of(app):
    """The access configuration of an application: the object this entity manages."""
    strategy = app.get('permissionStrategy') or {}
    return {'id': app['id'], 'app': app['identifier'], 'defaultStrategy': strategy.get('defaultStrategy') or 'ALLOW_ALL'}


def set_strategy(ctx, config, payload):
    strategy = {'defaultStrategy': payload['defaultStrategy']} if payload.get('defaultStrategy') else {}
    with ctx.refs.changing_applications():
        return config_of(ctx.client.call(UPDATE_APPLICATION, path={'id': config['id']},
                                         body={'permissionStrategy': strategy}))


def reset(ctx, config):
    """Revoke every rule and allow everyone (never reached through modules: see ``normalize``)."""
    links = read_rules(ctx, config)
    if links:
        _send(ctx, config, 'revoke', links)
    set_strategy(ctx, config, {'defaultStrategy': 'ALLOW_ALL'})


WIRE = Wire(
    find=lambda ctx, app_ref, app: config_of(app),
    list_all=lambda ctx, app: [config_of(app)],
    create=lambda ctx, payload, app, recheck: set_strategy(ctx, config_of(app), payload),
    update=lambda ctx, config, payload, app, recheck: set_strategy(ctx, config, payload),
    delete=lambda ctx, config, app, recheck: reset(ctx, config),
    links={'rules': Link(read=read_rules, add=add_rules, remove=lambda ctx, config, refs: _send(ctx, config, 'revoke', refs))},
)

ACCESS_POLICY = Entity(
    name='access_policy',
    plural='access_policies',
    key='app',
    singleton=True,
    scope=Scope('app', resolve=resolve_scope, kind='application', required=False),
    fields=[
        Field('app'),  # the identity: an id or an identifier
        Field('default_strategy', api='defaultStrategy', choices=STRATEGIES),
    ],
    read_only=[Field('app_id', api='id')],
    relations=[Relation('rules', elements='dict', options=RULE_OPTIONS, expand=expand_rules, resolve=resolve_rules,
                        render=render_rules)],
    identity=lambda item: item.get('app'),
    identities=lambda config: [config['app'], config['id']],
    normalize=normalize,
    validate=validate,
    info_list=info_list,
    wire=WIRE,
)
