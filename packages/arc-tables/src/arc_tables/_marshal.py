"""DynamoDB's typed attribute values (`{"N": "1.5"}`) to Python values and back.

Reading gives numbers as Node's data layer does, plain: integers as `int` (exactly,
however large), everything else as `float`; or, on request, boto3's `Decimal`. Writing
takes `int`, `float` and `Decimal` alike: a float is stored as its `repr`, the shortest
text that reads back as the same float, so nothing is rounded on the way in.
"""

from __future__ import annotations

import sys

from arc_core import ServiceError

# `typing` costs milliseconds to import; type checkers treat any TYPE_CHECKING as True.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Mapping
    from decimal import Decimal
    from typing import Any

    Item = dict[str, Any]
    Loader = Callable[[Mapping[str, Any]], Item]

__all__ = [
    "decimals_to_numbers",
    "dump_item",
    "floats_to_decimals",
    "item_loader",
]

_STORABLE = "str, int, float, Decimal, bool, None, bytes, list, tuple, dict or set"


def _decimal_class() -> type[Decimal]:
    from decimal import Decimal

    return Decimal


def plain_number(text: str) -> int | float:
    """DynamoDB's number text as JavaScript would hold it, integers kept exact."""
    try:
        return int(text)
    except ValueError:
        pass
    exact = _decimal_class()(text)
    if exact == exact.to_integral_value():
        return int(exact)
    return float(text)


def decimal_number(text: str) -> Decimal:
    """DynamoDB's number text as boto3 gives it: an exact `Decimal`."""
    return _decimal_class()(text)


def binary(value: str | bytes) -> bytes:
    """A `B` value as bytes: base64 text on the wire, bytes already through boto3."""
    if isinstance(value, str):
        import base64

        return base64.b64decode(value)
    return value


def item_loader(*, decimals: bool) -> Loader:
    """A function turning one item in DynamoDB's typed form into plain Python values."""
    number: Callable[[str], Any] = decimal_number if decimals else plain_number

    def load(attribute: Mapping[str, Any]) -> Any:
        for tag, value in attribute.items():
            if tag == "S":
                return value
            if tag == "N":
                return number(value)
            if tag == "M":
                return {key: load(member) for key, member in value.items()}
            if tag == "L":
                return [load(member) for member in value]
            if tag == "BOOL":
                return value
            if tag == "B":
                return binary(value)
            if tag == "NULL":
                return None
            if tag == "SS":
                return set(value)
            if tag == "BS":
                return {binary(member) for member in value}
            if tag == "NS":
                return {number(member) for member in value}
        raise ServiceError(f"DynamoDB returned an attribute value of unknown type: {attribute!r}")

    def load_item(item: Mapping[str, Any]) -> Item:
        return {key: load(value) for key, value in item.items()}

    return load_item


# What repr() gives for the floats DynamoDB cannot store.
_NOT_FINITE = ("inf", "-inf", "nan")


def _float_text(value: float) -> str:
    text = repr(value)
    if text in _NOT_FINITE:
        raise ValueError(f"DynamoDB cannot store {text}: numbers must be finite")
    # repr writes exponents as `1e-05`; DynamoDB's own form (and boto3's) is `1E-5`.
    return str(_decimal_class()(text)) if "e" in text else text


def _decimal_text(value: Decimal) -> str:
    if not value.is_finite():
        raise ValueError(f"DynamoDB cannot store {value!r}: numbers must be finite")
    return str(value)


def _number_text(value: Any) -> str | None:
    """The text DynamoDB stores for a number, or None when `value` is not a number."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return str(int(value))
    if isinstance(value, float):
        return _float_text(float(value))
    decimal = sys.modules.get("decimal")
    if decimal is not None and isinstance(value, decimal.Decimal):
        return _decimal_text(value)
    return None


def _bytes_value(value: Any) -> bytes | None:
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value)
    # boto3's own wrapper, for values read through `table()` and written back here.
    types = sys.modules.get("boto3.dynamodb.types")
    if types is not None and isinstance(value, types.Binary):
        return bytes(value.value)
    return None


def dump_value(value: Any) -> dict[str, Any]:
    """One Python value in DynamoDB's typed form; raises TypeError or ValueError if unstorable."""
    kind = type(value)
    if kind is str:
        return {"S": value}
    if kind is int:
        return {"N": str(value)}
    if kind is float:
        return {"N": _float_text(value)}
    if kind is dict:
        return {"M": {key: dump_value(member) for key, member in value.items()}}
    if kind is bool:
        return {"BOOL": value}
    if value is None:
        return {"NULL": True}
    if kind is list or kind is tuple:
        return {"L": [dump_value(member) for member in value]}
    return _dump_other(value)


