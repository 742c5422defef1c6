"""publish_batch(): SQS SendMessageBatch on moto in chunks; partial failures accounted for."""

from __future__ import annotations

import json
from typing import Any

import pytest

from arc_core import aws_client
from arc_queues import PublishBatchError, publish_batch
from tests.arc_events.helpers import SandboxBus, make_queue, receive
from tests.conftest import CallCounter, PutParameter
from tools.bench._proxy import CountingProxy

Queue = tuple[str, str]


def test_more_than_ten_payloads_go_in_chunks_of_ten_and_all_arrive(
    standard: Queue, aws_calls: CountingProxy
) -> None:
    url, _ = standard
    calls = CallCounter(aws_calls, "sqs", "SendMessageBatch")
    assert publish_batch("jobs", [{"n": n} for n in range(23)]) == []
    assert calls.count == 3
    delivered = receive(url, 23)
    assert sorted(json.loads(message["Body"])["n"] for message in delivered) == list(range(23))
    assert all("MessageGroupId" not in message["Attributes"] for message in delivered)


def test_a_fifo_batch_arrives_in_order_in_one_group(fifo: Queue) -> None:
    url, _ = fifo
    publish_batch("orders", [{"n": n} for n in range(15)], group_id="customer-7")
    delivered = receive(url, 15)
    assert [json.loads(message["Body"])["n"] for message in delivered] == list(range(15))
    assert {message["Attributes"]["MessageGroupId"] for message in delivered} == {"customer-7"}


def test_a_fifo_batch_groups_by_queue_name_by_default(fifo: Queue) -> None:
    url, _ = fifo
    publish_batch("orders", ["a", "b"])
    assert {message["Attributes"]["MessageGroupId"] for message in receive(url, 2)} == {"orders"}


def test_a_delay_applies_to_every_message_of_the_batch(standard: Queue) -> None:
    url, _ = standard
    publish_batch("jobs", ["a", "b"], delay_seconds=600)
    assert receive(url, 1, timeout=0.3) == []


def test_a_delay_on_a_fifo_batch_is_refused(fifo: Queue) -> None:
    with pytest.raises(ValueError, match="'orders' is FIFO"):
        publish_batch("orders", ["a"], delay_seconds=1)


def test_a_chunk_sqs_refuses_is_returned_and_the_other_chunks_arrive(
    put_parameter: PutParameter,
) -> None:
    url, _ = make_queue("small", MaximumMessageSize="1024")
    put_parameter("queues/small", url)
    payloads: list[dict[str, Any]] = [{"n": n} for n in range(25)]
    payloads[12] = {"n": 12, "blob": "z" * 2000}
    failed = publish_batch("small", payloads, raise_on_failure=False)
    # SQS refuses the whole call with the oversized message: the chunk 10-19 fails.
    assert [failure.index for failure in failed] == list(range(10, 20))
    assert failed[2].payload == payloads[12]
    assert {failure.code for failure in failed} == {"InvalidParameterValue"}
    assert all(failure.sender_fault for failure in failed)
    delivered = receive(url, 15)
    expected = [n for n in range(25) if not 10 <= n < 20]
    assert sorted(json.loads(message["Body"])["n"] for message in delivered) == expected


def test_by_default_failures_raise_and_list_the_payloads_to_retry(
    put_parameter: PutParameter,
) -> None:
    url, _ = make_queue("small", MaximumMessageSize="1024")
    put_parameter("queues/small", url)
    with pytest.raises(PublishBatchError) as caught:
        publish_batch("small", ["ok", "z" * 2000])
    assert [failure.payload for failure in caught.value.failed] == ["ok", "z" * 2000]
    assert str(caught.value).startswith("2 of 2 payloads were not published to queue 'small'")


def test_a_deleted_queue_fails_every_payload(standard: Queue) -> None:
    publish_batch("jobs", ["read the service map"])
    aws_client("sqs").delete_queue(QueueUrl=standard[0])
    failed = publish_batch("jobs", list(range(11)), raise_on_failure=False)
    assert [failure.payload for failure in failed] == list(range(11))


def test_locally_each_payload_is_one_post_to_the_queues_path(bus: SandboxBus) -> None:
    publish_batch("jobs", [1, 2], delay_seconds=3)
    assert [(request.path, request.json["payload"]) for request in bus.posted] == [
        ("/queues", 1),
        ("/queues", 2),
    ]


def test_bad_input_is_refused_before_any_io(bus: SandboxBus) -> None:
    with pytest.raises(TypeError, match="payload at index 1"):
        publish_batch("jobs", [1, {2}])
    with pytest.raises(ValueError, match="0 to 900"):
        publish_batch("jobs", [1], delay_seconds=1000)
    with pytest.raises(TypeError, match="takes a list of payloads"):
        publish_batch("jobs", "abc")
    assert bus.posted == []
