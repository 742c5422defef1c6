"""Every DynamoDB type, and numbers, written and read back through moto_server."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest
from boto3.dynamodb.types import Binary
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from arc_tables import client, decimals_to_numbers, floats_to_decimals, table

# Hypothesis reuses the test's tables (made once per test) for every example.
ROUND_TRIPS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

# DynamoDB's number range: 38 significant digits, magnitudes from 1E-130 to below 1E+126.
DYNAMODB_INTS = st.integers(min_value=-(10**38) + 1, max_value=10**38 - 1)
DYNAMODB_FLOATS = st.floats(allow_nan=False, allow_infinity=False).filter(
    lambda value: value == 0 or 1e-130 <= abs(value) < 1e125
)
# Below 2**53 every integral float is an exact integer, so round trips compare equal.
EXACT_FLOATS = st.floats(allow_nan=False, allow_infinity=False).filter(lambda v: abs(v) < 2**53)
DYNAMODB_DECIMALS = st.decimals(allow_nan=False, allow_infinity=False, places=None).filter(
    lambda value: (
        value.is_zero()
        or (
            len(value.as_tuple().digits) <= 38
            and Decimal("1E-130") <= abs(value) < Decimal("1E+125")
        )
    )
)


def test_every_dynamodb_type_round_trips(tables: str) -> None:
    item = {
        "id": "all",
        "s": "café ☕",
        "empty": "",
        "n": 42,
        "f": -0.125,
        "big": 2**100,
        "b": b"\x00\xffbytes",
        "yes": True,
        "no": False,
        "null": None,
        "l": [1, "two", [3.5], {"four": None}],
        "m": {"nested": {"deep": [b"x", True]}},
        "ss": {"a", "b"},
        "ns": {1, 2.5},
        "bs": {b"x", b"y"},
    }
    client().notes.put(item)
    assert client().notes.get({"id": "all"}) == item


def test_tuples_bytearrays_frozensets_and_mappings_are_stored_as_their_kin(tables: str) -> None:
    from types import MappingProxyType

    client().notes.put(
        {
            "id": "kin",
            "t": (1, "a"),
            "ba": bytearray(b"ab"),
            "fs": frozenset({"x"}),
            "mp": MappingProxyType({"k": 1}),
            "bin": Binary(b"boto3"),
        }
    )
    assert client().notes.get({"id": "kin"}) == {
        "id": "kin",
        "t": [1, "a"],
        "ba": b"ab",
        "fs": {"x"},
        "mp": {"k": 1},
        "bin": b"boto3",
    }


def test_integral_numbers_read_as_int_and_others_as_float(tables: str) -> None:
    client().notes.put(
        {"id": "a", "whole": 3.0, "half": 0.5, "huge": 10**37, "tiny": 1e-100, "e23": 1e23}
    )
    item = client().notes.get({"id": "a"})
    assert item is not None
    assert type(item["whole"]) is int
    assert item["whole"] == 3
    assert type(item["half"]) is float
    assert item["huge"] == 10**37
    assert type(item["huge"]) is int
    assert item["tiny"] == 1e-100
    assert item["e23"] == 10**23


def test_the_decimal_mode_keeps_numbers_exact(tables: str) -> None:
    exact = Decimal("0.1000000000000000000000000000000000001")
    client().notes.put({"id": "a", "exact": exact, "f": 0.1, "n": 7})
    assert client(numbers="decimal").notes.get({"id": "a"}) == {
        "id": "a",
        "exact": exact,
        "f": Decimal("0.1"),
        "n": Decimal(7),
    }
    plain = client().notes.get({"id": "a"})
    assert plain is not None
    assert plain["exact"] == 0.1


def test_number_sets_read_in_the_chosen_mode(tables: str) -> None:
    client().notes.put({"id": "a", "ns": {1, 0.5}})
    decimal_item = client(numbers="decimal").notes.get({"id": "a"})
    assert decimal_item is not None
    assert decimal_item["ns"] == {Decimal(1), Decimal("0.5")}


@ROUND_TRIPS
@given(number=DYNAMODB_INTS)
def test_any_int_round_trips_exactly(tables: str, number: int) -> None:
    client().notes.put({"id": "int", "n": number})
    item = client().notes.get({"id": "int"})
    assert item is not None
    assert item["n"] == number
    assert type(item["n"]) is int


@ROUND_TRIPS
@given(number=DYNAMODB_FLOATS)
def test_any_float_round_trips_as_the_same_number(tables: str, number: float) -> None:
    client().notes.put({"id": "float", "n": number})
    item = client().notes.get({"id": "float"})
    assert item is not None
    assert type(item["n"]) is (int if number.is_integer() else float)
    # Stored as its repr, it reads back as the same float, as in JavaScript; beyond 2**53
    # an integral float's repr names a nearby integer (1e23 is stored as 10**23).
    assert float(item["n"]) == number
    if abs(number) < 2**53:
        assert item["n"] == number
    decimal_item = client(numbers="decimal").notes.get({"id": "float"})
    assert decimal_item is not None
    assert decimal_item["n"] == Decimal(repr(number))


@ROUND_TRIPS
@given(number=DYNAMODB_DECIMALS)
def test_any_decimal_round_trips_exactly_in_decimal_mode(tables: str, number: Decimal) -> None:
    client().notes.put({"id": "decimal", "n": number})
    decimal_item = client(numbers="decimal").notes.get({"id": "decimal"})
    assert decimal_item is not None
    assert decimal_item["n"] == number
    item = client().notes.get({"id": "decimal"})
    assert item is not None
    assert item["n"] == (int(number) if number == number.to_integral_value() else float(number))


@pytest.mark.parametrize("value", [float("nan"), float("inf"), -float("inf"), Decimal("NaN")])
def test_numbers_dynamodb_cannot_store_are_refused(tables: str, value: Any) -> None:
    with pytest.raises(ValueError, match="must be finite"):
        client().notes.put({"id": "a", "n": value})


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (object(), "cannot store a object"),
        (set(), "empty set"),
        ({"a", 1}, "strings only, numbers only or bytes only"),
        ({True}, "strings only, numbers only or bytes only"),
    ],
)
def test_values_dynamodb_cannot_store_are_refused(tables: str, value: Any, message: str) -> None:
    with pytest.raises((TypeError, ValueError), match=message):
        client().notes.put({"id": "a", "v": value})


def test_floats_to_decimals_lets_table_write_floats(tables: str) -> None:
    item = {"id": "a", "price": 9.99, "nested": [{"x": 1e-7}], "ok": True}
    table("notes").put_item(Item=floats_to_decimals(item))
    stored = table("notes").get_item(Key={"id": "a"})["Item"]
    assert stored["price"] == Decimal("9.99")
    assert client().notes.get({"id": "a"}) == item


def test_decimals_to_numbers_gives_table_items_the_plain_numbers(tables: str) -> None:
    client().notes.put({"id": "a", "stars": 5, "price": 9.99, "ns": {1, 2.5}})
    stored = table("notes").get_item(Key={"id": "a"})["Item"]
    plain = decimals_to_numbers(stored)
    assert plain == {"id": "a", "stars": 5, "price": 9.99, "ns": {1, 2.5}}
    assert type(plain["stars"]) is int
    assert json.loads(json.dumps({k: v for k, v in plain.items() if k != "ns"})) == {
        "id": "a",
        "stars": 5,
        "price": 9.99,
    }


@given(
    value=st.recursive(
        st.none() | st.booleans() | st.text() | DYNAMODB_INTS | EXACT_FLOATS,
        lambda children: st.lists(children) | st.dictionaries(st.text(), children),
        max_leaves=20,
    )
)
def test_the_two_helpers_undo_each_other(value: Any) -> None:
    assert decimals_to_numbers(floats_to_decimals(value)) == value
