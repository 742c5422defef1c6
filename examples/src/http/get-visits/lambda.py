"""GET /visits: an HTML visit counter kept in a JWE session, a CSRF form and a logout.

The counter is the one of GET /count/jwe and GET /node/count/jwe (the same `count` and
`trail`), so the Node route, opened in the same browser, goes on counting from here.
tests/browser drives this page in headless Chromium.
"""

from __future__ import annotations

import os
from html import escape
from typing import Any

import arc
from arc.http import HttpRequest, HttpResponse, csrf, helpers
from arc.http import handler as http_handler

PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Visits</title>
<link rel="stylesheet" href="{stylesheet}">
</head>
<body>
<h1>Visits</h1>
<p>You have been here <strong id="count">{count}</strong> times.</p>
<p>Your note: <em id="note">{note}</em></p>
<form method="post" action="{note_action}">
<input type="hidden" name="_csrf" value="{token}">
<label>Note <input name="note" id="note-input"></label>
<button id="save">Save</button>
</form>
<form method="post" action="{logout_action}">
<button id="logout">Log out</button>
</form>
<p><a href="{article}">A long article</a> | <a href="{chat}">Chat</a></p>
</body>
</html>
"""


def count_visit(req: HttpRequest, context: dict[str, Any]) -> dict[str, Any]:
    """Middleware that answers with the page; its `session` is written to the cookie.

    The form's CSRF token is bound to a random value kept in this visitor's session, so
    a token taken from another visitor's page is refused (POST /visits/note).
    """
    binding = req["session"].get("csrf") or os.urandom(16).hex()
    count = req["session"].get("count", 0) + 1
    trail = [*req["session"].get("trail", []), "python"]
    page = PAGE.format(
        stylesheet=arc.static("app.css"),
        count=count,
        note=escape(str(req["session"].get("note", "(none)"))),
        note_action=helpers.url("/visits/note"),
        token=csrf.create(binding),
        logout_action=helpers.url("/logout"),
        article=helpers.url("/article"),
        chat=helpers.url("/chat"),
    )
    return {"html": page, "session": {"count": count, "trail": trail, "csrf": binding}}


count = http_handler(count_visit)


def handler(req: dict[str, Any], context: dict[str, Any]) -> HttpResponse:
    # JWE: the session lives in the `_idx` cookie, which the Node function reads too.
    os.environ["ARC_SESSION_TABLE_NAME"] = "jwe"
    return count(req, context)
