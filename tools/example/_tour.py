"""The steps of the main job: every feature of the example app, driven as its clients would.

Each request is printed as one line (`POST /form -> 200 text/html; charset=utf8 <p>...`)
and followed by what it must show; a check that fails is printed and counted, and the
tour goes on, so one run shows everything that is wrong.
"""

from __future__ import annotations

import json
import re
import time
from base64 import b64encode
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from websockets.exceptions import ConnectionClosed, InvalidStatus
from websockets.sync.client import ClientConnection, connect

from ._client import Browser, Reply
from ._sandbox import HOST, Sandbox

__all__ = ["STEPS", "Tour"]

# How long a subscriber or @ws function may take to write its row after the trigger.
DELIVERY_SECONDS = 15.0
WS_TIMEOUT_SECONDS = 10.0
# Each poll is an invocation, a fresh Python process in the sandbox: do not crowd it.
POLL_SECONDS = 0.5
# How much of a response body, and of a request body, each printed line shows.
PREVIEW_CHARACTERS = 110
SENT_CHARACTERS = 60


def _preview(reply: Reply) -> str:
    kind = reply.header("content-type") or "(no content type)"
    encoding = reply.header("content-encoding")
    if encoding or kind.startswith("image/"):
        return f"{kind} ({encoding or 'binary'}, {len(reply.body)} bytes)"
    text = " ".join(reply.body.decode(errors="replace").split())
    if len(text) > PREVIEW_CHARACTERS:
        text = text[: PREVIEW_CHARACTERS - 3] + "..."
    return f"{kind} {text}"


def _sent(body: bytes | None, headers: dict[str, str]) -> str:
    """What a request carried, in brief: ` (text/plain "héllo")`, ` (accept-encoding: gzip)`."""
    parts = [f"{name}: {value}" for name, value in headers.items() if name != "content-type"]
    if body is not None:
        try:
            text = json.dumps(body.decode(), ensure_ascii=False)
        except UnicodeDecodeError:
            text = f"{len(body)} bytes"
        if len(text) > SENT_CHARACTERS:
            text = text[: SENT_CHARACTERS - 4] + '..."'
        parts.append(f"{headers.get('content-type', '')} {text}".strip())
    return f" ({'; '.join(parts)})" if parts else ""


