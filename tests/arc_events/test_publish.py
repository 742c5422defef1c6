"""publish() to the sandbox's bus (a real HTTP server here) and to SNS on moto."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest

from arc_core import ConfigError, ServiceError, UnknownResourceError, aws_client
from arc_events import publish
from tests.arc_events.conftest import Inbox
from tests.arc_events.helpers import SandboxBus, make_queue, receive, sandbox_env
from tests.conftest import CallCounter, PutParameter, free_port
from tools.bench._proxy import CountingProxy

# --- locally: the sandbox's events bus ---


def test_locally_it_posts_name_and_payload_to_the_events_path(bus: SandboxBus) -> None:
    assert publish("ping", {"id": 1}) == {}
    [posted] = bus.posted
    assert posted.path == "/events"
    assert posted.json == {"name": "ping", "payload": {"id": 1}}
    assert posted.headers["content-type"] == "application/json"


def test_the_local_body_is_the_json_node_sends(bus: SandboxBus) -> None:
    publish("ping", {"n": 1.0, "city": "Zürich", "tiny": 1e-7, "d": Decimal("2.50")})
    assert bus.posted[0].body == (
        '{"name":"ping","payload":{"n":1,"city":"Zürich","tiny":1e-7,"d":2.5}}\n'.encode()
    )


def test_keyword_arguments_work_as_in_the_arc_docs(bus: SandboxBus) -> None:
    publish(name="pong", payload={"ok": True})
    assert bus.payloads() == [{"ok": True}]


@pytest.mark.parametrize("payload", [0, False, "", [], {}])
def test_falsy_payloads_are_published_unlike_node(bus: SandboxBus, payload: Any) -> None:
    publish("ping", payload)
    assert bus.payloads() == [payload]


def test_a_name_the_sandbox_does_not_know_lists_those_app_arc_declares(bus: SandboxBus) -> None:
    with pytest.raises(UnknownResourceError) as caught:
        publish("nope", {})
    assert isinstance(caught.value, ConfigError)
    assert (caught.value.kind, caught.value.resource, caught.value.known) == (
        "event",
        "nope",
        ("ping", "pong"),
    )
    assert str(caught.value).startswith("no event 'nope' in this app (its events: ping, pong): ")
    assert "declare it under @events in app.arc" in str(caught.value)


def test_without_a_readable_app_arc_an_unknown_name_lists_nothing(
    bus: SandboxBus, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ARC_SANDBOX", sandbox_env({"events": bus.port, "_arc": 1}))
    with pytest.raises(UnknownResourceError) as caught:
        publish("nope", {})
    assert caught.value.known is None
    assert str(caught.value).startswith("no event 'nope' in this app: declare it")


def test_a_failing_bus_is_raised_not_swallowed(bus: SandboxBus) -> None:
    bus.answer = (500, "boom")
    with pytest.raises(ServiceError, match=r"event 'ping'.*sandbox is running.*500 'boom'"):
        publish("ping", {})


def test_a_stopped_sandbox_names_the_event_and_says_to_start_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    port = free_port()
    monkeypatch.setenv("ARC_SANDBOX", sandbox_env({"events": port, "_arc": 1}))
    with pytest.raises(ServiceError) as caught:
        publish("ping", {"id": 1})
    message = str(caught.value)
    assert f"event 'ping': nothing answered at http://localhost:{port}/events" in message
    assert "is the sandbox running?" in message
    assert isinstance(caught.value.__cause__, OSError)


def test_outside_the_sandbox_with_none_running_it_says_to_start_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A test or script beside the sandbox finds the bus's port through the sandbox's SSM.
    port = free_port()
    monkeypatch.setenv("ARC_INTERNAL_PORT", str(port))
    with pytest.raises(ServiceError) as caught:
        publish("ping", {})
    message = str(caught.value)
    assert message.startswith("cannot publish event 'ping' to the sandbox: ")
    assert f"localhost:{port}/_arc/ssm" in message
    assert "Start it with `npx arc sandbox`" in message


def test_a_sandbox_without_an_events_port_is_a_config_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("ARC_SANDBOX", sandbox_env({"http": 1, "_arc": 2}))
    with pytest.raises(ConfigError, match=r"event 'ping'.*@events or @queues"):
        publish("ping", {})


def test_staging_inside_the_sandbox_publishes_locally(
    bus: SandboxBus, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ARC_ENV", "staging")
    publish("ping", [1, 2])
    assert bus.payloads() == [[1, 2]]


@pytest.mark.parametrize(
    ("name", "payload", "message"),
    [
        (None, {}, "needs the event's name"),
        ("", {}, "needs the event's name"),
        (7, {}, "not 7"),
        ({"name": "ping", "payload": {}}, {}, r"publish\(\*\*params\)"),
        ("ping", None, "needs a payload"),
        ("ping", {"when": {1, 2}}, "cannot be sent as JSON"),
        ("ping", b"bytes", "cannot be sent as JSON"),
    ],
)
def test_bad_arguments_are_type_errors_before_any_io(
    bus: SandboxBus, name: Any, payload: Any, message: str
) -> None:
    with pytest.raises(TypeError, match=message):
        publish(name, payload)
    assert bus.posted == []


def test_a_missing_payload_argument_is_a_type_error(bus: SandboxBus) -> None:
    with pytest.raises(TypeError):
        publish("ping")  # type: ignore[call-arg]
    assert bus.posted == []


# --- on AWS: SNS on moto ---


def test_on_aws_the_payload_arrives_through_the_topic(inbox: Inbox) -> None:
    response = publish("ping", {"id": 1, "tags": ["a", "b"]})
    assert response["MessageId"]
    assert inbox(1) == [{"id": 1, "tags": ["a", "b"]}]


def test_decimals_from_dynamodb_are_sent_as_numbers(inbox: Inbox) -> None:
    publish("ping", {"price": Decimal("9.99"), "count": Decimal("3")})
    assert inbox(1) == [{"price": 9.99, "count": 3}]


def test_after_the_first_publish_each_costs_one_aws_call(
    inbox: Inbox, aws_calls: CountingProxy
) -> None:
    ssm = CallCounter(aws_calls, "ssm", "GetParametersByPath")
    sns = CallCounter(aws_calls, "sns", "Publish")
    for index in range(5):
        publish("ping", {"index": index})
    assert (ssm.count, sns.count) == (1, 5)
    assert sorted(payload["index"] for payload in inbox(5)) == [0, 1, 2, 3, 4]


def test_an_unknown_event_lists_the_known_ones(
    topic: str, aws: str, put_parameter: PutParameter
) -> None:
    put_parameter("events/pong", topic)
    with pytest.raises(UnknownResourceError) as caught:
        publish("nope", {})
    assert caught.value.known == ("ping", "pong")
    assert str(caught.value).startswith("no event 'nope' in this app (its events: ping, pong): ")
    assert f"/{aws}/events/*" in str(caught.value)


def test_an_app_without_events_says_so(aws: str) -> None:
    with pytest.raises(
        UnknownResourceError, match=r"^no event 'ping' in this app \(its events: none\)"
    ):
        publish("ping", {})


def test_a_deleted_topic_is_a_service_error_naming_the_event(topic: str) -> None:
    aws_client("sns").delete_topic(TopicArn=topic)
    with pytest.raises(ServiceError, match=r"while publishing event 'ping' to arn:aws:sns:"):
        publish("ping", {})


def test_an_unreachable_aws_endpoint_says_what_to_check(
    topic: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    publish("ping", {})
    monkeypatch.setenv("AWS_ENDPOINT_URL_SNS", f"http://127.0.0.1:{free_port()}")
    with pytest.raises(ServiceError, match=r"publishing event 'ping'.*AWS_ENDPOINT_URL"):
        publish("ping", {})


def test_the_sns_message_is_compact_json(topic: str) -> None:
    url, arn = make_queue("envelopes")
    aws_client("sns").subscribe(TopicArn=topic, Protocol="sqs", Endpoint=arn)
    publish("ping", {"a": [1, 2.0]})
    [delivered] = receive(url, 1)
    assert json.loads(delivered["Body"])["Message"] == '{"a":[1,2]}'
