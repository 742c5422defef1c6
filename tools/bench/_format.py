"""How figures are written in the tables: as many decimals as their size deserves."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__all__ = ["DASH", "TIMES", "number", "ranged"]

# Written as escapes: ruff would take the characters for look-alikes of x and -.
TIMES = "\u00d7"
DASH = "\u2013"


def number(value: float) -> str:
    """`1234` for 1234.4, `12.3` for 12.34, `1.23`, `0.123`."""
    size = abs(value)
    if size >= 100:
        return f"{value:.0f}"
    if size >= 10:
        return f"{value:.1f}"
    if size >= 1:
        return f"{value:.2f}"
    return f"{value:.3f}"


def ranged(summary: Mapping[str, Any] | None, suffix: str = "") -> str:
    """`median (min to max)` of a summary, or an empty cell without one."""
    if not summary:
        return ""
    median, low, high = summary["median"], summary["min"], summary["max"]
    return f"{number(median)}{suffix} ({number(low)}{DASH}{number(high)})"
