"""User-defined fields (UDF definitions) and their values (UDV), wire reference §2.6.

Definitions are unique per ``(targetType, key)``; ``setUdf`` is an upsert. A value can only be
set for a defined key (2080 otherwise) and must match the field's ``dataType`` (2081).

Value encoding:

- Input (``setUdv``, ``setUdvBatch``, ``setUdfValueBatch``): ``value`` is JSON text, as the SDKs
  send ``json.dumps(v)``. Text that is not JSON (or is ``null``/``NaN``) is a type mismatch.
- ``createUser(params)``: a JSON string of ``[{"key": k, "value": v}]`` whose values are raw JSON
  values (not JSON-encoded again).
- Accepted per ``dataType``: STRING a string; NUMBER a number (not a boolean); BOOLEAN true/false;
  OBJECT an object or an array; DATETIME an ISO-8601 string, or an integer (milliseconds since
  the epoch); SELECT one of the field's option values.
- Output (``value`` is always a string): STRING and string SELECT values raw (not quoted);
  NUMBER, BOOLEAN, OBJECT (and non-string SELECT values) as compact JSON text (``18``, ``true``,
  ``{"a":1}``); DATETIME exactly the ISO string given (or the digits of the epoch number).
- SELECT ``options`` is a JSON string holding a non-empty list whose items are either
  ``{"value": v, "label": "..."}`` objects or plain values. It is returned as given. Changing
  the options does not touch stored values.
- Changing a field's ``dataType`` with ``setUdf`` deletes its stored values (they would no
  longer decode); ``removeUdf`` deletes the field and all its values.

Values are listed in field definition order. For ``targetType: USER`` the target must be an
existing user on writes (2004) and the values go when the user is deleted; other target types
take any id (their entities live in other domains).
"""

import json
from datetime import datetime

from ..domain import Domain
from ..errors import AuthingError, Code
from .users import IN_CHUNK, find_user_row

domain = Domain("udf", tables=("udfs", "udvs"), ddl="""
CREATE TABLE IF NOT EXISTS udfs (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    target_type TEXT NOT NULL,
    key TEXT NOT NULL,
    data_type TEXT NOT NULL,
    label TEXT,
    options TEXT,
    UNIQUE (target_type, key)
);
CREATE TABLE IF NOT EXISTS udvs (
    udf_seq INTEGER NOT NULL REFERENCES udfs (seq) ON DELETE CASCADE,
    target_id TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (target_id, udf_seq)
);
CREATE INDEX IF NOT EXISTS udvs_by_field ON udvs (udf_seq);
CREATE TRIGGER IF NOT EXISTS udvs_of_deleted_user AFTER DELETE ON users BEGIN
    DELETE FROM udvs WHERE target_id = OLD.id AND udf_seq IN (SELECT seq FROM udfs WHERE target_type = 'USER');
END;
""")

SET = {"code": Code.OK, "message": "设置成功！"}
DELETED = {"code": Code.OK, "message": "删除成功！"}
VALUES_QUERY = (
    "SELECT v.target_id, f.key, f.data_type, f.label, v.value FROM udvs v JOIN udfs f ON f.seq = v.udf_seq"
    " WHERE f.target_type = ? AND v.target_id IN (%s) ORDER BY f.seq")


# -- views ------------------------------------------------------------------------------------

def field_view(row):
    return {"targetType": row["target_type"], "dataType": row["data_type"], "key": row["key"],
            "label": row["label"], "options": row["options"]}


def _value_view(row):
    """``UserDefinedData`` and ``UserCustomData`` have the same four fields."""
    return {"key": row["key"], "dataType": row["data_type"], "value": row["value"], "label": row["label"]}


def values_by_target(db, target_type, target_ids):
    """``{target_id: [value views]}`` for the ids that have values (one query per 500 ids)."""
    grouped = {}
    for start in range(0, len(target_ids), IN_CHUNK):
        chunk = tuple(target_ids[start:start + IN_CHUNK])
        for row in db.execute(VALUES_QUERY % ", ".join("?" * len(chunk)), (target_type,) + chunk):
            grouped.setdefault(row["target_id"], []).append(_value_view(row))
    return grouped


def custom_data(db, target_type, target_id):
    """All values of one target (``User.customData``, REST ``customData``, ``udv``)."""
    return values_by_target(db, target_type, [target_id]).get(target_id, [])


