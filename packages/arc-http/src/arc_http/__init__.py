"""arc_http: HTTP functions of Architect apps, as Node's `@architect/functions` v8 does them.

- `res(req, params)`: the Lambda response for what a handler returns.
- `handler(*fns)`: Node's `arc.http(...fns)` middleware chain as a Lambda handler.
- `parse_body(req)`: the request body as data, by its content type.
- `session_read(req)` / `session_write(session)`: sessions that interoperate with Node.
- `csrf.create()` / `csrf.verify(token)`, `helpers.interpolate` / `helpers.url`,
  `static(asset)`, and typed shapes of the events and the response.

Importing it loads nothing but `arc_core`; each name loads its module on first use
(PEP 562), so a cold Lambda pays only for what it calls.
"""

from __future__ import annotations

import arc_core as _arc_core  # checks ARC_ENV and the sandbox version on import

# `typing` and `importlib` cost milliseconds; type checkers treat any TYPE_CHECKING as True.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from arc_core import InvalidRequestError as InvalidRequestError

    from . import csrf as csrf
    from . import helpers as helpers
    from ._body import parse_body as parse_body
    from ._errors import ResponseError as ResponseError
    from ._handler import LambdaHandler as LambdaHandler
    from ._handler import Middleware as Middleware
    from ._handler import handler as handler
    from ._response import ANTI_CACHE as ANTI_CACHE
    from ._response import DEFAULT_CONTENT_TYPE as DEFAULT_CONTENT_TYPE
    from ._response import res as res
    from ._sessions import session_read as session_read
    from ._sessions import session_rotate as session_rotate
    from ._sessions import session_write as session_write
    from ._static import static as static
    from ._types import HttpEventV1 as HttpEventV1
    from ._types import HttpEventV2 as HttpEventV2
    from ._types import HttpRequest as HttpRequest
    from ._types import HttpResponse as HttpResponse
    from ._types import RequestContextV1 as RequestContextV1
    from ._types import RequestContextV2 as RequestContextV2
    from ._types import RequestContextV2Http as RequestContextV2Http

__all__ = [
    "ANTI_CACHE",
    "DEFAULT_CONTENT_TYPE",
    "HttpEventV1",
    "HttpEventV2",
    "HttpRequest",
    "HttpResponse",
    "InvalidRequestError",
    "LambdaHandler",
    "Middleware",
    "RequestContextV1",
    "RequestContextV2",
    "RequestContextV2Http",
    "ResponseError",
    "csrf",
    "handler",
    "helpers",
    "parse_body",
    "res",
    "session_read",
    "session_rotate",
    "session_write",
    "static",
]

# The module each public name lives in; a public submodule maps to itself.
_LAZY = {
    "InvalidRequestError": "arc_core",
    "csrf": "arc_http.csrf",
    "helpers": "arc_http.helpers",
    "parse_body": "arc_http._body",
    "ResponseError": "arc_http._errors",
    "LambdaHandler": "arc_http._handler",
    "Middleware": "arc_http._handler",
    "handler": "arc_http._handler",
    "ANTI_CACHE": "arc_http._response",
    "DEFAULT_CONTENT_TYPE": "arc_http._response",
    "res": "arc_http._response",
    "session_read": "arc_http._sessions",
    "session_rotate": "arc_http._sessions",
    "session_write": "arc_http._sessions",
    "static": "arc_http._static",
    "HttpEventV1": "arc_http._types",
    "HttpEventV2": "arc_http._types",
    "HttpRequest": "arc_http._types",
    "HttpResponse": "arc_http._types",
    "RequestContextV1": "arc_http._types",
    "RequestContextV2": "arc_http._types",
    "RequestContextV2Http": "arc_http._types",
}


__getattr__, __dir__ = _arc_core.lazy_attributes(__name__, _LAZY)
