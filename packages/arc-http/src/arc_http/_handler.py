"""`handler`: Node's `arc.http(...fns)` middleware chain as a synchronous Lambda handler.

Lambda's Python runtime (and the sandbox's) calls `handler(event, context)` and waits
for a plain return value, so the chain runs synchronously; `async def` middleware are
driven on one event loop per invocation (`asyncio.run`). Plain and async functions
mix freely, unlike Node, which insists on one kind.
"""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from arc_core import InvalidRequestError

from ._body import parse_body
from ._errors import ResponseError
from ._interpolate import interpolate
from ._js import js_truthy
from ._response import error_response, res
from ._sessions import session_read
from ._types import HttpResponse

__all__ = ["LambdaHandler", "Middleware", "handler"]

Middleware = Callable[..., Any]
"""A middleware: called as `fn(request, context)`, plain or `async def`."""

LambdaHandler = Callable[..., HttpResponse]
"""What `handler` returns: `lambda_handler(event, context)` giving the response dict."""

# Node's message when a REST chain ends without a response (src/http/index.js).
_NO_RESPONSE = "Finished all functions without returning a response."
# The status of the page sent when the request itself cannot be read.
_BAD_REQUEST = 400
# The status of the page sent when a function raised: the server failed, whatever the error.
_SERVER_ERROR = 500


class _FunctionFailed(Exception):
    """What a function of the chain raised, carried out of the chain (plain or async) so
    that it is told apart from the handler's own errors."""

    def __init__(self, error: Exception) -> None:
        super().__init__(error)
        self.error = error


def handler(*fns: Middleware) -> LambdaHandler:
    """Return a Lambda handler that runs `fns` in order on each request, Node's `arc.http`.

    Before the first function the request is prepared once: `request["session"]` is read
    from the session cookie, Node's conveniences are added (`helpers.interpolate`) and
    `request["body"]` is parsed (`parse_body`). Each function is called as
    `fn(request, context)` and may return:

    - a request (a dict with `httpMethod`): it replaces the request for the next function;
    - another value that is true by JavaScript's rules (a dict, even `{}`): the response,
      formatted by `res`; later functions do not run;
    - None (or `False`, `0`, `""`): the next function runs with the same request.

    An HTTP API (v2) chain that ends without a response answers an empty 200; on REST
    it raises `ResponseError`, as Node does. A returned `session` is written and its
    cookie set (`{}` writes an empty session). A request the handler cannot read (a body
    that is not the JSON or base64 it claims, a form of more than 1000 fields) gets a 400
    page before any function runs. An exception a function raises, of any type
    (`InvalidRequestError` and `ResponseError` too), gets a 500 page and is logged with
    its traceback to the `arc_http` logger; to answer another status, return a response
    (or return the exception: its `status` counts). Raises `TypeError` at once when an
    argument is not callable. Works as a decorator.

    >>> @handler
    ... def lambda_handler(req, context):
    ...     return {"json": {"hello": req["query"].get("name", "world")}}
    """
    if not fns:
        raise TypeError("handler() needs at least one function")
    for fn in fns:
        if not callable(fn):
            raise TypeError(f"{fn!r} not a function")
    chain = tuple(fns)
    asynchronous = any(inspect.iscoroutinefunction(fn) for fn in chain)

    def lambda_handler(event: Mapping[str, Any], context: Any = None) -> HttpResponse:
        try:
            request = _prepare(event)
            if asynchronous:
                request, result = _run_async(_chain_async(chain, 0, request, context, None))
            else:
                request, result = _chain(chain, request, context)
        except _FunctionFailed as failed:
            return error_response(event, failed.error, _SERVER_ERROR, log=True)
        except InvalidRequestError as err:
            return error_response(event if isinstance(event, Mapping) else {}, err, _BAD_REQUEST)
        if result is None and request.get("version") != "2.0":
            raise ResponseError(
                f"{_NO_RESPONSE} On a REST API (or payload 1.0) the last function must return "
                "the response, e.g. {'statusCode': 204}"
            )
        return res(request, result)

    if len(chain) == 1:
        lambda_handler.__name__ = getattr(chain[0], "__name__", "lambda_handler")
        lambda_handler.__qualname__ = getattr(chain[0], "__qualname__", "lambda_handler")
        lambda_handler.__doc__ = getattr(chain[0], "__doc__", None)
    return lambda_handler


def _prepare(event: Mapping[str, Any]) -> dict[str, Any]:
    """The request the first middleware sees: a copy of `event`, with session and body."""
    if not isinstance(event, Mapping):
        raise InvalidRequestError(f"the event is a {type(event).__name__}, not an HTTP event")
    request = dict(event)
    request["session"] = session_read(request)
    interpolate(request)
    request["body"] = parse_body(request)
    return request


def _outcome(result: Any, request: dict[str, Any]) -> tuple[dict[str, Any], Any, bool]:
    """(request, response, done) after a middleware returned `result`."""
    if isinstance(result, Mapping) and js_truthy(result.get("httpMethod")):
        return (result if isinstance(result, dict) else dict(result)), None, False
    if result is not None and js_truthy(result):
        return request, result, True
    return request, None, False


def _chain(
    chain: tuple[Middleware, ...], request: dict[str, Any], context: Any
) -> tuple[dict[str, Any], Any]:
    for index, fn in enumerate(chain):
        try:
            result = fn(request, context)
        except Exception as err:
            raise _FunctionFailed(err) from None
        if inspect.isawaitable(result):
            # A plain function handed back an awaitable: finish the chain on a loop.
            return _run_async(_chain_async(chain, index + 1, request, context, result))
        request, response, done = _outcome(result, request)
        if done:
            return request, response
    return request, None


async def _chain_async(
    chain: tuple[Middleware, ...],
    start: int,
    request: dict[str, Any],
    context: Any,
    pending: Awaitable[Any] | None,
) -> tuple[dict[str, Any], Any]:
    if pending is not None:
        try:
            result = await pending
        except Exception as err:
            raise _FunctionFailed(err) from None
        request, response, done = _outcome(result, request)
        if done:
            return request, response
    for fn in chain[start:]:
        try:
            result = fn(request, context)
            if inspect.isawaitable(result):
                result = await result
        except Exception as err:
            raise _FunctionFailed(err) from None
        request, response, done = _outcome(result, request)
        if done:
            return request, response
    return request, None


def _run_async(coroutine: Any) -> tuple[dict[str, Any], Any]:
    import asyncio

    try:
        asyncio.get_running_loop()
    except RuntimeError:
        result: tuple[dict[str, Any], Any] = asyncio.run(coroutine)
        return result
    coroutine.close()
    raise RuntimeError(
        "an arc_http handler is a synchronous Lambda entry point and cannot run inside a "
        "running event loop; call it from plain code (or a worker thread)"
    )
