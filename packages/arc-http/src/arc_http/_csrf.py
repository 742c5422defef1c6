"""CSRF tokens: `create` and `verify`, shaped as Node's and signed properly.

A token is `<data>.<expiry in ms>.<signature>`, like Node's. Node signs only `data`,
so anyone can push a token's expiry out by editing it, and compares signatures with
`===`. Here the signature (itsdangerous, HMAC-SHA256) covers `data.expiry`, the compare
is constant-time, and an expiry that is not a number fails. Tokens are therefore not
interchangeable with Node's: create and verify them on the same side.
"""

from __future__ import annotations

import os
import time
from functools import lru_cache
from typing import Any

__all__ = ["TOKEN_LIFETIME_MS", "create", "verify"]

# How long a token lives by default: Node's five minutes (src/http/csrf/create.js).
TOKEN_LIFETIME_MS = 300_000
# Keeps these signatures apart from anything else signed with ARC_APP_SECRET.
_SALT = "arc_http.csrf"


def _secret() -> str:
    from ._sessions._env import current
    from ._sessions._secret import signing_secret

    return signing_secret(current())


@lru_cache(maxsize=8)
def _signer(secret: str) -> Any:
    import hashlib

    from itsdangerous import Signer

    return Signer(secret, salt=_SALT, sep=".", key_derivation="hmac", digest_method=hashlib.sha256)


def create(data: str | None = None, ts: int | None = None) -> str:
    """Return a CSRF token carrying `data` that expires at `ts` (milliseconds since epoch).

    `data` defaults to 32 random hex characters, `ts` to five minutes from now. The
    secret is `ARC_APP_SECRET`, else `ARC_APP_NAME` (as in Node; outside `testing` that
    logs a warning once, since the app name is public).

    >>> verify(create())
    True
    """
    data = data or os.urandom(16).hex()
    ts = ts or int(time.time() * 1000) + TOKEN_LIFETIME_MS
    signed: bytes = _signer(_secret()).sign(f"{data}.{int(ts)}")
    return signed.decode("utf-8")


def verify(token: Any) -> bool:
    """True when `token` was made by `create` with this app's secret and has not expired.

    Anything else (a tampered, expired or malformed token, a non-numeric expiry, a value
    that is not a string at all) is False; it never raises on client input.

    >>> verify("3d879d515ab241429c97dfea6d1e1927.1584118407000.b0b34563d5")
    False
    """
    if not isinstance(token, str):
        return False
    signed, dot, signature = token.rpartition(".")
    _, dot_before_ts, ts = signed.rpartition(".")
    if not dot or not dot_before_ts or not (ts.isascii() and ts.isdigit()):
        return False
    try:
        expires = int(ts)
    except ValueError:  # more digits than Python converts
        return False
    if expires < time.time() * 1000:
        return False
    import hmac

    # Compared as text, not decoded: base64 ignores the low bits of a final character,
    # so decoding would accept several spellings of one signature.
    expected: bytes = _signer(_secret()).get_signature(signed)
    return hmac.compare_digest(expected, signature.encode("utf-8", "replace"))
