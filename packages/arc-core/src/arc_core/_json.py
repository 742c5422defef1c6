"""JSON text byte-identical to Node's `JSON.stringify`.

Node prints `{"ok":true}` where `json.dumps` prints `{"ok": true}`, keeps non-ASCII
characters, writes numbers in JavaScript's notation (`1` for `1.0`, `0.00001` for
`1e-05`) and turns NaN and Infinity into `null`. Response bodies, session payloads and
published messages all go through `dumps`, so Python and Node functions of one app emit
the same bytes.

The common case stays on the C encoder: one pass over the value turns floats and
Decimals into values the C encoder prints the JavaScript way (integral floats into
ints), and copies only the containers it changes. Numbers whose JavaScript text Python
cannot print (magnitudes below 1e-4) send the whole value through a small pure-Python
encoder instead.
"""

from __future__ import annotations

import json
import math
import re
import sys
from collections.abc import Mapping
from typing import Any

__all__ = ["dumps", "js_number"]

# Floats at or above 2**53 may not be exact integers in JavaScript's shortest form.
_EXACT_INT_LIMIT = 2.0**53
# Number::toString switches to exponent notation at 1e21 (ECMA-262, Number::toString).
_JS_FIXED_LIMIT = 1e21
# Below this magnitude repr() uses exponent notation ("1e-05") where JavaScript may not.
_REPR_FIXED_FLOOR = 1e-4
# Keys JavaScript treats as array indices (ECMA-262: below 2**32 - 1), listed first.
_ARRAY_INDEX_LIMIT = 2**32 - 1
# Digits in the largest array index, 4294967294: a longer key is never one.
_ARRAY_INDEX_DIGITS = len(str(_ARRAY_INDEX_LIMIT - 1))
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
_ENCODE = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode


# Values the C encoder already prints as JavaScript does: no need to look inside.
_PLAIN = frozenset({str, int, bool, type(None)})


class _NeedsJsText(Exception):
    """A number whose JavaScript text the C encoder cannot print."""


def js_number(value: float) -> str:
    """Return JavaScript's `String(value)` for a float: `1.0` -> `'1'`, `1e-05` -> `'0.00001'`.

    NaN and the infinities give `'null'`, as they do inside `JSON.stringify`.
    """
    if math.isnan(value) or math.isinf(value):
        return "null"
    if value == 0:
        return "0"
    text = repr(abs(value))
    mantissa, _, exponent = text.partition("e")
    whole, _, fraction = mantissa.partition(".")
    digits = (whole + fraction).lstrip("0")
    # `point` is where the decimal point sits relative to `digits` (ECMA-262's n).
    point = len(whole) + int(exponent or 0) - (len(whole + fraction) - len(digits))
    digits = digits.rstrip("0")
    count = len(digits)
    if count <= point <= 21:
        body = digits + "0" * (point - count)
    elif 0 < point <= 21:
        body = digits[:point] + "." + digits[point:]
    elif -6 < point <= 0:
        body = "0." + "0" * -point + digits
    else:
        power = point - 1
        sign = "+" if power >= 0 else "-"
        head = digits if count == 1 else digits[0] + "." + digits[1:]
        body = f"{head}e{sign}{abs(power)}"
    return "-" + body if value < 0 else body


def _js_float(value: float) -> Any:
    if math.isnan(value) or math.isinf(value):
        return None
    if value.is_integer() and abs(value) < _JS_FIXED_LIMIT:
        if abs(value) < _EXACT_INT_LIMIT:
            return int(value)
        return int(js_number(value))
    if abs(value) >= _REPR_FIXED_FLOOR:
        return value
    raise _NeedsJsText


def _js_decimal(value: Any) -> Any:
    if not value.is_finite():
        return None
    if value == value.to_integral_value():
        return int(value)
    return _js_float(float(value))


