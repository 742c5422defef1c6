"""publish() to the sandbox's bus (a real HTTP server here) and to SQS queues on moto."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest

from arc_core import ServiceError, UnknownResourceError, aws_client
from arc_queues import publish
from tests.arc_events.helpers import SandboxBus, receive, sandbox_env
from tests.conftest import CallCounter, PutParameter, free_port
from tools.bench._proxy import CountingProxy

Queue = tuple[str, str]

# --- locally: the sandbox's events bus, shared with @events ---


def test_locally_it_posts_name_and_payload_to_the_queues_path(bus: SandboxBus) -> None:
    assert publish("jobs", {"id": 1}) == {}
    [posted] = bus.posted
    assert posted.path == "/queues"
    assert posted.body == b'{"name":"jobs","payload":{"id":1}}\n'


def test_locally_the_sqs_options_are_accepted_and_not_sent(bus: SandboxBus) -> None:
    publish("jobs", [1], delay_seconds=5, group_id="g", dedup_id="d")
    assert bus.posted[0].json == {"name": "jobs", "payload": [1]}


def test_a_queue_the_sandbox_does_not_know_lists_those_app_arc_declares(bus: SandboxBus) -> None:
    with pytest.raises(UnknownResourceError) as caught:
        publish("nope", {})
    assert caught.value.known == ("jobs", "jobs.fifo")
    assert str(caught.value).startswith("no queue 'nope' in this app (its queues: jobs, jobs.fifo)")


def test_a_stopped_sandbox_names_the_queue_and_says_to_start_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("ARC_SANDBOX", sandbox_env({"events": free_port(), "_arc": 1}))
    with pytest.raises(ServiceError, match=r"queue 'jobs'.*/queues .*is the sandbox running"):
        publish("jobs", {})


@pytest.mark.parametrize(
    ("options", "error", "message"),
    [
        ({"delay_seconds": "5"}, TypeError, "delay_seconds must be an int"),
        ({"delay_seconds": True}, TypeError, "delay_seconds must be an int"),
        ({"delay_seconds": -1}, ValueError, "0 to 900"),
        ({"delay_seconds": 901}, ValueError, "0 to 900"),
        ({"group_id": ""}, TypeError, "group_id must be a non-empty str"),
        ({"dedup_id": 3}, TypeError, "dedup_id must be a non-empty str"),
    ],
)
def test_bad_options_are_refused_before_any_io(
    bus: SandboxBus, options: dict[str, Any], error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message):
        publish("jobs", {}, **options)
    assert bus.posted == []


@pytest.mark.parametrize(("name", "payload"), [(None, {}), ("", {}), ("jobs", None)])
def test_missing_name_or_payload_is_a_type_error_before_any_io(
    bus: SandboxBus, name: Any, payload: Any
) -> None:
    with pytest.raises(TypeError, match="queue"):
        publish(name, payload)
    assert bus.posted == []


# --- on AWS: SQS on moto ---


def test_a_standard_queue_gets_the_message_with_no_fifo_fields(standard: Queue) -> None:
    url, _ = standard
    response = publish("jobs", {"id": 1, "price": Decimal("1.50")})
    [message] = receive(url, 1)
    assert message["MessageId"] == response["MessageId"]
    assert message["Body"] == '{"id":1,"price":1.5}'
    assert "MessageGroupId" not in message["Attributes"]
    assert "MessageDeduplicationId" not in message["Attributes"]


def test_a_delay_is_sent_only_when_given(standard: Queue) -> None:
    url, _ = standard
    publish("jobs", "later", delay_seconds=600)
    publish("jobs", "now")
    assert [message["Body"] for message in receive(url, 2, timeout=0.5)] == ['"now"']


def test_a_fifo_queue_groups_by_queue_name_by_default(fifo: Queue) -> None:
    url, _ = fifo
    publish("orders", {"n": 1})
    publish("orders", {"n": 2}, group_id="customer-7")
    first, second = receive(url, 2)
    assert first["Attributes"]["MessageGroupId"] == "orders"
    assert second["Attributes"]["MessageGroupId"] == "customer-7"


def test_a_fifo_queue_deduplicates_by_content(fifo: Queue) -> None:
    url, _ = fifo
    publish("orders", {"n": 1})
    publish("orders", {"n": 1})
    publish("orders", {"n": 2})
    assert [message["Body"] for message in receive(url, 3, timeout=0.5)] == [
        '{"n":1}',
        '{"n":2}',
    ]


def test_a_dedup_id_is_sent_when_given(fifo: Queue) -> None:
    url, _ = fifo
    publish("orders", {"n": 1}, dedup_id="order-1")
    publish("orders", {"n": 1, "retry": True}, dedup_id="order-1")
    [message] = receive(url, 2, timeout=0.5)
    assert message["Attributes"]["MessageDeduplicationId"] == "order-1"
    assert json.loads(message["Body"]) == {"n": 1}


def test_a_delay_on_a_fifo_queue_is_refused_before_sending(
    fifo: Queue, aws_calls: CountingProxy
) -> None:
    url, _ = fifo
    calls = CallCounter(aws_calls, "sqs", "SendMessage")
    with pytest.raises(ValueError, match=r"'orders' is FIFO.*DelaySeconds on the queue"):
        publish("orders", {}, delay_seconds=10)
    assert calls.count == 0
    publish("orders", {"n": 0}, delay_seconds=0)
    assert len(receive(url, 1)) == 1


def test_after_the_first_publish_each_costs_one_aws_call(
    standard: Queue, aws_calls: CountingProxy
) -> None:
    url, _ = standard
    ssm = CallCounter(aws_calls, "ssm", "GetParametersByPath")
    sqs = CallCounter(aws_calls, "sqs", "SendMessage")
    for index in range(4):
        publish("jobs", index)
    assert (ssm.count, sqs.count) == (1, 4)
    assert sorted(message["Body"] for message in receive(url, 4)) == ["0", "1", "2", "3"]


def test_an_unknown_queue_lists_the_known_ones(
    standard: Queue, put_parameter: PutParameter
) -> None:
    put_parameter("queues/emails", standard[0])
    with pytest.raises(UnknownResourceError) as caught:
        publish("nope", {})
    assert caught.value.known == ("emails", "jobs")
    assert isinstance(caught.value, LookupError)


def test_a_deleted_queue_is_a_service_error_naming_it(standard: Queue) -> None:
    aws_client("sqs").delete_queue(QueueUrl=standard[0])
    with pytest.raises(ServiceError, match=r"while sending a message to queue 'jobs'"):
        publish("jobs", {})
