"""Roles, including application roles (GraphQL, wire reference §2.8), and role assignment.

A role lives in a permission namespace (``default`` when none is given, or an application id;
an unknown namespace is 2011 on writes and lists, ``null`` on ``role``). ``code`` is unique per
namespace (2060 on conflict, 2061 when missing). ``updateRole`` treats a null ``description`` as
"unchanged" and renames with ``newCode``. ``deleteRoles``, ``assignRole`` and ``revokeRole`` are
all-or-nothing: an unknown role (2061), user (2004) or group (2051) fails the call with no change.
Assigning twice, or revoking what was never assigned, succeeds. Only direct assignments count
(``Role.users``, ``User.roles``, ``has-role``); a role given to a group is kept but not expanded.
``nodeCodes`` are organisation node **ids** (the Python SDK's ``org.add_roles`` sends ids there;
unknown 2401); ``Node.roles`` lists the roles of the node and of its ancestors, each once.
"""

from ..domain import Domain
from ..errors import AuthingError, Code
from ..util import Page, new_object_id, now_timestamp, order_by, paginated
from .applications import find_namespace, namespace_code, require_namespace
from .orgs import ancestor_seqs, require_node_row
from .users import find_user_row, require_user_rows, user_view

domain = Domain("roles", tables=("roles", "role_users", "role_groups", "role_nodes"), ddl="""
CREATE TABLE IF NOT EXISTS roles (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    namespace_seq INTEGER NOT NULL REFERENCES namespaces (seq) ON DELETE CASCADE,
    code TEXT NOT NULL,
    description TEXT,
    parent_seq INTEGER REFERENCES roles (seq) ON DELETE SET NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (namespace_seq, code)
);
CREATE TABLE IF NOT EXISTS role_users (
    role_seq INTEGER NOT NULL REFERENCES roles (seq) ON DELETE CASCADE,
    user_seq INTEGER NOT NULL REFERENCES users (seq) ON DELETE CASCADE,
    PRIMARY KEY (role_seq, user_seq)
);
CREATE INDEX IF NOT EXISTS role_users_by_user ON role_users (user_seq);
CREATE TABLE IF NOT EXISTS role_groups (
    role_seq INTEGER NOT NULL REFERENCES roles (seq) ON DELETE CASCADE,
    group_seq INTEGER NOT NULL REFERENCES groups (seq) ON DELETE CASCADE,
    PRIMARY KEY (role_seq, group_seq)
);
CREATE TABLE IF NOT EXISTS role_nodes (
    role_seq INTEGER NOT NULL REFERENCES roles (seq) ON DELETE CASCADE,
    node_seq INTEGER NOT NULL REFERENCES org_nodes (seq) ON DELETE CASCADE,
    PRIMARY KEY (role_seq, node_seq)
);
""")

DELETED = {"code": Code.OK, "message": "删除成功！"}


def role_view(ctx, row, namespace=None):
    """Every scalar Role field; ``_seq``/``_parent_seq`` feed the relation resolvers."""
    return {
        "id": row["id"],
        "namespace": namespace or namespace_code(ctx.db, row["namespace_seq"]),
        "code": row["code"],
        "arn": "arn:cn:authing:%s:role:%s" % (ctx.settings.userpool_id, row["id"]),
        "description": row["description"],
        "isSystem": False,
        "createdAt": row["created_at"],
        "updatedAt": row["updated_at"],
        "_seq": row["seq"],
        "_parent_seq": row["parent_seq"],
    }


def find_role_row(db, namespace_row, code):
    return db.execute("SELECT * FROM roles WHERE namespace_seq = ? AND code = ?",
                      (namespace_row["seq"], code)).fetchone()


def require_role_row(db, namespace_row, code):
    row = None if code is None else find_role_row(db, namespace_row, code)
    if row is None:
        raise AuthingError(Code.ROLE_NOT_FOUND, "角色不存在: %s（权限分组 %s）" % (code, namespace_row["code"]))
    return row


def _ensure_code_free(db, namespace_row, code):
    if find_role_row(db, namespace_row, code) is not None:
        raise AuthingError(Code.ROLE_EXISTS, "角色 code 已存在: %s（权限分组 %s）" % (code, namespace_row["code"]))


def _valid_code(code, name="code"):
    if not code:
        raise AuthingError(Code.INVALID_ARGUMENT, "%s 不能为空" % name)
    return code


# -- GraphQL: roles -----------------------------------------------------------------------------

