"""The requests and payloads every subject gets, built the same way in every venv.

Stdlib only: this runs inside the venvs being measured, which hold nothing of the bench.
"""

from __future__ import annotations

import base64
import json
from typing import Any

# A small JSON response, as most API handlers return.
SMALL: dict[str, Any] = {"ok": True, "message": "hello", "count": 3}
# The JWE session a request carries: a signed-in user with a cart.
SESSION: dict[str, Any] = {"user": "ada", "cart": [1, 2, 3], "theme": "dark"}
# Node's anti-cache header for JSON (src/http/_res-fmt.js), part of the floor's work.
ANTI_CACHE = "no-cache, no-store, must-revalidate, max-age=0, s-maxage=0"
JSON_TYPE = "application/json; charset=utf8"
# Used by the workers as ARC_APP_SECRET; 32+ characters, as A256GCM needs.
APP_SECRET = "bench-secret-0123456789abcdefghijklmnopqrstuvwxyz"


def ten_kb() -> list[dict[str, Any]]:
    """About 10 KB of compact JSON: records as a list endpoint returns them."""
    rows = []
    size = 2
    i = 0
    while size < 10 * 1024:
        row = {
            "id": i,
            "name": f"item {i}",
            "tags": ["alpha", "beta"],
            "price": round(i * 1.25, 2),
            "active": i % 2 == 0,
            "note": "lorem ipsum dolor sit amet",
        }
        size += len(json.dumps(row, separators=(",", ":"))) + 1
        rows.append(row)
        i += 1
    return rows


def request(
    *,
    path: str = "/",
    method: str = "GET",
    accept_encoding: str | None = None,
    cookie: str | None = None,
    body: str | None = None,
    content_type: str | None = None,
    base64_body: bool = False,
) -> dict[str, Any]:
    """An API Gateway HTTP API (payload 2.0) event, complete enough for Powertools too."""
    headers = {"host": "bench.example.com", "user-agent": "bench"}
    if accept_encoding is not None:
        headers["accept-encoding"] = accept_encoding
    if content_type is not None:
        headers["content-type"] = content_type
    event: dict[str, Any] = {
        "version": "2.0",
        "routeKey": "$default",
        "rawPath": path,
        "rawQueryString": "",
        "headers": headers,
        "requestContext": {
            "accountId": "123456789012",
            "apiId": "bench",
            "domainName": "bench.example.com",
            "domainPrefix": "bench",
            "http": {
                "method": method,
                "path": path,
                "protocol": "HTTP/1.1",
                "sourceIp": "127.0.0.1",
                "userAgent": "bench",
            },
            "requestId": "bench",
            "routeKey": "$default",
            "stage": "$default",
            "time": "01/Jan/2026:00:00:00 +0000",
            "timeEpoch": 1767225600000,
        },
        "isBase64Encoded": base64_body,
    }
    if cookie is not None:
        event["cookies"] = [cookie]
        headers["cookie"] = cookie
    if body is not None:
        event["body"] = base64.b64encode(body.encode()).decode() if base64_body else body
    return event


def cookie_from_set_cookie(set_cookie: str) -> str:
    """`_idx=<value>` from a Set-Cookie value (leading space of 1.0.0 tolerated)."""
    return set_cookie.strip().split(";", 1)[0]
