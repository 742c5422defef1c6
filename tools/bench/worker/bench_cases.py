"""Per-call cases: the same work done by each subject, and the floor it is held to.

A case is registered per subject kind (`ours`, `v1`, `powertools`, `floor`). Its factory
does the setup, checks the result once (a fast wrong answer is no answer) and returns
the zero-argument operation that gets timed. A subject without the feature raises
`Unavailable`, which the table shows as n/a with the reason.

Floors are the least work that gives the same bytes: build the response dict and
`json.dumps` it; the same compressor at Node's level; AES-GCM plus base64url plus JSON.
"""

from __future__ import annotations

import base64
import importlib
import json
import os
import time
import zlib
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qs

from bench_payloads import (
    ANTI_CACHE,
    JSON_TYPE,
    SESSION,
    SMALL,
    cookie_from_set_cookie,
    request,
    ten_kb,
)

Op = Callable[[], object]
Factory = Callable[[], Op]

CASES: dict[str, dict[str, Factory]] = {}
# The floor compresses at the settings arc_http uses, so the ratio shows the overhead
# around the compressor: gzip at Node's level 6; brotli at quality 5, not Node's 11
# (which costs about 10 ms per 10 KB: too slow for a response built on every request).
GZIP_LEVEL = 6
BROTLI_QUALITY = 5
FORM_BODY = "name=ada&tags=a&tags=b&empty="
JSON_BODY = json.dumps({"name": "ada", "tags": ["a", "b"], "age": 36})


class Unavailable(Exception):
    """The subject has no such feature (or not yet): the case is shown as n/a."""


def case(name: str, kind: str) -> Callable[[Factory], Factory]:
    def register(factory: Factory) -> Factory:
        CASES.setdefault(name, {})[kind] = factory
        return factory

    return register


def module(name: str, *needs: str) -> Any:
    """Import `name` and check it has `needs`; raise Unavailable otherwise."""
    try:
        found = importlib.import_module(name)
    except ImportError as err:
        raise Unavailable(f"{name} is not installed ({err})") from err
    missing = [n for n in needs if not hasattr(found, n)]
    if missing:
        raise Unavailable(f"{name} has no {', '.join(missing)} yet")
    return found


def check(condition: bool, what: str) -> None:
    if not condition:
        raise RuntimeError(f"wrong result: {what}")


def _body_bytes(response: dict[str, Any]) -> bytes:
    body = response.get("body") or ""
    if response.get("isBase64Encoded"):
        return base64.b64decode(body)
    return body.encode() if isinstance(body, str) else bytes(body)


def _headers(response: dict[str, Any]) -> dict[str, str]:
    return {k.lower(): v for k, v in (response.get("headers") or {}).items()}


def _decoded(response: dict[str, Any]) -> Any:
    raw = _body_bytes(response)
    encoding = _headers(response).get("content-encoding")
    if encoding == "gzip":
        raw = zlib.decompress(raw, 31)
    elif encoding == "br":
        raw = importlib.import_module("brotli").decompress(raw)
    return json.loads(raw)


# --- res -----------------------------------------------------------------------------

RES_CASES = {
    # case: (payload, Accept-Encoding, expected Content-Encoding, Powertools route)
    "res small JSON": (SMALL, None, None, "/small"),
    "res 10 KB JSON": (None, None, None, "/big"),
    "res 10 KB gzip": (None, "gzip", "gzip", "/big-gzip"),
    "res 10 KB br": (None, "br", "br", None),
}


def _res_case(name: str) -> None:
    payload, accept, encoding, route = RES_CASES[name]
    data = SMALL if payload is not None else ten_kb()
    req = request(path=route or "/", accept_encoding=accept)

    def checked(op: Op) -> Op:
        response = op()
        assert isinstance(response, dict)
        check(_decoded(response) == data, f"{name} body")
        check(_headers(response).get("content-encoding") == encoding, f"{name} encoding")
        return op

    @case(name, "ours")
    def ours() -> Op:
        http = module("arc_http", "res")
        return checked(lambda: http.res(req, {"json": data}))

    @case(name, "v1")
    def v1() -> Op:
        if encoding == "br":
            raise Unavailable("1.0.0 compresses with gzip only")
        arc = module("arc")
        return checked(lambda: arc.http.res(req, {"json": data}))

    @case(name, "powertools")
    def powertools() -> Op:
        if route is None:
            raise Unavailable("Powertools compresses with gzip only")
        handler = module("aws_lambda_powertools.event_handler", "APIGatewayHttpResolver")
        app = handler.APIGatewayHttpResolver()
        app.get(route, compress=encoding is not None)(lambda: data)
        return checked(lambda: app.resolve(req, None))

    @case(name, "floor")
    def floor() -> Op:
        if encoding == "br":
            brotli = module("brotli")

            def compress(raw: bytes) -> bytes:
                return bytes(brotli.compress(raw, quality=BROTLI_QUALITY))

        else:

            def compress(raw: bytes) -> bytes:
                packer = zlib.compressobj(GZIP_LEVEL, zlib.DEFLATED, 31)
                return packer.compress(raw) + packer.flush()

        def op() -> dict[str, Any]:
            body = json.dumps(data, separators=(",", ":"), ensure_ascii=False)
            headers = {"content-type": JSON_TYPE, "cache-control": ANTI_CACHE}
            if encoding is None:
                return {"statusCode": 200, "headers": headers, "body": body}
            headers["content-encoding"] = encoding
            packed = base64.b64encode(compress(body.encode())).decode()
            return {"statusCode": 200, "headers": headers, "body": packed, "isBase64Encoded": True}

        return checked(op)


