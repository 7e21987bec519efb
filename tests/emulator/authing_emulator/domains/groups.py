"""Groups and group membership (GraphQL), wire reference §2.7.

``code`` is unique in the pool (2050 on conflict, 2051 when missing). ``updateGroup`` treats a
null ``name``/``description`` as "unchanged" and renames with ``newCode``. ``deleteGroups`` and
``addUserToGroup`` are all-or-nothing: one unknown code or user id fails the call with no
change. Removing a user who is not a member succeeds.
"""

from ..domain import Domain
from ..errors import AuthingError, Code
from ..util import Page, now_timestamp, order_by, paginated
from .users import require_user_rows, user_view

domain = Domain("groups", tables=("groups", "group_members"), ddl="""
CREATE TABLE IF NOT EXISTS groups (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    description TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS group_members (
    group_seq INTEGER NOT NULL REFERENCES groups (seq) ON DELETE CASCADE,
    user_seq INTEGER NOT NULL REFERENCES users (seq) ON DELETE CASCADE,
    PRIMARY KEY (group_seq, user_seq)
);
CREATE INDEX IF NOT EXISTS group_members_by_user ON group_members (user_seq);
""")

DELETED = {"code": Code.OK, "message": "删除成功！"}


def group_view(row):
    return {
        "code": row["code"],
        "name": row["name"],
        "description": row["description"],
        "createdAt": row["created_at"],
        "updatedAt": row["updated_at"],
    }


def _find(db, code):
    return db.execute("SELECT * FROM groups WHERE code = ?", (code,)).fetchone()


def _require(db, code):
    row = _find(db, code) if code is not None else None
    if row is None:
        raise AuthingError(Code.GROUP_NOT_FOUND, "分组不存在: %s" % code)
    return row


def _ensure_code_free(db, code):
    if _find(db, code) is not None:
        raise AuthingError(Code.GROUP_EXISTS, "分组 code 已存在: %s" % code)


@domain.mutation("createGroup")
def create_group(ctx, code, name, description=None):
    _ensure_code_free(ctx.db, code)
    now = now_timestamp()
    ctx.db.execute("INSERT INTO groups (code, name, description, created_at, updated_at) VALUES (?, ?, ?, ?, ?)",
                   (code, name, description, now, now))
    return group_view(_find(ctx.db, code))


@domain.mutation("updateGroup")
def update_group(ctx, code, name=None, description=None, new_code=None):
    row = _require(ctx.db, code)
    if new_code is not None and new_code != code:
        _ensure_code_free(ctx.db, new_code)
    final_code = new_code or code
    ctx.db.execute(
        "UPDATE groups SET code = ?, name = COALESCE(?, name), description = COALESCE(?, description),"
        " updated_at = ? WHERE seq = ?",
        (final_code, name, description, now_timestamp(), row["seq"]))
    return group_view(_find(ctx.db, final_code))


@domain.query("group")
def group(ctx, code):
    row = _find(ctx.db, code)
    return None if row is None else group_view(row)


@domain.query("groups")
def groups(ctx, user_id=None, page=None, limit=None, sort_by=None):
    """All groups, or those of ``userId`` (none for an unknown user), paged."""
    window = Page(page, limit)
    where, params = "", ()
    if user_id is not None:
        where = (" WHERE seq IN (SELECT m.group_seq FROM group_members m JOIN users u ON u.seq = m.user_seq"
                 " WHERE u.id = ?)")
        params = (user_id,)
    total = ctx.db.execute("SELECT COUNT(*) FROM groups" + where, params).fetchone()[0]
    limit_clause, limit_params = window.sql()
    rows = ctx.db.execute("SELECT * FROM groups" + where + order_by(sort_by) + limit_clause, params + limit_params)
    return paginated(total, [group_view(row) for row in rows])


@domain.mutation("deleteGroups")
def delete_groups(ctx, code_list):
    rows = [_require(ctx.db, code) for code in code_list]
    ctx.db.executemany("DELETE FROM groups WHERE seq = ?", [(row["seq"],) for row in rows])
    return DELETED


@domain.mutation("addUserToGroup")
def add_user_to_group(ctx, user_ids, code=None):
    group_row = _require(ctx.db, code)
    users = require_user_rows(ctx.db, user_ids)
    ctx.db.executemany("INSERT OR IGNORE INTO group_members (group_seq, user_seq) VALUES (?, ?)",
                       [(group_row["seq"], user["seq"]) for user in users])
    return {"code": Code.OK, "message": "添加成功！"}


@domain.mutation("removeUserFromGroup")
def remove_user_from_group(ctx, user_ids, code=None):
    group_row = _require(ctx.db, code)
    users = require_user_rows(ctx.db, user_ids)
    ctx.db.executemany("DELETE FROM group_members WHERE group_seq = ? AND user_seq = ?",
                       [(group_row["seq"], user["seq"]) for user in users])
    return {"code": Code.OK, "message": "移除成功！"}


@domain.field("Group", "users")
def group_users(ctx, group, page=None, limit=None):
    """Members in the order they were added, paged."""
    window = Page(page, limit)
    group_row = _require(ctx.db, group["code"])
    total = ctx.db.execute("SELECT COUNT(*) FROM group_members WHERE group_seq = ?",
                           (group_row["seq"],)).fetchone()[0]
    limit_clause, limit_params = window.sql()
    rows = ctx.db.execute(
        "SELECT u.* FROM users u JOIN group_members m ON m.user_seq = u.seq WHERE m.group_seq = ?"
        " ORDER BY m.rowid" + limit_clause, (group_row["seq"],) + limit_params)
    return paginated(total, [user_view(row, ctx.settings.userpool_id) for row in rows])


@domain.field("User", "groups")
def user_groups(ctx, user):
    """All groups of the user (the field takes no paging arguments)."""
    rows = ctx.db.execute(
        "SELECT g.* FROM groups g JOIN group_members m ON m.group_seq = g.seq JOIN users u ON u.seq = m.user_seq"
        " WHERE u.id = ? ORDER BY g.seq", (user["id"],)).fetchall()
    return paginated(len(rows), [group_view(row) for row in rows])
