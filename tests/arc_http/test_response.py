"""`res`: Node's response formatter (src/http/_res-fmt.js), case by case, minus its bugs."""

from __future__ import annotations

import base64
import copy
import gzip
from typing import Any

import brotli
import pytest

import arc_http
from arc_http import ANTI_CACHE, DEFAULT_CONTENT_TYPE, ResponseError, res
from tests.arc_http.events import b64, rest, v2, with_accept_encoding

TEXT = "hi there"
HTML = "<span>hi there</span>"
# Bodies smaller than this many bytes are sent uncompressed unless `compress_min_size` says.
MIN_COMPRESS_SIZE = 1000
LONG_TEXT = "hi there, " * 200  # over MIN_COMPRESS_SIZE


def decoded(response: Any) -> bytes:
    return base64.b64decode(response["body"])


# HTTP API (payload 2.0): bare values become JSON bodies


@pytest.mark.parametrize(
    ("params", "body"),
    [
        (None, ""),
        ("", ""),
        (False, ""),
        (True, ""),
        ("hi", '"hi"'),
        ({"ok": True}, '{"ok":true}'),
        (["howdy"], '["howdy"]'),
        (42, "42"),
        (0, "0"),
        ({}, "{}"),
        ({"name": "café", "n": 1.0}, '{"name":"café","n":1}'),
        ({"multiValueHeaders": {"a": ["b"]}}, '{"multiValueHeaders":{"a":["b"]}}'),
    ],
)
def test_http_api_sends_bare_values_as_compact_json(params: Any, body: str) -> None:
    response = res(v2(), params)
    assert response["body"] == body
    assert response["statusCode"] == 200
    assert response["headers"]["content-type"] == DEFAULT_CONTENT_TYPE
    assert response["isBase64Encoded"] is False


def test_http_api_sends_bare_bytes_as_a_file() -> None:
    response = res(v2(), b"hi")
    assert response["headers"]["content-type"] == "application/octet-stream"
    assert response["isBase64Encoded"] is True
    assert decoded(response) == b"hi"


@pytest.mark.parametrize(
    "params",
    [
        {"body": TEXT},
        {"statusCode": 200, "body": TEXT},
        {"statusCode": 200, "headers": {"content-type": "application/json"}, "body": TEXT},
    ],
)
def test_a_body_is_sent_as_it_is(params: dict[str, Any]) -> None:
    response = res(v2(), params)
    assert response["body"] == TEXT
    assert response["statusCode"] == 200
    assert "application/json" in response["headers"]["content-type"]


def test_a_base64_body_with_a_binary_type_is_passed_through_flagged() -> None:
    params = {
        "statusCode": 200,
        "body": b64("hi there\n"),
        "headers": {"content-type": "application/pdf"},
        "isBase64Encoded": True,
    }
    response = res(v2(), params)
    assert response["body"] == params["body"]
    assert response["headers"]["content-type"] == "application/pdf"
    assert response["isBase64Encoded"] is True


def test_a_precompressed_bytes_body_keeps_its_encoding_and_is_not_compressed_again() -> None:
    compressed = brotli.compress(b"hi there\n")
    params = {
        "statusCode": 200,
        "body": compressed,
        "headers": {"content-type": "application/pdf", "content-encoding": "br"},
    }
    response = res(with_accept_encoding(v2(), "gzip, br"), params)
    assert decoded(response) == compressed
    assert response["headers"]["content-encoding"] == "br"
    assert response["isBase64Encoded"] is True


def test_cookies_are_passed_through() -> None:
    for cookies in (["foo", "bar"], ["hi=there; Secure", "hi=there; Secure"]):
        response = res(v2(), {"statusCode": 200, "cookies": cookies, "body": TEXT})
        assert response["cookies"] == cookies
        assert response["body"] == TEXT


def test_an_empty_cookies_list_is_passed_through_as_node_does() -> None:
    assert res(v2(), {"cookies": []})["cookies"] == []