class Tour:
    """Runs steps against one sandbox, printing each request and each failed check."""

    def __init__(self, sandbox: Sandbox, write: Callable[[str], None]) -> None:
        self.sandbox = sandbox
        self.write = write
        self.checks = 0
        self.failures: list[str] = []

    def browser(self) -> Browser:
        """A new client with no cookies yet."""
        return Browser(HOST, self.sandbox.ports["http"])

    def call(
        self,
        browser: Browser,
        method: str,
        path: str,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> Reply:
        reply = browser.request(method, path, body=body, headers=headers)
        sent = _sent(body, headers or {})
        self.write(f"{method} {path}{sent} -> {reply.status} {_preview(reply)}")
        return reply

    def poll(self, browser: Browser, path: str, until: Callable[[Reply], bool]) -> Reply:
        """GET `path` until `until(reply)`: rows are written after the request that caused them."""
        deadline = time.monotonic() + DELIVERY_SECONDS
        tries = 1
        reply = browser.get(path)
        while not until(reply) and time.monotonic() < deadline:
            time.sleep(POLL_SECONDS)
            tries += 1
            reply = browser.get(path)
        self.write(f"GET {path} -> {reply.status} {_preview(reply)} (try {tries})")
        return reply

    def expect(self, ok: bool, what: str) -> None:
        self.checks += 1
        if not ok:
            self.failures.append(what)
            self.write(f"    FAILED: {what}")

    def expect_json(self, reply: Reply, status: int, value: Any) -> None:
        try:
            found = reply.json()
        except ValueError:
            found = None
        self.expect(
            reply.status == status and found == value,
            f"{status} {json.dumps(value, ensure_ascii=False)}",
        )

    def ws_connect(self, query: str = "") -> ClientConnection:
        url = f"{self.sandbox.ws_url}/{query}"
        connection = connect(url, open_timeout=WS_TIMEOUT_SECONDS, close_timeout=2)
        self.write(f"WS connect /{query} -> open")
        return connection

    def ws_send(self, connection: ClientConnection, message: Any) -> Any:
        """Send `message` (JSON unless a str) and return the JSON (or text) that comes back."""
        text = message if isinstance(message, str) else json.dumps(message)
        connection.send(text)
        answer = connection.recv(timeout=WS_TIMEOUT_SECONDS)
        self.write(f"WS send {text} -> {answer!s}")
        try:
            return json.loads(answer)
        except ValueError:
            return answer


def _is(row: dict[str, Any]) -> Callable[[Reply], bool]:
    """True for a 200 reply whose JSON is `row`."""

    def check(reply: Reply) -> bool:
        try:
            return reply.status == 200 and reply.json() == row
        except ValueError:
            return False

    return check


def home_page_and_form(tour: Tour) -> None:
    browser = tour.browser()
    page = tour.call(browser, "GET", "/")
    tour.expect(page.status == 200, "200 with the HTML page")
    tour.expect('href="/_static/app.css"' in page.text, "arc.static() links /_static/app.css")
    css = tour.call(browser, "GET", "/_static/app.css")
    tour.expect(css.status == 200 and b"font-family" in css.body, "the stylesheet is served")
    found = re.search(r'name="_csrf" value="([^"]+)"', page.text)
    tour.expect(found is not None, "the form carries a CSRF token")
    token = found.group(1) if found else ""
    form = {"content-type": "application/x-www-form-urlencoded"}
    body = urlencode({"_csrf": token, "name": "Ada"}).encode()
    hello = tour.call(browser, "POST", "/form", body, form)
    tour.expect(hello.status == 200 and "Hello, Ada!" in hello.text, "200 Hello, Ada!")
    forged = tour.call(browser, "POST", "/form", b"_csrf=forged.1.abc&name=Eve", form)
    tour.expect(forged.status == 403, "403 for a forged token")


def request_bodies(tour: Tour) -> None:
    browser = tour.browser()
    sent: list[tuple[str, bytes, Any]] = [
        ("application/json", b'{"hello": "world", "n": [1, 2]}', {"hello": "world", "n": [1, 2]}),
        ("application/x-www-form-urlencoded", b"a=1&a=2&b=", {"a": ["1", "2"], "b": ""}),
        ("text/plain", "héllo".encode(), "héllo"),
        ("application/octet-stream", b"\x00\xff", {"base64": b64encode(b"\x00\xff").decode()}),
    ]
    for content_type, body, parsed in sent:
        reply = tour.call(browser, "POST", "/echo", body, {"content-type": content_type})
        tour.expect_json(reply, 200, {"body": parsed})
    bad = tour.call(browser, "POST", "/echo", b"{not json", {"content-type": "application/json"})
    tour.expect(bad.status == 400, "400 for a body that is not JSON")


def responses(tour: Tour) -> None:
    browser = tour.browser()
    types = {
        "html": "text/html; charset=utf8",
        "json": "application/json; charset=utf8",
        "text": "text/plain; charset=utf8",
        "css": "text/css; charset=utf8",
        "js": "text/javascript; charset=utf8",
        "xml": "application/xml; charset=utf8",
        "binary": "image/png",
    }
    for kind, content_type in types.items():
        reply = tour.call(browser, "GET", f"/responses/{kind}")
        tour.expect(reply.status == 200, "200")
        tour.expect(reply.header("content-type") == content_type, f"content-type {content_type}")
    created = tour.call(browser, "GET", "/responses/created")
    tour.expect(created.status == 201 and created.header("x-example") == "yes", "201, x-example")
    moved = tour.call(browser, "GET", "/responses/redirect")
    tour.expect(moved.status == 302 and moved.header("location") == "/", "302 to /")
    cached = tour.call(browser, "GET", "/responses/cached")
    tour.expect(cached.header("cache-control") == "max-age=60", "cache-control max-age=60")
    shared = tour.call(browser, "GET", "/responses/cors")
    tour.expect(shared.header("access-control-allow-origin") == "*", "CORS for any origin")
    cookies = tour.call(browser, "GET", "/responses/cookies")
    tour.expect(cookies.status == 200, "200 with two cookies")
    tour.expect(browser.cookies == {"flavour": "oatmeal", "size": "large"}, "two cookies kept")
    compresses = tour.sandbox.api_type != "rest"  # as in Node: API Gateway does it for REST
    for accepted, chosen in (("gzip", "gzip"), ("gzip, br", "br")):
        headers = {"accept-encoding": accepted}
        long = tour.call(browser, "GET", "/responses/long", headers=headers)
        expected = chosen if compresses else None
        tour.expect(long.header("content-encoding") == expected, f"content-encoding {expected}")
    error = tour.call(browser, "GET", "/responses/error")
    tour.expect(error.status == 418, "418 from the exception's status")
    escaped = "I am a teapot &amp; short &lt;and&gt; stout"
    tour.expect(escaped in error.text, "the message, HTML-escaped")


def sessions(tour: Tour) -> None:
    """One visit counter, one cookie, three visits alternating Python and Node, then the
    session emptied (session_read and session_write by hand) and counted again."""
    for provider, languages in (("jwe", ("python", "node")), ("ddb", ("node", "python"))):
        browser = tour.browser()
        paths = {"python": f"/count/{provider}", "node": f"/node/count/{provider}"}
        trail: list[str] = []
        for visit, language in enumerate((*languages, languages[0]), start=1):
            trail.append(language)
            reply = tour.call(browser, "GET", paths[language])
            tour.expect_json(reply, 200, {"count": visit, "trail": trail})
        forgot = tour.call(browser, "POST", f"/forget/{provider}")
        tour.expect_json(forgot, 200, {"forgot": 3})
        again = tour.call(browser, "GET", paths[languages[1]])
        tour.expect_json(again, 200, {"count": 1, "trail": [languages[1]]})


def events_queues_and_tables(tour: Tour) -> None:
    browser = tour.browser()
    # One event on its own (publish), two jobs in one batch (publish_batch).
    published: list[tuple[str, Any]] = [
        ("events", {"id": "ping-1"}),
        ("queues", [{"id": "job-1"}, {"id": "job-2"}]),
    ]
    for kind, payload in published:
        body = json.dumps(payload).encode()
        headers = {"content-type": "application/json"}
        reply = tour.call(browser, "POST", f"/publish/{kind}", body, headers)
        tour.expect(reply.status == 202, "202 published")
        messages: list[dict[str, str]] = payload if isinstance(payload, list) else [payload]
        for message in messages:
            row = {"id": message["id"], "via": kind, "received": message}
            reply = tour.poll(browser, f"/records/{message['id']}", until=_is(row))
            tour.expect_json(reply, 200, row)


def web_sockets(tour: Tour) -> None:
    browser = tour.browser()
    with tour.ws_connect() as first, tour.ws_connect() as second:
        me = tour.ws_send(first, {"say": "hello"})
        tour.expect(isinstance(me, dict) and me.get("you_said") == "hello", "the echo")
        mine = me.get("connection", "") if isinstance(me, dict) else ""
        other = tour.ws_send(second, {"say": "hi"})
        theirs = other.get("connection", "") if isinstance(other, dict) else ""
        opened = tour.ws_send(first, {"info": True})
        tour.expect(isinstance(opened, dict) and "connected_at" in opened, "arc.ws.info()")
        told = tour.ws_send(first, {"tell": [theirs, "gone-connection"], "say": "hey"})
        tour.expect(told == {"told": 1, "gone": ["gone-connection"]}, "told 1, 1 gone")
        heard = json.loads(second.recv(timeout=WS_TIMEOUT_SECONDS))
        tour.write(f"WS (second connection) <- {json.dumps(heard)}")
        tour.expect(heard == {"from": mine, "say": "hey"}, "the second connection heard it")
        echo = tour.ws_send(first, "plain text")
        tour.expect(echo == "plain text", "text that is not a request comes back as it was")
        first.send(json.dumps({"close": True}))
        try:
            first.recv(timeout=WS_TIMEOUT_SECONDS)
            closed = False
        except ConnectionClosed:
            closed = True
        tour.write('WS send {"close": true} -> ' + ("closed by arc.ws.close()" if closed else "?"))
        tour.expect(closed, "the server closed the connection")
    row = {"id": f"ws-{mine}", "via": "ws", "state": "gone"}
    reply = tour.poll(browser, f"/records/ws-{mine}", until=_is(row))
    tour.expect_json(reply, 200, row)
    refused = 0
    try:
        with tour.ws_connect("?reject"):
            pass
    except InvalidStatus as err:
        refused = err.response.status_code
        tour.write(f"WS connect /?reject -> refused with {refused}")
    tour.expect(refused == 403, "403 from the connect function")


def services_and_minimal_install(tour: Tour) -> None:
    browser = tour.browser()
    found = tour.call(browser, "GET", "/services")
    tables = {"records": "arc-example-staging-records", "sessions": "arc-example-staging-sessions"}
    tour.expect(found.status == 200 and found.json().get("tables") == tables, "both tables")
    minimal = tour.call(browser, "GET", "/minimal")
    tour.expect_json(minimal, 200, {"arc_http": "vendor/arc_http/__init__.py"})
    vendored = tour.sandbox.app / "src" / "http" / "get-minimal" / "vendor"
    vendor = sorted(path.name for path in vendored.iterdir() if path.suffix != ".dist-info")
    tour.write(f"ls src/http/get-minimal/vendor -> {' '.join(vendor)}")
    tour.expect("boto3" not in vendor and "botocore" not in vendor, "no boto3 in vendor/")


STEPS: list[tuple[str, Callable[[Tour], None]]] = [
    ("An HTML page, a static asset and a CSRF-protected form", home_page_and_form),
    ("Request bodies through parse_body()", request_bodies),
    ("Each kind of res()", responses),
    ("Sessions shared by Python and Node (JWE, then DynamoDB)", sessions),
    ("@events and @queues subscribers writing @tables rows", events_queues_and_tables),
    ("@ws connect, default and disconnect", web_sockets),
    ("services() and a function with only arc-http", services_and_minimal_install),
]
