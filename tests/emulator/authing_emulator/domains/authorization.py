"""Application access policies: who may log in to an application (REST, wire reference §2.4).

There is one record per (application, target). ``allow``/``deny`` create it or switch its
policy (the record moves to the top of the list, ``assignedAt`` is renewed); repeating the same
effect only updates ``inheritByChildren`` when given. New records are enabled; ``enable-effect`` /
``disable-effect`` toggle ``enabled`` and ``revoke`` deletes; these three ignore targets that have
no record (or do not exist). ``allow``/``deny`` require the targets to exist and are
all-or-nothing: USER = user id (2004), GROUP = group code (2051), ROLE = role code in the request's
``namespace``, else ``default`` (2061; unknown namespace 2011), ORG = organisation node id (2401).
Records follow their target: deleting it (a node also with its parent or its organisation)
deletes them, renaming a group or role changes their ``targetIdentifier``.

The first ``allow``/``deny`` of an application creates its two hidden login policies
(``ApplicationLoginAccess:<8>`` / ``ApplicationLoginDeny:<8>``) and sets
``permissionStrategy.enabled``, ``allowPolicyId`` and ``denyPolicyId``.
"""

import json
import secrets
import string

from ..domain import Domain
from ..errors import AuthingError, Code
from ..util import new_object_id, paginated
from .applications import query_page, require_app_row, require_namespace, rest_timestamp, save_app_body
from .orgs import find_node_row, require_node_row, rest_node_view
from .roles import find_role_row, require_role_row
from .users import find_user_row, user_view

domain = Domain("authorization", tables=("application_policies", "access_records"), ddl="""
CREATE TABLE IF NOT EXISTS application_policies (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    app_seq INTEGER NOT NULL REFERENCES applications (seq) ON DELETE CASCADE,
    effect TEXT NOT NULL,
    id TEXT NOT NULL UNIQUE,
    code TEXT NOT NULL,
    created_at TEXT NOT NULL,
    UNIQUE (app_seq, effect)
);
CREATE TABLE IF NOT EXISTS access_records (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    app_seq INTEGER NOT NULL REFERENCES applications (seq) ON DELETE CASCADE,
    target_type TEXT NOT NULL,
    user_seq INTEGER REFERENCES users (seq) ON DELETE CASCADE,
    group_seq INTEGER REFERENCES groups (seq) ON DELETE CASCADE,
    role_seq INTEGER REFERENCES roles (seq) ON DELETE CASCADE,
    org_id TEXT,
    effect TEXT NOT NULL,
    enabled INTEGER NOT NULL,
    inherit_by_children INTEGER,
    assigned_at TEXT NOT NULL,
    position INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS access_records_by_app ON access_records (app_seq, position);
CREATE TRIGGER IF NOT EXISTS access_records_follow_org_nodes AFTER DELETE ON org_nodes BEGIN
    DELETE FROM access_records WHERE target_type = 'ORG' AND org_id = OLD.id;
END;
""")

TARGET_TYPES = ("USER", "ROLE", "GROUP", "ORG")
# target type -> the column that identifies the target of a record
TARGET_COLUMNS = {"USER": "user_seq", "GROUP": "group_seq", "ROLE": "role_seq", "ORG": "org_id"}
POLICY_PREFIXES = {"ALLOW": "ApplicationLoginAccess:", "DENY": "ApplicationLoginDeny:"}
POLICY_DESCRIPTIONS = {"ALLOW": "允许登录应用 %s", "DENY": "拒绝登录应用 %s"}
PREFIX = "/api/v2/applications/<app_id>/authorization"
CODE_ALPHABET = string.ascii_letters + string.digits


# -- request parsing --------------------------------------------------------------------------

class AccessRequest:
    """The common body ``{targetType, targetIdentifiers, namespace, inheritByChildren}``."""

    def __init__(self, ctx):
        body = ctx.json_body()
        self.target_type = body.get("targetType")
        if self.target_type is None:
            raise AuthingError(Code.MISSING_PARAMETERS, "缺少参数 targetType")
        if self.target_type not in TARGET_TYPES:
            raise AuthingError(Code.INVALID_ARGUMENT, "targetType 必须是 %s 之一" % ", ".join(TARGET_TYPES))
        identifiers = body.get("targetIdentifiers")
        if not identifiers:
            raise AuthingError(Code.MISSING_PARAMETERS, "缺少参数 targetIdentifiers")
        if not isinstance(identifiers, list) or not all(isinstance(item, str) and item for item in identifiers):
            raise AuthingError(Code.INVALID_ARGUMENT, "targetIdentifiers 必须是非空字符串数组")
        self.identifiers = list(dict.fromkeys(identifiers))
        self.namespace = body.get("namespace")
        if self.namespace is not None and not isinstance(self.namespace, str):
            raise AuthingError(Code.INVALID_ARGUMENT, "namespace 必须是字符串")
        self.inherit = body.get("inheritByChildren")
        if self.inherit is not None and not isinstance(self.inherit, bool):
            raise AuthingError(Code.INVALID_ARGUMENT, "inheritByChildren 必须是布尔值")


