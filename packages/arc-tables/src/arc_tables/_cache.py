"""What arc_tables keeps per process, and `clear_cache()` to forget it."""

from __future__ import annotations

# `typing` costs milliseconds to import; type checkers treat any TYPE_CHECKING as True.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from ._client import TablesClient

__all__ = ["clear_cache", "clients", "tables"]

# Both are keyed like the service map they rely on: (on AWS or not, stack name, ...).
clients: dict[tuple[str, bool, str], TablesClient] = {}
tables: dict[tuple[bool, str, str], Any] = {}


def clear_cache() -> None:
    """Forget the data-layer clients and `Table` resources made so far.

    They are made once per process, keyed by the stack and by local-or-AWS; call this
    (with `arc_services.clear_cache()`) after changing the environment in some other
    way, e.g. pointing `ARC_SANDBOX` at another sandbox in a test.

    >>> clear_cache()
    """
    clients.clear()
    tables.clear()
