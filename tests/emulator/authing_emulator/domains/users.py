"""Users (GraphQL, plus REST detail).

Semantics from the wire reference §2.5: ``username``, ``email`` (stored lower-cased), ``phone``
and ``externalId`` are unique in the pool (2026 on conflict); a user needs at least one of them;
new users get Authing's default field values; passwords arrive RSA-encrypted and only a salted
hash is kept. In ``updateUser`` a null (or absent) input field means "unchanged", as in
``updateGroup``.
"""

import json
import re

from ..domain import Domain
from ..errors import AuthingError, Code, not_implemented
from ..keys import hash_password
from ..util import Page, new_object_id, now_timestamp, order_by, paginated, parse_timestamp

domain = Domain("users", tables=("users",), ddl="""
CREATE TABLE IF NOT EXISTS users (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    username TEXT UNIQUE,
    email TEXT UNIQUE,
    phone TEXT UNIQUE,
    external_id TEXT UNIQUE,
    password_hash TEXT,
    profile TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
""")

# API field -> column, for the identifiers that must be unique in the pool.
IDENTIFIER_COLUMNS = {"username": "username", "email": "email", "phone": "phone", "externalId": "external_id"}
# userBatch(type: ...) -> column.
BATCH_KEY_COLUMNS = dict(IDENTIFIER_COLUMNS, id="id")
MAX_BATCH_SIZE = 80

# Every other scalar User field lives in the JSON ``profile`` column.
PROFILE_FIELDS = (
    "status", "emailVerified", "phoneVerified", "unionid", "openid", "nickname", "registerSource",
    "photo", "oauth", "token", "tokenExpiredAt", "loginsCount", "lastLogin", "lastIP", "signedUp",
    "blocked", "isDeleted", "device", "browser", "company", "name", "givenName", "familyName",
    "middleName", "profile", "preferredUsername", "website", "gender", "birthdate", "zoneinfo",
    "locale", "address", "formatted", "streetAddress", "locality", "region", "postalCode", "city",
    "province", "country", "phoneCountryCode", "mainDepartmentId", "mainDepartmentCode",
)
TIMESTAMP_FIELDS = ("lastLogin", "signedUp")
DEFAULT_PROFILE = {
    "status": "Activated",
    "gender": "U",
    "emailVerified": False,
    "phoneVerified": False,
    "blocked": False,
    "isDeleted": False,
    "loginsCount": 0,
    "photo": "https://files.authing.co/authing-console/default-user-avatar.png",
    "registerSource": ["import:manual"],
}
EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


# -- views and lookups ------------------------------------------------------------------------

def user_view(row, userpool_id):
    """The GraphQL/REST representation: every scalar field, ``password`` never revealed."""
    profile = json.loads(row["profile"])
    view = {name: profile.get(name) for name in PROFILE_FIELDS}
    view.update(
        id=row["id"],
        arn="arn:cn:authing:%s:user:%s" % (userpool_id, row["id"]),
        userPoolId=userpool_id,
        username=row["username"],
        email=row["email"],
        phone=row["phone"],
        externalId=row["external_id"],
        password=None,
        createdAt=row["created_at"],
        updatedAt=row["updated_at"],
        identities=[],  # users with external identities cannot be created in the emulator
    )
    return view


def find_user_row(db, user_id):
    if user_id is None:
        return None
    return db.execute("SELECT * FROM users WHERE id = ?", (user_id,)).fetchone()


def require_user_rows(db, user_ids):
    """Rows for all ids, in order, or error 2004 naming the first unknown id."""
    rows = []
    for user_id in user_ids:
        row = find_user_row(db, user_id)
        if row is None:
            raise AuthingError(Code.USER_NOT_FOUND, "用户不存在: %s" % user_id)
        rows.append(row)
    return rows


def _view(ctx, row):
    return None if row is None else user_view(row, ctx.settings.userpool_id)