def _target_key(ctx, request, identifier, strict):
    """The value of the record's target column, or None (``strict``: an error) when the target
    does not exist."""
    db = ctx.db
    if request.target_type == "USER":
        row = find_user_row(db, identifier)
        if row is None and strict:
            raise AuthingError(Code.USER_NOT_FOUND, "用户不存在: %s" % identifier)
        return None if row is None else row["seq"]
    if request.target_type == "GROUP":
        row = db.execute("SELECT seq FROM groups WHERE code = ?", (identifier,)).fetchone()
        if row is None and strict:
            raise AuthingError(Code.GROUP_NOT_FOUND, "分组不存在: %s" % identifier)
        return None if row is None else row["seq"]
    if request.target_type == "ROLE":
        if strict:
            return require_role_row(db, require_namespace(db, request.namespace), identifier)["seq"]
        namespace_row = db.execute("SELECT * FROM namespaces WHERE code = ?",
                                   (request.namespace or "default",)).fetchone()
        row = None if namespace_row is None else find_role_row(db, namespace_row, identifier)
        return None if row is None else row["seq"]
    if strict:
        return require_node_row(db, identifier)["id"]
    return identifier if find_node_row(db, identifier) is not None else None  # ORG: the node id


def _find_record(db, app_row, target_type, key):
    return db.execute("SELECT * FROM access_records WHERE app_seq = ? AND target_type = ? AND %s = ?"
                      % TARGET_COLUMNS[target_type], (app_row["seq"], target_type, key)).fetchone()


def _existing_records(ctx, app_row, request):
    records = []
    for identifier in request.identifiers:
        key = _target_key(ctx, request, identifier, strict=False)
        record = None if key is None else _find_record(ctx.db, app_row, request.target_type, key)
        if record is not None:
            records.append(record)
    return records


# -- policies ---------------------------------------------------------------------------------

def _policies(db, app_row):
    return {row["effect"]: row for row in
            db.execute("SELECT * FROM application_policies WHERE app_seq = ?", (app_row["seq"],))}


def _ensure_policies(db, app_row):
    """Create the application's allow/deny login policies on first use and switch its
    ``permissionStrategy`` on."""
    if _policies(db, app_row):
        return
    now = rest_timestamp()
    ids = {}
    for effect, prefix in POLICY_PREFIXES.items():
        ids[effect] = new_object_id()
        code = prefix + "".join(secrets.choice(CODE_ALPHABET) for dummy in range(8))
        db.execute("INSERT INTO application_policies (app_seq, effect, id, code, created_at) VALUES (?, ?, ?, ?, ?)",
                   (app_row["seq"], effect, ids[effect], code, now))
    document = json.loads(app_row["body"])
    document["permissionStrategy"].update(enabled=True, allowPolicyId=ids["ALLOW"], denyPolicyId=ids["DENY"])
    save_app_body(db, app_row, document)


def _policy_view(ctx, policy, app_row):
    app_id = app_row["id"]
    return {
        "id": policy["id"],
        "createdAt": policy["created_at"],
        "updatedAt": policy["created_at"],
        "userPoolId": ctx.settings.userpool_id,
        "isDefault": True,
        "isAuto": False,
        "hidden": True,
        "code": policy["code"],
        "description": POLICY_DESCRIPTIONS[policy["effect"]] % app_id,
        "namespaceId": _namespace_seq(ctx.db, app_row),
        "statements": [{
            "resource": "arn:cn:authing:%s:application:%s" % (ctx.settings.userpool_id, app_id),
            "actions": ["application:login"],
            "effect": policy["effect"],
            "condition": [],
            "resourceType": None,
        }],
    }


def _namespace_seq(db, app_row):
    return db.execute("SELECT seq FROM namespaces WHERE app_seq = ?", (app_row["seq"],)).fetchone()["seq"]


# -- records ----------------------------------------------------------------------------------

def _target_view(ctx, record):
    """(targetIdentifier, target object, extra record fields) of a record."""
    db, pool = ctx.db, ctx.settings.userpool_id
    target_type = record["target_type"]
    if target_type == "USER":
        row = db.execute("SELECT * FROM users WHERE seq = ?", (record["user_seq"],)).fetchone()
        return row["id"], user_view(row, pool), {}
    if target_type == "GROUP":
        row = db.execute("SELECT * FROM groups WHERE seq = ?", (record["group_seq"],)).fetchone()
        return row["code"], {"code": row["code"], "name": row["name"], "description": row["description"],
                             "userPoolId": pool, "createdAt": row["created_at"], "updatedAt": row["updated_at"]}, {}
    if target_type == "ROLE":
        row = db.execute("SELECT r.*, n.code AS namespace_code FROM roles r"
                         " JOIN namespaces n ON n.seq = r.namespace_seq WHERE r.seq = ?", (record["role_seq"],)).fetchone()
        parent = db.execute("SELECT code FROM roles WHERE seq = ?", (row["parent_seq"],)).fetchone() \
            if row["parent_seq"] is not None else None
        return row["code"], {
            "id": row["id"], "code": row["code"], "description": row["description"],
            "parentCode": parent["code"] if parent else None, "isSystem": False, "namespaceId": row["namespace_seq"],
            "namespace": row["namespace_code"], "userPoolId": pool, "createdAt": row["created_at"],
            "updatedAt": row["updated_at"]}, {"targetNamespace": row["namespace_code"]}
    return record["org_id"], rest_node_view(ctx, find_node_row(db, record["org_id"])), {}