def test_a_set_cookie_header_is_passed_through() -> None:
    params = {"statusCode": 200, "headers": {"set-cookie": "hi=there; Secure"}, "body": TEXT}
    assert res(v2(), params)["headers"]["set-cookie"] == "hi=there; Secure"


# Status


@pytest.mark.parametrize("key", ["status", "code", "statusCode", "status_code"])
def test_every_status_key_sets_the_status(key: str) -> None:
    assert res(v2(), {key: 201})["statusCode"] == 201
    assert res(rest(), {key: 201})["statusCode"] == 201


def test_status_wins_over_code_and_status_code() -> None:
    assert res(v2(), {"status": 201, "code": 202, "statusCode": 203})["statusCode"] == 201


@pytest.mark.parametrize(("given", "sent"), [(0, 200), ("404", 404), (201.0, 201)])
def test_status_values_are_normalised(given: Any, sent: int) -> None:
    assert res(v2(), {"statusCode": given})["statusCode"] == sent


@pytest.mark.parametrize("status", ["idk", 1000, 99, True, 201.5, "2e2", [200]])
def test_a_status_that_is_not_an_http_status_raises(status: Any) -> None:
    # Node sends "idk" on and API Gateway answers 502; here the function learns why.
    with pytest.raises(ResponseError, match="HTTP status code"):
        res(v2(), {"statusCode": status})


# REST and HTTP API payload 1.0


def test_rest_sends_a_body_unflagged() -> None:
    response = res(rest(), {"body": TEXT})
    assert response["body"] == TEXT
    assert response["isBase64Encoded"] is False


def test_rest_passes_a_flagged_base64_body() -> None:
    response = res(rest(), {"body": b64("hi there\n"), "isBase64Encoded": True})
    assert response["body"] == b64("hi there\n")
    assert response["isBase64Encoded"] is True


def test_rest_base64_encodes_a_bytes_body() -> None:
    response = res(rest(), {"body": b"hi there\n"})
    assert decoded(response) == b"hi there\n"
    assert response["isBase64Encoded"] is True


@pytest.mark.parametrize("flagged", [True, False])
def test_a_string_body_with_a_binary_content_type_is_flagged(flagged: bool) -> None:
    params = {
        "body": b64("hi there\n"),
        "headers": {"Content-Type": "application/pdf"},
        "isBase64Encoded": flagged,
    }
    response = res(rest(), params)
    assert decoded(response) == b"hi there\n"
    assert response["isBase64Encoded"] is True
    assert response["headers"]["content-type"] == "application/pdf"
    assert "Content-Type" not in response["headers"]


def test_rest_passes_multi_value_headers_and_keeps_other_header_casing() -> None:
    params = {
        "headers": {"Content-Type": "text/plain", "Set-Cookie": "Baz"},
        "multiValueHeaders": {"Content-Type": ["text/plain"], "Set-Cookie": ["Foo", "Bar"]},
    }
    response = res(rest(), params)
    assert response["body"] == ""
    assert response["headers"]["Set-Cookie"] == "Baz"
    assert response["headers"]["content-type"] == "text/plain"
    assert response["multiValueHeaders"] == params["multiValueHeaders"]


def test_rest_passes_a_secure_cookie_in_multi_value_headers() -> None:
    cookies = {"set-cookie": ["hi=there; Secure", "hi=there; Secure"]}
    response = res(rest(), {"body": HTML, "multiValueHeaders": cookies})
    assert response["multiValueHeaders"] == cookies
    assert response["body"] == HTML


@pytest.mark.parametrize(
    "multi",
    [{"Content-Type": "text/plain"}, {"Set-Cookie": {"Foo": "Bar"}}, ["a"], "x"],
)
def test_multi_value_headers_of_the_wrong_shape_raise(multi: Any) -> None:
    # Node passes them on and API Gateway answers 502.
    with pytest.raises(ResponseError, match="multiValueHeaders"):
        res(rest(), {"multiValueHeaders": multi})


