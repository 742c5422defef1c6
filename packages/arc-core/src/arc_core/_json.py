"""JSON text byte-identical to Node's `JSON.stringify`.

Node prints `{"ok":true}` where `json.dumps` prints `{"ok": true}`, keeps non-ASCII
characters, writes numbers in JavaScript's notation (`1` for `1.0`, `0.00001` for
`1e-05`) and turns NaN and Infinity into `null`. Response bodies, session payloads and
published messages all go through `dumps`, so Python and Node functions of one app emit
the same bytes.

Python values JavaScript has no literal for are written as JavaScript would see them:
a tuple (a namedtuple too) is an array, a Decimal a number. Dict keys become the text
JavaScript makes of a property key: `1` and `1.0` give `"1"`, `True` `"true"`, `None`
`"null"`, NaN `"NaN"`; keys JavaScript treats as array indices come first, in numeric
order. Two keys that become the same text (`{1: "a", "1": "b"}`) are one property, as in
a JavaScript object literal: the later value, at the place of the first.

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
# Ints of up to this many digits are written whatever sys.set_int_max_str_digits says:
# the lowest limit it accepts (sys.int_info.str_digits_check_threshold).
_ALWAYS_WRITABLE_DIGITS = 640
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


def _decimal_int(value: Any) -> int:
    """An integral Decimal as an int, refused before it is expanded when its text would be
    longer than Python writes an int (`int()` of `Decimal("1E+1000000")` alone takes half
    a minute)."""
    if value.adjusted() < _ALWAYS_WRITABLE_DIGITS:
        return int(value)
    limit = _int_digit_limit()
    digits = value.adjusted() + 1
    if limit and digits > limit:
        raise ValueError(
            f"a Decimal of {digits} integer digits exceeds the limit ({limit} digits) for "
            "integer string conversion; use sys.set_int_max_str_digits() to increase the limit"
        )
    return int(value)


def _int_digit_limit() -> int:
    """Python's limit on the digits of an int written as text (0: none; 4300 by default)."""
    get_limit = getattr(sys, "get_int_max_str_digits", None)
    return 0 if get_limit is None else int(get_limit())


def _js_decimal(value: Any) -> Any:
    if not value.is_finite():
        return None
    if value == value.to_integral_value():
        return _decimal_int(value)
    return _js_float(float(value))


def _prepare(value: Any) -> Any:
    """Return `value` with every number in the form the C encoder prints as JavaScript does,
    and every key the text JavaScript makes of it."""
    kind = type(value)
    if kind is str or kind is int or kind is bool or value is None:
        return value
    if kind is float:
        return _js_float(value)
    if kind is dict or isinstance(value, Mapping):
        changed: dict[Any, Any] | None = None
        indexed = keyed = False
        for key, item in value.items():
            if type(key) is not str:
                keyed = True
            elif not indexed and key.isdigit():
                indexed = _is_array_index(key)
            if type(item) in _PLAIN:
                continue
            ready = _prepare(item)
            if ready is not item:
                if changed is None:
                    changed = dict(value)
                changed[key] = ready
        result = value if changed is None else changed
        if keyed:
            return _in_javascript_key_order(_js_keys(result))
        if indexed:
            return _in_javascript_key_order(result)
        return dict(result) if kind is not dict else result
    if kind is list or kind is tuple:
        return _prepare_items(value)
    decimal = sys.modules.get("decimal")
    if decimal is not None and isinstance(value, decimal.Decimal):
        return _js_decimal(value)
    if isinstance(value, float):
        return _js_float(float(value))
    if isinstance(value, (list, tuple)):
        # A namedtuple or another subclass: an array, as the C encoder writes it.
        return _prepare_items(value)
    return value


def _prepare_items(value: list[Any] | tuple[Any, ...]) -> Any:
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


def _js_keys(value: Mapping[Any, Any]) -> dict[str, Any]:
    """`value` with every key the text JavaScript makes of it.

    Keys that become the same text are one property, as in a JavaScript object literal:
    the later value, at the place of the first (which is what assigning into a dict does).
    """
    keyed: dict[str, Any] = {}
    for key, item in value.items():
        keyed[key if type(key) is str else _key(key)] = item
    return keyed


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
            return str(_decimal_int(value))
        return js_number(float(value))
    if isinstance(value, Mapping):
        ordered = _in_javascript_key_order(_js_keys(value))
        members = (f"{_ENCODE(key)}:{_slow(item)}" for key, item in ordered.items())
        return "{" + ",".join(members) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ",".join(_slow(item) for item in value) + "]"
    return _ENCODE(value)  # raises TypeError naming the type


def _key(key: Any) -> str:
    """The text JavaScript makes of a property key: `String(key)` of the number, `"true"`,
    `"null"`. Ints are written exactly, as values are."""
    if isinstance(key, str):
        return str.__str__(key)
    if key is None or isinstance(key, bool):
        return "null" if key is None else ("true" if key else "false")
    if isinstance(key, int):
        return int.__repr__(key)
    if isinstance(key, float):
        return _number_key(float(key))
    decimal = sys.modules.get("decimal")
    if decimal is not None and isinstance(key, decimal.Decimal):
        if key.is_nan():
            return "NaN"
        if key.is_infinite():
            return "-Infinity" if key.is_signed() else "Infinity"
        if key == key.to_integral_value():
            return str(_decimal_int(key))
        return _number_key(float(key))
    raise TypeError(
        f"keys must be str, int, float, Decimal, bool or None, not {type(key).__name__}"
    )


def _number_key(value: float) -> str:
    """JavaScript's `String(value)`: where JSON writes NaN and the infinities as null, a key
    is `"NaN"`, `"Infinity"` or `"-Infinity"`."""
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    return js_number(value)


def dumps(value: Any) -> str:
    """Serialise `value` exactly as Node's `JSON.stringify` would.

    Compact separators, non-ASCII kept, lone surrogates escaped, JavaScript number
    notation, NaN/Infinity as `null`, `Decimal` as a number (integral ones exactly, as
    ints are), tuples and namedtuples as arrays. Dict keys are written as JavaScript
    would make them text (`{2: "a", 1.0: "b"}` gives `{"1":"b","2":"a"}`); two that
    become the same text are one property holding the later value, in the first one's
    place. Raises `TypeError` for values JSON cannot hold (bytes, sets, datetimes, a key
    that is not text, a number, a bool or None) and `ValueError` for an int, or an
    integral Decimal, of more than 4300 digits (Python's limit on writing ints as text,
    `sys.set_int_max_str_digits`).

    >>> dumps({"ok": True, "n": 1.0, "name": "café"})
    '{"ok":true,"n":1,"name":"café"}'
    """
    try:
        try:
            text = _ENCODE(_prepare(value))
        except _NeedsJsText:
            text = _slow(value)
    except ValueError as err:
        # Python's own words for an int too long to write differ from version to version.
        if "integer string conversion" not in str(err) or "Decimal" in str(err):
            raise
        limit = _int_digit_limit()
        raise ValueError(
            f"an int of more than {limit} digits exceeds the limit ({limit} digits) for "
            "integer string conversion; use sys.set_int_max_str_digits() to increase the limit"
        ) from err
    if not text.isascii() and _LONE_SURROGATE.search(text):
        text = _LONE_SURROGATE.sub(lambda match: f"\\u{ord(match.group()):04x}", text)
    return text
