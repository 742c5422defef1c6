"""Typed shapes of the events API Gateway sends and of the response `res` returns.

`total=False` where AWS omits keys: an HTTP API (payload 2.0) leaves out `cookies`,
`body`, `pathParameters` and `queryStringParameters` when there are none; a REST API
(and HTTP API payload 1.0) sends them as `null` instead.
"""

from __future__ import annotations

from typing import Any, TypedDict

__all__ = [
    "HttpEventV1",
    "HttpEventV2",
    "HttpRequest",
    "HttpResponse",
    "RequestContextV1",
    "RequestContextV2",
    "RequestContextV2Http",
]


class RequestContextV2Http(TypedDict, total=False):
    """`requestContext.http` of an HTTP API (payload 2.0) event."""

    method: str
    path: str
    protocol: str
    sourceIp: str
    userAgent: str


class RequestContextV2(TypedDict, total=False):
    """`requestContext` of an HTTP API (payload 2.0) event."""

    accountId: str
    apiId: str
    authorizer: dict[str, Any]
    domainName: str
    domainPrefix: str
    http: RequestContextV2Http
    requestId: str
    routeKey: str
    stage: str
    time: str
    timeEpoch: int


class HttpEventV2(TypedDict, total=False):
    """The event of an HTTP API route with payload format 2.0 (Architect's default)."""

    version: str
    routeKey: str
    rawPath: str
    rawQueryString: str
    cookies: list[str]
    headers: dict[str, str]
    queryStringParameters: dict[str, str]
    pathParameters: dict[str, str]
    stageVariables: dict[str, str]
    requestContext: RequestContextV2
    body: str
    isBase64Encoded: bool


class RequestContextV1(TypedDict, total=False):
    """`requestContext` of a REST API (or HTTP API payload 1.0) event."""

    accountId: str
    apiId: str
    authorizer: dict[str, Any]
    domainName: str
    httpMethod: str
    identity: dict[str, Any]
    path: str
    protocol: str
    requestId: str
    requestTimeEpoch: int
    resourceId: str
    resourcePath: str
    stage: str


class HttpEventV1(TypedDict, total=False):
    """The event of a REST API (no `version`) or HTTP API payload 1.0 (`version: "1.0"`)."""

    version: str
    resource: str
    path: str
    httpMethod: str
    headers: dict[str, str] | None
    multiValueHeaders: dict[str, list[str]] | None
    queryStringParameters: dict[str, str] | None
    multiValueQueryStringParameters: dict[str, list[str]] | None
    pathParameters: dict[str, str] | None
    stageVariables: dict[str, str] | None
    requestContext: RequestContextV1
    body: str | None
    isBase64Encoded: bool


class HttpRequest(TypedDict, total=False):
    """What each `handler` middleware receives: the event, prepared as Node prepares it.

    Keys of both payload formats, plus `method`, `params`, `query` (the same objects
    as `httpMethod`, `pathParameters`, `queryStringParameters`), `session`, the parsed
    `body`, and `rawBody` (the body as it arrived) when there was one.
    """

    version: str
    routeKey: str
    rawPath: str
    rawQueryString: str
    cookies: list[str]
    resource: str
    path: str
    httpMethod: str
    headers: dict[str, str]
    multiValueHeaders: dict[str, list[str]]
    queryStringParameters: dict[str, str]
    multiValueQueryStringParameters: dict[str, list[str]]
    pathParameters: dict[str, str]
    stageVariables: dict[str, str] | None
    requestContext: dict[str, Any]
    isBase64Encoded: bool
    body: Any
    rawBody: str
    method: str
    params: dict[str, str]
    query: dict[str, str]
    session: dict[str, Any]


class _HttpResponseRequired(TypedDict):
    statusCode: int
    headers: dict[str, str]
    body: str
    isBase64Encoded: bool


class HttpResponse(_HttpResponseRequired, total=False):
    """What `res` returns and Lambda sends back to API Gateway.

    `statusCode`, `headers`, `body` (text; base64 when `isBase64Encoded`) and
    `isBase64Encoded` are always present; `cookies` (HTTP API) and `multiValueHeaders`
    (REST API) only when the params gave them.
    """

    cookies: list[str]
    multiValueHeaders: dict[str, list[str]]
