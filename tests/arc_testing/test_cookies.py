"""The cookie jar of Client: browser rules for one host (RFC 6265)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from email.utils import format_datetime

import pytest

from arc_testing._cookies import Cookies, default_path, parse_set_cookie, path_matches


def http_date(delta: timedelta) -> str:
    return format_datetime(datetime.now(timezone.utc) + delta, usegmt=True)


def test_a_cookie_is_kept_and_sent_back_as_it_came() -> None:
    jar = Cookies()
    jar.store('_idx=abc%2Fdef.="x"; Path=/; HttpOnly; Max-Age=788400000', "/visits")
    assert jar.for_path("/anything") == {"_idx": 'abc%2Fdef.="x"'}
    assert dict(jar) == {"_idx": 'abc%2Fdef.="x"'}


def test_max_age_zero_or_negative_deletes() -> None:
    jar = Cookies()
    jar.store("a=1; Path=/", "/")
    jar.store("b=2; Path=/", "/")
    jar.store("a=; Path=/; Max-Age=0", "/")
    jar.store("b=; Path=/; Max-Age=-1", "/")
    assert dict(jar) == {}


def test_an_expires_in_the_past_deletes_and_one_in_the_future_keeps() -> None:
    jar = Cookies()
    jar.store(f"a=1; Path=/; Expires={http_date(timedelta(days=1))}", "/")
    jar.store("b=2; Path=/", "/")
    jar.store("b=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT", "/")
    assert dict(jar) == {"a": "1"}


def test_max_age_wins_over_expires() -> None:
    jar = Cookies()
    jar.store("a=1; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=60; Path=/", "/")
    assert dict(jar) == {"a": "1"}
    parsed = parse_set_cookie("a=1; Max-Age=0; Expires=" + http_date(timedelta(days=1)), 1000.0)
    assert parsed is not None
    assert parsed.expires == 0.0


def test_a_cookie_expires_by_itself_after_max_age(monkeypatch: pytest.MonkeyPatch) -> None:
    now = 1_000_000.0
    monkeypatch.setattr("time.time", lambda: now)
    jar = Cookies()
    jar.store("a=1; Path=/; Max-Age=10", "/")
    assert jar.for_path("/") == {"a": "1"}
    now += 11
    assert jar.for_path("/") == {}
    assert "a" not in jar


def test_malformed_attributes_are_ignored_and_nameless_lines_dropped() -> None:
    jar = Cookies()
    assert jar.store("=x; Path=/", "/") is None
    assert jar.store("noequals", "/") is None
    jar.store("a=1; Max-Age=soon; Expires=someday; Path=/", "/")
    assert dict(jar) == {"a": "1"}


def test_paths_limit_where_a_cookie_goes() -> None:
    jar = Cookies()
    jar.store("top=1; Path=/", "/")
    jar.store("admin=2; Path=/admin", "/")
    jar.store("here=3", "/docs/page")  # default path: /docs
    assert jar.for_path("/") == {"top": "1"}
    assert jar.for_path("/admin/users") == {"admin": "2", "top": "1"}
    assert jar.for_path("/administrator") == {"top": "1"}
    assert jar.for_path("/docs") == {"here": "3", "top": "1"}


def test_the_more_specific_path_wins_for_one_name() -> None:
    jar = Cookies()
    jar.store("a=root; Path=/", "/")
    jar.store("a=deep; Path=/deep", "/")
    assert jar.for_path("/deep/x") == {"a": "deep"}
    assert jar.for_path("/other") == {"a": "root"}


def test_path_rules() -> None:
    assert default_path("/") == "/"
    assert default_path("/a") == "/"
    assert default_path("/a/b/c") == "/a/b"
    assert default_path("nope") == "/"
    assert path_matches("/a/b", "/a")
    assert path_matches("/a/b", "/a/")
    assert not path_matches("/ab", "/a")
    assert path_matches("/a", "/a")


def test_cookies_set_and_deleted_by_hand() -> None:
    jar = Cookies()
    jar["theme"] = "dark"
    jar.store("theme=light; Path=/x", "/")
    assert jar.for_path("/x") == {"theme": "light"}
    del jar["theme"]
    assert len(jar) == 0
    jar["a"] = "1"
    jar.clear()
    assert jar.for_path("/") == {}
