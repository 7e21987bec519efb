"""Resource permissions (ACL): grants of a resource's actions to users, roles, groups and
organisation nodes (GraphQL ``authorizeResource``, REST ``POST /api/v2/acl/revoke-resource``,
``authorizedResources``, ``authorizedTargets`` and the ``authorizedResources`` relations); see
docs/dev/reference-orgs-acl-policies.md.

A grant is (namespace, resource, target) -> actions. ``resource`` is a resource code (``books``),
an instance of it (``books:1``) or all instances (``books:*``); actions are spelled
``<resource>:<verb>`` (``books:edit``). Neither needs to exist as a resource: the SDK's own tests,
written against the live service, grant random codes and actions. Targets must exist: USER by user
id (2004), ROLE by role code in the grant's namespace (2061), GROUP by group code (2051), ORG by
organisation node id (2401); the namespace is an application id or ``default`` (2011).
Authorizing a target again replaces its actions on that resource. Revoking a resource code also
revokes its instances (``books`` takes ``books:1``, not the other way round); with ``actions``
only those actions are taken away. A grant disappears with its target, its namespace, or the
resource whose code it names.

``type`` of a listed resource: the ``resourceType`` given when it was granted, else the type of
the resource of that code (``books`` for ``books:1``), else null.
"""

import json

from ..domain import Domain
from ..errors import AuthingError, Code
from ..util import now_timestamp, paginated
from .applications import find_namespace, require_namespace
from .orgs import ancestor_seqs, require_node_row
from .roles import require_role_row
from .users import find_user_row

domain = Domain("acl", tables=("acl_grants",), ddl="""
CREATE TABLE IF NOT EXISTS acl_grants (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    namespace_seq INTEGER NOT NULL REFERENCES namespaces (seq) ON DELETE CASCADE,
    resource TEXT NOT NULL,
    resource_type TEXT,
    target_type TEXT NOT NULL,
    user_seq INTEGER REFERENCES users (seq) ON DELETE CASCADE,
    group_seq INTEGER REFERENCES groups (seq) ON DELETE CASCADE,
    role_seq INTEGER REFERENCES roles (seq) ON DELETE CASCADE,
    node_seq INTEGER REFERENCES org_nodes (seq) ON DELETE CASCADE,
    actions TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS acl_grants_key ON acl_grants
    (namespace_seq, resource, target_type, COALESCE(user_seq, group_seq, role_seq, node_seq));
CREATE TRIGGER IF NOT EXISTS acl_grants_follow_resources AFTER DELETE ON resources BEGIN
    DELETE FROM acl_grants WHERE namespace_seq = OLD.namespace_seq
        AND (resource = OLD.code OR substr(resource, 1, length(OLD.code) + 1) = OLD.code || ':');
END;
""")

TARGET_TYPES = ("USER", "ROLE", "GROUP", "ORG")
TARGET_COLUMNS = {"USER": "user_seq", "GROUP": "group_seq", "ROLE": "role_seq", "ORG": "node_seq"}
RESOURCE_TYPES = ("DATA", "API", "MENU", "UI", "BUTTON")


# -- targets (shared with policies) -----------------------------------------------------------

def valid_target_type(target_type):
    if target_type is None:
        raise AuthingError(Code.MISSING_PARAMETERS, "缺少参数 targetType")
    if target_type not in TARGET_TYPES:
        raise AuthingError(Code.INVALID_ARGUMENT,
                           "targetType 必须是 %s 之一: %s" % (", ".join(TARGET_TYPES), target_type))
    return target_type


def require_target(db, target_type, identifier, namespace_row):
    """The seq of an existing target (ROLE: a role code in ``namespace_row``), else its error."""
    valid_target_type(target_type)
    if not identifier:
        raise AuthingError(Code.MISSING_PARAMETERS, "缺少参数 targetIdentifier")
    if target_type == "USER":
        row = find_user_row(db, identifier)
        if row is None:
            raise AuthingError(Code.USER_NOT_FOUND, "用户不存在: %s" % identifier)
    elif target_type == "GROUP":
        row = db.execute("SELECT seq FROM groups WHERE code = ?", (identifier,)).fetchone()
        if row is None:
            raise AuthingError(Code.GROUP_NOT_FOUND, "分组不存在: %s" % identifier)
    elif target_type == "ROLE":
        row = require_role_row(db, namespace_row, identifier)
    else:
        row = require_node_row(db, identifier)
    return row["seq"]


