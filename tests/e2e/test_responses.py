"""GET /responses/:kind: each kind of res(), as a client receives it from the sandbox."""

from __future__ import annotations

import gzip
import json
from base64 import b64decode
from collections.abc import Callable

import brotli
import pytest

from tools.example import Browser

ANTI_CACHE = "no-cache, no-store, must-revalidate, max-age=0, s-maxage=0"
# Node's default for anything that is not HTML or JSON (and has no location).
ONE_DAY = "max-age=86400"
PIXEL = b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
)
LONG_TEXT = "All work and no play. " * 200

# kind: (content-type, cache-control, body)
SIMPLE = {
    "html": ("text/html; charset=utf8", ANTI_CACHE, b"<h1>Hello</h1>"),
    "json": ("application/json; charset=utf8", ANTI_CACHE, b'{"hello":"world","count":1}'),
    "text": ("text/plain; charset=utf8", ONE_DAY, b"hello"),
    "css": ("text/css; charset=utf8", ONE_DAY, b"h1 { color: teal }"),
    "js": ("text/javascript; charset=utf8", ONE_DAY, b"console.log('hello')"),
    "xml": ("application/xml; charset=utf8", ONE_DAY, b"<hello/>"),
    "binary": ("image/png", ONE_DAY, PIXEL),
}


@pytest.mark.parametrize("kind", list(SIMPLE))
def test_each_content_kind_has_its_type_cache_policy_and_body(browser: Browser, kind: str) -> None:
    content_type, cache_control, body = SIMPLE[kind]

    reply = browser.get(f"/responses/{kind}")

    assert reply.status == 200
    assert reply.header("content-type") == content_type
    assert reply.header("cache-control") == cache_control
    assert reply.header("content-encoding") is None
    assert reply.body == body


def test_a_status_and_extra_headers(browser: Browser) -> None:
    reply = browser.get("/responses/created")

    assert reply.status == 201
    assert reply.header("x-example") == "yes"
    assert reply.json() == {"created": True}


def test_a_location_redirects_with_302_and_is_never_cached(browser: Browser) -> None:
    reply = browser.get("/responses/redirect")

    assert reply.status == 302
    assert reply.header("location") == "/"
    assert reply.header("cache-control") == ANTI_CACHE
    assert reply.body == b""


def test_cache_control_and_cors(browser: Browser) -> None:
    cached = browser.get("/responses/cached")
    shared = browser.get("/responses/cors")

    assert cached.header("cache-control") == "max-age=60"
    assert cached.body == b"cache me for a minute"
    assert shared.header("access-control-allow-origin") == "*"
    assert shared.json() == {"shared": True}


def test_two_cookies_arrive_as_two_set_cookie_headers(browser: Browser) -> None:
    reply = browser.get("/responses/cookies")

    assert reply.status == 200
    assert reply.all("set-cookie") == ["flavour=oatmeal; Path=/", "size=large; Path=/"]
    assert browser.cookies == {"flavour": "oatmeal", "size": "large"}


@pytest.mark.parametrize(
    ("accepted", "chosen", "decompress"),
    [("gzip", "gzip", gzip.decompress), ("gzip, br", "br", brotli.decompress)],
)
def test_a_long_body_is_compressed_as_the_client_accepts_on_http_apis_only(
    browser: Browser,
    rest: bool,
    accepted: str,
    chosen: str,
    decompress: Callable[[bytes], bytes],
) -> None:
    reply = browser.get("/responses/long", headers={"accept-encoding": accepted})

    assert reply.status == 200
    if rest:  # Node compresses only HTTP API responses; API Gateway does it for REST
        assert reply.header("content-encoding") is None
        assert reply.body == LONG_TEXT.encode()
    else:
        assert reply.header("content-encoding") == chosen
        assert decompress(reply.body) == LONG_TEXT.encode()


def test_a_long_body_is_sent_as_is_to_a_client_that_accepts_no_encoding(
    browser: Browser,
) -> None:
    reply = browser.get("/responses/long")

    assert reply.header("content-encoding") is None
    assert reply.body == LONG_TEXT.encode()


def test_an_exception_becomes_an_escaped_html_error_page_with_its_status(
    browser: Browser,
) -> None:
    reply = browser.get("/responses/error")

    assert reply.status == 418
    assert reply.header("content-type") == "text/html; charset=utf8;"
    assert reply.header("cache-control") == ANTI_CACHE
    assert "<title>418 error: TeapotError</title>" in reply.text
    assert "<h1>418 error: TeapotError</h1>" in reply.text
    assert "<p>I am a teapot &amp; short &lt;and&gt; stout<br>" in reply.text
    assert "<and>" not in reply.text


def test_an_unknown_kind_is_a_json_404(browser: Browser) -> None:
    reply = browser.get("/responses/nothing")

    assert reply.status == 404
    assert json.loads(reply.body) == {"error": "no response kind 'nothing'"}
