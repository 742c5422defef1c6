"""POST /echo: the request body as parse_body() reads it, whatever its content type."""

from __future__ import annotations

from typing import Any

from arc.http import HttpResponse, parse_body, res


def handler(req: dict[str, Any], context: dict[str, Any]) -> HttpResponse:
    try:
        body = parse_body(req)
    except ValueError as err:  # invalid JSON or base64: the client's mistake, not ours
        return res(req, {"status": 400, "json": {"error": str(err)}})
    return res(req, {"json": {"body": body}})