for _name in RES_CASES:
    _res_case(_name)


# --- parse_body ----------------------------------------------------------------------

JSON_REQUEST = request(method="POST", body=JSON_BODY, content_type="application/json")
FORM_REQUEST = request(
    method="POST",
    body=FORM_BODY,
    content_type="application/x-www-form-urlencoded",
    base64_body=True,
)


@case("parse_body JSON", "ours")
def ours_json() -> Op:
    http = module("arc_http", "parse_body")
    check(http.parse_body(JSON_REQUEST) == json.loads(JSON_BODY), "parse_body JSON")
    return lambda: http.parse_body(JSON_REQUEST)


@case("parse_body JSON", "v1")
def v1_json() -> Op:
    arc = module("arc")
    check(arc.http.parse_body(JSON_REQUEST) == json.loads(JSON_BODY), "parse_body JSON")
    return lambda: arc.http.parse_body(JSON_REQUEST)


@case("parse_body JSON", "powertools")
def powertools_json() -> Op:
    events = module("aws_lambda_powertools.utilities.data_classes", "APIGatewayProxyEventV2")
    event_class = events.APIGatewayProxyEventV2
    check(event_class(JSON_REQUEST).json_body == json.loads(JSON_BODY), "json_body")
    return lambda: event_class(JSON_REQUEST).json_body


@case("parse_body JSON", "floor")
def floor_json() -> Op:
    return lambda: json.loads(JSON_REQUEST["body"])


@case("parse_body form", "ours")
def ours_form() -> Op:
    http = module("arc_http", "parse_body")
    parsed = http.parse_body(FORM_REQUEST)
    check(parsed.get("tags") == ["a", "b"] and parsed.get("empty") == "", "form body")
    return lambda: http.parse_body(FORM_REQUEST)


@case("parse_body form", "v1")
def v1_form() -> Op:
    # 1.0.0 collapses repeated keys and drops blanks; timed all the same, as users get it.
    arc = module("arc")
    check(arc.http.parse_body(FORM_REQUEST).get("name") == "ada", "form body")
    return lambda: arc.http.parse_body(FORM_REQUEST)


@case("parse_body form", "floor")
def floor_form() -> Op:
    def op() -> dict[str, Any]:
        text = base64.b64decode(FORM_REQUEST["body"]).decode()
        fields = parse_qs(text, keep_blank_values=True)
        return {k: v[0] if len(v) == 1 else v for k, v in fields.items()}

    return op


# --- JWE sessions --------------------------------------------------------------------


def _session_api(kind: str) -> Any:
    if kind == "ours":
        return module("arc_http", "session_read", "session_write")
    return module("arc").http


def _jwe_request(api: Any) -> dict[str, Any]:
    cookie = cookie_from_set_cookie(api.session_write(SESSION))
    return request(cookie=cookie)


def _jwe_cases(kind: str) -> None:
    @case("JWE read", kind)
    def read() -> Op:
        api = _session_api(kind)
        req = _jwe_request(api)
        check(api.session_read(req).get("cart") == SESSION["cart"], "JWE read")
        return lambda: api.session_read(req)

    @case("JWE write", kind)
    def write() -> Op:
        api = _session_api(kind)
        check(api.session_write(SESSION).strip().startswith("_idx="), "JWE write")
        return lambda: api.session_write(SESSION)


for _kind in ("ours", "v1"):
    _jwe_cases(_kind)


def _b64url(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def _unb64url(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _aesgcm() -> Any:
    aead = module("cryptography.hazmat.primitives.ciphers.aead", "AESGCM")
    return aead.AESGCM(os.environ["ARC_APP_SECRET"].encode()[:32])


HEADER = _b64url(b'{"alg":"dir","enc":"A256GCM"}')


def floor_jwe_write(cipher: Any) -> str:
    plain = json.dumps({**SESSION, "iat": int(time.time())}, separators=(",", ":"))
    iv = os.urandom(12)
    sealed = cipher.encrypt(iv, plain.encode(), HEADER.encode())
    return f"{HEADER}..{_b64url(iv)}.{_b64url(sealed[:-16])}.{_b64url(sealed[-16:])}"


@case("JWE write", "floor")
def floor_write() -> Op:
    cipher = _aesgcm()
    return lambda: floor_jwe_write(cipher)


@case("JWE read", "floor")
def floor_read() -> Op:
    cipher = _aesgcm()
    token = floor_jwe_write(cipher)

    def op() -> Any:
        header, _, iv, sealed, tag = token.split(".")
        plain = cipher.decrypt(_unb64url(iv), _unb64url(sealed) + _unb64url(tag), header.encode())
        session = json.loads(plain)
        check(session["iat"] + 604800 > time.time(), "iat")
        return session

    check(op()["cart"] == SESSION["cart"], "floor JWE read")
    return op


def unavailable_everywhere_else() -> None:
    """Powertools has no sessions: say so instead of leaving a blank."""
    for name in ("JWE read", "JWE write", "parse_body form"):
        CASES[name].setdefault("powertools", _no_sessions(name))


def _no_sessions(name: str) -> Factory:
    def factory() -> Op:
        what = "form parsing" if "form" in name else "sessions"
        raise Unavailable(f"Powertools has no {what}")

    return factory


unavailable_everywhere_else()
