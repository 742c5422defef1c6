"""parse() and parse_all() over SQS events: 1.0.0's shapes, typed errors, any record."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from arc_core import InvalidRequestError, dumps
from arc_queues import parse, parse_all, publish
from tests.arc_events.helpers import lambda_event, receive

Queue = tuple[str, str]

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
    st.none() | st.booleans() | st.integers() | st.text(max_size=12),
    lambda children: (
        st.lists(children, max_size=3)
        | st.dictionaries(
            st.sampled_from(["Records", "body", "messageId"]) | st.text(max_size=6),
            children,
            max_size=3,
        )
    ),
    max_leaves=10,
)


def sqs_event(*payloads: Any) -> dict[str, Any]:
    return {"Records": [{"messageId": str(n), "body": dumps(p)} for n, p in enumerate(payloads)]}


def test_a_real_sqs_event_parses(standard: Queue) -> None:
    url, arn = standard
    publish("jobs", {"id": 1})
    assert parse(lambda_event(arn, receive(url, 1))) == {"id": 1}


def test_one_record_gives_its_payload_and_several_a_list() -> None:
    assert parse(sqs_event({"id": 1})) == {"id": 1}
    assert parse(sqs_event(1, 2)) == [1, 2]
    assert parse({"Records": []}) == []


def test_parse_all_always_gives_a_list() -> None:
    assert parse_all(sqs_event([1, 2])) == [[1, 2]]


def test_the_sandbox_event_shape_parses() -> None:
    assert parse({"Records": [{"body": '"hi"'}]}) == "hi"


@pytest.mark.parametrize(
    ("event", "message"),
    [
        ({}, 'no "Records" list: is this a function under @queues'),
        ("x", "the event is str"),
        ({"Records": [None]}, "record 0 is NoneType"),
        ({"Records": [{"Sns": {"Message": "{}"}}]}, "record 0 has no body: is this an SQS event"),
        ({"Records": [{"body": ["x"]}]}, "record 0's body is list, not a JSON string"),
        ({"Records": [{"body": "1"}, {"body": "{"}]}, "record 1's body is not JSON"),
    ],
)
def test_a_malformed_event_is_a_typed_error_naming_the_problem(event: Any, message: str) -> None:
    with pytest.raises(InvalidRequestError, match=message):
        parse(event)


@given(st.lists(JSON, max_size=5))
def test_every_published_payload_parses_back(payloads: list[Any]) -> None:
    parsed = parse_all(sqs_event(*payloads))
    assert [dumps(payload) for payload in parsed] == [dumps(payload) for payload in payloads]
    assert parsed == [json.loads(dumps(payload)) for payload in payloads]


@given(ANYTHING)
def test_any_event_gives_a_list_or_a_typed_error(event: Any) -> None:
    try:
        result = parse_all(event)
    except InvalidRequestError:
        return
    assert isinstance(result, list)
