"""Per-process caches: one environment fingerprint, one `clear_caches()`.

Everything worth keeping between invocations of a warm Lambda (the service map, the
tables clients, the endpoints and credentials of AWS calls, boto3 clients, the sandbox's
ports, the session table's name) is kept in a cache made here and keyed by
`fingerprint()`: the environment variables that decide where calls go. A test or script
that changes one of them gets fresh entries without clearing anything; `clear_caches()`
forgets them all at once. What a cache hands out is read-only or a copy.
"""

from __future__ import annotations

from ._env import env_values

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

__all__ = [
    "FINGERPRINT_VARIABLES",
    "clear_caches",
    "fingerprint",
    "on_clear",
    "process_cache",
    "read_only",
]

# The variables that decide where the library's calls go and what they find there.
FINGERPRINT_VARIABLES = (
    "ARC_ENV",
    "ARC_SANDBOX",
    "ARC_LOCAL",
    "ARC_INTERNAL_PORT",
    "ARC_STACK_NAME",
    "ARC_APP_NAME",
    "ARC_WSS_URL",
    "AWS_REGION",
    "AWS_DEFAULT_REGION",
    "AWS_ENDPOINT_URL",
    "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS",
    "AWS_USE_FIPS_ENDPOINT",
    "AWS_USE_DUALSTACK_ENDPOINT",
)

_clearers: list[Callable[[], None]] = []


def fingerprint(*extra: str) -> tuple[str | None, ...]:
    """The values of `FINGERPRINT_VARIABLES` (and of `extra` names) now: a cache key.

    >>> fingerprint() == fingerprint()
    True
    """
    return env_values((*FINGERPRINT_VARIABLES, *extra))


def process_cache() -> dict[Any, Any]:
    """A new dict that lives for the process and is emptied by `clear_caches()`."""
    cache: dict[Any, Any] = {}
    _clearers.append(cache.clear)
    return cache


def on_clear(clear: Callable[[], None]) -> None:
    """Have `clear_caches()` call `clear` too (for caches that are not plain dicts)."""
    _clearers.append(clear)


def read_only(value: Any) -> Any:
    """`value` as a cache may hand it out: dicts as read-only views, lists as tuples, deep.

    >>> read_only({"tables": {"notes": "x"}})["tables"]["notes"]
    'x'
    """
    if isinstance(value, dict):
        from types import MappingProxyType

        return MappingProxyType({key: read_only(member) for key, member in value.items()})
    if isinstance(value, list):
        return tuple(read_only(member) for member in value)
    return value


def clear_caches() -> None:
    """Forget every per-process cache of every arc package imported so far.

    The service map, AWS endpoints, credentials and kept-alive connections, boto3
    clients, the tables data layer's clients and `Table` resources, the sandbox's ports
    and the session table's name. The next call works them out afresh. Needed only
    when something other than the environment changed (a sandbox restarted on the same
    ports, new SSM parameters): a changed variable gets fresh entries by itself.

    >>> clear_caches()
    """
    for clear in tuple(_clearers):
        clear()
