"""arc_testing: test the Python functions of an Architect app, offline or in the sandbox.

- `arc_testing.events`: events exactly as API Gateway and the Architect sandbox deliver
  them (`http`, `sqs`, `sns`, `ws`, `scheduled`).
- `Client(handler)`: calls an HTTP handler in-process, keeps cookies like a browser, and
  returns a decoded `Response`.
- `recorder()`: records what `arc.events`, `arc.queues` and `arc.ws` would send, instead
  of sending it (through arc_core's outbox seam).
- A pytest plugin (`pip install 'arc-testing[pytest]'`): fixtures `arc_env`,
  `arc_client`, `arc_published` and `arc_sandbox` (the real `@architect/sandbox`).

A dev dependency: never put it in a function's requirements. Each name loads on first use.
"""

from __future__ import annotations

import arc_core as _arc_core

# `typing` costs milliseconds to import; type checkers treat any TYPE_CHECKING as True.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from . import events as events
    from ._client import Client as Client
    from ._client import Headers as Headers
    from ._client import RequestOptions as RequestOptions
    from ._client import Response as Response
    from ._cookies import Cookies as Cookies
    from ._recorder import Record as Record
    from ._recorder import Recorded as Recorded
    from ._recorder import recorder as recorder

__all__ = [
    "Client",
    "Cookies",
    "Headers",
    "Record",
    "Recorded",
    "RequestOptions",
    "Response",
    "events",
    "recorder",
]

_LAZY = {
    "events": ".events",
    "Client": "._client",
    "Headers": "._client",
    "RequestOptions": "._client",
    "Response": "._client",
    "Cookies": "._cookies",
    "Record": "._recorder",
    "Recorded": "._recorder",
    "recorder": "._recorder",
}

__getattr__, __dir__ = _arc_core.lazy_attributes(__name__, _LAZY)
