"""JWE sessions: Node's tokens, keys, lifetime and legacy mode (sessions.md §5)."""

from __future__ import annotations

import json
import logging
import math
import subprocess
import sys
import time
from typing import Any

import pytest
from cryptography.exceptions import InvalidTag
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from arc_core import ConfigError
from arc_http import res
from arc_http._sessions import _jwe, _secret, session_read, session_rotate, session_write
from arc_http._sessions._jwe import node_base64_decode
from tests.arc_http.sessions.conftest import (
    b64url,
    b64url_decode,
    cookie_request,
    seal,
    token_of,
    unseal,
)

# The protected headers node-webtokens writes (sessions.md §5.2).
NODE_HEADERS = {
    "A256GCM": "eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0",
    "A192GCM": "eyJhbGciOiJkaXIiLCJlbmMiOiJBMTkyR0NNIn0",
    "A128GCM": "eyJhbGciOiJkaXIiLCJlbmMiOiJBMTI4R0NNIn0",
}
DEFAULT_KEYS = {
    "A256GCM": b"12345678901234567890123456789012",
    "A192GCM": b"123456789012345678901234",
    "A128GCM": b"1234567890123456",
}
SECRET = "0123456789abcdefghijklmnopqrstuv"
WEEK = 604800


@pytest.fixture
def secret(monkeypatch: pytest.MonkeyPatch) -> bytes:
    monkeypatch.setenv("ARC_SESSION_TABLE_NAME", "jwe")
    monkeypatch.setenv("ARC_APP_SECRET", SECRET)
    return SECRET.encode()


def read_token(token: str) -> dict[str, Any]:
    return session_read({"headers": {"cookie": f"_idx={token}"}})


def test_a_written_session_reads_back_with_its_iat(secret: bytes) -> None:
    before = int(time.time())
    session = session_read(cookie_request(session_write({"user": "ada", "n": [1, {"x": None}]})))
    assert session == {"user": "ada", "n": [1, {"x": None}], "iat": session["iat"]}
    assert before <= session["iat"] <= time.time()


def test_an_empty_session_reads_back_as_just_iat(secret: bytes) -> None:
    assert list(session_read(cookie_request(session_write({})))) == ["iat"]


@pytest.mark.parametrize("enc", ["A256GCM", "A192GCM", "A128GCM"])
def test_tokens_have_node_header_and_layout(monkeypatch: pytest.MonkeyPatch, enc: str) -> None:
    monkeypatch.setenv("ARC_APP_SECRET_ALGO", enc)
    header, key, iv, content, tag = token_of(session_write({"a": 1})).split(".")
    assert header == NODE_HEADERS[enc]
    assert b64url_decode(header) == f'{{"alg":"dir","enc":"{enc}"}}'.encode()
    assert (key, len(iv), len(tag)) == ("", 16, 22)
    assert len(b64url_decode(content)) == len('{"a":1,"iat":1234567890}')


@pytest.mark.parametrize("enc", ["A256GCM", "A192GCM", "A128GCM"])
def test_without_a_secret_the_public_default_key_is_used(
    monkeypatch: pytest.MonkeyPatch, enc: str
) -> None:
    monkeypatch.setenv("ARC_APP_SECRET_ALGO", enc)
    plain = unseal(token_of(session_write({"one": 1})), DEFAULT_KEYS[enc])
    assert plain == f'{{"one":1,"iat":{json.loads(plain)["iat"]}}}'.encode()


