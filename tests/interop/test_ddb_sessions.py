"""DynamoDB sessions, both ways, against the real Node `@architect/functions` and moto."""

from __future__ import annotations

import json
from typing import Any

import pytest

from arc_core import aws_client, dumps
from arc_http._sessions import session_read, session_write
from tests.interop.conftest import Node, cookie_of, request

# Payloads a DynamoDB row holds (no empty attribute names, numbers within ±(2**53 - 1)).
PAYLOADS: dict[str, dict[str, Any]] = {
    "unicode": {"text": "café ж 中 𝄞🔑 👩\u200d👩\u200d👧 \u2028 \ufeff", "ключ": "значение"},
    "nested": {"a": {"b": {"c": [1, [2, [3, {"d": None}]]]}}, "list": [{}, [], "x"]},
    "numbers": {"max": 2**53 - 1, "min": -(2**53 - 1), "zero": 0, "negative": -42},
    "floats": {"float": 0.1, "small": 1e-7, "negative": -2.5e-3, "whole": 3.0, "big": 1.5e15},
    "literals": {"yes": True, "no": False, "nothing": None},
}


def same(python: dict[str, Any], node: dict[str, Any]) -> bool:
    """Equal as JavaScript sees them (1.0 and 1 are one number)."""
    return json.loads(dumps(python)) == node


def test_python_reads_the_session_node_creates(session_table: str, reloaded_node: Node) -> None:
    created = reloaded_node.read(request())
    assert set(created) == {"_idx", "_secret", "_ttl"}
    req = request(cookie_of(reloaded_node.write({**created, "user": "ada"})))
    python = session_read(req)
    assert python == {**created, "user": "ada", "_ttl": python["_ttl"]}
    assert same(python, reloaded_node.read(req))


def test_node_reads_the_session_python_creates(session_table: str, reloaded_node: Node) -> None:
    created = session_read(request())
    req = request(cookie_of(session_write({**created, "user": "ada"})))
    from_node = reloaded_node.read(req)
    assert from_node == {**created, "user": "ada", "_ttl": from_node["_ttl"]}
    assert same(session_read(req), from_node)


@pytest.mark.parametrize("payload", list(PAYLOADS))
def test_node_reads_python_payloads(session_table: str, reloaded_node: Node, payload: str) -> None:
    session = {**session_read(request()), **PAYLOADS[payload]}
    req = request(cookie_of(session_write(session)))
    from_node = reloaded_node.read(req)
    assert same({**session, "_ttl": from_node["_ttl"]}, from_node)


@pytest.mark.parametrize("payload", list(PAYLOADS))
def test_python_reads_node_payloads(session_table: str, reloaded_node: Node, payload: str) -> None:
    session = {**reloaded_node.read(request()), **json.loads(dumps(PAYLOADS[payload]))}
    req = request(cookie_of(reloaded_node.write(session)))
    python = session_read(req)
    assert same(python, {**session, "_ttl": python["_ttl"]})
    assert same(python, reloaded_node.read(req))


def test_sixteen_python_sessions_all_read_in_node(session_table: str, reloaded_node: Node) -> None:
    # About half of all signatures hold a `/`, which 1.0.0 wrote quoted and Node then lost.
    slashes = 0
    for _ in range(16):
        created = session_read(request())
        set_cookie = session_write({**created, "n": 1})
        slashes += "%2F" in cookie_of(set_cookie)
        assert reloaded_node.read(request(cookie_of(set_cookie)))["_idx"] == created["_idx"]
    assert slashes >= 1


def test_both_write_the_same_set_cookie(session_table: str, reloaded_node: Node) -> None:
    session = session_read(request())
    python, node = session_write(session), reloaded_node.write(session)
    assert python.split("; Expires=")[0] == node.split("; Expires=")[0]
    assert python.split("; HttpOnly")[1] == node.split("; HttpOnly")[1]


