"""`csrf.create` / `csrf.verify`: Node's token shape, signed over the expiry, bound to data."""

from __future__ import annotations

import logging
import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from arc_core import ConfigError
from arc_http import csrf

SECRET = "a-csrf-test-secret-that-is-long-enough"
# Text with every code point, lone surrogates included (hypothesis leaves them out by default).
ANY_TEXT = st.text(st.characters(blacklist_categories=()))

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


def test_the_token_is_nonce_expiry_signature() -> None:
    nonce, ts, signature = csrf.create(None, 123).split(".")
    assert len(nonce) == 32
    int(nonce, 16)
    assert ts == "123"
    assert signature


def test_the_data_is_bound_not_carried() -> None:
    token = csrf.create("session-secret", future_ms())
    assert "session-secret" not in token
    assert len(token.split(".")) == 3


def test_the_expiry_is_five_minutes_by_default() -> None:
    before = int(time.time() * 1000)
    _, ts, _ = csrf.create().split(".")
    assert before + csrf.TOKEN_LIFETIME_MS <= int(ts) <= before + csrf.TOKEN_LIFETIME_MS + 5000


@pytest.mark.parametrize("token", [NODE_TAMPERED, NODE_EXPIRED])
def test_nodes_expired_tokens_are_false(token: str) -> None:
    assert csrf.verify(token) is False


def test_an_expired_token_is_false() -> None:
    assert csrf.verify(csrf.create(None, int(time.time() * 1000) - 1)) is False
    assert csrf.verify(csrf.create("foo", int(time.time() * 1000) - 1), "foo") is False


def test_editing_the_expiry_breaks_the_signature() -> None:
    # Node signs only the data, so this token verifies there.
    nonce, _, signature = csrf.create(None, future_ms()).split(".")
    assert csrf.verify(f"{nonce}.{future_ms(3600)}.{signature}") is False


def test_editing_the_nonce_breaks_the_signature() -> None:
    _, ts, signature = csrf.create(None, future_ms()).split(".")
    assert csrf.verify(f"{'0' * 32}.{ts}.{signature}") is False


def test_a_token_made_for_data_verifies_only_with_that_data() -> None:
    token = csrf.create("visitor-a", future_ms())
    assert csrf.verify(token, "visitor-a") is True
    assert csrf.verify(token, "visitor-b") is False
    assert csrf.verify(token, "") is False
    assert csrf.verify(token) is False


def test_a_token_made_without_data_does_not_verify_for_data() -> None:
    token = csrf.create()
    assert csrf.verify(token) is True
    assert csrf.verify(token, "visitor-a") is False


@given(ANY_TEXT, ANY_TEXT)
def test_bound_tokens_verify_for_their_own_data_only(data: str, other: str) -> None:
    token = csrf.create(data, future_ms())
    assert csrf.verify(token, data) is True
    assert csrf.verify(token, other) is (other == data)


def test_data_must_be_text_to_create_and_anything_else_verifies_false() -> None:
    with pytest.raises(TypeError, match="str"):
        csrf.create(5)  # type: ignore[arg-type]
    assert csrf.verify(csrf.create("5"), 5) is False


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
    from arc_http._csrf import _secrets, _signer

    signed = _signer(_secrets()[0]).sign("foo.abc").decode()
    assert signed.startswith("foo.abc.")
    assert csrf.verify(signed) is False


def test_data_may_contain_dots_and_lone_surrogates() -> None:
    assert csrf.verify(csrf.create("a.b.c", future_ms()), "a.b.c")
    assert csrf.verify(csrf.create("\ud800x", future_ms()), "\ud800x")


def test_a_token_with_a_lone_surrogate_or_of_100_kb_is_false() -> None:
    token = csrf.create()
    assert csrf.verify(token[:-1] + "\udc80") is False
    assert csrf.verify(token + "x" * 100_000) is False
    assert csrf.verify("\ud800") is False


