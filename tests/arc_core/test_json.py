"""dumps(): the bytes of Node's JSON.stringify, checked against a real Node process."""

from __future__ import annotations

import json
import math
import shutil
import subprocess
from collections import OrderedDict, namedtuple
from collections.abc import Iterator, Mapping
from decimal import Decimal
from typing import Any, NamedTuple

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from arc_core import dumps, js_number

# A Node process that answers each line, a JavaScript expression, with JSON.stringify of it.
_NODE_ECHO = """
const rl = require('readline').createInterface({input: process.stdin});
rl.on('line', line => process.stdout.write(JSON.stringify(eval('(' + line + ')')) + '\\n'));
"""


def js_source(value: Any) -> str:
    """`value` written as JavaScript source, so that Node itself decides what it becomes.

    Dict keys are computed keys (`{[1.0]: "x"}`): Node turns them into strings and merges
    duplicates by its own rules. Tuples (namedtuples too) are arrays; Decimals are number
    literals.
    """
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(int(value))
    if isinstance(value, (float, Decimal)):
        if math.isnan(value):
            return "NaN"
        if math.isinf(value):
            return "Infinity" if value > 0 else "-Infinity"
        return repr(float(value)) if isinstance(value, float) else str(value)
    if isinstance(value, str):
        return json.dumps(value)  # ASCII, lone surrogates escaped: a JavaScript string literal
    if isinstance(value, Mapping):
        members = (f"[{js_source(key)}]:{js_source(item)}" for key, item in value.items())
        return "{" + ",".join(members) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ",".join(js_source(item) for item in value) + "]"
    raise TypeError(f"no JavaScript for {value!r}")


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
        process.stdin.write(js_source(value) + "\n")  # type: ignore[union-attr]
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


class Point(NamedTuple):
    x: Any
    y: Any


Pair = namedtuple("Pair", ["left", "right"])


class Row(list[Any]):
    pass


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ({2: "a", 1: "b"}, '{"1":"b","2":"a"}'),
        ({1.0: "x"}, '{"1":"x"}'),
        ({1.5: "x", -0.0: "y", 1e21: "z", 1e-7: "w"}, '{"0":"y","1.5":"x","1e+21":"z","1e-7":"w"}'),
        ({True: 1, False: 2}, '{"true":1,"false":2}'),
        ({None: 1}, '{"null":1}'),
        ({"b": 1, -1: 2, 10: 3}, '{"10":3,"b":1,"-1":2}'),
        ({4294967294: 1, 4294967295: 2, "a": 3}, '{"4294967294":1,"4294967295":2,"a":3}'),
        (
            {float("nan"): 1, float("inf"): 2, float("-inf"): 3},
            '{"NaN":1,"Infinity":2,"-Infinity":3}',
        ),
        ({Decimal("2.50"): 1, Decimal("1E+1"): 2, Decimal("NaN"): 3}, '{"10":2,"2.5":1,"NaN":3}'),
        ({"n": {2: 1.0}}, '{"n":{"2":1}}'),
        ({2: 1e-7, "a": [1.0]}, '{"2":1e-7,"a":[1]}'),
    ],
    ids=[
        "int-keys-in-numeric-order",
        "integral-float-key",
        "float-keys",
        "bool-keys",
        "none-key",
        "negative-is-not-an-index",
        "index-limit",
        "non-finite-keys",
        "decimal-keys",
        "nested",
        "slow-path",
    ],
)
def test_non_str_keys_become_the_strings_javascript_makes_of_them(
    value: Any, expected: str
) -> None:
    assert dumps(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ({1: "a", "1": "b"}, '{"1":"b"}'),
        ({"a": 1, True: 2, "b": 3, "true": 4}, '{"a":1,"true":4,"b":3}'),
        ({None: 1.0, "x": 2, "null": Decimal("3")}, '{"null":3,"x":2}'),
        ({"z": 1e-7, 1.0: 2, "1": 3}, '{"1":3,"z":1e-7}'),
    ],
    ids=["int-then-str", "position-of-the-first", "decimal-wins", "slow-path"],
)
def test_keys_equal_as_text_keep_the_later_value_at_the_first_place(
    value: Any, expected: str
) -> None:
    # What a JavaScript object literal with the same keys does: {1: "a", "1": "b"}.
    assert dumps(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Point(1.0, Decimal("2.5")), "[1,2.5]"),
        ({"p": Point(x=Decimal("10"), y=[1.0])}, '{"p":[10,[1]]}'),
        (Pair(Point(1.0, None), "b"), '[[1,null],"b"]'),
        ([Pair(1e-7, 2.0)], "[[1e-7,2]]"),
        (Row([1.0, Decimal("0.5")]), "[1,0.5]"),
        (OrderedDict([("b", 1.0), ("1", Point(2.0, 3))]), '{"1":[2,3],"b":1}'),
    ],
    ids=[
        "namedtuple",
        "nested",
        "namedtuple-of-namedtuple",
        "slow-path",
        "list-subclass",
        "ordered",
    ],
)
def test_namedtuples_and_other_subclasses_are_what_they_are_in_javascript(
    value: Any, expected: str
) -> None:
    assert dumps(value) == expected


