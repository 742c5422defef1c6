"""`info` and `close` in the sandbox: what they ask for and what they return."""

from __future__ import annotations

import arc_ws
from tests.arc_ws.conftest import WsService


def test_info_returns_when_the_connection_was_made(sandbox: WsService) -> None:
    sandbox.connect("abc")
    connected = sandbox.connected_at["abc"]

    found = arc_ws.info("abc")

    # The sandbox gives milliseconds, as JavaScript's Date does.
    assert found == {
        "ConnectedAt": connected.replace(microsecond=connected.microsecond // 1000 * 1000)
    }
    assert sandbox.requests == [("GET", "/_arc/ws/@connections/abc")]


def test_info_takes_a_keyword_id(sandbox: WsService) -> None:
    sandbox.connect("abc")

    assert "ConnectedAt" in arc_ws.info(id="abc")


def test_close_deletes_the_connection(sandbox: WsService) -> None:
    sandbox.connect("abc", "other")

    assert arc_ws.close(id="abc") is None

    assert sandbox.requests == [("DELETE", "/_arc/ws/@connections/abc")]
    assert list(sandbox.frames) == ["other"]