@pytest.mark.parametrize("params", ["hi", 42, ["a"], None])
def test_rest_ignores_bare_values(params: Any) -> None:
    response = res(rest(), params)
    assert response["body"] == ""
    assert response["statusCode"] == 200


def test_payload_one_point_zero_ignores_bare_values_as_rest_does() -> None:
    assert res(rest(version="1.0"), "hi")["body"] == ""


# Arc 5 era params


def test_type_sets_the_content_type() -> None:
    assert res(v2(), {"body": TEXT, "type": "text/plain"})["headers"]["content-type"] == (
        "text/plain"
    )


def test_cache_control_param_wins_over_the_header_and_the_casing_is_folded() -> None:
    for key in ("cacheControl", "cache_control"):
        params = {"body": TEXT, key: "max-age=1", "headers": {"Cache-Control": "max-age=60"}}
        headers = res(v2(), params)["headers"]
        assert headers["cache-control"] == "max-age=1"
        assert "Cache-Control" not in headers


def test_a_cache_control_header_is_kept() -> None:
    params = {"body": TEXT, "headers": {"cache-control": "max-age=60"}}
    assert res(v2(), params)["headers"]["cache-control"] == "max-age=60"


@pytest.mark.parametrize(
    ("content_type", "cache"),
    [
        ("text/html; charset=uft8", ANTI_CACHE),
        ("application/json; charset=uft8", ANTI_CACHE),
        ("application/vnd.api+json; charset=uft8", ANTI_CACHE),
        ("text/plain; charset=uft8", "max-age=86400"),
        ("image/png", "max-age=86400"),
    ],
)
def test_html_and_json_are_never_cached_and_the_rest_for_a_day(
    content_type: str, cache: str
) -> None:
    params = {"body": TEXT, "headers": {"Content-Type": content_type}}
    assert res(rest(), params)["headers"]["cache-control"] == cache


def test_no_content_type_defaults_to_json() -> None:
    response = res(rest(), {"body": {"hi": "there"}})
    assert response["headers"]["content-type"] == DEFAULT_CONTENT_TYPE
    # Node passes the dict on as the body, which API Gateway rejects; here it is JSON.
    assert response["body"] == '{"hi":"there"}'


def test_the_legacy_cookie_param_sets_set_cookie() -> None:
    for cookie in ("hi=there", "hi=there; Secure"):
        assert res(v2(), {"body": HTML, "cookie": cookie})["headers"]["set-cookie"] == cookie


def test_cors_allows_every_origin() -> None:
    headers = res(v2(), {"body": HTML, "cors": True})["headers"]
    assert headers["access-control-allow-origin"] == "*"
    assert "access-control-allow-origin" not in res(v2(), {"body": HTML})["headers"]


def test_a_type_with_a_flagged_base64_body_is_kept() -> None:
    params = {"body": b64("hi there\n"), "type": "application/json", "isBase64Encoded": True}
    response = res(v2(), params)
    assert response["headers"]["content-type"] == "application/json"
    assert response["body"] == params["body"]
    assert response["isBase64Encoded"] is True


# Arc 4 era content-type shortcuts


SHORTCUTS = [
    ("css", '.hi:before {content: "there";}', "text/css; charset=utf8"),
    ("html", HTML, "text/html; charset=utf8"),
    ("js", "console.log('hi there')", "text/javascript; charset=utf8"),
    ("text", TEXT, "text/plain; charset=utf8"),
    ("xml", "<hi>there</hi>", "application/xml; charset=utf8"),
]


@pytest.mark.parametrize("event", [v2(), rest()], ids=["http", "rest"])
@pytest.mark.parametrize(("key", "value", "content_type"), SHORTCUTS)
def test_content_type_shortcuts(
    event: dict[str, Any], key: str, value: str, content_type: str
) -> None:
    response = res(event, {key: value})
    assert response["body"] == value
    assert response["headers"]["content-type"] == content_type
    assert response["statusCode"] == 200