def _match_identifiers(db, criteria):
    """The user matching all given identifier criteria (API names), or None."""
    if not criteria:
        return None
    where = " AND ".join("%s = ?" % IDENTIFIER_COLUMNS[name] for name in criteria)
    return db.execute("SELECT * FROM users WHERE " + where, tuple(criteria.values())).fetchone()


def _given_identifiers(email=None, phone=None, username=None, external_id=None):
    candidates = {"email": email.lower() if email else email, "phone": phone, "username": username,
                  "externalId": external_id}
    return {name: value for name, value in candidates.items() if value is not None}


# -- input normalisation ------------------------------------------------------------------------

def _normalize_input(ctx, user_input, keep_password):
    """Validate and canonicalise an input object. Nulls, and empty strings for identifiers, are
    dropped: they mean "not given" (an identifier cannot be cleared)."""
    fields = {name: value for name, value in user_input.items() if value is not None}
    for name in IDENTIFIER_COLUMNS:
        if fields.get(name) == "":
            del fields[name]
    if "email" in fields:
        if not EMAIL_PATTERN.match(fields["email"]):
            raise AuthingError(Code.INVALID_EMAIL, "邮箱格式不正确: %s" % fields["email"])
        fields["email"] = fields["email"].lower()
    for name in TIMESTAMP_FIELDS:
        if name in fields:
            fields[name] = parse_timestamp(fields[name], name)
    if "password" in fields:
        plain = ctx.keys.decrypt_password(fields["password"])
        # keepPassword: the value is already a hash from another system; keep it as given.
        fields["password"] = "kept$" + plain if keep_password else hash_password(plain)
    return fields


def _ensure_unique(db, fields, own_seq=None):
    for name, column in IDENTIFIER_COLUMNS.items():
        if name not in fields:
            continue
        row = db.execute("SELECT seq FROM users WHERE %s = ?" % column, (fields[name],)).fetchone()
        if row is not None and row["seq"] != own_seq:
            raise AuthingError(Code.USER_EXISTS)


def _identifier_values(fields, existing_row=None):
    values = {}
    for name, column in IDENTIFIER_COLUMNS.items():
        values[column] = fields[name] if name in fields else (existing_row[column] if existing_row else None)
    return values


# -- GraphQL ----------------------------------------------------------------------------------

@domain.mutation("createUser")
def create_user(ctx, user_info, keep_password=None, reset_password_on_first_login=None, params=None,
                identity=None):
    if params:
        raise not_implemented("createUser(params): user custom data")
    if identity:
        raise not_implemented("createUser(identity)")
    fields = _normalize_input(ctx, user_info, keep_password)
    if not any(name in fields for name in IDENTIFIER_COLUMNS):
        raise AuthingError(Code.MISSING_PARAMETERS, "必须指定一种唯一标志：username、email、phone 或 externalId")
    _ensure_unique(ctx.db, fields)
    now = now_timestamp()
    profile = dict(DEFAULT_PROFILE, signedUp=now)
    profile.update((name, value) for name, value in fields.items() if name in PROFILE_FIELDS)
    user_id = new_object_id()
    columns = _identifier_values(fields)
    ctx.db.execute(
        "INSERT INTO users (id, username, email, phone, external_id, password_hash, profile, created_at, updated_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (user_id, columns["username"], columns["email"], columns["phone"], columns["external_id"],
         fields.get("password"), json.dumps(profile), now, now))
    return _view(ctx, find_user_row(ctx.db, user_id))


