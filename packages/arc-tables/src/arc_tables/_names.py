"""Logical @tables names to physical DynamoDB table names, through the service map."""

from __future__ import annotations

from ._errors import UnknownTableError

__all__ = ["clear_cache", "known_tables", "name"]


def clear_cache() -> None:
    """Forget every per-process cache, the tables' clients included (`arc_core.clear_caches`)."""
    from arc_core import clear_caches

    clear_caches()


def known_tables() -> dict[str, str]:
    """The app's tables as `{logical: physical}`, from the cached service map."""
    from collections.abc import Mapping

    from arc_services import services

    tables = services().get("tables")
    if not isinstance(tables, Mapping):
        return {}
    return {logical: physical for logical, physical in tables.items() if isinstance(physical, str)}


def name(logical: str) -> str:
    """Return the physical DynamoDB table name of the @tables entry `logical`.

    Read from the service map (`/<stack>/tables/<logical>` in SSM, or the sandbox's),
    which is fetched once per process. Raises `UnknownTableError` listing the app's
    tables when there is no such entry, and what `arc_services.services()` raises when
    the map cannot be read.

    >>> name("notes")  # doctest: +SKIP
    'myapp-staging-notes'
    """
    from collections.abc import Mapping

    from arc_services import services

    tables = services().get("tables")
    physical = tables.get(logical) if isinstance(tables, Mapping) else None
    if isinstance(physical, str):
        return physical
    from arc_core import stack_name

    raise UnknownTableError(
        "table",
        logical,
        list(known_tables()),
        f"declare it under @tables in app.arc, or check the name; the names come from the "
        f"SSM parameters /{stack_name()}/tables/*",
    )
