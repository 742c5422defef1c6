"""`res`: what a handler returns, made into the response Lambda gives API Gateway.

Node's formatter (src/http/_res-fmt.js) step by step, minus its bugs: a `Content-Encoding`
header is kept whatever its casing, bytes bodies are compressed instead of crashing,
Accept-Encoding q-values count, exceptions get an escaped page (a generic one when
deployed), and the result is always a valid Lambda response (int status, text headers,
text body). A CR, LF or NUL in any header name or value is refused: Node passes it on,
and a header value built from request data could then add headers of the attacker's
choosing. The caller's dicts are never changed.
"""

from __future__ import annotations

from base64 import b64encode
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from arc_core import dumps

from ._binary_types import BINARY_TYPES
from ._compress import DEFAULT_MIN_SIZE, choose_encoding, compress
from ._errors import ResponseError
from ._js import js_truthy

if TYPE_CHECKING:
    from ._types import HttpResponse

__all__ = [
    "ANTI_CACHE",
    "DEFAULT_CACHE",
    "DEFAULT_CONTENT_TYPE",
    "res",
]

# Node's default content type (src/http/_res-fmt.js): `utf8`, without the dash.
DEFAULT_CONTENT_TYPE = "application/json; charset=utf8"
# Node's cache-control for HTML, JSON and redirects, so CDNs never cache them.
ANTI_CACHE = "no-cache, no-store, must-revalidate, max-age=0, s-maxage=0"
# Node's cache-control for every other content type: one day.
DEFAULT_CACHE = "max-age=86400"
# Node's error page content type, trailing semicolon included (src/http/errors/index.js).
_ERROR_CONTENT_TYPE = "text/html; charset=utf8;"
# The headers of every error page. `nosniff` keeps a browser from reading the page as
# anything but HTML (Node does not send it).
_ERROR_HEADERS = {
    "content-type": _ERROR_CONTENT_TYPE,
    "cache-control": ANTI_CACHE,
    "x-content-type-options": "nosniff",
}
# Content types that get ANTI_CACHE (substring match, as in Node).
_ANTI_CACHE_TYPES = ("text/html", "application/json", "application/vnd.api+json")
# Keys that make an HTTP API (v2) return value a response rather than data to send as
# JSON: Node's AWS keys, "tidy" keys and content-type shortcuts, plus 1.0.0's
# `status_code`, an alias of `statusCode`.
_KNOWN_V2_KEYS = frozenset(
    {
        *("statusCode", "body", "headers", "isBase64Encoded", "cookies"),
        *("code", "cookie", "cors", "location", "session", "status"),
        *("html", "css", "js", "text", "json", "xml"),
        "status_code",
    }
)
# The content-type shortcuts in Node's order of precedence, with the type each sets.
_SHORTCUTS = (
    ("html", "text/html; charset=utf8"),
    ("css", "text/css; charset=utf8"),
    ("js", "text/javascript; charset=utf8"),
    ("text", "text/plain; charset=utf8"),
    ("json", "application/json; charset=utf8"),
    ("xml", "application/xml; charset=utf8"),
)
_SHORTCUT_KEYS = frozenset(key for key, _ in _SHORTCUTS)
# Where the status comes from, first truthy wins (Node: `status || code || statusCode`).
_STATUS_KEYS = ("status", "code", "statusCode", "status_code")
_STATUS_KEY_SET = frozenset(_STATUS_KEYS)
# Keys that set the Set-Cookie header.
_COOKIE_KEYS = frozenset({"cookie", "session"})
# Every key other than the body, the status and the shortcuts; most responses have none.
_RARE_KEYS = frozenset(
    {
        *("cacheControl", "cache_control", "type", "headers", "location", "cors"),
        *("isBase64Encoded", "compression", "compress_min_size", "cookies", "multiValueHeaders"),
    }
)
# Headers whose capitalised spellings Node folds into the lowercase one.
_FOLDED_HEADERS = frozenset({"cache-control", "content-type", "content-encoding"})
# The session keys a response's `session` inherits from the request's (Node's http/index.js).
_SESSION_META = ("_idx", "_secret", "_ttl")
# A bare bytes value returned on an HTTP API is sent as a file, not as JSON.
_BYTES_TYPE = "application/octet-stream"
_BYTES = (bytes, bytearray, memoryview)
_EMPTY: Mapping[str, Any] = {}
# Content types whose rules are remembered; an app sends a handful.
_TYPES_REMEMBERED = 256
_TYPE_RULES: dict[str, tuple[bool, bool]] = {}
# Why a header name or value with CR, LF or NUL is refused: it would end the header and
# start another (header injection, response splitting).
_BREAKS_HEADER = (
    "contains a CR, LF or NUL character, which would end the header and start another: "
    "remove them (or percent-encode them in a URL) before putting text in a header"
)


