"""`sqs()`, `sns()` and `scheduled()`: the events of @queues, @events and @scheduled functions.

As AWS delivers them to Lambda. The sandbox 8.0.0 sends only the message of each record
(`{"Records": [{"body": ...}]}` for a queue, `{"Records": [{"Sns": {"Message": ...}}]}`
for a topic), which these records hold in the same places; it runs no @scheduled function.
"""

from __future__ import annotations

import hashlib
import secrets
import uuid
from collections.abc import Iterable
from typing import Any

import arc_core

from ._events_common import ACCOUNT_ID, Clock, encode_payloads, random_base64

__all__ = ["scheduled", "sns", "sqs"]

# How SQS names FIFO queues.
_FIFO_SUFFIX = ".fifo"
# The SenderId of the SQS examples in AWS's Lambda documentation.
_SENDER_ID = "AIDAIENQZJOLO23YVJ4VO"
# SQS sequence numbers of FIFO messages: 20 decimal digits, increasing within a group.
_SEQUENCE_START = 10**19
# Sizes of the random receipt handle and SNS signature (bytes before base64).
_RECEIPT_HANDLE_BYTES = 96
_SIGNATURE_BYTES = 256


def sqs(
    payloads: Iterable[Any],
    *,
    fifo: bool = False,
    group_id: str | None = None,
    name: str = "queue",
) -> dict[str, Any]:
    """Return the SQS event that delivers `payloads` to the @queues function `name`.

    One record per payload, its `body` the payload as JSON text, as `arc.queues.publish`
    sends it (Node's `JSON.stringify`, like `arc_core.dumps`), with the attributes SQS
    adds: `messageId`, `receiptHandle`, `md5OfBody`, `eventSourceARN` (the queue's ARN in
    `AWS_REGION`, us-west-2 when unset), `attributes` (`SentTimestamp`...). A `fifo`
    queue's name ends in `.fifo` and each record's attributes add `MessageGroupId`
    (`group_id`, else the queue's name, as `arc.queues.publish` does), an increasing
    `SequenceNumber` and `MessageDeduplicationId` (the SHA-256 of the body: Architect's
    FIFO queues deduplicate by content).

    Raises `TypeError` when `payloads` is one payload (a dict, a str) instead of a list,
    or holds None or a value that is not JSON; `ValueError` for no payload, or a
    `group_id` without `fifo`.

    >>> event = sqs([{"n": 1}, {"n": 2}], fifo=True, name="jobs")
    >>> [record["body"] for record in event["Records"]]
    ['{"n":1}', '{"n":2}']
    >>> event["Records"][0]["attributes"]["MessageGroupId"]
    'jobs'
    """
    if group_id is not None and not fifo:
        raise ValueError("group_id goes with fifo=True: standard queues have no message groups")
    messages = encode_payloads(payloads, "sqs")
    clock = Clock()
    region = arc_core.region()
    queue = name + _FIFO_SUFFIX if fifo and not name.endswith(_FIFO_SUFFIX) else name
    arn = f"arn:aws:sqs:{region}:{ACCOUNT_ID}:{queue}"
    sequence = _SEQUENCE_START + secrets.randbelow(_SEQUENCE_START)
    records = []
    for index, message in enumerate(messages):
        sent = str(clock.epoch_ms)
        attributes = {"ApproximateReceiveCount": "1", "SentTimestamp": sent}
        if fifo:
            attributes["SequenceNumber"] = str(sequence + index)
            attributes["MessageGroupId"] = group_id or name
        attributes["SenderId"] = _SENDER_ID
        if fifo:
            attributes["MessageDeduplicationId"] = hashlib.sha256(message.encode()).hexdigest()
        attributes["ApproximateFirstReceiveTimestamp"] = sent
        records.append(
            {
                "messageId": str(uuid.uuid4()),
                "receiptHandle": "AQEB" + random_base64(_RECEIPT_HANDLE_BYTES),
                "body": message,
                "attributes": attributes,
                "messageAttributes": {},
                "md5OfBody": hashlib.md5(message.encode(), usedforsecurity=False).hexdigest(),
                "eventSource": "aws:sqs",
                "eventSourceARN": arn,
                "awsRegion": region,
            }
        )
    return {"Records": records}


def sns(payloads: Iterable[Any], *, name: str = "topic") -> dict[str, Any]:
    """Return the SNS event that delivers `payloads` to the @events function `name`.

    One record per payload (SNS sends Lambda one at a time; a list is for tests of a
    batch), its `Sns.Message` the payload as JSON text, as `arc.events.publish` sends
    it, with what SNS adds: `MessageId`, `TopicArn` (in `AWS_REGION`, us-west-2 when
    unset), `Subject` (null), `Timestamp`, a signature (random: it verifies nothing).

    Raises `TypeError` when `payloads` is one payload instead of a list, or holds None
    or a value that is not JSON; `ValueError` for no payload.

    >>> sns([{"id": 1}], name="pings")["Records"][0]["Sns"]["Message"]
    '{"id":1}'
    """
    messages = encode_payloads(payloads, "sns")
    clock = Clock()
    region = arc_core.region()
    topic = f"arn:aws:sns:{region}:{ACCOUNT_ID}:{name}"
    host = f"https://sns.{region}.amazonaws.com"
    records = []
    for message in messages:
        subscription = f"{topic}:{uuid.uuid4()}"
        records.append(
            {
                "EventSource": "aws:sns",
                "EventVersion": "1.0",
                "EventSubscriptionArn": subscription,
                "Sns": {
                    "Type": "Notification",
                    "MessageId": str(uuid.uuid4()),
                    "TopicArn": topic,
                    "Subject": None,
                    "Message": message,
                    "Timestamp": clock.iso_ms,
                    "SignatureVersion": "1",
                    "Signature": random_base64(_SIGNATURE_BYTES),
                    "SigningCertUrl": (
                        f"{host}/SimpleNotificationService-{secrets.token_hex(16)}.pem"
                    ),
                    "UnsubscribeUrl": (
                        f"{host}/?Action=Unsubscribe&SubscriptionArn={subscription}"
                    ),
                    "MessageAttributes": {},
                },
            }
        )
    return {"Records": records}


def scheduled(*, name: str = "schedule") -> dict[str, Any]:
    """Return the EventBridge event that runs the @scheduled function `name`, now.

    >>> event = scheduled(name="daily")
    >>> event["detail-type"], event["source"], event["detail"]
    ('Scheduled Event', 'aws.events', {})
    """
    region = arc_core.region()
    return {
        "version": "0",
        "id": str(uuid.uuid4()),
        "detail-type": "Scheduled Event",
        "source": "aws.events",
        "account": ACCOUNT_ID,
        "time": Clock().iso,
        "region": region,
        "resources": [f"arn:aws:events:{region}:{ACCOUNT_ID}:rule/{name}"],
        "detail": {},
    }
