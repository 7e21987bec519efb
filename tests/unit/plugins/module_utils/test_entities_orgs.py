"""The organisation descriptions (GraphQL) through a fake transport: the tree as node items, tree
checks, nodes read from the organisation, moves, deletes deepest first, own roles (inherited ones
left out), and a prediction under an organisation still to be created."""

from ansible_collections.authing.cloud.plugins.module_utils.engine import Reconciler
from ansible_collections.authing.cloud.plugins.module_utils.entities import orgs
from ansible_collections.authing.cloud.plugins.module_utils.entities.orgs import ORG, ORG_NODE, node_items, tree_problems

from .fake_api import FakeApi, page


def node(node_id, code, path, name=None):
    return {'id': node_id, 'code': code, 'name': name or code.title(), 'description': None, 'order': None,
            'root': len(path) == 1, 'depth': len(path) - 1, 'path': path}


# acme ─ eng ─ platform
#      └ sales
NODES = [node('r', 'acme', ['r']), node('e', 'eng', ['r', 'e']), node('p', 'platform', ['r', 'e', 'p']),
         node('s', 'sales', ['r', 's'])]
ACME = {'id': 'o1', 'rootNode': NODES[0], 'nodes': NODES}


def service(node_roles=None):
    node_roles = node_roles or {}
    state = {'org': dict(ACME, nodes=list(NODES))}

    def move(request):
        moving, target = request.variables['nodeId'], request.variables['targetParentId']
        by_id = dict((n['id'], n) for n in state['org']['nodes'])
        state['org']['nodes'] = [dict(n, path=by_id[target]['path'] + n['path'][n['path'].index(moving):])
                                 if moving in n['path'] else n for n in state['org']['nodes']]
        return state['org']

    def add(request):
        v = request.variables
        parent = [n for n in state['org']['nodes'] if n['id'] == v['parentNodeId']][0]
        state['org']['nodes'].append(node('new-' + v['code'], v['code'], parent['path'] + ['new-' + v['code']], v['name']))
        return state['org']

    return FakeApi({
        'orgs': lambda r: page([state['org']]),
        'org': lambda r: state['org'],
        'moveNode': move,
        'addNode': add,
        'updateNode': lambda r: dict([n for n in state['org']['nodes'] if n['id'] == r.variables['id']][0],
                                     **dict((k, v) for k, v in r.variables.items() if k != 'id')),
        'deleteNode': {'code': 200, 'message': 'ok'},
        'nodeById': lambda r: {'roles': page([{'code': c, 'namespace': 'default'} for c in node_roles.get(r.variables['id'], [])])},
        'role': lambda r: {'code': r.variables['code'], 'namespace': 'default'},
        'assignRole': {'code': 200}, 'revokeRole': {'code': 200},
    }), state


def org_item(**kw):
    base = dict((name, None) for name in ORG.item_spec())
    base.update(members_mode='exact', roles_mode='exact', nodes_mode='append', state='present')
    base.update(kw)
    return base


def test_the_tree_becomes_node_items_parents_first_and_deletes_last():
    item = org_item(code='acme', nodes=[
        {'code': 'gone', 'state': 'absent'},
        {'code': 'eng', 'name': 'Engineering', 'children': [{'code': 'platform', 'members': ['alice']}]},
        {'code': 'sales'}])
    [(items, mode)] = node_items([item])
    assert mode == 'append'
    assert [(i['code'], i['parent'], i['state']) for i in items] == [
        ('acme', None, 'present'), ('eng', 'acme', 'present'), ('platform', 'eng', 'present'),
        ('sales', 'acme', 'present'), ('gone', None, 'absent')]
    assert items[2]['members'] == ['alice'] and items[2]['members_mode'] == 'exact'
    assert set(items[0]) == set(ORG_NODE.item_spec())
    exact = org_item(code='other', nodes=[], nodes_mode='exact')
    untouched = org_item(code='third')  # no tree, no root members or roles: nothing to do for nodes
    assert node_items([item, exact, untouched])[1] == ([dict(items[0], org='other', code='other')], 'exact')
    assert node_items([org_item(code='acme', state='absent', nodes=[])]) == []