def target_identifier(db, target_type, row):
    """The ``targetIdentifier`` of a grant or assignment row (user id, role/group code, node id)."""
    column = TARGET_COLUMNS[target_type]
    table, field = {"USER": ("users", "id"), "GROUP": ("groups", "code"), "ROLE": ("roles", "code"),
                    "ORG": ("org_nodes", "id")}[target_type]
    return db.execute("SELECT %s FROM %s WHERE seq = ?" % (field, table), (row[column],)).fetchone()[0]


# -- grants -----------------------------------------------------------------------------------

def _kind(resource):
    return resource.split(":", 1)[0]


def _valid_actions(actions):
    if actions is None:
        return []
    return list(dict.fromkeys(actions))


def _find_grant(db, namespace_row, resource, target_type, key):
    return db.execute("SELECT * FROM acl_grants WHERE namespace_seq = ? AND resource = ? AND target_type = ? AND %s = ?"
                      % TARGET_COLUMNS[target_type], (namespace_row["seq"], resource, target_type, key)).fetchone()


def _resolve_opts(db, namespace_row, opts):
    if not opts:
        raise AuthingError(Code.MISSING_PARAMETERS, "缺少参数 opts")
    resolved = []
    for opt in opts:
        if not isinstance(opt, dict):
            raise AuthingError(Code.INVALID_ARGUMENT, "opts 的每一项都必须是 {targetType, targetIdentifier, actions}")
        target_type = opt.get("targetType")
        key = require_target(db, target_type, opt.get("targetIdentifier"), namespace_row)
        actions = opt.get("actions")
        if actions is not None and (not isinstance(actions, list) or not all(isinstance(a, str) for a in actions)):
            raise AuthingError(Code.INVALID_ARGUMENT, "actions 必须是字符串数组")
        resolved.append((target_type, key, actions))
    return resolved


def _require_resource_code(resource):
    if not resource or not isinstance(resource, str):
        raise AuthingError(Code.MISSING_PARAMETERS, "缺少参数 resource")
    return resource


@domain.mutation("authorizeResource")
def authorize_resource(ctx, namespace=None, resource=None, resource_type=None, opts=None):
    namespace_row = require_namespace(ctx.db, namespace)
    resource = _require_resource_code(resource)
    now = now_timestamp()
    for target_type, key, actions in _resolve_opts(ctx.db, namespace_row, opts):
        actions_json = json.dumps(_valid_actions(actions))
        grant = _find_grant(ctx.db, namespace_row, resource, target_type, key)
        if grant is None:
            ctx.db.execute(
                "INSERT INTO acl_grants (namespace_seq, resource, resource_type, target_type, %s, actions, created_at,"
                " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)" % TARGET_COLUMNS[target_type],
                (namespace_row["seq"], resource, resource_type, target_type, key, actions_json, now, now))
        else:
            ctx.db.execute("UPDATE acl_grants SET actions = ?, resource_type = COALESCE(?, resource_type),"
                           " updated_at = ? WHERE seq = ?", (actions_json, resource_type, now, grant["seq"]))
    return {"code": Code.OK, "message": "授权成功"}