@pytest.mark.parametrize("event", [v2(), rest()], ids=["http", "rest"])
def test_the_json_shortcut_sends_compact_json(event: dict[str, Any]) -> None:
    response = res(event, {"json": {"hi": "there"}})
    assert response["body"] == '{"hi":"there"}'
    assert response["headers"]["content-type"] == "application/json; charset=utf8"


def test_an_empty_dict_counts_as_json_as_in_javascript() -> None:
    assert res(v2(), {"json": {}})["body"] == "{}"
    assert res(v2(), {"json": []})["body"] == "[]"


def test_falsy_shortcuts_are_ignored_as_in_javascript() -> None:
    response = res(v2(), {"json": 0, "html": "", "text": None, "body": "x"})
    assert response["body"] == "x"
    assert response["headers"]["content-type"] == DEFAULT_CONTENT_TYPE


def test_a_shortcut_beats_type_and_html_beats_json() -> None:
    response = res(v2(), {"type": "text/plain", "json": {"a": 1}, "html": HTML})
    assert response["headers"]["content-type"] == "text/html; charset=utf8"
    assert response["body"] == HTML


def test_a_lowercase_content_type_header_beats_a_shortcut_but_not_its_cache_rule() -> None:
    response = res(v2(), {"json": {"a": 1}, "headers": {"content-type": "text/plain"}})
    assert response["headers"]["content-type"] == "text/plain"
    assert response["headers"]["cache-control"] == ANTI_CACHE


# Arc < 6 params


@pytest.mark.parametrize("event", [v2(), rest()], ids=["http", "rest"])
def test_location_redirects_with_302_and_no_cache(event: dict[str, Any]) -> None:
    response = res(event, {"location": "/hi"})
    assert response["statusCode"] == 302
    assert response["headers"]["location"] == "/hi"
    assert response["headers"]["cache-control"] == ANTI_CACHE


def test_location_keeps_a_given_status() -> None:
    assert res(v2(), {"location": "/hi", "status": 301})["statusCode"] == 301


# Headers


def test_header_values_are_made_text() -> None:
    params = {"headers": {"x-count": 5, "x-ratio": 0.5, "x-on": True, "x-none": None}}
    headers = res(v2(), params)["headers"]
    assert headers["x-count"] == "5"
    assert headers["x-ratio"] == "0.5"
    assert headers["x-on"] == "true"
    assert "x-none" not in headers


@pytest.mark.parametrize("headers", [{"set-cookie": ["a=1", "b=2"]}, {1: "x"}, "x", ["a"]])
def test_headers_that_are_not_text_raise(headers: Any) -> None:
    with pytest.raises(ResponseError):
        res(v2(), {"statusCode": 200, "headers": headers})


# Header injection: CR, LF or NUL would end a header and start another (or a body)


