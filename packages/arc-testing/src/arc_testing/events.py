"""Events exactly as API Gateway, SQS, SNS, EventBridge and the Architect sandbox deliver them.

Call a handler with one to test it without a sandbox:

```python
from arc_testing import events

reply = handler(events.http("GET", "/notes/7", route="/notes/:id"), {})
handler(events.sqs([{"id": "job-1"}]), {})
```

- `http(...)`: an HTTP request, in the payload of an HTTP API (2.0, Architect's
  default), an HTTP API with payload 1.0, or a REST API.
- `ws(...)`: a WebSocket `$connect`, `$disconnect` or message.
- `sqs(...)`, `sns(...)`: the messages `arc.queues.publish` and `arc.events.publish`
  send, as SQS and SNS deliver them.
- `scheduled()`: the EventBridge event of a @scheduled function.

Every key the sandbox 8.0.0 sends is there with the value it sends (the e2e test
tests/e2e/test_testing_events.py compares them key by key); the keys only AWS sends are
added (`requestId`, `stage`, `messageId`, `attributes`...). Where the sandbox is not
what AWS sends, AWS wins:

- HTTP API `timeEpoch` is in milliseconds (the sandbox sends seconds);
- a str body, and in payload 1.0 of an HTTP API a JSON body, stays text (the sandbox
  base64-encodes them);
- a custom WebSocket route's key is its action, `echo` (the sandbox sends `$echo`).

Each call returns a new plain dict with random ids and the current time.
"""

from __future__ import annotations

from ._events_common import Query as Query
from ._events_http import Api as Api
from ._events_http import http as http
from ._events_records import scheduled as scheduled
from ._events_records import sns as sns
from ._events_records import sqs as sqs
from ._events_ws import ws as ws

__all__ = ["Api", "Query", "http", "scheduled", "sns", "sqs", "ws"]
