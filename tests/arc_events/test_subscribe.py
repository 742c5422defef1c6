"""subscribe(): a synchronous Lambda handler for plain and async functions of one payload."""

from __future__ import annotations

import asyncio
from functools import partial
from typing import Any

import pytest

from arc_core import InvalidRequestError
from arc_events import subscribe
from tests.arc_events.helpers import sns_event

# The context the sandbox passes a Python handler: a dict, not an object.
SANDBOX_CONTEXT = {"aws_request_id": "1", "function_name": "sandbox-ping"}


def test_the_function_gets_each_payload_in_order() -> None:
    seen: list[Any] = []
    handler = subscribe(seen.append)
    handler(sns_event({"n": 1}, {"n": 2}, "three"), SANDBOX_CONTEXT)
    assert seen == [{"n": 1}, {"n": 2}, "three"]


def test_the_context_is_optional() -> None:
    seen: list[Any] = []
    subscribe(seen.append)(sns_event(1))
    assert seen == [1]


def test_an_empty_event_calls_the_function_with_an_empty_object() -> None:
    seen: list[Any] = []
    subscribe(seen.append)({}, None)
    assert seen == [{}]


def test_an_error_is_raised_for_lambda_to_retry_and_stops_the_rest() -> None:
    seen: list[Any] = []

    def fail_on_two(payload: int) -> None:
        if payload == 2:
            raise RuntimeError("two")
        seen.append(payload)

    with pytest.raises(RuntimeError, match="two"):
        subscribe(fail_on_two)(sns_event(1, 2, 3), None)
    assert seen == [1]


def test_a_malformed_event_raises_before_any_record_is_processed() -> None:
    seen: list[Any] = []
    event = sns_event(1)
    event["Records"].append({"Sns": {"Message": "not json"}})
    with pytest.raises(InvalidRequestError, match=r"record 1's Sns\.Message is not JSON"):
        subscribe(seen.append)(event, None)
    assert seen == []


def test_an_async_function_runs_on_all_records_concurrently() -> None:
    steps: list[str] = []

    async def handle(payload: str) -> None:
        steps.append(f"start {payload}")
        await asyncio.sleep(0)
        steps.append(f"end {payload}")

    subscribe(handle)(sns_event("a", "b"), SANDBOX_CONTEXT)
    assert steps == ["start a", "start b", "end a", "end b"]


def test_an_async_failure_is_raised_once_every_record_has_finished() -> None:
    finished: list[str] = []

    async def handle(payload: str) -> None:
        await asyncio.sleep(0)
        if payload == "a":
            raise ValueError("a failed")
        await asyncio.sleep(0)
        finished.append(payload)

    with pytest.raises(ValueError, match="a failed"):
        subscribe(handle)(sns_event("a", "b", "c"), None)
    assert finished == ["b", "c"]


def test_a_partial_of_an_async_function_is_awaited_too() -> None:
    seen: list[Any] = []

    async def handle(prefix: str, payload: str) -> None:
        seen.append(prefix + payload)

    subscribe(partial(handle, ">"))(sns_event("x"), None)
    assert seen == [">x"]


def test_calling_the_handler_inside_an_event_loop_is_a_clear_error() -> None:
    async def handle(payload: Any) -> None:
        raise AssertionError("must not run")

    async def main() -> None:
        subscribe(handle)(sns_event(1), None)

    with pytest.raises(RuntimeError, match="cannot be called from async code"):
        asyncio.run(main())
