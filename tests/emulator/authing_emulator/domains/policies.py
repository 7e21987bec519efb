"""Policies and policy assignments (GraphQL); see docs/dev/reference-orgs-acl-policies.md.

A policy lives in a permission namespace (``default`` when null, else an application id; unknown
2011) and its ``code`` is unique there (2090 on conflict, 2091 when missing). Statements are
``{resource, actions, effect, condition}``; ``effect`` defaults to ALLOW and ``condition`` to
``[]`` (so what comes back is not exactly what went in, as on the live service). ``updatePolicy``
treats null ``description``/``statements`` as "unchanged", replaces ``statements`` wholesale and
renames with ``newCode``.

Assignments link a policy to a USER (id), ROLE (code in the call's namespace), GROUP (code) or ORG
(node id) target; the targets must exist (2004/2061/2051/2401) and the writes are
all-or-nothing. Assigning twice or removing what was never assigned succeeds. Assignments follow
their policy and their target (``ON DELETE CASCADE``). ``policyAssignments`` filters by any of
namespace / code / targetType / targetIdentifier (null = any), in assignment order. The hidden
application login policies of the access-policy area are not listed here.
"""

import json

from ..domain import Domain
from ..errors import AuthingError, Code
from ..util import Page, now_timestamp, paginated
from .acl import TARGET_COLUMNS, require_target, target_identifier
from .applications import find_namespace, namespace_code, require_namespace

domain = Domain("policies", tables=("policies", "policy_assignments"), ddl="""
CREATE TABLE IF NOT EXISTS policies (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    namespace_seq INTEGER NOT NULL REFERENCES namespaces (seq) ON DELETE CASCADE,
    code TEXT NOT NULL,
    description TEXT,
    statements TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (namespace_seq, code)
);
CREATE TABLE IF NOT EXISTS policy_assignments (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    policy_seq INTEGER NOT NULL REFERENCES policies (seq) ON DELETE CASCADE,
    target_type TEXT NOT NULL,
    user_seq INTEGER REFERENCES users (seq) ON DELETE CASCADE,
    group_seq INTEGER REFERENCES groups (seq) ON DELETE CASCADE,
    role_seq INTEGER REFERENCES roles (seq) ON DELETE CASCADE,
    node_seq INTEGER REFERENCES org_nodes (seq) ON DELETE CASCADE,
    inherit_by_children INTEGER,
    enabled INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS policy_assignments_key ON policy_assignments
    (policy_seq, target_type, COALESCE(user_seq, group_seq, role_seq, node_seq));
""")

DELETED = {"code": Code.OK, "message": "删除成功！"}
EFFECTS = ("ALLOW", "DENY")


# -- views and lookups ------------------------------------------------------------------------

def _assignment_count(db, policy_seq):
    return db.execute("SELECT COUNT(*) FROM policy_assignments WHERE policy_seq = ?", (policy_seq,)).fetchone()[0]


def policy_view(ctx, row, namespace=None):
    return {
        "namespace": namespace or namespace_code(ctx.db, row["namespace_seq"]),
        "code": row["code"],
        "isDefault": False,
        "description": row["description"],
        "statements": json.loads(row["statements"]),
        "createdAt": row["created_at"],
        "updatedAt": row["updated_at"],
        "assignmentsCount": _assignment_count(ctx.db, row["seq"]),
        "_seq": row["seq"],
    }


def _find(db, namespace_row, code):
    return db.execute("SELECT * FROM policies WHERE namespace_seq = ? AND code = ?",
                      (namespace_row["seq"], code)).fetchone()


def _require(db, namespace_row, code):
    row = None if code is None else _find(db, namespace_row, code)
    if row is None:
        raise AuthingError(Code.POLICY_NOT_FOUND, "策略不存在: %s（权限分组 %s）" % (code, namespace_row["code"]))
    return row


def _ensure_code_free(db, namespace_row, code):
    if not code:
        raise AuthingError(Code.INVALID_ARGUMENT, "code 不能为空")
    if _find(db, namespace_row, code) is not None:
        raise AuthingError(Code.POLICY_EXISTS, "策略 code 已存在: %s（权限分组 %s）" % (code, namespace_row["code"]))


