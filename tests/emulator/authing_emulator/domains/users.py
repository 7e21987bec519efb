"""Users (GraphQL, plus REST detail).

Semantics from the wire reference §2.5: ``username``, ``email`` (stored lower-cased), ``phone``
and ``externalId`` are unique in the pool (2026 on conflict); a user needs at least one of them;
new users get Authing's default field values; passwords arrive RSA-encrypted and only a salted
hash is kept. In ``updateUser`` a null (or absent) input field means "unchanged", as in
``updateGroup``.

Deleted users are kept as a snapshot in ``archived_users`` (``archivedUsers``; ``status``
"Archived", ``isDeleted`` true); their identifiers are free again at once.

Passwords can be verified with the public v2 login mutations (``loginByUsername``,
``loginByEmail``, ``loginByPhonePassword``), see :func:`password_matches` for the formats a
``keepPassword`` value may have.
"""

import hashlib
import hmac
import json
import re
import time
from datetime import datetime, timezone

import jwt

from ..domain import Domain
from ..errors import AuthingError, Code, not_implemented
from ..keys import hash_password, verify_password
from ..util import Page, format_timestamp, new_object_id, now_timestamp, order_by, paginated, parse_timestamp

domain = Domain("users", tables=("users", "archived_users"), ddl="""
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
CREATE TABLE IF NOT EXISTS archived_users (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL,
    username TEXT,
    email TEXT,
    phone TEXT,
    external_id TEXT,
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
IN_CHUNK = 500

# Every other scalar User field lives in the JSON ``profile`` column.
PROFILE_FIELDS = (
    "status", "emailVerified", "phoneVerified", "unionid", "openid", "nickname", "registerSource",
    "photo", "oauth", "token", "tokenExpiredAt", "loginsCount", "lastLogin", "lastIP", "signedUp",
    "blocked", "isDeleted", "device", "browser", "company", "name", "givenName", "familyName",
    "middleName", "profile", "preferredUsername", "website", "gender", "birthdate", "zoneinfo",
    "locale", "address", "formatted", "streetAddress", "locality", "region", "postalCode", "city",
    "province", "country", "phoneCountryCode", "mainDepartmentId", "mainDepartmentCode",
)
TIMESTAMP_FIELDS = ("lastLogin", "signedUp", "tokenExpiredAt")
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
# keepPassword: the (decrypted) value is stored after this prefix, exactly as given.
KEPT_PREFIX = "kept$"
HEX_DIGESTS = {32: hashlib.md5, 40: hashlib.sha1, 64: hashlib.sha256}
HEX_PATTERN = re.compile(r"^[0-9a-fA-F]+$")
# searchUser: fields searched when ``fields`` is not given (case-insensitive substring).
DEFAULT_SEARCH_FIELDS = ("username", "email", "phone", "nickname", "name")


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
    """Rows for all ids, in order, or error 2004 naming the first unknown id (one query)."""
    found = {row["id"]: row for row in _rows_where_in(db, "id", list(dict.fromkeys(user_ids)))}
    for user_id in user_ids:
        if user_id not in found:
            raise AuthingError(Code.USER_NOT_FOUND, "用户不存在: %s" % user_id)
    return [found[user_id] for user_id in user_ids]


def _rows_where_in(db, column, values):
    """All users whose ``column`` is one of ``values``: one query per 500 values (old SQLite
    builds allow only 999 parameters per statement)."""
    rows = []
    for start in range(0, len(values), IN_CHUNK):
        chunk = tuple(values[start:start + IN_CHUNK])
        rows.extend(db.execute("SELECT * FROM users WHERE %s IN (%s)" % (column, ", ".join("?" * len(chunk))),
                               chunk))
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


# -- passwords --------------------------------------------------------------------------------

def password_matches(plain, stored):
    """Check a clear-text password against what ``createUser``/``updateUser`` stored.

    - Normal passwords are stored as the emulator's salted hash (``pbkdf2_sha256$...``).
    - ``keepPassword: true`` stores the decrypted value as given (``kept$<value>``). At login it
      matches when the value is the emulator's own ``pbkdf2_sha256$iterations$salthex$digesthex``
      format and verifies, or when it is the hex digest (any case) of the password with MD5 (32
      hex digits), SHA-1 (40) or SHA-256 (64), or when it equals the password itself (a migrated
      clear-text password). Other formats (bcrypt, salted digests) never match. Like every
      password, the value travels RSA-encrypted with a 1024-bit key: at most 117 bytes.
    """
    if not stored:
        return False
    if not stored.startswith(KEPT_PREFIX):
        return _verify_salted(plain, stored)
    kept = stored[len(KEPT_PREFIX):]
    if kept.startswith("pbkdf2_sha256$"):
        return _verify_salted(plain, kept)
    if HEX_PATTERN.match(kept) and len(kept) in HEX_DIGESTS:
        digest = HEX_DIGESTS[len(kept)](plain.encode("utf-8")).hexdigest()
        if hmac.compare_digest(digest, kept.lower()):
            return True
    return hmac.compare_digest(kept.encode("utf-8"), plain.encode("utf-8"))


def _verify_salted(plain, stored):
    try:
        return verify_password(plain, stored)
    except ValueError:  # not "algorithm$iterations$salt$digest"
        return False


def _login_password(ctx, value):
    """Login inputs carry the password RSA-encrypted as the SDKs send it; a value that does not
    decrypt is taken as the clear-text password (handy for curl)."""
    try:
        return ctx.keys.decrypt_password(value)
    except AuthingError:
        return value


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
        fields["password"] = KEPT_PREFIX + plain if keep_password else hash_password(plain)
    return fields


def _ensure_unique(db, fields, own_seq=None):
    given = [(name, column) for name, column in IDENTIFIER_COLUMNS.items() if name in fields]
    if not given:
        return
    where = " OR ".join("%s = ?" % column for _name, column in given)
    params = tuple(fields[name] for name, _column in given)
    for row in db.execute("SELECT seq FROM users WHERE " + where, params):
        if row["seq"] != own_seq:
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
    """``resetPasswordOnFirstLogin`` is accepted and has no effect (no hosted login page here).
    ``params`` is the user's custom data (see ``udf.set_values_from_params``)."""
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
    if params:
        from .udf import set_values_from_params  # udf builds on users; imported when needed
        set_values_from_params(ctx.db, "USER", user_id, params)
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
    """True when one user matches every given identifier (email case-insensitively); False when
    none is given."""
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


def _search_expression(field):
    if field in IDENTIFIER_COLUMNS:
        return IDENTIFIER_COLUMNS[field]
    if field in PROFILE_FIELDS:
        return "json_extract(profile, '$.%s')" % field  # field is from the fixed list above
    raise AuthingError(Code.INVALID_ARGUMENT, "fields: 不支持搜索字段 %s" % field)


def _role_filter(db, count):
    """SQL for "has one of ``count`` (namespace, code) roles"; the tables belong to the roles
    domain (registered after this one), so check they are there."""
    if db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'role_users'").fetchone() is None:
        raise not_implemented("searchUser(roleOpts): no roles domain")
    pairs = " OR ".join(["(n.code = ? AND r.code = ?)"] * count)
    return ("seq IN (SELECT m.user_seq FROM role_users m JOIN roles r ON r.seq = m.role_seq"
            " JOIN namespaces n ON n.seq = r.namespace_seq WHERE %s)" % pairs)


@domain.query("searchUser")
def search_user(ctx, query, fields=None, page=None, limit=None, department_opts=None, group_opts=None,
                role_opts=None):
    """Users whose ``fields`` (default: username, email, phone, nickname, name) contain ``query``
    case-insensitively (an empty query matches everyone), paged, in creation order.

    ``groupOpts``: only members of at least one of the listed groups. ``roleOpts``: only users
    assigned (directly) at least one of the listed roles (namespace ``default`` when null).
    ``departmentOpts`` with a department id matches no one (no organisation can exist in the
    emulator)."""
    window = Page(page, limit)
    where, params = [], []
    needle = (query or "").strip().lower()
    if needle:
        expressions = [_search_expression(field) for field in (fields or DEFAULT_SEARCH_FIELDS) if field]
        if expressions:
            where.append("(" + " OR ".join("instr(lower(%s), ?) > 0" % expression for expression in expressions)
                         + ")")
            params.extend([needle] * len(expressions))
    group_codes = [opt["code"] for opt in group_opts or () if opt and opt.get("code")]
    if group_codes:
        where.append("seq IN (SELECT m.user_seq FROM group_members m JOIN groups g ON g.seq = m.group_seq"
                     " WHERE g.code IN (%s))" % ", ".join("?" * len(group_codes)))
        params.extend(group_codes)
    if any(opt and opt.get("departmentId") for opt in department_opts or ()):
        where.append("0")
    role_filters = [opt for opt in role_opts or () if opt and opt.get("code")]
    if role_filters:
        where.append(_role_filter(ctx.db, len(role_filters)))
        for opt in role_filters:
            params.extend([opt.get("namespace") or "default", opt["code"]])
    clause = (" WHERE " + " AND ".join(where)) if where else ""
    total = ctx.db.execute("SELECT COUNT(*) FROM users" + clause, params).fetchone()[0]
    limit_clause, limit_params = window.sql()
    rows = ctx.db.execute("SELECT * FROM users" + clause + order_by(None) + limit_clause,
                          tuple(params) + limit_params)
    return paginated(total, [_view(ctx, row) for row in rows])


@domain.query("archivedUsers")
def archived_users(ctx, page=None, limit=None):
    """Deleted users, most recently deleted last, paged."""
    window = Page(page, limit)
    total = ctx.db.execute("SELECT COUNT(*) FROM archived_users").fetchone()[0]
    limit_clause, limit_params = window.sql()
    rows = ctx.db.execute("SELECT * FROM archived_users ORDER BY seq" + limit_clause, limit_params)
    return paginated(total, [_view(ctx, row) for row in rows])


@domain.query("userBatch")
def user_batch(ctx, ids, type=None):  # noqa: A002
    """Users by a list of ids/usernames/emails/phones/externalIds (at most 80) in one query;
    unknown keys are skipped, results follow the order of ``ids``."""
    key = type or "id"
    if key not in BATCH_KEY_COLUMNS:
        raise AuthingError(Code.INVALID_ARGUMENT, "type 必须是 %s 之一" % ", ".join(BATCH_KEY_COLUMNS))
    if len(ids) > MAX_BATCH_SIZE:
        raise AuthingError(Code.TOO_MANY_USERS_IN_BATCH)
    column = BATCH_KEY_COLUMNS[key]
    wanted = list(dict.fromkeys(value.lower() if key == "email" else value for value in ids))
    found = {row[column]: row for row in _rows_where_in(ctx.db, column, wanted)}
    return [_view(ctx, found[value]) for value in wanted if value in found]


def _archive_and_delete(db, rows):
    """Keep a snapshot of each user in ``archived_users``, then delete them (memberships and
    custom data go with them)."""
    snapshots = []
    for row in rows:
        profile = json.loads(row["profile"])
        profile.update(status="Archived", isDeleted=True)
        snapshots.append((row["id"], row["username"], row["email"], row["phone"], row["external_id"],
                          json.dumps(profile), row["created_at"], now_timestamp()))
    db.executemany(
        "INSERT INTO archived_users (id, username, email, phone, external_id, profile, created_at, updated_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)", snapshots)
    db.executemany("DELETE FROM users WHERE seq = ?", [(row["seq"],) for row in rows])


@domain.mutation("deleteUser")
def delete_user(ctx, id):  # noqa: A002
    _archive_and_delete(ctx.db, require_user_rows(ctx.db, [id]))
    return {"code": Code.OK, "message": "删除成功！"}


@domain.mutation("deleteUsers")
def delete_users(ctx, ids):
    """All or nothing: an unknown id fails the call and deletes no one."""
    _archive_and_delete(ctx.db, require_user_rows(ctx.db, list(dict.fromkeys(ids))))
    return {"code": Code.OK, "message": "删除成功！"}


# -- login (public: end users, no management token) --------------------------------------------

def _user_token(ctx, row):
    """An end-user id token shaped like the real one (HS256 JWT with ``data``/``iat``/``exp``).
    It is signed with a key derived from, but different from, the management-token key, so it is
    never accepted as a management token."""
    iat = int(time.time())
    exp = iat + ctx.tokens.ttl_seconds
    pool = ctx.settings.userpool_id
    claims = {
        "data": {
            "type": "user", "userPoolId": pool, "arn": "arn:cn:authing:%s:user:%s" % (pool, row["id"]),
            "id": row["id"], "userId": row["id"], "_id": row["id"], "phone": row["phone"], "email": row["email"],
            "username": row["username"], "unionid": None, "openid": None, "clientId": pool,
        },
        "iat": iat,
        "exp": exp,
    }
    key = hashlib.sha256(("user-token:" + ctx.keys.jwt_key).encode()).hexdigest()
    token = jwt.encode(claims, key, algorithm="HS256")
    return (token.decode() if isinstance(token, bytes) else token), exp


def _login(ctx, column, value, login_input):
    """Verify the password, then record the login (``loginsCount`` + 1, ``lastLogin``, ``lastIP``,
    ``token``, ``tokenExpiredAt``) and return the user with its token. Unknown account: 2004;
    wrong password or an account without one: 2333; blocked account (right password): 2005."""
    row = ctx.db.execute("SELECT * FROM users WHERE %s = ?" % column, (value,)).fetchone()
    if row is None:
        raise AuthingError(Code.USER_NOT_FOUND)
    if not password_matches(_login_password(ctx, login_input["password"]), row["password_hash"]):
        raise AuthingError(Code.WRONG_PASSWORD)
    profile = json.loads(row["profile"])
    if profile.get("blocked"):
        raise AuthingError(Code.USER_BLOCKED)
    token, exp = _user_token(ctx, row)
    profile.update(
        loginsCount=(profile.get("loginsCount") or 0) + 1,
        lastLogin=now_timestamp(),
        lastIP=login_input.get("clientIp") or ctx.request.remote_addr,
        token=token,
        tokenExpiredAt=format_timestamp(datetime.fromtimestamp(exp, timezone.utc)),
    )
    ctx.db.execute("UPDATE users SET profile = ? WHERE seq = ?", (json.dumps(profile), row["seq"]))
    return _view(ctx, find_user_row(ctx.db, row["id"]))


@domain.mutation("loginByUsername", public=True)
def login_by_username(ctx, input):  # noqa: A002
    return _login(ctx, "username", input["username"], input)


@domain.mutation("loginByEmail", public=True)
def login_by_email(ctx, input):  # noqa: A002
    return _login(ctx, "email", input["email"].lower(), input)


@domain.mutation("loginByPhonePassword", public=True)
def login_by_phone_password(ctx, input):  # noqa: A002
    return _login(ctx, "phone", input["phone"], input)


# -- REST -------------------------------------------------------------------------------------

@domain.route("GET", "/api/v2/users/<user_id>", "users.detail")
def user_detail(ctx, user_id):
    """``data`` is null for an unknown (even malformed) id: not an error on the real service.
    ``with_custom_data=1|true`` adds ``customData``: a list of ``{key, value, dataType, label}``."""
    view = _view(ctx, find_user_row(ctx.db, user_id))
    if view is not None and ctx.request.args.get("with_custom_data", "0").lower() in ("1", "true"):
        from .udf import custom_data  # udf builds on users; imported when needed
        view["customData"] = custom_data(ctx.db, "USER", user_id)
    return view
