"""The error arc_tables raises for a table the app does not declare."""

from __future__ import annotations

from arc_core import ConfigError

__all__ = ["UnknownTableError"]


class UnknownTableError(ConfigError, LookupError, AttributeError):
    """No table of that logical name in the app; the message lists the tables it has.

    A `ConfigError` (and so an `ArcError`), and also a `LookupError` and an
    `AttributeError`, so `getattr(client(), "notes", None)` and `hasattr` behave.
    """
