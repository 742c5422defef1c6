"""A gone connection raises `GoneError`, from every call, and nothing else does."""

from __future__ import annotations

import pytest

import arc_ws
from arc_core import ArcError, ServiceError
from tests.arc_ws.conftest import WsService


def test_sending_to_a_gone_connection_raises_gone_error_naming_it(sandbox: WsService) -> None:
    with pytest.raises(arc_ws.GoneError, match="'abc' is gone") as raised:
        arc_ws.send("abc", {"hello": "world"})

    assert raised.value.connection_id == "abc"
    assert sandbox.requests == [("POST", "/_arc/ws/@connections/abc")]


def test_the_errors_are_service_errors_shown_under_arc_ws() -> None:
    for error in (arc_ws.GoneError, arc_ws.SendManyError):
        assert issubclass(error, ServiceError)
        assert issubclass(error, ArcError)
        assert error.__module__ == "arc_ws"


def test_info_and_close_of_a_gone_connection_raise_gone_error(sandbox: WsService) -> None:
    with pytest.raises(arc_ws.GoneError):
        arc_ws.info("abc")
    with pytest.raises(arc_ws.GoneError):
        arc_ws.close("abc")


def test_a_closed_connection_is_gone_afterwards(sandbox: WsService) -> None:
    sandbox.connect("abc")

    arc_ws.close("abc")

    with pytest.raises(arc_ws.GoneError):
        arc_ws.send("abc", "still there?")
    assert sandbox.requests == [
        ("DELETE", "/_arc/ws/@connections/abc"),
        ("POST", "/_arc/ws/@connections/abc"),
    ]


def test_catching_gone_error_lets_a_handler_forget_the_connection(sandbox: WsService) -> None:
    sandbox.connect("alive")
    known = {"alive", "left"}

    for connection_id in sorted(known):
        try:
            arc_ws.send(connection_id, "tick")
        except arc_ws.GoneError as gone:
            known.discard(gone.connection_id)

    assert known == {"alive"}
    assert sandbox.frames["alive"] == [b"tick"]


def test_other_refusals_are_service_errors_not_gone(sandbox: WsService) -> None:
    sandbox.connect("abc")
    sandbox.failures["abc"] = (403, "ForbiddenException")

    with pytest.raises(ServiceError, match="ForbiddenException") as raised:
        arc_ws.send("abc", "hi")

    assert not isinstance(raised.value, arc_ws.GoneError)
    assert "sending to WebSocket connection 'abc'" in str(raised.value)


def test_a_410_without_an_error_type_is_gone_too(sandbox: WsService) -> None:
    sandbox.connect("abc")
    sandbox.failures["abc"] = (410, None)

    with pytest.raises(arc_ws.GoneError):
        arc_ws.send("abc", "hi")
