"""`interpolate`: the conveniences Node adds to a request before the first middleware."""

from __future__ import annotations

from collections.abc import Mapping, MutableMapping
from typing import Any, TypeVar

from ._js import js_truthy

__all__ = ["interpolate"]

Request = TypeVar("Request", bound=MutableMapping[str, Any])

# Keys an HTTP API (v2) omits when empty and Node sets to `{}` (src/http/helpers/params.js).
_UNDEFINED_TO_EMPTY = ("body", "pathParameters", "queryStringParameters", "headers")
# Keys a REST API sends as null when empty and Node sets to `{}`.
_NULL_TO_EMPTY = (
    "body",
    "pathParameters",
    "queryStringParameters",
    "multiValueQueryStringParameters",
    "headers",
)
# The Node-style aliases: each is set to the same object as its AWS key when not truthy.
_ALIASES = (
    ("method", "httpMethod"),
    ("params", "pathParameters"),
    ("query", "queryStringParameters"),
)


def interpolate(req: Request) -> Request:
    """Add Node's conveniences to the request event `req`, in place, and return it.

    - `rawBody`: the body as it arrived, when there is one.
    - HTTP API (v2): `httpMethod` from `requestContext.http.method`, `resource` from the
      route key (`GET /a/{b}` gives `/a/{b}`, `$default` stays), `path` from `rawPath`.
    - `body`, `pathParameters`, `queryStringParameters`, `multiValueQueryStringParameters`
      and `headers` that are missing (v2) or null (REST) become `{}`.
    - `method`, `params`, `query`: the same objects as `httpMethod`, `pathParameters`,
      `queryStringParameters`.
    - `{name}` tokens in `path` are replaced with the path parameter of that name.

    Unlike Node, a `{name}` without a parameter stays as it is (Node writes `undefined`),
    a missing route key leaves `resource` alone instead of raising, and `headers` are
    made `{}` too, so `req["headers"]` always works.

    >>> interpolate({"version": "2.0", "routeKey": "GET /", "rawPath": "/"})["resource"]
    '/'
    """
    if js_truthy(req.get("body")):
        req["rawBody"] = req["body"]
    if req.get("version") == "2.0":
        _backfill_v2(req)
    for key in _NULL_TO_EMPTY:
        if key in req and req[key] is None:
            req[key] = {}
    for alias, key in _ALIASES:
        if not js_truthy(req.get(alias)) and key in req:
            req[alias] = req[key]
    path = req.get("path")
    params = req.get("params")
    if isinstance(path, str) and "{" in path and isinstance(params, Mapping):
        req["path"] = _fill_path(path, params)
    return req


def _backfill_v2(req: MutableMapping[str, Any]) -> None:
    context = req.get("requestContext")
    http = context.get("http") if isinstance(context, Mapping) else None
    method = http.get("method") if isinstance(http, Mapping) else None
    if method:
        req["httpMethod"] = method
    for key in _UNDEFINED_TO_EMPTY:
        if key not in req:
            req[key] = {}
    route = req.get("routeKey")
    if isinstance(route, str):
        parts = route.split(" ")
        req["resource"] = parts[1] if len(parts) > 1 and parts[1] else route
    if "rawPath" in req:
        req["path"] = req["rawPath"]


def _fill_path(path: str, params: Mapping[str, Any]) -> str:
    import re

    def value(match: re.Match[str]) -> str:
        name = match.group(1)
        return str(params[name]) if name in params else match.group(0)

    # JavaScript's \w is ASCII-only; `{proxy+}` does not match, as in Node.
    return re.sub(r"\{(\w+)\}", value, path, flags=re.ASCII)
