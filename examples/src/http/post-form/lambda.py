"""POST /form: the form of GET /, accepted only with a valid CSRF token."""

from __future__ import annotations

from html import escape
from typing import Any

from arc.http import HttpResponse, csrf, parse_body, res


def handler(req: dict[str, Any], context: dict[str, Any]) -> HttpResponse:
    form = parse_body(req)
    if not csrf.verify(str(form.get("_csrf", ""))):
        return res(req, {"status": 403, "html": "<p>This form has expired: reload the page.</p>"})
    return res(req, {"html": f"<p>Hello, {escape(str(form.get('name', '')))}!</p>"})
