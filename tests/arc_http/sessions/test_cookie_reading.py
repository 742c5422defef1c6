"""Finding the `_idx` cookie in a request, as Node's `_get-idx.js` and cookie 1.1.1 do."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from arc_http._sessions._cookies import cookie_value


def with_header(header: str, name: str = "cookie") -> dict[str, Any]:
    return {"headers": {name: header}}


def test_the_last_idx_cookie_wins() -> None:
    assert cookie_value(with_header("_idx=first; a=1; _idx=second")) == "second"


def test_a_capitalised_cookie_header_is_read() -> None:
    assert cookie_value(with_header("_idx=abc", name="Cookie")) == "abc"


def test_the_lowercase_header_wins_over_the_capitalised_one() -> None:
    req = {"headers": {"cookie": "_idx=lower", "Cookie": "_idx=upper"}}
    assert cookie_value(req) == "lower"


def test_an_http_api_v2_cookies_array_is_read() -> None:
    assert cookie_value({"cookies": ["a=1", "_idx=abc", "b=2"]}) == "abc"


def test_the_header_wins_over_the_cookies_array() -> None:
    req = {"headers": {"cookie": "_idx=header"}, "cookies": ["_idx=array"]}
    assert cookie_value(req) == "header"


def test_an_empty_header_falls_back_to_the_cookies_array() -> None:
    req = {"headers": {"cookie": ""}, "cookies": ["_idx=array"]}
    assert cookie_value(req) == "array"


@pytest.mark.parametrize(
    "neighbour",
    [
        'prefs={"a":1,"b":[2,3]}',
        "msg=hello world",
        "path=/x",
        "expires=Thu, 01 Jan 1970 00:00:00 GMT",
        "sid=a\\b",
        'q="unbalanced',
        "=novalue",
        "justaname",
    ],
)
def test_malformed_neighbours_do_not_hide_the_session(neighbour: str) -> None:
    assert cookie_value(with_header(f"{neighbour}; _idx=abc; {neighbour}")) == "abc"


def test_a_whole_set_cookie_string_works_as_a_cookie_header() -> None:
    header = "_idx=abc.d%2Fe; Max-Age=60; Path=/; HttpOnly; SameSite=Lax"
    assert cookie_value(with_header(header)) == "abc.d/e"


def test_double_quotes_are_kept_as_node_keeps_them() -> None:
    assert cookie_value(with_header('_idx="abc"')) == '"abc"'


def test_spaces_and_tabs_around_the_value_are_trimmed() -> None:
    assert cookie_value(with_header("a=1;  _idx= \tabc\t ;b=2")) == "abc"


def test_javascript_whitespace_around_a_cookie_is_trimmed() -> None:
    assert cookie_value(with_header("a=1;\ufeff\u00a0_idx=abc\u3000")) == "abc"


def test_a_value_is_percent_decoded_only_when_it_has_a_percent() -> None:
    assert cookie_value(with_header("_idx=a+b%2Fc%2B")) == "a+b/c+"
    assert cookie_value(with_header("_idx=caf%C3%A9")) == "café"


@pytest.mark.parametrize("raw", ["100%", "%zz", "%E0%A4%A", "%C3", "%ED%A0%80", "a%%41"])
def test_a_value_decodeuricomponent_rejects_is_kept_raw(raw: str) -> None:
    assert cookie_value(with_header(f"_idx={raw}")) == raw


def test_a_cookie_named_like_idx_is_not_the_session() -> None:
    assert cookie_value(with_header("x_idx=1; _idxx=2; _IDX=3")) is None


@pytest.mark.parametrize(
    "req",
    [
        {},
        {"headers": None},
        {"headers": {}},
        {"headers": {"cookie": None}},
        {"headers": {"cookie": 42}},
        {"cookies": "._idx=abc"},
        {"cookies": [None, 3]},
        {"headers": {"cookie": "_idx"}},
    ],
)
def test_requests_without_a_usable_cookie_have_no_session_cookie(req: dict[str, Any]) -> None:
    assert cookie_value(req) is None


def test_an_empty_idx_value_is_an_empty_string() -> None:
    assert cookie_value(with_header("_idx=")) == ""


@given(st.text())
def test_any_cookie_header_gives_a_string_or_none(header: str) -> None:
    found = cookie_value(with_header(header))
    assert found is None or isinstance(found, str)
    if "_idx=" not in header:
        assert found is None


# Characters a cookie value may hold without being trimmed, split or decoded.
_PLAIN = st.characters(
    exclude_characters=";%", exclude_categories=("Zs", "Zl", "Zp", "Cc", "Cs", "Cf")
)


@given(st.lists(st.text(alphabet=st.characters(exclude_characters=";"))), st.text(_PLAIN))
def test_the_last_idx_among_arbitrary_neighbours_wins(neighbours: list[str], value: str) -> None:
    header = "; ".join([*neighbours, f"_idx={value}"])
    assert cookie_value(with_header(header)) == value
