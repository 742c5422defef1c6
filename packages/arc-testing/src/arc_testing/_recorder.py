"""`recorder()`: what `arc.events`, `arc.queues` and `arc.ws` would send, kept for a test.

It installs a `Recorded` as arc_core's outbox (`arc_core.redirected_to`): the publishing
and sending functions check their arguments and encode the message as always, then hand
it to the recorder instead of SNS, SQS, API Gateway or the sandbox. Nothing is patched.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Literal, TypeVar

from arc_core import redirected_to

__all__ = ["Record", "Recorded", "recorder"]

_T = TypeVar("_T")
# What `Record.kind` says: an `@events` topic, an `@queues` queue, a WebSocket connection.
Kind = Literal["events", "queues", "ws"]


@dataclass(frozen=True)
class Record:
    """One message that would have been sent, in the order it was sent.

    - `kind`: `"events"`, `"queues"` or `"ws"`.
    - `target`: the topic or queue's name in app.arc, or the WebSocket connection id.
    - `payload`: what the receiver gets. For events and queues the message decoded from
      JSON, as the subscriber's `fn` receives it; for ws the message as text (`str`), or
      as `bytes` when it is not valid UTF-8.
    - `data`: the message exactly as it would go on the wire (JSON text for events and
      queues, bytes for ws).
    - `options`: the SQS options the call gave (`delay_seconds`, `group_id`, `dedup_id`);
      empty for events and ws.
    """

    kind: Kind
    target: str
    payload: Any
    data: str | bytes
    options: Mapping[str, Any] = field(default_factory=dict)


class _ByTarget(Mapping[str, list[_T]]):
    """The payloads of one kind, by target, in order; `[]` for a target that got none."""

    def __init__(self, records: list[Record], kind: Kind) -> None:
        self._records = records
        self._kind = kind

    def __getitem__(self, target: str) -> list[_T]:
        return [r.payload for r in self._records if r.kind == self._kind and r.target == target]

    def __contains__(self, target: object) -> bool:
        return any(r.kind == self._kind and r.target == target for r in self._records)

    def __iter__(self) -> Iterator[str]:
        seen = dict.fromkeys(r.target for r in self._records if r.kind == self._kind)
        return iter(seen)

    def __len__(self) -> int:
        return len(set(self))

    def __repr__(self) -> str:
        return repr(dict(self))


class Recorded:
    """What was published and sent while the recorder was on (the outbox of arc_core).

    - `events["pings"]`: the payloads published to `@events pings`, in order;
    - `queues["jobs"]`: the payloads published to `@queues jobs`, in order;
    - `ws[connection_id]`: the messages sent to that connection, each a `str` (or
      `bytes` when not valid UTF-8);
    - `records`: every `Record` in order, with the SQS options of each queue message.

    A name that received nothing gives `[]`; each mapping iterates over the names that
    received something, and compares equal to a dict: `recorded.events == {}`. Safe to
    use from several threads (`arc.ws.send_many` sends from a pool).
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._records: list[Record] = []

    # The outbox protocol (arc_core.Outbox).
    def publish(self, pragma: str, name: str, message: str, options: dict[str, Any]) -> None:
        """Keep `message` (JSON text) for `@<pragma>` entry `name`, with its SQS `options`."""
        kind: Kind = "events" if pragma == "events" else "queues"
        record = Record(kind, name, json.loads(message), message, dict(options))
        with self._lock:
            self._records.append(record)

    def send(self, connection_id: str, data: bytes) -> None:
        """Keep `data`, one WebSocket message to `connection_id`."""
        try:
            payload: str | bytes = data.decode("utf-8")
        except UnicodeDecodeError:
            payload = bytes(data)
        with self._lock:
            self._records.append(Record("ws", connection_id, payload, bytes(data)))

    @property
    def records(self) -> list[Record]:
        """Every message in the order it was sent (a copy)."""
        with self._lock:
            return list(self._records)

    @property
    def events(self) -> Mapping[str, list[Any]]:
        """The payloads published to each `@events` topic, decoded from JSON."""
        return _ByTarget(self.records, "events")

    @property
    def queues(self) -> Mapping[str, list[Any]]:
        """The payloads published to each `@queues` queue, decoded from JSON."""
        return _ByTarget(self.records, "queues")

    @property
    def ws(self) -> Mapping[str, list[str | bytes]]:
        """The messages sent to each WebSocket connection: text, or bytes if not UTF-8."""
        return _ByTarget(self.records, "ws")

    def clear(self) -> None:
        """Forget everything recorded so far."""
        with self._lock:
            self._records.clear()

    def __repr__(self) -> str:
        return f"<Recorded {len(self.records)} messages>"


@contextmanager
def recorder() -> Iterator[Recorded]:
    """Record, instead of sending, what `arc.events`, `arc.queues` and `arc.ws` send.

    Within the block `publish` / `publish_batch` of events and queues, and `arc.ws.send`
    / `send_many`, check their arguments and encode the message as always, then hand it to
    the `Recorded` this yields; they return what a local publish returns (`{}`, `[]`,
    `None`) and nothing leaves the process. Blocks nest: the innermost recorder gets the
    messages. The pytest fixture `arc_published` is this, around one test.

    >>> with recorder() as recorded:
    ...     arc.events.publish("pings", {"id": "a"})  # doctest: +SKIP
    >>> recorded.events["pings"]  # doctest: +SKIP
    [{'id': 'a'}]
    """
    recorded = Recorded()
    with redirected_to(recorded):
        yield recorded
