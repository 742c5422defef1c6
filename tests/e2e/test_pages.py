"""GET / (HTML, arc.static(), helpers.url(), csrf.create()), the static asset, POST /form."""

from __future__ import annotations

import re
import time
from urllib.parse import urlencode

from tools.example import APP_DIR, Browser

# The header Node (and arc_http) sends with HTML and JSON so that browsers never cache them.
ANTI_CACHE = "no-cache, no-store, must-revalidate, max-age=0, s-maxage=0"
# `<32 hex characters of data>.<expiry in ms>.<HMAC-SHA256, base64url>`
TOKEN = re.compile(r"[0-9a-f]{32}\.(\d{13})\.[A-Za-z0-9_-]{43}")
FORM = "application/x-www-form-urlencoded"

PAGE = """<!doctype html>
<html>
<head>
<title>arc example</title>
<link rel="stylesheet" href="/_static/app.css">
</head>
<body>
<h1>Hello from Python</h1>
<form method="post" action="/form">
<input type="hidden" name="_csrf" value="{token}">
<label>Name <input name="name"></label>
<button>Send</button>
</form>
</body>
</html>
"""


def token_in(page: str) -> str:
    found = re.search(r'name="_csrf" value="([^"]*)"', page)
    assert found is not None
    return found.group(1)


def csrf_token(browser: Browser) -> str:
    return token_in(browser.get("/").text)


def test_home_page_links_the_static_asset_and_carries_a_fresh_csrf_token(
    browser: Browser,
) -> None:
    reply = browser.get("/")

    token = token_in(reply.text)
    assert reply.status == 200
    assert reply.header("content-type") == "text/html; charset=utf8"
    assert reply.header("cache-control") == ANTI_CACHE
    assert reply.text == PAGE.format(token=token)
    found = TOKEN.fullmatch(token)
    assert found is not None
    expires_in_ms = int(found.group(1)) - time.time() * 1000
    assert 290_000 < expires_in_ms <= 300_000


def test_the_static_asset_is_served_from_public(browser: Browser) -> None:
    reply = browser.get("/_static/app.css")

    assert reply.status == 200
    assert reply.header("content-type") == "text/css; charset=utf-8"
    assert reply.body == (APP_DIR / "public" / "app.css").read_bytes()


def test_the_form_with_its_token_is_accepted_and_its_input_escaped(browser: Browser) -> None:
    body = urlencode({"_csrf": csrf_token(browser), "name": "<Ada & Grace>"}).encode()

    reply = browser.post("/form", body, FORM)

    assert reply.status == 200
    assert reply.header("content-type") == "text/html; charset=utf8"
    assert reply.text == "<p>Hello, &lt;Ada &amp; Grace&gt;!</p>"


def test_a_token_with_a_pushed_out_expiry_is_refused(browser: Browser) -> None:
    data, _, signature = csrf_token(browser).split(".")
    # Node signs only the data, so this edit passes there; the expiry is signed here.
    extended = f"{data}.9999999999999.{signature}"

    reply = browser.post("/form", urlencode({"_csrf": extended, "name": "Eve"}).encode(), FORM)

    assert reply.status == 403
    assert reply.text == "<p>This form has expired: reload the page.</p>"


def test_a_form_without_a_token_is_refused(browser: Browser) -> None:
    reply = browser.post("/form", b"name=Eve", FORM)

    assert reply.status == 403
    assert reply.text == "<p>This form has expired: reload the page.</p>"
