"""publish_batch(): SNS PublishBatch on moto in chunks, and one bus POST each locally."""

from __future__ import annotations

from typing import Any

import pytest

from arc_core import ServiceError, UnknownResourceError, aws_client
from arc_events import BatchFailure, PublishBatchError, publish, publish_batch
from tests.arc_events.conftest import Inbox
from tests.arc_events.helpers import SandboxBus
from tests.conftest import CallCounter, free_port
from tools.bench._proxy import CountingProxy

# SNS refuses a message over 256 KiB; moto reports it as that entry's failure.
TOO_LONG = "x" * (256 * 1024 + 1)


def test_more_than_ten_payloads_go_in_chunks_of_ten_and_all_arrive(
    inbox: Inbox, aws_calls: CountingProxy
) -> None:
    calls = CallCounter(aws_calls, "sns", "PublishBatch")
    assert publish_batch("ping", [{"n": n} for n in range(25)]) == []
    assert calls.count == 3
    assert sorted(payload["n"] for payload in inbox(25)) == list(range(25))


def test_chunks_also_stay_under_256_kib(inbox: Inbox, aws_calls: CountingProxy) -> None:
    calls = CallCounter(aws_calls, "sns", "PublishBatch")
    big = "y" * (100 * 1024)
    publish_batch("ping", [big] * 5)
    # 100 KiB each: two fit in one call, a third would pass 256 KiB.
    assert calls.count == 3
    assert inbox(5) == [big] * 5


def test_a_payload_sns_refuses_is_returned_and_the_rest_arrive(inbox: Inbox) -> None:
    payloads: list[Any] = [{"n": n} for n in range(12)]
    payloads[7] = TOO_LONG
    failed = publish_batch("ping", payloads, raise_on_failure=False)
    [failure] = failed
    assert (failure.index, failure.payload, failure.code) == (7, TOO_LONG, "InvalidParameter")
    assert "too long" in failure.message
    assert failure.sender_fault is True
    delivered = inbox(11)
    assert sorted(payload["n"] for payload in delivered) == [n for n in range(12) if n != 7]


def test_by_default_a_refused_payload_raises_with_every_failure(inbox: Inbox) -> None:
    with pytest.raises(PublishBatchError) as caught:
        publish_batch("ping", [{"n": 1}, TOO_LONG, {"n": 3}])
    assert [failure.index for failure in caught.value.failed] == [1]
    assert str(caught.value).startswith(
        "1 of 3 payloads were not published to event 'ping'; the first, index 1: InvalidParameter"
    )
    assert isinstance(caught.value, ServiceError)
    assert sorted(payload["n"] for payload in inbox(2)) == [1, 3]


def test_a_call_aws_refuses_whole_fails_every_payload_in_it(topic: str) -> None:
    publish("ping", {})  # the service map is read while the topic exists
    aws_client("sns").delete_topic(TopicArn=topic)
    failed = publish_batch("ping", [{"n": n} for n in range(12)], raise_on_failure=False)
    assert [failure.index for failure in failed] == list(range(12))
    assert {failure.code for failure in failed} == {"NotFound"}
    assert failed[11] == BatchFailure(11, {"n": 11}, "NotFound", failed[11].message, True)


def test_an_unreachable_endpoint_raises_even_when_told_not_to(
    topic: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    publish("ping", {})
    monkeypatch.setenv("AWS_ENDPOINT_URL_SNS", f"http://127.0.0.1:{free_port()}")
    with pytest.raises(PublishBatchError) as caught:
        publish_batch("ping", ["a", "b", "c"], raise_on_failure=False)
    assert [failure.payload for failure in caught.value.failed] == ["a", "b", "c"]
    assert caught.value.failed[0].code == "EndpointConnectionError"
    assert isinstance(caught.value.__cause__, ServiceError)
    assert "AWS_ENDPOINT_URL" in str(caught.value.__cause__)


def test_an_empty_batch_does_nothing(bus: SandboxBus) -> None:
    assert publish_batch("ping", []) == []
    assert bus.posted == []


def test_locally_each_payload_is_one_post_in_order(bus: SandboxBus) -> None:
    assert publish_batch("ping", iter([{"n": 1}, {"n": 2}, {"n": 3}])) == []
    assert bus.payloads() == [{"n": 1}, {"n": 2}, {"n": 3}]
    assert {request.path for request in bus.posted} == {"/events"}


def test_locally_an_unknown_name_is_an_unknown_resource_error_at_the_first_post(
    bus: SandboxBus,
) -> None:
    with pytest.raises(UnknownResourceError, match="no event 'nope'"):
        publish_batch("nope", ["a", "b"], raise_on_failure=False)
    assert len(bus.posted) == 1


def test_locally_a_refusal_stops_and_lists_every_payload_not_sent(bus: SandboxBus) -> None:
    bus.answer = (500, "boom")
    with pytest.raises(PublishBatchError) as caught:
        publish_batch("ping", ["a", "b"], raise_on_failure=False)
    assert [(failure.index, failure.payload) for failure in caught.value.failed] == [
        (0, "a"),
        (1, "b"),
    ]
    assert "500 'boom'" in caught.value.failed[0].message
    assert len(bus.posted) == 1


def test_a_bad_payload_is_a_type_error_naming_its_index_before_any_io(bus: SandboxBus) -> None:
    with pytest.raises(TypeError, match=r"^payload at index 2: .*cannot be sent as JSON"):
        publish_batch("ping", [{"n": 1}, {"n": 2}, {"n": {3}}])
    with pytest.raises(TypeError, match=r"^payload at index 1: .*needs a payload"):
        publish_batch("ping", [{}, None])
    assert bus.posted == []


@pytest.mark.parametrize("payloads", ["abc", b"abc", {"n": 1}])
def test_a_single_payload_instead_of_a_list_is_a_type_error(bus: SandboxBus, payloads: Any) -> None:
    with pytest.raises(TypeError, match="takes a list of payloads"):
        publish_batch("ping", payloads)
    assert bus.posted == []


def test_a_bad_name_is_a_type_error_even_for_an_empty_batch(bus: SandboxBus) -> None:
    with pytest.raises(TypeError, match="needs the event's name"):
        publish_batch("", [])
