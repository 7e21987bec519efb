"""Management token (``accessToken``, ``refreshAccessToken``) and the password-encryption public
key (``GET /api/v2/.well-known``)."""

import hmac

from ..domain import Domain
from ..errors import AuthingError, Code

domain = Domain("auth")


@domain.query("accessToken", public=True)
def access_token(ctx, user_pool_id, secret):
    """Exchange the pool's id and secret for a JWT (15 days by default, as the real service)."""
    if user_pool_id != ctx.settings.userpool_id:
        raise AuthingError(Code.USERPOOL_NOT_FOUND)
    if not hmac.compare_digest(secret.encode(), ctx.settings.secret.encode()):
        raise AuthingError(Code.NO_PERMISSION, "用户池密钥错误")
    return ctx.tokens.issue()


@domain.mutation("refreshAccessToken", public=True)
def refresh_access_token(ctx, access_token=None):
    """Issue a new token for a token this pool signed (the argument, else the bearer token);
    an expired token may be refreshed, a foreign or forged one may not (2020)."""
    ctx.tokens.verify(access_token or ctx.bearer_token, allow_expired=True)
    return ctx.tokens.issue()


@domain.route("GET", "/api/v2/.well-known", "well-known", public=True)
def well_known(ctx):
    """The JS SDK fetches the RSA public key here to encrypt passwords."""
    return {"publicKey": ctx.keys.public_key_pem}
