"""`parse_body`: the request body as data, chosen by its content type.

Node's rules (src/http/helpers/body-parser.js) with three fixes: content types match
case-insensitively (media types are), a request without headers is passed through
instead of crashing, and a body that is not base64 when it claims to be is a typed
error instead of silently decoded garbage.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from arc_core import InvalidRequestError

from ._base64 import decode_base64
from ._js import js_truthy

__all__ = ["parse_body"]

# Node's content-type tests, in its order: a substring of the Content-Type header.
_JSON_TYPES = ("application/json", "application/vnd.api+json")
_TEXT_TYPES = ("text/plain", "text/xml", "application/xml")
_FORM_TYPE = "application/x-www-form-urlencoded"
_FILE_TYPES = ("multipart/form-data", "application/octet-stream")
# Node's message for a JSON body it cannot read.
_INVALID_JSON = "Invalid request body encoding or invalid JSON"


def parse_body(req: Mapping[str, Any]) -> Any:
    """Return the body of the request event `req`, parsed by its Content-Type.

    - JSON (`application/json`, `application/vnd.api+json`), base64 or not: the parsed
      value, with `null`, `false`, `0` and `""` made `{}`.
    - base64 `text/plain`, `text/xml`, `application/xml`: the decoded text.
    - base64 `application/x-www-form-urlencoded`: a dict; repeated keys give lists,
      blank values are kept (Node's `querystring.parse`).
    - base64 `multipart/form-data`, `application/octet-stream`: `{"base64": body}`.
    - anything else, no body, or no content type: the body as it is.

    Raises `InvalidRequestError` (a `ValueError`) when the JSON or the base64 is not
    valid: a handler can answer it with a 400.

    >>> parse_body({"headers": {"content-type": "application/json"}, "body": '{"a":1}'})
    {'a': 1}
    """
    body = req.get("body")
    content_type = _content_type(req.get("headers"))
    if content_type is None or not js_truthy(body):
        return body
    if not isinstance(body, str):
        if isinstance(body, (Mapping, list)):
            if not body:
                return body
            import copy

            # Node hands back a deep copy, so changing it leaves `rawBody` alone.
            return copy.deepcopy(body)
        return body
    encoded = js_truthy(req.get("isBase64Encoded"))
    if any(kind in content_type for kind in _JSON_TYPES):
        data = _parse_json(_decoded_text(body) if encoded else body)
        return data if js_truthy(data) else {}
    if not encoded:
        return body
    if any(kind in content_type for kind in _TEXT_TYPES):
        return _decoded_text(body)
    if _FORM_TYPE in content_type:
        return _parse_form(_decoded_text(body))
    if any(kind in content_type for kind in _FILE_TYPES):
        return {"base64": body}
    return body


def _content_type(headers: Any) -> str | None:
    """Every Content-Type header value, lowercased and joined (Node tests both spellings)."""
    if not isinstance(headers, Mapping):
        return None
    values = [headers.get("content-type"), headers.get("Content-Type")]
    if values[0] is None and values[1] is None:
        values = [
            value
            for name, value in headers.items()
            if isinstance(name, str) and name.lower() == "content-type"
        ]
    texts = [value for value in values if isinstance(value, str) and value]
    return ", ".join(texts).lower() if texts else None


def _decoded_text(body: str) -> str:
    return decode_base64(body).decode("utf-8", "replace")


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def _parse_json(text: str) -> Any:
    import json

    try:
        return json.loads(text, parse_constant=_reject_constant)
    except (ValueError, RecursionError) as err:
        raise InvalidRequestError(_INVALID_JSON) from err


def _parse_form(text: str) -> dict[str, str | list[str]]:
    from urllib.parse import parse_qsl

    form: dict[str, str | list[str]] = {}
    for key, value in parse_qsl(text, keep_blank_values=True, errors="replace"):
        seen = form.get(key)
        if seen is None:
            form[key] = value
        elif isinstance(seen, list):
            seen.append(value)
        else:
            form[key] = [seen, value]
    return form