@pytest.mark.parametrize("bad", ["\r", "\n", "\x00", "\r\nSet-Cookie: admin=1"])
@pytest.mark.parametrize(
    ("params", "where"),
    [
        pytest.param(lambda bad: {"headers": {"x-note": f"a{bad}b"}}, "x-note", id="header value"),
        pytest.param(lambda bad: {"headers": {f"x-note{bad}": "a"}}, "x-note", id="header name"),
        pytest.param(
            lambda bad: {"headers": {"content-type": f"text/html{bad}"}},
            "content-type",
            id="content-type header",
        ),
        pytest.param(
            lambda bad: {"headers": {"Content-Type": f"text/html{bad}"}},
            "type",
            id="Content-Type header",
        ),
        pytest.param(
            lambda bad: {"headers": {"Cache-Control": f"max-age=1{bad}"}},
            "cache-control",
            id="Cache-Control header",
        ),
        pytest.param(
            lambda bad: {"headers": {"Content-Encoding": f"gzip{bad}"}},
            "content-encoding",
            id="Content-Encoding header",
        ),
        pytest.param(
            lambda bad: {"multiValueHeaders": {"x-many": ["a", f"b{bad}"]}},
            "x-many",
            id="multiValueHeaders value",
        ),
        pytest.param(
            lambda bad: {"multiValueHeaders": {f"x-many{bad}": ["a"]}},
            "x-many",
            id="multiValueHeaders name",
        ),
        pytest.param(lambda bad: {"location": f"/next{bad}"}, "location", id="location"),
        pytest.param(lambda bad: {"cookie": f"a=1{bad}"}, "cookie", id="cookie"),
        pytest.param(lambda bad: {"cookies": ["a=1", f"b=2{bad}"]}, "cookies", id="cookies"),
        pytest.param(lambda bad: {"type": f"text/plain{bad}"}, "type", id="type"),
        pytest.param(
            lambda bad: {"cacheControl": f"no-store{bad}"}, "cache-control", id="cacheControl"
        ),
        pytest.param(
            lambda bad: {"cache_control": f"no-store{bad}"}, "cache-control", id="cache_control"
        ),
    ],
)
@pytest.mark.parametrize("event", [v2, rest], ids=["http", "rest"])
def test_a_cr_lf_or_nul_in_any_header_raises(event: Any, params: Any, where: str, bad: str) -> None:
    with pytest.raises(ResponseError, match=f"{where}.*CR, LF or NUL"):
        res(event(), {"statusCode": 200, **params(bad)})


def test_tabs_and_non_ascii_in_header_values_are_kept() -> None:
    params = {"headers": {"x-note": "a\tb café"}, "cookies": ["n=\u2603"], "location": "/é"}
    response = res(v2(), params)
    assert response["headers"]["x-note"] == "a\tb café"
    assert response["headers"]["location"] == "/é"
    assert response["cookies"] == ["n=\u2603"]


def test_a_capitalised_content_encoding_is_kept_and_nothing_is_compressed() -> None:
    # Node drops the header and sends gzip bytes the client cannot read.
    body = b64(gzip.compress(LONG_TEXT.encode()))
    params = {"body": body, "headers": {"Content-Encoding": "gzip"}, "isBase64Encoded": True}
    response = res(with_accept_encoding(v2(), "gzip, br"), params)
    assert response["headers"]["content-encoding"] == "gzip"
    assert "Content-Encoding" not in response["headers"]
    assert response["body"] == body


def test_the_callers_params_are_never_changed() -> None:
    params = {
        "body": LONG_TEXT,
        "headers": {"Cache-Control": "max-age=1", "Content-Type": "text/plain", "x": 1},
        "cookies": ["a=1"],
        "multiValueHeaders": {"x-many": ["1", "2"]},
    }
    before = copy.deepcopy(params)
    response = res(with_accept_encoding(v2(), "br"), params)
    response["headers"]["added"] = "later"
    response["cookies"].append("b=2")
    response["multiValueHeaders"]["x-many"].append("3")
    assert params == before


@pytest.mark.parametrize(
    "wrap", [lambda data: {"json": data}, lambda data: data], ids=["json", "bare"]
)
def test_numeric_looking_keys_of_any_length_give_nodes_bytes(wrap: Any) -> None:
    data = {"12345678901234567890123": 1, "007": 2, "4294967295": 3, "9" * 5000: 4, "10": 5}
    expected = '{"10":5,"12345678901234567890123":1,"007":2,"4294967295":3,"' + "9" * 5000 + '":4}'
    assert res(v2(), wrap(data))["body"] == expected


def test_a_request_that_is_not_a_dict_is_a_type_error() -> None:
    with pytest.raises(TypeError, match="request event"):
        res(None, {"body": "x"})  # type: ignore[arg-type]


