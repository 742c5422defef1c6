"""arc_example: replace with what this package holds, in one line."""

from __future__ import annotations

import arc_core as _arc_core  # noqa: F401  (checks ARC_ENV and the sandbox version on import)

__all__: list[str] = []
