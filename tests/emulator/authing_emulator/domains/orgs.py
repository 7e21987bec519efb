"""Organisations: trees of department nodes and their members (GraphQL, plus REST
``GET /api/v2/users/{id}/orgs``); see docs/dev/reference-orgs-acl-policies.md.

An organisation is its root node: ``createOrg(name, code, description)`` creates both, and the
organisation's code is the root node's code. A node's ``code`` is optional and unique within its
organisation (2402); organisation codes (root codes) are unique in the pool (2402). Unknown
organisation 2400, unknown node (or a node of another organisation) 2401. Siblings are ordered by
``order`` (nodes without one last), then by creation. ``path``/``codePath``/``namePath`` run from the
root to the node; the root has ``depth`` 0.

``deleteNode`` deletes the node's whole subtree, with the memberships, role assignments, resource
grants and policy assignments of those nodes (``ON DELETE CASCADE``); the root node cannot be deleted
(2404: delete the organisation). ``moveNode`` under the node itself or one of its descendants, or
of the root, is 2403. ``addMember``/``removeMember`` are all-or-nothing over ``userIds`` (2004);
adding a member twice, or removing a non-member, succeeds.
"""

from ..domain import Domain
from ..errors import AuthingError, Code
from ..util import Page, new_object_id, now_timestamp, order_by, paginated
from .users import find_user_row, require_user_rows, user_view

domain = Domain("orgs", tables=("orgs", "org_nodes", "node_members"), ddl="""
CREATE TABLE IF NOT EXISTS orgs (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS org_nodes (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    org_seq INTEGER NOT NULL REFERENCES orgs (seq) ON DELETE CASCADE,
    parent_seq INTEGER REFERENCES org_nodes (seq) ON DELETE CASCADE,
    name TEXT NOT NULL,
    name_i18n TEXT,
    description TEXT,
    description_i18n TEXT,
    sort_order INTEGER,
    code TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS org_nodes_code ON org_nodes (org_seq, code) WHERE code IS NOT NULL;
CREATE INDEX IF NOT EXISTS org_nodes_by_parent ON org_nodes (parent_seq);
CREATE TABLE IF NOT EXISTS node_members (
    node_seq INTEGER NOT NULL REFERENCES org_nodes (seq) ON DELETE CASCADE,
    user_seq INTEGER NOT NULL REFERENCES users (seq) ON DELETE CASCADE,
    is_leader INTEGER NOT NULL DEFAULT 0,
    is_main INTEGER NOT NULL DEFAULT 0,
    joined_at TEXT NOT NULL,
    PRIMARY KEY (node_seq, user_seq)
);
CREATE INDEX IF NOT EXISTS node_members_by_user ON node_members (user_seq);
""")

DELETED = {"code": Code.OK, "message": "删除成功！"}
SIBLING_ORDER = " ORDER BY sort_order IS NULL, sort_order, seq"


# -- lookups ------------------------------------------------------------------------------------

def find_org_row(db, org_id):
    return db.execute("SELECT * FROM orgs WHERE id = ?", (org_id,)).fetchone()


def require_org_row(db, org_id):
    row = None if org_id is None else find_org_row(db, org_id)
    if row is None:
        raise AuthingError(Code.ORG_NOT_FOUND, "组织机构不存在: %s" % org_id)
    return row


def find_node_row(db, node_id):
    return db.execute("SELECT * FROM org_nodes WHERE id = ?", (node_id,)).fetchone()


def require_node_row(db, node_id, org_row=None):
    """The node by id (2401 when unknown, or when it is not in ``org_row``)."""
    row = None if node_id is None else find_node_row(db, node_id)
    if row is None or (org_row is not None and row["org_seq"] != org_row["seq"]):
        raise AuthingError(Code.NODE_NOT_FOUND, "部门不存在: %s" % node_id)
    return row


