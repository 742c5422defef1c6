"""POST /visits/note: the form of GET /visits, accepted only with a valid CSRF token.

The token must be the one made for this visitor's session (GET /visits binds it to a
random value kept there). A valid post keeps the note in the session and redirects back
with 303 See Other (the browser then GETs /visits); a missing, tampered or foreign token
gets a readable 403 page.
"""

from __future__ import annotations

import os
from html import escape
from typing import Any

from arc.http import HttpResponse, csrf, helpers, parse_body, res, session_read

REFUSED = """<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Form refused</title></head>
<body>
<h1>Form refused</h1>
<p id="error">This form's security token is not valid: it has expired or was changed.
Go back to <a href="{visits}">the visits page</a>, reload it and send the form again.</p>
</body>
</html>
"""
# The longest note kept: the whole session must fit in one cookie.
NOTE_CHARACTERS = 200


def handler(req: dict[str, Any], context: dict[str, Any]) -> HttpResponse:
    os.environ["ARC_SESSION_TABLE_NAME"] = "jwe"
    form = parse_body(req)
    session = session_read(req)
    binding = session.get("csrf")
    if not binding or not csrf.verify(form.get("_csrf"), binding):
        page = REFUSED.format(visits=escape(helpers.url("/visits")))
        return res(req, {"status": 403, "html": page})
    session = {**session, "note": str(form.get("note", ""))[:NOTE_CHARACTERS]}
    return res(req, {"status": 303, "location": helpers.url("/visits"), "session": session})
