"""Sessions that interoperate, cookie for cookie, with Node's `@architect/functions` v8.

Two providers, chosen on every call as Node chooses them:

- JWE (`ARC_SESSION_TABLE_NAME` or `SESSION_TABLE_NAME` is `jwe`, or neither is set):
  the session itself, encrypted, in the `_idx` cookie (`_jwe.py`).
- DynamoDB (any other name, logical or physical): a signed `_idx` cookie naming a row
  of that table (`_ddb.py`).

Importing this package costs nothing: each provider, and cryptography with JWE, is
imported by the first call that needs it.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from ._env import Settings, current

if TYPE_CHECKING:
    from collections.abc import Mapping

__all__ = ["session_read", "session_rotate", "session_write"]

# The provider name Node and Architect use for cookie-only sessions.
JWE = "jwe"

_providers: dict[str, Any] = {}


def _provider(name: str) -> Any:
    """The module `_jwe` or `_ddb`, imported on first use."""
    module = _providers.get(name)
    if module is None:
        module = _providers[name] = import_module(f"{__name__}.{name}")
    return module


def _table_name(settings: Settings) -> str | None:
    """The DynamoDB table named by the environment, or None for JWE sessions.

    `jwe` in either variable means JWE (Node checks both); otherwise the first non-empty
    one names the table. Neither set means JWE too, Architect's default for deploys and
    the sandbox (Node would have no sessions at all).
    """
    if settings.table == JWE or settings.legacy_table == JWE:
        return None
    return settings.table or settings.legacy_table


def session_read(req: Mapping[str, Any]) -> dict[str, Any]:
    """Return the session of a Lambda HTTP event, from its last `_idx` cookie.

    JWE: the decrypted payload, `iat` included, or `{}` when the cookie is missing,
    garbage, tampered with, made with another key or older than a week. DynamoDB: the
    row (`_idx`, `_secret`, `_ttl` and your keys), or a new session (`_idx`, `_secret`,
    `_ttl`) when the cookie is missing or wrongly signed or its row is gone or expired;
    a new session is written by the first `session_write` (or `res` with it), not here.
    Cookies made with `ARC_APP_SECRET_PREVIOUS` are still read.

    Raises `arc_core.ConfigError` for bad settings (in staging or production an unset
    or public `ARC_APP_SECRET`; a secret too short for the JWE algorithm, an unknown
    algorithm, a table the app does not have), `arc_core.ServiceError` when DynamoDB
    fails, and `arc_core.MissingDependencyError` without cryptography (JWE).

    >>> session = session_read({"headers": {"cookie": "_idx=..."}})  # doctest: +SKIP
    >>> session.get("user")  # doctest: +SKIP
    'ada'
    """
    settings = current()
    table = _table_name(settings)
    if table is None:
        session: dict[str, Any] = _provider("_jwe").read(req, settings)
    else:
        session = _provider("_ddb").read(req, table, settings)
    return session


def session_rotate(session: Mapping[str, Any]) -> dict[str, Any]:
    """Return `session` under a new identity, for a login: call it, then write the result.

    DynamoDB: a copy with a new `_idx` and `_secret` and the same data; the old row is
    deleted, so a session id planted before the login (session fixation) leads nowhere.
    JWE: a copy of `session` unchanged (every write seals a new token already).

    Raises `arc_core.ConfigError` and `arc_core.ServiceError` as `session_read` does,
    `TypeError` when `session` is not a mapping.

    >>> session = session_rotate(session_read(req))  # doctest: +SKIP
    >>> res(req, {"session": {**session, "user": "ada"}, "location": "/"})  # doctest: +SKIP
    """
    settings = current()
    table = _table_name(settings)
    if table is None:
        from collections.abc import Mapping

        if not isinstance(session, Mapping):
            raise TypeError(f"a session must be a mapping, not {type(session).__name__}")
        return dict(session)
    rotated: dict[str, Any] = _provider("_ddb").rotate(session, table, settings)
    return rotated


def session_write(session: Mapping[str, Any]) -> str:
    """Persist `session` and return the Set-Cookie header value that carries it.

    JWE: the session (plus a fresh `iat`; `None` values of `_idx`, `_secret` and `_ttl`
    left out) is encrypted into the cookie. DynamoDB: the row is saved with one PutItem
    (`_ttl` renewed to a week from now) and the cookie holds its signed `_idx`, which
    `session` must carry (take it from `session_read`). The value has Node's attributes
    in Node's order: `_idx=...; Max-Age=...; [Domain=...; ]Path=/; Expires=...;
    HttpOnly; [Secure; ]SameSite=...`.

    Raises `arc_core.ConfigError` for bad settings (including `ARC_SESSION_TTL`,
    `ARC_SESSION_DOMAIN` and `ARC_SESSION_SAME_SITE`), `arc_core.ServiceError` when
    DynamoDB fails, `TypeError` for values the session cannot hold and `ValueError` for
    a DynamoDB session without `_idx`, with a number Node could not read or with an
    empty set.

    >>> session_write({"user": "ada"})  # doctest: +SKIP
    '_idx=eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..; Max-Age=788400000; Path=/; ...'
    """
    settings = current()
    table = _table_name(settings)
    if table is None:
        cookie: str = _provider("_jwe").write(session, settings)
    else:
        cookie = _provider("_ddb").write(session, table, settings)
    return cookie