@domain.route("POST", "/api/v2/acl/revoke-resource", "acl.revoke-resource", message="撤销授权成功")
def revoke_resource(ctx):
    body = ctx.json_body()
    namespace = body.get("namespace")
    if namespace is not None and not isinstance(namespace, str):
        raise AuthingError(Code.INVALID_ARGUMENT, "namespace 必须是字符串")
    namespace_row = require_namespace(ctx.db, namespace)
    resource = _require_resource_code(body.get("resource"))
    opts = body.get("opts")
    if opts is not None and not isinstance(opts, list):
        raise AuthingError(Code.INVALID_ARGUMENT, "opts 必须是数组")
    for target_type, key, actions in _resolve_opts(ctx.db, namespace_row, opts):
        grants = ctx.db.execute(
            "SELECT * FROM acl_grants WHERE namespace_seq = ? AND target_type = ? AND %s = ?"
            " AND (resource = ? OR (? NOT LIKE '%%:%%' AND substr(resource, 1, ?) = ?))" % TARGET_COLUMNS[target_type],
            (namespace_row["seq"], target_type, key, resource, resource, len(resource) + 1, resource + ":")).fetchall()
        for grant in grants:
            if not actions:
                ctx.db.execute("DELETE FROM acl_grants WHERE seq = ?", (grant["seq"],))
                continue
            kept = [action for action in json.loads(grant["actions"]) if action not in actions]
            if not kept:
                ctx.db.execute("DELETE FROM acl_grants WHERE seq = ?", (grant["seq"],))
            else:
                ctx.db.execute("UPDATE acl_grants SET actions = ?, updated_at = ? WHERE seq = ?",
                               (json.dumps(kept), now_timestamp(), grant["seq"]))
    return None


# -- reads ------------------------------------------------------------------------------------

def _resource_rows(db, namespace_seq, codes):
    """code -> resources row, for the kinds of the given resource codes in one namespace."""
    kinds = sorted({_kind(code) for code in codes})
    if not kinds:
        return {}
    rows = db.execute("SELECT * FROM resources WHERE namespace_seq = ? AND code IN (%s)" % ",".join("?" * len(kinds)),
                      (namespace_seq,) + tuple(kinds)).fetchall()
    return {row["code"]: row for row in rows}


def _effective(db, grants):
    """(grant, type, apiIdentifier) for each grant."""
    result, cache = [], {}
    for grant in grants:
        namespace_seq = grant["namespace_seq"]
        if namespace_seq not in cache:
            codes = [g["resource"] for g in grants if g["namespace_seq"] == namespace_seq]
            cache[namespace_seq] = _resource_rows(db, namespace_seq, codes)
        resource_row = cache[namespace_seq].get(_kind(grant["resource"]))
        resource_type = grant["resource_type"] or (resource_row["type"] if resource_row is not None else None)
        api_identifier = resource_row["api_identifier"] if resource_row is not None else None
        result.append((grant, resource_type, api_identifier))
    return result


def _grants_of(db, targets, namespace_seq=None):
    """Grants of any of ``targets`` [(target_type, seq)], in grant order; ``namespace_seq`` None
    means every namespace."""
    if not targets:
        return []
    clauses = " OR ".join("(target_type = ? AND %s = ?)" % TARGET_COLUMNS[kind] for kind, dummy in targets)
    params = [value for target in targets for value in target]
    where = "(" + clauses + ")"
    if namespace_seq is not None:
        where += " AND namespace_seq = ?"
        params.append(namespace_seq)
    return db.execute("SELECT * FROM acl_grants WHERE " + where + " ORDER BY seq", params).fetchall()


def _authorized_resources(db, grants, resource_type=None):
    """``PaginatedAuthorizedResources``: one item per (namespace, resource), actions merged."""
    items = {}
    for grant, effective_type, api_identifier in _effective(db, grants):
        if resource_type and effective_type != resource_type:
            continue
        key = (grant["namespace_seq"], grant["resource"])
        item = items.setdefault(key, {"code": grant["resource"], "type": effective_type, "actions": [],
                                      "apiIdentifier": api_identifier})
        item["actions"] = list(dict.fromkeys(item["actions"] + json.loads(grant["actions"])))
    return paginated(len(items), list(items.values()))


def _namespace_filter(db, namespace):
    """(namespace seq or None for all, known): nested fields list every namespace when null."""
    if namespace is None:
        return None, True
    row = find_namespace(db, namespace)
    return (None, False) if row is None else (row["seq"], True)


