"""`parse_body`: the request body as data, chosen by its content type.

Node's rules (src/http/helpers/body-parser.js) with these fixes:

- The media type decides, not a substring of the header: Node parses
  `text/plain; x=application/json` as JSON, which a browser sends cross-site without a
  CORS preflight, so a page on any site could post JSON to the app.
- Media types match case-insensitively (RFC 9110 says they are), and every
  `application/*+json` type is JSON.
- A request without headers is passed through instead of crashing.
- A body that is not base64 when it claims to be, or a form of more than 1000 fields
  (Node silently drops the rest), is a typed error instead of quietly wrong data.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from arc_core import InvalidRequestError

from ._base64 import decode_base64
from ._js import js_truthy

__all__ = ["MAX_FORM_FIELDS", "parse_body"]

# Node's content types, each now compared with the whole media type, lowercased.
_JSON_TYPE = "application/json"
_TEXT_TYPES = frozenset({"text/plain", "text/xml", "application/xml"})
_FORM_TYPE = "application/x-www-form-urlencoded"
_FILE_TYPES = frozenset({"multipart/form-data", "application/octet-stream"})
# `application/<name>+json` is JSON by its structured syntax suffix (RFC 6839); Node
# knows only `application/vnd.api+json`.
_APPLICATION = "application/"
_JSON_SUFFIX = "+json"
# The characters of an RFC 9110 token, lowercase: what a subtype is made of.
_TOKEN_CHARS = "!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyz"
# HTTP's optional whitespace around the media type (RFC 9110 section 5.6.3).
_WHITESPACE = " \t"
# Node's querystring.parse keeps this many fields (its `maxKeys`); more is refused here.
MAX_FORM_FIELDS = 1000
# Node's message for a JSON body it cannot read.
_INVALID_JSON = "Invalid request body encoding or invalid JSON"


def parse_body(req: Mapping[str, Any]) -> Any:
    """Return the body of the request event `req`, parsed by its Content-Type.

    The media type decides: the part of the Content-Type before `;`, trimmed, in any
    casing; parameters (`charset=...`) do not count.

    - JSON (`application/json` and every `application/*+json`, such as
      `application/vnd.api+json`), base64 or not: the parsed value, with `null`,
      `false`, `0` and `""` made `{}`.
    - base64 `text/plain`, `text/xml`, `application/xml`: the decoded text.
    - base64 `application/x-www-form-urlencoded`: a dict; repeated keys give lists,
      blank values are kept (Node's `querystring.parse`).
    - base64 `multipart/form-data`, `application/octet-stream`: `{"base64": body}`.
    - anything else, no body, or no content type: the body as it is.

    Raises `InvalidRequestError` (a `ValueError`) when the JSON or the base64 is not
    valid, or a form has more than `MAX_FORM_FIELDS` (1000) fields: a handler can
    answer it with a 400.

    >>> parse_body({"headers": {"content-type": "application/json"}, "body": '{"a":1}'})
    {'a': 1}
    """
    body = req.get("body")
    content_type = _media_type(req.get("headers"))
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
    if content_type == _JSON_TYPE or _is_json_suffix_type(content_type):
        data = _parse_json(_decoded_text(body) if encoded else body)
        return data if js_truthy(data) else {}
    if not encoded:
        return body
    if content_type in _TEXT_TYPES:
        return _decoded_text(body)
    if content_type == _FORM_TYPE:
        return _parse_form(_decoded_text(body))
    if content_type in _FILE_TYPES:
        return {"base64": body}
    return body


def _media_type(headers: Any) -> str | None:
    """The media type of the request's Content-Type, lowercased; None when it has none.

    Of several spellings of the header the first non-empty one counts, in Node's order
    (`content-type`, then `Content-Type`), then any other casing. API Gateway sends one
    spelling (an HTTP API joins repeated headers with commas, which makes no valid media
    type and so parses nothing); several are only in hand-made events, and joining them,
    as this did before, made a header that matched more types than any one of them.
    """
    if not isinstance(headers, Mapping):
        return None
    value = headers.get("content-type")
    if not isinstance(value, str) or not value:
        value = headers.get("Content-Type")
    if not isinstance(value, str) or not value:
        value = next(
            (
                text
                for name, text in headers.items()
                if isinstance(name, str)
                and name.lower() == "content-type"
                and isinstance(text, str)
                and text
            ),
            None,
        )
        if value is None:
            return None
    media = value.partition(";")[0].strip(_WHITESPACE)
    # Media types are ASCII tokens; str.lower() would make the Kelvin sign an ASCII `k`.
    return media.lower() if media.isascii() else media


def _is_json_suffix_type(media: str) -> bool:
    """True for `application/<name>+json` with `<name>` a token that is not empty."""
    if not (media.startswith(_APPLICATION) and media.endswith(_JSON_SUFFIX)):
        return False
    name = media[len(_APPLICATION) : -len(_JSON_SUFFIX)]
    # strip() leaves nothing exactly when every character is a token character.
    return bool(name) and name[0] != "+" and not name.strip(_TOKEN_CHARS)


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

    if text.count("&") >= MAX_FORM_FIELDS:
        _check_form_fields(text)
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


def _check_form_fields(text: str) -> None:
    """Raise `InvalidRequestError` when the form `text` has more than MAX_FORM_FIELDS fields.

    Counted before parsing, so a huge form costs no list of pairs. parse_qsl skips
    empty fields (`a&&b`), so they do not count.
    """
    import re

    for fields, _field in enumerate(re.finditer("[^&]+", text), 1):
        if fields > MAX_FORM_FIELDS:
            raise InvalidRequestError(
                f"the form has more than {MAX_FORM_FIELDS} fields; send fewer, or send JSON"
            )
