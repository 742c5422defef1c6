"""@ws disconnect: record that the WebSocket has gone.

For a connection opened with `?capture` (see connect), the raw event is added to its
`capture-<connection id>` row (attribute `disconnect`, as JSON text).
"""

from __future__ import annotations

import json
from typing import Any

import arc


def handler(event: dict[str, Any], context: dict[str, Any]) -> dict[str, Any]:
    connection = event["requestContext"]["connectionId"]
    records = arc.tables.client().records
    records.put({"id": f"ws-{connection}", "via": "ws", "state": "gone"})
    captured = records.get({"id": f"capture-{connection}"})
    if captured is not None:
        records.put({**captured, "disconnect": json.dumps(event)})
    return {"statusCode": 200}
