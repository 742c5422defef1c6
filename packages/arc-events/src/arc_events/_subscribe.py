"""`subscribe`: a Lambda handler that hands each SNS record's payload to a function."""

from __future__ import annotations

from arc_core.messaging import call_each

from ._parse import parse_all

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any, Protocol

    class EventHandler(Protocol):
        """What `subscribe` returns: Lambda's `handler(event, context)`."""

        def __call__(self, event: dict[str, Any], context: object = None) -> None: ...


__all__ = ["subscribe"]


def subscribe(fn: Callable[[Any], object]) -> EventHandler:
    """Return a Lambda handler `handler(event, context=None)` that calls `fn(payload)`.

    Node's `arc.events.subscribe`: every record's payload (see `parse_all`; an empty
    event gives `{}`) is passed to `fn`. A plain `fn` runs record by record; an
    `async def fn` runs on all records concurrently in a fresh event loop. The first
    exception is raised from the handler, so Lambda retries the event. The handler
    returns None: Lambda ignores what an SNS handler returns.

    The handler raises `InvalidRequestError` for an event that is not SNS-shaped, before
    `fn` sees any record.

    >>> def notify(payload):
    ...     print("new account", payload["id"])
    >>> handler = subscribe(notify)
    >>> handler({"Records": [{"Sns": {"Message": '{"id":1}'}}]}, None)
    new account 1
    """

    def handler(event: dict[str, Any], context: object = None) -> None:
        call_each(fn, parse_all(event))

    return handler