def record_view(ctx, record, app_row, policies):
    identifier, target, extra = _target_view(ctx, record)
    policy = policies[record["effect"]]
    view = {
        "targetType": record["target_type"],
        "targetIdentifier": identifier,
        "code": policy["code"],
        "namespace": app_row["id"],
        "enabled": bool(record["enabled"]),
        "inheritByChildren": None if record["inherit_by_children"] is None else bool(record["inherit_by_children"]),
        "policyId": policy["id"],
        "policy": _policy_view(ctx, policy, app_row),
        "assignedAt": record["assigned_at"],
        "target": target,
    }
    view.update(extra)
    return view


def _next_position(db, app_row):
    return db.execute("SELECT COALESCE(MAX(position), 0) + 1 FROM access_records WHERE app_seq = ?",
                      (app_row["seq"],)).fetchone()[0]


def _grant(ctx, app_id, effect):
    app_row = require_app_row(ctx.db, app_id)
    request = AccessRequest(ctx)
    keys = [_target_key(ctx, request, identifier, strict=True) for identifier in request.identifiers]
    _ensure_policies(ctx.db, app_row)
    column = TARGET_COLUMNS[request.target_type]
    inherit = None if request.inherit is None else int(request.inherit)
    for key in keys:
        record = _find_record(ctx.db, app_row, request.target_type, key)
        if record is None:
            ctx.db.execute(
                "INSERT INTO access_records (app_seq, target_type, %s, effect, enabled, inherit_by_children,"
                " assigned_at, position) VALUES (?, ?, ?, ?, 1, ?, ?, ?)" % column,
                (app_row["seq"], request.target_type, key, effect, inherit, rest_timestamp(),
                 _next_position(ctx.db, app_row)))
            continue
        if record["effect"] != effect:
            ctx.db.execute("UPDATE access_records SET effect = ?, assigned_at = ?, position = ? WHERE seq = ?",
                           (effect, rest_timestamp(), _next_position(ctx.db, app_row), record["seq"]))
        if inherit is not None:
            ctx.db.execute("UPDATE access_records SET inherit_by_children = ? WHERE seq = ?", (inherit, record["seq"]))
    return None


# -- REST -------------------------------------------------------------------------------------

@domain.route("POST", PREFIX + "/allow", "authorization.allow", message="允许主体访问应用的策略配置已生效")
def allow(ctx, app_id):
    return _grant(ctx, app_id, "ALLOW")


@domain.route("POST", PREFIX + "/deny", "authorization.deny", message="拒绝主体访问应用的策略配置已生效")
def deny(ctx, app_id):
    return _grant(ctx, app_id, "DENY")


def _set_enabled(ctx, app_id, enabled):
    app_row = require_app_row(ctx.db, app_id)
    records = _existing_records(ctx, app_row, AccessRequest(ctx))
    ctx.db.executemany("UPDATE access_records SET enabled = ? WHERE seq = ?",
                       [(int(enabled), record["seq"]) for record in records])
    return None


@domain.route("POST", PREFIX + "/enable-effect", "authorization.enable", message="启用应用访问控制策略成功")
def enable_effect(ctx, app_id):
    return _set_enabled(ctx, app_id, True)


@domain.route("POST", PREFIX + "/disable-effect", "authorization.disable", message="停用应用访问控制策略成功")
def disable_effect(ctx, app_id):
    return _set_enabled(ctx, app_id, False)


@domain.route("POST", PREFIX + "/revoke", "authorization.revoke", message="删除应用访问控制策略成功")
def revoke(ctx, app_id):
    app_row = require_app_row(ctx.db, app_id)
    records = _existing_records(ctx, app_row, AccessRequest(ctx))
    ctx.db.executemany("DELETE FROM access_records WHERE seq = ?", [(record["seq"],) for record in records])
    return None


@domain.route("GET", PREFIX + "/records", "authorization.records", message="获取成功")
def records(ctx, app_id):
    """Paged, most recently assigned first."""
    app_row = require_app_row(ctx.db, app_id)
    window = query_page(ctx)
    total = ctx.db.execute("SELECT COUNT(*) FROM access_records WHERE app_seq = ?", (app_row["seq"],)).fetchone()[0]
    limit_clause, limit_params = window.sql()
    rows = ctx.db.execute("SELECT * FROM access_records WHERE app_seq = ? ORDER BY position DESC" + limit_clause,
                          (app_row["seq"],) + limit_params).fetchall()
    policies = _policies(ctx.db, app_row)
    return paginated(total, [record_view(ctx, row, app_row, policies) for row in rows])