def _root_row(db, org_row):
    return db.execute("SELECT * FROM org_nodes WHERE org_seq = ? AND parent_seq IS NULL", (org_row["seq"],)).fetchone()


def _children_rows(db, node_seq):
    return db.execute("SELECT * FROM org_nodes WHERE parent_seq = ?" + SIBLING_ORDER, (node_seq,)).fetchall()


def ancestor_seqs(db, node_row):
    """The node's seq and those of its ancestors, the node first."""
    seqs, row = [], node_row
    while row is not None:
        seqs.append(row["seq"])
        row = None if row["parent_seq"] is None else \
            db.execute("SELECT * FROM org_nodes WHERE seq = ?", (row["parent_seq"],)).fetchone()
    return seqs


def subtree_seqs(db, node_seq):
    rows = db.execute(
        "WITH RECURSIVE tree(seq) AS (SELECT ? UNION ALL"
        " SELECT n.seq FROM org_nodes n JOIN tree t ON n.parent_seq = t.seq) SELECT seq FROM tree",
        (node_seq,)).fetchall()
    return [row["seq"] for row in rows]


def _path_rows(db, node_row):
    by_seq = {}
    for seq in ancestor_seqs(db, node_row):
        by_seq[seq] = db.execute("SELECT * FROM org_nodes WHERE seq = ?", (seq,)).fetchone()
    return [by_seq[seq] for seq in reversed(list(by_seq))]


# -- views --------------------------------------------------------------------------------------

def node_view(ctx, row):
    """Every scalar Node field; ``_seq`` feeds the relation resolvers."""
    db = ctx.db
    path = _path_rows(db, row)
    org_id = db.execute("SELECT id FROM orgs WHERE seq = ?", (row["org_seq"],)).fetchone()["id"]
    return {
        "id": row["id"],
        "orgId": org_id,
        "name": row["name"],
        "nameI18n": row["name_i18n"],
        "description": row["description"],
        "descriptionI18n": row["description_i18n"],
        "order": row["sort_order"],
        "code": row["code"],
        "root": row["parent_seq"] is None,
        "depth": len(path) - 1,
        "path": [item["id"] for item in path],
        "codePath": [item["code"] for item in path],
        "namePath": [item["name"] for item in path],
        "createdAt": row["created_at"],
        "updatedAt": row["updated_at"],
        "children": [child["id"] for child in _children_rows(db, row["seq"])],
        "_seq": row["seq"],
    }


def _tree_rows(db, root_row):
    """The organisation's nodes in depth-first pre-order (root first, siblings in order)."""
    rows, stack = [], [root_row]
    while stack:
        row = stack.pop()
        rows.append(row)
        stack.extend(reversed(_children_rows(db, row["seq"])))
    return rows


def org_view(ctx, org_row):
    root = _root_row(ctx.db, org_row)
    nodes = [node_view(ctx, row) for row in _tree_rows(ctx.db, root)]
    return {"id": org_row["id"], "rootNode": nodes[0], "nodes": nodes}


# -- writes -------------------------------------------------------------------------------------

def _ensure_node_code_free(db, org_row, code, own_seq=None):
    if code is None:
        return
    row = db.execute("SELECT seq FROM org_nodes WHERE org_seq = ? AND code = ?", (org_row["seq"], code)).fetchone()
    if row is not None and row["seq"] != own_seq:
        raise AuthingError(Code.NODE_EXISTS, "部门 code 已存在: %s" % code)


def _ensure_org_code_free(db, code, own_seq=None):
    if code is None:
        return
    row = db.execute("SELECT seq FROM org_nodes WHERE parent_seq IS NULL AND code = ?", (code,)).fetchone()
    if row is not None and row["seq"] != own_seq:
        raise AuthingError(Code.NODE_EXISTS, "组织机构 code 已存在: %s" % code)


def _valid_name(name):
    if not name or not name.strip():
        raise AuthingError(Code.INVALID_ARGUMENT, "name 不能为空")
    return name


