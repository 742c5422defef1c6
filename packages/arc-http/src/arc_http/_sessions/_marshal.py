"""Session rows to and from DynamoDB's typed JSON, with the types Node's aws-lite uses.

Written as Node's vendored util-dynamodb does (str S, number N, bool BOOL, None NULL,
mapping M, list L), numbers in JavaScript's notation, so both languages write the same
row. Unlike boto3's TypeSerializer, floats are storable; like Node, NaN, the infinities
and numbers beyond ±(2**53 - 1) are refused, because Node could not read them back as
numbers. Read back, whole numbers are ints and the rest floats (boto3 would give
`Decimal`, which `json` cannot write).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from arc_core import js_number

__all__ = ["marshal_item", "unmarshal_item"]

# Number.MAX_SAFE_INTEGER: aws-lite refuses to write a number beyond it (util-dynamodb).
MAX_SAFE_INTEGER = 2**53 - 1


def marshal_item(item: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """The DynamoDB attribute values of a session row.

    Raises `TypeError` for a value DynamoDB cannot hold and `ValueError` for a number
    Node could not read back (NaN, infinite, or beyond ±(2**53 - 1)).

    >>> marshal_item({"_idx": "a", "n": 1.5})
    {'_idx': {'S': 'a'}, 'n': {'N': '1.5'}}
    """
    return {_key(key): _to_attribute(value) for key, value in item.items()}


def _key(key: Any) -> str:
    if not isinstance(key, str):
        raise TypeError(f"session keys must be strings, not {type(key).__name__}: {key!r}")
    return key


def _to_attribute(value: Any) -> dict[str, Any]:
    if isinstance(value, str):
        return {"S": value}
    if value is None:
        return {"NULL": True}
    if isinstance(value, bool):
        return {"BOOL": value}
    if isinstance(value, (int, float, Decimal)):
        return {"N": _number_text(value)}
    if isinstance(value, Mapping):
        return {"M": {_key(key): _to_attribute(item) for key, item in value.items()}}
    if isinstance(value, (list, tuple)):
        return {"L": [_to_attribute(item) for item in value]}
    if isinstance(value, (bytes, bytearray)):
        return {"B": bytes(value)}
    if isinstance(value, (set, frozenset)) and value:
        return _set_attribute(value)
    raise TypeError(
        f"a DynamoDB session cannot store {type(value).__name__} values ({value!r}): use "
        "strings, numbers, booleans, None, dicts, lists, bytes or non-empty sets"
    )


def _set_attribute(value: set[Any] | frozenset[Any]) -> dict[str, Any]:
    if all(isinstance(item, str) for item in value):
        return {"SS": list(value)}
    if all(isinstance(item, (bytes, bytearray)) for item in value):
        return {"BS": [bytes(item) for item in value]}
    if all(
        isinstance(item, (int, float, Decimal)) and not isinstance(item, bool) for item in value
    ):
        return {"NS": [_number_text(item) for item in value]}
    raise TypeError(f"a set in a DynamoDB session holds only strings, numbers or bytes: {value!r}")


def _number_text(value: float | Decimal) -> str:
    if isinstance(value, int):
        storable, text = abs(value) <= MAX_SAFE_INTEGER, str(value)
    elif isinstance(value, float):
        storable = math.isfinite(value) and abs(value) <= MAX_SAFE_INTEGER
        text = js_number(value)
    else:
        storable, text = value.is_finite() and abs(value) <= MAX_SAFE_INTEGER, str(value)
    if not storable:
        raise ValueError(
            f"a DynamoDB session cannot store the number {value!r}: Node reads only finite "
            f"numbers within ±{MAX_SAFE_INTEGER}; store it as a string"
        )
    return text


def unmarshal_item(item: Mapping[str, Any]) -> dict[str, Any]:
    """A session row from its DynamoDB attribute values; numbers come back as int or float.

    >>> unmarshal_item({"_idx": {"S": "a"}, "n": {"N": "2"}})
    {'_idx': 'a', 'n': 2}
    """
    return {key: _from_attribute(value) for key, value in item.items()}


def _from_attribute(attribute: Mapping[str, Any]) -> Any:
    ((kind, value),) = attribute.items()
    if kind == "S" or kind == "BOOL" or kind == "B":
        return value
    if kind == "N":
        return _number(value)
    if kind == "NULL":
        return None
    if kind == "M":
        return {key: _from_attribute(item) for key, item in value.items()}
    if kind == "L":
        return [_from_attribute(item) for item in value]
    if kind == "NS":
        return {_number(item) for item in value}
    # SS and BS: boto3 has already decoded the bytes of a binary set.
    return set(value)


def _number(text: str) -> int | float:
    try:
        return int(text)
    except ValueError:
        number = float(text)
    if number.is_integer() and abs(number) <= MAX_SAFE_INTEGER:
        return int(number)
    return number
