"""POST /publish/:kind publishes to @events pings or @queues jobs: recorded, not sent."""

from __future__ import annotations

from pathlib import Path

from arc_testing import Recorded
from arc_testing.plugin import ClientFactory

HTTP = Path(__file__).resolve().parents[1] / "src" / "http"
ROUTE = "/publish/:kind"


def test_a_json_object_is_one_event(arc_client: ClientFactory, arc_published: Recorded) -> None:
    publish = arc_client(HTTP / "post-publish-000kind")
    reply = publish.post("/publish/events", route=ROUTE, json={"id": "p-1", "n": 1.5})
    assert reply.status == 202
    assert reply.json() == {"published": {"id": "p-1", "n": 1.5}, "to": "pings"}
    assert arc_published.events["pings"] == [{"id": "p-1", "n": 1.5}]
    assert arc_published.queues == {}


def test_a_json_array_is_a_batch_on_the_queue(
    arc_client: ClientFactory, arc_published: Recorded
) -> None:
    publish = arc_client(HTTP / "post-publish-000kind")
    jobs = [{"id": "j-1"}, {"id": "j-2"}, {"id": "j-3"}]
    assert publish.post("/publish/queues", route=ROUTE, json=jobs).status == 202
    assert arc_published.queues["jobs"] == jobs
    # The records keep what went on the wire and the SQS options (none given here).
    first = arc_published.records[0]
    assert (first.kind, first.target, first.data, first.options) == (
        "queues",
        "jobs",
        '{"id":"j-1"}',
        {},
    )


def test_an_unknown_kind_publishes_nothing(
    arc_client: ClientFactory, arc_published: Recorded
) -> None:
    publish = arc_client(HTTP / "post-publish-000kind")
    reply = publish.post("/publish/sms", route=ROUTE, json={"id": "x"})
    assert reply.status == 404
    assert arc_published.records == []