def _insert_node(db, org_row, parent_seq, name, code=None, description=None, name_i18n=None,
                 description_i18n=None, order=None):
    now = now_timestamp()
    node_id = new_object_id()
    db.execute(
        "INSERT INTO org_nodes (id, org_seq, parent_seq, name, name_i18n, description, description_i18n, sort_order,"
        " code, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (node_id, org_row["seq"], parent_seq, _valid_name(name), name_i18n, description, description_i18n, order,
         code or None, now, now))
    return find_node_row(db, node_id)


def _touch_org(db, org_row):
    db.execute("UPDATE orgs SET updated_at = ? WHERE seq = ?", (now_timestamp(), org_row["seq"]))


@domain.mutation("createOrg")
def create_org(ctx, name, code=None, description=None):
    _ensure_org_code_free(ctx.db, code or None)
    now = now_timestamp()
    org_id = new_object_id()
    ctx.db.execute("INSERT INTO orgs (id, created_at, updated_at) VALUES (?, ?, ?)", (org_id, now, now))
    org_row = find_org_row(ctx.db, org_id)
    _insert_node(ctx.db, org_row, None, name, code=code, description=description)
    return org_view(ctx, org_row)


@domain.mutation("deleteOrg")
def delete_org(ctx, id):  # noqa: A002 (API names)
    org_row = require_org_row(ctx.db, id)
    ctx.db.execute("DELETE FROM orgs WHERE seq = ?", (org_row["seq"],))
    return DELETED


def _add_node(ctx, org_id, parent_node_id, name, name_i18n, description, description_i18n, order, code):
    org_row = require_org_row(ctx.db, org_id)
    parent = require_node_row(ctx.db, parent_node_id, org_row) if parent_node_id else _root_row(ctx.db, org_row)
    _ensure_node_code_free(ctx.db, org_row, code or None)
    row = _insert_node(ctx.db, org_row, parent["seq"], name, code=code, description=description,
                       name_i18n=name_i18n, description_i18n=description_i18n, order=order)
    _touch_org(ctx.db, org_row)
    return org_row, row


@domain.mutation("addNode")
def add_node(ctx, org_id, name, parent_node_id=None, name_i18n=None, description=None, description_i18n=None,
             order=None, code=None):
    """Returns the organisation; ``parentNodeId`` null means under the root."""
    org_row, dummy = _add_node(ctx, org_id, parent_node_id, name, name_i18n, description, description_i18n, order,
                               code)
    return org_view(ctx, org_row)


@domain.mutation("addNodeV2")
def add_node_v2(ctx, org_id, name, parent_node_id=None, name_i18n=None, description=None, description_i18n=None,
                order=None, code=None):
    """Returns the new node."""
    dummy, row = _add_node(ctx, org_id, parent_node_id, name, name_i18n, description, description_i18n, order, code)
    return node_view(ctx, row)


@domain.mutation("updateNode")
def update_node(ctx, id, name=None, code=None, description=None):  # noqa: A002
    """Null means unchanged; ``code`` renames (unique in the organisation)."""
    row = require_node_row(ctx.db, id)
    org_row = ctx.db.execute("SELECT * FROM orgs WHERE seq = ?", (row["org_seq"],)).fetchone()
    if code is not None and code != row["code"]:
        _ensure_node_code_free(ctx.db, org_row, code, row["seq"])
        if row["parent_seq"] is None:
            _ensure_org_code_free(ctx.db, code, row["seq"])
    ctx.db.execute(
        "UPDATE org_nodes SET name = COALESCE(?, name), code = COALESCE(?, code),"
        " description = COALESCE(?, description), updated_at = ? WHERE seq = ?",
        (None if name is None else _valid_name(name), code, description, now_timestamp(), row["seq"]))
    return node_view(ctx, find_node_row(ctx.db, id))


