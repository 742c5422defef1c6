"""One session cookie shared by the Python and the Node function of the app, both ways.

GET /count/:provider (Python, arc_http.handler) and GET /node/count/:provider (Node,
@architect/functions 8.1.9) keep the same visit counter in the session: JWE (`jwe`, the
session is the cookie) or DynamoDB (`ddb`, the cookie signs a row of the sessions table).
"""

from __future__ import annotations

import hmac
import re
import time
from base64 import b64encode
from email.utils import parsedate_to_datetime
from hashlib import sha256
from typing import Any
from urllib.parse import quote, unquote

import pytest

from tests.e2e.conftest import SESSIONS_TABLE
from tools.example import Browser

# ARC_APP_SECRET of the app (examples/prefs.arc): the JWE key and the cookie signing key.
APP_SECRET = b"example-only-secret-for-sessions"
# Node's attributes, in Node's order; no Secure in testing.
SET_COOKIE = re.compile(
    r"_idx=([^;]+); Max-Age=788400000; Path=/; Expires=([^;]+ GMT); HttpOnly; SameSite=Lax"
)
# A compact JWE: `dir` with A256GCM, an empty key segment, a 12-byte IV, a 16-byte tag.
JWE = re.compile(r"eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0\.\.[\w-]{16}\.[\w-]+\.[\w-]{22}")
# What encodeURIComponent leaves as it is, besides letters and digits.
URI_COMPONENT_SAFE = "-_.!~*'()"
LANGUAGES = ("python", "node")
# Node's 25 years of Max-Age (src/http/session/providers/_cookie.js), in seconds.
MAX_AGE = 788_400_000
# A DynamoDB session row lives a week from its last write.
WEEK = 604_800


def path(language: str, provider: str) -> str:
    return f"/count/{provider}" if language == "python" else f"/node/count/{provider}"


def other(language: str) -> str:
    return "node" if language == "python" else "python"


def signed(idx: str) -> str:
    """`idx` signed as Node's cookie-signature does: base64 HMAC-SHA256, no padding."""
    signature = b64encode(hmac.new(APP_SECRET, idx.encode(), sha256).digest()).decode()
    return f"{idx}.{signature.rstrip('=')}"


def check_set_cookie(reply: Any, provider: str) -> None:
    found = SET_COOKIE.fullmatch(reply.header("set-cookie") or "")
    assert found is not None, reply.header("set-cookie")
    value, expires = found.groups()
    assert abs(parsedate_to_datetime(expires).timestamp() - (time.time() + MAX_AGE)) < 60
    if provider == "jwe":
        assert JWE.fullmatch(value), value
    else:
        idx = unquote(value).rpartition(".")[0]
        assert value == quote(signed(idx), safe=URI_COMPONENT_SAFE)


@pytest.mark.parametrize("provider", ["jwe", "ddb"])
@pytest.mark.parametrize("first", LANGUAGES)
def test_one_session_goes_back_and_forth_between_python_and_node(
    browser: Browser, provider: str, first: str
) -> None:
    trail: list[str] = []
    for visit, language in enumerate([first, other(first), first], start=1):
        reply = browser.get(path(language, provider))

        trail.append(language)
        assert reply.status == 200
        assert reply.json() == {"count": visit, "trail": trail}
        check_set_cookie(reply, provider)


def test_a_dynamodb_session_is_one_row_whichever_language_writes_it(
    browser: Browser, database: Any
) -> None:
    for language in ("python", "node", "python"):
        browser.get(path(language, "ddb"))

    idx = unquote(browser.cookies["_idx"]).rpartition(".")[0]
    row = database.Table(SESSIONS_TABLE).get_item(Key={"_idx": idx}, ConsistentRead=True)["Item"]
    assert row == {
        "_idx": idx,
        "_secret": row["_secret"],
        "_ttl": row["_ttl"],
        "count": 3,
        "trail": ["python", "node", "python"],
    }
    assert re.fullmatch(r"[\w-]{24}", idx)
    assert re.fullmatch(r"[\w-]{24}", row["_secret"])
    assert abs(int(row["_ttl"]) - (time.time() + WEEK)) < 60


@pytest.mark.parametrize("provider", ["jwe", "ddb"])
def test_a_session_emptied_by_hand_counts_from_one_again_in_both_languages(
    browser: Browser, provider: str
) -> None:
    browser.get(path("python", provider))
    browser.get(path("node", provider))

    forgot = browser.request("POST", f"/forget/{provider}")

    assert forgot.status == 200
    assert forgot.json() == {"forgot": 2}
    check_set_cookie(forgot, provider)
    assert browser.get(path("node", provider)).json() == {"count": 1, "trail": ["node"]}
    assert browser.get(path("python", provider)).json() == {
        "count": 2,
        "trail": ["node", "python"],
    }


def test_an_emptied_dynamodb_session_keeps_its_id_and_row(browser: Browser, database: Any) -> None:
    browser.get(path("node", "ddb"))
    idx = unquote(browser.cookies["_idx"]).rpartition(".")[0]
    sessions = database.Table(SESSIONS_TABLE)
    secret = sessions.get_item(Key={"_idx": idx}, ConsistentRead=True)["Item"]["_secret"]

    browser.request("POST", "/forget/ddb")

    assert unquote(browser.cookies["_idx"]) == signed(idx)
    row = sessions.get_item(Key={"_idx": idx}, ConsistentRead=True)["Item"]
    assert row == {"_idx": idx, "_secret": secret, "_ttl": row["_ttl"]}


def tampered(cookie: str) -> str:
    """The cookie with one character of its middle changed (JWE ciphertext, DynamoDB id)."""
    middle = len(cookie) // 2
    return cookie[:middle] + ("A" if cookie[middle] != "A" else "B") + cookie[middle + 1 :]


@pytest.mark.parametrize("provider", ["jwe", "ddb"])
@pytest.mark.parametrize("language", LANGUAGES)
def test_a_tampered_cookie_starts_a_fresh_session(
    browser: Browser, provider: str, language: str
) -> None:
    browser.get(path(other(language), provider))
    browser.cookies["_idx"] = tampered(browser.cookies["_idx"])

    reply = browser.get(path(language, provider))

    assert reply.status == 200
    assert reply.json() == {"count": 1, "trail": [language]}


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_unknown_provider_is_a_json_404(browser: Browser, language: str) -> None:
    reply = browser.get(path(language, "cookies"))

    assert reply.status == 404
    assert reply.json() == {"error": "providers: jwe, ddb"}
    assert reply.header("set-cookie") is None
