# -*- coding: utf-8 -*-
# Copyright (c) 2026, authing.cloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Organisations and their nodes (GraphQL), wire reference docs/dev/reference-orgs-acl-policies.md §1.

Two entities, reconciled one after the other by ``authing_org``:

- ``ORG``: an organisation, keyed by its code, which is its root node's code (``createOrg`` makes
  both; the organisation's name and description are the root node's). Its extra options carry
  the node tree (``nodes``) and the root node's ``members`` and ``roles``; ``validate`` checks
  the tree.
- ``ORG_NODE``: a node, keyed by its code within its organisation (the scope, option ``org``).
  ``parent`` is the code of the parent node: a different parent is written by ``moveNode`` (the
  node keeps its id, members, roles and subtree). The root node is an item too (its members and
  roles; it exists with its organisation, hence ``singleton``: a prediction under an organisation
  still to be created finds its root). ``members`` are users (``addMember``/``removeMember``),
  ``roles`` are role codes (``assignRole``/``revokeRole`` with ``nodeCodes`` = node **ids**).

The tree → node items (:func:`node_items`) is input normalisation: parents before children, so a
child's parent exists when it is created or moved into it; nodes to delete after the others
(the exact mode's unlisted nodes come last, deepest first: ``list_all`` is deepest first).

What the service cannot do: ``updateNode`` takes no ``order``, so ``order`` is sent when a node
is created and never compared afterwards. ``Node.roles`` includes the roles of the node's
ancestors: a node's own roles are read as its roles minus its parent's, so one role cannot be
listed both for a node and for one of its ancestors (``validate`` says so).
"""

from ansible_collections.authing.cloud.plugins.module_utils.client import AuthingError, graphql
from ansible_collections.authing.cloud.plugins.module_utils.description import (
    RELATION_MODES, Entity, Field, Link, Relation, Scope, Wire, chunks, ids_of)
from ansible_collections.authing.cloud.plugins.module_utils.references import (
    DECLARED, ORG_NODE_FIELDS as NODE_FIELDS, ORG_NODE_WITH_LINKS, USER_REF_FIELDS, Slot, by_namespace,
    expand_role_names, role_problems)

ORG_FIELDS = 'id rootNode { %s } nodes { %s }' % (NODE_FIELDS, ORG_NODE_WITH_LINKS)
FIND = graphql('query org($id: String!) { org(id: $id) { %s } }' % ORG_FIELDS)
CREATE_ORG = graphql('mutation createOrg($name: String!, $code: String, $description: String) '
                     '{ createOrg(name: $name, code: $code, description: $description) { %s } }' % ORG_FIELDS)
DELETE_ORG = graphql('mutation deleteOrg($id: String!) { deleteOrg(id: $id) { message code } }')
ADD_NODE = graphql('mutation addNode($orgId: String!, $parentNodeId: String, $name: String!, $description: String, '
                   '$order: Int, $code: String) { addNode(orgId: $orgId, parentNodeId: $parentNodeId, name: $name, '
                   'description: $description, order: $order, code: $code) { %s } }' % ORG_FIELDS)
UPDATE_NODE = graphql('mutation updateNode($id: String!, $name: String, $description: String) '
                      '{ updateNode(id: $id, name: $name, description: $description) { %s } }' % NODE_FIELDS,
                      idempotent=True)
MOVE_NODE = graphql('mutation moveNode($orgId: String!, $nodeId: String!, $targetParentId: String!) '
                    '{ moveNode(orgId: $orgId, nodeId: $nodeId, targetParentId: $targetParentId) { %s } }'
                    % ORG_FIELDS, idempotent=True)
DELETE_NODE = graphql('mutation deleteNode($orgId: String!, $nodeId: String!) '
                      '{ deleteNode(orgId: $orgId, nodeId: $nodeId) { message code } }')
MEMBERS = graphql('query nodeByIdWithMembers($id: String!, $page: Int, $limit: Int) { nodeById(id: $id) '
                  '{ users(page: $page, limit: $limit) { totalCount list { %s } } } }' % USER_REF_FIELDS)
ADD_MEMBERS = graphql('mutation addMember($nodeId: String, $userIds: [String!]!) '
                      '{ addMember(nodeId: $nodeId, userIds: $userIds) { id } }', idempotent=True)
REMOVE_MEMBERS = graphql('mutation removeMember($nodeId: String, $userIds: [String!]!) '
                         '{ removeMember(nodeId: $nodeId, userIds: $userIds) { id } }', idempotent=True)
ROLES = graphql('query getNodeRoles($id: String!) { nodeById(id: $id) { roles { totalCount list { code namespace } } } }')
ASSIGN_ROLES = graphql('mutation assignRole($namespace: String, $roleCodes: [String], $nodeCodes: [String!]) '
                       '{ assignRole(namespace: $namespace, roleCodes: $roleCodes, nodeCodes: $nodeCodes) '
                       '{ code message } }', idempotent=True)
REVOKE_ROLES = graphql('mutation revokeRole($namespace: String, $roleCodes: [String], $nodeCodes: [String!]) '
                       '{ revokeRole(namespace: $namespace, roleCodes: $roleCodes, nodeCodes: $nodeCodes) '
                       '{ code message } }', idempotent=True)

NODE_NOT_FOUND = 2401
NODE_KEYS = ('code', 'name', 'description', 'order', 'members', 'members_mode', 'roles', 'roles_mode', 'children',
             'state')

ORG_LIST = Slot('organisations by code')
TREES = Slot('the nodes of an organisation, by organisation id')
DECLARED_ORGS = Slot('organisations a prediction would create, by code')
NODE_ROLES = Slot('the roles of a node (with its ancestors), by node id')


# -- reads -----------------------------------------------------------------------------------------

def _flat(org):
    """The organisation as this entity shows it: its root node's attributes and its id."""
    root = org['rootNode']
    return {'id': org['id'], 'code': root.get('code'), 'name': root.get('name'), 'description': root.get('description'),
            'rootNodeId': root['id'], 'createdAt': root.get('createdAt'), 'updatedAt': root.get('updatedAt')}


def _tree(org):
    """{'nodes': [...], 'by_code', 'by_id'}: each node knows its organisation and its parent's code."""
    by_id = dict((node['id'], node) for node in org.get('nodes') or [])
    nodes = []
    for node in org.get('nodes') or []:
        path = node.get('path') or [node['id']]
        parent = by_id.get(path[-2]) if len(path) > 1 else None
        nodes.append(dict(node, orgId=org['id'], orgCode=org['rootNode'].get('code'),
                          parentCode=parent.get('code') if parent else None))
    return {'nodes': nodes, 'by_code': dict((n['code'], n) for n in nodes if n.get('code')),
            'by_id': dict((n['id'], n) for n in nodes)}


def org_index(ctx):
    """{code: organisation} for every organisation, read once per run (their trees are kept too)."""
    def fetch():
        index = {}
        for org in ctx.refs.organisations():
            ctx.memo.put(TREES, org['id'], _tree(org))
            index[org['rootNode'].get('code')] = _flat(org)
        return index
    return ctx.memo.load(ORG_LIST, None, fetch)


def _declared(ctx):
    return ctx.memo.load(DECLARED_ORGS, None, dict)


def tree(ctx, org):
    """The nodes of an organisation (read with the list, or read again after a write)."""
    return ctx.memo.load(TREES, org['id'], lambda: _tree(ctx.client.call(FIND, {'id': org['id']})))


def _wrote(ctx, org, result=None):
    """After a write: keep the organisation's new tree when the call returned it, else forget it."""
    ctx.memo.forget(ORG_LIST)
    ctx.refs.forget_nodes()
    if result is not None and 'nodes' in result:
        ctx.memo.put(TREES, org['id'], _tree(result))
    else:
        ctx.memo.forget(TREES, org['id'])


def resolve_org(ctx, code):
    """The organisation a node item names, a declared one (a prediction), or None."""
    if code is None:
        return None
    found = org_index(ctx).get(code) or _declared(ctx).get(code)
    if found is None and ctx.refs.assumes('organisation', code):
        found = _placeholder(code)
    return found


def _placeholder(code):
    return {'id': DECLARED + code, 'code': code, 'rootNodeId': DECLARED + code, 'declared': True}


def _declared_root(org):
    return {'id': org['rootNodeId'], 'code': org['code'], 'root': True, 'path': [org['rootNodeId']], 'depth': 0,
            'orgId': org['id'], 'orgCode': org['code'], 'parentCode': None, 'declared': True}


def declare_org(ctx, view, scope):
    _declared(ctx)[view['code']] = _placeholder(view['code'])
    ctx.refs.declare_node(view['code'], view['code'])


# -- organisation writes ---------------------------------------------------------------------------------

def create_org(ctx, payload, recheck):
    result = ctx.client.call(CREATE_ORG, payload, recheck=recheck)
    if 'rootNode' not in result:
        return result  # the recheck found it
    _wrote(ctx, {'id': result['id']}, result)
    return _flat(result)


def update_org(ctx, org, payload):
    node = ctx.client.call(UPDATE_NODE, dict(payload, id=org['rootNodeId']))
    _wrote(ctx, org)
    return dict(org, name=node.get('name'), description=node.get('description'), updatedAt=node.get('updatedAt'))


def delete_org(ctx, org, recheck):
    ctx.client.call(DELETE_ORG, {'id': org['id']}, recheck=recheck)
    _wrote(ctx, org)


ORG_WIRE = Wire(
    find=lambda ctx, code, scope: org_index(ctx).get(code),
    list_all=lambda ctx, scope: list(org_index(ctx).values()),
    create=lambda ctx, payload, scope, recheck: create_org(ctx, payload, recheck),
    update=lambda ctx, org, payload, scope, recheck: update_org(ctx, org, payload),
    delete=lambda ctx, org, scope, recheck: delete_org(ctx, org, recheck),
)


# -- node reads and writes ----------------------------------------------------------------------------

def find_node(ctx, code, org):
    if org.get('declared'):
        return _declared_root(org) if code == org['code'] else None
    return tree(ctx, org)['by_code'].get(code)


def list_nodes(ctx, org):
    """Deepest first: the exact mode deletes unlisted children before their parents."""
    if org.get('declared'):
        return [_declared_root(org)]
    return sorted(tree(ctx, org)['nodes'], key=lambda node: -len(node.get('path') or ()))


def _node_id(ctx, org, code):
    node = tree(ctx, org)['by_code'].get(code)
    if node is None:
        with ctx.memo.fresh():
            node = tree(ctx, org)['by_code'].get(code)
    if node is None:
        raise AuthingError("the parent node '%s' does not exist" % code, code=NODE_NOT_FOUND)
    return node['id']


def create_node(ctx, payload, org, recheck):
    payload = dict(payload)
    parent = payload.pop('parentCode', None) or org['code']
    payload.update(orgId=org['id'], parentNodeId=_node_id(ctx, org, parent))
    result = ctx.client.call(ADD_NODE, payload, recheck=recheck)
    if 'nodes' not in result:
        return result  # the recheck found the node
    _wrote(ctx, org, result)
    return find_node(ctx, payload['code'], org)


def update_node(ctx, node, payload, org):
    if 'parentCode' in payload:
        result = ctx.client.call(MOVE_NODE, {'orgId': org['id'], 'nodeId': node['id'],
                                             'targetParentId': _node_id(ctx, org, payload['parentCode'])})
        _wrote(ctx, org, result)
        node = find_node(ctx, node['code'], org)
    changes = dict((key, payload[key]) for key in ('name', 'description') if key in payload)
    if changes:
        updated = ctx.client.call(UPDATE_NODE, dict(changes, id=node['id']))
        node = dict(node, **dict((key, updated.get(key)) for key in ('name', 'description', 'updatedAt')))
        tree(ctx, org)['by_code'][node['code']] = node  # names are not what later writes look up
    return node


def delete_node(ctx, node, org, recheck):
    try:
        # a node already gone (with an ancestor deleted before it) is done: the engine says so
        ctx.client.call(DELETE_NODE, {'orgId': org['id'], 'nodeId': node['id']}, recheck=recheck)
    finally:
        _wrote(ctx, org)


def read_members(ctx, node):
    first = node.get('users')
    if first is not None and first['totalCount'] <= len(first['list']):
        users = first['list']  # read with the organisation
    else:
        users = ctx.client.paginate(MEMBERS, {'id': node['id']}, extract=lambda result: (result or {}).get('users'))
    return ctx.refs.remember_users(users)


def write_members(op):
    def write(ctx, node, refs):
        for chunk in chunks(ids_of(refs)):
            ctx.client.call(op, {'nodeId': node['id'], 'userIds': chunk})
    return write


def _roles_of(ctx, node_id, read=None):
    """(namespace, code) of a node's roles: as read with the organisation, else one read."""
    def fetch():
        found = read if read is not None else (ctx.client.call(ROLES, {'id': node_id}) or {}).get('roles')
        return [(role.get('namespace'), role['code']) for role in (found or {}).get('list') or []]
    return ctx.memo.load(NODE_ROLES, node_id, fetch)


def read_roles(ctx, node):
    """The node's own roles: the service lists the inherited ones too, so its parent's are left out."""
    path = node.get('path') or [node['id']]
    inherited = set()
    if len(path) > 1:
        parent = tree(ctx, {'id': node['orgId']})['by_id'].get(path[-2]) if node.get('orgId') else None
        inherited = set(_roles_of(ctx, path[-2], (parent or {}).get('roles')))
    return [ctx.refs.role_ref(namespace, code) for namespace, code in _roles_of(ctx, node['id'], node.get('roles'))
            if (namespace, code) not in inherited]


def write_roles(op):
    def write(ctx, node, refs):
        ctx.memo.forget(NODE_ROLES)
        for namespace, codes in by_namespace(refs):
            ctx.client.call(op, {'namespace': namespace, 'roleCodes': codes, 'nodeCodes': [node['id']]})
    return write


NODE_WIRE = Wire(
    find=find_node,
    list_all=list_nodes,
    create=create_node,
    update=lambda ctx, node, payload, org, recheck: update_node(ctx, node, payload, org),
    delete=delete_node,
    links={
        'members': Link(read=read_members, add=write_members(ADD_MEMBERS), remove=write_members(REMOVE_MEMBERS)),
        'roles': Link(read=read_roles, add=write_roles(ASSIGN_ROLES), remove=write_roles(REVOKE_ROLES)),
    },
)


def org_details(ctx, params, org, view):
    """authing_org_info: the organisation's tree (``nodes``), with members and roles when asked,
    in the shape authing_org takes (the root's members and roles at the top)."""
    with_members, with_roles = params.get('with_members'), params.get('with_roles')
    children = {}
    for node in tree(ctx, org)['nodes']:
        path = node.get('path') or [node['id']]
        children.setdefault(path[-2] if len(path) > 1 else None, []).append(node)

    def links(node, out):
        if with_members:
            out['members'] = ORG_NODE.relations[0].render(read_members(ctx, node))
        if with_roles:
            out['roles'] = ORG_NODE.relations[1].render(read_roles(ctx, node))
        return out

    def shown(node):
        out = links(node, dict((key, node.get(key)) for key in ('code', 'name', 'description', 'order', 'id')))
        out['children'] = [shown(child) for child in children.get(node['id'], [])]
        return out
    roots = children.get(None) or []
    if roots:
        links(roots[0], view)
        if params.get('with_nodes'):
            view['nodes'] = [shown(child) for child in children.get(roots[0]['id'], [])]


# -- the tree: input checks and node items -------------------------------------------------------------

def tree_problems(item):
    """What is wrong with an organisation item's ``nodes`` tree (and root ``roles``), with paths."""
    problems = ['roles: ' + p for p in role_problems(item.get('roles'))]
    if item.get('nodes') is None:
        return problems
    if item.get('state') == 'absent':
        return problems + ['nodes: an organisation to delete has no nodes to manage']
    seen = {item.get('code'): 'the organisation itself'}

    def roles_of(node):
        if (node.get('roles_mode') or 'exact') == 'remove' or role_problems(node.get('roles')):
            return set()
        return set(expand_role_names(node.get('roles') or []))

    def walk(nodes, where, ancestors, inherited):
        if not isinstance(nodes, list):
            problems.append('%s: must be a list of nodes' % where)
            return
        for index, node in enumerate(nodes):
            path = '%s[%d]' % (where, index)
            if not isinstance(node, dict):
                problems.append('%s: a node is a mapping (code, name, ...), got %r' % (path, node))
                continue
            problems.extend('%s: %s' % (path, p) for p in _node_problems(node))
            code = node.get('code')
            if code in ancestors:
                problems.append("%s: node '%s' is listed under itself" % (path, code))
            elif code in seen:
                problems.append("%s: node code '%s' is already used by %s" % (path, code, seen[code]))
            elif isinstance(code, str):
                seen[code] = path
            for role in sorted(roles_of(node) & set(inherited)):
                problems.append("%s: role '%s' is also listed for its ancestor '%s' (a node inherits its "
                                "ancestors' roles)" % (path, role, inherited[role]))
            mine = dict(inherited, **dict((role, code) for role in roles_of(node)))
            if node.get('children') is not None:
                walk(node['children'], path + '.children', ancestors + [code], mine)

    walk(item['nodes'], 'nodes', [item.get('code')], dict((role, item.get('code')) for role in roles_of(item)))
    return problems


def _node_problems(node):
    problems = []
    unknown = sorted(set(node) - set(NODE_KEYS))
    if unknown:
        problems.append('unknown option(s) %s (known: %s)' % (', '.join(unknown), ', '.join(NODE_KEYS)))
    if not isinstance(node.get('code'), str) or not node['code']:
        problems.append('code is required (a string)')
    for key in ('name', 'description'):
        if node.get(key) is not None and not isinstance(node[key], str):
            problems.append('%s must be a string' % key)
    if node.get('order') is not None and (isinstance(node['order'], bool) or not isinstance(node['order'], int)):
        problems.append('order must be an integer')
    if node.get('members') is not None and not (isinstance(node['members'], list)
                                                and all(isinstance(m, str) and m for m in node['members'])):
        problems.append('members must be a list of users (id, username, email or phone)')
    if node.get('roles') is not None and not isinstance(node['roles'], list):
        problems.append('roles must be a list')
    else:
        problems.extend('roles: ' + p for p in role_problems(node.get('roles')))
    for key in ('members_mode', 'roles_mode'):
        if node.get(key) is not None and node[key] not in RELATION_MODES:
            problems.append('%s must be one of %s' % (key, ', '.join(RELATION_MODES)))
    if node.get('state') not in (None, 'present', 'absent'):
        problems.append('state must be present or absent')
    if node.get('state') == 'absent' and node.get('children'):
        problems.append('a node to delete cannot have children')
    return problems


def _node_item(org, code, parent, node, state='present'):
    return {'org': org, 'code': code, 'parent': parent, 'name': node.get('name'),
            'description': node.get('description'), 'order': node.get('order'),
            'members': node.get('members'), 'members_mode': node.get('members_mode') or 'exact',
            'roles': node.get('roles'), 'roles_mode': node.get('roles_mode') or 'exact', 'state': state}


def node_items(items):
    """Organisation items → [(node items, nodes mode)], one batch per mode: the root node (its
    members and roles; always there when the tree is managed, so the exact mode knows the
    organisation) and the tree's nodes, parents before children, the ones to delete last.
    Organisations whose tree has problems, or that are deleted, have none (``validate`` reports)."""
    batches = {}
    for item in items:
        if item.get('state') == 'absent' or tree_problems(item):
            continue
        code = item['code']
        managed = item.get('nodes') is not None
        if not managed and item.get('members') is None and item.get('roles') is None:
            continue
        root = dict(_node_item(code, code, None, dict(item, name=None, description=None)))
        present, absent = [root], []

        def walk(nodes, parent):
            for node in nodes or []:
                if node.get('state') == 'absent':
                    absent.append(_node_item(code, node['code'], None, node, 'absent'))
                    continue
                present.append(_node_item(code, node['code'], parent, node))
                walk(node.get('children'), node['code'])
        walk(item.get('nodes'), code)
        mode = (item.get('nodes_mode') or 'append') if managed else 'append'
        batches.setdefault(mode, []).extend(present + absent)
    return [(batches[mode], mode) for mode in ('append', 'exact') if mode in batches]


# -- descriptions ---------------------------------------------------------------------------------------------

MODES = {'type': 'str', 'choices': list(RELATION_MODES), 'default': 'exact'}

ORG = Entity(
    name='org',
    plural='orgs',
    key='code',
    fields=[
        Field('code'),
        Field('name', required_on_create=True),
        Field('description', compare='text'),
    ],
    read_only=[Field('id', export=False), Field('created_at', api='createdAt', export=False),
               Field('updated_at', api='updatedAt', export=False)],
    extra_options={
        'members': {'type': 'list', 'elements': 'str'},
        'members_mode': MODES,
        'roles': {'type': 'list', 'elements': 'raw'},
        'roles_mode': MODES,
        'nodes': {'type': 'list', 'elements': 'dict'},
        'nodes_mode': {'type': 'str', 'choices': ['exact', 'append'], 'default': 'append'},
    },
    validate=tree_problems,
    declare=declare_org,
    wire=ORG_WIRE,
)

ORG_NODE = Entity(
    name='node',
    plural='nodes',
    key='code',
    fields=[
        Field('code'),
        Field('name', required_on_create=True),
        Field('description', compare='text'),
        Field('order', type='int', compare='ignore'),  # updateNode takes no order: set on create only
        Field('parent', api='parentCode'),  # a change is a move (moveNode)
    ],
    read_only=[Field('id', export=False), Field('depth', export=False),
               Field('created_at', api='createdAt', export=False), Field('updated_at', api='updatedAt', export=False)],
    scope=Scope('org', resolve=resolve_org, kind='organisation'),
    singleton=True,  # the root node exists with its organisation: predicted with it
    relations=[
        Relation('members', resolve=lambda ctx, names: ctx.refs.resolve_users(names)),
        Relation('roles', resolve=lambda ctx, names: ctx.refs.resolve_roles(names), elements='raw',
                 expand=expand_role_names),
    ],
    label=lambda values: '%s/%s' % (values.get('org'), values.get('code')),
    declare=lambda ctx, view, scope: ctx.refs.declare_node(scope['code'], view['code']),
    wire=NODE_WIRE,
)
