"""arc_http: the HTTP part of the arc runtime library (filled in by its own issue)."""

from __future__ import annotations

import arc_core as _arc_core  # noqa: F401  (checks ARC_ENV and the sandbox version on import)

__all__: list[str] = []