@domain.query("authorizedResources")
def authorized_resources(ctx, target_type=None, target_identifier=None, namespace=None, resource_type=None):
    """What was granted to the target itself (nothing inherited), in ``namespace`` or in every
    namespace when it is null; a ROLE is looked up in ``namespace`` (else ``default``)."""
    namespace_row = require_namespace(ctx.db, namespace)
    key = require_target(ctx.db, target_type, target_identifier, namespace_row)
    return _authorized_resources(ctx.db, _grants_of(ctx.db, [(target_type, key)],
                                                    namespace_row["seq"] if namespace else None), resource_type)


@domain.query("authorizedTargets")
def authorized_targets(ctx, namespace, resource_type, resource, target_type=None, actions=None):
    """Targets granted exactly ``resource``; ``actions`` ``{op: OR|AND, list}`` keeps those with
    any / all of the listed actions."""
    namespace_row = require_namespace(ctx.db, namespace)
    grants = ctx.db.execute("SELECT * FROM acl_grants WHERE namespace_seq = ? AND resource = ? ORDER BY seq",
                            (namespace_row["seq"], resource)).fetchall()
    wanted = [action for action in (actions or {}).get("list") or [] if action is not None]
    listed = []
    for grant, effective_type, dummy in _effective(ctx.db, grants):
        if effective_type is not None and effective_type != resource_type:
            continue
        if target_type is not None and grant["target_type"] != target_type:
            continue
        granted = json.loads(grant["actions"])
        if wanted:
            matches = [action in granted for action in wanted]
            if not (all(matches) if actions.get("op") == "AND" else any(matches)):
                continue
        listed.append({"targetType": grant["target_type"],
                       "targetIdentifier": target_identifier(ctx.db, grant["target_type"], grant),
                       "actions": granted})
    return paginated(len(listed), listed)


# -- relations --------------------------------------------------------------------------------

@domain.field("User", "authorizedResources")
def user_authorized_resources(ctx, user, namespace=None, resource_type=None):
    """The user's own grants plus those of the roles assigned to the user, of the user's groups
    and of the user's departments and their ancestors (actions merged per resource)."""
    db = ctx.db
    namespace_seq, known = _namespace_filter(db, namespace)
    if not known:
        return paginated(0, [])
    row = find_user_row(db, user["id"])
    targets = [("USER", row["seq"])]
    targets += [("ROLE", r[0]) for r in db.execute("SELECT role_seq FROM role_users WHERE user_seq = ?", (row["seq"],))]
    targets += [("GROUP", r[0]) for r in db.execute("SELECT group_seq FROM group_members WHERE user_seq = ?",
                                                    (row["seq"],))]
    node_seqs = []
    for member in db.execute("SELECT node_seq FROM node_members WHERE user_seq = ?", (row["seq"],)).fetchall():
        node_row = db.execute("SELECT * FROM org_nodes WHERE seq = ?", (member[0],)).fetchone()
        node_seqs.extend(seq for seq in ancestor_seqs(db, node_row) if seq not in node_seqs)
    targets += [("ORG", seq) for seq in node_seqs]
    return _authorized_resources(db, _grants_of(db, targets, namespace_seq), resource_type)


@domain.field("Role", "authorizedResources")
def role_authorized_resources(ctx, role_source, resource_type=None):
    return _authorized_resources(ctx.db, _grants_of(ctx.db, [("ROLE", role_source["_seq"])]), resource_type)


@domain.field("Group", "authorizedResources")
def group_authorized_resources(ctx, group, namespace=None, resource_type=None):
    namespace_seq, known = _namespace_filter(ctx.db, namespace)
    row = ctx.db.execute("SELECT seq FROM groups WHERE code = ?", (group["code"],)).fetchone()
    if not known or row is None:
        return paginated(0, [])
    return _authorized_resources(ctx.db, _grants_of(ctx.db, [("GROUP", row["seq"])], namespace_seq), resource_type)


@domain.field("Node", "authorizedResources")
def node_authorized_resources(ctx, node, namespace=None, resource_type=None):
    namespace_seq, known = _namespace_filter(ctx.db, namespace)
    if not known:
        return paginated(0, [])
    return _authorized_resources(ctx.db, _grants_of(ctx.db, [("ORG", node["_seq"])], namespace_seq), resource_type)