@pytest.mark.parametrize(
    "value",
    [
        10**5000,
        [1e-7, -(10**5000)],
        {"n": 10**5000},
        {10**5000: 1},
        Decimal("1E+5000"),
        {"n": Decimal("-1E+5000")},
        [1e-7, Decimal("1E+5000")],
    ],
    ids=["int", "slow-path", "nested", "key", "decimal", "nested-decimal", "slow-decimal"],
)
def test_an_int_of_more_than_4300_digits_raises_value_error(value: Any) -> None:
    with pytest.raises(ValueError, match="4300 digits"):
        dumps(value)


@pytest.mark.parametrize("exponent", [5000, 999_999_999])
def test_a_decimal_with_a_huge_exponent_is_refused_before_it_is_expanded(exponent: int) -> None:
    # int(Decimal("1E+1000000")) alone takes about half a minute: the digits are counted first.
    with pytest.raises(ValueError, match=r"a Decimal of \d+ integer digits.*4300 digits"):
        dumps({"n": Decimal(f"1E+{exponent}")})


@pytest.mark.parametrize("value", [{(1, 2): "tuple key"}, {b"k": 1}, {Point(1, 2): 3}])
def test_keys_javascript_has_no_string_for_raise_type_error(value: Any) -> None:
    with pytest.raises(TypeError, match="key"):
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


# Decimals JavaScript holds as the same number: integral ones within 2**53 (larger ones
# are written exactly, which a JavaScript number cannot be), any other, NaN, Infinity.
decimals = st.decimals(-_SAFE_INT, _SAFE_INT) | st.sampled_from(
    [Decimal("NaN"), Decimal("Infinity"), Decimal("-Infinity"), Decimal("-0"), Decimal("1E-400")]
)
python_keys = (
    st.text(max_size=8)
    | numeric_keys
    | st.integers(-_SAFE_INT, _SAFE_INT)
    | st.integers(0, 20)
    | st.floats()
    | st.booleans()
    | st.none()
    | decimals
)
python_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-_SAFE_INT, _SAFE_INT)
    | st.floats()
    | decimals
    | st.text(),
    lambda children: (
        st.lists(children, max_size=5)
        | st.lists(children, max_size=5).map(tuple)
        | st.builds(Point, children, children)
        | st.builds(Pair, children, children)
        | st.lists(children, max_size=3).map(Row)
        | st.dictionaries(python_keys, children, max_size=5)
    ),
    max_leaves=20,
)


@settings(max_examples=500, deadline=None)
@given(python_values)
def test_dumps_matches_node_for_any_json_able_python_value(node_stringify: Any, value: Any) -> None:
    # Node gets the value as JavaScript source: a tuple is an array literal, a Decimal a
    # number literal, a key a computed key that Node turns into a string itself.
    assert dumps(value) == node_stringify(value)


@settings(max_examples=300, deadline=None)
@given(st.floats(allow_nan=False, allow_infinity=False))
def test_js_number_matches_node_for_any_float(node_stringify: Any, value: float) -> None:
    assert js_number(value) == node_stringify(value)