def res(req: Mapping[str, Any], params: Any = None) -> HttpResponse:
    """Return the Lambda response for `params`, formatted for the request `req`.

    `params` is what Node's `arc.http` accepts: a dict of response keys (`statusCode` /
    `status` / `code` / `status_code`, `headers`, `body`, `html` / `css` / `js` /
    `text` / `json` / `xml`, `type`, `cacheControl` / `cache_control`, `location`,
    `cors`, `compression`, `compress_min_size`, `isBase64Encoded`, `cookies`,
    `multiValueHeaders`, `cookie`, `session`), an exception (an HTML error page), or, on
    an HTTP API, any value to send as JSON. Keys count by JavaScript truthiness:
    `{"json": {}}` sends `{}`; `compress_min_size` is the smallest body, in bytes, to
    compress (default 1000; 0 compresses every body, as Node does). A `session` is merged
    over the `_idx`/`_secret`/`_ttl` of `req["session"]`, written, and its cookie set in
    `set-cookie`. Raises `ResponseError` for params no valid response can carry (a status
    outside 100-599, a header value that is not text, a CR, LF or NUL in any header name
    or value, a body JSON cannot hold, a `compress_min_size` that is not an int of 0 or
    more) and `TypeError` when `req` is not a dict. An exception's page shows its message
    and traceback only when `ARC_ENV` is `testing`; deployed, the page is generic and the
    exception is logged (`arc_http`).

    >>> res({"version": "2.0"}, {"json": {"ok": True}})["body"]
    '{"ok":true}'
    """
    if type(req) is not dict and not isinstance(req, Mapping):
        raise TypeError(f"res() takes the request event (a dict) first, not {type(req).__name__}")
    version = req.get("version")
    if type(params) is dict or isinstance(params, Mapping):
        if version == "2.0" and _KNOWN_V2_KEYS.isdisjoint(params):
            return _format(req, {"body": _json_text(params, "the response")}, None)
        response = _format(req, params, None)
        if not _COOKIE_KEYS.isdisjoint(params):
            _set_cookies(req, params, response)
        return response
    if isinstance(params, BaseException):
        return error_response(req, params, _error_status(params, 500))
    if version != "2.0" or params is None or type(params) is bool or _empty_text(params):
        # REST and payload 1.0 ignore bare values (Node too); no value is an empty 200.
        return _format(req, _EMPTY, None)
    if isinstance(params, _BYTES):
        return _format(req, {"body": params, "type": _BYTES_TYPE}, None)
    return _format(req, {"body": _json_text(params, "the response")}, None)


def _status_code(value: Any) -> int:
    """`value` as an HTTP status code: an int (or an integral float, or digits) in 100-599.

    Raises `ResponseError` for anything else, such as Node's tolerated `"idk"`.
    """
    whole = isinstance(value, int) and not isinstance(value, bool)
    integral = isinstance(value, float) and value.is_integer()
    digits = isinstance(value, str) and len(value) <= 3 and value.isascii() and value.isdigit()
    if (whole or integral or digits) and 100 <= int(value) <= 599:
        return int(value)
    raise ResponseError(f"status {value!r} is not an HTTP status code: give an int, 100-599")


