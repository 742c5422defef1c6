"""`helpers.interpolate`: what Node adds to a request before the first middleware."""

from __future__ import annotations

from typing import Any

import pytest

from arc_http.helpers import interpolate
from tests.arc_http.events import b64, rest, v2


def test_http_api_requests_get_method_resource_path_and_empty_dicts() -> None:
    req = interpolate(v2("GET /"))
    assert req["httpMethod"] == "GET"
    assert req["method"] == "GET"
    assert req["resource"] == "/"
    assert req["path"] == "/"
    assert req["body"] == {}
    assert req["pathParameters"] == {}
    assert req["queryStringParameters"] == {}
    assert req["params"] is req["pathParameters"]
    assert req["query"] is req["queryStringParameters"]
    assert "rawBody" not in req


def test_the_same_object_is_returned_changed_in_place() -> None:
    event = v2()
    assert interpolate(event) is event
    assert event["method"] == "GET"


def test_path_parameters_fill_the_path_and_the_route_gives_the_resource() -> None:
    req = interpolate(
        v2("GET /nature/{activities}", "/nature/hiking", path_parameters={"nature": "hiking"})
    )
    assert req["resource"] == "/nature/{activities}"
    assert req["path"] == "/nature/hiking"
    assert req["params"] == {"nature": "hiking"}


def test_default_route_keeps_its_key_as_the_resource() -> None:
    req = interpolate(v2("$default", "/nature/hiking"))
    assert req["resource"] == "$default"
    assert req["path"] == "/nature/hiking"


def test_duplicate_query_keys_arrive_comma_joined_on_http_apis() -> None:
    req = interpolate(v2(query={"whats": "up,there"}, raw_query="whats=up&whats=there"))
    assert req["query"] == {"whats": "up,there"}


def test_rest_requests_are_unnulled_and_aliased() -> None:
    req = interpolate(rest(query={"whats": "there"}, multi_query={"whats": ["up", "there"]}))
    assert req["method"] == "GET"
    assert req["params"] == {}
    assert req["query"] == {"whats": "there"}
    assert req["multiValueQueryStringParameters"] == {"whats": ["up", "there"]}
    assert req["body"] == {}
    assert "resource" in req


def test_rest_nulls_become_empty_dicts() -> None:
    req = interpolate(rest())
    for key in (
        "body",
        "pathParameters",
        "queryStringParameters",
        "multiValueQueryStringParameters",
    ):
        assert req[key] == {}


def test_a_body_is_kept_as_raw_body() -> None:
    body = b64('{"hi":"there"}')
    assert interpolate(rest("/form", method="POST", body=body))["rawBody"] == body
    assert interpolate(v2("POST /form", body='{"a":1}'))["rawBody"] == '{"a":1}'


@pytest.mark.parametrize(
    ("path", "params", "filled"),
    [
        ("/{a}/{b}", {"a": "1", "b": "2"}, "/1/2"),
        ("/{a}/{a}", {"a": "1"}, "/1/1"),
        ("/{proxy+}", {"proxy": "x/y"}, "/{proxy+}"),
        # Node writes "/undefined" for a parameter that is not there.
        ("/{missing}", {}, "/{missing}"),
        ("/{é}", {"é": "x"}, "/{é}"),
    ],
)
def test_path_tokens_are_replaced_by_parameters(
    path: str, params: dict[str, str], filled: str
) -> None:
    req = interpolate(rest(path, path_parameters=params))
    assert req["path"] == filled


def test_existing_aliases_are_not_overwritten() -> None:
    event = v2()
    event["method"] = "CUSTOM"
    event["query"] = {"mine": "1"}
    req = interpolate(event)
    assert req["method"] == "CUSTOM"
    assert req["query"] == {"mine": "1"}


def test_malformed_events_do_not_raise() -> None:
    # Node throws a TypeError on a v2 event without a route key.
    events: list[dict[str, Any]] = [
        {"version": "2.0"},
        {"version": "2.0", "requestContext": "x", "routeKey": 5},
        {"path": 5, "pathParameters": "x"},
        {},
    ]
    for event in events:
        assert interpolate(event) is event
        assert "resource" not in event


def test_missing_or_null_headers_become_an_empty_dict() -> None:
    assert interpolate({"version": "2.0", "routeKey": "GET /"})["headers"] == {}
    assert interpolate({"headers": None})["headers"] == {}
