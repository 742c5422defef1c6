"""The outbox seam: where a test kit stands in for everything the library would send.

`arc_events.publish[_batch]`, `arc_queues.publish[_batch]` and `arc_ws.send` /
`send_many` check `outbox()` once their arguments are checked and encoded, before any
I/O: when an `Outbox` is installed (by `arc_testing.recorder()`, or any object with
these two methods), it receives the message instead of SNS, SQS, API Gateway or the
sandbox, and the call returns as a local publish does (`{}`, `[]`, `None`). Nothing is
patched: the packages call the seam, and the seam is empty in production (one global
read per call).

The stack is process-wide, not per thread or context: `send_many` sends from a pool of
threads, and a test's recorder must see those sends too.
"""

from __future__ import annotations

# `_thread` is what `threading` wraps; importing `threading` costs a few milliseconds.
import _thread
from contextlib import contextmanager

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator
    from typing import Any, Protocol

    class Outbox(Protocol):
        """What stands in for the world: it receives what would have been sent."""

        def publish(self, pragma: str, name: str, message: str, options: dict[str, Any]) -> None:
            """`message` (JSON text, as the subscriber gets it) for `@<pragma>` entry `name`.

            `options` are the call's SQS options (`delay_seconds`, `group_id`,
            `dedup_id`) that were given; empty for events.
            """

        def send(self, connection_id: str, data: bytes) -> None:
            """`data`, the bytes a WebSocket connection would receive as one message."""

else:
    Outbox = object

__all__ = ["Outbox", "outbox", "redirected_to"]

_lock = _thread.allocate_lock()
_installed: list[Outbox] = []


def outbox() -> Outbox | None:
    """The installed outbox (the innermost), or None: send for real."""
    return _installed[-1] if _installed else None


@contextmanager
def redirected_to(box: Outbox) -> Iterator[Outbox]:
    """Within the block, everything the library would send goes to `box` instead.

    Blocks nest; the innermost outbox receives.

    >>> class Printer:
    ...     def publish(self, pragma, name, message, options):
    ...         print(pragma, name, message)
    ...     def send(self, connection_id, data):
    ...         print(connection_id, data)
    >>> with redirected_to(Printer()):
    ...     import arc_events
    ...     arc_events.publish("ping", {"n": 1})  # doctest: +SKIP
    events ping {"n":1}
    """
    with _lock:
        _installed.append(box)
    try:
        yield box
    finally:
        with _lock:
            _installed.remove(box)
