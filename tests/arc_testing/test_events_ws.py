"""arc_testing.events.ws: WebSocket events, as API Gateway and the sandbox send them."""

from __future__ import annotations

import json
import re
import time
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from arc_testing import events


def test_a_message_event_has_the_sandboxs_keys() -> None:
    before = int(time.time() * 1000)
    event = events.ws("$default", "L0SM9cOFvHcCIhw=", "hello")
    after = int(time.time() * 1000)

    assert list(event) == ["requestContext", "isBase64Encoded", "body"]
    assert event["body"] == "hello"
    assert event["isBase64Encoded"] is False
    context = event["requestContext"]
    assert list(context) == [
        "connectedAt",
        "connectionId",
        "domainName",
        "eventType",
        "messageDirection",
        "messageId",
        "requestId",
        "requestTimeEpoch",
        "routeKey",
        "stage",
        "identity",
    ]
    assert context["connectionId"] == "L0SM9cOFvHcCIhw="
    assert context["domainName"] == "localhost:3333"
    assert context["eventType"] == "MESSAGE"
    assert context["messageDirection"] == "IN"
    assert context["routeKey"] == "$default"
    assert context["stage"] == "testing"
    assert context["identity"] == {"sourceIp": None}
    assert before <= context["connectedAt"] <= context["requestTimeEpoch"] <= after
    assert re.fullmatch(r"[A-Za-z0-9]{15}=", context["messageId"])
    assert context["messageId"] != context["requestId"]


def test_a_connect_event_carries_the_handshake_and_the_forwarding_headers() -> None:
    event = events.ws("$connect")

    assert "body" not in event
    assert "queryStringParameters" not in event
    context = event["requestContext"]
    assert context["eventType"] == "CONNECT"
    assert context["routeKey"] == "$connect"
    assert context["identity"] == {"sourceIp": "127.0.0.1"}
    headers = event["headers"]
    key = headers.pop("sec-websocket-key")
    assert len(key) == 24
    assert key.endswith("==")
    assert headers == {
        "host": "localhost:3333",
        "upgrade": "websocket",
        "connection": "Upgrade",
        "sec-websocket-version": "13",
        "X-Forwarded-For": "127.0.0.1",
        "X-Forwarded-Port": "3333",
        "X-Forwarded-Proto": "http",
    }


def test_connect_headers_are_lowercase_but_cookie_and_forwarding() -> None:
    event = events.ws(
        "connect",
        headers={"Host": "127.0.0.1:40001", "Cookie": "_idx=abc", "User-Agent": "browser"},
    )

    headers = event["headers"]
    assert headers["host"] == "127.0.0.1:40001"
    assert headers["Cookie"] == "_idx=abc"
    assert "cookie" not in headers
    assert headers["user-agent"] == "browser"
    assert headers["X-Forwarded-Port"] == "40001"


def test_a_connect_query_gives_a_list_for_a_repeated_name() -> None:
    event = events.ws("$connect", query={"token": "a b", "x": ["1", "2"], "flag": ""})

    assert event["queryStringParameters"] == {"token": "a b", "x": ["1", "2"], "flag": ""}


def test_a_forwarded_for_header_is_the_source_ip() -> None:
    event = events.ws("$connect", headers={"x-forwarded-for": "203.0.113.9"})

    assert event["headers"]["X-Forwarded-For"] == "203.0.113.9"
    assert event["requestContext"]["identity"] == {"sourceIp": "203.0.113.9"}


def test_a_disconnect_event_names_its_host_and_an_empty_reason() -> None:
    event = events.ws("disconnect", "c-1")

    assert event["headers"] == {"host": "localhost:3333"}
    assert event["requestContext"]["eventType"] == "DISCONNECT"
    assert event["requestContext"]["routeKey"] == "$disconnect"
    assert event["requestContext"]["disconnectReason"] == ""
    assert event["requestContext"]["connectionId"] == "c-1"


@pytest.mark.parametrize(("route", "key"), [("default", "$default"), ("echo", "echo")])
def test_app_arc_names_and_custom_routes_give_their_route_keys(route: str, key: str) -> None:
    event = events.ws(route, body="{}")

    assert event["requestContext"]["routeKey"] == key
    assert event["requestContext"]["eventType"] == "MESSAGE"


def test_a_body_that_is_not_text_is_sent_as_json() -> None:
    event = events.ws(body={"action": "echo", "text": "héllo", "n": 1.0})

    assert event["body"] == '{"action":"echo","text":"héllo","n":1}'


def test_no_body_is_no_body_key() -> None:
    assert "body" not in events.ws()


def test_connection_ids_are_random_when_not_given() -> None:
    first = events.ws()["requestContext"]["connectionId"]
    second = events.ws()["requestContext"]["connectionId"]

    assert first != second
    assert re.fullmatch(r"[A-Za-z0-9]{15}=", first)


def test_stage_is_the_arc_env_and_the_domain_the_sandboxs_port(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("ARC_ENV", "staging")
    monkeypatch.setenv("ARC_SANDBOX", json.dumps({"ports": {"http": 4567}, "version": "8.0.0"}))

    context = events.ws()["requestContext"]

    assert context["stage"] == "staging"
    assert context["domainName"] == "localhost:4567"


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"route": "$default", "headers": {"a": "b"}}, r"headers and query go with \$connect"),
        ({"route": "$disconnect", "query": {"a": "b"}}, r"headers and query go with \$connect"),
        ({"route": "$connect", "body": "x"}, r"\$connect has no body"),
        ({"route": "$disconnect", "body": "x"}, r"\$disconnect has no body"),
        ({"route": ""}, "route must be"),
    ],
)
def test_what_a_route_cannot_have_is_refused(arguments: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        events.ws(**arguments)


def test_a_body_that_is_not_json_is_refused() -> None:
    with pytest.raises(TypeError, match="body must be a str or a JSON value"):
        events.ws(body={1, 2})


@given(st.text(st.characters(codec="utf-8", exclude_categories=["Cs"])).filter(bool))
def test_any_text_message_is_the_body_as_it_is(text: str) -> None:
    assert events.ws(body=text)["body"] == text