def error_response(
    req: Mapping[str, Any], error: BaseException, status: int, *, log: bool = False
) -> HttpResponse:
    """The error page for `error`, sent with `status`; `error` is logged when deployed, and
    in testing too when `log` is true (see `error_page`)."""
    return _format(req, _EMPTY, error, status, log)


def _format(
    req: Mapping[str, Any],
    params: Mapping[str, Any],
    error: BaseException | None,
    error_status: int = 500,
    log_error: bool = False,
) -> HttpResponse:
    get = params.get
    body = get("body")
    content_type = cache_control = location = flag = compression = encoding = None
    header_encoding = None
    min_size = DEFAULT_MIN_SIZE
    headers: dict[str, str] = {}
    # Most responses are a body and a status: one set check skips every other lookup.
    rare = not _RARE_KEYS.isdisjoint(params)
    if rare:
        cache_control = get("cacheControl") or get("cache_control")
        content_type = get("type")
        location = get("location")
        flag = get("isBase64Encoded")
        compression = get("compression")
        given_size = get("compress_min_size")
        if given_size is not None:
            min_size = _byte_count(given_size)
        given = get("headers")
        if given is not None:
            headers, folded = _headers(given)
            get_header = headers.get
            cache_control = (
                cache_control or get_header("cache-control") or folded.get("cache-control")
            )
            content_type = content_type or get_header("content-type") or folded.get("content-type")
            header_encoding = get_header("content-encoding")
            encoding = header_encoding or folded.get("content-encoding")
    if not _SHORTCUT_KEYS.isdisjoint(params):
        for key, shortcut_type in _SHORTCUTS:
            value = get(key)
            if value is not None and js_truthy(value):
                content_type = shortcut_type
                body = _json_text(value, "json") if key == "json" else value
                break
    provided = None
    if not _STATUS_KEY_SET.isdisjoint(params):
        for key in _STATUS_KEYS:
            value = get(key)
            if type(value) is int and 100 <= value <= 599:
                provided = value
                break
            if value is not None and js_truthy(value):
                provided = _status_code(value)
                break
    if content_type is None or not js_truthy(content_type):
        content_type = DEFAULT_CONTENT_TYPE
    elif type(content_type) is not str:
        raise ResponseError(f"type {content_type!r} is not text: give a content type string")
    elif _breaks_header(content_type):
        raise ResponseError(f"type {content_type!r} {_BREAKS_HEADER}")

    if error is not None:
        from ._error_page import error_page

        status = error_status
        headers = dict(_ERROR_HEADERS)
        body = error_page(error, status, log=log_error)
    else:
        status = provided or 200
        headers = {"content-type": content_type, **headers}
        relocated = False
        if rare:
            if cache_control is not None and js_truthy(cache_control):
                headers["cache-control"] = _header_text("cache-control", cache_control) or ""
            cors = get("cors")
            if cors is not None and js_truthy(cors):
                headers["access-control-allow-origin"] = "*"
            relocated = location is not None and js_truthy(location)
            if relocated:
                status = provided or 302
                headers["location"] = _header_text("location", location) or ""
            if encoding and not header_encoding:
                # Node deletes a capitalised Content-Encoding and never puts it back.
                headers["content-encoding"] = _header_text("content-encoding", encoding) or ""
        if not headers.get("cache-control"):
            anti = relocated or _type_rules(content_type)[0]
            headers["cache-control"] = ANTI_CACHE if anti else DEFAULT_CACHE

    flagged = flag is not None and js_truthy(flag)
    if type(body) is str:
        text = body
    elif isinstance(body, _BYTES):
        data = bytes(body)
        if not flagged and _compressible(req, encoding, compression):
            data = _compressed(data, req, compression, headers, min_size)
        text = b64encode(data).decode("ascii")
        flagged = True
    else:
        text = _body_text(body)
    if not flagged:
        if _type_rules(headers["content-type"])[1]:
            flagged = True
        elif len(text) * 4 >= min_size and _compressible(req, encoding, compression):
            data = _utf8(text)
            compressed = _compressed(data, req, compression, headers, min_size)
            if compressed is not data:
                text = b64encode(compressed).decode("ascii")
                flagged = True
    response: HttpResponse = {
        "statusCode": status,
        "headers": headers,
        "body": text,
        "isBase64Encoded": flagged,
    }
    if rare and error is None:
        cookies = get("cookies")
        if cookies is not None and js_truthy(cookies):
            response["cookies"] = _cookie_list(cookies)
        multi = get("multiValueHeaders")
        if multi is not None and js_truthy(multi):
            response["multiValueHeaders"] = _multi_value_headers(multi)
    return response


