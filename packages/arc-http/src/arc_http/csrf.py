"""CSRF tokens, as `arc.http.csrf` in Node: `create(data=None, ts=None)` and
`verify(token, data=None)`, where `data` binds a token to a visitor's session."""

from __future__ import annotations

from ._csrf import TOKEN_LIFETIME_MS as TOKEN_LIFETIME_MS
from ._csrf import create as create
from ._csrf import verify as verify

__all__ = ["TOKEN_LIFETIME_MS", "create", "verify"]
