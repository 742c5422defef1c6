"""Set-Cookie attribute by attribute, and the parsers under it, against the real Node."""

from __future__ import annotations

import math
import time
from email.utils import parsedate_to_datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from arc_core import ArcError, js_number
from arc_http._sessions import session_write
from arc_http._sessions._cookies import cookie_value
from arc_http._sessions._ddb import sign, unsign
from arc_http._sessions._js import string_to_number
from arc_http._sessions._jwe import node_base64_decode
from tests.interop.conftest import Node, NodeError, NodeProcess

# Settings of sessions.md §4, each written by both libraries.
SETTINGS: dict[str, dict[str, str]] = {
    "arc-env-unset": {},
    "testing": {"ARC_ENV": "testing"},
    "staging": {"ARC_ENV": "staging"},
    "production": {"ARC_ENV": "production"},
    "samesite-none": {"ARC_SESSION_SAME_SITE": "none"},
    "samesite-strict": {"ARC_SESSION_SAME_SITE": "strict", "ARC_ENV": "production"},
    "samesite-upper": {"ARC_SESSION_SAME_SITE": "STRICT"},
    "samesite-empty": {"ARC_SESSION_SAME_SITE": ""},
    "domain": {"ARC_SESSION_DOMAIN": ".example.com", "ARC_ENV": "staging"},
    "legacy-domain": {"SESSION_DOMAIN": "sub.example.org"},
    "both-domains": {"ARC_SESSION_DOMAIN": "arc.example", "SESSION_DOMAIN": "legacy.example"},
    "ttl": {"ARC_SESSION_TTL": "3600"},
    "legacy-ttl": {"SESSION_TTL": "120"},
    "ttl-spaces": {"ARC_SESSION_TTL": " 60 "},
    "ttl-exponent": {"ARC_SESSION_TTL": "1e3"},
    "ttl-hex": {"ARC_SESSION_TTL": "0x10"},
    "ttl-trailing-dot": {"ARC_SESSION_TTL": "5."},
    "ttl-zero": {"ARC_SESSION_TTL": "0"},
    "ttl-negative": {"ARC_SESSION_TTL": "-1"},
    "ttl-negative-zero": {"ARC_SESSION_TTL": "-0"},
    "ttl-blank": {"ARC_SESSION_TTL": "  "},
    "ttl-empty": {"ARC_SESSION_TTL": ""},
    "everything": {
        "ARC_ENV": "production",
        "ARC_SESSION_TTL": "86400",
        "ARC_SESSION_DOMAIN": "example.com",
        "ARC_SESSION_SAME_SITE": "None",
    },
}

# Settings both libraries refuse (Node throws, Python raises ConfigError).
INVALID: dict[str, dict[str, str]] = {
    "ttl-fraction": {"ARC_SESSION_TTL": "3600.5"},
    "ttl-word": {"ARC_SESSION_TTL": "abc"},
    "ttl-infinity": {"ARC_SESSION_TTL": "Infinity"},
    "ttl-beyond-dates": {"ARC_SESSION_TTL": "8640000000000"},
    "samesite-bogus": {"ARC_SESSION_SAME_SITE": "sometimes"},
    "domain-bad": {"ARC_SESSION_DOMAIN": "bad_domain!"},
    "domain-long-s": {"ARC_SESSION_DOMAIN": "\u017f.example"},
}


# Locally (ARC_ENV=testing) a DynamoDB session needs the sandbox; the cookie attributes
# are the same code for both providers, and the JWE cases cover testing.
CASES = [
    (provider, name)
    for provider in ("jwe", "sessions")
    for settings_ in (SETTINGS, INVALID)
    for name in settings_
    if provider == "jwe" or settings_[name].get("ARC_ENV") != "testing"
]


def use_provider(request: pytest.FixtureRequest, provider: str) -> None:
    if provider == "sessions":
        request.getfixturevalue("session_table")
    else:
        monkeypatch = request.getfixturevalue("monkeypatch")
        monkeypatch.setenv("ARC_SESSION_TABLE_NAME", "jwe")
        # Deployed apps must have a secret of their own (Python fails closed without one).
        monkeypatch.setenv("ARC_APP_SECRET", "an-interop-secret-32-characters!")


def write_both(node: Node) -> tuple[list[str], list[str]]:
    session = {"_idx": "abcdefghijklmnopqrstuvwx", "a": 1}
    return session_write(session).split("; "), node.write(session).split("; ")


