"""`send_many`: every connection gets its turn; gone ids come back, other failures are raised."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest

import arc_ws
from arc_core import ConfigError, ServiceError
from tests.arc_ws.conftest import WsService


def test_every_live_connection_gets_the_payload_and_gone_ids_come_back_in_order(
    sandbox: WsService,
) -> None:
    sandbox.connect("a", "c", "e")

    gone = arc_ws.send_many(["a", "b", "c", "d", "e"], {"text": "hi"})

    assert gone == ["b", "d"]
    assert sandbox.frames == {
        "a": [b'{"text":"hi"}'],
        "c": [b'{"text":"hi"}'],
        "e": [b'{"text":"hi"}'],
    }


def test_nothing_gone_returns_an_empty_list(sandbox: WsService) -> None:
    sandbox.connect("a", "b")

    assert arc_ws.send_many(("a", "b"), "hi") == []
    assert sandbox.frames == {"a": [b"hi"], "b": [b"hi"]}


def test_each_distinct_id_is_sent_to_once(sandbox: WsService) -> None:
    sandbox.connect("a", "b")

    assert arc_ws.send_many(["a", "b", "a", "x", "x"], "hi") == ["x"]

    assert sandbox.frames == {"a": [b"hi"], "b": [b"hi"]}
    assert sorted(sandbox.requests) == [
        ("POST", "/_arc/ws/@connections/a"),
        ("POST", "/_arc/ws/@connections/b"),
        ("POST", "/_arc/ws/@connections/x"),
    ]


def test_one_id_and_a_generator_of_ids_work(sandbox: WsService) -> None:
    sandbox.connect("a", "b")

    assert arc_ws.send_many(["a"], "one") == []
    assert arc_ws.send_many((name for name in "ab"), "two") == []

    assert sandbox.frames == {"a": [b"one", b"two"], "b": [b"two"]}


def test_no_ids_sends_nothing(sandbox: WsService) -> None:
    assert arc_ws.send_many([], "hi") == []
    assert sandbox.requests == []


def test_other_failures_are_raised_after_every_connection_had_its_turn(
    sandbox: WsService,
) -> None:
    sandbox.connect("a", "b", "c", "d")
    sandbox.failures["b"] = (403, "ForbiddenException")
    sandbox.failures["d"] = (400, "PayloadTooLargeException")

    with pytest.raises(arc_ws.SendManyError) as raised:
        arc_ws.send_many(["a", "b", "c", "d", "gone"], "hi")

    error = raised.value
    assert sandbox.frames == {"a": [b"hi"], "b": [], "c": [b"hi"], "d": []}
    assert error.gone == ["gone"]
    assert list(error.errors) == ["b", "d"]
    assert all(isinstance(failure, ServiceError) for failure in error.errors.values())
    assert "ForbiddenException" in str(error.errors["b"])
    assert str(error).startswith("sending to 2 of 5 WebSocket connections failed (1 gone): 'b': ")
    assert error.__cause__ is error.errors["b"]
    assert isinstance(error, ServiceError)


def test_a_long_list_of_failures_is_shortened_in_the_message(sandbox: WsService) -> None:
    ids = [f"c{number}" for number in range(6)]
    sandbox.connect(*ids)
    for connection_id in ids:
        sandbox.failures[connection_id] = (403, "ForbiddenException")

    with pytest.raises(arc_ws.SendManyError, match=r"; and 3 more$") as raised:
        arc_ws.send_many(ids, "hi")

    assert list(raised.value.errors) == ids


def test_by_default_at_most_ten_sends_are_in_flight_at_once(sandbox: WsService) -> None:
    ids = [f"c{number}" for number in range(30)]
    sandbox.connect(*ids)
    # Each answer takes a while, so the sends overlap as far as the pool lets them.
    sandbox.delay = 0.05

    assert arc_ws.send_many(ids, "hi") == []

    assert 1 < sandbox.most_in_flight <= 10
    assert all(sandbox.frames[connection_id] == [b"hi"] for connection_id in ids)


@pytest.mark.parametrize("concurrency", [2, 3])
def test_concurrency_caps_the_sends_in_flight(sandbox: WsService, concurrency: int) -> None:
    ids = [f"c{number}" for number in range(12)]
    sandbox.connect(*ids)
    sandbox.delay = 0.05

    assert arc_ws.send_many(ids, "hi", concurrency=concurrency) == []

    assert 1 < sandbox.most_in_flight <= concurrency
    assert all(sandbox.frames[connection_id] == [b"hi"] for connection_id in ids)


def test_concurrency_above_the_default_sends_more_at_once(sandbox: WsService) -> None:
    ids = [f"c{number}" for number in range(40)]
    sandbox.connect(*ids)
    # A pool made for a smaller number first: a larger one must still be honoured.
    assert arc_ws.send_many(ids[:4], "warm", concurrency=2) == []
    # Each request waits (up to 10 s) until 20 are in flight: only 20 senders get there.
    sandbox.hold_until, sandbox.delay = 20, 10.0

    assert arc_ws.send_many(ids, "hi", concurrency=20) == []

    assert sandbox.most_in_flight == 20
    assert all(sandbox.frames[connection_id][-1] == b"hi" for connection_id in ids)


def test_concurrency_one_sends_one_at_a_time_in_order(sandbox: WsService) -> None:
    ids = [f"c{number}" for number in range(5)]
    sandbox.connect(*ids[::2])
    sandbox.delay = 0.01

    assert arc_ws.send_many(ids, "hi", concurrency=1) == ["c1", "c3"]

    assert sandbox.most_in_flight == 1
    assert [path for _, path in sandbox.requests] == [
        f"/_arc/ws/@connections/{connection_id}" for connection_id in ids
    ]


@pytest.mark.parametrize(
    ("concurrency", "error"),
    [(0, ValueError), (-3, ValueError), (2.5, TypeError), ("4", TypeError), (True, TypeError)],
)
def test_a_bad_concurrency_is_refused_before_anything_is_sent(
    sandbox: WsService, concurrency: object, error: type[Exception]
) -> None:
    sandbox.connect("a", "b")

    with pytest.raises(error, match="concurrency must be"):
        arc_ws.send_many(["a", "b"], "hi", concurrency=concurrency)  # type: ignore[arg-type]

    assert sandbox.requests == []


def test_concurrency_is_a_keyword(sandbox: WsService) -> None:
    sandbox.connect("a")

    with pytest.raises(TypeError):
        arc_ws.send_many(["a"], "hi", 5)  # type: ignore[call-arg]


def test_a_single_str_is_refused_rather_than_sent_to_each_character(sandbox: WsService) -> None:
    with pytest.raises(TypeError, match="not a single id"):
        arc_ws.send_many("abc", "hi")
    assert sandbox.requests == []


def test_a_bad_id_or_payload_is_refused_before_anything_is_sent(sandbox: WsService) -> None:
    sandbox.connect("a")

    with pytest.raises(ValueError, match="empty"):
        arc_ws.send_many(["a", ""], "hi")
    with pytest.raises(TypeError):
        arc_ws.send_many(["a"], object())

    assert sandbox.requests == []


def test_missing_configuration_is_raised_before_anything_is_sent(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("ARC_ENV", "staging")

    with pytest.raises(ConfigError, match="ARC_WSS_URL"):
        arc_ws.send_many([], "hi")


@pytest.mark.skipif(not hasattr(os, "fork"), reason="fork is POSIX-only")
def test_a_forked_child_sends_through_a_pool_of_its_own(sandbox: WsService) -> None:
    # The parent's pool threads do not survive a fork: the child must not queue work on them.
    code = textwrap.dedent(
        """
        import os, signal, arc_ws
        assert arc_ws.send_many(["a", "b"], "parent") == []
        pid = os.fork()
        if pid == 0:
            signal.alarm(20)  # a hung child ends itself instead of outliving the test
            os._exit(0 if arc_ws.send_many(["a", "b"], "child") == [] else 1)
        print(os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]))
        """
    )
    sandbox.connect("a", "b")

    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )

    assert result.stdout.strip() == "0"
    assert sandbox.frames == {"a": [b"parent", b"child"], "b": [b"parent", b"child"]}
