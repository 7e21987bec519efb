"""Resources of a permission namespace (REST, wire reference §2.2; namespace = app id or ``default``).

``code`` is unique per namespace (2070 on conflict, 2071 when missing). An update replaces
``actions`` wholesale and leaves omitted (or null) fields unchanged. Detail lookups answer
``data: null`` for a miss, as the real service.
"""

import json

from ..domain import Domain
from ..errors import AuthingError, Code
from ..util import new_object_id, paginated
from .applications import find_namespace, namespace_code, query_page, require_namespace, require_string, rest_timestamp

domain = Domain("resources", tables=("resources",), ddl="""
CREATE TABLE IF NOT EXISTS resources (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    namespace_seq INTEGER NOT NULL REFERENCES namespaces (seq) ON DELETE CASCADE,
    code TEXT NOT NULL,
    type TEXT NOT NULL,
    description TEXT,
    actions TEXT NOT NULL,
    api_identifier TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (namespace_seq, code)
);
""")

RESOURCE_TYPES = ("DATA", "API", "MENU", "UI", "BUTTON")
# Codes the real console refuses (JS/PHP docs: "unable value ...").
RESERVED_CODES = ("userpool", "user", "application", "role", "group", "org", "*", "api", "resource-namespace",
                  "custom-resource")


def resource_view(ctx, row, namespace):
    return {
        "id": row["id"],
        "createdAt": row["created_at"],
        "updatedAt": row["updated_at"],
        "userPoolId": ctx.settings.userpool_id,
        "code": row["code"],
        "actions": json.loads(row["actions"]),
        "type": row["type"],
        "description": row["description"],
        "namespaceId": row["namespace_seq"],
        "apiIdentifier": row["api_identifier"],
        "namespace": namespace,
    }


def _find(db, namespace_row, code):
    return db.execute("SELECT * FROM resources WHERE namespace_seq = ? AND code = ?",
                      (namespace_row["seq"], code)).fetchone()


def _require(db, namespace_row, code):
    row = _find(db, namespace_row, code)
    if row is None:
        raise AuthingError(Code.RESOURCE_NOT_FOUND, "资源不存在: %s（权限分组 %s）" % (code, namespace_row["code"]))
    return row


def _valid_type(value):
    if value not in RESOURCE_TYPES:
        raise AuthingError(Code.INVALID_ARGUMENT, "type 必须是 %s 之一: %r" % (", ".join(RESOURCE_TYPES), value))
    return value


def _valid_actions(value):
    """A list of ``{name, description}``; names non-empty and distinct."""
    if not isinstance(value, list):
        raise AuthingError(Code.INVALID_ARGUMENT, "actions 必须是 {name, description} 对象数组")
    actions, names = [], set()
    for item in value:
        if not isinstance(item, dict) or not isinstance(item.get("name"), str) or not item["name"]:
            raise AuthingError(Code.INVALID_ARGUMENT, "actions 的每一项都必须有非空的 name: %r" % (item,))
        description = item.get("description")
        if description is not None and not isinstance(description, str):
            raise AuthingError(Code.INVALID_ARGUMENT, "action 的 description 必须是字符串")
        if item["name"] in names:
            raise AuthingError(Code.INVALID_ARGUMENT, "action 重复: %s" % item["name"])
        names.add(item["name"])
        actions.append({"name": item["name"], "description": description if description is not None else ""})
    return actions


def _optional_string(body, name):
    value = body.get(name)
    if value is not None and not isinstance(value, str):
        raise AuthingError(Code.INVALID_ARGUMENT, "%s 必须是字符串" % name)
    return value


@domain.route("GET", "/api/v2/resources", "resources.list")
def list_resources(ctx):
    """``?namespace=`` (default ``default``), optional ``type``, paged, in creation order."""
    window = query_page(ctx)
    namespace = require_namespace(ctx.db, ctx.request.args.get("namespace"))
    where, params = " WHERE namespace_seq = ?", (namespace["seq"],)
    resource_type = ctx.request.args.get("type")
    if resource_type:
        where += " AND type = ?"
        params += (_valid_type(resource_type),)
    total = ctx.db.execute("SELECT COUNT(*) FROM resources" + where, params).fetchone()[0]
    limit_clause, limit_params = window.sql()
    rows = ctx.db.execute("SELECT * FROM resources" + where + " ORDER BY seq" + limit_clause, params + limit_params)
    return paginated(total, [resource_view(ctx, row, namespace["code"]) for row in rows])


