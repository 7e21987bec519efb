"""Registration agreements of an application (REST, wire reference §2.3).

Ids are integers from one service-wide counter; ``order`` is 1-based per application, a new
agreement comes last, deleting one closes the gap, and ``sort`` takes the application's complete
id list in the new order (anything else is refused with 400). An unknown agreement, or one of
another application, is 404 "协议不存在".
"""

from ..domain import Domain
from ..errors import AuthingError, Code
from ..util import paginated
from .applications import require_app_row, require_string

domain = Domain("agreements", tables=("agreements",), ddl="""
CREATE TABLE IF NOT EXISTS agreements (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    app_seq INTEGER NOT NULL REFERENCES applications (seq) ON DELETE CASCADE,
    title TEXT NOT NULL,
    lang TEXT NOT NULL,
    required INTEGER NOT NULL,
    position INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS agreements_by_app ON agreements (app_seq, position);
""")

LANGUAGES = ("zh-CN", "en-US")
PREFIX = "/api/v2/applications/<app_id>/agreements"


def agreement_view(ctx, row, app_id):
    return {
        "id": row["id"],
        "appId": app_id,
        "userPoolId": ctx.settings.userpool_id,
        "title": row["title"],
        "lang": row["lang"],
        "required": bool(row["required"]),
        "order": row["position"],
    }


def _agreement_id(raw):
    try:
        return int(raw)
    except (TypeError, ValueError):
        return None


def _require(db, app_row, agreement_id):
    number = _agreement_id(agreement_id)
    row = None if number is None else db.execute(
        "SELECT * FROM agreements WHERE id = ? AND app_seq = ?", (number, app_row["seq"])).fetchone()
    if row is None:
        raise AuthingError(Code.NOT_FOUND, "协议不存在: %s" % agreement_id)
    return row


def _valid_required(value):
    if not isinstance(value, bool):
        raise AuthingError(Code.INVALID_ARGUMENT, "required 必须是布尔值")
    return value


def _valid_lang(value):
    if value not in LANGUAGES:
        raise AuthingError(Code.INVALID_ARGUMENT, "lang 必须是 zh-CN 或 en-US")
    return value


def _rows(db, app_row):
    return db.execute("SELECT * FROM agreements WHERE app_seq = ? ORDER BY position", (app_row["seq"],)).fetchall()


@domain.route("POST", PREFIX, "agreements.create", message="创建成功")
def create_agreement(ctx, app_id):
    app_row = require_app_row(ctx.db, app_id)
    body = ctx.json_body()
    title = require_string(body, "title")
    required = _valid_required(body["required"]) if body.get("required") is not None else True
    lang = _valid_lang(body["lang"]) if body.get("lang") is not None else "zh-CN"
    position = ctx.db.execute("SELECT COALESCE(MAX(position), 0) + 1 FROM agreements WHERE app_seq = ?",
                              (app_row["seq"],)).fetchone()[0]
    cursor = ctx.db.execute("INSERT INTO agreements (app_seq, title, lang, required, position) VALUES (?, ?, ?, ?, ?)",
                            (app_row["seq"], title, lang, int(required), position))
    return agreement_view(ctx, _require(ctx.db, app_row, cursor.lastrowid), app_id)


@domain.route("GET", PREFIX, "agreements.list")
def list_agreements(ctx, app_id):
    """All agreements of the application, in ``order`` (not paged)."""
    app_row = require_app_row(ctx.db, app_id)
    rows = _rows(ctx.db, app_row)
    return paginated(len(rows), [agreement_view(ctx, row, app_id) for row in rows])


@domain.route("PUT", PREFIX + "/<agreement_id>", "agreements.modify", message="修改成功成功")
def modify_agreement(ctx, app_id, agreement_id):
    """Any of ``title``, ``required``, ``lang``; omitted (or null) fields are kept."""
    app_row = require_app_row(ctx.db, app_id)
    row = _require(ctx.db, app_row, agreement_id)
    body = ctx.json_body()
    title = require_string(body, "title") if body.get("title") is not None else row["title"]
    required = _valid_required(body["required"]) if body.get("required") is not None else bool(row["required"])
    lang = _valid_lang(body["lang"]) if body.get("lang") is not None else row["lang"]
    ctx.db.execute("UPDATE agreements SET title = ?, required = ?, lang = ? WHERE id = ?",
                   (title, int(required), lang, row["id"]))
    return agreement_view(ctx, _require(ctx.db, app_row, row["id"]), app_id)


@domain.route("DELETE", PREFIX + "/<agreement_id>", "agreements.delete", message="删除成功")
def delete_agreement(ctx, app_id, agreement_id):
    app_row = require_app_row(ctx.db, app_id)
    row = _require(ctx.db, app_row, agreement_id)
    ctx.db.execute("DELETE FROM agreements WHERE id = ?", (row["id"],))
    ctx.db.execute("UPDATE agreements SET position = position - 1 WHERE app_seq = ? AND position > ?",
                   (app_row["seq"], row["position"]))
    return None


@domain.route("POST", PREFIX + "/sort", "agreements.sort", message="排序成功")
def sort_agreements(ctx, app_id):
    """``{"ids": [...]}``: every agreement id of the application exactly once (integers or
    digit strings, as the Python SDK sends them), in the new order."""
    app_row = require_app_row(ctx.db, app_id)
    ids = ctx.json_body().get("ids")
    if not isinstance(ids, list):
        raise AuthingError(Code.INVALID_ARGUMENT, "ids 必须是协议 ID 数组")
    wanted = [_agreement_id(value) if not isinstance(value, bool) else None for value in ids]
    existing = [row["id"] for row in _rows(ctx.db, app_row)]
    if None in wanted or len(set(wanted)) != len(wanted) or sorted(wanted) != sorted(existing):
        raise AuthingError(Code.INVALID_ARGUMENT, "ids 必须恰好包含该应用的全部协议 ID（各一次）: 应为 %s 的一个排列，收到 %r"
                           % (existing, ids))
    ctx.db.executemany("UPDATE agreements SET position = ? WHERE id = ?",
                       list(enumerate(wanted, start=1)))
    return None
