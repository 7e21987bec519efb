"""Applications (REST, wire reference §2.1) and the permission namespaces they own.

An application's ``identifier`` is its sub-domain: a DNS label, unique service-wide (2039 "域名已被占用"
on conflict). Creating an application creates its permission namespace, whose code is the
application id; namespace ``default`` always exists. Every other domain of the application area
(resources, roles, agreements, access policies) finds namespaces and applications through the
helpers here, and disappears with its application (``ON DELETE CASCADE``).

``POST /api/v2/applications/{id}`` merges any subset of the updatable fields (:data:`UPDATABLE`);
an unknown or read-only field is refused (400) rather than silently ignored. Nested objects are
merged key by key, as the SDKs' only nested update (``{"permissionStrategy": {"defaultStrategy":
...}}``) shows: ``{"oidcConfig": {"skip_consent": false}}`` changes that one OIDC setting and keeps
the others. Login and register tabs keep their order (the login page shows them in it); the
default tab must be one of the tabs after the update.
"""

import base64
import copy
import hashlib
import json
import os
import re
from datetime import datetime, timezone

from cryptography.hazmat.primitives.asymmetric import rsa

from ..domain import Domain
from ..errors import AuthingError, Code
from ..util import Page, new_object_id, paginated

domain = Domain("applications", tables=("applications", "namespaces"), ddl="""
CREATE TABLE IF NOT EXISTS applications (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    identifier TEXT NOT NULL UNIQUE,
    body TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS namespaces (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    code TEXT NOT NULL UNIQUE,
    app_seq INTEGER REFERENCES applications (seq) ON DELETE CASCADE
);
""")

DEFAULT_NAMESPACE = "default"
DEFAULT_NAMESPACE_ID = 1
DEFAULT_LOGO = "https://files.authing.co/authing-console/default-app-logo.png"
DEFAULT_CSS = ("/* \n  在此编辑认证页面的 css 代码\n  如:\n  body {\n    background: #6699 !important;\n  } \n"
               "  用于修改背景色\n*/")
DNS_LABEL = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$")
STRATEGIES = ("ALLOW_ALL", "DENY_ALL")
APP_TYPES = ("INDIVIDUAL", "Tenant", "BOTH")
SECRET_BYTES = 14  # 28 hex digits, as the real service
SIGNING_KEY_META = "application_signing_key"

# The fields POST /api/v2/applications/{id} merges; anything else is refused.
UPDATABLE = ("name", "identifier", "description", "logo", "redirectUris", "permissionStrategy", "appType",
             "oidcConfig", "logoutRedirectUris", "loginTabs", "defaultLoginTab", "registerTabs", "defaultRegisterTab",
             "registerDisabled", "agreementEnabled", "ssoEnabled", "skipMfa")
# Top-level switches of the login page.
SWITCHES = ("registerDisabled", "agreementEnabled", "ssoEnabled", "skipMfa")
LOGIN_TABS = ("password", "phone-code", "ldap", "ad", "app-qrcode", "wechat-miniprogram-qrcode", "wechatmp-qrcode")
REGISTER_TABS = ("email", "phone")
GRANT_TYPES = ("authorization_code", "implicit", "refresh_token", "password", "client_credentials",
               "http://authing.cn/oidc/grant_type/authing_token")
RESPONSE_TYPES = ("code", "id_token", "token", "code id_token", "code token", "id_token token", "code id_token token")
AUTH_METHODS = ("client_secret_post", "client_secret_basic", "none")
SIGNING_ALGS = ("HS256", "RS256")
LIFETIMES = ("authorization_code_expire", "id_token_expire", "access_token_expire", "refresh_token_expire",
             "cas_expire")