def _compressible(req: Mapping[str, Any], encoding: Any, compression: Any) -> bool:
    """Node compresses for HTTP APIs only (REST APIs compress themselves), never a body
    that already has a Content-Encoding, and not when `compression` is False."""
    version = req.get("version")
    return (
        compression is not False
        and (encoding is None or not js_truthy(encoding))
        and version is not None
        and js_truthy(version)
    )


def _headers(given: Any) -> tuple[dict[str, str], dict[str, Any]]:
    """The headers as text, and the values of Cache-Control, Content-Type and
    Content-Encoding given in another casing than lowercase (Node folds those in)."""
    headers: dict[str, str] = {}
    folded: dict[str, Any] = {}
    for name, value in _mapping(given, "headers").items():
        if type(name) is not str:
            raise ResponseError(f"header name {name!r} is not text")
        if _breaks_header(name):
            raise ResponseError(f"header name {name!r} {_BREAKS_HEADER}")
        lower = name.lower()
        if lower in _FOLDED_HEADERS and name != lower:
            folded.setdefault(lower, value)
            continue
        text = _header_text(name, value)
        if text is not None:
            headers[name] = text
    return headers, folded


def _set_cookies(req: Mapping[str, Any], params: Mapping[str, Any], response: HttpResponse) -> None:
    """Node's legacy `cookie` param, then the `session` param, which wins over it."""
    cookie = params.get("cookie")
    if cookie is not None and js_truthy(cookie):
        response["headers"]["set-cookie"] = _header_text("cookie", cookie) or ""
    session = params.get("session")
    if session is None or not js_truthy(session):
        return
    if not isinstance(session, Mapping):
        raise ResponseError(f"session must be a dict, not {type(session).__name__}")
    from ._sessions import session_write

    merged: dict[str, Any] = {}
    current = req.get("session")
    if isinstance(current, Mapping):
        for key in _SESSION_META:
            value = current.get(key)
            if value is not None:
                merged[key] = value
    merged.update(session)
    response["headers"]["set-cookie"] = session_write(merged)


def _byte_count(value: Any) -> int:
    """`compress_min_size` as a number of bytes; raises `ResponseError` unless an int >= 0."""
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return int(value)
    raise ResponseError(
        f"compress_min_size {value!r} is not a number of bytes: give an int of 0 or more "
        f"(0 compresses every body; None means the default, {DEFAULT_MIN_SIZE})"
    )


def _error_status(error: BaseException, default: int) -> int:
    for name in _STATUS_KEYS:
        value = getattr(error, name, None)
        if value is not None and js_truthy(value):
            try:
                return _status_code(value)
            except ResponseError:
                # Node sends a system error's code (`ENOENT`) as the status; that is a 500.
                return 500
    return default


def _mapping(value: Any, key: str) -> Mapping[str, Any]:
    if isinstance(value, Mapping):
        return value
    if not js_truthy(value):
        return _EMPTY
    raise ResponseError(f"{key} must be a dict, not {type(value).__name__}")


def _breaks_header(text: str) -> bool:
    """True when `text` holds CR or LF (they end a header line) or NUL (C code stops there)."""
    return "\n" in text or "\r" in text or "\x00" in text


