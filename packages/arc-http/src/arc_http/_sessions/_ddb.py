"""DynamoDB sessions: a signed `_idx` cookie naming a row of the session table.

As Node's `@architect/functions` (providers/ddb/*): the cookie is `_idx` signed with
node-cookie-signature's HMAC-SHA256 (standard base64, `=` stripped), the row is
`{_idx, _secret, _ttl, ...session}` with `_ttl` a week from the last write. A read is
at most one GetItem; a write is one PutItem.

Unlike Node, a request without a valid cookie (or whose row is gone or past its `_ttl`)
gets a new session that is not written until the handler writes it, so anonymous
traffic costs no writes; cookies signed with `ARC_APP_SECRET_PREVIOUS` are still read;
and `rotate` gives a session a new `_idx` after a login (session fixation).

The table is reached through arc_tables' data layer (`arc_tables.client()`), which
turns rows into plain Python values and back (numbers read as `int` or `float`).

Unlike Node, an `_idx` DynamoDB cannot hold as a key starts a new session instead of
failing, and numbers Node could not read back (beyond ±(2**53 - 1)) are refused on write.
"""

from __future__ import annotations

import base64
import hmac
import os
import sys
import time
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from arc_core import ConfigError, fingerprint, node_utf8, process_cache, translate_errors
from arc_http._js import js_truthy

from ._cookies import cookie_value, set_cookie
from ._env import Settings
from ._secret import signing_secret, signing_secrets

if TYPE_CHECKING:
    from arc_tables import TableClient

__all__ = ["SESSION_LIFETIME", "read", "rotate", "session_table", "sign", "unsign", "write"]

# Node's `_week-from-now.js`: `_ttl` is a week after the last write, in epoch seconds.
SESSION_LIFETIME = 604800
# uid-safe(18), as Node draws `_idx` and `_secret` (csrf.secret()): 24 base64url characters.
_ID_BYTES = 18
# DynamoDB's limit on a partition key value, in bytes of UTF-8.
_MAX_KEY_BYTES = 2048
# encodeURIComponent leaves these (and letters and digits) as they are.
_URI_COMPONENT_SAFE = "-_.!~*'()"
# Number.MAX_SAFE_INTEGER: aws-lite refuses to write a number beyond it (util-dynamodb).
MAX_SAFE_INTEGER = 2**53 - 1

# The logical @tables name of each session table name, per environment and stack.
_logical_names: dict[tuple[str | None, ...], str] = process_cache()


def session_table(name: str) -> TableClient:
    """The arc_tables data-layer client of the table `name`, a logical or physical name.

    `name` is resolved against `arc_tables.client().reflect()` once per process (per
    stack). Raises `ConfigError` listing the app's tables when `name` is neither.
    """
    import arc_tables

    key = (name, *fingerprint())
    tables = arc_tables.client()
    logical = _logical_names.get(key)
    if logical is None:
        known = tables.reflect()
        if name in known:
            logical = name
        else:
            logical = next((found for found, physical in known.items() if physical == name), None)
        if logical is None:
            listed = ", ".join(sorted(known)) or "none"
            raise ConfigError(
                f"Session table name {name!r} could not be found: set ARC_SESSION_TABLE_NAME "
                f"to one of the app's @tables (logical or physical name; this app has: "
                f"{listed}), or to jwe for cookie-only sessions"
            )
        _logical_names[key] = logical
    return tables[logical]


def sign(value: str, secret: str) -> str:
    """node-cookie-signature's `sign`: `value.<base64 HMAC-SHA256>`, `=` stripped.

    >>> sign("abc", "fallback")
    'abc.jjqUW19YkT1v+kbKaxwbgurqIadzajN4p9CL1NhGuRI'
    """
    mac = hmac.digest(node_utf8(secret), node_utf8(value), "sha256")
    return f"{value}.{base64.b64encode(mac).rstrip(b'=').decode()}"


def unsign(signed: str, secret: str) -> str | None:
    """node-cookie-signature's `unsign`: the value when the signature holds, else None.

    The comparison is constant-time, as Node's `timingSafeEqual`.

    >>> unsign("abc.jjqUW19YkT1v+kbKaxwbgurqIadzajN4p9CL1NhGuRI", "fallback")
    'abc'
    """
    # With no `.`, Node's slice(0, -1) drops the last character: never valid, as here.
    value = signed[: signed.rfind(".")]
    if hmac.compare_digest(node_utf8(sign(value, secret)), node_utf8(signed)):
        return value
    return None


def _storable(idx: str) -> bool:
    try:
        return 0 < len(idx.encode()) <= _MAX_KEY_BYTES
    except UnicodeEncodeError:
        return False


