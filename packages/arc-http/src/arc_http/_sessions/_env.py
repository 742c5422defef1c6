"""The session settings of the environment, read afresh on every call as Node reads them.

A session read and write consult a dozen variables, most of them unset
(`ARC_SESSION_TTL`, `ARC_SESSION_DOMAIN`, ...); each public call takes one snapshot of
them with `arc_core.env_values`, the fast way to read many at once.
"""

from __future__ import annotations

from typing import NamedTuple

from arc_core import env_values

__all__ = ["Settings", "current"]


class Settings(NamedTuple):
    """The session variables at one call, each None when unset or empty (Node's `||`)."""

    table: str | None
    legacy_table: str | None
    secret: str | None
    algo: str | None
    legacy_jwe: str | None
    app_name: str | None
    ttl: str | None
    legacy_ttl: str | None
    domain: str | None
    legacy_domain: str | None
    same_site: str | None
    env: str | None
    previous_secret: str | None
    unsafe_default_secret: str | None


# The variable behind each field of Settings, in the same order.
NAMES = (
    "ARC_SESSION_TABLE_NAME",
    "SESSION_TABLE_NAME",
    "ARC_APP_SECRET",
    "ARC_APP_SECRET_ALGO",
    "ARC_FORCE_LEGACY_JWE_SECRET",
    "ARC_APP_NAME",
    "ARC_SESSION_TTL",
    "SESSION_TTL",
    "ARC_SESSION_DOMAIN",
    "SESSION_DOMAIN",
    "ARC_SESSION_SAME_SITE",
    "ARC_ENV",
    "ARC_APP_SECRET_PREVIOUS",
    "ARC_UNSAFE_DEFAULT_SECRET",
)


def current() -> Settings:
    """A snapshot of the session variables of the environment.

    >>> current().ttl  # doctest: +SKIP
    '3600'
    """
    return Settings._make(env_values(NAMES))
