"""What the environment says: `ARC_ENV`, local or AWS, and Node's empty-means-unset rule."""

from __future__ import annotations

import os

from ._errors import ConfigError

__all__ = ["ENVIRONMENTS", "arc_env", "env_value", "use_aws"]

# The three values Node's @architect/functions accepts for ARC_ENV (src/index.js).
ENVIRONMENTS = ("testing", "staging", "production")


def env_value(*names: str) -> str | None:
    """Return the first of the environment variables `names` that is set and not empty.

    Node reads settings as `process.env.A || process.env.B`, so an empty string counts
    as unset; this keeps that rule in one place.

    >>> env_value("ARC_SESSION_TTL", "SESSION_TTL")  # doctest: +SKIP
    '3600'
    """
    for name in names:
        value = os.environ.get(name)
        if value:
            return value
    return None


def arc_env() -> str:
    """Return `ARC_ENV`: `testing`, `staging` or `production`; unset (or empty) is `testing`.

    Raises `ConfigError` for any other value, as Node does when it is imported.
    """
    env = os.environ.get("ARC_ENV") or "testing"
    if env not in ENVIRONMENTS:
        raise ConfigError(
            f"ARC_ENV is {env!r}: set it to one of testing, staging or production "
            "(or leave it unset for testing)"
        )
    return env


def use_aws() -> bool:
    """True when calls go to live AWS, False when they go to the local sandbox.

    Node's rule (src/lib/use-aws): `testing` is always local; `staging` or `production`
    inside the sandbox (`ARC_SANDBOX` set) is local unless `ARC_LOCAL` asks for live AWS;
    everything else is AWS. Read on every call, so tests can switch modes.
    """
    env = arc_env()
    if env == "testing":
        return False
    return not (os.environ.get("ARC_SANDBOX") and not os.environ.get("ARC_LOCAL"))
