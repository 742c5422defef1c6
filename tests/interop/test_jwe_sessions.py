"""JWE session cookies, both ways, against the real Node `@architect/functions`."""

from __future__ import annotations

import base64
import json
import re
import time
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from arc_core import ConfigError, dumps
from arc_http._sessions import session_read, session_write
from arc_http._sessions._jwe import node_base64_decode
from tests.interop.conftest import Node, NodeError, cookie_of, request

WEEK_MS = 604800 * 1000

# Settings groups of sessions.md §5.1: every algorithm, key rule and legacy mode.
CONFIGS: dict[str, dict[str, str]] = {
    "A256GCM-ascii": {"ARC_APP_SECRET": "0123456789abcdefghijklmnopqrstuv"},
    "A192GCM-ascii": {
        "ARC_APP_SECRET_ALGO": "A192GCM",
        "ARC_APP_SECRET": "0123456789abcdefghijklmn",
    },
    "A128GCM-ascii": {"ARC_APP_SECRET_ALGO": "A128GCM", "ARC_APP_SECRET": "0123456789abcdef"},
    "A256GCM-long-secret": {"ARC_APP_SECRET": "0123456789abcdefghijklmnopqrstuvwxyz-and-more"},
    "A256GCM-default-key": {},
    "A192GCM-default-key": {"ARC_APP_SECRET_ALGO": "A192GCM"},
    "A128GCM-default-key": {"ARC_APP_SECRET_ALGO": "A128GCM", "ARC_APP_SECRET": ""},
    "A256GCM-cyrillic-secret": {"ARC_APP_SECRET": "секретный-ключ-приложения-длинный-очень"},
    "A256GCM-astral-split-secret": {"ARC_APP_SECRET": "a" * 31 + "🔑"},
    "A128GCM-emoji-secret": {"ARC_APP_SECRET_ALGO": "A128GCM", "ARC_APP_SECRET": "😀" * 8},
    "legacy-b64-secret": {
        "ARC_FORCE_LEGACY_JWE_SECRET": "true",
        "ARC_APP_SECRET": base64.b64encode(b"a legacy secret of 24 by").decode(),
    },
    "legacy-arbitrary-secret": {
        "ARC_FORCE_LEGACY_JWE_SECRET": "false",
        "ARC_APP_SECRET": "my-legacy-app-secret_with.punctuation+/=",
    },
    "legacy-default-key": {"ARC_FORCE_LEGACY_JWE_SECRET": "1"},
}

# Payload kinds of sessions.md §5.4.
PAYLOADS: dict[str, dict[str, Any]] = {
    "empty": {},
    "unicode": {
        "nul": "a\x00b",
        "separators": "\u2028\u2029",
        "astral": "𝄞🔑",
        "zwj": "👩\u200d👩\u200d👧",
        "bom": "\ufeffbom",
        "mixed": "café ж 中 \\ \" '",
    },
    "unicode-keys": {"ключ": 1, "": "empty key", "🔑": True, "0": "index-like", "10": "ten"},
    "nested": {"a": {"b": {"c": [1, [2, [3, {"d": None}]]]}}, "list": [{}, [], ""]},
    "numbers": {
        "max": 2**53 - 1,
        "min": -(2**53 - 1),
        "zero": 0,
        "float": 0.1,
        "big": 1e21,
        "small": 1e-7,
        "negative": -2.5e-3,
        "whole": 3.0,
    },
    "literals": {"yes": True, "no": False, "nothing": None},
    "strings": {f"key{index:02}": "x" * 40 + str(index) for index in range(28)},
}