# oidcConfig keys an update may set (by kind); the others (client_id, client_secret, redirect_uris
# ...) follow the application and are refused unless equal to the current value.
OIDC_LISTS = {"grant_types": GRANT_TYPES, "response_types": RESPONSE_TYPES}
OIDC_CHOICES = {"token_endpoint_auth_method": AUTH_METHODS, "introspection_endpoint_auth_method": AUTH_METHODS,
                "revocation_endpoint_auth_method": AUTH_METHODS, "id_token_signed_response_alg": SIGNING_ALGS}
DELETED = {"code": Code.OK, "message": "删除成功"}


# -- small shared helpers (used by every domain of the application area) ---------------------

def rest_timestamp(moment=None):
    """REST objects carry ISO-8601 with milliseconds and ``Z``: ``2021-09-23T03:29:52.195Z``."""
    moment = (moment or datetime.now(timezone.utc)).astimezone(timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + "%03dZ" % (moment.microsecond // 1000)


def query_page(ctx):
    """``page``/``limit`` from the query string (defaults 1/10), validated like GraphQL paging."""
    return Page(_query_int(ctx, "page"), _query_int(ctx, "limit"))


def _query_int(ctx, name):
    raw = ctx.request.args.get(name)
    if raw is None or raw == "":
        return None
    try:
        return int(raw)
    except ValueError:
        raise AuthingError(Code.INVALID_ARGUMENT, "%s 必须是整数: %r" % (name, raw))


def require_string(body, name, required=True):
    value = body.get(name)
    if value is None or value == "":
        if required:
            raise AuthingError(Code.MISSING_PARAMETERS, "缺少参数 %s" % name)
        return None
    if not isinstance(value, str):
        raise AuthingError(Code.INVALID_ARGUMENT, "%s 必须是字符串" % name)
    return value


def find_app_row(db, app_id):
    return db.execute("SELECT * FROM applications WHERE id = ?", (app_id,)).fetchone()


def require_app_row(db, app_id):
    row = find_app_row(db, app_id)
    if row is None:
        raise AuthingError(Code.APPLICATION_NOT_FOUND, "应用不存在: %s" % app_id)
    return row


def _ensure_default_namespace(db):
    db.execute("INSERT OR IGNORE INTO namespaces (seq, code, app_seq) VALUES (?, ?, NULL)",
               (DEFAULT_NAMESPACE_ID, DEFAULT_NAMESPACE))


def find_namespace(db, code):
    """The namespace row (``seq`` is its integer ``namespaceId``) or None; ``None``/empty means
    ``default``, which always exists."""
    code = code or DEFAULT_NAMESPACE
    if code == DEFAULT_NAMESPACE:
        _ensure_default_namespace(db)
    return db.execute("SELECT * FROM namespaces WHERE code = ?", (code,)).fetchone()


def require_namespace(db, code):
    """Every namespace but ``default`` belongs to an application, so an unknown one is an unknown
    application (2011)."""
    row = find_namespace(db, code)
    if row is None:
        raise AuthingError(Code.APPLICATION_NOT_FOUND, "权限分组不存在（应用不存在）: %s" % code)
    return row


def namespace_code(db, namespace_seq):
    return db.execute("SELECT code FROM namespaces WHERE seq = ?", (namespace_seq,)).fetchone()["code"]


def app_view(row):
    view = json.loads(row["body"])
    view.update(id=row["id"], identifier=row["identifier"], createdAt=row["created_at"], updatedAt=row["updated_at"])
    return view


def save_app_body(db, row, body, touch=True):
    """Write an application's JSON back (``updatedAt`` moves unless ``touch`` is false)."""
    updated_at = rest_timestamp() if touch else row["updated_at"]
    db.execute("UPDATE applications SET identifier = ?, body = ?, updated_at = ? WHERE seq = ?",
               (body["identifier"], json.dumps(body), updated_at, row["seq"]))


# -- the application document -----------------------------------------------------------------

def _b64url_uint(number):
    raw = number.to_bytes((number.bit_length() + 7) // 8, "big")
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def _signing_jwk(db):
    """One RSA signing key for all applications of this database (generating a 2048-bit key per
    application would make bulk creation slow); its JWK is what ``jwks.keys[0]`` shows."""
    row = db.execute("SELECT value FROM emulator_meta WHERE key = ?", (SIGNING_KEY_META,)).fetchone()
    if row is not None:
        return json.loads(row["value"])
    numbers = rsa.generate_private_key(public_exponent=65537, key_size=2048).private_numbers()
    public = numbers.public_numbers
    canonical = json.dumps({"e": _b64url_uint(public.e), "kty": "RSA", "n": _b64url_uint(public.n)},
                           separators=(",", ":"), sort_keys=True)
    jwk = {
        "use": "sig", "alg": "RS256", "kty": "RSA",
        "kid": base64.urlsafe_b64encode(hashlib.sha256(canonical.encode()).digest()).rstrip(b"=").decode(),
        "e": _b64url_uint(public.e), "n": _b64url_uint(public.n), "d": _b64url_uint(numbers.d),
        "p": _b64url_uint(numbers.p), "q": _b64url_uint(numbers.q), "dp": _b64url_uint(numbers.dmp1),
        "dq": _b64url_uint(numbers.dmq1), "qi": _b64url_uint(numbers.iqmp),
    }
    db.execute("INSERT INTO emulator_meta (key, value) VALUES (?, ?)", (SIGNING_KEY_META, json.dumps(jwk)))
    return jwk


def new_secret():
    return os.urandom(SECRET_BYTES).hex()


def _default_body(app_id, userpool_id, name, identifier, redirect_uris, logo, description, secret, jwk):
    """The full Application object of a new application (reference §2.1, seed samples)."""
    return {
        "id": app_id,
        "userPoolId": userpool_id,
        "name": name,
        "identifier": identifier,
        "description": description,
        "logo": logo or DEFAULT_LOGO,
        "secret": secret,
        "protocol": "oidc",
        "redirectUris": list(redirect_uris),
        "logoutRedirectUris": [],
        "isOfficial": False,
        "isDeleted": False,
        "isDefault": False,
        "isDemo": False,
        "isIntegrate": False,
        "appType": "INDIVIDUAL",
        "jwks": {"keys": [jwk]},
        "oidcConfig": {
            "grant_types": ["authorization_code", "password", "refresh_token"],
            "response_types": ["code"],
            "id_token_signed_response_alg": "HS256",
            "token_endpoint_auth_method": "client_secret_post",
            "introspection_endpoint_auth_method": "client_secret_post",
            "revocation_endpoint_auth_method": "client_secret_post",
            "authorization_code_expire": 600,
            "id_token_expire": 1209600,
            "access_token_expire": 1209600,
            "refresh_token_expire": 2592000,
            "cas_expire": 1209600,
            "skip_consent": True,
            "redirect_uris": list(redirect_uris),
            "post_logout_redirect_uris": [],
            "client_id": app_id,
            "client_secret": secret,
        },
        "oauthConfig": {
            "id": app_id,
            "redirect_uris": list(redirect_uris),
            "grants": ["authorization_code"],
            "access_token_lifetime": 1209600,
            "refresh_token_lifetime": 2592000,
            "introspection_endpoint_auth_method": "client_secret_post",
            "revocation_endpoint_auth_method": "client_secret_post",
            "client_secret": secret,
        },
        "samlConfig": None,
        "casConfig": None,
        "oidcJWEConfig": None,
        "oidcProviderEnabled": True,
        "oauthProviderEnabled": False,
        "samlProviderEnabled": False,
        "casProviderEnabled": False,
        "registerDisabled": False,
        "loginTabs": ["phone-code", "password"],
        "defaultLoginTab": "password",
        "registerTabs": ["email", "phone"],
        "defaultRegisterTab": "email",
        "passwordTabConfig": {"enabledLoginMethods": ["username-password", "email-password", "phone-password"]},
        "ldapConnections": None,
        "adConnections": [],
        "disabledSocialConnections": None,
        "disabledOidcConnections": [],
        "disabledSamlConnections": [],
        "disabledOauth2Connections": [],
        "disabledCasConnections": [],
        "disabledAzureAdConnections": [],
        "extendsFieldsEnabled": False,
        "extendsFields": [],
        "ext": None,
        "css": DEFAULT_CSS,
        "ssoPageCustomizationSettings": None,
        "showAuthorizationPage": False,
        "enableSubAccount": False,
        "enableDeviceMutualExclusion": False,
        "loginRequireEmailVerified": False,
        "agreementEnabled": False,
        "ssoEnabled": False,
        "template": None,
        "skipMfa": False,
        "qrcodeScanning": {"redirect": False, "interval": 1500},
        "permissionStrategy": {"enabled": False, "defaultStrategy": "ALLOW_ALL", "allowPolicyId": None,
                               "denyPolicyId": None},
    }


def _set_secret(body, secret):
    body["secret"] = secret
    body["oidcConfig"]["client_secret"] = secret
    body["oauthConfig"]["client_secret"] = secret


def _set_logout_uris(body, uris):
    body["logoutRedirectUris"] = list(uris)
    body["oidcConfig"]["post_logout_redirect_uris"] = list(uris)


def _set_redirect_uris(body, uris):
    body["redirectUris"] = list(uris)
    body["oidcConfig"]["redirect_uris"] = list(uris)
    body["oauthConfig"]["redirect_uris"] = list(uris)


# -- validation -------------------------------------------------------------------------------

def _valid_identifier(value):
    if not isinstance(value, str) or not DNS_LABEL.match(value):
        raise AuthingError(Code.INVALID_ARGUMENT,
                           "identifier 必须是合法的域名标签（小写字母、数字和 -，1 到 63 个字符）: %r" % (value,))
    return value


def _ensure_identifier_free(db, identifier, own_seq=None):
    row = db.execute("SELECT seq FROM applications WHERE identifier = ?", (identifier,)).fetchone()
    if row is not None and row["seq"] != own_seq:
        raise AuthingError(Code.DOMAIN_TAKEN)


def _valid_uris(value, name="redirectUris"):
    if not isinstance(value, list) or not all(isinstance(uri, str) and uri for uri in value):
        raise AuthingError(Code.INVALID_ARGUMENT, "%s 必须是字符串数组" % name)
    return value


def _valid_choices(value, choices, name, allow_empty=False):
    """A list of distinct known values (order kept)."""
    if (not isinstance(value, list) or not (value or allow_empty) or len(set(map(str, value))) != len(value)
            or any(v not in choices for v in value)):
        raise AuthingError(Code.INVALID_ARGUMENT, "%s 必须是不重复的非空数组，取值: %s" % (name, ", ".join(choices)))
    return list(value)


def _valid_choice(value, choices, name):
    if value not in choices:
        raise AuthingError(Code.INVALID_ARGUMENT, "%s 必须是 %s 之一" % (name, ", ".join(choices)))
    return value


def _valid_bool(value, name):
    if not isinstance(value, bool):
        raise AuthingError(Code.INVALID_ARGUMENT, "%s 必须是布尔值" % name)
    return value


def _valid_lifetime(value, name):
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise AuthingError(Code.INVALID_ARGUMENT, "%s 必须是正整数（秒）" % name)
    return value


def _merge_oidc(document, changes):
    """Merge the given OIDC settings (the keys not given stay as they are)."""
    if not isinstance(changes, dict):
        raise AuthingError(Code.INVALID_ARGUMENT, "oidcConfig 必须是对象")
    current = document["oidcConfig"]
    for key, value in changes.items():
        name = "oidcConfig." + key
        if key in OIDC_LISTS:
            current[key] = _valid_choices(value, OIDC_LISTS[key], name)
        elif key in OIDC_CHOICES:
            current[key] = _valid_choice(value, OIDC_CHOICES[key], name)
        elif key in LIFETIMES:
            current[key] = _valid_lifetime(value, name)
        elif key == "skip_consent":
            current[key] = _valid_bool(value, name)
        elif key == "post_logout_redirect_uris":
            _set_logout_uris(document, _valid_uris(value, name))
        elif key not in current or current[key] != value:
            raise AuthingError(Code.INVALID_ARGUMENT, "%s 不能直接修改" % name)


def _merge_tabs(document, changes, tabs, default, choices):
    if tabs in changes:
        document[tabs] = _valid_choices(changes[tabs], choices, tabs)
    if default in changes:
        document[default] = _valid_choice(changes[default], choices, default)
    if (tabs in changes or default in changes) and document[default] not in (document[tabs] or []):
        raise AuthingError(Code.INVALID_ARGUMENT, "%s %r 不在 %s 中" % (default, document[default], tabs))


def _valid_optional_string(value, name):
    if value is not None and not isinstance(value, str):
        raise AuthingError(Code.INVALID_ARGUMENT, "%s 必须是字符串" % name)
    return value


# -- REST -------------------------------------------------------------------------------------

@domain.route("GET", "/api/v2/applications", "applications.list", message="获取应用列表成功")
def list_applications(ctx):
    window = query_page(ctx)
    total = ctx.db.execute("SELECT COUNT(*) FROM applications").fetchone()[0]
    limit_clause, limit_params = window.sql()
    rows = ctx.db.execute("SELECT * FROM applications ORDER BY seq" + limit_clause, limit_params)
    return paginated(total, [app_view(row) for row in rows])


@domain.route("POST", "/api/v2/applications", "applications.create", message="创建应用成功！")
def create_application(ctx):
    body = ctx.json_body()
    name = require_string(body, "name")
    identifier = _valid_identifier(require_string(body, "identifier"))
    if body.get("redirectUris") is None:
        raise AuthingError(Code.MISSING_PARAMETERS, "缺少参数 redirectUris")
    redirect_uris = _valid_uris(body["redirectUris"])
    logo = _valid_optional_string(body.get("logo"), "logo")
    description = _valid_optional_string(body.get("description"), "description")
    _ensure_identifier_free(ctx.db, identifier)
    app_id = new_object_id()
    document = _default_body(app_id, ctx.settings.userpool_id, name, identifier, redirect_uris, logo, description,
                             new_secret(), _signing_jwk(ctx.db))
    now = rest_timestamp()
    cursor = ctx.db.execute(
        "INSERT INTO applications (id, identifier, body, created_at, updated_at) VALUES (?, ?, ?, ?, ?)",
        (app_id, identifier, json.dumps(document), now, now))
    _ensure_default_namespace(ctx.db)  # so that ``default`` keeps namespaceId 1
    ctx.db.execute("INSERT INTO namespaces (code, app_seq) VALUES (?, ?)", (app_id, cursor.lastrowid))
    return app_view(find_app_row(ctx.db, app_id))


@domain.route("GET", "/api/v2/applications/<app_id>", "applications.detail", message="获取应用配置成功")
def application_detail(ctx, app_id):
    return app_view(require_app_row(ctx.db, app_id))


@domain.route("POST", "/api/v2/applications/<app_id>", "applications.update", message="更新应用成功！")
def update_application(ctx, app_id):
    row = require_app_row(ctx.db, app_id)
    changes = ctx.json_body()
    unknown = sorted(set(changes) - set(UPDATABLE))
    if unknown:
        raise AuthingError(Code.INVALID_ARGUMENT, "不支持修改的字段: %s（可修改: %s）" % (
            ", ".join(unknown), ", ".join(UPDATABLE)))
    document = json.loads(row["body"])
    before = copy.deepcopy(document)
    if "name" in changes:
        document["name"] = require_string(changes, "name")
    if "identifier" in changes:
        identifier = _valid_identifier(changes["identifier"])
        _ensure_identifier_free(ctx.db, identifier, own_seq=row["seq"])
        document["identifier"] = identifier
    if "description" in changes:
        document["description"] = _valid_optional_string(changes["description"], "description")
    if "logo" in changes:
        document["logo"] = _valid_optional_string(changes["logo"], "logo") or DEFAULT_LOGO
    if "redirectUris" in changes:
        _set_redirect_uris(document, _valid_uris(changes["redirectUris"]))
    if "permissionStrategy" in changes:
        _merge_strategy(document, changes["permissionStrategy"])
    if "appType" in changes:
        if changes["appType"] not in APP_TYPES:
            raise AuthingError(Code.INVALID_ARGUMENT, "appType 必须是 %s 之一" % ", ".join(APP_TYPES))
        document["appType"] = changes["appType"]
    if "oidcConfig" in changes:
        _merge_oidc(document, changes["oidcConfig"])
    if "logoutRedirectUris" in changes:
        _set_logout_uris(document, _valid_uris(changes["logoutRedirectUris"], "logoutRedirectUris"))
    _merge_tabs(document, changes, "loginTabs", "defaultLoginTab", LOGIN_TABS)
    _merge_tabs(document, changes, "registerTabs", "defaultRegisterTab", REGISTER_TABS)
    for name in SWITCHES:
        if name in changes:
            document[name] = _valid_bool(changes[name], name)
    if document != before:
        save_app_body(ctx.db, row, document)
    return app_view(find_app_row(ctx.db, app_id))


def _merge_strategy(document, strategy):
    """Only ``defaultStrategy`` is client-writable; the policy ids and ``enabled`` are managed
    by the access-policy endpoints (values equal to the current ones are accepted)."""
    if not isinstance(strategy, dict):
        raise AuthingError(Code.INVALID_ARGUMENT, "permissionStrategy 必须是对象")
    current = document["permissionStrategy"]
    for key, value in strategy.items():
        if key == "defaultStrategy":
            if value not in STRATEGIES:
                raise AuthingError(Code.INVALID_ARGUMENT, "defaultStrategy 必须是 ALLOW_ALL 或 DENY_ALL")
            current["defaultStrategy"] = value
        elif key not in current or current[key] != value:
            raise AuthingError(Code.INVALID_ARGUMENT,
                               "permissionStrategy.%s 不能直接修改（只能修改 defaultStrategy）" % key)


@domain.route("DELETE", "/api/v2/applications/<app_id>", "applications.delete", message="删除成功")
def delete_application(ctx, app_id):
    """Its namespace, resources, roles, agreements and access records go with it (cascade)."""
    row = require_app_row(ctx.db, app_id)
    ctx.db.execute("DELETE FROM applications WHERE seq = ?", (row["seq"],))
    return None


@domain.route("PATCH", "/api/v2/application/<app_id>/refresh-secret", "applications.refresh-secret",
              message="刷新应用 secret 成功！")
def refresh_secret(ctx, app_id):
    """Note the singular ``application`` in the path (as the real service)."""
    row = require_app_row(ctx.db, app_id)
    document = json.loads(row["body"])
    secret = new_secret()
    while secret == document["secret"]:  # pragma: no cover - 112 random bits
        secret = new_secret()
    _set_secret(document, secret)
    save_app_body(ctx.db, row, document)
    return app_view(find_app_row(ctx.db, app_id))


@domain.route("GET", "/api/v2/applications/<app_id>/active-users", "applications.active-users",
              message="获取应用登录态用户列表成功")
def active_users(ctx, app_id):
    """Nobody ever logs in to an emulated application: always an empty page. (The Python SDK
    sends ``?page=1&10``, without ``limit=``; the stray key is ignored.)"""
    require_app_row(ctx.db, app_id)
    query_page(ctx)
    return paginated(0, [])
