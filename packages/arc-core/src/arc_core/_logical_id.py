"""Architect's logical IDs (`arc-app-testing` -> `ArcAppTesting`), as Node computes them."""

from __future__ import annotations

import re

__all__ = ["to_logical_id"]

# JavaScript's \w and \W are ASCII-only, and its `$` never matches before a final
# newline: re.ASCII and \Z give Python the same semantics.
_UPPER = re.compile(r"([A-Z])")
_EDGES = re.compile(r"^[\W_]+|[\W_]+\Z", re.ASCII)
_GAPS = re.compile(r"[\W_]+(\w|\Z)", re.ASCII)


def to_logical_id(name: str) -> str:
    """Return Architect's logical ID for `name`, byte for byte what Node returns.

    The SSM root of an app is `/` + `to_logical_id(f"{app}-{env}")`.

    >>> to_logical_id("arc-app-testing")
    'ArcAppTesting'
    >>> to_logical_id("café-testing")
    'CafTesting'
    """
    spaced = _UPPER.sub(r" \1", name)
    # Node tests `str.length`, which counts UTF-16 code units.
    if len(spaced.encode("utf-16-le")) == 2:
        return spaced.upper()
    trimmed = _EDGES.sub("", spaced).lower()
    capitalised = trimmed[:1].upper() + trimmed[1:]
    logical = _GAPS.sub(lambda match: match.group(1).upper(), capitalised)
    return "GetIndex" if logical == "Get" else logical
