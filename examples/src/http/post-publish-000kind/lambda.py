"""POST /publish/:kind: publish the JSON body to @events pings or @queues jobs.

A JSON object is one message (`publish`); a JSON array is a batch (`publish_batch`).
"""

from __future__ import annotations

from typing import Any

import arc
from arc.http import HttpResponse, parse_body, res

# Each kind of bus and the topic or queue of app.arc it publishes to.
TARGETS = {"events": (arc.events, "pings"), "queues": (arc.queues, "jobs")}


def handler(req: dict[str, Any], context: dict[str, Any]) -> HttpResponse:
    target = TARGETS.get(req["pathParameters"]["kind"])
    if target is None:
        return res(req, {"status": 404, "json": {"error": "kinds: events, queues"}})
    bus, name = target
    payload = parse_body(req)
    if isinstance(payload, list):
        bus.publish_batch(name, payload)
    else:
        bus.publish(name, payload)
    return res(req, {"status": 202, "json": {"published": payload, "to": name}})