@pytest.mark.parametrize("body", [{1, 2}, object(), {"when": object()}])
def test_a_body_json_cannot_hold_raises(body: Any) -> None:
    with pytest.raises(ResponseError, match="JSON"):
        res(v2(), {"body": body})


# Compression (HTTP APIs only)


def test_br_is_preferred_when_the_client_accepts_it() -> None:
    response = res(with_accept_encoding(v2(), "gzip, br, deflate"), {"body": LONG_TEXT})
    assert response["headers"]["content-encoding"] == "br"
    assert response["headers"]["vary"] == "accept-encoding"
    assert response["isBase64Encoded"] is True
    assert brotli.decompress(decoded(response)).decode() == LONG_TEXT


def test_gzip_when_the_client_accepts_only_gzip() -> None:
    response = res(with_accept_encoding(v2(), "gzip, deflate"), {"body": LONG_TEXT})
    assert response["headers"]["content-encoding"] == "gzip"
    assert gzip.decompress(decoded(response)).decode() == LONG_TEXT


def test_a_compression_preference_counts_when_the_client_accepts_it() -> None:
    event = with_accept_encoding(v2(), "gzip, br, deflate")
    gzipped = res(event, {"body": LONG_TEXT, "compression": "gzip"})
    assert gzip.decompress(decoded(gzipped)).decode() == LONG_TEXT
    brotlied = res(event, {"body": LONG_TEXT, "compression": "br"})
    assert brotli.decompress(decoded(brotlied)).decode() == LONG_TEXT


def test_a_preference_the_client_does_not_accept_is_ignored() -> None:
    response = res(v2(), {"body": LONG_TEXT, "compression": "gzip"})
    assert response["body"] == LONG_TEXT
    assert "content-encoding" not in response["headers"]


def test_an_unknown_preference_falls_back_to_the_default() -> None:
    event = with_accept_encoding(v2(), "gzip, br")
    response = res(event, {"body": LONG_TEXT, "compression": "zstd"})
    assert response["headers"]["content-encoding"] == "br"


def test_compression_false_sends_the_body_as_it_is() -> None:
    event = with_accept_encoding(v2(), "gzip, br, deflate")
    response = res(event, {"statusCode": 200, "body": LONG_TEXT, "compression": False})
    assert response["body"] == LONG_TEXT
    assert response["isBase64Encoded"] is False
    assert "content-encoding" not in response["headers"]


def test_bodies_under_the_threshold_are_not_compressed() -> None:
    small = "x" * (MIN_COMPRESS_SIZE - 1)
    response = res(with_accept_encoding(v2(), "br, gzip"), {"body": small})
    assert response["body"] == small
    assert "content-encoding" not in response["headers"]


