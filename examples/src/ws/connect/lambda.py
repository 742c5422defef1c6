"""@ws connect: accept a WebSocket (unless `?reject` is in its URL) and record it.

With `?capture` in its URL, the raw event is also stored in the records table (row
`capture-<connection id>`, attribute `connect`, as JSON text), for arc-testing's fidelity
test (tests/e2e/test_testing_events.py); disconnect then adds its own event to that row.
"""

from __future__ import annotations

import json
from typing import Any

import arc


def handler(event: dict[str, Any], context: dict[str, Any]) -> dict[str, Any]:
    query = event.get("queryStringParameters") or {}
    if "reject" in query:
        return {"statusCode": 403}
    connection = event["requestContext"]["connectionId"]
    records = arc.tables.client().records
    if "capture" in query:
        records.put({"id": f"capture-{connection}", "connect": json.dumps(event)})
    # The connection is registered only once this returns: arc.ws.send() to it would fail
    # here with GoneError, in the sandbox as on AWS.
    records.put({"id": f"ws-{connection}", "via": "ws", "state": "connected"})
    return {"statusCode": 200}