@domain.mutation("updateUser")
def update_user(ctx, input, id=None, email_token=None, phone_token=None):  # noqa: A002 (API names)
    row = find_user_row(ctx.db, id)
    if row is None:
        raise AuthingError(Code.USER_NOT_FOUND)
    fields = _normalize_input(ctx, input, keep_password=False)
    _ensure_unique(ctx.db, fields, own_seq=row["seq"])
    profile = json.loads(row["profile"])
    profile.update((name, value) for name, value in fields.items() if name in PROFILE_FIELDS)
    columns = _identifier_values(fields, existing_row=row)
    ctx.db.execute(
        "UPDATE users SET username = ?, email = ?, phone = ?, external_id = ?,"
        " password_hash = COALESCE(?, password_hash), profile = ?, updated_at = ? WHERE seq = ?",
        (columns["username"], columns["email"], columns["phone"], columns["external_id"],
         fields.get("password"), json.dumps(profile), now_timestamp(), row["seq"]))
    return _view(ctx, find_user_row(ctx.db, id))


@domain.query("user")
def user(ctx, id=None):  # noqa: A002
    return _view(ctx, find_user_row(ctx.db, id))


@domain.query("findUser")
def find_user(ctx, email=None, phone=None, username=None, external_id=None, identity=None):
    if identity:
        raise not_implemented("findUser(identity)")
    criteria = _given_identifiers(email, phone, username, external_id)
    return _view(ctx, _match_identifiers(ctx.db, criteria))


@domain.query("isUserExists")
def is_user_exists(ctx, email=None, phone=None, username=None, external_id=None):
    criteria = _given_identifiers(email, phone, username, external_id)
    return _match_identifiers(ctx.db, criteria) is not None


@domain.query("users")
def users(ctx, page=None, limit=None, sort_by=None, exclude_users_in_org=None):
    """All users, paged. ``excludeUsersInOrg`` changes nothing: no organisation can exist."""
    window = Page(page, limit)
    total = ctx.db.execute("SELECT COUNT(*) FROM users").fetchone()[0]
    limit_clause, limit_params = window.sql()
    rows = ctx.db.execute("SELECT * FROM users" + order_by(sort_by) + limit_clause, limit_params)
    return paginated(total, [_view(ctx, row) for row in rows])


@domain.query("userBatch")
def user_batch(ctx, ids, type=None):  # noqa: A002
    """Users by a list of ids/usernames/emails/phones/externalIds (at most 80); unknown keys are
    skipped, results follow the order of ``ids``."""
    key = type or "id"
    if key not in BATCH_KEY_COLUMNS:
        raise AuthingError(Code.INVALID_ARGUMENT, "type 必须是 %s 之一" % ", ".join(BATCH_KEY_COLUMNS))
    if len(ids) > MAX_BATCH_SIZE:
        raise AuthingError(Code.TOO_MANY_USERS_IN_BATCH)
    column = BATCH_KEY_COLUMNS[key]
    found = []
    for value in dict.fromkeys(value.lower() if key == "email" else value for value in ids):
        row = ctx.db.execute("SELECT * FROM users WHERE %s = ?" % column, (value,)).fetchone()
        if row is not None:
            found.append(_view(ctx, row))
    return found


@domain.mutation("deleteUser")
def delete_user(ctx, id):  # noqa: A002
    require_user_rows(ctx.db, [id])
    ctx.db.execute("DELETE FROM users WHERE id = ?", (id,))
    return {"code": Code.OK, "message": "删除成功！"}


@domain.mutation("deleteUsers")
def delete_users(ctx, ids):
    """All or nothing: an unknown id fails the call and deletes no one."""
    require_user_rows(ctx.db, ids)
    ctx.db.executemany("DELETE FROM users WHERE id = ?", [(user_id,) for user_id in ids])
    return {"code": Code.OK, "message": "删除成功！"}


# -- REST -------------------------------------------------------------------------------------

@domain.route("GET", "/api/v2/users/<user_id>", "users.detail")
def user_detail(ctx, user_id):
    """``data`` is null for an unknown (even malformed) id: not an error on the real service."""
    if ctx.request.args.get("with_custom_data", "0").lower() in ("1", "true"):
        raise not_implemented("GET /api/v2/users/{id}?with_custom_data=1 (user custom data)")
    return _view(ctx, find_user_row(ctx.db, user_id))
