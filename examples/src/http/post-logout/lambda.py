"""POST /logout: write an empty session, then redirect to GET /visits (303 See Other).

The `_idx` cookie then holds an empty session: the visit counter starts again at 1.
"""

from __future__ import annotations

import os
from typing import Any

from arc.http import HttpResponse, helpers, res, session_write


def handler(req: dict[str, Any], context: dict[str, Any]) -> HttpResponse:
    os.environ["ARC_SESSION_TABLE_NAME"] = "jwe"
    # Not res()'s `session` param: it would keep what the request's session holds.
    cookie = session_write({})
    return res(req, {"status": 303, "location": helpers.url("/visits"), "cookie": cookie})
