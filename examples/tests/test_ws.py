"""@ws default answers through arc.ws: what it sends is recorded, not sent."""

from __future__ import annotations

import json
from pathlib import Path

from arc_testing import Recorded, events
from arc_testing.plugin import ClientFactory

WS = Path(__file__).resolve().parents[1] / "src" / "ws"


def test_a_message_is_answered_on_its_connection(
    arc_client: ClientFactory, arc_published: Recorded
) -> None:
    default = arc_client(WS / "default")
    reply = default.invoke(events.ws(connection_id="conn-1", body={"say": "hi"}))
    assert reply == {"statusCode": 200}
    assert arc_published.ws["conn-1"] == ['{"you_said":"hi","connection":"conn-1"}']


def test_tell_sends_to_every_connection_named(
    arc_client: ClientFactory, arc_published: Recorded
) -> None:
    default = arc_client(WS / "default")
    default.invoke(events.ws(connection_id="me", body={"tell": ["a", "b"], "say": "yo"}))
    told = {"from": "me", "say": "yo"}
    assert [json.loads(m) for m in arc_published.ws["a"]] == [told]
    assert [json.loads(m) for m in arc_published.ws["b"]] == [told]
    assert [json.loads(m) for m in arc_published.ws["me"]] == [{"told": 2, "gone": []}]


def test_anything_else_is_sent_back_as_it_came(
    arc_client: ClientFactory, arc_published: Recorded
) -> None:
    default = arc_client(WS / "default")
    default.invoke(events.ws(connection_id="c", body="plain text"))
    assert arc_published.ws == {"c": ["plain text"]}