@pytest.fixture(params=list(CONFIGS))
def config(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("ARC_SESSION_TABLE_NAME", "jwe")
    for name, value in CONFIGS[request.param].items():
        monkeypatch.setenv(name, value)
    return str(request.param)


def as_json(value: Any) -> Any:
    """`value` as JSON gives it to JavaScript (1.0 is 1, keys in JavaScript's order)."""
    return json.loads(dumps(value))


@pytest.mark.parametrize("payload", list(PAYLOADS))
def test_node_reads_what_python_writes(node: Node, config: str, payload: str) -> None:
    req = request(cookie_of(session_write(PAYLOADS[payload])))
    python = session_read(req)
    assert python == {**as_json(PAYLOADS[payload]), "iat": python["iat"]}
    assert node.read(req) == as_json(python)


@pytest.mark.parametrize("payload", list(PAYLOADS))
def test_python_reads_what_node_writes(node: Node, config: str, payload: str) -> None:
    req = request(cookie_of(node.write(PAYLOADS[payload])))
    from_node = node.read(req)
    assert from_node == {**as_json(PAYLOADS[payload]), "iat": from_node["iat"]}
    assert as_json(session_read(req)) == from_node


def test_a_node_token_older_than_a_week_has_expired_in_python(node: Node, config: str) -> None:
    eight_days_ago = int(time.time() * 1000) - WEEK_MS - 86400 * 1000
    req = request(cookie_of(node.write({"a": 1}, now_ms=eight_days_ago)))
    assert node.read(req) == {}
    assert session_read(req) == {}


def test_a_six_day_old_node_token_is_alive_in_python(node: Node, config: str) -> None:
    six_days_ago = int(time.time() * 1000) - 6 * 86400 * 1000
    req = request(cookie_of(node.write({"a": 1}, now_ms=six_days_ago)))
    assert session_read(req) == node.read(req)
    assert session_read(req)["iat"] == six_days_ago // 1000


def test_a_past_exp_expires_the_session_in_both(node: Node, config: str) -> None:
    req = request(cookie_of(session_write({"exp": 1})))
    assert node.read(req) == {}
    assert session_read(req) == {}


def flip(token: str, part: int) -> str:
    parts = token.split(".")
    raw = bytearray(base64.urlsafe_b64decode(parts[part] + "=="))
    raw[-1] ^= 0x80
    parts[part] = base64.urlsafe_b64encode(bytes(raw)).rstrip(b"=").decode()
    return ".".join(parts)


@pytest.mark.parametrize("part", [2, 3, 4])
def test_tampered_tokens_are_refused_by_both(node: Node, config: str, part: int) -> None:
    python_token = cookie_of(session_write({"admin": False})).removeprefix("_idx=")
    node_token = cookie_of(node.write({"admin": False})).removeprefix("_idx=")
    for token in (python_token, node_token):
        req = request(f"_idx={flip(token, part)}")
        assert node.read(req) == {}
        assert session_read(req) == {}


def test_tokens_made_with_another_key_are_refused_by_both(
    node: Node, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ARC_SESSION_TABLE_NAME", "jwe")
    monkeypatch.setenv("ARC_APP_SECRET", "the-first-secret-of-32-characters")
    req = request(cookie_of(session_write({"a": 1})))
    monkeypatch.setenv("ARC_APP_SECRET", "the-other-secret-of-32-characters")
    assert node.read(req) == {}
    assert session_read(req) == {}


@pytest.mark.parametrize(
    "settings_",
    [
        {"ARC_APP_SECRET": "too-short"},
        {"ARC_APP_SECRET_ALGO": "A128GCM", "ARC_APP_SECRET": "x" * 15},
        {"ARC_APP_SECRET_ALGO": "A512GCM"},
        {"ARC_APP_SECRET_ALGO": "a256gcm"},
    ],
)
def test_configuration_errors_are_raised_by_both(
    node: Node, monkeypatch: pytest.MonkeyPatch, settings_: dict[str, str]
) -> None:
    monkeypatch.setenv("ARC_SESSION_TABLE_NAME", "jwe")
    for name, value in settings_.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(NodeError) as read_error:
        node.read(request())
    with pytest.raises(NodeError) as write_error:
        node.write({})
    assert read_error.value.name == write_error.value.name == "ReferenceError"
    with pytest.raises(ConfigError, match=re.escape(read_error.value.message)):
        session_read(request())
    with pytest.raises(ConfigError, match=re.escape(write_error.value.message)):
        session_write({})


def test_a_weaker_enc_is_accepted_by_node_and_refused_by_python(
    node: Node, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A quirk of Node's (sessions.md §5.3) that Python fixes: the header's `enc` is trusted.
    secret = "0123456789abcdefghijklmnopqrstuv"
    monkeypatch.setenv("ARC_SESSION_TABLE_NAME", "jwe")
    monkeypatch.setenv("ARC_APP_SECRET", secret[:16])
    monkeypatch.setenv("ARC_APP_SECRET_ALGO", "A128GCM")
    req = request(cookie_of(session_write({"a": 1})))
    monkeypatch.setenv("ARC_APP_SECRET", secret)
    monkeypatch.delenv("ARC_APP_SECRET_ALGO")
    assert node.read(req)["a"] == 1
    assert session_read(req) == {}


# Cookie headers of sessions.md §3 in which Node finds the session.
HEADERS = {
    "json-cookie-before": 'prefs={"a":1,"b":[2,3]}; {cookie}',
    "space-in-other-cookie": "msg=hello world; {cookie}",
    "cookie-named-path-before": "path=/x; {cookie}",
    "backslash-in-other-cookie": "sid=a\\b; {cookie}",
    "duplicate-last-wins": "_idx=stale; {cookie}",
    "set-cookie-as-header": "{set_cookie}",
    "no-spaces": "a=1;{cookie};b=2",
}


@pytest.mark.parametrize("shape", list(HEADERS))
def test_both_find_the_session_in_the_same_cookie_headers(
    node: Node, monkeypatch: pytest.MonkeyPatch, shape: str
) -> None:
    monkeypatch.setenv("ARC_SESSION_TABLE_NAME", "jwe")
    set_cookie = session_write({"found": shape})
    header = HEADERS[shape].replace("{cookie}", cookie_of(set_cookie))
    header = header.replace("{set_cookie}", set_cookie)
    for req in (request(header), {"cookies": header.split("; ")}, {"headers": {"Cookie": header}}):
        assert session_read(req) == node.read(req)
        assert session_read(req)["found"] == shape


def test_the_header_wins_over_the_cookies_array_in_both(
    node: Node, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ARC_SESSION_TABLE_NAME", "jwe")
    header, array = cookie_of(session_write({"from": "header"})), session_write({"from": "array"})
    req = request(header, cookies=[cookie_of(array)])
    assert session_read(req)["from"] == node.read(req)["from"] == "header"


def test_a_quoted_value_is_no_session_in_both(node: Node, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ARC_SESSION_TABLE_NAME", "jwe")
    token = cookie_of(session_write({"a": 1})).removeprefix("_idx=")
    req = request(f'_idx="{token}"')
    assert session_read(req) == node.read(req) == {}


SECRETS = st.text(min_size=32, max_size=40).filter(lambda text: "\x00" not in text)


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(secret=SECRETS, enc=st.sampled_from(["A256GCM", "A192GCM", "A128GCM"]))
def test_any_secret_keys_both_alike(
    node: Node, monkeypatch: pytest.MonkeyPatch, secret: str, enc: str
) -> None:
    monkeypatch.setenv("ARC_SESSION_TABLE_NAME", "jwe")
    monkeypatch.setenv("ARC_APP_SECRET", secret)
    monkeypatch.setenv("ARC_APP_SECRET_ALGO", enc)
    req = request(cookie_of(session_write({"secret": secret})))
    assert node.read(req)["secret"] == secret


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    secret=st.text(
        st.characters(min_codepoint=1, max_codepoint=127) | st.sampled_from("жé🔑"), min_size=48
    ).filter(lambda text: len(node_base64_decode(text)) >= 16)
)
def test_any_legacy_secret_keys_both_alike(
    node: Node, monkeypatch: pytest.MonkeyPatch, secret: str
) -> None:
    monkeypatch.setenv("ARC_SESSION_TABLE_NAME", "jwe")
    monkeypatch.setenv("ARC_FORCE_LEGACY_JWE_SECRET", "1")
    monkeypatch.setenv("ARC_APP_SECRET", secret)
    req = request(cookie_of(node.write({"legacy": secret})))
    assert session_read(req)["legacy"] == secret


def test_a_node_cookie_of_the_previous_secret_is_read_after_rotation(
    reloaded_node: Node, monkeypatch: pytest.MonkeyPatch
) -> None:
    old, new = "the-old-secret-before-rotation!!", "the-new-secret-after-rotation!!!"
    monkeypatch.setenv("ARC_ENV", "production")
    monkeypatch.setenv("ARC_SESSION_TABLE_NAME", "jwe")
    monkeypatch.setenv("ARC_APP_SECRET", old)
    cookie = cookie_of(reloaded_node.write({"user": "ada"}))
    monkeypatch.setenv("ARC_APP_SECRET", new)
    assert session_read(request(cookie)) == {}
    monkeypatch.setenv("ARC_APP_SECRET_PREVIOUS", old)
    session = session_read(request(cookie))
    assert session["user"] == "ada"
    # Written again, it is sealed with the new secret, which Node (given only that) reads.
    rewritten = cookie_of(session_write(session))
    monkeypatch.delenv("ARC_APP_SECRET_PREVIOUS")
    assert reloaded_node.read(request(rewritten))["user"] == "ada"
