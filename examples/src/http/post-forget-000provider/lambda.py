"""POST /forget/:provider: empty the session of GET /count/:provider, by hand.

Without the handler() middleware: session_read() gives the session, session_write() gives
the Set-Cookie value of the new one, and res() sends it with the `cookie` param.
"""

from __future__ import annotations

import os
from typing import Any

from arc.http import HttpResponse, res, session_read, session_write

# The session table of each provider, as in GET /count/:provider.
SESSION_TABLES = {"jwe": "jwe", "ddb": "sessions"}
# What a DynamoDB session keeps to stay the same session (its row's key and secret).
SESSION_IDS = ("_idx", "_secret")


def handler(req: dict[str, Any], context: dict[str, Any]) -> HttpResponse:
    table = SESSION_TABLES.get(req["pathParameters"]["provider"])
    if table is None:
        return res(req, {"status": 404, "json": {"error": "providers: jwe, ddb"}})
    os.environ["ARC_SESSION_TABLE_NAME"] = table
    session = session_read(req)
    cookie = session_write({key: session[key] for key in SESSION_IDS if key in session})
    return res(req, {"json": {"forgot": session.get("count", 0)}, "cookie": cookie})