@domain.mutation("deleteNode")
def delete_node(ctx, org_id, node_id):
    org_row = require_org_row(ctx.db, org_id)
    row = require_node_row(ctx.db, node_id, org_row)
    if row["parent_seq"] is None:
        raise AuthingError(Code.ROOT_NODE_UNDELETABLE)
    ctx.db.execute("DELETE FROM org_nodes WHERE seq = ?", (row["seq"],))  # the subtree goes with it
    _touch_org(ctx.db, org_row)
    return DELETED


@domain.mutation("moveNode")
def move_node(ctx, org_id, node_id, target_parent_id):
    """Re-parent a node (with its subtree) in the same organisation; returns the organisation."""
    org_row = require_org_row(ctx.db, org_id)
    row = require_node_row(ctx.db, node_id, org_row)
    target = require_node_row(ctx.db, target_parent_id, org_row)
    if row["parent_seq"] is None:
        raise AuthingError(Code.NODE_MOVE_INVALID, "不能移动根部门")
    if target["seq"] in subtree_seqs(ctx.db, row["seq"]):
        raise AuthingError(Code.NODE_MOVE_INVALID)
    ctx.db.execute("UPDATE org_nodes SET parent_seq = ?, updated_at = ? WHERE seq = ?",
                   (target["seq"], now_timestamp(), row["seq"]))
    _touch_org(ctx.db, org_row)
    return org_view(ctx, org_row)


# -- reads --------------------------------------------------------------------------------------

@domain.query("org")
def org(ctx, id):  # noqa: A002
    return org_view(ctx, require_org_row(ctx.db, id))


@domain.query("orgs")
def orgs(ctx, page=None, limit=None, sort_by=None):
    window = Page(page, limit)
    total = ctx.db.execute("SELECT COUNT(*) FROM orgs").fetchone()[0]
    limit_clause, limit_params = window.sql()
    rows = ctx.db.execute("SELECT * FROM orgs" + order_by(sort_by) + limit_clause, limit_params).fetchall()
    return paginated(total, [org_view(ctx, row) for row in rows])


@domain.query("nodeById")
def node_by_id(ctx, id):  # noqa: A002
    row = find_node_row(ctx.db, id)
    return None if row is None else node_view(ctx, row)


@domain.query("nodeByCode")
def node_by_code(ctx, org_id, code):
    org_row = find_org_row(ctx.db, org_id)
    row = None if org_row is None else \
        ctx.db.execute("SELECT * FROM org_nodes WHERE org_seq = ? AND code = ?", (org_row["seq"], code)).fetchone()
    return None if row is None else node_view(ctx, row)


@domain.query("childrenNodes")
def children_nodes(ctx, node_id, org_id=None):
    org_row = require_org_row(ctx.db, org_id) if org_id else None
    row = require_node_row(ctx.db, node_id, org_row)
    return [node_view(ctx, child) for child in _children_rows(ctx.db, row["seq"])]


@domain.query("rootNode")
def root_node(ctx, org_id):
    return node_view(ctx, _root_row(ctx.db, require_org_row(ctx.db, org_id)))


@domain.query("isRootNode")
def is_root_node(ctx, node_id, org_id):
    row = require_node_row(ctx.db, node_id, require_org_row(ctx.db, org_id))
    return row["parent_seq"] is None


@domain.query("searchNodes")
def search_nodes(ctx, keyword):
    """Nodes whose name contains ``keyword`` (case-insensitive), in creation order."""
    pattern = "%" + keyword.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    rows = ctx.db.execute("SELECT * FROM org_nodes WHERE name LIKE ? ESCAPE '\\' ORDER BY seq", (pattern,))
    return [node_view(ctx, row) for row in rows.fetchall()]


# -- members ------------------------------------------------------------------------------------

