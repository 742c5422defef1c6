"""`http()`: an API Gateway request event, as the Architect sandbox 8.0.0 makes it.

The sandbox's request formatters (`src/http/invoke-http/http/_req-fmt.js` for HTTP APIs,
`rest/_req-fmt.js` for REST and payload 1.0, their `_req-header-fmt.js`, and
`src/http/middleware/_binary-handler.js`) are followed key by key; the keys only API
Gateway sends (`requestId`, `stage`, `domainName`, `time`, `stageVariables`...) are added.
"""

from __future__ import annotations

import base64
import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal
from urllib.parse import parse_qsl, quote, unquote

import arc_core

from ._events_common import (
    SOURCE_IP,
    Clock,
    Query,
    aws_id,
    encode_query,
    local_port,
    lowercase_headers,
)

__all__ = ["Api", "http"]

#: The kinds of API: HTTP API with payload 2.0 (Architect's default), HTTP API with
#: payload 1.0, REST API.
Api = Literal["http", "http-v1", "rest"]
_APIS = ("http", "http-v1", "rest")

# Headers API Gateway drops from every request (the sandbox's `drops`).
_DROPPED = frozenset(
    {"connection", "expect", "proxy-authenticate", "te", "transfer-encoding", "upgrade"}
)
# ...and those only REST APIs drop (`restDrops`).
_DROPPED_BY_REST = frozenset(
    {"content-md5", "max-forwards", "server", "trailer", "www-authenticate"}
)
# The names payload 1.0 capitalises (every other name is lowercased); Authorization and
# Date only in REST APIs.
_CAPITALISED = {
    "host": "Host",
    "user-agent": "User-Agent",
    "x-forwarded-for": "X-Forwarded-For",
    "x-forwarded-port": "X-Forwarded-Port",
    "x-forwarded-proto": "X-Forwarded-Proto",
}
_CAPITALISED_BY_REST = {"authorization": "Authorization", "date": "Date"}
# HTTP APIs keep a JSON body as text and base64-encode the others (the sandbox tests the
# content type with this pattern).
_JSON_TYPE = re.compile(r"^application/.*json")
_JSON_CONTENT_TYPE = "application/json"
_FORM_CONTENT_TYPE = "application/x-www-form-urlencoded"
# The stage of an HTTP API as Architect deploys it.
_HTTP_API_STAGE = "$default"
_PROTOCOL = "HTTP/1.1"
# What a client leaves as it is in a path (RFC 3986 pchar, `%` for escapes already made);
# the rest is percent-encoded as UTF-8. Node's URL parser escapes `'` too.
_PATH_SAFE = "/:@!$&()*+,;=-._~%"