@pytest.mark.parametrize(
    "signing", [{"ARC_APP_NAME": "my-app"}, {}], ids=["app-name-secret", "fallback-secret"]
)
def test_with_the_unsafe_opt_out_both_sign_with_the_same_secret_fallbacks(
    session_table: str,
    reloaded_node: Node,
    monkeypatch: pytest.MonkeyPatch,
    signing: dict[str, str],
) -> None:
    monkeypatch.delenv("ARC_APP_SECRET")
    # A deployed app shares Node's public fallbacks only when it says so.
    monkeypatch.setenv("ARC_UNSAFE_DEFAULT_SECRET", "true")
    for name, value in signing.items():
        monkeypatch.setenv(name, value)
    session = session_read(request())
    assert cookie_of(session_write(session)) == cookie_of(reloaded_node.write(session))


def test_both_accept_the_physical_table_name(
    session_table: str, reloaded_node: Node, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ARC_SESSION_TABLE_NAME", session_table)
    created = reloaded_node.read(request())
    req = request(cookie_of(reloaded_node.write({**created, "physical": True})))
    assert session_read(req)["physical"] is True


def test_a_row_without_secret_is_a_new_session_in_both(
    session_table: str, reloaded_node: Node
) -> None:
    bare = {"_idx": {"S": "bare"}, "user": {"S": "ada"}}
    aws_client("dynamodb").put_item(TableName=session_table, Item=bare)
    req = request(cookie_of(session_write({"_idx": "bare"})))
    aws_client("dynamodb").put_item(TableName=session_table, Item=bare)
    assert reloaded_node.read(req)["_idx"] != "bare"
    assert session_read(req)["_idx"] != "bare"


@pytest.mark.parametrize(
    "cookie",
    ["_idx=bare", "_idx=bare.c2lnbmF0dXJl", "_idx=", '_idx="quoted"', "other=1"],
)
def test_a_bad_cookie_is_a_new_session_in_both(
    session_table: str, reloaded_node: Node, cookie: str
) -> None:
    for session in (reloaded_node.read(request(cookie)), session_read(request(cookie))):
        assert set(session) == {"_idx", "_secret", "_ttl"}
        assert len(session["_idx"]) == 24


def test_a_raw_unencoded_cookie_value_is_read_by_both(
    session_table: str, reloaded_node: Node
) -> None:
    created = session_read(request())
    from urllib.parse import unquote

    raw = unquote(cookie_of(session_write({**created, "raw": True})))
    assert reloaded_node.read(request(raw))["raw"] is True
    assert session_read(request(raw))["raw"] is True


def test_the_v2_cookies_array_carries_the_session_in_both(
    session_table: str, reloaded_node: Node
) -> None:
    created = reloaded_node.read(request())
    req = {"version": "2.0", "cookies": ["a=1", cookie_of(reloaded_node.write(created))]}
    assert session_read(req)["_idx"] == reloaded_node.read(req)["_idx"] == created["_idx"]


def test_a_node_cookie_of_the_previous_secret_is_read_after_rotation(
    session_table: str, reloaded_node: Node, monkeypatch: pytest.MonkeyPatch
) -> None:
    old, new = "the-old-secret-before-rotation!!", "the-new-secret-after-rotation!!!"
    monkeypatch.setenv("ARC_APP_SECRET", old)
    created = reloaded_node.read(request())
    cookie = cookie_of(reloaded_node.write({**created, "user": "ada"}))
    monkeypatch.setenv("ARC_APP_SECRET", new)
    assert "user" not in session_read(request(cookie))
    monkeypatch.setenv("ARC_APP_SECRET_PREVIOUS", old)
    session = session_read(request(cookie))
    assert session["user"] == "ada"
    rewritten = cookie_of(session_write(session))
    monkeypatch.delenv("ARC_APP_SECRET_PREVIOUS")
    assert reloaded_node.read(request(rewritten))["user"] == "ada"
