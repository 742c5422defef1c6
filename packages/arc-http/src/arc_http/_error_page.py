"""The HTML page `res` sends for an exception, in place of Node's error page.

Node's page interpolates the message and the stack trace unescaped, in every
environment. Here, when `ARC_ENV` is `testing`, the page shows the exception's class,
its message and its traceback, HTML-escaped, for the developer at the browser. In
staging and production it shows only the status and its reason phrase (`500 error`,
`Internal Server Error`): an exception's text can hold secrets, queries or paths. The
exception and its traceback go to the `arc_http` logger instead, which reaches stderr
(CloudWatch on Lambda) even when nobody configured logging.
"""

from __future__ import annotations

from arc_core import is_deployed

__all__ = ["error_page"]

# Exception class names that say nothing more than "error" (Node: `Error`).
_GENERIC_NAMES = frozenset({"Error", "Exception"})
# The logger deployed error pages report their exception to (and sessions warn on).
_LOGGER = "arc_http"
# From this status on an error page is the server's fault, and logged as an error.
_SERVER_ERROR = 500

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


def error_page(error: BaseException, status: int, *, log: bool = False) -> str:
    """The HTML of the error page for `error` sent with `status`.

    In testing: the class name, the message and the traceback, HTML-escaped. In staging
    and production: only the status and its reason phrase; `error` and its traceback
    are logged to the `arc_http` logger (ERROR for a 5xx status, WARNING below), and in
    testing too when `log` is true.
    """
    import html

    deployed = is_deployed()
    if deployed or log:
        _log(error, status)
    if deployed:
        return _PAGE.format(title=f"{status} error", message=html.escape(_reason(status)))
    name = type(error).__name__
    title = f"{status} error" if name in _GENERIC_NAMES else f"{status} error: {name}"
    message = html.escape(str(error))
    import traceback

    trace = "".join(traceback.format_exception(type(error), error, error.__traceback__))
    message += f"<br>\n  <pre>{html.escape(trace)}</pre>"
    return _PAGE.format(title=html.escape(title), message=message)


def _reason(status: int) -> str:
    from http import HTTPStatus

    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"


def _log(error: BaseException, status: int) -> None:
    """Log `error` with its traceback.

    With no handler configured anywhere, `logging` hands the record to its last-resort
    handler, which writes it, traceback included, to stderr; on Lambda the runtime's
    handler on the root logger sends it to CloudWatch.
    """
    import logging

    level = logging.ERROR if status >= _SERVER_ERROR else logging.WARNING
    logging.getLogger(_LOGGER).log(
        level,
        "sent a %d error page for this exception:",
        status,
        exc_info=(type(error), error, error.__traceback__),
    )
