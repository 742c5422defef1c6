"""`csrf.create` / `csrf.verify`: Node's token shape, signed over the expiry."""

from __future__ import annotations

import logging
import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from arc_http import csrf

# Node's own test tokens (test/unit/src/http/csrf/create-and-verify-test.js).
NODE_TAMPERED = (
    "3d879d515ab241429c97dfea6d1e1927.1584118407000."
    "b0b34563d569030cbe9a4ea63312f23729813b838478420e3811c0bfeaf3add1"
)
NODE_EXPIRED = (
    "3d879d515ab241419c97dfea6d1e1927.1584118407000."
    "b0b34563d569030cbe9a4ea63312f23729813b838478420e3811c0bfeaf3add1"
)


def future_ms(seconds: int = 60) -> int:
    return int(time.time() * 1000) + seconds * 1000


def test_a_created_token_verifies() -> None:
    assert csrf.verify(csrf.create())


def test_the_token_is_data_expiry_signature() -> None:
    data, ts, signature = csrf.create("foo", 123).split(".")
    assert (data, ts) == ("foo", "123")
    assert signature


def test_the_default_data_is_32_hex_characters_and_expiry_five_minutes() -> None:
    before = int(time.time() * 1000)
    data, ts, _ = csrf.create().split(".")
    assert len(data) == 32
    int(data, 16)
    assert before + csrf.TOKEN_LIFETIME_MS <= int(ts) <= before + csrf.TOKEN_LIFETIME_MS + 5000


@pytest.mark.parametrize("token", [NODE_TAMPERED, NODE_EXPIRED])
def test_nodes_expired_tokens_are_false(token: str) -> None:
    assert csrf.verify(token) is False


def test_an_expired_token_is_false() -> None:
    assert csrf.verify(csrf.create("foo", int(time.time() * 1000) - 1)) is False


def test_editing_the_expiry_breaks_the_signature() -> None:
    # Node signs only the data, so this token verifies there.
    data, _, signature = csrf.create("foo", future_ms()).split(".")
    assert csrf.verify(f"{data}.{future_ms(3600)}.{signature}") is False


def test_editing_the_data_breaks_the_signature() -> None:
    _, ts, signature = csrf.create("foo", future_ms()).split(".")
    assert csrf.verify(f"bar.{ts}.{signature}") is False


@pytest.mark.parametrize(
    "token",
    [
        *(None, 5, "", "foo", "foo.123", "a.b.c"),
        *("foo.abc.sig", "foo.-1.sig", "foo.1e99.sig", f"foo.{'9' * 5000}.sig"),
    ],
)
def test_malformed_tokens_are_false(token: object) -> None:
    assert csrf.verify(token) is False


def test_a_non_numeric_expiry_is_false_even_with_a_valid_signature() -> None:
    from arc_http._csrf import _secret, _signer

    signed = _signer(_secret()).sign("foo.abc").decode()
    assert signed.startswith("foo.abc.")
    assert csrf.verify(signed) is False


def test_data_may_contain_dots() -> None:
    assert csrf.verify(csrf.create("a.b.c", future_ms()))


def test_the_secret_is_arc_app_secret_then_the_app_name(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ARC_APP_SECRET", "one")
    token = csrf.create("foo", future_ms())
    monkeypatch.setenv("ARC_APP_SECRET", "two")
    assert csrf.verify(token) is False
    monkeypatch.delenv("ARC_APP_SECRET")
    monkeypatch.setenv("ARC_APP_NAME", "myapp")
    by_name = csrf.create("foo", future_ms())
    monkeypatch.setenv("ARC_APP_NAME", "other")
    assert csrf.verify(by_name) is False


def test_a_missing_secret_outside_testing_warns_once(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    from arc_http._sessions import _secret

    monkeypatch.setattr(_secret, "_warned", False)
    monkeypatch.setenv("ARC_ENV", "production")
    monkeypatch.setenv("ARC_APP_NAME", "myapp")
    with caplog.at_level(logging.WARNING, logger="arc_http"):
        csrf.verify(csrf.create())
        csrf.create()
    warnings = [record for record in caplog.records if "ARC_APP_SECRET" in record.message]
    assert len(warnings) == 1


@given(st.text() | st.binary() | st.integers() | st.none())
def test_verify_never_raises(token: object) -> None:
    assert csrf.verify(token) in (True, False)


def test_only_the_exact_spelling_of_the_signature_verifies() -> None:
    # base64 decoding ignores the low bits of the last character, so a decoded compare
    # would also accept other final characters for the very same signature bytes.
    token = csrf.create()
    head, last = token[:-1], token[-1]
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    others = [head + char for char in alphabet if char != last]
    assert csrf.verify(token)
    assert not any(csrf.verify(other) for other in others)
