"""arc_testing.events.sqs, .sns and .scheduled: records as SQS, SNS and EventBridge deliver them.

Each payload is the JSON text `arc.queues.publish` / `arc.events.publish` send; the
subscribers of arc_queues and arc_events read them back.
"""

from __future__ import annotations

import calendar
import hashlib
import json
import re
import time
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import arc_events
import arc_queues
from arc_core import dumps
from arc_testing import events

UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$")

# --- SQS -----------------------------------------------------------------------------


def test_an_sqs_record_has_what_sqs_sends() -> None:
    before = int(time.time() * 1000)
    record = events.sqs([{"id": "job-1", "n": 1.0}], name="jobs")["Records"][0]
    after = int(time.time() * 1000)

    assert list(record) == [
        "messageId",
        "receiptHandle",
        "body",
        "attributes",
        "messageAttributes",
        "md5OfBody",
        "eventSource",
        "eventSourceARN",
        "awsRegion",
    ]
    assert record["body"] == '{"id":"job-1","n":1}'
    assert UUID.match(record["messageId"])
    assert record["receiptHandle"].startswith("AQEB")
    assert record["md5OfBody"] == hashlib.md5(record["body"].encode()).hexdigest()
    assert record["messageAttributes"] == {}
    assert record["eventSource"] == "aws:sqs"
    assert record["eventSourceARN"] == "arn:aws:sqs:us-west-2:123456789012:jobs"
    assert record["awsRegion"] == "us-west-2"
    attributes = record["attributes"]
    assert list(attributes) == [
        "ApproximateReceiveCount",
        "SentTimestamp",
        "SenderId",
        "ApproximateFirstReceiveTimestamp",
    ]
    assert attributes["ApproximateReceiveCount"] == "1"
    assert before <= int(attributes["SentTimestamp"]) <= after
    assert attributes["ApproximateFirstReceiveTimestamp"] == attributes["SentTimestamp"]


def test_fifo_records_have_a_group_a_sequence_and_a_content_deduplication_id() -> None:
    records = events.sqs([{"n": 1}, {"n": 2}, {"n": 3}], fifo=True, name="orders")["Records"]

    assert {record["eventSourceARN"] for record in records} == {
        "arn:aws:sqs:us-west-2:123456789012:orders.fifo"
    }
    attributes = [record["attributes"] for record in records]
    assert list(attributes[0]) == [
        "ApproximateReceiveCount",
        "SentTimestamp",
        "SequenceNumber",
        "MessageGroupId",
        "SenderId",
        "MessageDeduplicationId",
        "ApproximateFirstReceiveTimestamp",
    ]
    # The group defaults to the queue's name, as arc.queues.publish gives it.
    assert {found["MessageGroupId"] for found in attributes} == {"orders"}
    sequence = [int(found["SequenceNumber"]) for found in attributes]
    assert all(len(found["SequenceNumber"]) == 20 for found in attributes)
    assert sequence == sorted(sequence)
    assert len(set(sequence)) == 3
    for record in records:
        digest = hashlib.sha256(record["body"].encode()).hexdigest()
        assert record["attributes"]["MessageDeduplicationId"] == digest


def test_a_fifo_group_id_is_every_records_group() -> None:
    records = events.sqs([{}, {}], fifo=True, group_id="customer-7")["Records"]

    assert [record["attributes"]["MessageGroupId"] for record in records] == ["customer-7"] * 2


def test_a_fifo_queue_name_keeps_one_fifo_suffix() -> None:
    arn = events.sqs([{}], fifo=True, name="jobs.fifo")["Records"][0]["eventSourceARN"]

    assert arn.endswith(":jobs.fifo")


def test_a_group_id_needs_a_fifo_queue() -> None:
    with pytest.raises(ValueError, match="group_id goes with fifo=True"):
        events.sqs([{}], group_id="g")


