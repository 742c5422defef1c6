"""Lambda events in, calls to the subscriber out: the machinery behind `subscribe`.

A subscriber may be a plain function or an `async def`; Lambda's Python handler is
synchronous either way. Plain functions run record by record; coroutines run together
in one fresh event loop, as Node's `Promise.all` runs them. Whether `fn` is async is
seen from what it returns, so `functools.partial`, callable objects and decorated
coroutine functions all work, and `inspect` (slow to import) is not needed.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Awaitable, Callable, Sequence
    from typing import Any, TypeGuard, TypeVar

    from ._message import Pragma

    T = TypeVar("T")

__all__ = ["call_each", "close", "event_records", "gather", "is_awaitable", "run"]


def event_records(event: object, pragma: Pragma) -> list[dict[str, Any]]:
    """The `Records` list of a Lambda event, each checked to be an object.

    Raises `InvalidRequestError` for anything else.
    """
    from arc_core._errors import InvalidRequestError

    function = f"a function under @{pragma}"
    if not isinstance(event, dict):
        raise InvalidRequestError(
            f"the event is {type(event).__name__}, not an object with Records: is this {function}?"
        )
    records = event.get("Records")
    if not isinstance(records, list):
        raise InvalidRequestError(f'the event has no "Records" list: is this {function}?')
    for index, record in enumerate(records):
        if not isinstance(record, dict):
            raise InvalidRequestError(f"record {index} is {type(record).__name__}, not an object")
    return records


def is_awaitable(value: object) -> TypeGuard[Awaitable[Any]]:
    """True for what `await` accepts: coroutines, tasks, futures."""
    return hasattr(value, "__await__")


def close(awaitables: Sequence[object]) -> None:
    """Close coroutines that will never be awaited, so Python does not warn about them."""
    for awaitable in awaitables:
        closer = getattr(awaitable, "close", None)
        if callable(closer):
            closer()


def run(main: Callable[[], Awaitable[T]], pending: Sequence[object] = ()) -> T:
    """Run `main()` to completion in a new event loop and return its result.

    Raises `RuntimeError` (after closing `pending`) when called inside a running event
    loop: the handler is synchronous, as Lambda calls it.
    """
    import asyncio

    try:
        asyncio.get_running_loop()
    except RuntimeError:

        async def wrapper() -> T:
            return await main()

        return asyncio.run(wrapper())
    close(pending)
    raise RuntimeError(
        "a subscribe handler with an async function runs its own event loop, so it cannot "
        "be called from async code: await the function on each payload there instead"
    )


def gather(awaitables: Sequence[Awaitable[Any]]) -> list[Any]:
    """Await all `awaitables` concurrently; return their results or exceptions, in order."""
    import asyncio

    async def main() -> list[Any]:
        return await asyncio.gather(*awaitables, return_exceptions=True)

    return run(main, awaitables)


def call_each(fn: Callable[[Any], object], payloads: Sequence[Any]) -> None:
    """Call `fn` on every payload; the first exception, if any, is raised.

    A plain `fn` runs payload by payload and the first exception stops the rest; an
    async `fn` runs on all payloads concurrently and the first exception is raised once
    all have finished.
    """
    pending: list[Awaitable[Any]] = []
    try:
        for payload in payloads:
            result = fn(payload)
            if is_awaitable(result):
                pending.append(result)
    except BaseException:
        close(pending)
        raise
    if pending:
        for outcome in gather(pending):
            if isinstance(outcome, BaseException):
                raise outcome
