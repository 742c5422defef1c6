"""Request events as API Gateway (and the sandbox) send them, for the arc_http tests.

Shaped like architect/req-res-fixtures, which Node's own tests use: HTTP API payload
2.0 (`v2(...)`) and REST / payload 1.0 (`rest(...)`). Each call returns a fresh dict.
"""

from __future__ import annotations

import base64
from typing import Any

# What every fixture request carries, as in req-res-fixtures.
COOKIE = "_idx=abc123DEF456"
USER_AGENT = "Some Client 1.0"


def b64(text: str | bytes) -> str:
    """`text` base64-encoded, as API Gateway sends bodies."""
    data = text.encode() if isinstance(text, str) else text
    return base64.b64encode(data).decode("ascii")


def v2(
    route: str = "GET /",
    path: str | None = None,
    *,
    headers: dict[str, str] | None = None,
    body: str | None = None,
    base64_encoded: bool = False,
    path_parameters: dict[str, str] | None = None,
    query: dict[str, str] | None = None,
    raw_query: str = "",
) -> dict[str, Any]:
    """An HTTP API (payload 2.0) event for `route` (`"GET /nature/{activities}"`, `$default`)."""
    method = route.split(" ")[0] if " " in route else "GET"
    raw_path = path or (route.split(" ")[1] if " " in route else "/")
    event: dict[str, Any] = {
        "version": "2.0",
        "routeKey": route,
        "rawPath": raw_path,
        "rawQueryString": raw_query,
        "cookies": [COOKIE],
        "headers": {
            "accept-encoding": "deflate",
            "cookie": COOKIE,
            "user-agent": USER_AGENT,
            "x-forwarded-for": "127.0.0.1",
            "x-forwarded-port": "3333",
            "x-forwarded-proto": "http",
            **(headers or {}),
        },
        "requestContext": {
            "http": {
                "method": method,
                "path": raw_path,
                "protocol": "HTTP/1.1",
                "sourceIp": "127.0.0.1",
                "userAgent": USER_AGENT,
            },
            "routeKey": route,
        },
        "isBase64Encoded": base64_encoded,
    }
    if body is not None:
        event["body"] = body
    if path_parameters is not None:
        event["pathParameters"] = path_parameters
    if query is not None:
        event["queryStringParameters"] = query
    return event


def rest(
    resource: str = "/",
    path: str | None = None,
    *,
    method: str = "GET",
    headers: dict[str, str] | None = None,
    body: str | None = None,
    path_parameters: dict[str, str] | None = None,
    query: dict[str, str] | None = None,
    multi_query: dict[str, list[str]] | None = None,
    version: str | None = None,
) -> dict[str, Any]:
    """A REST API event (or HTTP API payload 1.0 with `version="1.0"`); bodies are base64."""
    all_headers = {
        "accept-encoding": "deflate",
        "cookie": COOKIE,
        "User-Agent": USER_AGENT,
        "X-Forwarded-For": "127.0.0.1",
        "X-Forwarded-Port": "3333",
        "X-Forwarded-Proto": "http",
        **(headers or {}),
    }
    event: dict[str, Any] = {
        "resource": resource,
        "path": path or resource,
        "httpMethod": method,
        "headers": all_headers,
        "multiValueHeaders": {name: [value] for name, value in all_headers.items()},
        "queryStringParameters": query,
        "multiValueQueryStringParameters": multi_query,
        "pathParameters": path_parameters,
        "body": body,
        "isBase64Encoded": body is not None,
        "requestContext": {
            "httpMethod": method,
            "path": path or resource,
            "resourcePath": resource,
            "protocol": "HTTP/1.1",
            "identity": {"sourceIp": "127.0.0.1", "userAgent": USER_AGENT},
        },
    }
    if version is not None:
        event["version"] = version
    return event


def with_accept_encoding(event: dict[str, Any], value: str) -> dict[str, Any]:
    """`event` with its Accept-Encoding header set to `value`."""
    event["headers"]["accept-encoding"] = value
    return event