def _member_node(ctx, node_id, org_id, node_code):
    """``nodeId``, or ``orgId`` + ``nodeCode``."""
    if node_id:
        return require_node_row(ctx.db, node_id)
    if not (org_id and node_code):
        raise AuthingError(Code.MISSING_PARAMETERS, "需要 nodeId，或 orgId 和 nodeCode")
    org_row = require_org_row(ctx.db, org_id)
    row = ctx.db.execute("SELECT * FROM org_nodes WHERE org_seq = ? AND code = ?",
                         (org_row["seq"], node_code)).fetchone()
    if row is None:
        raise AuthingError(Code.NODE_NOT_FOUND, "部门不存在: %s" % node_code)
    return row


def _add_members(db, node_seq, user_rows, is_leader=None):
    now = now_timestamp()
    db.executemany("INSERT OR IGNORE INTO node_members (node_seq, user_seq, is_leader, joined_at) VALUES (?, ?, ?, ?)",
                   [(node_seq, user["seq"], int(bool(is_leader)), now) for user in user_rows])
    if is_leader is not None:
        db.executemany("UPDATE node_members SET is_leader = ? WHERE node_seq = ? AND user_seq = ?",
                       [(int(is_leader), node_seq, user["seq"]) for user in user_rows])


@domain.mutation("addMember")
def add_member(ctx, user_ids, node_id=None, org_id=None, node_code=None, is_leader=None):
    row = _member_node(ctx, node_id, org_id, node_code)
    _add_members(ctx.db, row["seq"], require_user_rows(ctx.db, user_ids), is_leader)
    return node_view(ctx, row)


@domain.mutation("removeMember")
def remove_member(ctx, user_ids, node_id=None, org_id=None, node_code=None):
    row = _member_node(ctx, node_id, org_id, node_code)
    ctx.db.executemany("DELETE FROM node_members WHERE node_seq = ? AND user_seq = ?",
                       [(row["seq"], user["seq"]) for user in require_user_rows(ctx.db, user_ids)])
    return node_view(ctx, row)


@domain.mutation("moveMembers")
def move_members(ctx, user_ids, source_node_id, target_node_id):
    source = require_node_row(ctx.db, source_node_id)
    target = require_node_row(ctx.db, target_node_id)
    users = require_user_rows(ctx.db, user_ids)
    ctx.db.executemany("DELETE FROM node_members WHERE node_seq = ? AND user_seq = ?",
                       [(source["seq"], user["seq"]) for user in users])
    _add_members(ctx.db, target["seq"], users)
    return {"code": Code.OK, "message": "移动成员成功"}


@domain.mutation("setMainDepartment")
def set_main_department(ctx, user_id, department_id=None):
    """The user's main department (``UserDepartment.isMainDepartment``); null clears it. The user
    must be a member of the department (400 otherwise)."""
    user = find_user_row(ctx.db, user_id)
    if user is None:
        raise AuthingError(Code.USER_NOT_FOUND, "用户不存在: %s" % user_id)
    node_seq = None
    if department_id:
        node_seq = require_node_row(ctx.db, department_id)["seq"]
        if ctx.db.execute("SELECT 1 FROM node_members WHERE node_seq = ? AND user_seq = ?",
                          (node_seq, user["seq"])).fetchone() is None:
            raise AuthingError(Code.INVALID_ARGUMENT, "用户不在该部门中: %s" % department_id)
    ctx.db.execute("UPDATE node_members SET is_main = (node_seq IS ?) WHERE user_seq = ?", (node_seq, user["seq"]))
    return {"code": Code.OK, "message": "设置主部门成功"}