# -- lookups and checks -----------------------------------------------------------------------

def _find_field(db, target_type, key):
    return db.execute("SELECT * FROM udfs WHERE target_type = ? AND key = ?", (target_type, key)).fetchone()


def _require_field(db, target_type, key):
    row = _find_field(db, target_type, key)
    if row is None:
        raise AuthingError(Code.UDF_NOT_FOUND, "自定义字段不存在: %s" % key)
    return row


def _require_target(db, target_type, target_id):
    if target_type == "USER" and find_user_row(db, target_id) is None:
        raise AuthingError(Code.USER_NOT_FOUND, "用户不存在: %s" % target_id)


def _reject_constant(name):
    raise ValueError("%s is not JSON" % name)


def _loads(text):
    return json.loads(text, parse_constant=_reject_constant)


def _compact(value):
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def select_option_values(options):
    """The allowed values of a SELECT field from its ``options`` JSON text, or None if invalid."""
    try:
        items = _loads(options) if isinstance(options, str) else None
    except ValueError:
        return None
    if not isinstance(items, list) or not items:
        return None
    values = []
    for item in items:
        if isinstance(item, dict):
            if "value" not in item:
                return None
            item = item["value"]
        if item is None or isinstance(item, (dict, list)):
            return None
        values.append(item)
    return values


def _is_iso_datetime(text):
    candidate = text.strip()
    if candidate.endswith(("Z", "z")):
        candidate = candidate[:-1] + "+00:00"
    try:
        datetime.fromisoformat(candidate)
    except ValueError:
        return False
    return True


def encode_value(field, value):
    """The stored (and returned) string for a decoded JSON ``value``, or 2081."""
    data_type = field["data_type"]
    is_number = isinstance(value, (int, float)) and not isinstance(value, bool)
    if data_type == "STRING" and isinstance(value, str):
        return value
    if data_type == "NUMBER" and is_number:
        return _compact(value)
    if data_type == "BOOLEAN" and isinstance(value, bool):
        return "true" if value else "false"
    if data_type == "OBJECT" and isinstance(value, (dict, list)):
        return _compact(value)
    if data_type == "DATETIME":
        if isinstance(value, str) and _is_iso_datetime(value):
            return value
        if isinstance(value, int) and not isinstance(value, bool):
            return str(value)
    if data_type == "SELECT":
        allowed = select_option_values(field["options"]) or []
        if value is not None and any(value == option and type(value) is type(option) for option in allowed):
            return value if isinstance(value, str) else _compact(value)
    raise AuthingError(Code.UDV_TYPE_MISMATCH, "自定义字段 %s 的类型为 %s，不接受 %s" % (
        field["key"], data_type, _compact(value)))


def decode_json_text(field, text):
    try:
        return _loads(text)
    except (TypeError, ValueError):
        raise AuthingError(Code.UDV_TYPE_MISMATCH, "自定义字段 %s 的值必须是 JSON 文本: %r" % (field["key"], text))


# -- writes -----------------------------------------------------------------------------------

def _store(db, target_type, assignments):
    """Write ``[(target_id, field row, decoded value)]`` after checking every item (2004/2081)."""
    rows, checked = [], set()
    for target_id, field, value in assignments:
        if target_id not in checked:
            _require_target(db, target_type, target_id)
            checked.add(target_id)
        rows.append((field["seq"], target_id, encode_value(field, value)))
    db.executemany("INSERT INTO udvs (udf_seq, target_id, value) VALUES (?, ?, ?)"
                   " ON CONFLICT (target_id, udf_seq) DO UPDATE SET value = excluded.value", rows)


def _decoded(db, target_type, target_id, key, text):
    """``(target_id, field row, value)`` for JSON text ``text`` (2080 for an unknown key)."""
    field = _require_field(db, target_type, key)
    return target_id, field, decode_json_text(field, text)


def set_values_from_params(db, target_type, target_id, params):
    """``createUser(params)``: a JSON string of ``[{"key": k, "value": raw value}]``."""
    try:
        items = _loads(params)
    except ValueError:
        items = None
    if not isinstance(items, list) or not all(isinstance(item, dict) and isinstance(item.get("key"), str)
                                              for item in items):
        raise AuthingError(Code.INVALID_ARGUMENT, 'params 必须是 [{"key": ..., "value": ...}] 的 JSON 文本')
    _store(db, target_type,
           [(target_id, _require_field(db, target_type, item["key"]), item.get("value")) for item in items])


