"""Fixtures of the arc_events tests: the sandbox's bus, and an @events topic on moto."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from arc_core import aws_client
from tests.arc_events.helpers import bus as bus
from tests.arc_events.helpers import make_queue, receive
from tests.conftest import PutParameter

#: Waits for `count` messages delivered through the topic; returns their payloads.
Inbox = Callable[[int], list[Any]]


@pytest.fixture
def topic(aws: str, put_parameter: PutParameter) -> str:
    """The @events topic `ping` on moto, deployed as Architect does; returns its ARN."""
    arn: str = aws_client("sns").create_topic(Name=f"{aws}-ping")["TopicArn"]
    put_parameter("events/ping", arn)
    return arn


@pytest.fixture
def inbox(topic: str) -> Inbox:
    """A queue subscribed to the `ping` topic: what SNS really delivered, decoded."""
    url, arn = make_queue("ping-inbox")
    aws_client("sns").subscribe(
        TopicArn=topic,
        Protocol="sqs",
        Endpoint=arn,
        Attributes={"RawMessageDelivery": "true"},
    )

    def read(count: int) -> list[Any]:
        import json

        return [json.loads(message["Body"]) for message in receive(url, count)]

    return read
