"""The error `res` raises when it is asked for a response Lambda cannot send."""

from __future__ import annotations

from arc_core import ArcError

__all__ = ["ResponseError"]


class ResponseError(ArcError, ValueError):
    """The params given to `res` (or returned by a middleware) cannot make a valid response.

    Raised for a status that is not an HTTP status code, a header value that is not
    text, a header name or value with a CR, LF or NUL in it (header injection), a body
    that JSON cannot hold, or a handler chain that ends without a response on a REST
    API. It is a bug in the function, not in the request: the message says which key
    to fix.
    """


ResponseError.__module__ = "arc_http"
