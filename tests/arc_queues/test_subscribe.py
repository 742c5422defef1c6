"""subscribe(): SQS batches from moto, whole-batch failure or partial batch failure reports."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import pytest

from arc_core import InvalidRequestError
from arc_queues import publish, publish_batch, subscribe
from tests.arc_events.helpers import lambda_event, receive

Queue = tuple[str, str]


def batch_of(queue: Queue, name: str, payloads: list[Any]) -> dict[str, Any]:
    """Publish `payloads` with arc_queues and return the Lambda event SQS would deliver."""
    url, arn = queue
    publish_batch(name, payloads)
    return lambda_event(arn, receive(url, len(payloads)))


def ids(event: dict[str, Any], *indexes: int) -> list[dict[str, str]]:
    return [{"itemIdentifier": event["Records"][index]["messageId"]} for index in indexes]


class Flaky:
    """A subscriber that fails on the payloads it is told to, and records the rest."""

    def __init__(self, *failing: Any) -> None:
        self.failing = failing
        self.done: list[Any] = []

    def __call__(self, payload: Any) -> None:
        if payload in self.failing:
            raise RuntimeError(f"cannot process {payload}")
        self.done.append(payload)


class AsyncFlaky(Flaky):
    async def __call__(self, payload: Any) -> None:  # type: ignore[override]
        await asyncio.sleep(0)
        super().__call__(payload)


def test_a_message_published_with_arc_reaches_the_function(standard: Queue) -> None:
    seen: list[Any] = []
    url, arn = standard
    publish("jobs", {"id": 7})
    assert subscribe(seen.append)(lambda_event(arn, receive(url, 1)), {}) is None
    assert seen == [{"id": 7}]


def test_by_default_a_failure_fails_the_whole_batch(standard: Queue) -> None:
    event = batch_of(standard, "jobs", [1, 2, 3])
    with pytest.raises(RuntimeError, match="cannot process 2"):
        subscribe(Flaky(2))(event, None)


def test_by_default_a_body_that_is_not_json_fails_before_any_record() -> None:
    flaky = Flaky()
    event = {"Records": [{"messageId": "a", "body": "1"}, {"messageId": "b", "body": "{"}]}
    with pytest.raises(InvalidRequestError, match="record 1's body is not JSON"):
        subscribe(flaky)(event, None)
    assert flaky.done == []


def test_reporting_names_only_the_failed_messages(
    standard: Queue, caplog: pytest.LogCaptureFixture
) -> None:
    event = batch_of(standard, "jobs", [0, 1, 2, 3, 4])
    payloads = [int(record["body"]) for record in event["Records"]]
    flaky = Flaky(1, 3)
    response = subscribe(flaky, report_failures=True)(event, None)
    failed = [index for index, payload in enumerate(payloads) if payload in (1, 3)]
    assert response == {"batchItemFailures": ids(event, *failed)}
    assert sorted(flaky.done) == [0, 2, 4]
    logged = [record for record in caplog.records if record.name == "arc_queues"]
    assert len(logged) == 2
    assert all(record.levelno == logging.ERROR and record.exc_info for record in logged)


def test_reporting_with_no_failure_returns_an_empty_list(standard: Queue) -> None:
    event = batch_of(standard, "jobs", ["a", "b"])
    assert subscribe(Flaky(), report_failures=True)(event, None) == {"batchItemFailures": []}


def test_a_body_that_is_not_json_is_reported_and_the_rest_processed() -> None:
    flaky = Flaky()
    event = {"Records": [{"messageId": "a", "body": "1"}, {"messageId": "b", "body": "{"}]}
    response = subscribe(flaky, report_failures=True)(event, None)
    assert response == {"batchItemFailures": [{"itemIdentifier": "b"}]}
    assert flaky.done == [1]


def test_an_async_function_reports_failures_and_runs_concurrently(standard: Queue) -> None:
    event = batch_of(standard, "jobs", [0, 1, 2, 3])
    payloads = [int(record["body"]) for record in event["Records"]]
    flaky = AsyncFlaky(2)
    response = subscribe(flaky, report_failures=True)(event, None)
    assert response == {"batchItemFailures": ids(event, payloads.index(2))}
    assert sorted(flaky.done) == [0, 1, 3]


def test_a_fifo_batch_stops_at_the_first_failure_and_reports_the_rest(fifo: Queue) -> None:
    event = batch_of(fifo, "orders", ["a", "b", "c", "d", "e"])
    flaky = Flaky("c")
    response = subscribe(flaky, report_failures=True)(event, None)
    assert flaky.done == ["a", "b"]
    assert response == {"batchItemFailures": ids(event, 2, 3, 4)}


def test_an_async_fifo_batch_runs_in_order_and_stops_at_the_first_failure(fifo: Queue) -> None:
    event = batch_of(fifo, "orders", ["a", "b", "c", "d"])
    steps: list[str] = []

    async def handle(payload: str) -> None:
        steps.append(f"start {payload}")
        await asyncio.sleep(0)
        if payload == "c":
            raise RuntimeError("c")
        steps.append(f"end {payload}")

    response = subscribe(handle, report_failures=True)(event, None)
    assert steps == ["start a", "end a", "start b", "end b", "start c"]
    assert response == {"batchItemFailures": ids(event, 2, 3)}


def test_a_failure_on_the_last_fifo_record_reports_only_it(fifo: Queue) -> None:
    event = batch_of(fifo, "orders", ["a", "b"])
    response = subscribe(Flaky("b"), report_failures=True)(event, None)
    assert response == {"batchItemFailures": ids(event, 1)}


def test_without_reporting_a_fifo_batch_still_runs_in_order(fifo: Queue) -> None:
    event = batch_of(fifo, "orders", ["a", "b", "c"])
    steps: list[str] = []

    async def handle(payload: str) -> None:
        steps.append(f"start {payload}")
        await asyncio.sleep(0)
        if payload == "b":
            raise RuntimeError("b")
        steps.append(f"end {payload}")

    with pytest.raises(RuntimeError, match="b"):
        subscribe(handle)(event, None)
    assert steps == ["start a", "end a", "start b"]


def test_a_standard_batch_runs_an_async_function_concurrently(standard: Queue) -> None:
    event = batch_of(standard, "jobs", ["a", "b"])
    steps: list[str] = []

    async def handle(payload: str) -> None:
        steps.append("start")
        await asyncio.sleep(0)
        steps.append("end")

    subscribe(handle)(event, None)
    assert steps == ["start", "start", "end", "end"]


def test_a_failure_without_a_message_id_is_raised_not_dropped() -> None:
    # The sandbox sends records with a body only: no id to report, so the error is raised.
    with pytest.raises(RuntimeError, match="cannot process 1"):
        subscribe(Flaky(1), report_failures=True)({"Records": [{"body": "1"}]}, None)


def test_a_malformed_event_is_still_an_error_when_reporting() -> None:
    with pytest.raises(InvalidRequestError, match='no "Records" list'):
        subscribe(Flaky(), report_failures=True)({"Sns": {}}, None)
