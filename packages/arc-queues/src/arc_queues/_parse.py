"""`parse` and `parse_all`: the payloads of an SQS event, as `publish` sent them."""

from __future__ import annotations

from arc_core.messaging import decode, event_records

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

__all__ = ["parse", "parse_all", "payload_of"]


def payload_of(record: dict[str, Any], index: int) -> Any:
    """The JSON-decoded `body` of one SQS record; `index` names it in errors.

    Raises `InvalidRequestError` when the record has no `body` or it is not JSON.
    """
    body = record.get("body")
    if body is None:
        from arc_core import InvalidRequestError

        raise InvalidRequestError(f"record {index} has no body: is this an SQS event from @queues?")
    return decode(body, f"record {index}'s body")


def parse_all(event: dict[str, Any]) -> list[Any]:
    """Return the payload of every record of an SQS event, in order, as a list.

    Each record's `body` is JSON-decoded. Raises `InvalidRequestError` (a `ValueError`)
    naming the record when the event has no `Records` list, a record has no `body`
    string, or a body is not JSON.

    >>> parse_all({"Records": [{"body": '{"key":"a.png"}'}]})
    [{'key': 'a.png'}]
    """
    records = event_records(event, "queues")
    return [payload_of(record, index) for index, record in enumerate(records)]


def parse(event: dict[str, Any]) -> Any:
    """Return the payload of an SQS event with one record, or a list for several.

    The shape of architect-functions 1.0.0's `arc.queues.parse`, kept for its users: one
    record gives its payload, any other number a list (empty for none). `parse_all`
    always gives a list. Raises `InvalidRequestError` as `parse_all` does.

    >>> parse({"Records": [{"body": '{"key":"a.png"}'}]})
    {'key': 'a.png'}
    """
    payloads = parse_all(event)
    return payloads[0] if len(payloads) == 1 else payloads
