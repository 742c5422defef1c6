"""@ws disconnect: record that the WebSocket has gone."""

from __future__ import annotations

from typing import Any

import arc


def handler(event: dict[str, Any], context: dict[str, Any]) -> dict[str, Any]:
    connection = event["requestContext"]["connectionId"]
    arc.tables.client().records.put({"id": f"ws-{connection}", "via": "ws", "state": "gone"})
    return {"statusCode": 200}
