"""`ws()`: a WebSocket event, as the Architect sandbox 8.0.0 makes it.

Followed key by key: the sandbox's `src/http/invoke-ws/_req-fmt.js` and `index.js`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import parse_qsl

import arc_core

from ._events_common import (
    SOURCE_IP,
    Clock,
    Query,
    aws_id,
    encode_query,
    local_port,
    lowercase_headers,
    random_base64,
)

__all__ = ["ws"]

# The route keys of the three functions every @ws app has, by their app.arc names.
_BUILT_IN = {"connect": "$connect", "disconnect": "$disconnect", "default": "$default"}
_EVENT_TYPES = {"$connect": "CONNECT", "$disconnect": "DISCONNECT"}
# What a WebSocket client's opening handshake carries (RFC 6455), unless given.
_HANDSHAKE_KEY_BYTES = 16
_WEBSOCKET_VERSION = "13"


def ws(
    route: str = "$default",
    connection_id: str | None = None,
    body: Any = None,
    *,
    headers: Mapping[str, str] | None = None,
    query: Query | None = None,
) -> dict[str, Any]:
    """Return the event of one WebSocket invocation, as API Gateway and the sandbox deliver it.

    - `route`: `"$connect"`, `"$disconnect"`, `"$default"` (the app.arc names
      `connect`, `disconnect` and `default` work too), or the action of a custom route
      (`"echo"`, the route key API Gateway sends; the sandbox 8.0.0 sends `"$echo"`).
    - `connection_id`: the connection's id (random when None), as `arc.ws.send` takes it.
    - `body`: the message of a `$default` or custom route, a str as it is or any other
      JSON value encoded (`{"action": "echo"}`); none for `$connect` and `$disconnect`.
    - `headers` and `query` (each value a str or a list of str): the `$connect`
      request's. Its headers are those of a WebSocket handshake (`host`, `upgrade`,
      `connection`, `sec-websocket-key`, `sec-websocket-version`) unless given, with the
      names lowercase but `Cookie`, plus `X-Forwarded-For`, `-Port` and `-Proto`; a
      repeated query name gives a list, as the sandbox's query parser does.

    `stage` is `ARC_ENV` (testing when unset), `domainName` the sandbox's
    `localhost:<port>` (its port from `ARC_SANDBOX`, else 3333). The ids are random; the
    timestamps are now, in milliseconds. Raises `ValueError` for a body, headers or query
    where that route has none, and `TypeError` for a body that is not JSON.

    >>> event = ws("$default", "L0SM9cOFvHcCIhw=", {"say": "hi"})
    >>> event["requestContext"]["routeKey"], event["body"]
    ('$default', '{"say":"hi"}')
    """
    route_key = _BUILT_IN.get(route, route)
    if not route_key:
        raise ValueError("route must be $connect, $disconnect, $default or a custom route")
    connect = route_key == "$connect"
    if (headers is not None or query is not None) and not connect:
        raise ValueError(f"headers and query go with $connect only, not with {route_key}")
    if body is not None and route_key in _EVENT_TYPES:
        raise ValueError(f"{route_key} has no body: API Gateway sends none")
    clock = Clock()
    domain = f"localhost:{local_port()}"
    sent = _handshake(headers, domain) if connect else {}
    context: dict[str, Any] = {
        "connectedAt": clock.epoch_ms,
        "connectionId": connection_id if connection_id is not None else aws_id(),
        "domainName": domain,
        "eventType": _EVENT_TYPES.get(route_key, "MESSAGE"),
        "messageDirection": "IN",
        "messageId": aws_id(),
        "requestId": aws_id(),
        "requestTimeEpoch": clock.epoch_ms,
        "routeKey": route_key,
        "stage": arc_core.arc_env(),
        # The sandbox knows the address only of the request that opens the connection.
        "identity": {"sourceIp": sent.get("X-Forwarded-For") if connect else None},
    }
    if route_key == "$disconnect":
        context["disconnectReason"] = ""
    event: dict[str, Any] = {"requestContext": context, "isBase64Encoded": False}
    if body is not None:
        event["body"] = body if isinstance(body, str) else _json(body)
    if connect:
        event["headers"] = sent
        parameters = _query_parameters(encode_query(query, "query"))
        if parameters:
            event["queryStringParameters"] = parameters
    elif route_key == "$disconnect":
        event["headers"] = {"host": domain}
    return event


def _handshake(headers: Mapping[str, str] | None, domain: str) -> dict[str, str]:
    """The `$connect` headers: the handshake's, lowercase but `Cookie`, plus `X-Forwarded-*`."""
    sent = {
        "host": domain,
        "upgrade": "websocket",
        "connection": "Upgrade",
        "sec-websocket-key": random_base64(_HANDSHAKE_KEY_BYTES),
        "sec-websocket-version": _WEBSOCKET_VERSION,
        **lowercase_headers(headers),
    }
    cookie = sent.pop("cookie", None)
    if cookie:
        sent["Cookie"] = cookie
    host_port = sent["host"].rpartition(":")[2]
    sent.setdefault("X-Forwarded-For", sent.get("x-forwarded-for", SOURCE_IP))
    sent.setdefault("X-Forwarded-Port", host_port if host_port.isdigit() else str(local_port()))
    sent.setdefault("X-Forwarded-Proto", "http")
    return sent


def _query_parameters(raw_query: str) -> dict[str, str | list[str]]:
    """A query as Node's `querystring.parse` gives it: a list for a repeated name."""
    parameters: dict[str, str | list[str]] = {}
    for key, value in parse_qsl(raw_query, keep_blank_values=True, errors="replace"):
        found = parameters.get(key)
        if found is None:
            parameters[key] = value
        elif isinstance(found, list):
            found.append(value)
        else:
            parameters[key] = [found, value]
    return parameters


def _json(body: Any) -> str:
    try:
        return arc_core.dumps(body)
    except (TypeError, ValueError, RecursionError) as err:
        raise TypeError(f"body must be a str or a JSON value: {err}") from err
