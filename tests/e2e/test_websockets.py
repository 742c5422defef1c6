"""@ws: the connect, default and disconnect functions, through a real WebSocket client.

The default function answers through arc.ws (send, send_many, info, close); connect and
disconnect record each connection in the records table.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from websockets.exceptions import ConnectionClosedOK, InvalidStatus
from websockets.sync.client import ClientConnection, connect

from tests.e2e.conftest import RECORDS_TABLE, row_once
from tools.example import Sandbox

TIMEOUT_SECONDS = 10.0

Opener = Callable[[], ClientConnection]


@pytest.fixture
def open_connection(sandbox: Sandbox) -> Iterator[Callable[[], ClientConnection]]:
    """Opens WebSocket connections to the app; each is closed after the test."""
    with ExitStack() as opened:

        def open_one() -> ClientConnection:
            url = f"{sandbox.ws_url}/"
            return opened.enter_context(connect(url, open_timeout=TIMEOUT_SECONDS))

        yield open_one


def ask(connection: ClientConnection, message: Any) -> Any:
    connection.send(json.dumps(message))
    return json.loads(connection.recv(timeout=TIMEOUT_SECONDS))


def connection_id(connection: ClientConnection) -> str:
    answer = ask(connection, {"say": "who am I?"})
    identity: str = answer["connection"]
    assert answer == {"you_said": "who am I?", "connection": identity}
    return identity


def test_a_message_is_answered_through_arc_ws_send(open_connection: Opener) -> None:
    connection = open_connection()

    answer = ask(connection, {"say": "hello ✓"})

    assert answer == {"you_said": "hello ✓", "connection": answer["connection"]}
    assert answer["connection"]


def test_text_that_is_not_a_request_comes_back_as_it_was(open_connection: Opener) -> None:
    connection = open_connection()

    connection.send("just text")

    assert connection.recv(timeout=TIMEOUT_SECONDS) == "just text"


def test_info_gives_when_the_connection_opened(open_connection: Opener) -> None:
    before = datetime.now(timezone.utc)
    connection = open_connection()

    answer = ask(connection, {"info": True})

    opened = datetime.fromisoformat(answer["connected_at"])
    assert list(answer) == ["connected_at"]
    assert before - timedelta(seconds=1) <= opened <= datetime.now(timezone.utc)


def test_send_many_reaches_each_open_connection_and_names_the_gone_ones(
    open_connection: Opener,
) -> None:
    speaker, first, second = open_connection(), open_connection(), open_connection()
    me, them = connection_id(speaker), [connection_id(first), connection_id(second)]

    told = ask(speaker, {"tell": [*them, "never-connected"], "say": "hey"})

    assert told == {"told": 2, "gone": ["never-connected"]}
    for listener in (first, second):
        assert json.loads(listener.recv(timeout=TIMEOUT_SECONDS)) == {"from": me, "say": "hey"}


def test_connect_records_the_connection_and_disconnect_its_end(
    open_connection: Opener, database: Any
) -> None:
    connection = open_connection()
    identity = connection_id(connection)
    records = database.Table(RECORDS_TABLE)
    key = {"id": f"ws-{identity}"}

    assert records.get_item(Key=key, ConsistentRead=True)["Item"] == {
        **key,
        "via": "ws",
        "state": "connected",
    }
    connection.close()
    gone = {**key, "via": "ws", "state": "gone"}
    assert row_once(records, key, until=lambda row: row == gone) == gone


def test_close_ends_the_connection_from_the_server(open_connection: Opener, database: Any) -> None:
    connection = open_connection()
    identity = connection_id(connection)

    connection.send(json.dumps({"close": True}))

    with pytest.raises(ConnectionClosedOK):
        connection.recv(timeout=TIMEOUT_SECONDS)
    key = {"id": f"ws-{identity}"}
    gone = {**key, "via": "ws", "state": "gone"}
    assert row_once(database.Table(RECORDS_TABLE), key, until=lambda row: row == gone) == gone


def test_the_connect_function_can_refuse_a_connection(sandbox: Sandbox) -> None:
    with (
        pytest.raises(InvalidStatus) as refused,
        connect(f"{sandbox.ws_url}/?reject", open_timeout=TIMEOUT_SECONDS),
    ):
        pass

    assert refused.value.response.status_code == 403
