"""`subscribe`: a Lambda handler for @queues, with optional partial batch failure reports.

Lambda hands an SQS function up to ten messages at once. By default one failure fails
the whole batch and SQS redelivers all of it. With `report_failures=True` the handler
returns `{"batchItemFailures": [...]}` naming only the failed messages, which Lambda
honours when the queue's event source mapping has `ReportBatchItemFailures` on
(Architect does not turn it on; see the docs).
"""

from __future__ import annotations

from arc_core import InvalidRequestError
from arc_core.messaging import FIFO_SUFFIX, call_each, event_records, gather, is_awaitable, run

from ._parse import payload_of

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Awaitable, Callable
    from typing import Any, Protocol

    #: One message: its payload, or the error that stopped it from being read.
    Item = tuple[Any, Exception | None]
    #: The index of a failed message and why it failed.
    Failure = tuple[int, Exception]
    #: What Lambda reads back for partial batch failures.
    BatchResponse = dict[str, list[dict[str, str]]]

    class QueueHandler(Protocol):
        """What `subscribe` returns: Lambda's `handler(event, context)`."""

        def __call__(
            self, event: dict[str, Any], context: object = None
        ) -> BatchResponse | None: ...


__all__ = ["subscribe"]


def _is_fifo(record: dict[str, Any]) -> bool:
    attributes = record.get("attributes")
    return str(record.get("eventSourceARN", "")).endswith(FIFO_SUFFIX) or (
        isinstance(attributes, dict) and "MessageGroupId" in attributes
    )


def _call(fn: Callable[[Any], object], item: Item) -> object:
    payload, error = item
    if error is not None:
        raise error
    return fn(payload)


async def _rest_in_order(
    fn: Callable[[Any], object], items: list[Item], start: int, first: object
) -> Failure | None:
    result = first
    for index in range(start, len(items)):
        try:
            if index > start:
                result = _call(fn, items[index])
            if is_awaitable(result):
                await result
        except Exception as err:
            return index, err
    return None


def _in_order(fn: Callable[[Any], object], items: list[Item]) -> Failure | None:
    """Process `items` one after another, awaiting each; stop at the first failure."""
    for index, item in enumerate(items):
        try:
            result = _call(fn, item)
        except Exception as err:
            return index, err
        if is_awaitable(result):
            from functools import partial

            return run(partial(_rest_in_order, fn, items, index, result), [result])
    return None


def _all_of(fn: Callable[[Any], object], items: list[Item]) -> list[Failure]:
    """Process every item, coroutines concurrently; return the failures by index."""
    failures: list[Failure] = []
    pending: list[Awaitable[Any]] = []
    where: list[int] = []
    for index, item in enumerate(items):
        try:
            result = _call(fn, item)
        except Exception as err:
            failures.append((index, err))
            continue
        if is_awaitable(result):
            pending.append(result)
            where.append(index)
    for index, outcome in zip(where, gather(pending) if pending else [], strict=True):
        if isinstance(outcome, Exception):
            failures.append((index, outcome))
        elif isinstance(outcome, BaseException):
            raise outcome
    failures.sort(key=lambda failure: failure[0])
    return failures


def _report(records: list[dict[str, Any]], failures: list[Failure], fifo: bool) -> BatchResponse:
    import logging

    logger = logging.getLogger("arc_queues")
    for index, error in failures:
        logger.error(
            "queue message %s (record %d) failed; reported for redelivery",
            records[index].get("messageId"),
            index,
            exc_info=error,
        )
    reported = [index for index, _ in failures]
    if fifo and failures and reported[0] < len(records) - 1:
        # FIFO order must hold: every record after the first failure goes back unprocessed.
        reported = list(range(reported[0], len(records)))
        logger.error(
            "FIFO batch stopped at record %d; %d later messages returned unprocessed",
            reported[0],
            len(reported) - 1,
        )
    identifiers = []
    for index in reported:
        message_id = records[index].get("messageId")
        if not (isinstance(message_id, str) and message_id):
            # Lambda cannot be told which message failed without its id (the sandbox
            # sends none): fail the whole invocation instead, so nothing is dropped.
            raise dict(failures).get(index, failures[0][1])
        identifiers.append({"itemIdentifier": message_id})
    return {"batchItemFailures": identifiers}


def subscribe(fn: Callable[[Any], object], *, report_failures: bool = False) -> QueueHandler:
    """Return a Lambda handler `handler(event, context=None)` that calls `fn(payload)`.

    Node's `arc.queues.subscribe`: every record's JSON `body` is passed to `fn`. A plain
    `fn` runs record by record; an `async def fn` runs on all records concurrently in a
    fresh event loop, except on FIFO queues, where records always run in order.

    Without `report_failures` the first exception is raised from the handler, so SQS
    redelivers the whole batch, and the handler returns None. With
    `report_failures=True` each failing record (an exception from `fn`, or a body that
    is not JSON) is logged and reported, and the handler returns
    `{"batchItemFailures": [{"itemIdentifier": <messageId>}, ...]}` (an empty list when
    all succeeded). On a FIFO queue processing stops at the first failure, which is
    reported with every later record. Enable `ReportBatchItemFailures` on the queue's
    event source mapping, or Lambda ignores the report and deletes the whole batch.

    The handler raises `InvalidRequestError` for an event that is not SQS-shaped (and,
    without `report_failures`, for any body that is not JSON) before `fn` sees a record.

    >>> handler = subscribe(print, report_failures=True)
    >>> handler({"Records": [{"messageId": "m1", "body": '{"key":"a.png"}'}]}, None)
    {'key': 'a.png'}
    {'batchItemFailures': []}
    """

    def handler(event: dict[str, Any], context: object = None) -> BatchResponse | None:
        records = event_records(event, "queues")
        fifo = any(_is_fifo(record) for record in records)
        if not report_failures:
            payloads = [payload_of(record, index) for index, record in enumerate(records)]
            if not fifo:
                call_each(fn, payloads)
                return None
            failure = _in_order(fn, [(payload, None) for payload in payloads])
            if failure is not None:
                raise failure[1]
            return None
        items: list[Item] = []
        for index, record in enumerate(records):
            try:
                items.append((payload_of(record, index), None))
            except InvalidRequestError as err:
                items.append((None, err))
        if fifo:
            failure = _in_order(fn, items)
            failures = [] if failure is None else [failure]
        else:
            failures = _all_of(fn, items)
        return _report(records, failures, fifo)

    return handler
