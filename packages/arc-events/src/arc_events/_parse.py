"""`parse` and `parse_all`: the payloads of an SNS event, as `publish` sent them."""

from __future__ import annotations

from arc_core.messaging import decode, event_records

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

__all__ = ["parse", "parse_all"]


def parse_all(event: dict[str, Any]) -> list[Any]:
    """Return the payload of every record of an SNS event, in order, as a list.

    Each record's `Sns.Message` is JSON-decoded. An empty event (`{}`, as a test or a
    manual invoke sends) gives `[{}]`, as Node's `subscribe` does.

    Raises `InvalidRequestError` (a `ValueError`) naming the record when the event has
    no `Records` list, a record has no `Sns.Message` string, or a message is not JSON.

    >>> parse_all({"Records": [{"Sns": {"Message": '{"id":1}'}}]})
    [{'id': 1}]
    """
    if isinstance(event, dict) and not event:
        return [{}]
    payloads = []
    for index, record in enumerate(event_records(event, "events")):
        sns = record.get("Sns")
        message = sns.get("Message") if isinstance(sns, dict) else None
        if message is None:
            from arc_core import InvalidRequestError

            raise InvalidRequestError(
                f"record {index} has no Sns.Message: is this an SNS event from @events?"
            )
        payloads.append(decode(message, f"record {index}'s Sns.Message"))
    return payloads


def parse(event: dict[str, Any]) -> Any:
    """Return the payload of an SNS event with one record, or a list for several.

    The shape of architect-functions 1.0.0's `arc.events.parse`, kept for its users: one
    record gives its payload, any other number a list (empty for none). `parse_all`
    always gives a list. Raises `InvalidRequestError` as `parse_all` does.

    >>> parse({"Records": [{"Sns": {"Message": '{"id":1}'}}]})
    {'id': 1}
    """
    payloads = parse_all(event)
    return payloads[0] if len(payloads) == 1 else payloads