def test_an_empty_secret_counts_as_unset(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ARC_APP_SECRET", "")
    assert unseal(token_of(session_write({})), DEFAULT_KEYS["A256GCM"])


def test_the_plaintext_is_node_json(secret: bytes) -> None:
    plain = unseal(token_of(session_write({"n": 1.0, "x": math.nan, "u": "café"})), secret)
    iat = json.loads(plain)["iat"]
    assert plain == f'{{"n":1,"x":null,"u":"café","iat":{iat}}}'.encode()


def test_iat_is_overwritten_in_place_and_the_callers_dict_is_untouched(secret: bytes) -> None:
    session = {"iat": 5, "a": 1}
    plain = unseal(token_of(session_write(session)), secret)
    assert list(json.loads(plain)) == ["iat", "a"]
    assert json.loads(plain)["iat"] > 5
    assert session == {"iat": 5, "a": 1}


def test_unset_ddb_meta_keys_are_left_out_as_node_leaves_out_undefined(secret: bytes) -> None:
    merged = {"_idx": None, "_secret": None, "_ttl": None, "kept": None}
    assert set(session_read(cookie_request(session_write(merged)))) == {"kept", "iat"}


def test_a_secret_longer_than_the_key_is_cut_to_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ARC_APP_SECRET", SECRET + "-and-then-some")
    cookie = session_write({"a": 1})
    monkeypatch.setenv("ARC_APP_SECRET", SECRET)
    assert session_read(cookie_request(cookie))["a"] == 1


@pytest.mark.parametrize(
    ("enc", "secret", "key"),
    [
        # 32 UTF-16 units of Cyrillic are 64 bytes; the key is the first 32.
        ("A256GCM", "ж" * 40, ("ж" * 16).encode()),
        # Unit 32 is half of the emoji: a lone surrogate, which UTF-8 writes as U+FFFD.
        ("A256GCM", "a" * 31 + "🔑", b"a" * 31 + b"\xef"),
        # 8 emoji are 16 units; the key is the UTF-8 of the first 4.
        ("A128GCM", "😀" * 8, ("😀" * 4).encode()),
    ],
)
def test_non_ascii_secrets_are_cut_in_utf16_units_then_bytes(
    monkeypatch: pytest.MonkeyPatch, enc: str, secret: str, key: bytes
) -> None:
    monkeypatch.setenv("ARC_APP_SECRET_ALGO", enc)
    monkeypatch.setenv("ARC_APP_SECRET", secret)
    assert json.loads(unseal(token_of(session_write({"k": "v"})), key))["k"] == "v"


@pytest.mark.parametrize(("enc", "size"), [("A256GCM", 32), ("A192GCM", 24), ("A128GCM", 16)])
def test_a_short_secret_is_a_configuration_error_on_read_and_write(
    monkeypatch: pytest.MonkeyPatch, enc: str, size: int
) -> None:
    monkeypatch.setenv("ARC_APP_SECRET_ALGO", enc)
    monkeypatch.setenv("ARC_APP_SECRET", "x" * (size - 1))
    message = f"Invalid secret length, {enc} must supply a {size} bit ascii key"
    with pytest.raises(ConfigError, match=message):
        session_read({})
    with pytest.raises(ConfigError, match=message):
        session_write({})


def test_a_secret_short_in_utf16_units_is_too_short(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ARC_APP_SECRET_ALGO", "A128GCM")
    monkeypatch.setenv("ARC_APP_SECRET", "ж" * 15)
    with pytest.raises(ConfigError, match="too short"):
        session_write({})


def test_an_unknown_algorithm_is_a_configuration_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ARC_APP_SECRET_ALGO", "A512GCM")
    message = "Invalid token algorithm, must be one of: A256GCM, A192GCM, A128GCM"
    with pytest.raises(ConfigError, match=message):
        session_read({})
    with pytest.raises(ConfigError, match=message):
        session_write({})


@pytest.mark.parametrize(
    ("secret", "key"),
    [
        ("MTIzNDU2Nzg5MDEyMzQ1Ng==", b"1234567890123456"),
        # Node reads `-_` as `+/`, skips `.` and stops at `=`: 28 bytes, the first 16 used.
        (
            "my-legacy-app-secret_with.punctuation+/=",
            bytes.fromhex("9b2fa57a069ccbe6a9a7eb1e72b7adff"),
        ),
    ],
)
def test_legacy_mode_reads_the_secret_as_base64_for_a128gcm(
    monkeypatch: pytest.MonkeyPatch, secret: str, key: bytes
) -> None:
    monkeypatch.setenv("ARC_FORCE_LEGACY_JWE_SECRET", "false")
    monkeypatch.setenv("ARC_APP_SECRET", secret)
    token = token_of(session_write({"legacy": True}))
    assert token.startswith(NODE_HEADERS["A128GCM"] + ".")
    assert json.loads(unseal(token, key))["legacy"] is True
    assert read_token(token)["legacy"] is True


def test_legacy_mode_without_a_secret_uses_the_a128gcm_default(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("ARC_FORCE_LEGACY_JWE_SECRET", "1")
    assert unseal(token_of(session_write({})), DEFAULT_KEYS["A128GCM"])


def test_legacy_mode_needs_a_secret_of_16_bytes_of_base64(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("ARC_FORCE_LEGACY_JWE_SECRET", "1")
    monkeypatch.setenv("ARC_APP_SECRET", "c2hvcnQ=")
    with pytest.raises(ConfigError, match="at least 16 bytes; it gives 5"):
        session_read({})


def test_legacy_mode_still_checks_the_algorithm(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ARC_FORCE_LEGACY_JWE_SECRET", "1")
    monkeypatch.setenv("ARC_APP_SECRET_ALGO", "bogus")
    with pytest.raises(ConfigError, match="Invalid token algorithm"):
        session_write({})


# Buffer.from(text, 'base64').toString('hex') in Node 20.
@pytest.mark.parametrize(
    ("text", "node_hex"),
    [
        ("жжжж", "ebaeba"),
        ("QUJD\ud83dRA", "414243"),
        ("bXkt c2VjcmV0", "6d792d736563726574"),
        ("bXkt-_", "6d792dfb"),
        ("QUJDRA==QUJD", "41424344"),
        ("Q", ""),
        ("QU", "41"),
        ("QUJ", "4142"),
    ],
)
def test_legacy_keys_decode_base64_as_node_does(text: str, node_hex: str) -> None:
    assert node_base64_decode(text).hex() == node_hex


def test_a_token_issued_more_than_a_week_ago_has_expired(secret: bytes) -> None:
    assert read_token(seal({"a": 1, "iat": int(time.time()) - WEEK - 5}, secret)) == {}


def test_a_token_issued_six_days_ago_is_alive(secret: bytes) -> None:
    iat = int(time.time()) - 6 * 86400
    assert read_token(seal({"a": 1, "iat": iat}, secret)) == {"a": 1, "iat": iat}


def test_a_future_iat_is_accepted_as_node_accepts_it(secret: bytes) -> None:
    iat = int(time.time()) + 86400
    assert read_token(seal({"iat": iat}, secret)) == {"iat": iat}


def test_an_iat_node_reads_as_a_number_is_accepted(secret: bytes) -> None:
    iat = str(int(time.time()))
    assert read_token(seal({"iat": iat}, secret)) == {"iat": iat}


@pytest.mark.parametrize("iat", [None, 0, "abc", "", {}, False, "missing"])
def test_a_token_without_a_valid_iat_is_rejected(secret: bytes, iat: Any) -> None:
    payload: dict[str, Any] = {"a": 1} if iat == "missing" else {"a": 1, "iat": iat}
    assert read_token(seal(payload, secret)) == {}


def test_a_past_exp_expires_the_token(secret: bytes) -> None:
    now = int(time.time())
    assert read_token(seal({"iat": now, "exp": now - 1}, secret)) == {}


def test_a_later_exp_does_not_extend_the_week(secret: bytes) -> None:
    now = int(time.time())
    assert read_token(seal({"iat": now - WEEK - 5, "exp": now + 3600}, secret)) == {}


def test_a_user_exp_in_the_past_makes_the_written_session_expired(secret: bytes) -> None:
    assert session_read(cookie_request(session_write({"exp": 1}))) == {}


def tamper(token: str, part: int) -> str:
    parts = token.split(".")
    raw = bytearray(b64url_decode(parts[part]))
    raw[0] ^= 1
    parts[part] = b64url(bytes(raw))
    return ".".join(parts)


@pytest.mark.parametrize("part", [0, 2, 3, 4])
def test_a_tampered_token_starts_a_fresh_session(secret: bytes, part: int) -> None:
    token = token_of(session_write({"admin": False}))
    assert read_token(tamper(token, part)) == {}


def test_a_token_made_with_another_key_starts_a_fresh_session(secret: bytes) -> None:
    assert read_token(seal({"iat": int(time.time())}, b"another-key-of-32-bytes-12345678")) == {}


def test_a_weaker_enc_than_configured_is_refused(secret: bytes) -> None:
    # Node accepts an A128GCM token keyed with the first 16 bytes of an A256GCM key.
    token = seal({"iat": int(time.time())}, secret, enc="A128GCM")
    assert read_token(token) == {}


def test_a_header_other_than_nodes_is_refused(secret: bytes) -> None:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    header = b64url(b'{"alg":"dir","enc":"A256GCM","zip":"DEF"}')
    iv = b"\x00" * 12
    sealed = AESGCM(secret).encrypt(iv, b'{"iat":1}', header.encode())
    token = f"{header}..{b64url(iv)}.{b64url(sealed[:-16])}.{b64url(sealed[-16:])}"
    assert read_token(token) == {}


def test_an_encrypted_key_part_is_refused_for_dir(secret: bytes) -> None:
    header, _, iv, content, tag = seal({"iat": int(time.time())}, secret).split(".")
    assert read_token(f"{header}.AAAA.{iv}.{content}.{tag}") == {}


def test_a_signed_but_unencrypted_jws_is_refused(secret: bytes) -> None:
    import hashlib
    import hmac

    signing_input = b64url(b'{"alg":"HS256","typ":"JWT"}') + "." + b64url(b'{"admin":true}')
    mac = hmac.digest(secret, signing_input.encode(), hashlib.sha256)
    assert read_token(f"{signing_input}.{b64url(mac)}") == {}


@pytest.mark.parametrize(
    "plain", [b"[1,2]", b'"text"', b"null", b'{"iat":NaN}', b"{nope", b"\xff\xfe", b"[" * 5000]
)
def test_a_payload_that_is_not_a_json_object_starts_a_fresh_session(
    secret: bytes, plain: bytes
) -> None:
    assert read_token(seal(plain, secret)) == {}


@pytest.mark.parametrize(
    "token",
    ["", "garbage", "a.b.c.d.e", "....", NODE_HEADERS["A256GCM"] + "..x.y.z", "%E0%A4%A"],
)
def test_garbage_starts_a_fresh_session(secret: bytes, token: str) -> None:
    assert read_token(token) == {}


def test_no_cookie_is_an_empty_session(secret: bytes) -> None:
    assert session_read({"headers": {}}) == {}


@settings(max_examples=300)
@given(st.text())
def test_any_cookie_header_gives_a_session_and_never_raises(header: str) -> None:
    assert session_read({"headers": {"cookie": header}}) == {}


# Base64url characters, and a few that do not belong there.
_B64URL_CHARS = st.sampled_from(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_+/=.%é"
)


def _part(length: int) -> st.SearchStrategy[str]:
    """Any text of these characters, or exactly `length` of them (the length Node writes)."""
    return st.text(_B64URL_CHARS) | st.text(_B64URL_CHARS, min_size=length, max_size=length)


@settings(max_examples=300, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    key=st.sampled_from(["", "AAAA"]), iv=_part(16), content=st.text(_B64URL_CHARS), tag=_part(22)
)
def test_tokens_with_nodes_header_and_arbitrary_parts_never_raise(
    secret: bytes, key: str, iv: str, content: str, tag: str
) -> None:
    assert read_token(".".join((NODE_HEADERS["A256GCM"], key, iv, content, tag))) == {}


JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**53), 2**53)
    | st.floats(allow_nan=False)
    | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=12,
)


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.dictionaries(st.text().filter(lambda key: key != "iat"), JSON_VALUES, max_size=6))
def test_any_json_session_reads_back_as_node_json(secret: bytes, payload: dict[str, Any]) -> None:
    from arc_core import dumps

    session = session_read(cookie_request(session_write(payload)))
    assert dumps(session) == dumps({**payload, "iat": session["iat"]})


@pytest.mark.parametrize("env", ["staging", "production"])
@pytest.mark.parametrize("secret", [None, *(key.decode() for key in DEFAULT_KEYS.values())])
def test_a_deployed_app_without_its_own_secret_fails_closed(
    monkeypatch: pytest.MonkeyPatch, env: str, secret: str | None
) -> None:
    monkeypatch.setenv("ARC_ENV", env)
    if secret is not None:
        monkeypatch.setenv("ARC_APP_SECRET", secret)
    with pytest.raises(ConfigError, match=f"npx arc env --add --env {env} ARC_APP_SECRET"):
        session_write({})
    with pytest.raises(ConfigError, match="ARC_APP_SECRET"):
        session_read({})
    with pytest.raises(ConfigError, match="ARC_APP_SECRET"):
        res({}, {"session": {"user": "ada"}})


def test_the_unsafe_opt_out_uses_nodes_default_key_and_logs_one_warning(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(_secret, "_warned", False)
    monkeypatch.setenv("ARC_ENV", "staging")
    monkeypatch.setenv("ARC_UNSAFE_DEFAULT_SECRET", "true")
    with caplog.at_level(logging.WARNING, logger="arc_http"):
        token = token_of(session_write({"n": 1}))
        session_read({})
    assert unseal(token, DEFAULT_KEYS["A256GCM"])
    warnings = [record for record in caplog.records if record.name == "arc_http"]
    assert len(warnings) == 1
    assert "ARC_UNSAFE_DEFAULT_SECRET is set" in warnings[0].getMessage()


def test_a_cookie_sealed_with_the_previous_secret_is_read_and_rewritten_with_the_current(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("ARC_ENV", "production")
    old_secret, new_secret = "o" * 32, "n" * 32
    monkeypatch.setenv("ARC_APP_SECRET", old_secret)
    cookie = session_write({"user": "ada"})
    monkeypatch.setenv("ARC_APP_SECRET", new_secret)
    assert session_read(cookie_request(cookie)) == {}
    monkeypatch.setenv("ARC_APP_SECRET_PREVIOUS", old_secret)
    assert session_read(cookie_request(cookie))["user"] == "ada"
    rewritten = token_of(session_write(session_read(cookie_request(cookie))))
    assert unseal(rewritten, new_secret.encode())
    with pytest.raises(InvalidTag):
        unseal(rewritten, old_secret.encode())


def test_session_rotate_returns_a_jwe_session_unchanged() -> None:
    session = {"user": "ada", "iat": 1}
    assert session_rotate(session) == session


@pytest.mark.parametrize(("env", "secret"), [("testing", None), ("production", SECRET)])
def test_no_warning_in_testing_or_with_a_secret(
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    env: str,
    secret: str | None,
) -> None:
    monkeypatch.setattr(_secret, "_warned", False)
    monkeypatch.setenv("ARC_ENV", env)
    if secret is not None:
        monkeypatch.setenv("ARC_APP_SECRET", secret)
    with caplog.at_level(logging.WARNING, logger="arc_http"):
        session_write({})
    assert not [record for record in caplog.records if record.name == "arc_http"]


def test_a_cookie_browsers_would_drop_logs_one_warning(
    secret: bytes, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(_jwe, "_warned_size", False)
    with caplog.at_level(logging.WARNING, logger="arc_http"):
        session_write({"notes": "x" * 2900})
        assert not caplog.records
        big = session_write({"notes": "x" * 3100})
        session_write({"notes": "x" * 3100})
    expected = f"a JWE session cookie of {len(big.split(';')[0])} characters"
    assert [record.getMessage()[: len(expected)] for record in caplog.records] == [expected]
    assert session_read(cookie_request(big))["notes"] == "x" * 3100


def run_python(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )


def test_without_cryptography_jwe_names_the_extra_to_install() -> None:
    result = run_python(
        "import sys; sys.modules['cryptography'] = None\n"
        "from arc_core import MissingDependencyError\n"
        "from arc_http._sessions import session_write\n"
        "try:\n    session_write({})\n"
        "except MissingDependencyError as err:\n    print(err)\n"
    )
    assert "pip install 'arc-http[jwe]'" in result.stdout, result.stderr


def test_importing_sessions_loads_no_crypto_aws_or_json() -> None:
    result = run_python(
        "import sys, arc_http._sessions\n"
        "heavy = {'cryptography', 'boto3', 'botocore', 'json', 'hashlib', 'arc_tables'}\n"
        "print(sorted(heavy & set(sys.modules)))"
    )
    assert result.stdout.strip() == "[]", result.stderr


def test_a_jwe_session_loads_cryptography_but_not_boto3() -> None:
    result = run_python(
        "import sys\nfrom arc_http._sessions import session_read\nsession_read({})\n"
        "print('cryptography' in sys.modules, 'boto3' in sys.modules, 'arc_tables' in sys.modules)"
    )
    assert result.stdout.split() == ["True", "False", "False"], result.stderr
