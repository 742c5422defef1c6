"""arc_ws: send to, close and inspect the @ws connections of an Architect app.

`send(id, payload)`, `close(id)`, `info(id)` and `api()` call the API Gateway
management API (the sandbox's `/_arc/ws` locally); `send_many(ids, payload, *,
concurrency=10)` fans one payload out and returns the connections that have gone. A
gone connection raises `GoneError`. Importing this module loads nothing but arc_core;
the calls go through arc_core's own AWS transport, and boto3 is loaded only by `api()`.
"""

from __future__ import annotations

from ._connections import api as api
from ._connections import close as close
from ._connections import info as info
from ._connections import send as send
from ._errors import GoneError as GoneError
from ._errors import SendManyError as SendManyError
from ._fanout import send_many as send_many

__all__ = [
    "GoneError",
    "SendManyError",
    "api",
    "close",
    "info",
    "send",
    "send_many",
]
