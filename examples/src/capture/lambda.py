"""The raw event of each invocation, as the sandbox delivered it, for arc-testing's fidelity test.

tests/e2e/test_testing_events.py compares these events, key by key, with what
`arc_testing.events` makes. One function serves several triggers (app.arc points each at
this folder with `src`):

- `get /capture`, `get /capture/:id`, `post /capture`: the event comes back as the JSON body.
- `@events captures`, `@queues captures`: each message is a JSON object with an `id`; the
  whole event is stored in the records table under `capture-<id>`, as JSON text.

The @ws functions capture their events too, when asked (see connect, default, disconnect).
"""

from __future__ import annotations

import json
from typing import Any

import arc


def handler(event: dict[str, Any], context: dict[str, Any]) -> dict[str, Any] | None:
    if "Records" not in event:  # an HTTP request
        body = json.dumps(event)
        return {"statusCode": 200, "headers": {"content-type": "application/json"}, "body": body}
    for record in event["Records"]:
        message = record["Sns"]["Message"] if "Sns" in record else record["body"]
        key = f"capture-{json.loads(message)['id']}"
        arc.tables.client().records.put({"id": key, "event": json.dumps(event)})
    return None
