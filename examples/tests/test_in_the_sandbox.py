"""The same app in the real Architect sandbox: HTTP, sessions shared with Node, a queue."""

from __future__ import annotations

import time

from arc_testing import Response
from arc_testing.plugin import Sandbox

# How long the subscriber may take: the bus answers before it runs.
DELIVERY_SECONDS = 15.0


def test_one_session_counts_on_in_python_and_in_node(arc_sandbox: Sandbox) -> None:
    browser = arc_sandbox.client()
    assert browser.get("/count/jwe").json()["count"] == 1
    assert browser.get("/node/count/jwe").json() == {"count": 2, "trail": ["python", "node"]}
    assert browser.get("/count/jwe").json()["count"] == 3


def test_a_published_job_reaches_its_subscriber(arc_sandbox: Sandbox) -> None:
    job = {"id": f"sandbox-job-{time.time_ns()}", "size": 1}
    assert arc_sandbox.http("POST", "/publish/queues", json=job).status == 202
    record = wait_for(arc_sandbox, f"/records/{job['id']}")
    assert record.status == 200
    assert record.json() == {"id": job["id"], "via": "queues", "received": job}


def wait_for(sandbox: Sandbox, path: str) -> Response:
    """GET `path` until it is not a 404, or as it is after DELIVERY_SECONDS."""
    deadline = time.monotonic() + DELIVERY_SECONDS
    while True:
        reply = sandbox.http("GET", path)
        if reply.status != 404 or time.monotonic() > deadline:
            return reply
        time.sleep(0.1)
