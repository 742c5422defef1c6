"""recorder(): what arc.events, arc.queues and arc.ws would send, kept instead of sent."""

from __future__ import annotations

import pytest

import arc_events
import arc_queues
import arc_ws
from arc_core import ServiceError, outbox
from arc_testing import Recorded, recorder


@pytest.fixture
def nowhere(monkeypatch: pytest.MonkeyPatch) -> None:
    """AWS mode with endpoints that answer nothing: whatever is really sent fails."""
    monkeypatch.setenv("ARC_ENV", "production")
    monkeypatch.setenv("ARC_STACK_NAME", "NowhereProduction")
    monkeypatch.setenv("AWS_REGION", "us-east-1")
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_ENDPOINT_URL", "http://127.0.0.1:9")
    monkeypatch.setenv("ARC_WSS_URL", "wss://127.0.0.1:9/production")


@pytest.mark.usefixtures("nowhere")
def test_events_and_queues_are_recorded_decoded_as_subscribers_get_them() -> None:
    with recorder() as recorded:
        assert arc_events.publish("pings", {"id": "a", "n": 1.5}) == {}
        assert arc_events.publish_batch("pings", ["b", 2]) == []
        assert arc_queues.publish("jobs", {"id": "j"}, delay_seconds=3) == {}
    assert recorded.events["pings"] == [{"id": "a", "n": 1.5}, "b", 2]
    assert recorded.queues["jobs"] == [{"id": "j"}]
    assert recorded.events == {"pings": [{"id": "a", "n": 1.5}, "b", 2]}
    assert list(recorded.queues) == ["jobs"]


@pytest.mark.usefixtures("nowhere")
def test_queue_options_and_the_wire_text_are_kept_in_the_records() -> None:
    with recorder() as recorded:
        arc_queues.publish("orders.fifo", {"id": 7}, group_id="customer-42", dedup_id="d1")
        arc_events.publish("pings", {"ok": True})
    first, second = recorded.records
    assert (first.kind, first.target, first.data) == ("queues", "orders.fifo", '{"id":7}')
    assert first.options == {"group_id": "customer-42", "dedup_id": "d1"}
    assert (second.kind, second.payload, second.options) == ("events", {"ok": True}, {})


@pytest.mark.usefixtures("nowhere")
def test_ws_messages_are_text_or_bytes_when_not_utf8() -> None:
    with recorder() as recorded:
        arc_ws.send("conn-a", {"hi": 1})
        arc_ws.send("conn-a", "plain")
        arc_ws.send("conn-b", b"\xff\x00")
    assert recorded.ws["conn-a"] == ['{"hi":1}', "plain"]
    assert recorded.ws["conn-b"] == [b"\xff\x00"]
    assert recorded.records[2].data == b"\xff\x00"


@pytest.mark.usefixtures("nowhere")
def test_send_many_from_its_threads_is_recorded() -> None:
    ids = [f"c{n}" for n in range(20)]
    with recorder() as recorded:
        assert arc_ws.send_many(ids, {"say": "hi"}) == []
    assert sorted(recorded.ws) == sorted(ids)
    assert all(recorded.ws[i] == ['{"say":"hi"}'] for i in ids)


def test_a_name_that_got_nothing_reads_as_an_empty_list() -> None:
    with recorder() as recorded:
        pass
    assert recorded.events["pings"] == []
    assert recorded.queues == {}
    assert "pings" not in recorded.events
    assert len(recorded.ws) == 0


@pytest.mark.usefixtures("nowhere")
def test_the_recorder_is_gone_after_the_block_and_sending_is_real_again() -> None:
    with recorder():
        assert outbox() is not None
    assert outbox() is None
    with pytest.raises(ServiceError):
        arc_events.publish("pings", {"late": True})


@pytest.mark.usefixtures("nowhere")
def test_nested_recorders_the_innermost_gets_the_messages() -> None:
    with recorder() as outer:
        with recorder() as inner:
            arc_events.publish("pings", 1)
        arc_events.publish("pings", 2)
    assert inner.events["pings"] == [1]
    assert outer.events["pings"] == [2]


@pytest.mark.usefixtures("nowhere")
def test_clear_forgets_what_was_recorded() -> None:
    with recorder() as recorded:
        arc_events.publish("pings", 1)
        recorded.clear()
        arc_events.publish("pings", 2)
    assert recorded.events["pings"] == [2]


def test_a_recorded_is_an_outbox_on_its_own() -> None:
    recorded = Recorded()
    recorded.publish("queues", "jobs", '{"a":[1,2]}', {"delay_seconds": 0})
    recorded.send("c", "é".encode())
    assert recorded.queues["jobs"] == [{"a": [1, 2]}]
    assert recorded.ws["c"] == ["é"]
    assert repr(recorded) == "<Recorded 2 messages>"
