"""JavaScript's `Number()`, `trim()` and `Buffer.from()`, where Node's session code leans on them.

Node reads `ARC_SESSION_TTL` with `Number()` (so ` 60 `, `1e3` and `0x10` are valid
Max-Ages) and checks a token's `iat` and `exp` with `Number()` too; it finds the `_idx`
cookie after `String.prototype.trim()`, and turns secrets into key bytes with
`Buffer.from()`. Python's `float()`, `str.strip()` and `str.encode()` accept, strip and
refuse different things, so these helpers follow ECMA-262 and Node instead.
"""

from __future__ import annotations

import math
import re
from typing import Any

__all__ = ["JS_WHITESPACE", "string_to_number", "to_number"]

# ECMA-262 WhiteSpace and LineTerminator: what trim() and Number() strip.
JS_WHITESPACE = (
    "\t\n\v\f\r \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008"
    "\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
)
# ECMA-262 StrDecimalLiteral; `float()` would also take `1_000`, `inf` and `nan`.
_DECIMAL = re.compile(r"[+-]?(?:Infinity|(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?)")
# ECMA-262 NonDecimalIntegerLiteral (no sign allowed) and each one's base.
_NON_DECIMAL = re.compile(r"0(?:[xX][0-9a-fA-F]+|[oO][0-7]+|[bB][01]+)")
_BASES = {"x": 16, "o": 8, "b": 2}


def string_to_number(text: str) -> float:
    """Return JavaScript's `Number(text)`: NaN when the text is not a number.

    >>> string_to_number(" 0x10 ")
    16.0
    """
    text = text.strip(JS_WHITESPACE)
    if not text:
        return 0.0
    if _DECIMAL.fullmatch(text):
        return float(text.replace("Infinity", "inf"))
    if _NON_DECIMAL.fullmatch(text):
        return _as_float(int(text[2:], _BASES[text[1].lower()]))
    return math.nan


def to_number(value: Any) -> float:
    """Return JavaScript's `Number(value)` for a value parsed from JSON.

    >>> to_number(["12"])
    12.0
    """
    kind = type(value)
    if kind is int or kind is float:
        return _as_float(value)
    if value is None:
        return 0.0
    if isinstance(value, bool):
        return float(value)
    if isinstance(value, (int, float)):
        return _as_float(value)
    if isinstance(value, str):
        return string_to_number(value)
    if isinstance(value, list):
        return string_to_number(_to_string(value))
    return math.nan


def _as_float(value: float) -> float:
    try:
        return float(value)
    except OverflowError:
        return math.inf if value > 0 else -math.inf


def _to_string(value: Any) -> str:
    """JavaScript's `String(value)`, as far as `Number()` of an array can tell."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            return "NaN" if math.isnan(value) else "Infinity" if value > 0 else "-Infinity"
        from arc_core import js_number

        return js_number(value)
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        return ",".join(_to_string(item) for item in value)
    return "[object Object]"
