"""JavaScript's truthiness: Node's library decides what a response key means with it."""

from __future__ import annotations

import sys
from typing import Any

__all__ = ["js_truthy"]


def js_truthy(value: Any) -> bool:
    """True when JavaScript would treat `value` as true.

    Python calls `{}`, `[]` and `b""` false; JavaScript calls every object true. Node
    tests response keys with `if (params.json)` and `params.status || params.code`, so
    `{"json": {}}` sends `{}` and `{"session": {}}` writes an empty session: the same
    holds here. `None`, `False`, `0`, `NaN` and `""` are false, everything else true.
    """
    kind = type(value)
    if kind is str or kind is bool:
        return bool(value)
    if kind is dict or kind is list:
        return True
    if value is None:
        return False
    if kind is int or kind is float or isinstance(value, (str, int, float)):
        # NaN is the one number not equal to itself; JavaScript counts it false.
        return bool(value) and bool(value == value)
    decimal = sys.modules.get("decimal")
    if decimal is not None and isinstance(value, decimal.Decimal):
        return not (bool(value.is_zero()) or bool(value.is_nan()))
    return True
