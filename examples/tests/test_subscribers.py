"""The @queues jobs and @events pings subscribers, fed the events SQS and SNS deliver.

They write to the records table: here the sandbox's own database, reached in-process
through `arc_sandbox_env`.
"""

from __future__ import annotations

from pathlib import Path

from arc_testing import events
from arc_testing.plugin import ClientFactory

SRC = Path(__file__).resolve().parents[1] / "src"


def test_the_jobs_subscriber_records_each_message(
    arc_sandbox_env: dict[str, str], arc_client: ClientFactory
) -> None:
    jobs = arc_client(SRC / "queues" / "jobs")
    jobs.invoke(events.sqs([{"id": "job-1", "size": 3}, {"id": "job-2"}]))
    records = arc_client(SRC / "http" / "get-records-000id")
    reply = records.get("/records/job-1", route="/records/:id")
    assert reply.json() == {"id": "job-1", "via": "queues", "received": {"id": "job-1", "size": 3}}
    assert records.get("/records/job-2", route="/records/:id").json()["via"] == "queues"
    assert records.get("/records/job-3", route="/records/:id").status == 404


def test_the_pings_subscriber_records_each_event(
    arc_sandbox_env: dict[str, str], arc_client: ClientFactory
) -> None:
    pings = arc_client(SRC / "events" / "pings")
    pings.invoke(events.sns([{"id": "ping-1", "from": "a test"}]))
    records = arc_client(SRC / "http" / "get-records-000id")
    reply = records.get("/records/ping-1", route="/records/:id")
    assert reply.json() == {
        "id": "ping-1",
        "via": "events",
        "received": {"id": "ping-1", "from": "a test"},
    }
