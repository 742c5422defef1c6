"""dumps(): the bytes of Node's JSON.stringify, checked against a real Node process."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from arc_core import dumps, js_number

# A Node process that answers each JSON line with JSON.stringify of it.
_NODE_ECHO = """
const rl = require('readline').createInterface({input: process.stdin});
rl.on('line', line => process.stdout.write(JSON.stringify(JSON.parse(line)) + '\\n'));
"""


@pytest.fixture(scope="module")
def node_stringify() -> Iterator[Any]:
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is required: the JSON tests compare with Node's JSON.stringify")
    process = subprocess.Popen(
        [node, "-e", _NODE_ECHO],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        encoding="utf-8",
    )
    assert process.stdin is not None
    assert process.stdout is not None

    def stringify(value: Any) -> str:
        # Python's own JSON (ASCII-escaped, repr floats) is valid input for JSON.parse.
        process.stdin.write(json.dumps(value) + "\n")  # type: ignore[union-attr]
        process.stdin.flush()  # type: ignore[union-attr]
        return process.stdout.readline().rstrip("\n")  # type: ignore[union-attr]

    yield stringify
    process.stdin.close()
    process.wait(timeout=10)
    process.stdout.close()


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ({"ok": True}, '{"ok":true}'),
        ({"a": [1, 2, {"b": None}]}, '{"a":[1,2,{"b":null}]}'),
        ("café ☕ 𝄞", '"café ☕ 𝄞"'),
        ("\u2028\u2029", '"\u2028\u2029"'),
        ("\x00\x1f\x7f\b\t\n\f\r", '"\\u0000\\u001f\x7f\\b\\t\\n\\f\\r"'),
        ("\ud800", '"\\ud800"'),
        (1.0, "1"),
        (-0.0, "0"),
        (1e16, "10000000000000000"),
        (1e21, "1e+21"),
        (1.5e-7, "1.5e-7"),
        (0.00001, "0.00001"),
        (float("nan"), "null"),
        (float("inf"), "null"),
        ([float("-inf")], "[null]"),
        (Decimal("10"), "10"),
        (Decimal("1.50"), "1.5"),
        (Decimal("1E+3"), "1000"),
        (Decimal("NaN"), "null"),
        ({"n": Decimal("123456789012345678901234567890")}, '{"n":123456789012345678901234567890}'),
        ({"nested": {"deeper": [Decimal("0.00001")]}}, '{"nested":{"deeper":[0.00001]}}'),
        ((1, 2), "[1,2]"),
    ],
)
def test_dumps_gives_node_bytes(value: Any, expected: str) -> None:
    assert dumps(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (
            {"12345678901234567890123": 1, "007": 2, "4294967295": 3},
            '{"12345678901234567890123":1,"007":2,"4294967295":3}',
        ),
        ({"b": 1, "4294967294": 2, "10": 3, "0": 4}, '{"0":4,"10":3,"4294967294":2,"b":1}'),
        ({"1" * 5000: 1, "2": 2}, '{"2":2,"' + "1" * 5000 + '":1}'),
        ({"9" * 5000: 1e-7}, '{"' + "9" * 5000 + '":1e-7}'),
        ({"\u0661": 1, "1": 2}, '{"1":2,"\u0661":1}'),
    ],
    ids=[
        "long-and-leading-zero",
        "indices-first",
        "past-int-digit-limit",
        "slow-path",
        "non-ascii",
    ],
)
def test_only_array_index_keys_go_first_whatever_their_length(value: Any, expected: str) -> None:
    # JavaScript lists canonical integer keys below 2**32 - 1 first; int() of a key past
    # Python's 4300-digit limit raised ValueError.
    assert dumps(value) == expected


def test_dumps_leaves_the_callers_value_alone() -> None:
    value = {"a": [1.0, {"b": Decimal("2")}]}
    dumps(value)
    assert value == {"a": [1.0, {"b": Decimal("2")}]}
    assert isinstance(value["a"][0], float)


@pytest.mark.parametrize("value", [b"bytes", {1, 2}, object()])
def test_values_json_cannot_hold_raise_type_error(value: Any) -> None:
    with pytest.raises(TypeError):
        dumps(value)


_SAFE_INT = 2**53 - 1
json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-_SAFE_INT, _SAFE_INT)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda children: (
        st.lists(children, max_size=5) | st.dictionaries(st.text(max_size=8), children, max_size=5)
    ),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None)
@given(json_values)
def test_dumps_matches_node_for_any_json_value(node_stringify: Any, value: Any) -> None:
    assert dumps(value) == node_stringify(value)


# Keys JavaScript may treat as array indices, and keys that only look like them.
numeric_keys = (
    st.integers(0, 2**32).map(str)
    | st.from_regex(r"\A0[0-9]{1,12}\Z")
    | st.integers(2**32, 10**60).map(str)
    | st.integers(1, 6000).map(lambda length: "7" * length)
)


@settings(max_examples=100, deadline=None)
@given(
    st.dictionaries(numeric_keys | st.text(max_size=4), json_values, max_size=6)
    | st.lists(st.dictionaries(numeric_keys, st.integers(0, 9), max_size=4), max_size=3)
)
def test_dumps_orders_numeric_looking_keys_as_node_does(node_stringify: Any, value: Any) -> None:
    assert dumps(value) == node_stringify(value)


@settings(max_examples=300, deadline=None)
@given(st.floats(allow_nan=False, allow_infinity=False))
def test_js_number_matches_node_for_any_float(node_stringify: Any, value: float) -> None:
    assert js_number(value) == node_stringify(value)