@pytest.mark.parametrize(("provider", "name"), [case for case in CASES if case[1] in SETTINGS])
def test_both_write_the_same_attributes_in_the_same_order(
    request: pytest.FixtureRequest,
    reloaded_node: Node,
    monkeypatch: pytest.MonkeyPatch,
    provider: str,
    name: str,
) -> None:
    use_provider(request, provider)
    for variable, value in SETTINGS[name].items():
        monkeypatch.setenv(variable, value)
    python, node = write_both(reloaded_node)
    assert [part.split("=")[0] for part in python] == [part.split("=")[0] for part in node]
    for ours, theirs in zip(python, node, strict=True):
        if ours.startswith("Expires="):
            gap = parsedate_to_datetime(ours[8:]) - parsedate_to_datetime(theirs[8:])
            assert abs(gap.total_seconds()) <= 2
        elif ours.startswith("_idx=") and provider == "jwe":
            assert ours.split(".")[0] == theirs.split(".")[0]
        else:
            assert ours == theirs


@pytest.mark.parametrize(("provider", "name"), [case for case in CASES if case[1] in INVALID])
def test_both_refuse_the_same_invalid_settings(
    request: pytest.FixtureRequest,
    reloaded_node: Node,
    monkeypatch: pytest.MonkeyPatch,
    provider: str,
    name: str,
) -> None:
    use_provider(request, provider)
    for variable, value in INVALID[name].items():
        monkeypatch.setenv(variable, value)
    session = {"_idx": "abcdefghijklmnopqrstuvwx"}
    with pytest.raises(NodeError):
        reloaded_node.write(session)
    with pytest.raises(ArcError):
        session_write(session)


def test_expires_is_max_age_from_now_in_both(node: Node, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ARC_SESSION_TABLE_NAME", "jwe")
    monkeypatch.setenv("ARC_SESSION_TTL", "-86400")
    python, from_node = write_both(node)
    for attributes in (python, from_node):
        expires = parsedate_to_datetime(attributes[3].removeprefix("Expires="))
        assert abs(expires.timestamp() - (time.time() - 86400)) <= 2


# Characters that make cookie headers interesting: separators, quotes, percents, spaces.
_HEADER_PARTS = st.lists(
    st.one_of(
        st.text(),
        st.text(st.sampled_from('_idx=;% \t"\\ab%2F%E0%41\u00a0\ufeff\u2028')),
        st.builds(lambda value: "_idx=" + value, st.text()),
    ),
    max_size=6,
)


@settings(max_examples=500)
@given(st.tuples(_HEADER_PARTS, st.sampled_from([";", "; ", " ; ", ";;"])))
def test_both_find_the_same_idx_in_any_cookie_header(
    node_process: NodeProcess, parts: tuple[list[str], str]
) -> None:
    pieces, separator = parts
    header = separator.join(pieces)
    assert cookie_value({"headers": {"cookie": header}}) == node_process.call("idx", header=header)


def js_string(number: float) -> str:
    """JavaScript's String(number)."""
    if math.isnan(number):
        return "NaN"
    if math.isinf(number):
        return "Infinity" if number > 0 else "-Infinity"
    return js_number(number)


_NUMBERISH = st.text(st.sampled_from("0123456789xXoObBeE+-._ \t\n\u00a0\ufeff\u180eIinfty"))


@settings(max_examples=500)
@given(st.one_of(_NUMBERISH, st.text()))
def test_both_read_numbers_alike(node_process: NodeProcess, text: str) -> None:
    assert js_string(string_to_number(text)) == node_process.call("number", text=text)


@settings(max_examples=500)
@given(st.text(st.characters(min_codepoint=0, max_codepoint=0xFFFF)))
def test_both_decode_lenient_base64_alike(node_process: NodeProcess, text: str) -> None:
    node_hex = node_process.call("base64", text=text)
    assert node_base64_decode(text) == bytes.fromhex(node_hex)


@settings(max_examples=300)
@given(value=st.text(), secret=st.text(min_size=1))
def test_both_sign_alike(node_process: NodeProcess, value: str, secret: str) -> None:
    signed = node_process.call("sign", value=value, secret=secret)
    assert sign(value, secret) == signed
    assert unsign(signed, secret) == value
    tampered = signed[:-1] + ("A" if signed[-1] != "A" else "B")
    assert node_process.call("unsign", value=tampered, secret=secret) is False
    assert unsign(tampered, secret) is None


@settings(max_examples=300)
@given(st.text())
def test_both_refuse_arbitrary_signed_values(node_process: NodeProcess, text: str) -> None:
    from_node = node_process.call("unsign", value=text, secret="fallback")
    assert unsign(text, "fallback") == (None if from_node is False else from_node)
