"""Medians with their spread, and ratios paired within one round.

The machine is shared and small, so one sample means little. Every figure is the median
of repeated rounds with the min-max beside it, and every comparison is made round by
round (this round's cost over this round's floor) before taking the median: a burst of
load from a neighbour then shifts both sides of a ratio instead of one.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["Spread", "differences", "ratios", "spread"]


@dataclass(frozen=True)
class Spread:
    """The median of some samples and their extremes."""

    median: float
    low: float
    high: float
    n: int

    def scaled(self, factor: float) -> Spread:
        """The same spread in another unit (seconds to milliseconds, say)."""
        return Spread(self.median * factor, self.low * factor, self.high * factor, self.n)

    def as_dict(self) -> dict[str, float | int]:
        return {"median": self.median, "min": self.low, "max": self.high, "n": self.n}


def spread(samples: Sequence[float]) -> Spread:
    """Median, min and max of `samples`; raises ValueError when there are none."""
    if not samples:
        raise ValueError("no samples")
    return Spread(statistics.median(samples), min(samples), max(samples), len(samples))


def _paired(left: Sequence[float], right: Sequence[float]) -> None:
    if len(left) != len(right):
        raise ValueError(f"paired samples differ in length: {len(left)} and {len(right)}")


def differences(samples: Sequence[float], floors: Sequence[float]) -> Spread:
    """Round-by-round `sample - floor`: what a thing costs over its floor."""
    _paired(samples, floors)
    return spread([s - f for s, f in zip(samples, floors, strict=True)])


def ratios(samples: Sequence[float], floors: Sequence[float]) -> Spread:
    """Round-by-round `sample / floor`: how many floors a thing costs."""
    _paired(samples, floors)
    return spread([s / f for s, f in zip(samples, floors, strict=True) if f > 0])
