"""parse() and parse_all() over SNS events: 1.0.0's shapes, typed errors, any record."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from arc_core import InvalidRequestError, dumps
from arc_events import parse, parse_all
from tests.arc_events.helpers import sns_event

JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=12,
)
ANYTHING = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=12),
    lambda children: (
        st.lists(children, max_size=3)
        | st.dictionaries(
            st.sampled_from(["Records", "Sns", "Message", "body"]) | st.text(max_size=6),
            children,
            max_size=3,
        )
    ),
    max_leaves=10,
)


def test_one_record_gives_its_payload_as_1_0_did() -> None:
    assert parse(sns_event({"id": 1})) == {"id": 1}


def test_several_records_give_a_list() -> None:
    assert parse(sns_event({"id": 1}, [2], "three")) == [{"id": 1}, [2], "three"]


def test_no_records_give_an_empty_list() -> None:
    assert parse({"Records": []}) == []


def test_parse_all_always_gives_a_list() -> None:
    assert parse_all(sns_event({"id": 1})) == [{"id": 1}]
    assert parse_all(sns_event([1, 2])) == [[1, 2]]


def test_a_payload_that_is_itself_a_list_stays_one_payload_in_parse_all() -> None:
    assert parse_all(sns_event([1], [2])) == [[1], [2]]


def test_the_sandbox_event_shape_parses() -> None:
    assert parse({"Records": [{"Sns": {"Message": '{"hi":"there"}'}}]}) == {"hi": "there"}


def test_an_empty_event_is_one_empty_payload_as_in_node() -> None:
    assert parse_all({}) == [{}]
    assert parse({}) == {}


@pytest.mark.parametrize(
    ("event", "message"),
    [
        (None, "the event is NoneType, not an object with Records"),
        ([], "the event is list"),
        ({"records": []}, 'no "Records" list'),
        ({"Records": {}}, 'no "Records" list'),
        ({"Records": ["x"]}, "record 0 is str, not an object"),
        ({"Records": [{"body": "{}"}]}, "record 0 has no Sns.Message: is this an SNS event"),
        ({"Records": [{"Sns": "x"}]}, "record 0 has no Sns.Message"),
        ({"Records": [{"Sns": {"Message": 5}}]}, "record 0's Sns.Message is int, not a JSON"),
        ({"Records": [{"Sns": {"Message": "{}"}}, {"Sns": {"Message": "hi"}}]}, "record 1's"),
        ({"Records": [{"Sns": {"Message": "[" * 100_000}}]}, "nested too deeply"),
    ],
)
def test_a_malformed_event_is_a_typed_error_naming_the_problem(event: Any, message: str) -> None:
    with pytest.raises(InvalidRequestError, match=message) as caught:
        parse(event)
    assert isinstance(caught.value, ValueError)


def test_a_message_that_is_not_json_says_where_it_came_from() -> None:
    with pytest.raises(InvalidRequestError, match=r"is not JSON .*another sender"):
        parse_all({"Records": [{"Sns": {"Message": "plain text"}}]})


@given(st.lists(JSON, max_size=5))
def test_every_published_payload_parses_back(payloads: list[Any]) -> None:
    # Compared as JSON text: a float such as 7e16 travels as the integer 70000000000000000,
    # as in Node, and comes back as that int.
    parsed = parse_all(sns_event(*payloads))
    assert [dumps(payload) for payload in parsed] == [dumps(payload) for payload in payloads]


@given(ANYTHING)
def test_any_event_gives_a_list_or_a_typed_error(event: Any) -> None:
    try:
        result = parse_all(event)
    except InvalidRequestError:
        return
    assert isinstance(result, list)


@given(st.lists(st.text() | st.binary().map(lambda raw: raw.decode("latin-1")), max_size=4))
def test_arbitrary_message_strings_give_payloads_or_a_typed_error(messages: list[str]) -> None:
    event = {"Records": [{"Sns": {"Message": message}} for message in messages]}
    try:
        result = parse_all(event)
    except InvalidRequestError:
        return
    assert len(result) == len(messages)
