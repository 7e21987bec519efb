# -*- coding: utf-8 -*-
# Copyright (c) 2026, authing.cloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Password transport encryption, as the official SDKs do it (wire reference §1.7).

A user password travels RSA-encrypted (PKCS#1 v1.5, then base64) with the public key the server
publishes at ``GET /api/v2/.well-known``. The key is fetched once per module run and kept in
the run's memo. ``cryptography`` is imported defensively: without it, the modules still work for
everything except setting passwords, and say so before any write.
"""

import base64

from ansible_collections.authing.cloud.plugins.module_utils.client import AuthingError, rest
from ansible_collections.authing.cloud.plugins.module_utils.references import Slot

try:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import padding
    HAS_CRYPTOGRAPHY = True
    CRYPTOGRAPHY_IMPORT_ERROR = None
except ImportError as exc:  # pragma: no cover - exercised by the import sanity test
    HAS_CRYPTOGRAPHY = False
    CRYPTOGRAPHY_IMPORT_ERROR = exc

PUBLIC_KEY = Slot('the server key passwords are encrypted with')
WELL_KNOWN = rest('well-known', 'GET', '/api/v2/.well-known')
MISSING_LIBRARY = 'The Python library cryptography is required to send passwords (pip install cryptography)'
PEM_HEADER = '-----BEGIN PUBLIC KEY-----'


def load_public_key(text):
    """A PEM public key, or the base64 body of one (some deployments publish it bare)."""
    text = (text or '').strip()
    if not text:
        raise AuthingError('The server published no public key to encrypt passwords with', operation='well-known')
    if '-----BEGIN' not in text:
        text = '%s\n%s\n-----END PUBLIC KEY-----' % (PEM_HEADER, text)
    try:
        return serialization.load_pem_public_key(text.encode('ascii'))
    except (ValueError, TypeError) as exc:
        raise AuthingError('The public key from /api/v2/.well-known is not usable: %s' % exc, operation='well-known')


def public_key(ctx):
    """The server's password key, fetched at most once per run (threads wait for one fetch)."""
    return ctx.memo.load(PUBLIC_KEY, None, lambda: load_public_key((ctx.client.call(WELL_KNOWN) or {}).get('publicKey')))


def encrypt(key, plain):
    """base64(RSA-PKCS#1 v1.5(plain)) with a loaded public key."""
    return base64.b64encode(key.encrypt(plain.encode('utf-8'), padding.PKCS1v15())).decode('ascii')


def encrypt_password(ctx, plain):
    if not HAS_CRYPTOGRAPHY:
        raise AuthingError(MISSING_LIBRARY)
    return encrypt(public_key(ctx), plain)
