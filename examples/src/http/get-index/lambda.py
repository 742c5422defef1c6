"""GET /: an HTML page with a static asset and a form protected by a CSRF token."""

from __future__ import annotations

from typing import Any

import arc
from arc.http import HttpResponse, csrf, helpers, res

PAGE = """<!doctype html>
<html>
<head>
<title>arc example</title>
<link rel="stylesheet" href="{stylesheet}">
</head>
<body>
<h1>Hello from Python</h1>
<form method="post" action="{action}">
<input type="hidden" name="_csrf" value="{token}">
<label>Name <input name="name"></label>
<button>Send</button>
</form>
</body>
</html>
"""


def handler(req: dict[str, Any], context: dict[str, Any]) -> HttpResponse:
    page = PAGE.format(
        stylesheet=arc.static("/app.css"),
        # Stage-aware in a REST API deployed to /staging or /production; as is locally.
        action=helpers.url("/form"),
        token=csrf.create(),
    )
    return res(req, {"html": page})