def test_the_threshold_counts_bytes_not_characters() -> None:
    text = "é" * (MIN_COMPRESS_SIZE // 2)
    response = res(with_accept_encoding(v2(), "gzip"), {"body": text})
    assert gzip.decompress(decoded(response)).decode() == text


def test_a_body_of_exactly_the_threshold_is_compressed() -> None:
    text = "x" * MIN_COMPRESS_SIZE
    response = res(with_accept_encoding(v2(), "gzip"), {"body": text})
    assert gzip.decompress(decoded(response)).decode() == text


@pytest.mark.parametrize("body", [TEXT, TEXT.encode()], ids=["text", "bytes"])
def test_compress_min_size_zero_compresses_every_body_as_node_does(body: str | bytes) -> None:
    event = with_accept_encoding(v2(), "gzip")
    response = res(event, {"body": body, "compress_min_size": 0, "type": "text/plain"})
    assert response["headers"]["content-encoding"] == "gzip"
    assert gzip.decompress(decoded(response)) == TEXT.encode()


@pytest.mark.parametrize("body", [LONG_TEXT, LONG_TEXT.encode()], ids=["text", "bytes"])
def test_a_higher_compress_min_size_sends_smaller_bodies_as_they_are(body: str | bytes) -> None:
    event = with_accept_encoding(v2(), "gzip, br")
    response = res(event, {"body": body, "compress_min_size": 5000, "type": "text/plain"})
    assert "content-encoding" not in response["headers"]
    sent = decoded(response) if isinstance(body, bytes) else response["body"].encode()
    assert sent == LONG_TEXT.encode()


@pytest.mark.parametrize("size", [len(TEXT), len(TEXT) + 1])
def test_compress_min_size_is_the_smallest_size_compressed(size: int) -> None:
    event = with_accept_encoding(v2(), "gzip")
    response = res(event, {"text": TEXT, "compress_min_size": size})
    assert ("content-encoding" in response["headers"]) is (size == len(TEXT))


def test_compress_min_size_none_is_the_default() -> None:
    event = with_accept_encoding(v2(), "gzip")
    small = res(event, {"text": TEXT, "compress_min_size": None})
    large = res(event, {"text": LONG_TEXT, "compress_min_size": None})
    assert "content-encoding" not in small["headers"]
    assert large["headers"]["content-encoding"] == "gzip"


@pytest.mark.parametrize("size", [-1, 1.5, 1000.0, "1000", True, [1000]])
def test_a_compress_min_size_that_is_not_a_byte_count_raises(size: Any) -> None:
    with pytest.raises(ResponseError, match="compress_min_size"):
        res(with_accept_encoding(v2(), "gzip"), {"text": LONG_TEXT, "compress_min_size": size})


def test_the_threshold_is_a_param_not_a_module_setting() -> None:
    # Assigning arc_http.MIN_COMPRESS_SIZE never changed anything: `compress_min_size` does.
    assert "MIN_COMPRESS_SIZE" not in arc_http.__all__
    assert not hasattr(arc_http, "MIN_COMPRESS_SIZE")


def test_a_capitalised_accept_encoding_works() -> None:
    event = v2()
    del event["headers"]["accept-encoding"]
    event["headers"]["Accept-Encoding"] = "gzip"
    assert res(event, {"body": LONG_TEXT})["headers"]["content-encoding"] == "gzip"


def test_separators_without_spaces_and_q_values_are_understood() -> None:
    # Node splits on ", " exactly: "gzip,br" gives no compression and q=0 is ignored.
    assert res(with_accept_encoding(v2(), "gzip,br"), {"body": LONG_TEXT})["headers"][
        "content-encoding"
    ] == ("br")
    refused = res(with_accept_encoding(v2(), "br;q=0, gzip"), {"body": LONG_TEXT})
    assert refused["headers"]["content-encoding"] == "gzip"


def test_payload_one_point_zero_compresses_and_rest_does_not() -> None:
    v1 = with_accept_encoding(rest(version="1.0"), "gzip")
    assert res(v1, {"body": LONG_TEXT})["headers"]["content-encoding"] == "gzip"
    plain = res(with_accept_encoding(rest(), "gzip"), {"body": LONG_TEXT})
    assert plain["body"] == LONG_TEXT


def test_a_bytes_body_is_compressed_when_negotiated() -> None:
    # Node throws `compressionTypes[type] is not a function` here.
    data = LONG_TEXT.encode()
    response = res(with_accept_encoding(v2(), "gzip"), {"body": data, "type": "text/csv"})
    assert response["headers"]["content-encoding"] == "gzip"
    assert gzip.decompress(decoded(response)) == data


def test_an_existing_vary_header_is_extended() -> None:
    params = {"body": LONG_TEXT, "headers": {"vary": "origin"}}
    response = res(with_accept_encoding(v2(), "gzip"), params)
    assert response["headers"]["vary"] == "origin, accept-encoding"


def test_error_pages_and_html_are_compressed_too() -> None:
    event = with_accept_encoding(v2(), "gzip")
    page = res(event, ValueError("x" * MIN_COMPRESS_SIZE))
    assert b"x" * 100 in gzip.decompress(decoded(page))
    html = res(event, {"html": LONG_TEXT})
    assert gzip.decompress(decoded(html)).decode() == LONG_TEXT


def test_a_body_with_lone_surrogates_is_compressed_as_javascript_encodes_it() -> None:
    text = "\ud800" + LONG_TEXT
    response = res(with_accept_encoding(v2(), "gzip"), {"body": text})
    assert gzip.decompress(decoded(response)).decode() == "\ufffd" + LONG_TEXT


# Exceptions: the error page


@pytest.mark.parametrize("event", [v2(), rest()], ids=["http", "rest"])
def test_an_exception_gives_a_500_page_with_its_message(event: dict[str, Any]) -> None:
    response = res(event, Exception("something bad happened"))
    assert response["statusCode"] == 500
    assert "something bad happened" in response["body"]
    assert response["headers"]["content-type"] == "text/html; charset=utf8;"
    assert response["headers"]["cache-control"] == ANTI_CACHE
    assert "<title>500 error</title>" in response["body"]


def test_the_page_title_names_the_exception_class() -> None:
    assert "<h1>500 error: KeyError</h1>" in res(v2(), KeyError("k"))["body"]


def test_the_message_is_html_escaped() -> None:
    body = res(v2(), ValueError("<script>alert(1)</script>"))["body"]
    assert "<script>" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body


def raised() -> Exception:
    try:
        raise RuntimeError("deep trouble")
    except RuntimeError as err:
        return err


def test_the_message_and_traceback_are_shown_only_in_testing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert "Traceback" in res(v2(), raised())["body"]
    monkeypatch.setenv("ARC_ENV", "production")
    body = res(v2(), raised())["body"]
    assert "deep trouble" not in body
    assert "Traceback" not in body
    assert "test_response.py" not in body


class NotFound(Exception):
    status = 404


class Teapot(Exception):
    def __init__(self) -> None:
        super().__init__("short and stout")
        self.status_code = 418


class SystemLike(Exception):
    code = "ENOENT"


@pytest.mark.parametrize(("error", "status"), [(NotFound(), 404), (Teapot(), 418)])
def test_an_exception_can_carry_its_status(error: Exception, status: int) -> None:
    response = res(v2(), error)
    assert response["statusCode"] == status
    assert f"{status} error" in response["body"]


def test_a_status_that_is_not_http_gives_500() -> None:
    # Node sends "ENOENT" as the status code.
    assert res(v2(), SystemLike())["statusCode"] == 500


# Values Python has and JavaScript does not


class Text(str):
    pass


def test_str_subclasses_are_text() -> None:
    assert res(v2(), {"body": Text("hi")})["body"] == "hi"
    assert res(v2(), {"html": Text(""), "body": "x"})["body"] == "x"


def test_decimals_count_by_their_value() -> None:
    from decimal import Decimal

    assert res(v2(), {"json": Decimal("0"), "body": "x"})["body"] == "x"
    assert res(v2(), {"json": Decimal("NaN"), "body": "x"})["body"] == "x"
    assert res(v2(), {"json": Decimal("1.5")})["body"] == "1.5"


def test_a_falsy_headers_value_means_no_headers() -> None:
    for headers in ("", 0, None, False):
        assert res(v2(), {"headers": headers, "body": "x"})["headers"]["content-type"] == (
            DEFAULT_CONTENT_TYPE
        )


@pytest.mark.parametrize("cookies", ["a=1", ["a=1", 2], {"a": "1"}])
def test_cookies_that_are_not_a_list_of_strings_raise(cookies: Any) -> None:
    with pytest.raises(ResponseError, match="cookies must be a list"):
        res(v2(), {"cookies": cookies})


def test_a_cookies_tuple_is_sent_as_a_list() -> None:
    assert res(v2(), {"cookies": ("a=1", "b=2")})["cookies"] == ["a=1", "b=2"]
