"""`send`: what reaches the connection, byte for byte, through the sandbox's `/_arc/ws`."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import arc_ws
from arc_core import dumps
from tests.arc_ws.conftest import WsService

# The fixture's state (environment, server) holds for every example; each example uses
# its own connection id, so nothing leaks between them.
per_example = settings(suppress_health_check=[HealthCheck.function_scoped_fixture])

JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**53), 2**53)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=12,
)


def test_a_dict_arrives_as_node_compact_json(sandbox: WsService) -> None:
    sandbox.connect("abc")

    arc_ws.send("abc", {"ok": True, "n": 1.0, "name": "café", "price": Decimal("9.50")})

    assert sandbox.frames["abc"] == ['{"ok":true,"n":1,"name":"café","price":9.5}'.encode()]


def test_a_list_arrives_as_json(sandbox: WsService) -> None:
    sandbox.connect("abc")

    arc_ws.send("abc", [1, "two", None])

    assert sandbox.frames["abc"] == [b'[1,"two",null]']


def test_a_str_arrives_as_is_not_json_quoted(sandbox: WsService) -> None:
    sandbox.connect("abc")

    arc_ws.send("abc", "hello, wörld")

    # 1.0.0 sent '"hello, wörld"'; Node and this library send the text itself.
    assert sandbox.frames["abc"] == ["hello, wörld".encode()]


def test_bytes_arrive_as_they_are(sandbox: WsService) -> None:
    sandbox.connect("abc")

    arc_ws.send("abc", b'{"already":"encoded"}')
    arc_ws.send("abc", bytearray(b"\x00\x01"))

    assert sandbox.frames["abc"] == [b'{"already":"encoded"}', b"\x00\x01"]


def test_send_goes_to_the_connections_path_on_the_arc_port(sandbox: WsService) -> None:
    sandbox.connect("L0SM9cOFvHcCIhw")

    arc_ws.send("L0SM9cOFvHcCIhw", {})

    assert sandbox.requests == [("POST", "/_arc/ws/@connections/L0SM9cOFvHcCIhw")]


def test_send_takes_node_style_keyword_arguments(sandbox: WsService) -> None:
    sandbox.connect("abc")

    arc_ws.send(id="abc", payload={"message": "hi"})

    assert sandbox.frames["abc"] == [b'{"message":"hi"}']


def test_a_payload_json_cannot_hold_is_refused_before_sending(sandbox: WsService) -> None:
    sandbox.connect("abc")

    with pytest.raises(TypeError, match="set"):
        arc_ws.send("abc", {"tags": {"a", "b"}})

    assert sandbox.requests == []


@pytest.mark.parametrize(
    ("connection_id", "error"), [(None, TypeError), (42, TypeError), ("", ValueError)]
)
def test_a_connection_id_that_is_not_a_non_empty_str_is_refused(
    sandbox: WsService, connection_id: object, error: type[Exception]
) -> None:
    with pytest.raises(error, match="connection id"):
        arc_ws.send(connection_id, "hi")  # type: ignore[arg-type]

    assert sandbox.requests == []


def test_lone_surrogates_are_sent_as_replacement_characters_as_node_does(
    sandbox: WsService,
) -> None:
    sandbox.connect("abc")

    arc_ws.send("abc", "a\ud800b\ud83d\ude00")

    assert sandbox.frames["abc"] == ["a\ufffdb\U0001f600".encode()]


def _as_node_encodes(text: str) -> bytes:
    """UTF-8 of a JavaScript string: surrogate pairs join, lone surrogates become U+FFFD."""
    out: list[str] = []
    index = 0
    while index < len(text):
        code = ord(text[index])
        following = ord(text[index + 1]) if index + 1 < len(text) else 0
        if 0xD800 <= code <= 0xDBFF and 0xDC00 <= following <= 0xDFFF:
            out.append(chr(0x10000 + ((code - 0xD800) << 10) + (following - 0xDC00)))
            index += 2
            continue
        out.append("\ufffd" if 0xD800 <= code <= 0xDFFF else text[index])
        index += 1
    return "".join(out).encode()


@per_example
@given(text=st.text(st.characters(codec=None)), number=st.integers(0, 2**32))
def test_any_text_arrives_as_node_would_send_it(sandbox: WsService, text: str, number: int) -> None:
    connection_id = f"text{number}"
    sandbox.connect(connection_id)

    arc_ws.send(connection_id, text)

    assert sandbox.frames[connection_id] == [_as_node_encodes(text)]


@per_example
@given(
    value=st.lists(JSON, max_size=4) | st.dictionaries(st.text(), JSON, max_size=4),
    number=st.integers(0, 2**32),
)
def test_any_json_value_arrives_as_compact_json_that_reads_back(
    sandbox: WsService, value: object, number: int
) -> None:
    connection_id = f"json{number}"
    sandbox.connect(connection_id)

    arc_ws.send(connection_id, value)

    [frame] = sandbox.frames[connection_id]
    assert frame == dumps(value).encode()
    # Numbers read back as JavaScript reads them: every one a double.
    assert json.loads(frame, parse_int=float) == value
