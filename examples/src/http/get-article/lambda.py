"""GET /article: a long HTML page, which res() sends compressed (br or gzip) on an HTTP API.

A body of 1,000 bytes or more (res's `compress_min_size`) is compressed with the best
coding that the request's Accept-Encoding names; REST APIs compress by themselves, so
there it goes as is.
"""

from __future__ import annotations

from typing import Any

import arc
from arc.http import HttpResponse, res

PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>A long article</title>
<link rel="stylesheet" href="{stylesheet}">
</head>
<body>
<h1>A long article</h1>
{paragraphs}
<p id="end">The end.</p>
</body>
</html>
"""
# Paragraphs enough for a few kilobytes: well over the compression threshold (1,000 bytes).
PARAGRAPHS = 40
PARAGRAPH = (
    "<p>Paragraph {number}: Architect apps answer HTTP requests with small functions; "
    "this one is Python, and its page is sent compressed.</p>"
)


def handler(req: dict[str, Any], context: dict[str, Any]) -> HttpResponse:
    paragraphs = "\n".join(PARAGRAPH.format(number=n) for n in range(1, PARAGRAPHS + 1))
    page = PAGE.format(stylesheet=arc.static("app.css"), paragraphs=paragraphs)
    return res(req, {"html": page})
