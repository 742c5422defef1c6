"""The Set-Cookie value: Node's attributes, in Node's order, from the same settings."""

from __future__ import annotations

import time

import pytest

from arc_core import ConfigError
from arc_http._sessions._cookies import http_date
from arc_http._sessions._cookies import set_cookie as set_cookie_with
from arc_http._sessions._env import current


def set_cookie(value: str) -> str:
    """The Set-Cookie value for `value` under the environment as it is now."""
    return set_cookie_with(value, current())


def attributes(cookie: str) -> list[str]:
    return cookie.split("; ")


def expires_between(before: float, after: float, max_age: int) -> set[str]:
    return {http_date(int(moment) + max_age) for moment in (before, after)}


def test_the_default_cookie_has_node_attributes_in_node_order() -> None:
    before = time.time()
    cookie = set_cookie("abc")
    after = time.time()
    name, max_age, path, expires, http_only, same_site = attributes(cookie)
    assert (name, max_age, path, http_only, same_site) == (
        "_idx=abc",
        "Max-Age=788400000",
        "Path=/",
        "HttpOnly",
        "SameSite=Lax",
    )
    assert expires.removeprefix("Expires=") in expires_between(before, after, 788400000)


def test_expires_is_an_http_date_max_age_from_now(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ARC_SESSION_TTL", "3600")
    before = time.time()
    expires = attributes(set_cookie("v"))[3]
    after = time.time()
    assert expires.removeprefix("Expires=") in expires_between(before, after, 3600)


@pytest.mark.parametrize("env", ["staging", "production"])
def test_secure_is_set_outside_testing(monkeypatch: pytest.MonkeyPatch, env: str) -> None:
    monkeypatch.setenv("ARC_ENV", env)
    assert attributes(set_cookie("v"))[-2:] == ["Secure", "SameSite=Lax"]


def test_an_unset_arc_env_means_testing_so_no_secure() -> None:
    assert "Secure" not in attributes(set_cookie("v"))


@pytest.mark.parametrize(
    ("setting", "written"),
    [("lax", "Lax"), ("strict", "Strict"), ("STRICT", "Strict"), ("None", "None"), ("", "Lax")],
)
def test_same_site_comes_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, setting: str, written: str
) -> None:
    monkeypatch.setenv("ARC_SESSION_SAME_SITE", setting)
    assert attributes(set_cookie("v"))[-1] == f"SameSite={written}"


def test_an_unknown_same_site_is_a_configuration_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ARC_SESSION_SAME_SITE", "sometimes")
    with pytest.raises(ConfigError, match=r"ARC_SESSION_SAME_SITE is 'sometimes'.*lax, strict"):
        set_cookie("v")


@pytest.mark.parametrize("variable", ["ARC_SESSION_DOMAIN", "SESSION_DOMAIN"])
def test_the_domain_goes_between_max_age_and_path(
    monkeypatch: pytest.MonkeyPatch, variable: str
) -> None:
    monkeypatch.setenv(variable, ".example.com")
    assert attributes(set_cookie("v"))[1:4] == [
        "Max-Age=788400000",
        "Domain=.example.com",
        "Path=/",
    ]


def test_arc_session_domain_wins_over_session_domain(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ARC_SESSION_DOMAIN", "arc.example")
    monkeypatch.setenv("SESSION_DOMAIN", "legacy.example")
    assert "Domain=arc.example" in attributes(set_cookie("v"))


# U+017F and U+212A match `[a-z]` case-insensitively in Python unless re.ASCII is used.
@pytest.mark.parametrize(
    "domain", ["bad_domain!", "exa mple.com", "\u017f.example", "\u212a.com", "-a.com", "a..b"]
)
def test_an_invalid_domain_is_a_configuration_error(
    monkeypatch: pytest.MonkeyPatch, domain: str
) -> None:
    monkeypatch.setenv("ARC_SESSION_DOMAIN", domain)
    with pytest.raises(ConfigError, match="ARC_SESSION_DOMAIN"):
        set_cookie("v")


@pytest.mark.parametrize(
    ("ttl", "max_age"),
    [
        ("60", 60),
        (" 60 ", 60),
        ("\u00a060\ufeff", 60),
        ("1e3", 1000),
        ("0x10", 16),
        ("0b11", 3),
        ("0o7", 7),
        ("5.", 5),
        ("+.5e1", 5),
        ("0", 0),
        ("-1", -1),
        ("-0", 0),
        ("  ", 0),
        ("", 788400000),
    ],
)
def test_max_age_reads_the_ttl_as_javascript_number_does(
    monkeypatch: pytest.MonkeyPatch, ttl: str, max_age: int
) -> None:
    monkeypatch.setenv("ARC_SESSION_TTL", ttl)
    assert attributes(set_cookie("v"))[1] == f"Max-Age={max_age}"


def test_session_ttl_is_read_when_arc_session_ttl_is_unset(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SESSION_TTL", "120")
    assert attributes(set_cookie("v"))[1] == "Max-Age=120"


@pytest.mark.parametrize("ttl", ["3600.5", "abc", "Infinity", "1_000", "+0x10", "0x", "1e", "٣"])
def test_a_ttl_that_is_not_a_whole_number_is_a_configuration_error(
    monkeypatch: pytest.MonkeyPatch, ttl: str
) -> None:
    monkeypatch.setenv("ARC_SESSION_TTL", ttl)
    with pytest.raises(ConfigError, match="whole number of seconds"):
        set_cookie("v")


def test_a_ttl_beyond_the_last_javascript_date_is_a_configuration_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("ARC_SESSION_TTL", "8640000000000")
    with pytest.raises(ConfigError, match="beyond the last date"):
        set_cookie("v")


def test_a_negative_ttl_writes_a_date_in_the_past(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ARC_SESSION_TTL", "-86400")
    before = time.time()
    expires = attributes(set_cookie("v"))[3]
    after = time.time()
    assert expires.removeprefix("Expires=") in expires_between(before, after, -86400)


# Date.prototype.toUTCString() of these times, printed by Node 20.
@pytest.mark.parametrize(
    ("seconds", "node"),
    [
        (0, "Thu, 01 Jan 1970 00:00:00 GMT"),
        (-1, "Wed, 31 Dec 1969 23:59:59 GMT"),
        (951782400, "Tue, 29 Feb 2000 00:00:00 GMT"),
        (2582058509, "Fri, 27 Oct 2051 22:28:29 GMT"),
        (253402300800, "Sat, 01 Jan 10000 00:00:00 GMT"),
        (8640000000000, "Sat, 13 Sep 275760 00:00:00 GMT"),
        (-62135596801, "Sun, 31 Dec 0000 23:59:59 GMT"),
        (-62198755200, "Fri, 01 Jan -0001 00:00:00 GMT"),
        (-8640000000000, "Tue, 20 Apr -271821 00:00:00 GMT"),
    ],
)
def test_http_dates_match_javascript_to_utc_string(seconds: int, node: str) -> None:
    assert http_date(seconds) == node