def test_the_secret_is_arc_app_secret_then_the_app_name(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ARC_APP_SECRET", "one")
    token = csrf.create("foo", future_ms())
    monkeypatch.setenv("ARC_APP_SECRET", "two")
    assert csrf.verify(token, "foo") is False
    monkeypatch.delenv("ARC_APP_SECRET")
    monkeypatch.setenv("ARC_APP_NAME", "myapp")
    by_name = csrf.create("foo", future_ms())
    monkeypatch.setenv("ARC_APP_NAME", "other")
    assert csrf.verify(by_name, "foo") is False


def test_tokens_of_the_previous_secret_verify_and_new_ones_use_the_current(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("ARC_ENV", "production")
    monkeypatch.setenv("ARC_APP_SECRET", "the-old-secret-of-this-csrf-test!")
    old = csrf.create("visitor", future_ms())
    monkeypatch.setenv("ARC_APP_SECRET", SECRET)
    assert csrf.verify(old, "visitor") is False
    monkeypatch.setenv("ARC_APP_SECRET_PREVIOUS", "the-old-secret-of-this-csrf-test!")
    assert csrf.verify(old, "visitor") is True
    new = csrf.create("visitor", future_ms())
    monkeypatch.delenv("ARC_APP_SECRET_PREVIOUS")
    assert csrf.verify(new, "visitor") is True


@pytest.mark.parametrize("secret", [None, "", "fallback", "12345678901234567890123456789012"])
@pytest.mark.parametrize("env", ["staging", "production"])
def test_a_deployed_app_without_its_own_secret_fails_closed(
    monkeypatch: pytest.MonkeyPatch, env: str, secret: str | None
) -> None:
    monkeypatch.setenv("ARC_ENV", env)
    monkeypatch.setenv("ARC_APP_NAME", "myapp")
    if secret is not None:
        monkeypatch.setenv("ARC_APP_SECRET", secret)
    with pytest.raises(ConfigError, match=f"npx arc env --add --env {env} ARC_APP_SECRET"):
        csrf.create()
    with pytest.raises(ConfigError, match="ARC_UNSAFE_DEFAULT_SECRET"):
        csrf.verify("anything")


def test_a_public_previous_secret_fails_closed_too(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ARC_ENV", "production")
    monkeypatch.setenv("ARC_APP_SECRET", SECRET)
    monkeypatch.setenv("ARC_APP_SECRET_PREVIOUS", "fallback")
    with pytest.raises(ConfigError, match="ARC_APP_SECRET_PREVIOUS is a public default"):
        csrf.verify("anything")


def test_the_unsafe_opt_out_uses_nodes_defaults_and_warns_once(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    from arc_http._sessions import _secret

    monkeypatch.setattr(_secret, "_warned", False)
    monkeypatch.setenv("ARC_ENV", "production")
    monkeypatch.setenv("ARC_APP_NAME", "myapp")
    monkeypatch.setenv("ARC_UNSAFE_DEFAULT_SECRET", "true")
    with caplog.at_level(logging.WARNING, logger="arc_http"):
        assert csrf.verify(csrf.create())
        csrf.create()
    warnings = [record for record in caplog.records if "public default" in record.message]
    assert len(warnings) == 1


def test_the_opt_out_takes_true_and_nothing_vaguer(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ARC_ENV", "production")
    monkeypatch.setenv("ARC_UNSAFE_DEFAULT_SECRET", "no")
    with pytest.raises(ConfigError, match="set it to true"):
        csrf.create()


@given(
    ANY_TEXT | st.binary() | st.integers() | st.none() | st.lists(st.integers()),
    st.none() | ANY_TEXT | st.integers(),
)
def test_verify_never_raises(token: object, data: object) -> None:
    assert csrf.verify(token, data) in (True, False)


def test_only_the_exact_spelling_of_the_signature_verifies() -> None:
    # base64 decoding ignores the low bits of the last character, so a decoded compare
    # would also accept other final characters for the very same signature bytes.
    token = csrf.create()
    head, last = token[:-1], token[-1]
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    others = [head + char for char in alphabet if char != last]
    assert csrf.verify(token)
    assert not any(csrf.verify(other) for other in others)