def http(
    method: str = "GET",
    path: str = "/",
    *,
    query: Query | None = None,
    headers: Mapping[str, str] | None = None,
    cookies: Mapping[str, str] | None = None,
    body: str | bytes | None = None,
    json: Any = None,
    form: Query | None = None,
    route: str | None = None,
    path_params: Mapping[str, str] | None = None,
    api: Api = "http",
) -> dict[str, Any]:
    """Return the event of one HTTP request, as API Gateway and the sandbox deliver it.

    - `api`: `"http"` (HTTP API, payload 2.0, Architect's default), `"http-v1"` (HTTP
      API, payload 1.0) or `"rest"` (REST API).
    - `path`: the path as a client sends it (percent-encoded where needed; a `?query`
      part is kept as it is). `query`: more parameters, each a str or a list of str;
      payload 2.0 joins repeated values with commas, 1.0 lists them in
      `multiValueQueryStringParameters` and keeps the last in `queryStringParameters`.
    - `route`: the Architect route that matched (`"/notes/:id"`, `"/files/*"`; API
      Gateway's `"/notes/{id}"` works too); it gives `routeKey`, `resource` and the
      path parameters, read from `path`. With `path_params` and no `path`, the path is
      the route filled with them. Without a route, the path is the route.
    - `headers`: names in any case (2.0 lowercases them all; 1.0 capitalises `Host`,
      `User-Agent`, `X-Forwarded-*`, and in REST `Authorization` and `Date`). Those a
      client or the sandbox adds are filled in unless given: `host`
      (`localhost:<sandbox port>`), `content-length`, `x-forwarded-for`,
      `x-forwarded-port` and `x-forwarded-proto`.
    - `cookies`: sent as one `cookie` header; payload 2.0 moves it to `cookies`.
    - One body at most: `json` (compact JSON, `content-type: application/json`), `form`
      (urlencoded, `content-type: application/x-www-form-urlencoded`) or `body` (bytes,
      or a str of text). HTTP APIs send JSON and str bodies as text, form and bytes
      bodies base64-encoded with `isBase64Encoded` (bytes with a JSON content type as
      text); REST APIs base64-encode every body. An empty body is no body. (The sandbox
      base64-encodes every body that is not JSON, text too, and in its `httpv1` mode
      JSON as well.)

    The ids are random; the timestamps are now (`timeEpoch` and `requestTimeEpoch` in
    milliseconds, as API Gateway sends them: the sandbox 8.0.0 sends `timeEpoch` in
    seconds). Raises `ValueError` for an unknown `api`, more than one body, a `route`
    that does not match `path` or `path_params`, and `TypeError` for a header, cookie or
    query value that is not a str, or a `json` value that is not JSON.

    >>> event = http("GET", "/notes/7", route="/notes/:id", query={"tag": ["a", "b"]})
    >>> event["routeKey"], event["pathParameters"], event["queryStringParameters"]
    ('GET /notes/{id}', {'id': '7'}, {'tag': 'a,b'})
    >>> http("POST", "/notes", json={"text": "hi"}, api="rest")["body"]
    'eyJ0ZXh0IjoiaGkifQ=='
    """
    if api not in _APIS:
        raise ValueError(f"api must be one of {', '.join(_APIS)}, not {api!r}")
    bodies = [
        name
        for name, value in (("body", body), ("json", json), ("form", form))
        if value is not None
    ]
    if len(bodies) > 1:
        raise ValueError(f"one body at most, not {' and '.join(bodies)}")
    raw_path, _, raw_query = path.partition("?")
    resource, params, raw_path = _resolve_route(route, _as_sent(raw_path), path_params)
    data, content_type, as_text = _body(body, json, form)
    sent = lowercase_headers(headers)
    cookie = _cookie_header(sent.pop("cookie", None), cookies)
    if cookie is not None:
        sent["cookie"] = cookie
    if content_type is not None:
        sent.setdefault("content-type", content_type)
    if data is not None:
        sent.setdefault("content-length", str(len(data)))
    request = _Request(
        method=method.upper(),
        raw_path=raw_path,
        raw_query=_join_query(raw_query, encode_query(query, "query")),
        resource=resource,
        params=params,
        headers=_with_forwarding(sent),
        body=data or None,
        as_text=as_text,
    )
    if api == "http":
        return _payload_v2(request)
    return _payload_v1(request, rest=api == "rest")


@dataclass
class _Request:
    """What the client sent and the route that matched it, before it is shaped into a payload.

    `headers` are lowercase, as Node's HTTP server hands them to the sandbox; `as_text`
    says the body was given as text (a str, or JSON).
    """

    method: str
    raw_path: str
    raw_query: str
    resource: str
    params: dict[str, str]
    headers: dict[str, str]
    body: bytes | None
    as_text: bool
    clock: Clock = field(default_factory=Clock)

    @property
    def source_ip(self) -> str:
        # API Gateway appends the address it was reached from to X-Forwarded-For.
        return self.headers["x-forwarded-for"].split(",")[-1].strip()

    @property
    def domain_name(self) -> str:
        host = self.headers["host"]
        name, _, port = host.rpartition(":")
        return name if name and port.isdigit() else host

    def query_pairs(self) -> list[tuple[str, str]]:
        """The query as Node's `querystring.parse` reads it (`+` is a space)."""
        return parse_qsl(self.raw_query, keep_blank_values=True, errors="replace")

    def encoded_body(self, *, rest: bool) -> tuple[str | None, bool]:
        """The body as API Gateway sends it, and whether that is base64 (`isBase64Encoded`).

        HTTP APIs keep text and JSON as text, and base64-encode the rest; REST APIs
        base64-encode everything.
        """
        if self.body is None:
            return None, False
        as_json = _JSON_TYPE.match(self.headers.get("content-type", "")) is not None
        if not rest and (self.as_text or as_json):
            return self.body.decode("utf-8", "replace"), False
        return base64.b64encode(self.body).decode("ascii"), True