def test_the_region_is_aws_region(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_REGION", "eu-central-1")

    record = events.sqs([{}])["Records"][0]
    topic = events.sns([{}])["Records"][0]["Sns"]["TopicArn"]

    assert record["awsRegion"] == "eu-central-1"
    assert record["eventSourceARN"].startswith("arn:aws:sqs:eu-central-1:")
    assert topic.startswith("arn:aws:sns:eu-central-1:")
    assert events.scheduled()["region"] == "eu-central-1"


def test_message_ids_are_random() -> None:
    records = events.sqs([{}, {}])["Records"]

    assert records[0]["messageId"] != records[1]["messageId"]
    assert records[0]["receiptHandle"] != records[1]["receiptHandle"]


def test_arc_queues_subscribe_gets_each_payload() -> None:
    received: list[Any] = []
    handler = arc_queues.subscribe(received.append)

    handler(events.sqs([{"a": 1}, ["x"], "text", 2.5]), None)

    assert received == [{"a": 1}, ["x"], "text", 2.5]


def test_a_failed_fifo_record_is_reported_with_every_later_one_by_message_id() -> None:
    event = events.sqs([{"n": 1}, {"n": 2}, {"n": 3}], fifo=True)

    def fail_on_two(payload: dict[str, int]) -> None:
        if payload["n"] == 2:
            raise RuntimeError("two")

    reply = arc_queues.subscribe(fail_on_two, report_failures=True)(event, None)

    later = [record["messageId"] for record in event["Records"][1:]]
    assert reply == {"batchItemFailures": [{"itemIdentifier": found} for found in later]}


# --- SNS -----------------------------------------------------------------------------


def test_an_sns_record_has_what_sns_sends() -> None:
    record = events.sns([{"id": "ping-1"}], name="pings")["Records"][0]

    assert list(record) == ["EventSource", "EventVersion", "EventSubscriptionArn", "Sns"]
    assert record["EventSource"] == "aws:sns"
    assert record["EventVersion"] == "1.0"
    topic = "arn:aws:sns:us-west-2:123456789012:pings"
    assert re.fullmatch(re.escape(topic) + r":[0-9a-f-]{36}", record["EventSubscriptionArn"])
    sns = record["Sns"]
    assert sns["Type"] == "Notification"
    assert UUID.match(sns["MessageId"])
    assert sns["TopicArn"] == topic
    assert sns["Subject"] is None
    assert sns["Message"] == '{"id":"ping-1"}'
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", sns["Timestamp"])
    assert sns["SignatureVersion"] == "1"
    assert sns["MessageAttributes"] == {}
    assert sns["SigningCertUrl"].startswith("https://sns.us-west-2.amazonaws.com/")
    assert sns["UnsubscribeUrl"].endswith(f"SubscriptionArn={record['EventSubscriptionArn']}")


def test_arc_events_subscribe_and_parse_get_the_payload() -> None:
    received: list[Any] = []

    arc_events.subscribe(received.append)(events.sns([{"a": [1, None]}]), None)

    assert received == [{"a": [1, None]}]
    assert arc_events.parse(events.sns([{"b": True}])) == {"b": True}


# --- Payloads ------------------------------------------------------------------------

FACTORIES = [events.sqs, events.sns]


@pytest.mark.parametrize("factory", FACTORIES)
@pytest.mark.parametrize("payloads", [{"a": 1}, "text", b"bytes"])
def test_one_payload_instead_of_a_list_is_refused(factory: Any, payloads: Any) -> None:
    with pytest.raises(TypeError, match="takes a list of payloads"):
        factory(payloads)


@pytest.mark.parametrize("factory", FACTORIES)
def test_a_payload_that_is_none_or_not_json_is_refused(factory: Any) -> None:
    with pytest.raises(TypeError, match="payload 1 is None"):
        factory([{}, None])
    with pytest.raises(TypeError, match="payload 0 cannot be sent as JSON"):
        factory([{1, 2}])


@pytest.mark.parametrize("factory", FACTORIES)
def test_no_payload_is_refused(factory: Any) -> None:
    with pytest.raises(ValueError, match="needs at least one payload"):
        factory([])


JSON = st.recursive(
    st.booleans()
    | st.integers(-(2**53), 2**53)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=5), children, max_size=3)
    ),
    max_leaves=10,
)


@given(payloads=st.lists(JSON, min_size=1, max_size=4))
def test_any_payloads_reach_the_subscribers_as_they_were_published(payloads: list[Any]) -> None:
    queued: list[Any] = []
    told: list[Any] = []

    arc_queues.subscribe(queued.append)(events.sqs(payloads, fifo=True), None)
    arc_events.subscribe(told.append)(events.sns(payloads), None)

    # As a JavaScript subscriber would read them: JSON.stringify writes 1e16 as 10000000000000000.
    published = [json.loads(dumps(payload)) for payload in payloads]
    assert queued == published
    assert told == published


# --- EventBridge ---------------------------------------------------------------------


def test_a_scheduled_event_is_eventbridges() -> None:
    event = events.scheduled(name="daily-report")

    assert list(event) == [
        "version",
        "id",
        "detail-type",
        "source",
        "account",
        "time",
        "region",
        "resources",
        "detail",
    ]
    assert event["version"] == "0"
    assert UUID.match(event["id"])
    assert event["detail-type"] == "Scheduled Event"
    assert event["source"] == "aws.events"
    assert event["account"] == "123456789012"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", event["time"])
    when = calendar.timegm(time.strptime(event["time"], "%Y-%m-%dT%H:%M:%SZ"))
    assert abs(when - time.time()) < 5
    assert event["region"] == "us-west-2"
    assert event["resources"] == ["arn:aws:events:us-west-2:123456789012:rule/daily-report"]
    assert event["detail"] == {}
