"""Secrets of the emulated user pool: the RSA key for password transport, the JWT signing key
and the pool owner's id. They live in the database so that ``--db FILE`` keeps tokens and the
public key valid across restarts."""

import base64
import hashlib
import hmac
import os
import time

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from .errors import AuthingError, Code
from .util import new_object_id

# The real service's key is 1024-bit (as the SDK's bundled default key); it is also the fastest
# to generate, which keeps emulator start-up quick.
RSA_KEY_BITS = 1024
PASSWORD_HASH_ITERATIONS = 1000  # an emulator: cheap enough for bulk user creation


class KeyRing:
    def __init__(self, private_key_pem, jwt_key, owner_id):
        self._private_key = serialization.load_pem_private_key(private_key_pem.encode(), password=None)
        self.public_key_pem = self._private_key.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode()
        self.jwt_key = jwt_key
        self.owner_id = owner_id

    @classmethod
    def load_or_create(cls, store):
        return cls(
            private_key_pem=store.meta("rsa_private_key", _new_private_key_pem),
            jwt_key=store.meta("jwt_key", lambda: os.urandom(32).hex()),
            owner_id=store.meta("owner_id", new_object_id),
        )

    def decrypt_password(self, ciphertext):
        """Undo the SDKs' transport encryption: base64 of RSA PKCS#1 v1.5 with our public key."""
        try:
            raw = base64.b64decode(ciphertext, validate=True)
            return self._private_key.decrypt(raw, padding.PKCS1v15()).decode("utf-8")
        except (ValueError, TypeError, UnicodeDecodeError):
            raise AuthingError(Code.PASSWORD_DECRYPT_FAILED)


def _new_private_key_pem():
    key = rsa.generate_private_key(public_exponent=65537, key_size=RSA_KEY_BITS)
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()).decode()


def hash_password(plain):
    """Only a salted hash is stored; the emulator never needs the password back."""
    salt = os.urandom(16)
    digest = hashlib.pbkdf2_hmac("sha256", plain.encode("utf-8"), salt, PASSWORD_HASH_ITERATIONS)
    return "pbkdf2_sha256$%d$%s$%s" % (PASSWORD_HASH_ITERATIONS, salt.hex(), digest.hex())


def verify_password(plain, stored):
    algorithm, iterations, salt, digest = stored.split("$")
    candidate = hashlib.pbkdf2_hmac("sha256", plain.encode("utf-8"), bytes.fromhex(salt), int(iterations))
    return algorithm == "pbkdf2_sha256" and hmac.compare_digest(candidate.hex(), digest)


class TokenService:
    """Management tokens: HS256 JWTs shaped like the real ones (``data``, ``iat``, ``exp``)."""

    def __init__(self, keys, userpool_id, ttl_seconds):
        self.keys = keys
        self.userpool_id = userpool_id
        self.ttl_seconds = ttl_seconds

    def issue(self):
        iat = int(time.time())
        exp = iat + self.ttl_seconds
        owner = self.keys.owner_id
        claims = {
            "data": {
                "type": "user",
                "userPoolId": self.userpool_id,
                "arn": "arn:cn:authing:%s:user:%s" % (self.userpool_id, owner),
                "id": owner,
                "userId": owner,
                "_id": owner,
                "phone": None,
                "email": None,
                "username": None,
                "unionid": None,
                "openid": None,
                "clientId": self.userpool_id,
            },
            "iat": iat,
            "exp": exp,
        }
        token = jwt.encode(claims, self.keys.jwt_key, algorithm="HS256")
        if isinstance(token, bytes):  # PyJWT 1.x
            token = token.decode()
        return {"accessToken": token, "exp": exp, "iat": iat}

    def verify(self, token, allow_expired=False):
        """Return the claims of a token this pool issued, else raise "not logged in" (2020)."""
        if not token:
            raise AuthingError(Code.NOT_LOGGED_IN)
        try:
            claims = jwt.decode(token, self.keys.jwt_key, algorithms=["HS256"],
                                options={"verify_exp": not allow_expired, "require": ["exp", "iat"]})
        except jwt.PyJWTError:
            raise AuthingError(Code.NOT_LOGGED_IN)
        data = claims.get("data")
        if not isinstance(data, dict) or data.get("userPoolId") != self.userpool_id:
            raise AuthingError(Code.NOT_LOGGED_IN)
        return claims
