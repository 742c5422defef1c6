"""CSRF tokens: `create` and `verify`, shaped as Node's, signed properly, bound to a session.

A token is `<nonce>.<expiry in ms>.<signature>`, like Node's `<data>.<ts>.<signature>`.
Node signs only `data`, so anyone can push a token's expiry out by editing it, and
compares signatures with `===`. Here the signature (itsdangerous, HMAC-SHA256) covers
`nonce.expiry`, and, when the token is made for `data` (a random value kept in the
visitor's session), a digest of `data` too: such a token verifies only with that same
`data`, so a token taken from another visitor's page is useless. The compare is
constant-time; a token signed with `ARC_APP_SECRET_PREVIOUS` still verifies. Tokens
are not interchangeable with Node's: create and verify them on the same side.
"""

from __future__ import annotations

import time
from functools import lru_cache
from typing import Any

__all__ = ["TOKEN_LIFETIME_MS", "create", "verify"]

# How long a token lives by default: Node's five minutes (src/http/csrf/create.js).
TOKEN_LIFETIME_MS = 300_000
# Keeps these signatures apart from anything else signed with ARC_APP_SECRET.
_SALT = "arc_http.csrf"
# The longest token `create` makes is well under this; longer input is refused unread.
_MAX_TOKEN_CHARS = 512


def _secrets() -> tuple[str, ...]:
    from ._sessions._env import current
    from ._sessions._secret import signing_secrets

    return signing_secrets(current())


@lru_cache(maxsize=8)
def _signer(secret: str) -> Any:
    import hashlib

    from itsdangerous import Signer

    return Signer(secret, salt=_SALT, sep=".", key_derivation="hmac", digest_method=hashlib.sha256)


def _signed_text(message: str, data: str | None) -> str:
    """What the signature covers: `nonce.expiry`, and the digest of `data` when bound."""
    if data is None:
        return message
    import hashlib

    digest = hashlib.sha256(data.encode("utf-8", "surrogatepass")).hexdigest()
    return f"{message}.{digest}"


def create(data: str | None = None, ts: int | None = None) -> str:
    """Return a CSRF token that expires at `ts` (milliseconds since epoch), bound to `data`.

    `ts` defaults to five minutes from now. With `data` (a str, e.g. a random value
    kept in the visitor's session), only `verify(token, data)` with the same `data`
    accepts the token. The secret is `ARC_APP_SECRET`; in staging or production an unset
    or public one raises `arc_core.ConfigError` (see the sessions' secret rules).

    >>> verify(create())
    True
    >>> verify(create("session-value"), "session-value"), verify(create("a"), "b")
    (True, False)
    """
    import os

    if data is not None and not isinstance(data, str):
        raise TypeError(f"csrf data must be a str, not {type(data).__name__}")
    expires = int(ts) if ts else int(time.time() * 1000) + TOKEN_LIFETIME_MS
    message = f"{os.urandom(16).hex()}.{expires}"
    signature: bytes = _signer(_secrets()[0]).get_signature(_signed_text(message, data))
    return f"{message}.{signature.decode('ascii')}"


def verify(token: object, data: object = None) -> bool:
    """True when `token` was made by `create` (with this `data`) and has not expired.

    Without `data` it checks the signature and the expiry of a token made without
    data. Anything else (a tampered, expired, foreign or malformed token, a token made
    for other data, a value that is not a string at all) is False: it never raises on
    client input. A deployed app without a proper `ARC_APP_SECRET` raises
    `arc_core.ConfigError`, as `create` does.

    >>> verify("3d879d515ab241429c97dfea6d1e1927.1584118407000.b0b34563d5")
    False
    """
    secrets = _secrets()
    if not isinstance(token, str) or len(token) > _MAX_TOKEN_CHARS or not token.isascii():
        return False
    if data is not None and not isinstance(data, str):
        return False
    message, dot, signature = token.rpartition(".")
    _, dot_before_ts, ts = message.rpartition(".")
    if not dot or not dot_before_ts or not ts.isdigit():
        return False
    if int(ts) < time.time() * 1000:
        return False
    import hmac

    # Compared as text, not decoded: base64 ignores the low bits of a final character,
    # so decoding would accept several spellings of one signature.
    given = signature.encode("ascii")
    text = _signed_text(message, data)
    found = False
    for secret in secrets:
        expected: bytes = _signer(secret).get_signature(text)
        found |= hmac.compare_digest(expected, given)
    return found