def _statements(statements):
    """Normalise ``[PolicyStatementInput]``: effect ALLOW and condition [] when not given."""
    result = []
    for statement in statements:
        if not statement.get("resource"):
            raise AuthingError(Code.INVALID_ARGUMENT, "statement 的 resource 不能为空")
        effect = statement.get("effect") or "ALLOW"
        conditions = [{"param": item["param"], "operator": item["operator"], "value": item["value"]}
                      for item in statement.get("condition") or []]
        result.append({"resource": statement["resource"], "actions": list(statement.get("actions") or []),
                       "effect": effect, "condition": conditions})
    return json.dumps(result, ensure_ascii=False)


# -- GraphQL: policies ------------------------------------------------------------------------

@domain.mutation("createPolicy")
def create_policy(ctx, code, statements, namespace=None, description=None):
    namespace_row = require_namespace(ctx.db, namespace)
    _ensure_code_free(ctx.db, namespace_row, code)
    now = now_timestamp()
    ctx.db.execute("INSERT INTO policies (namespace_seq, code, description, statements, created_at, updated_at)"
                   " VALUES (?, ?, ?, ?, ?, ?)", (namespace_row["seq"], code, description, _statements(statements),
                                                  now, now))
    return policy_view(ctx, _find(ctx.db, namespace_row, code), namespace_row["code"])


@domain.mutation("updatePolicy")
def update_policy(ctx, code, namespace=None, description=None, statements=None, new_code=None):
    namespace_row = require_namespace(ctx.db, namespace)
    row = _require(ctx.db, namespace_row, code)
    if new_code is not None and new_code != code:
        _ensure_code_free(ctx.db, namespace_row, new_code)
    final_code = new_code or code
    ctx.db.execute(
        "UPDATE policies SET code = ?, description = COALESCE(?, description), statements = COALESCE(?, statements),"
        " updated_at = ? WHERE seq = ?",
        (final_code, description, None if statements is None else _statements(statements), now_timestamp(),
         row["seq"]))
    return policy_view(ctx, _find(ctx.db, namespace_row, final_code), namespace_row["code"])


@domain.mutation("deletePolicy")
def delete_policy(ctx, code, namespace=None):
    namespace_row = require_namespace(ctx.db, namespace)
    ctx.db.execute("DELETE FROM policies WHERE seq = ?", (_require(ctx.db, namespace_row, code)["seq"],))
    return DELETED


@domain.mutation("deletePolicies")
def delete_policies(ctx, code_list, namespace=None):
    namespace_row = require_namespace(ctx.db, namespace)
    rows = [_require(ctx.db, namespace_row, code) for code in code_list]
    ctx.db.executemany("DELETE FROM policies WHERE seq = ?", [(row["seq"],) for row in rows])
    return DELETED


@domain.query("policy")
def policy(ctx, code, namespace=None):
    namespace_row = find_namespace(ctx.db, namespace)
    row = None if namespace_row is None else _find(ctx.db, namespace_row, code)
    return None if row is None else policy_view(ctx, row, namespace_row["code"])


@domain.query("policies")
def policies(ctx, page=None, limit=None, namespace=None, exclude_default=None):
    """The namespace's policies (``default`` when null), in creation order, paged."""
    window = Page(page, limit)
    namespace_row = require_namespace(ctx.db, namespace)
    total = ctx.db.execute("SELECT COUNT(*) FROM policies WHERE namespace_seq = ?",
                           (namespace_row["seq"],)).fetchone()[0]
    limit_clause, limit_params = window.sql()
    rows = ctx.db.execute("SELECT * FROM policies WHERE namespace_seq = ? ORDER BY seq" + limit_clause,
                          (namespace_row["seq"],) + limit_params).fetchall()
    return paginated(total, [policy_view(ctx, row, namespace_row["code"]) for row in rows])


# -- GraphQL: assignments ---------------------------------------------------------------------

def _assignment_view(db, row):
    return {"code": row["policy_code"], "targetType": row["target_type"],
            "targetIdentifier": target_identifier(db, row["target_type"], row)}


def _assignments(db, where, params):
    rows = db.execute("SELECT a.*, p.code AS policy_code FROM policy_assignments a JOIN policies p"
                      " ON p.seq = a.policy_seq" + where + " ORDER BY a.seq", params).fetchall()
    return [_assignment_view(db, row) for row in rows]