def test_tree_problems_name_their_place():
    item = org_item(code='acme', roles=['boss'], nodes=[
        {'code': 'a', 'roles': ['lead'], 'children': [{'code': 'b', 'children': [{'code': 'a'}]},
                                                      {'code': 'c', 'roles': ['lead', 'boss']}]},
        {'code': 'b', 'order': 'x', 'colour': 1},
        {'code': 'acme'},
        {'code': 'd', 'state': 'absent', 'children': [{'code': 'e'}]},
        'text'])
    assert tree_problems(item) == [
        "nodes[0].children[0].children[0]: node 'a' is listed under itself",
        "nodes[0].children[1]: role 'boss' is also listed for its ancestor 'acme' (a node inherits its ancestors' roles)",
        "nodes[0].children[1]: role 'lead' is also listed for its ancestor 'a' (a node inherits its ancestors' roles)",
        'nodes[1]: unknown option(s) colour (known: code, name, description, order, members, members_mode, roles, '
        'roles_mode, children, state)',
        'nodes[1]: order must be an integer',
        "nodes[1]: node code 'b' is already used by nodes[0].children[0]",
        "nodes[2]: node 'acme' is listed under itself",
        'nodes[3]: a node to delete cannot have children',
        "nodes[4]: a node is a mapping (code, name, ...), got 'text'"]
    assert tree_problems(org_item(code='acme', state='absent', nodes=[])) == [
        'nodes: an organisation to delete has no nodes to manage']


def test_nodes_are_read_with_the_organisation_and_a_new_parent_is_a_move():
    api, state = service()
    reconciler = Reconciler(ORG_NODE, ctx=api.ctx, concurrency=1)
    [(items, mode)] = node_items([org_item(code='acme', nodes=[
        {'code': 'eng'}, {'code': 'sales', 'children': [{'code': 'platform', 'name': 'Platform'}]}])])
    records = reconciler.run(items, mode=mode)
    assert [(r['key'], r['plan'].action, r['plan'].changed_options()) for r in records] == [
        ('acme/acme', 'none', []), ('acme/eng', 'none', []), ('acme/sales', 'none', []),
        ('acme/platform', 'update', ['parent'])]
    [move] = api.sent('moveNode')
    assert move.variables == {'orgId': 'o1', 'nodeId': 'p', 'targetParentId': 's'}
    assert api.names().count('orgs') == 1 and 'org' not in api.names(), 'the tree came with the list'
    assert reconciler.item_result(records[3])[0]['node']['parent'] == 'sales'


def test_exact_mode_deletes_unlisted_nodes_deepest_first_and_creates_under_the_parent():
    api, _state = service()
    [(items, mode)] = node_items([org_item(code='acme', nodes_mode='exact', nodes=[
        {'code': 'sales', 'children': [{'code': 'emea', 'name': 'EMEA', 'order': 2}]}])])
    records = Reconciler(ORG_NODE, ctx=api.ctx, concurrency=1).run(items, mode=mode)
    assert [(r['key'], r['plan'].action) for r in records] == [
        ('acme/acme', 'none'), ('acme/sales', 'none'), ('acme/emea', 'create'), ('acme/platform', 'delete'),
        ('acme/eng', 'delete')]
    [add] = api.sent('addNode')
    assert add.variables == {'orgId': 'o1', 'parentNodeId': 's', 'name': 'EMEA', 'order': 2, 'code': 'emea'}
    assert [r.variables['nodeId'] for r in api.sent('deleteNode')] == ['p', 'e']


def test_own_roles_leave_the_inherited_ones_out():
    api, _state = service(node_roles={'e': ['staff', 'dev'], 'p': ['staff', 'dev', 'ops']})
    ctx = api.ctx
    platform = orgs.find_node(ctx, 'platform', orgs.resolve_org(ctx, 'acme'))
    assert [ref.label for ref in orgs.read_roles(ctx, platform)] == ['ops']
    [(items, mode)] = node_items([org_item(code='acme', nodes=[
        {'code': 'eng', 'children': [{'code': 'platform', 'roles': ['ops', 'qa']}]}])])
    records = Reconciler(ORG_NODE, ctx=ctx, concurrency=1).run(items, mode=mode)
    assert records[2]['plan'].changed_options() == ['roles']
    [assign] = api.sent('assignRole')
    assert assign.variables == {'namespace': 'default', 'roleCodes': ['qa'], 'nodeCodes': ['p']}


def test_nodes_of_an_organisation_to_create_are_predicted_with_its_root():
    api = FakeApi({'orgs': page([]), 'userBatch': lambda r: [{'id': 'u1', 'username': 'alice'}]}, check_mode=True)
    api.ctx.ledger = {}
    item = org_item(code='new', name='New', members=['alice'], nodes=[{'code': 'a', 'name': 'A'}])
    [org] = Reconciler(ORG, ctx=api.ctx, check_mode=True).run([item])
    assert org['plan'].action == 'create'
    [(items, mode)] = node_items([item])
    records = Reconciler(ORG_NODE, ctx=api.ctx, check_mode=True, concurrency=1).run(items, mode=mode)
    assert [(r['key'], r['plan'].action, r['plan'].changed_options()) for r in records] == [
        ('new/new', 'update', ['members']), ('new/a', 'create', ['code', 'name', 'parent'])]
    assert set(api.names()) == set(['orgs', 'userBatch']), 'reads only'
    assert api.ctx.refs.resolve_nodes(['new/a'])['new/a'].label == 'new/a', 'declared for later steps'