def _prepare(value: Any) -> Any:
    """Return `value` with every number in the form the C encoder prints as JavaScript does."""
    kind = type(value)
    if kind is str or kind is int or kind is bool or value is None:
        return value
    if kind is float:
        return _js_float(value)
    if kind is dict or isinstance(value, Mapping):
        changed: dict[Any, Any] | None = None
        indexed = False
        for key, item in value.items():
            if not indexed and type(key) is str and key.isdigit():
                indexed = _is_array_index(key)
            if type(item) in _PLAIN:
                continue
            ready = _prepare(item)
            if ready is not item:
                if changed is None:
                    changed = dict(value)
                changed[key] = ready
        result = value if changed is None else changed
        if indexed:
            return _in_javascript_key_order(result)
        return dict(result) if kind is not dict else result
    if kind is list or kind is tuple:
        copied: list[Any] | None = None
        for index, item in enumerate(value):
            if type(item) in _PLAIN:
                continue
            ready = _prepare(item)
            if ready is not item:
                if copied is None:
                    copied = list(value)
                copied[index] = ready
        return value if copied is None else copied
    decimal = sys.modules.get("decimal")
    if decimal is not None and isinstance(value, decimal.Decimal):
        return _js_decimal(value)
    if isinstance(value, float):
        return _js_float(float(value))
    return value


def _is_array_index(key: str) -> bool:
    """True for a key of decimal digits JavaScript lists first: its canonical form
    (no leading zero) of an integer below 2**32 - 1.

    The length is checked before `int()`, which refuses keys past 4300 digits.
    """
    return (
        len(key) <= _ARRAY_INDEX_DIGITS
        and key.isascii()
        and (key == "0" or key[0] != "0")
        and int(key) < _ARRAY_INDEX_LIMIT
    )


def _in_javascript_key_order(value: Mapping[Any, Any]) -> dict[Any, Any]:
    """JavaScript objects list array-index keys first, in ascending numeric order."""
    indices = sorted(
        (key for key in value if type(key) is str and key.isdigit() and _is_array_index(key)),
        key=int,
    )
    ordered = {key: value[key] for key in indices}
    ordered.update((key, item) for key, item in value.items() if key not in ordered)
    return ordered


def _slow(value: Any) -> str:
    """Encode `value` in full JavaScript notation; used only when `_prepare` cannot."""
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return _ENCODE(value)
    if isinstance(value, int):
        return str(int(value))
    if isinstance(value, float):
        return js_number(value)
    decimal = sys.modules.get("decimal")
    if decimal is not None and isinstance(value, decimal.Decimal):
        if value.is_finite() and value == value.to_integral_value():
            return str(int(value))
        return js_number(float(value))
    if isinstance(value, Mapping):
        ordered = _in_javascript_key_order(value)
        members = (f"{_ENCODE(_key(key))}:{_slow(item)}" for key, item in ordered.items())
        return "{" + ",".join(members) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ",".join(_slow(item) for item in value) + "]"
    return _ENCODE(value)  # raises TypeError naming the type


def _key(key: Any) -> str:
    if isinstance(key, str):
        return key
    if isinstance(key, float):
        return js_number(key)
    return _ENCODE(key).strip('"')


def dumps(value: Any) -> str:
    """Serialise `value` exactly as Node's `JSON.stringify` would.

    Compact separators, non-ASCII kept, lone surrogates escaped, JavaScript number
    notation, NaN/Infinity as `null`, `Decimal` as a number (integral ones exactly).
    Raises `TypeError` for values JSON cannot hold (bytes, sets, datetimes).

    >>> dumps({"ok": True, "n": 1.0, "name": "café"})
    '{"ok":true,"n":1,"name":"café"}'
    """
    try:
        text = _ENCODE(_prepare(value))
    except _NeedsJsText:
        text = _slow(value)
    if not text.isascii() and _LONE_SURROGATE.search(text):
        text = _LONE_SURROGATE.sub(lambda match: f"\\u{ord(match.group()):04x}", text)
    return text
