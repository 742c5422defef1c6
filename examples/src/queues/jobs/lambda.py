"""@queues jobs: each message received is recorded in the records table."""

from __future__ import annotations

from typing import Any

import arc


def record(payload: dict[str, Any]) -> None:
    arc.tables.client().records.put({"id": payload["id"], "via": "queues", "received": payload})


handler = arc.queues.subscribe(record)
