"""The error arc_tables raises for a table the app does not declare."""

from __future__ import annotations

from arc_core import UnknownResourceError

__all__ = ["UnknownTableError"]


class UnknownTableError(UnknownResourceError, AttributeError):
    """No table of that logical name in the app; `known` lists the tables it has.

    arc_core's `UnknownResourceError` for tables (so a `ConfigError` and a
    `LookupError`, as for an unknown event or queue), and also an `AttributeError`, so
    `getattr(client(), "notes", None)` and `hasattr` behave.
    """


UnknownTableError.__module__ = "arc_tables"
