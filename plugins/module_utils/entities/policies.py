# -*- coding: utf-8 -*-
# Copyright (c) 2026, authing.cloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Policies (GraphQL), wire reference (orgs, ACL, policies) §3: keyed by ``code`` within a
namespace, like roles: the pool's ``default`` namespace when ``app`` is omitted, else the
application's (its id).

``statements`` are ``{resource, actions, effect, condition}``. The service fills ``effect: ALLOW``
and ``condition: []`` when they are not given, so both sides are compared in one spelling (see
``canonical_statement``): effect upper case, default ALLOW; condition a list, default empty;
actions without duplicates, sorted; conditions sorted. Statements compare as a set (their order
is not managed): a policy is evaluated IAM-style, every statement that matches a resource and an
action counts and an explicit DENY wins over any ALLOW, whatever the order. ``updatePolicy``
replaces the statements wholesale; ``newCode`` renames.

Assignments are the relations ``users`` (target USER, the user id) and ``groups`` (target GROUP,
the group code), read with ``policyAssignments`` filtered by namespace, code and target type,
written with ``addPolicyAssignments`` / ``removePolicyAssignments`` (idempotent: assigning twice
or removing what is not assigned succeeds). Targets are named through the references layer.
"""

import json

from ansible_collections.authing.cloud.plugins.module_utils.client import graphql
from ansible_collections.authing.cloud.plugins.module_utils.description import (
    Entity, Field, Link, Ref, Relation, Scope, UnknownReferences, Wire, chunks, ids_of)

EFFECTS = ('ALLOW', 'DENY')
CONDITION_KEYS = ('param', 'operator', 'value')
STATEMENT_OPTIONS = {
    'resource': {'type': 'str', 'required': True},
    'actions': {'type': 'list', 'elements': 'str', 'required': True},
    'effect': {'type': 'str', 'choices': list(EFFECTS)},
    'condition': {'type': 'list', 'elements': 'dict', 'options': {
        'param': {'type': 'str', 'required': True},
        'operator': {'type': 'str', 'required': True},
        'value': {'type': 'raw', 'required': True},
    }},
}
STATEMENT_FIELDS = 'statements { resource actions effect condition { param operator value } }'
POLICY_FIELDS = 'namespace code isDefault description %s createdAt updatedAt' % STATEMENT_FIELDS
STATEMENTS_TYPE = '[PolicyStatementInput!]'

FIND = graphql('query policy($namespace: String, $code: String!) '
               '{ policy(code: $code, namespace: $namespace) { %s } }' % POLICY_FIELDS)
LIST = graphql('query policies($page: Int, $limit: Int, $namespace: String) '
               '{ policies(page: $page, limit: $limit, namespace: $namespace) { totalCount list { %s } } }'
               % POLICY_FIELDS)
CREATE = graphql('mutation createPolicy($namespace: String, $code: String!, $description: String, '
                 '$statements: %s!) { createPolicy(namespace: $namespace, code: $code, description: $description, '
                 'statements: $statements) { %s } }' % (STATEMENTS_TYPE, POLICY_FIELDS))
UPDATE = graphql('mutation updatePolicy($namespace: String, $code: String!, $description: String, '
                 '$statements: %s, $newCode: String) { updatePolicy(namespace: $namespace, code: $code, '
                 'description: $description, statements: $statements, newCode: $newCode) { %s } }'
                 % (STATEMENTS_TYPE, POLICY_FIELDS))
DELETE = graphql('mutation deletePolicy($code: String!, $namespace: String) '
                 '{ deletePolicy(code: $code, namespace: $namespace) { message code } }')
ASSIGNMENTS = graphql(
    'query policyAssignments($namespace: String, $code: String, $targetType: PolicyAssignmentTargetType, '
    '$targetIdentifier: String, $page: Int, $limit: Int) { policyAssignments(namespace: $namespace, code: $code, '
    'targetType: $targetType, targetIdentifier: $targetIdentifier, page: $page, limit: $limit) '
    '{ totalCount list { code targetType targetIdentifier } } }')
ADD = graphql('mutation addPolicyAssignments($policies: [String!]!, $targetType: PolicyAssignmentTargetType!, '
              '$targetIdentifiers: [String!], $inheritByChildren: Boolean, $namespace: String) '
              '{ addPolicyAssignments(policies: $policies, targetType: $targetType, '
              'targetIdentifiers: $targetIdentifiers, inheritByChildren: $inheritByChildren, namespace: $namespace) '
              '{ message code } }', idempotent=True)
REMOVE = graphql('mutation removePolicyAssignments($policies: [String!]!, $targetType: PolicyAssignmentTargetType!, '
                 '$targetIdentifiers: [String!], $namespace: String) { removePolicyAssignments(policies: $policies, '
                 'targetType: $targetType, targetIdentifiers: $targetIdentifiers, namespace: $namespace) '
                 '{ message code } }', idempotent=True)

# Targets per assignment call: the service takes a list; chunks keep each request small.


# -- statements ------------------------------------------------------------------------------

def _sorted_json(values):
    return sorted(values, key=lambda value: json.dumps(value, sort_keys=True))


def _conditions_ok(conditions):
    return isinstance(conditions, list) and all(
        isinstance(c, dict) and set(c) <= set(CONDITION_KEYS) and c.get('param') and c.get('operator')
        and c.get('value') is not None for c in conditions)


def canonical_statement(statement):
    """One statement in the spelling the service stores, for both sides of a comparison. A
    statement of another shape stays as it is, for ``validate``."""
    if (not isinstance(statement, dict) or not isinstance(statement.get('actions'), list)
            or set(statement) - set(STATEMENT_OPTIONS)):
        return statement
    effect = statement.get('effect') or 'ALLOW'
    conditions = statement.get('condition') or []
    if _conditions_ok(conditions):
        conditions = _sorted_json(dict((k, c[k]) for k in CONDITION_KEYS) for c in conditions)
    return {'resource': statement.get('resource'), 'actions': sorted(set(statement['actions']), key=str),
            'effect': effect.upper() if isinstance(effect, str) else effect, 'condition': conditions}


def canonical_statements(statements):
    if not isinstance(statements, list):
        return statements
    return [canonical_statement(statement) for statement in statements]


def normalize(ctx, item):
    return dict(item, statements=canonical_statements(item.get('statements')))


def _statement_problems(statement):
    if not isinstance(statement, dict):
        yield 'a statement is a dict with resource, actions, effect and condition, got %r' % (statement,)
        return
    unknown = sorted(set(statement) - set(STATEMENT_OPTIONS))
    if unknown:
        yield 'unknown keys %s (known: %s)' % (', '.join(unknown), ', '.join(sorted(STATEMENT_OPTIONS)))
    if not isinstance(statement.get('resource'), str) or not statement['resource']:
        yield 'resource is required'
    actions = statement.get('actions')
    if not isinstance(actions, list) or not actions:
        yield 'actions must list at least one action'
    elif not all(isinstance(action, str) and action for action in actions):
        yield 'every action is a non-empty string, got %r' % (actions,)
    if statement.get('effect') not in EFFECTS + (None,):
        yield 'effect must be one of %s, got %r' % (', '.join(EFFECTS), statement['effect'])
    conditions = statement.get('condition')
    if conditions is not None and not _conditions_ok(conditions):
        yield 'condition is a list of dicts with param, operator and value, got %r' % (conditions,)


def validate(item):
    statements = item.get('statements')
    if statements is None or item.get('state') == 'absent':
        return
    if not isinstance(statements, list) or not statements:
        yield 'statements must list at least one statement'
        return
    for index, statement in enumerate(statements):
        for problem in _statement_problems(statement):
            yield 'statements[%d]: %s' % (index, problem)


def statements_to_api(statements):
    """What the API takes: a condition only when there is one (the SDK's documents do the same)."""
    return [dict((k, v) for k, v in statement.items() if k != 'condition' or v) for statement in statements]


# -- assignments ------------------------------------------------------------------------------

def _assigned(ctx, policy, target_type):
    variables = {'namespace': policy['namespace'], 'code': policy['code'], 'targetType': target_type}
    return [a['targetIdentifier'] for a in ctx.client.paginate(ASSIGNMENTS, variables)
            if a.get('targetType') == target_type and a.get('code') == policy['code']]


def read_users(ctx, policy):
    ids = _assigned(ctx, policy, 'USER')
    if not ids:
        return []
    try:
        found = ctx.refs.resolve_users(ids)
    except UnknownReferences as exc:  # deleted since the read: shown by id
        gone = set(exc.refs)
        found = ctx.refs.resolve_users([i for i in ids if i not in gone]) if len(gone) < len(ids) else {}
        found.update((i, Ref(i, i)) for i in gone)
    return [Ref(i, found[i].label) for i in ids]


def read_groups(ctx, policy):
    codes = _assigned(ctx, policy, 'GROUP')
    ctx.refs.remember_groups(codes)
    return [Ref(code, code) for code in codes]


def _assign(operation, target_type):
    def write(ctx, policy, refs):
        for chunk in chunks(ids_of(refs)):
            ctx.client.call(operation, {'policies': [policy['code']], 'targetType': target_type,
                                        'targetIdentifiers': chunk, 'namespace': policy['namespace']})
    return write


def _in(scope, payload):
    return dict(payload, namespace=scope['namespace'])


WIRE = Wire(
    find=lambda ctx, code, scope: ctx.client.call(FIND, {'code': code, 'namespace': scope['namespace']}),
    list_all=lambda ctx, scope: ctx.client.paginate(LIST, {'namespace': scope['namespace']}),
    create=lambda ctx, payload, scope, recheck: ctx.client.call(CREATE, _in(scope, payload), recheck=recheck),
    update=lambda ctx, policy, payload, scope, recheck: ctx.client.call(
        UPDATE, _in(scope, dict(payload, code=policy['code'])), recheck=recheck),
    delete=lambda ctx, policy, scope, recheck: ctx.client.call(
        DELETE, {'code': policy['code'], 'namespace': scope['namespace']}, recheck=recheck),
    links={
        'users': Link(read=read_users, add=_assign(ADD, 'USER'), remove=_assign(REMOVE, 'USER')),
        'groups': Link(read=read_groups, add=_assign(ADD, 'GROUP'), remove=_assign(REMOVE, 'GROUP')),
    },
)

POLICY = Entity(
    name='policy',
    plural='policies',
    key='code',
    fields=[
        Field('code'),
        Field('description', compare='text'),
        Field('statements', type='list', elements='dict', options=STATEMENT_OPTIONS, compare='set',
              required_on_create=True, from_api=canonical_statements, to_api=statements_to_api),
    ],
    read_only=[Field('namespace'), Field('is_default', api='isDefault'), Field('created_at', api='createdAt'),
               Field('updated_at', api='updatedAt')],
    rename=Field('new_code', api='newCode'),
    scope=Scope('app', lambda ctx, ref: ctx.refs.resolve_namespace(ref), kind='application', required=False),
    relations=[
        Relation('users', resolve=lambda ctx, names: ctx.refs.resolve_users(names)),
        Relation('groups', resolve=lambda ctx, codes: ctx.refs.resolve_groups(codes)),
    ],
    normalize=normalize,
    validate=validate,
    wire=WIRE,
)
