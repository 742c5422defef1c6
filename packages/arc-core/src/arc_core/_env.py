"""What the environment says: `ARC_ENV`, local or AWS, and Node's empty-means-unset rule."""

from __future__ import annotations

import os

from ._errors import ConfigError

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable

__all__ = [
    "DEPLOYED",
    "ENVIRONMENTS",
    "arc_env",
    "env_value",
    "env_values",
    "is_deployed",
    "use_aws",
]

# The three values Node's @architect/functions accepts for ARC_ENV (src/index.js).
ENVIRONMENTS = ("testing", "staging", "production")
# The environments of a deployed app, where secrets must be the app's own.
DEPLOYED = ("staging", "production")
# The class of `os.environ` as Python makes it, whose encoded store can be read directly.
_Environ = type(os.environ)


def env_values(names: tuple[str, ...]) -> tuple[str | None, ...]:
    """The values of `names` at this moment, each None when unset or empty (Node's `||`).

    Settings are read afresh on every call, as Node reads `process.env`, so tests and
    scripts can change them; this is the fast way to read several at once.

    >>> env_values(("ARC_ENV", "ARC_SESSION_TTL"))  # doctest: +SKIP
    ('staging', None)
    """
    environ = os.environ  # as it is now: a test may have replaced the mapping
    if type(environ) is not _Environ:
        return tuple(environ.get(name) or None for name in names)
    # `os.environ.get` raises and catches a KeyError for every unset name (about 2 us
    # each), and most settings read per call are unset; the encoded store that every
    # `os.environ[...] = ...` updates costs one dict lookup per name.
    encoded: dict[bytes, bytes] = environ._data  # type: ignore[attr-defined]
    decode: Callable[[bytes], str] = environ.decodevalue  # type: ignore[assignment]
    encode: Callable[[str], bytes] = environ.encodekey  # type: ignore[assignment]
    return tuple(decode(raw) if raw else None for raw in map(encoded.get, map(encode, names)))


def env_value(*names: str) -> str | None:
    """Return the first of the environment variables `names` that is set and not empty.

    Node reads settings as `process.env.A || process.env.B`, so an empty string counts
    as unset; this keeps that rule in one place.

    >>> env_value("ARC_SESSION_TTL", "SESSION_TTL")  # doctest: +SKIP
    '3600'
    """
    for value in env_values(names):
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


def is_deployed() -> bool:
    """True when `ARC_ENV` is `staging` or `production` (see `arc_env`), in or out of a sandbox."""
    return arc_env() in DEPLOYED


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