@domain.mutation("createRole")
def create_role(ctx, code, namespace=None, description=None, parent=None):
    namespace_row = require_namespace(ctx.db, namespace)
    _ensure_code_free(ctx.db, namespace_row, _valid_code(code))
    parent_seq = require_role_row(ctx.db, namespace_row, parent)["seq"] if parent else None
    now = now_timestamp()
    ctx.db.execute(
        "INSERT INTO roles (id, namespace_seq, code, description, parent_seq, created_at, updated_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        (new_object_id(), namespace_row["seq"], code, description, parent_seq, now, now))
    return role_view(ctx, find_role_row(ctx.db, namespace_row, code), namespace_row["code"])


@domain.mutation("updateRole")
def update_role(ctx, code, description=None, new_code=None, namespace=None):
    namespace_row = require_namespace(ctx.db, namespace)
    row = require_role_row(ctx.db, namespace_row, code)
    if new_code is not None and new_code != code:
        _ensure_code_free(ctx.db, namespace_row, _valid_code(new_code, "newCode"))
    final_code = new_code or code
    ctx.db.execute("UPDATE roles SET code = ?, description = COALESCE(?, description), updated_at = ? WHERE seq = ?",
                   (final_code, description, now_timestamp(), row["seq"]))
    return role_view(ctx, find_role_row(ctx.db, namespace_row, final_code), namespace_row["code"])


@domain.query("role")
def role(ctx, code, namespace=None):
    namespace_row = find_namespace(ctx.db, namespace)
    row = None if namespace_row is None else find_role_row(ctx.db, namespace_row, code)
    return None if row is None else role_view(ctx, row, namespace_row["code"])


@domain.query("roles")
def roles(ctx, namespace=None, page=None, limit=None, sort_by=None):
    window = Page(page, limit)
    namespace_row = require_namespace(ctx.db, namespace)
    total = ctx.db.execute("SELECT COUNT(*) FROM roles WHERE namespace_seq = ?", (namespace_row["seq"],)).fetchone()[0]
    limit_clause, limit_params = window.sql()
    rows = ctx.db.execute("SELECT * FROM roles WHERE namespace_seq = ?" + order_by(sort_by) + limit_clause,
                          (namespace_row["seq"],) + limit_params)
    return paginated(total, [role_view(ctx, row, namespace_row["code"]) for row in rows])


@domain.mutation("deleteRole")
def delete_role(ctx, code, namespace=None):
    namespace_row = require_namespace(ctx.db, namespace)
    row = require_role_row(ctx.db, namespace_row, code)
    ctx.db.execute("DELETE FROM roles WHERE seq = ?", (row["seq"],))
    return DELETED


@domain.mutation("deleteRoles")
def delete_roles(ctx, code_list, namespace=None):
    namespace_row = require_namespace(ctx.db, namespace)
    rows = [require_role_row(ctx.db, namespace_row, code) for code in code_list]
    ctx.db.executemany("DELETE FROM roles WHERE seq = ?", [(row["seq"],) for row in rows])
    return DELETED


# -- GraphQL: assignment ------------------------------------------------------------------------

def _assignment(ctx, namespace, role_code, role_codes, user_ids, group_codes, node_codes):
    """Resolve everything first (all-or-nothing): (role rows, user rows, group rows, node rows)."""
    codes = list(dict.fromkeys(code for code in [role_code] + list(role_codes or []) if code))
    if not codes:
        raise AuthingError(Code.MISSING_PARAMETERS, "需要 roleCode 或 roleCodes")
    namespace_row = require_namespace(ctx.db, namespace)
    role_rows = [require_role_row(ctx.db, namespace_row, code) for code in codes]
    user_rows = require_user_rows(ctx.db, user_ids or [])
    group_rows = []
    for group_code in group_codes or []:
        row = ctx.db.execute("SELECT * FROM groups WHERE code = ?", (group_code,)).fetchone()
        if row is None:
            raise AuthingError(Code.GROUP_NOT_FOUND, "分组不存在: %s" % group_code)
        group_rows.append(row)
    node_rows = [require_node_row(ctx.db, node_id) for node_id in node_codes or []]
    return role_rows, user_rows, group_rows, node_rows


@domain.mutation("assignRole")
def assign_role(ctx, namespace=None, role_code=None, role_codes=None, user_ids=None, group_codes=None,
                node_codes=None):
    role_rows, user_rows, group_rows, node_rows = _assignment(ctx, namespace, role_code, role_codes, user_ids,
                                                              group_codes, node_codes)
    for role_row in role_rows:
        ctx.db.executemany("INSERT OR IGNORE INTO role_users (role_seq, user_seq) VALUES (?, ?)",
                           [(role_row["seq"], user["seq"]) for user in user_rows])
        ctx.db.executemany("INSERT OR IGNORE INTO role_groups (role_seq, group_seq) VALUES (?, ?)",
                           [(role_row["seq"], group["seq"]) for group in group_rows])
        ctx.db.executemany("INSERT OR IGNORE INTO role_nodes (role_seq, node_seq) VALUES (?, ?)",
                           [(role_row["seq"], node["seq"]) for node in node_rows])
    return {"code": Code.OK, "message": "授权角色成功"}


@domain.mutation("revokeRole")
def revoke_role(ctx, namespace=None, role_code=None, role_codes=None, user_ids=None, group_codes=None,
                node_codes=None):
    role_rows, user_rows, group_rows, node_rows = _assignment(ctx, namespace, role_code, role_codes, user_ids,
                                                              group_codes, node_codes)
    for role_row in role_rows:
        ctx.db.executemany("DELETE FROM role_users WHERE role_seq = ? AND user_seq = ?",
                           [(role_row["seq"], user["seq"]) for user in user_rows])
        ctx.db.executemany("DELETE FROM role_groups WHERE role_seq = ? AND group_seq = ?",
                           [(role_row["seq"], group["seq"]) for group in group_rows])
        ctx.db.executemany("DELETE FROM role_nodes WHERE role_seq = ? AND node_seq = ?",
                           [(role_row["seq"], node["seq"]) for node in node_rows])
    return {"code": Code.OK, "message": "撤销角色成功"}


# -- GraphQL: relations -------------------------------------------------------------------------

@domain.field("Role", "users")
def role_users(ctx, role_source, page=None, limit=None):
    """Users assigned directly, in assignment order, paged."""
    window = Page(page, limit)
    seq = role_source["_seq"]
    total = ctx.db.execute("SELECT COUNT(*) FROM role_users WHERE role_seq = ?", (seq,)).fetchone()[0]
    limit_clause, limit_params = window.sql()
    rows = ctx.db.execute("SELECT u.* FROM users u JOIN role_users m ON m.user_seq = u.seq WHERE m.role_seq = ?"
                          " ORDER BY m.rowid" + limit_clause, (seq,) + limit_params)
    return paginated(total, [user_view(row, ctx.settings.userpool_id) for row in rows])


@domain.field("Role", "parent")
def role_parent(ctx, role_source):
    if role_source.get("_parent_seq") is None:
        return None
    row = ctx.db.execute("SELECT * FROM roles WHERE seq = ?", (role_source["_parent_seq"],)).fetchone()
    return None if row is None else role_view(ctx, row)


@domain.field("User", "roles")
def user_roles(ctx, user, namespace=None):
    """The user's roles in ``namespace``, or in every namespace when it is null (none for an
    unknown namespace), in assignment order."""
    where, params = "", (user["id"],)
    if namespace is not None:
        namespace_row = find_namespace(ctx.db, namespace)
        if namespace_row is None:
            return paginated(0, [])
        where, params = " AND r.namespace_seq = ?", params + (namespace_row["seq"],)
    rows = ctx.db.execute(
        "SELECT r.* FROM roles r JOIN role_users m ON m.role_seq = r.seq JOIN users u ON u.seq = m.user_seq"
        " WHERE u.id = ?" + where + " ORDER BY m.rowid", params).fetchall()
    return paginated(len(rows), [role_view(ctx, row) for row in rows])


@domain.field("Node", "roles")
def node_roles(ctx, node, namespace=None):
    """Roles given to the node or to any of its ancestors (each once), in ``namespace`` or in every
    namespace when it is null (none for an unknown namespace)."""
    node_row = ctx.db.execute("SELECT * FROM org_nodes WHERE seq = ?", (node["_seq"],)).fetchone()
    seqs = ancestor_seqs(ctx.db, node_row)
    where, params = "", tuple(seqs)
    if namespace is not None:
        namespace_row = find_namespace(ctx.db, namespace)
        if namespace_row is None:
            return paginated(0, [])
        where, params = " AND r.namespace_seq = ?", params + (namespace_row["seq"],)
    rows = ctx.db.execute(
        "SELECT r.* FROM roles r WHERE r.seq IN (SELECT role_seq FROM role_nodes WHERE node_seq IN (%s))"
        % ",".join("?" * len(seqs)) + where + " ORDER BY r.seq", params).fetchall()
    return paginated(len(rows), [role_view(ctx, row) for row in rows])


# -- REST ---------------------------------------------------------------------------------------

@domain.route("GET", "/api/v2/users/<user_id>/has-role", "users.has-role")
def has_role(ctx, user_id):
    """``?code=&namespace=`` (default ``default``): ``data`` is a boolean (false for an unknown
    role or namespace); an unknown user is 2004."""
    user_row = find_user_row(ctx.db, user_id)
    if user_row is None:
        raise AuthingError(Code.USER_NOT_FOUND, "用户不存在: %s" % user_id)
    code = ctx.request.args.get("code")
    if not code:
        raise AuthingError(Code.MISSING_PARAMETERS, "缺少参数 code")
    namespace_row = find_namespace(ctx.db, ctx.request.args.get("namespace"))
    role_row = None if namespace_row is None else find_role_row(ctx.db, namespace_row, code)
    if role_row is None:
        return False
    return ctx.db.execute("SELECT 1 FROM role_users WHERE role_seq = ? AND user_seq = ?",
                          (role_row["seq"], user_row["seq"])).fetchone() is not None