@domain.field("Node", "users")
def node_users(ctx, node, page=None, limit=None, sort_by=None, include_children_nodes=None):
    """Members in the order they joined (``sortBy`` orders by the users instead); with
    ``includeChildrenNodes`` the members of the whole subtree, each once."""
    window = Page(page, limit)
    seqs = subtree_seqs(ctx.db, node["_seq"]) if include_children_nodes else [node["_seq"]]
    marks = ",".join("?" * len(seqs))
    members = "SELECT user_seq FROM node_members WHERE node_seq IN (%s)" % marks
    total = ctx.db.execute("SELECT COUNT(DISTINCT user_seq) FROM node_members WHERE node_seq IN (%s)" % marks,
                           seqs).fetchone()[0]
    limit_clause, limit_params = window.sql()
    if sort_by or include_children_nodes:
        query = "SELECT * FROM users WHERE seq IN (%s)" % members + order_by(sort_by) + limit_clause
    else:
        query = ("SELECT u.* FROM users u JOIN node_members m ON m.user_seq = u.seq WHERE m.node_seq IN (%s)"
                 " ORDER BY m.rowid" % marks + limit_clause)
    rows = ctx.db.execute(query, tuple(seqs) + limit_params).fetchall()
    return paginated(total, [user_view(row, ctx.settings.userpool_id) for row in rows])


@domain.field("User", "departments")
def user_departments(ctx, user, org_id=None):
    """The user's departments (in ``orgId`` only when given), in the order the user joined them."""
    where, params = "", (user["id"],)
    if org_id is not None:
        where, params = " AND n.org_seq = (SELECT seq FROM orgs WHERE id = ?)", params + (org_id,)
    rows = ctx.db.execute(
        "SELECT n.*, m.is_main, m.joined_at FROM org_nodes n JOIN node_members m ON m.node_seq = n.seq"
        " JOIN users u ON u.seq = m.user_seq WHERE u.id = ?" + where + " ORDER BY m.rowid", params).fetchall()
    return paginated(len(rows), [{"department": node_view(ctx, row), "isMainDepartment": bool(row["is_main"]),
                                  "joinedAt": row["joined_at"]} for row in rows])


# -- REST ---------------------------------------------------------------------------------------

def _rest_org(ctx, org_row, root):
    return {"type": "org", "id": org_row["id"], "createdAt": org_row["created_at"], "updatedAt": org_row["updated_at"],
            "userPoolId": ctx.settings.userpool_id, "rootNodeId": root["id"], "logo": None, "tenantId": None}


def rest_node_view(ctx, row, org_id=None):
    """A node as the REST API shows it (``users/{id}/orgs``, access-policy record targets)."""
    if org_id is None:
        org_id = ctx.db.execute("SELECT id FROM orgs WHERE seq = ?", (row["org_seq"],)).fetchone()["id"]
    return {"type": "node", "id": row["id"], "createdAt": row["created_at"], "updatedAt": row["updated_at"],
            "userPoolId": ctx.settings.userpool_id, "orgId": org_id, "name": row["name"],
            "nameI18n": row["name_i18n"], "description": row["description"],
            "descriptionI18n": row["description_i18n"], "order": row["sort_order"], "code": row["code"],
            "leaderUserId": None}


@domain.route("GET", "/api/v2/users/<user_id>/orgs", "users.orgs", message="获取用户组织机构列表成功")
def user_orgs(ctx, user_id):
    """One list per department of the user: the organisation, then the nodes from the root down
    to the department (unknown user 2004)."""
    user = find_user_row(ctx.db, user_id)
    if user is None:
        raise AuthingError(Code.USER_NOT_FOUND, "用户不存在: %s" % user_id)
    rows = ctx.db.execute("SELECT n.* FROM org_nodes n JOIN node_members m ON m.node_seq = n.seq"
                          " WHERE m.user_seq = ? ORDER BY m.rowid", (user["seq"],)).fetchall()
    result = []
    for row in rows:
        org_row = ctx.db.execute("SELECT * FROM orgs WHERE seq = ?", (row["org_seq"],)).fetchone()
        path = _path_rows(ctx.db, row)
        result.append([_rest_org(ctx, org_row, path[0])] + [rest_node_view(ctx, item, org_row["id"]) for item in path])
    return result
