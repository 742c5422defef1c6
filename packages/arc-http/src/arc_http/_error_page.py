"""The HTML page `res` sends for an exception, in place of Node's error page.

Node's page interpolates the message and the stack trace unescaped, in every
environment. Here both are HTML-escaped and the traceback is shown only when
`ARC_ENV` is `testing`, so a deployed app leaks no code paths.
"""

from __future__ import annotations

from arc_core import arc_env

__all__ = ["ERROR_CONTENT_TYPE", "error_page"]

# Node's error page content type, trailing semicolon included (src/http/errors/index.js).
ERROR_CONTENT_TYPE = "text/html; charset=utf8;"
# Exception class names that say nothing more than "error" (Node: `Error`).
_GENERIC_NAMES = frozenset({"Error", "Exception"})

_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>{title}</title>
  <style>
    body {{ font-family: -apple-system, BlinkMacSystemFont, sans-serif; margin: 2rem; }}
    pre {{ white-space: pre-wrap; }}
  </style>
</head>
<body>
  <h1>{title}</h1>
  <p>{message}</p>
  <p>View Architect documentation at: <a href="https://arc.codes">https://arc.codes</a></p>
</body>
</html>
"""


def error_page(error: BaseException, status: int) -> str:
    """The HTML of the error page for `error` sent with `status`."""
    import html

    name = type(error).__name__
    title = f"{status} error" if name in _GENERIC_NAMES else f"{status} error: {name}"
    message = html.escape(str(error))
    if arc_env() == "testing":
        import traceback

        trace = "".join(traceback.format_exception(type(error), error, error.__traceback__))
        message += f"<br>\n  <pre>{html.escape(trace)}</pre>"
    return _PAGE.format(title=html.escape(title), message=message)
