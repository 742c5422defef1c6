"""JWE sessions: the whole session, AES-GCM encrypted, in the `_idx` cookie.

Byte for byte the tokens of Node's `@architect/functions` (providers/jwe.js, which uses
node-webtokens): compact JWE `<header>..<iv>.<ciphertext>.<tag>` with `alg=dir`, the
key taken raw from `ARC_APP_SECRET`, an `iat` claim and a seven-day lifetime. Unlike
Node, a token is accepted only with exactly the header this configuration writes
(`dir` and the configured `enc`), a 12-byte IV and a 16-byte tag.

`cryptography` is imported on the first JWE session of the process, not before.
"""

from __future__ import annotations

import binascii
import json
import math
import os
import time
from collections.abc import Mapping
from typing import Any, NamedTuple

from arc_core import ConfigError, MissingDependencyError, dumps, node_utf8

from ._cookies import cookie_value, set_cookie
from ._env import Settings
from ._js import to_number
from ._secret import DEFAULT_KEYS, app_secret, previous_secret

__all__ = ["HEADERS", "LIFETIME", "node_base64_decode", "read", "write"]

# Key size in bytes (and secret length in characters) of each `enc` (providers/jwe.js).
KEY_SIZES = {"A256GCM": 32, "A192GCM": 24, "A128GCM": 16}
# base64url of `{"alg":"dir","enc":"<enc>"}`, the protected header node-webtokens writes.
HEADERS = {
    "A256GCM": "eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0",
    "A192GCM": "eyJhbGciOiJkaXIiLCJlbmMiOiJBMTkyR0NNIn0",
    "A128GCM": "eyJhbGciOiJkaXIiLCJlbmMiOiJBMTI4R0NNIn0",
}
# Node's `setTokenLifetime(604800)`: a token dies a week after its `iat`.
LIFETIME = 604800
# Legacy mode (ARC_FORCE_LEGACY_JWE_SECRET) always encrypts with A128GCM (providers/jwe.js).
LEGACY_ENC = "A128GCM"
# The handler merges these from the request's session; JSON.stringify drops them when
# they are undefined, so None values of these keys are left out of the token.
_META_KEYS = ("_idx", "_secret", "_ttl")
# Browsers drop a cookie whose name and value pass 4096 bytes (RFC 6265 §6.1's minimum,
# Chrome's limit); `_idx=` takes 5 of them.
MAX_TOKEN_CHARS = 4096 - len("_idx=")
# Lengths in base64url characters of the 12-byte IV and the 16-byte tag.
_IV_CHARS = 16
_TAG_CHARS = 22
# Buffer.from(text, 'base64') in Node takes both alphabets and skips every other byte.
_NODE_BASE64 = {
    ord(char): index
    for index, char in enumerate("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
}
_NODE_BASE64.update({ord("-"): 62, ord("_"): 63})
_TO_URLSAFE = bytes.maketrans(b"+/", b"-_")


class _Cipher(NamedTuple):
    header: str
    aad: bytes
    aead: Any
    invalid_tag: type[Exception]


_ciphers: dict[tuple[str | None, str | None, str | None], _Cipher] = {}
_warned_size = False


def _cipher(secret: str | None, settings: Settings) -> _Cipher:
    """The cipher of `secret` under these settings; keys are derived once per process."""
    key_settings = (secret, settings.algo, settings.legacy_jwe)
    found = _ciphers.get(key_settings)
    if found is None:
        enc, key = _key(*key_settings)
        try:
            from cryptography.exceptions import InvalidTag
            from cryptography.hazmat.primitives.ciphers.aead import AESGCM
        except ImportError as err:
            raise MissingDependencyError(
                "JWE sessions need the cryptography package: pip install 'arc-http[jwe]' "
                "(architect-functions includes it)"
            ) from err
        header = HEADERS[enc]
        found = _ciphers[key_settings] = _Cipher(header, header.encode(), AESGCM(key), InvalidTag)
    return found


def _key(secret: str | None, algo: str | None, legacy: str | None) -> tuple[str, bytes]:
    """Node's `setupCrypto`: the `enc` and the raw AES key of these settings."""
    enc = algo or "A256GCM"
    if enc not in KEY_SIZES:
        raise ConfigError(
            f"ARC_APP_SECRET_ALGO is {enc!r}: Invalid token algorithm, must be one of: "
            f"{', '.join(KEY_SIZES)}"
        )
    if legacy is not None:
        # Node's "known boog": the legacy secret is read as base64, whatever it holds.
        key = node_base64_decode(secret) if secret else DEFAULT_KEYS[LEGACY_ENC].encode()
        if len(key) < KEY_SIZES[LEGACY_ENC]:
            raise ConfigError(
                "ARC_FORCE_LEGACY_JWE_SECRET is set, so ARC_APP_SECRET is read as base64 and "
                f"must decode to at least 16 bytes; it gives {len(key)}. Set a longer secret "
                "or unset ARC_FORCE_LEGACY_JWE_SECRET"
            )
        return LEGACY_ENC, key[: KEY_SIZES[LEGACY_ENC]]
    size = KEY_SIZES[enc]
    text = secret if secret is not None else DEFAULT_KEYS[enc]
    units = _utf16_prefix(text, size)
    if units is None:
        raise ConfigError(
            f"ARC_APP_SECRET is too short: Invalid secret length, {enc} must supply a "
            f"{size} bit ascii key. Set ARC_APP_SECRET to at least {size} characters "
            "(or choose a smaller ARC_APP_SECRET_ALGO)"
        )
    return enc, node_utf8(units)[:size]


def _utf16_prefix(text: str, units: int) -> str | None:
    """JavaScript's `text.substring(0, units)`, or None when `text` is shorter."""
    if text.isascii():
        return text[:units] if len(text) >= units else None
    encoded = text.encode("utf-16-le", "surrogatepass")
    if len(encoded) < 2 * units:
        return None
    return encoded[: 2 * units].decode("utf-16-le", "surrogatepass")


def node_base64_decode(text: str) -> bytes:
    """Node 20's lenient `Buffer.from(text, 'base64')`.

    Each UTF-16 unit counts by its low byte; both alphabets are read, other bytes are
    skipped, the first `=` ends the input and a trailing partial byte is dropped.

    >>> node_base64_decode("bXkt c2VjcmV0")
    b'my-secret'
    """
    bits = 0
    count = 0
    out = bytearray()
    for unit in _utf16_units(text):
        byte = unit & 0xFF
        if byte == 0x3D:
            break
        sextet = _NODE_BASE64.get(byte)
        if sextet is None:
            continue
        bits = (bits << 6) | sextet
        count += 6
        if count >= 8:
            count -= 8
            out.append((bits >> count) & 0xFF)
    return bytes(out)


def _utf16_units(text: str) -> list[int]:
    if text.isascii():
        return list(text.encode())
    encoded = text.encode("utf-16-le", "surrogatepass")
    return [encoded[index] | encoded[index + 1] << 8 for index in range(0, len(encoded), 2)]


def write(session: Mapping[str, Any], settings: Settings) -> str:
    """Encrypt `session` (plus `iat`) into a token and return its Set-Cookie value."""
    if type(session) is not dict and not isinstance(session, Mapping):
        raise TypeError(f"a session must be a mapping, not {type(session).__name__}")
    cipher = _cipher(app_secret(settings), settings)
    payload = dict(session)
    for key in _META_KEYS:
        if key in payload and payload[key] is None:
            del payload[key]
    payload["iat"] = time.time_ns() // 1_000_000_000
    iv = os.urandom(12)
    sealed = cipher.aead.encrypt(iv, dumps(payload).encode(), cipher.aad)
    token = ".".join((cipher.header, "", _b64url(iv), _b64url(sealed[:-16]), _b64url(sealed[-16:])))
    if len(token) > MAX_TOKEN_CHARS:
        _warn_size(len(token))
    return set_cookie(token, settings)


def _warn_size(length: int) -> None:
    """Log, once per process, that browsers will drop this session's cookie."""
    global _warned_size
    if _warned_size:
        return
    _warned_size = True
    import logging

    logging.getLogger("arc_http").warning(
        "a JWE session cookie of %d characters was written: browsers drop cookies over 4096 "
        "bytes, so this session will be lost. Keep JWE sessions under about 2.9 KB of JSON, "
        "or use a DynamoDB session table (ARC_SESSION_TABLE_NAME)",
        length + len("_idx="),
    )


def _b64url(data: bytes) -> str:
    return binascii.b2a_base64(data, newline=False).rstrip(b"=").translate(_TO_URLSAFE).decode()


def read(req: Mapping[str, Any], settings: Settings) -> dict[str, Any]:
    """The payload of the request's token (with `iat`), or `{}` when it is not a valid one.

    A token sealed with `ARC_APP_SECRET_PREVIOUS` is read too, so rotating the secret
    logs nobody out; the next write seals it with the current secret.
    """
    cipher = _cipher(app_secret(settings), settings)
    token = cookie_value(req)
    if token is None:
        return {}
    parts = token.split(".")
    if len(parts) != 5 or parts[0] != cipher.header or parts[1]:
        return {}
    _, _, iv, content, tag = parts
    if len(iv) != _IV_CHARS or len(tag) != _TAG_CHARS:
        return {}
    try:
        sealed = _b64url_decode(content) + _b64url_decode(tag)
        nonce = _b64url_decode(iv)
    except ValueError:
        return {}
    plain = _open(cipher, nonce, sealed)
    previous = previous_secret(settings) if plain is None else None
    if previous is not None:
        plain = _open(_cipher(previous, settings), nonce, sealed)
    if plain is None:
        return {}
    try:
        payload = _DECODER.decode(plain.decode(errors="replace"))
    except (ValueError, RecursionError):
        return {}
    if not isinstance(payload, dict) or not _alive(payload):
        return {}
    return payload


def _open(cipher: _Cipher, nonce: bytes, sealed: bytes) -> bytes | None:
    """The plaintext of a token sealed with `cipher`'s key, or None."""
    try:
        plain: bytes = cipher.aead.decrypt(nonce, sealed, cipher.aad)
    except (ValueError, cipher.invalid_tag):
        return None
    return plain


def _b64url_decode(text: str) -> bytes:
    # Extra padding is ignored; a wrong length or a non-ASCII character raises ValueError.
    return binascii.a2b_base64(text.replace("-", "+").replace("_", "/") + "==")


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


# Python's json reads NaN and Infinity; JSON.parse (and so Node) rejects the token.
_DECODER = json.JSONDecoder(parse_constant=_reject_constant)


def _alive(payload: dict[str, Any]) -> bool:
    """node-webtokens' `payloadVerifications`: `iat` required, expiry min(exp, iat + week)."""
    issued = to_number(payload.get("iat", math.nan))
    if not issued or math.isnan(issued):
        return False
    expires = to_number(payload.get("exp", math.nan))
    limit = issued + LIFETIME
    if not expires or math.isnan(expires) or limit < expires:
        expires = limit
    # Node skips the check when the expiry is 0 (an `iat` of -604800): kept for parity.
    return not expires or time.time_ns() // 1_000_000 <= expires * 1000
