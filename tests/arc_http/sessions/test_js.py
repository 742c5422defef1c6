"""JavaScript's Number() and Buffer.from(), as Node's session code uses them.

The expected values were printed by Node 20; tests/interop checks arbitrary inputs live.
"""

from __future__ import annotations

import math
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from arc_core import node_utf8
from arc_http._sessions._js import string_to_number, to_number


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("", 0.0),
        ("  ", 0.0),
        (" 60 ", 60.0),
        ("\u00a060\ufeff", 60.0),
        ("1e3", 1000.0),
        ("1e+3", 1000.0),
        ("0x10", 16.0),
        ("0X1f", 31.0),
        ("0b11", 3.0),
        ("0o7", 7.0),
        ("08", 8.0),
        ("5.", 5.0),
        (".5", 0.5),
        ("+.5e1", 5.0),
        ("-0", -0.0),
        ("3600.5", 3600.5),
        ("Infinity", math.inf),
        ("-Infinity", -math.inf),
        ("1e400", math.inf),
        ("0x" + "f" * 300, math.inf),
    ],
)
def test_numbers_parse_as_javascript_parses_them(text: str, number: float) -> None:
    assert string_to_number(text) == number


@pytest.mark.parametrize(
    "text", ["abc", "1_000", "+0x10", "-0x10", "0x", "1e", "inf", "nan", "\u180e5", "٣", "1 2"]
)
def test_text_javascript_cannot_read_is_nan(text: str) -> None:
    assert math.isnan(string_to_number(text))


@pytest.mark.parametrize(
    ("value", "number"),
    [
        (None, 0.0),
        (True, 1.0),
        (False, 0.0),
        (0, 0.0),
        (1.5, 1.5),
        ("12", 12.0),
        (" 0x1f ", 31.0),
        ([], 0.0),
        ([5], 5.0),
        (["7"], 7.0),
        ([[3]], 3.0),
        ([None], 0.0),
        ([1e301], 1e301),
        (10**400, math.inf),
    ],
)
def test_json_values_convert_as_javascript_number_does(value: Any, number: float) -> None:
    assert to_number(value) == number


@pytest.mark.parametrize("value", ["abc", [1, 2], {}, [{}], [True], [math.nan]])
def test_json_values_javascript_cannot_convert_are_nan(value: Any) -> None:
    assert math.isnan(to_number(value))


def test_utf8_of_lone_surrogates_is_the_replacement_character() -> None:
    # Buffer.from('a\ud800b\udc00\ud83d\ude00') in Node 20.
    assert node_utf8("a\ud800b\udc00\ud83d\ude00").hex() == "61efbfbd62efbfbdf09f9880"


@given(st.text())
def test_utf8_of_well_formed_text_is_plain_utf8(text: str) -> None:
    assert node_utf8(text) == text.encode()


@given(st.integers(min_value=-(2**53), max_value=2**53))
def test_integers_survive_a_round_trip_through_text(number: int) -> None:
    assert string_to_number(str(number)) == number