def _dump_other(value: Any) -> dict[str, Any]:
    from collections.abc import Mapping

    if isinstance(value, bool):
        return {"BOOL": bool(value)}
    number = _number_text(value)
    if number is not None:
        return {"N": number}
    if isinstance(value, str):
        return {"S": str(value)}
    binary = _bytes_value(value)
    if binary is not None:
        return {"B": binary}
    if isinstance(value, Mapping):
        return {"M": {key: dump_value(member) for key, member in value.items()}}
    if isinstance(value, (list, tuple)):
        return {"L": [dump_value(member) for member in value]}
    if isinstance(value, (set, frozenset)):
        return _dump_set(value)
    raise TypeError(f"DynamoDB cannot store a {type(value).__name__}: use {_STORABLE}")


def _dump_set(members: set[Any] | frozenset[Any]) -> dict[str, Any]:
    if not members:
        raise ValueError("DynamoDB cannot store an empty set: leave the attribute out instead")
    if all(isinstance(member, str) for member in members):
        return {"SS": list(members)}
    numbers = [_number_text(member) for member in members]
    if None not in numbers:
        return {"NS": numbers}
    binaries = [_bytes_value(member) for member in members]
    if None not in binaries:
        return {"BS": binaries}
    raise TypeError(
        "DynamoDB sets hold strings only, numbers only or bytes only: "
        f"{sorted({type(member).__name__ for member in members})} are mixed"
    )


def dump_item(item: Mapping[str, Any], field: str = "Item") -> Item:
    """A map of attribute names to Python values in DynamoDB's typed form.

    Raises `TypeError` naming `field` when `item` is not a mapping.
    """
    if not isinstance(item, dict):
        from collections.abc import Mapping

        if not isinstance(item, Mapping):
            raise TypeError(
                f"{field} must be a dict of attribute names to values, not {type(item).__name__}"
            )
    return {key: dump_value(value) for key, value in item.items()}


def floats_to_decimals(value: Any) -> Any:
    """Return `value` with every float, however deeply nested, as an exact `Decimal`.

    boto3's `Table` refuses floats; this makes a value written through `table()` store
    the same number the data layer would (the float's `repr`). Lists, tuples, dicts and
    sets are copied; everything else is returned as is. Raises `ValueError` for NaN or
    an infinity, which DynamoDB cannot store.

    >>> floats_to_decimals({"price": 9.99, "tags": [0.5]})
    {'price': Decimal('9.99'), 'tags': [Decimal('0.5')]}
    """
    if isinstance(value, float):
        return _decimal_class()(_float_text(value))
    return _map_containers(value, floats_to_decimals)


def decimals_to_numbers(value: Any) -> Any:
    """Return `value` with every `Decimal` as an `int` (when integral) or a `float`.

    The data layer's number rule for values read through boto3's `table()`, so they go
    straight into `json.dumps`. Lists, tuples, dicts and sets are copied.

    >>> from decimal import Decimal
    >>> decimals_to_numbers({"stars": Decimal("5"), "price": Decimal("9.99")})
    {'stars': 5, 'price': 9.99}
    """
    decimal = sys.modules.get("decimal")
    if decimal is not None and isinstance(value, decimal.Decimal):
        return plain_number(str(value)) if value.is_finite() else float(value)
    return _map_containers(value, decimals_to_numbers)


def _map_containers(value: Any, convert: Callable[[Any], Any]) -> Any:
    if isinstance(value, dict):
        return {key: convert(member) for key, member in value.items()}
    if isinstance(value, list):
        return [convert(member) for member in value]
    if isinstance(value, tuple):
        return tuple(convert(member) for member in value)
    if isinstance(value, (set, frozenset)):
        return type(value)(convert(member) for member in value)
    return value