def _payload_v2(request: _Request) -> dict[str, Any]:
    """The HTTP API payload 2.0 (`_req-fmt.js` of the sandbox's `http/`)."""
    route_key = f"{request.method} {request.resource}"
    event: dict[str, Any] = {
        "version": "2.0",
        "routeKey": route_key,
        "rawPath": request.raw_path,
        "rawQueryString": request.raw_query,
    }
    if request.raw_query:
        joined: dict[str, list[str]] = {}
        for key, value in request.query_pairs():
            joined.setdefault(key, []).append(value)
        event["queryStringParameters"] = {key: ",".join(values) for key, values in joined.items()}
    headers = {name: value for name, value in request.headers.items() if name not in _DROPPED}
    cookie = headers.pop("cookie", None)
    if cookie is not None:
        event["cookies"] = [part.strip() for part in cookie.split(";")]
    event["headers"] = headers
    event["requestContext"] = {
        "http": {
            "method": request.method,
            "path": request.raw_path,
            "protocol": _PROTOCOL,
            "sourceIp": request.source_ip,
            "userAgent": headers.get("user-agent"),
        },
        "routeKey": route_key,
        "timeEpoch": request.clock.epoch_ms,
        # Sent by API Gateway, not by the sandbox:
        "domainName": request.domain_name,
        "requestId": aws_id(),
        "stage": _HTTP_API_STAGE,
        "time": request.clock.gateway,
    }
    if request.params:
        event["pathParameters"] = dict(request.params)
    body, encoded = request.encoded_body(rest=False)
    if body is not None:
        event["body"] = body
    event["isBase64Encoded"] = encoded
    return event


def _payload_v1(request: _Request, *, rest: bool) -> dict[str, Any]:
    """The REST API and HTTP API payload 1.0 (`_req-fmt.js` of the sandbox's `rest/`)."""
    headers = _headers_v1(request.headers, rest=rest)
    single: dict[str, str] = {}
    multiple: dict[str, list[str]] = {}
    for key, value in request.query_pairs():
        single[key] = value
        multiple.setdefault(key, []).append(value)
    body, encoded = request.encoded_body(rest=rest)
    event: dict[str, Any] = {
        "httpMethod": request.method,
        "path": request.raw_path,
        "resource": request.resource,
        "body": body,
        "headers": headers,
        "multiValueHeaders": {name: [value] for name, value in headers.items()},
        "pathParameters": dict(request.params) or None,
        "queryStringParameters": single or None,
        "multiValueQueryStringParameters": multiple or None,
        "requestContext": {
            "httpMethod": request.method,
            "path": request.raw_path,
            "resourcePath": request.resource,
            "protocol": _PROTOCOL,
            "identity": {"sourceIp": request.source_ip, "userAgent": headers.get("User-Agent")},
            # Sent by API Gateway, not by the sandbox:
            "domainName": request.domain_name,
            "requestId": str(uuid.uuid4()) if rest else aws_id(),
            "requestTime": request.clock.gateway,
            "requestTimeEpoch": request.clock.epoch_ms,
            "stage": arc_core.arc_env() if rest else _HTTP_API_STAGE,
        },
        "isBase64Encoded": encoded,
        # Sent by API Gateway (null without stage variables), not by the sandbox:
        "stageVariables": None,
    }
    if not rest:
        event["version"] = "1.0"
    return event


def _headers_v1(headers: Mapping[str, str], *, rest: bool) -> dict[str, str]:
    """Payload 1.0's headers: a few names capitalised, the rest lowercase, some dropped."""
    capitalised = {**_CAPITALISED, **_CAPITALISED_BY_REST} if rest else _CAPITALISED
    dropped = _DROPPED | _DROPPED_BY_REST if rest else _DROPPED
    return {
        capitalised.get(name, name): value for name, value in headers.items() if name not in dropped
    }


def _with_forwarding(headers: dict[str, str]) -> dict[str, str]:
    """The headers with `host` first when missing, and the `x-forwarded-*` ones the sandbox
    (and API Gateway) add."""
    port = local_port()
    if "host" not in headers:
        headers = {"host": f"localhost:{port}", **headers}
    host_port = headers["host"].rpartition(":")[2]
    headers.setdefault("x-forwarded-for", SOURCE_IP)
    headers.setdefault("x-forwarded-port", host_port if host_port.isdigit() else str(port))
    headers.setdefault("x-forwarded-proto", "http")
    return headers


def _cookie_header(header: str | None, cookies: Mapping[str, str] | None) -> str | None:
    """One `cookie` header from the given header and the `cookies` dict, as a browser sends."""
    # An empty cookie header is none at all, to the sandbox as to a browser.
    parts = [header] if header else []
    for name, value in (cookies or {}).items():
        if not isinstance(name, str) or not isinstance(value, str):
            raise TypeError(f"cookie names and values must be str, not {name!r}: {value!r}")
        parts.append(f"{name}={value}")
    return "; ".join(parts) if parts else None


