"""The outbox seam: what the library would send goes to an installed outbox instead."""

from __future__ import annotations

from typing import Any

import pytest

import arc_events
import arc_queues
import arc_ws
from arc_core import outbox, redirected_to


class Box:
    """An outbox that keeps what it receives."""

    def __init__(self) -> None:
        self.published: list[tuple[str, str, str, dict[str, Any]]] = []
        self.sent: list[tuple[str, bytes]] = []

    def publish(self, pragma: str, name: str, message: str, options: dict[str, Any]) -> None:
        self.published.append((pragma, name, message, options))

    def send(self, connection_id: str, data: bytes) -> None:
        self.sent.append((connection_id, data))


def test_without_an_outbox_there_is_none() -> None:
    assert outbox() is None


def test_publishes_go_to_the_outbox_and_nothing_is_sent(monkeypatch: pytest.MonkeyPatch) -> None:
    # On AWS with no endpoint that answers: anything sent for real would fail.
    monkeypatch.setenv("ARC_ENV", "production")
    monkeypatch.setenv("AWS_ENDPOINT_URL", "http://127.0.0.1:9")
    with redirected_to(Box()) as box:
        assert arc_events.publish("ping", {"n": 1}) == {}
        assert arc_events.publish_batch("ping", [1, 2]) == []
        assert arc_queues.publish("jobs", "x", delay_seconds=5) == {}
        assert arc_queues.publish_batch("jobs.fifo", [True], group_id="g") == []
    assert box.published == [
        ("events", "ping", '{"n":1}', {}),
        ("events", "ping", "1", {}),
        ("events", "ping", "2", {}),
        ("queues", "jobs", '"x"', {"delay_seconds": 5}),
        ("queues", "jobs.fifo", "true", {"group_id": "g"}),
    ]
    assert outbox() is None


def test_websocket_sends_go_to_the_outbox(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ARC_ENV", "production")
    monkeypatch.setenv("ARC_WSS_URL", "wss://127.0.0.1:9/production")
    with redirected_to(Box()) as box:
        assert arc_ws.send("a", {"hi": 1}) is None
        assert arc_ws.send_many(["b", "c", "b"], "x") == []
    assert box.sent[0] == ("a", b'{"hi":1}')
    assert sorted(box.sent[1:]) == [("b", b"x"), ("c", b"x")]


def test_arguments_are_still_checked_before_the_outbox() -> None:
    with redirected_to(Box()) as box:
        with pytest.raises(TypeError, match="needs a payload"):
            arc_events.publish("ping", None)
        with pytest.raises(ValueError, match="delay_seconds"):
            arc_queues.publish("jobs", {}, delay_seconds=901)
    assert box.published == []


def test_outboxes_nest_and_the_innermost_receives() -> None:
    with redirected_to(Box()) as outer:
        with redirected_to(Box()) as inner:
            arc_events.publish("ping", 1)
        arc_events.publish("ping", 2)
    assert [entry[2] for entry in inner.published] == ["1"]
    assert [entry[2] for entry in outer.published] == ["2"]
