"""@ws connect: accept a WebSocket (unless `?reject` is in its URL) and record it."""

from __future__ import annotations

from typing import Any

import arc


def handler(event: dict[str, Any], context: dict[str, Any]) -> dict[str, Any]:
    if "reject" in (event.get("queryStringParameters") or {}):
        return {"statusCode": 403}
    connection = event["requestContext"]["connectionId"]
    # The connection is registered only once this returns: arc.ws.send() to it would fail
    # here with GoneError, in the sandbox as on AWS.
    arc.tables.client().records.put({"id": f"ws-{connection}", "via": "ws", "state": "connected"})
    return {"statusCode": 200}