def _header_text(name: str, value: Any) -> str | None:
    """`value` as the text of the header `name`; None leaves the header out.

    Raises `ResponseError` for a value that is not text, a number or a bool, and for
    text with a CR, LF or NUL in it.
    """
    kind = type(value)
    if kind is str:
        text = str(value)
        if _breaks_header(text):
            raise ResponseError(f"header {name!r} {_BREAKS_HEADER}")
        return text
    if value is None:
        return None
    if kind is bool:
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return _json_text(value, name)
    raise ResponseError(
        f"header {name!r} is a {kind.__name__}: give text (one value per header; several "
        "cookies go in `cookies`, repeated headers in `multiValueHeaders`)"
    )


def _cookie_list(cookies: Any) -> list[str]:
    if isinstance(cookies, (list, tuple)) and all(type(item) is str for item in cookies):
        for index, cookie in enumerate(cookies):
            if _breaks_header(cookie):
                raise ResponseError(f"cookies[{index}] {_BREAKS_HEADER}")
        return list(cookies)
    raise ResponseError("cookies must be a list of Set-Cookie strings")


def _multi_value_headers(multi: Any) -> dict[str, list[str]]:
    if not isinstance(multi, Mapping):
        raise ResponseError("multiValueHeaders must be a dict of header names to lists of text")
    result: dict[str, list[str]] = {}
    for name, values in multi.items():
        if type(name) is not str or not isinstance(values, (list, tuple)):
            raise ResponseError(
                f"multiValueHeaders[{name!r}] must be a list of text under a text header name"
            )
        if _breaks_header(name):
            raise ResponseError(f"multiValueHeaders name {name!r} {_BREAKS_HEADER}")
        texts = (_header_text(name, value) for value in values)
        result[name] = [text for text in texts if text is not None]
    return result


def _type_rules(content_type: str) -> tuple[bool, bool]:
    """(never cache it, binary) for a content type, remembered per type.

    Never cached: Node's substring test for HTML and JSON. Binary: the media type before
    `;`, untrimmed, as in Node, is in the binary list.
    """
    rules = _TYPE_RULES.get(content_type)
    if rules is None:
        never = any(kind in content_type for kind in _ANTI_CACHE_TYPES)
        rules = (never, content_type.partition(";")[0] in BINARY_TYPES)
        if len(_TYPE_RULES) < _TYPES_REMEMBERED:
            _TYPE_RULES[content_type] = rules
    return rules


def _body_text(body: Any) -> str:
    if isinstance(body, str):
        return str(body)
    if not js_truthy(body):
        return ""
    return _json_text(body, "body")


def _json_text(value: Any, what: str) -> str:
    try:
        return dumps(value)
    except (TypeError, ValueError, RecursionError) as err:
        raise ResponseError(
            f"{what} cannot be sent as JSON ({err}): give text, bytes, or JSON-serialisable data"
        ) from err


def _empty_text(value: Any) -> bool:
    return isinstance(value, str) and not value


def _utf8(text: str) -> bytes:
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        # Lone surrogates: JavaScript's Buffer.from(string) writes U+FFFD for each.
        return text.encode("utf-16", "surrogatepass").decode("utf-16", "replace").encode("utf-8")


def _compressed(
    data: bytes, req: Mapping[str, Any], preference: Any, headers: dict[str, str], min_size: int
) -> bytes:
    """`data` compressed as the request accepts (setting content-encoding), else `data`:
    also when it is smaller than `min_size` bytes."""
    if len(data) < min_size:
        return data
    accept = req.get("headers")
    if isinstance(accept, Mapping):
        accept = accept.get("accept-encoding") or accept.get("Accept-Encoding")
    if not isinstance(accept, str) or not accept:
        return data
    coding = choose_encoding(accept, preference)
    if coding is None:
        return data
    headers["content-encoding"] = coding
    vary = headers.get("vary")
    if not vary:
        headers["vary"] = "accept-encoding"
    elif "accept-encoding" not in vary.lower():
        headers["vary"] = f"{vary}, accept-encoding"
    return compress(data, coding)