@domain.route("POST", "/api/v2/resources", "resources.create", message="创建成功")
def create_resource(ctx):
    body = ctx.json_body()
    code = require_string(body, "code")
    if code in RESERVED_CODES:
        raise AuthingError(Code.INVALID_ARGUMENT, "资源 code 不能使用保留值: %s" % code)
    if body.get("type") is None:
        raise AuthingError(Code.MISSING_PARAMETERS, "缺少参数 type")
    resource_type = _valid_type(body["type"])
    actions = _valid_actions(body.get("actions") if body.get("actions") is not None else [])
    description = _optional_string(body, "description")
    api_identifier = _optional_string(body, "apiIdentifier")
    namespace = require_namespace(ctx.db, _optional_string(body, "namespace"))
    if _find(ctx.db, namespace, code) is not None:
        raise AuthingError(Code.RESOURCE_EXISTS, "资源 code 已存在: %s（权限分组 %s）" % (code, namespace["code"]))
    now = rest_timestamp()
    resource_id = new_object_id()
    ctx.db.execute(
        "INSERT INTO resources (id, namespace_seq, code, type, description, actions, api_identifier, created_at,"
        " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (resource_id, namespace["seq"], code, resource_type, description, json.dumps(actions), api_identifier,
         now, now))
    return resource_view(ctx, _find(ctx.db, namespace, code), namespace["code"])


@domain.route("GET", "/api/v2/resources/detail", "resources.detail")
def resource_detail(ctx):
    """By ``?id=`` or by ``?namespace=&code=``; ``data`` is null when nothing matches."""
    args = ctx.request.args
    if args.get("id"):
        row = ctx.db.execute("SELECT * FROM resources WHERE id = ?", (args["id"],)).fetchone()
        if row is None:
            return None
        return resource_view(ctx, row, namespace_code(ctx.db, row["namespace_seq"]))
    if not args.get("code"):
        raise AuthingError(Code.MISSING_PARAMETERS, "需要 id，或 namespace 和 code")
    namespace = find_namespace(ctx.db, args.get("namespace"))
    row = None if namespace is None else _find(ctx.db, namespace, args["code"])
    return None if row is None else resource_view(ctx, row, namespace["code"])


@domain.route("POST", "/api/v2/resources/<code>", "resources.update", message="修改成功")
def update_resource(ctx, code):
    """Body: ``namespace`` plus any of ``type``, ``description``, ``actions`` (replaces the
    list), ``apiIdentifier``; null or omitted means unchanged. A ``code`` key in the body (the JS
    SDK sends one) is ignored."""
    body = ctx.json_body()
    namespace = require_namespace(ctx.db, _optional_string(body, "namespace"))
    row = _require(ctx.db, namespace, code)
    assignments, params = [], []
    if body.get("type") is not None:
        assignments.append("type = ?")
        params.append(_valid_type(body["type"]))
    if body.get("description") is not None:
        assignments.append("description = ?")
        params.append(_optional_string(body, "description"))
    if body.get("actions") is not None:
        assignments.append("actions = ?")
        params.append(json.dumps(_valid_actions(body["actions"])))
    if body.get("apiIdentifier") is not None:
        assignments.append("api_identifier = ?")
        params.append(_optional_string(body, "apiIdentifier"))
    if assignments:
        ctx.db.execute("UPDATE resources SET %s, updated_at = ? WHERE seq = ?" % ", ".join(assignments),
                       params + [rest_timestamp(), row["seq"]])
    return resource_view(ctx, _find(ctx.db, namespace, code), namespace["code"])


@domain.route("DELETE", "/api/v2/resources/<code>", "resources.delete", message="删除成功")
def delete_resource(ctx, code):
    namespace = require_namespace(ctx.db, ctx.request.args.get("namespace"))
    row = _require(ctx.db, namespace, code)
    ctx.db.execute("DELETE FROM resources WHERE seq = ?", (row["seq"],))
    return None