@domain.query("policyAssignments")
def policy_assignments(ctx, namespace=None, code=None, target_type=None, target_identifier=None, page=None,
                       limit=None):
    window = Page(page, limit)
    clauses, params = [], []
    if namespace is not None:
        namespace_row = find_namespace(ctx.db, namespace)
        if namespace_row is None:
            return paginated(0, [])
        clauses.append("p.namespace_seq = ?")
        params.append(namespace_row["seq"])
    if code is not None:
        clauses.append("p.code = ?")
        params.append(code)
    if target_type is not None:
        clauses.append("a.target_type = ?")
        params.append(target_type)
    where = (" WHERE " + " AND ".join(clauses)) if clauses else ""
    items = _assignments(ctx.db, where, tuple(params))
    if target_identifier is not None:
        items = [item for item in items if item["targetIdentifier"] == target_identifier]
    return paginated(len(items), items[window.offset:window.offset + window.limit])


def _resolve(ctx, policies, target_type, target_identifiers, namespace):
    """(policy rows, target keys): everything checked before any write."""
    if target_type == "AK_SK":
        raise AuthingError(Code.INVALID_ARGUMENT, "targetType AK_SK 不受模拟器支持")
    namespace_row = require_namespace(ctx.db, namespace)
    if not policies:
        raise AuthingError(Code.MISSING_PARAMETERS, "缺少参数 policies")
    if not target_identifiers:
        raise AuthingError(Code.MISSING_PARAMETERS, "缺少参数 targetIdentifiers")
    rows = [_require(ctx.db, namespace_row, code) for code in dict.fromkeys(policies)]
    keys = [require_target(ctx.db, target_type, identifier, namespace_row)
            for identifier in dict.fromkeys(target_identifiers)]
    return rows, keys


@domain.mutation("addPolicyAssignments")
def add_policy_assignments(ctx, policies, target_type, target_identifiers=None, inherit_by_children=None,
                           namespace=None):
    rows, keys = _resolve(ctx, policies, target_type, target_identifiers, namespace)
    column = TARGET_COLUMNS[target_type]
    inherit = None if inherit_by_children is None else int(inherit_by_children)
    for row in rows:
        for key in keys:
            ctx.db.execute("INSERT OR IGNORE INTO policy_assignments (policy_seq, target_type, %s, inherit_by_children,"
                           " created_at) VALUES (?, ?, ?, ?, ?)" % column,
                           (row["seq"], target_type, key, inherit, now_timestamp()))
            if inherit is not None:
                ctx.db.execute("UPDATE policy_assignments SET inherit_by_children = ? WHERE policy_seq = ?"
                               " AND target_type = ? AND %s = ?" % column, (inherit, row["seq"], target_type, key))
    return {"code": Code.OK, "message": "授权成功"}


@domain.mutation("removePolicyAssignments")
def remove_policy_assignments(ctx, policies, target_type, target_identifiers=None, namespace=None):
    rows, keys = _resolve(ctx, policies, target_type, target_identifiers, namespace)
    ctx.db.executemany("DELETE FROM policy_assignments WHERE policy_seq = ? AND target_type = ? AND %s = ?"
                       % TARGET_COLUMNS[target_type], [(row["seq"], target_type, key) for row in rows for key in keys])
    return {"code": Code.OK, "message": "取消授权成功"}


def _set_enabled(ctx, policy_code, target_type, identifier, namespace, enabled):
    rows, keys = _resolve(ctx, [policy_code], target_type, [identifier], namespace)
    ctx.db.execute("UPDATE policy_assignments SET enabled = ? WHERE policy_seq = ? AND target_type = ? AND %s = ?"
                   % TARGET_COLUMNS[target_type], (int(enabled), rows[0]["seq"], target_type, keys[0]))


@domain.mutation("enablePolicyAssignment")
def enable_policy_assignment(ctx, policy, target_type, target_identifier, namespace=None):  # noqa: F811
    _set_enabled(ctx, policy, target_type, target_identifier, namespace, True)
    return {"code": Code.OK, "message": "启用策略授权成功"}


@domain.mutation("disbalePolicyAssignment")
def disable_policy_assignment(ctx, policy, target_type, target_identifier, namespace=None):  # noqa: F811
    """(sic: the API spells the field ``disbale``)."""
    _set_enabled(ctx, policy, target_type, target_identifier, namespace, False)
    return {"code": Code.OK, "message": "停用策略授权成功"}


@domain.field("Policy", "assignments")
def assignments(ctx, policy_source, page=None, limit=None, namespace=None):
    window = Page(page, limit)
    items = _assignments(ctx.db, " WHERE a.policy_seq = ?", (policy_source["_seq"],))
    return items[window.offset:window.offset + window.limit]
