"""POST /echo: parse_body() of each kind of request body, as the sandbox delivers it.

HTTP APIs deliver JSON as text and everything else base64-encoded; REST APIs deliver
every body base64-encoded. parse_body() gives the same result either way.
"""

from __future__ import annotations

from typing import Any

import pytest

from tools.example import Browser

BODIES: list[tuple[str, bytes, Any]] = [
    (
        "application/json",
        b'{"hello": "w\\u00f6rld", "n": [1, 2.5, null]}',
        {"hello": "wörld", "n": [1, 2.5, None]},
    ),
    ("application/vnd.api+json", b'{"data": {"type": "notes"}}', {"data": {"type": "notes"}}),
    (
        "application/x-www-form-urlencoded",
        b"a=1&a=2&b=&c=x+y%21",
        {"a": ["1", "2"], "b": "", "c": "x y!"},
    ),
    ("text/plain; charset=utf-8", "héllo\nworld".encode(), "héllo\nworld"),
    ("application/xml", b"<note>hi</note>", "<note>hi</note>"),
    ("application/octet-stream", b"\x00\xff\x10binary", {"base64": "AP8QYmluYXJ5"}),
    (
        "multipart/form-data; boundary=x",
        b"--x\r\n\r\nhi\r\n--x--",
        {"base64": "LS14DQoNCmhpDQotLXgtLQ=="},
    ),
]


@pytest.mark.parametrize(("content_type", "body", "parsed"), BODIES, ids=[b[0] for b in BODIES])
def test_each_kind_of_body_is_parsed(
    browser: Browser, content_type: str, body: bytes, parsed: Any
) -> None:
    reply = browser.post("/echo", body, content_type)

    assert reply.status == 200
    assert reply.header("content-type") == "application/json; charset=utf8"
    assert reply.json() == {"body": parsed}


def test_a_body_that_is_not_json_is_the_clients_error(browser: Browser) -> None:
    reply = browser.post("/echo", b'{"hello": ', "application/json")

    assert reply.status == 400
    assert reply.json() == {"error": "Invalid request body encoding or invalid JSON"}