def _body(
    body: str | bytes | None, json: Any, form: Query | None
) -> tuple[bytes | None, str | None, bool]:
    """The body's bytes, the content type it implies (None: the caller's headers say) and
    whether it was given as text."""
    if json is not None:
        try:
            text = arc_core.dumps(json)
        except (TypeError, ValueError, RecursionError) as err:
            raise TypeError(f"json= must be a JSON value: {err}") from err
        return text.encode(), _JSON_CONTENT_TYPE, True
    if form is not None:
        return encode_query(form, "form").encode(), _FORM_CONTENT_TYPE, False
    if isinstance(body, str):
        return body.encode(), None, True
    if isinstance(body, (bytes, bytearray, memoryview)):
        return bytes(body), None, False
    if body is not None:
        raise TypeError(f"body must be str or bytes, not {type(body).__name__}")
    return None, None, False


def _join_query(first: str, second: str) -> str:
    return "&".join(part for part in (first, second) if part)


def _as_sent(path: str) -> str:
    """The path as an HTTP client puts it on the wire: unsafe characters percent-encoded."""
    if not path.startswith("/"):
        raise ValueError(f"path must start with '/', not {path!r}")
    return quote(path, safe=_PATH_SAFE)


def _route_segments(route: str) -> list[str]:
    """The segments of an Architect route, API Gateway's `{name}` and `{proxy+}` accepted."""
    if not route.startswith("/"):
        raise ValueError(f"route must start with '/', not {route!r}")
    segments = [segment for segment in route.split("/")[1:] if segment]
    converted = []
    for index, segment in enumerate(segments):
        if segment in ("*", "{proxy+}"):
            if index != len(segments) - 1:
                raise ValueError(f"route {route!r}: a catch-all `*` can only end a route")
            converted.append("*")
        elif segment.startswith("{") and segment.endswith("}"):
            converted.append(":" + segment[1:-1])
        else:
            converted.append(segment)
    return converted


def _resource(segments: list[str]) -> str:
    """API Gateway's resource path of a route: `/notes/{id}`, `/files/{proxy+}`."""
    parts = []
    for segment in segments:
        if segment == "*":
            parts.append("{proxy+}")
        elif segment.startswith(":"):
            parts.append("{" + segment[1:] + "}")
        else:
            parts.append(segment)
    return "/" + "/".join(parts)


def _match(segments: list[str], raw_path: str) -> dict[str, str] | None:
    """The path parameters `raw_path` gives the route, or None when it does not match.

    Values are percent-decoded, as the sandbox's router decodes them; a catch-all takes
    the rest of the path as `proxy`.
    """
    parts = raw_path.split("/")[1:]
    if parts and parts[-1] == "" and (len(parts) > 1 or not segments):
        parts = parts[:-1]  # a trailing slash matches the route without one
    params: dict[str, str] = {}
    for index, segment in enumerate(segments):
        if segment == "*":
            params["proxy"] = "/".join(unquote(part, errors="replace") for part in parts[index:])
            return params
        if index >= len(parts):
            return None
        if segment.startswith(":"):
            if not parts[index]:
                return None
            params[segment[1:]] = unquote(parts[index], errors="replace")
        elif segment != unquote(parts[index], errors="replace"):
            return None
    return params if len(parts) == len(segments) else None


def _fill(segments: list[str], params: Mapping[str, str]) -> str:
    """The path of a route with `params` in place, percent-encoded as a client sends it."""
    parts = []
    for segment in segments:
        name = "proxy" if segment == "*" else segment[1:] if segment.startswith(":") else None
        if name is None:
            parts.append(segment)
            continue
        if name not in params:
            raise ValueError(f"path_params has no {name!r}, which the route needs")
        value = params[name]
        if not isinstance(value, str):
            raise TypeError(f"path_params values must be str, not {value!r}")
        parts.append(quote(value, safe="/" if segment == "*" else ""))
    return "/" + "/".join(parts)


def _resolve_route(
    route: str | None, raw_path: str, path_params: Mapping[str, str] | None
) -> tuple[str, dict[str, str], str]:
    """The resource, the path parameters and the path, from what the caller gave."""
    if route is None:
        if path_params:
            raise ValueError("path_params needs the route they fill, e.g. route='/notes/:id'")
        return raw_path, {}, raw_path
    segments = _route_segments(route)
    resource = _resource(segments)
    if raw_path == "/" and segments:
        raw_path = _fill(segments, path_params or {})
    params = _match(segments, raw_path)
    if params is None:
        raise ValueError(f"the path {raw_path!r} does not match the route {route!r}")
    if path_params is not None and dict(path_params) != params:
        raise ValueError(
            f"path_params {dict(path_params)!r} do not match the path {raw_path!r}, which gives "
            f"{params!r} for the route {route!r}"
        )
    return resource, params, raw_path