# -- GraphQL: definitions ---------------------------------------------------------------------

@domain.query("udf")
def udf(ctx, target_type):
    rows = ctx.db.execute("SELECT * FROM udfs WHERE target_type = ? ORDER BY seq", (target_type,))
    return [field_view(row) for row in rows]


@domain.mutation("setUdf")
def set_udf(ctx, target_type, key, data_type, label, options=None):
    """Create or update a field; a new ``dataType`` drops the values stored under the old one."""
    if not key.strip():
        raise AuthingError(Code.INVALID_ARGUMENT, "key 不能为空")
    if data_type == "SELECT" and select_option_values(options) is None:
        raise AuthingError(Code.INVALID_ARGUMENT,
                           'SELECT 类型的 options 必须是非空 JSON 列表，元素为 {"value": ..., "label": ...} 或值')
    existing = _find_field(ctx.db, target_type, key)
    if existing is None:
        ctx.db.execute("INSERT INTO udfs (target_type, key, data_type, label, options) VALUES (?, ?, ?, ?, ?)",
                       (target_type, key, data_type, label, options))
    else:
        if existing["data_type"] != data_type:
            ctx.db.execute("DELETE FROM udvs WHERE udf_seq = ?", (existing["seq"],))
        ctx.db.execute("UPDATE udfs SET data_type = ?, label = ?, options = ? WHERE seq = ?",
                       (data_type, label, options, existing["seq"]))
    return field_view(_find_field(ctx.db, target_type, key))


@domain.mutation("removeUdf")
def remove_udf(ctx, target_type, key):
    field = _require_field(ctx.db, target_type, key)
    ctx.db.execute("DELETE FROM udfs WHERE seq = ?", (field["seq"],))  # values cascade
    return DELETED


# -- GraphQL: values --------------------------------------------------------------------------

@domain.query("udv")
def udv(ctx, target_type, target_id):
    """The target's values ([] for a target without any, even an unknown one)."""
    return custom_data(ctx.db, target_type, target_id)


@domain.mutation("setUdv")
def set_udv(ctx, target_type, target_id, key, value):
    """Set one value; returns all values of the target."""
    _store(ctx.db, target_type, [_decoded(ctx.db, target_type, target_id, key, value)])
    return custom_data(ctx.db, target_type, target_id)


@domain.mutation("setUdvBatch")
def set_udv_batch(ctx, target_type, target_id, udv_list=None):
    """Set several values of one target, all or nothing; returns all values of the target."""
    _require_target(ctx.db, target_type, target_id)
    _store(ctx.db, target_type,
           [_decoded(ctx.db, target_type, target_id, item["key"], item.get("value")) for item in udv_list or ()])
    return custom_data(ctx.db, target_type, target_id)


@domain.mutation("setUdfValueBatch")
def set_udf_value_batch(ctx, target_type, input):  # noqa: A002 (API name)
    """Set values of many targets at once, all or nothing."""
    _store(ctx.db, target_type,
           [_decoded(ctx.db, target_type, item["targetId"], item["key"], item["value"]) for item in input])
    return SET


@domain.mutation("removeUdv")
def remove_udv(ctx, target_type, target_id, key):
    """Remove one value (removing an unset value succeeds); returns the remaining values."""
    _require_target(ctx.db, target_type, target_id)
    field = _require_field(ctx.db, target_type, key)
    ctx.db.execute("DELETE FROM udvs WHERE udf_seq = ? AND target_id = ?", (field["seq"], target_id))
    return custom_data(ctx.db, target_type, target_id)


@domain.query("udfValueBatch")
def udf_value_batch(ctx, target_type, target_ids):
    """One entry per distinct given id, in order (``data`` is [] for a target without values)."""
    wanted = list(dict.fromkeys(target_id for target_id in target_ids if target_id is not None))
    grouped = values_by_target(ctx.db, target_type, wanted)
    return [{"targetId": target_id, "data": grouped.get(target_id, [])} for target_id in wanted]


@domain.field("User", "customData")
def user_custom_data(ctx, user):
    return custom_data(ctx.db, "USER", user["id"])