def read(req: Mapping[str, Any], name: str, settings: Settings) -> dict[str, Any]:
    """The request's row of the table `name`, or a new session, not yet written.

    A cookie signed with `ARC_APP_SECRET_PREVIOUS` still finds its row. A row whose
    `_ttl` has passed is treated as gone (DynamoDB deletes expired rows only eventually).
    """
    table = session_table(name)
    value = cookie_value(req)
    idx = _verified_idx(value, settings) if value else None
    if idx and _storable(idx):
        with translate_errors(f"reading the session from DynamoDB table {table.table_name!r}"):
            session = table.get({"_idx": idx}, ConsistentRead=True)
        if session and js_truthy(session.get("_secret")) and not _expired(session):
            return session
    # Nothing is written until the handler writes the session: a request without a
    # cookie (a bot, a scan) costs no DynamoDB write.
    return {"_idx": _new_id(), "_secret": _new_id(), "_ttl": _week_from_now()}


def _verified_idx(value: str, settings: Settings) -> str | None:
    for secret in signing_secrets(settings):
        idx = unsign(value, secret)
        if idx is not None:
            return idx
    return None


def _expired(row: Mapping[str, Any]) -> bool:
    """True for a row whose numeric `_ttl` (epoch seconds) has passed."""
    ttl = row.get("_ttl")
    if isinstance(ttl, bool) or not isinstance(ttl, (int, float)):
        return False
    return ttl < time.time()


def rotate(session: Mapping[str, Any], name: str, settings: Settings) -> dict[str, Any]:
    """A copy of `session` under a new `_idx` and `_secret`; the old row is deleted.

    The copy is written by the next `session_write` (or `res` with it), under a cookie
    an attacker who planted the old one cannot know.
    """
    if not isinstance(session, Mapping):
        raise TypeError(f"a session must be a mapping, not {type(session).__name__}")
    signing_secret(settings)  # a deployed app without a secret fails before deleting anything
    rotated = {**session, "_idx": _new_id(), "_secret": _new_id()}
    old = session.get("_idx")
    if isinstance(old, str) and _storable(old):
        table = session_table(name)
        with translate_errors(f"deleting the old session from DynamoDB table {table.table_name!r}"):
            table.delete({"_idx": old})
    return rotated


def write(session: Mapping[str, Any], name: str, settings: Settings) -> str:
    """Save `session` as its row of the table `name` and return the Set-Cookie value."""
    if not isinstance(session, Mapping):
        raise TypeError(f"a session must be a mapping, not {type(session).__name__}")
    idx = session.get("_idx")
    if not isinstance(idx, str) or not _storable(idx):
        raise ValueError(
            "a DynamoDB session needs the `_idx` of the session read from the request (a "
            f"non-empty string of at most {_MAX_KEY_BYTES} UTF-8 bytes), got {idx!r}: "
            "write session_read(req) with your changes, or let res() merge it"
        )
    table = session_table(name)
    row = {**session, "_ttl": _week_from_now()}
    _check_node_readable(row)
    with translate_errors(f"writing the session to DynamoDB table {table.table_name!r}"):
        table.put(row)
    from urllib.parse import quote

    signed = sign(idx, signing_secret(settings))
    return set_cookie(quote(signed, safe=_URI_COMPONENT_SAFE), settings)


def _check_node_readable(value: Any) -> None:
    """Refuse what arc_tables would store but Node could not read back as a session.

    Numbers must be finite and within ±(2**53 - 1) (`ValueError`), and keys of maps
    strings (`TypeError`). What DynamoDB cannot store at all is arc_tables' to refuse.
    """
    if isinstance(value, Mapping):
        for key, member in value.items():
            if not isinstance(key, str):
                raise TypeError(f"session keys must be strings, not {type(key).__name__}: {key!r}")
            _check_node_readable(member)
    elif isinstance(value, (list, tuple, set, frozenset)):
        for member in value:
            _check_node_readable(member)
    elif not isinstance(value, (str, bool)) and not _readable_number(value):
        raise ValueError(
            f"a DynamoDB session cannot store the number {value!r}: Node reads only finite "
            f"numbers within ±{MAX_SAFE_INTEGER}; store it as a string"
        )


def _readable_number(value: Any) -> bool:
    """False for a number Node could not read back; True for any other value."""
    if isinstance(value, (int, float)):
        # False for NaN and the infinities too: they compare false with everything.
        return abs(value) <= MAX_SAFE_INTEGER
    decimal = sys.modules.get("decimal")  # a Decimal exists only once decimal is loaded
    if decimal is not None and isinstance(value, decimal.Decimal):
        return bool(value.is_finite() and abs(value) <= MAX_SAFE_INTEGER)
    return True


def _new_id() -> str:
    return base64.urlsafe_b64encode(os.urandom(_ID_BYTES)).decode()


def _week_from_now() -> int:
    return time.time_ns() // 1_000_000_000 + SESSION_LIFETIME
