"""GET /responses/:kind: one response of each kind that res() builds."""

from __future__ import annotations

from base64 import b64decode
from typing import Any

from arc.http import HttpResponse, res

# A 1x1 PNG: a bytes body, which res() sends base64-encoded with isBase64Encoded.
PIXEL = b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
)


class TeapotError(Exception):
    """An error whose `status` res() uses for its HTML error page."""

    status = 418


def cookies(req: dict[str, Any]) -> dict[str, Any]:
    """Two cookies: HTTP APIs (payload 2.0) take a `cookies` list, REST APIs take
    multiValueHeaders (a REST response with a `cookies` key is refused)."""
    two = ["flavour=oatmeal; Path=/", "size=large; Path=/"]
    if req.get("version") == "2.0":
        return {"cookies": two, "text": "two cookies"}
    return {"multiValueHeaders": {"set-cookie": two}, "text": "two cookies"}


RESPONSES: dict[str, Any] = {
    "html": {"html": "<h1>Hello</h1>"},
    "json": {"json": {"hello": "world", "count": 1}},
    "text": {"text": "hello"},
    "css": {"css": "h1 { color: teal }"},
    "js": {"js": "console.log('hello')"},
    "xml": {"xml": "<hello/>"},
    "created": {"status": 201, "headers": {"x-example": "yes"}, "json": {"created": True}},
    "redirect": {"location": "/"},
    "cached": {"cache_control": "max-age=60", "text": "cache me for a minute"},
    "cors": {"cors": True, "json": {"shared": True}},
    "binary": {"body": PIXEL, "type": "image/png"},
    # Long enough to be worth compressing for a client that sends Accept-Encoding.
    "long": {"text": "All work and no play. " * 200},
    "error": TeapotError("I am a teapot & short <and> stout"),
}


def handler(req: dict[str, Any], context: dict[str, Any]) -> HttpResponse:
    kind = req["pathParameters"]["kind"]
    if kind == "cookies":
        return res(req, cookies(req))
    if kind not in RESPONSES:
        return res(req, {"status": 404, "json": {"error": f"no response kind {kind!r}"}})
    return res(req, RESPONSES[kind])
