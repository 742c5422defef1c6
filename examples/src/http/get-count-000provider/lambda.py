"""GET /count/:provider: a visit counter kept in the session, JWE (`jwe`) or DynamoDB (`ddb`).

The Node function of GET /node/count/:provider keeps the same counter, so one session
cookie goes back and forth between Python and Node.
"""

from __future__ import annotations

import os
from typing import Any

from arc.http import HttpRequest, HttpResponse, res
from arc.http import handler as http_handler

# The session table of each provider; `jwe` means the session lives in the cookie. A real
# app sets ARC_SESSION_TABLE_NAME once for all its functions; this one shows both.
SESSION_TABLES = {"jwe": "jwe", "ddb": "sessions"}


def log_request(req: HttpRequest, context: dict[str, Any]) -> None:
    """Middleware that lets every request through (it returns None), after a log line."""
    print(f"{req['method']} {req['path']}: count so far {req['session'].get('count', 0)}")


def count_visit(req: HttpRequest, context: dict[str, Any]) -> dict[str, Any]:
    """Middleware that answers; the `session` it returns is written to the cookie."""
    count = req["session"].get("count", 0) + 1
    trail = [*req["session"].get("trail", []), "python"]
    return {"json": {"count": count, "trail": trail}, "session": {"count": count, "trail": trail}}


count = http_handler(log_request, count_visit)


def handler(req: dict[str, Any], context: dict[str, Any]) -> HttpResponse:
    table = SESSION_TABLES.get(req["pathParameters"]["provider"])
    if table is None:
        return res(req, {"status": 404, "json": {"error": "providers: jwe, ddb"}})
    os.environ["ARC_SESSION_TABLE_NAME"] = table
    return count(req, context)
