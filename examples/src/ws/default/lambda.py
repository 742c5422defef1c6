"""@ws default: every message a WebSocket sends, answered through arc.ws.

- `{"say": "hi"}`: sends `{"you_said": "hi", "connection": <id>}` back.
- `{"info": true}`: sends back when the connection was opened (`arc.ws.info`).
- `{"tell": [ids], "say": "hi"}`: sends `{"from": <id>, "say": "hi"}` to each of `ids`
  (`arc.ws.send_many`), then `{"told": <count>, "gone": [ids that have gone]}` back.
- `{"close": true}`: closes this connection (`arc.ws.close`).
- `{"capture": true}`: sends back `{"captured": <this raw event>}`, for arc-testing's
  fidelity test (tests/e2e/test_testing_events.py).
- anything else: sent back as it came.
"""

from __future__ import annotations

import json
from typing import Any

from arc import ws


def answer(connection: str, message: dict[str, Any]) -> bool:
    """Act on one of the requests above; False for anything else."""
    if "tell" in message:
        gone = ws.send_many(message["tell"], {"from": connection, "say": message.get("say")})
        ws.send(connection, {"told": len(message["tell"]) - len(gone), "gone": gone})
    elif "say" in message:
        ws.send(connection, {"you_said": message["say"], "connection": connection})
    elif "info" in message:
        opened = ws.info(connection)["ConnectedAt"]
        ws.send(connection, {"connected_at": opened.isoformat()})
    elif "close" in message:
        ws.close(connection)
    else:
        return False
    return True


def handler(event: dict[str, Any], context: dict[str, Any]) -> dict[str, Any]:
    connection = event["requestContext"]["connectionId"]
    body = event.get("body") or ""
    try:
        message = json.loads(body)
    except ValueError:
        message = None
    if isinstance(message, dict) and "capture" in message:
        ws.send(connection, {"captured": event})
    elif not (isinstance(message, dict) and answer(connection, message)):
        ws.send(connection, body)
    return {"statusCode": 200}
