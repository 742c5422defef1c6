"""`parse_body`: Node's body-parser.js cases, its fixes, and arbitrary input."""

from __future__ import annotations

import base64
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from arc_core import InvalidRequestError
from arc_http import helpers, parse_body
from tests.arc_http.events import b64

HI = {"hi": "there"}
HI_JSON = '{"hi":"there"}'
XML = '<?xml version="1.0"?><hi>there</hi>'


def request(body: Any, content_type: str | None, encoded: Any = False) -> dict[str, Any]:
    headers = {} if content_type is None else {"Content-Type": content_type}
    return {"body": body, "headers": headers, "isBase64Encoded": encoded}


def test_helpers_expose_it_under_both_names() -> None:
    assert helpers.body_parser is parse_body
    assert helpers.parse_body is parse_body


# JSON


@pytest.mark.parametrize("encoded", [False, True])
@pytest.mark.parametrize("content_type", ["application/json", "application/vnd.api+json"])
def test_json_is_parsed_raw_or_base64(content_type: str, encoded: bool) -> None:
    body = b64(HI_JSON) if encoded else HI_JSON
    assert parse_body(request(body, content_type, encoded)) == HI


def test_a_comma_joined_content_type_is_no_media_type_and_is_not_parsed() -> None:
    # Node matches substrings and parses this as JSON.
    assert parse_body(request(HI_JSON, "application/json, text/plain")) == HI_JSON


@pytest.mark.parametrize(("text", "value"), [("null", {}), ("0", {}), ("false", {}), ('""', {})])
def test_falsy_json_becomes_an_empty_dict(text: str, value: Any) -> None:
    assert parse_body(request(text, "application/json")) == value


@pytest.mark.parametrize(("text", "value"), [('"str"', "str"), ("5", 5), ("[1]", [1])])
def test_other_json_values_are_returned(text: str, value: Any) -> None:
    assert parse_body(request(text, "application/json")) == value


@pytest.mark.parametrize(
    "body",
    [
        "{not json",
        "NaN",
        "[Infinity]",
        "[" * 100_000 + "]" * 100_000,
    ],
)
def test_invalid_json_is_a_typed_error(body: str) -> None:
    with pytest.raises(InvalidRequestError, match="invalid JSON"):
        parse_body(request(body, "application/json"))


def test_raw_json_flagged_as_base64_is_an_error() -> None:
    with pytest.raises(InvalidRequestError):
        parse_body(request(HI_JSON, "application/json", True))


def test_base64_that_is_not_json_is_an_error() -> None:
    with pytest.raises(InvalidRequestError, match="invalid JSON"):
        parse_body(request(b64("hello there"), "application/json", True))


def test_the_invalid_request_error_is_a_value_error() -> None:
    with pytest.raises(ValueError):  # noqa: PT011 (the point is the base class)
        parse_body(request("{", "application/json"))


def test_content_types_match_case_insensitively() -> None:
    # Node compares case-sensitively and returns the raw string here.
    assert parse_body(request(HI_JSON, "Application/JSON")) == HI


# The media type decides: the part before `;`, trimmed, in any casing


@pytest.mark.parametrize(
    "content_type",
    [
        "text/plain; x=application/json",
        "text/plain;application/json",
        'text/plain; charset="application/json"',
        "application/x-www-form-urlencoded; x=application/json",
    ],
)
def test_a_parameter_naming_json_does_not_make_a_simple_request_json(content_type: str) -> None:
    # Node parses these as JSON, though a browser sends them cross-site without a preflight.
    assert parse_body(request(HI_JSON, content_type)) == HI_JSON


def test_a_base64_text_body_with_a_json_parameter_is_decoded_as_text() -> None:
    assert parse_body(request(b64(HI_JSON), "text/plain; x=application/json", True)) == HI_JSON


@pytest.mark.parametrize(
    "content_type",
    [
        "application/json; charset=utf-8",
        " Application/JSON ;charset=UTF-8",
        "application/json\t;",
        "application/ld+json",
        "application/problem+json; charset=utf-8",
        "APPLICATION/VND.API+JSON",
    ],
)
def test_json_and_any_application_plus_json_type_are_json(content_type: str) -> None:
    assert parse_body(request(HI_JSON, content_type)) == HI


@pytest.mark.parametrize(
    "content_type",
    [
        "application/jsonp",
        "application/json-seq",
        "application/json5",
        "xapplication/json",
        "text/json+json",
        "application/+json",
        "application/x, application/ld+json",
        "application/ json",
        "application/json/x",
        "multipart/mixed; boundary=application/json",
        "application/\u212a+json",  # the Kelvin sign lowercases to an ASCII k
        "\u00a0application/json",  # not HTTP whitespace
    ],
)
def test_types_that_only_contain_json_are_not_json(content_type: str) -> None:
    assert parse_body(request(HI_JSON, content_type)) == HI_JSON


@pytest.mark.parametrize(
    ("content_type", "decoded"),
    [
        ("text/plain; charset=utf-8", True),
        ("TEXT/XML", True),
        (" application/xml ; charset=utf-8", True),
        ("text/plainish", False),
        ("text/xml-external-parsed-entity", False),
        ("application/xml-dtd", False),
        ("image/svg+xml", False),
    ],
)
def test_text_types_match_by_media_type(content_type: str, decoded: bool) -> None:
    parsed = parse_body(request(b64(XML), content_type, True))
    assert parsed == (XML if decoded else b64(XML))


@pytest.mark.parametrize(
    ("content_type", "wrapped"),
    [
        ("multipart/form-data; boundary=----x", True),
        ("Application/Octet-Stream", True),
        ("multipart/form-data-ish", False),
        ("application/octet-streams", False),
    ],
)
def test_file_types_match_by_media_type(content_type: str, wrapped: bool) -> None:
    body = b64("hi there")
    assert parse_body(request(body, content_type, True)) == ({"base64": body} if wrapped else body)


@pytest.mark.parametrize(
    ("content_type", "parsed"),
    [
        ("application/x-www-form-urlencoded; charset=UTF-8", True),
        ("application/x-www-form-urlencoded-x", False),
    ],
)
def test_forms_match_by_media_type(content_type: str, parsed: bool) -> None:
    body = b64("hi=there")
    assert parse_body(request(body, content_type, True)) == (HI if parsed else body)


def test_a_string_is_base64_encoded_flag_counts_as_true_as_in_javascript() -> None:
    assert parse_body(request(b64(HI_JSON), "application/json", "false")) == HI


# Base64 leniency


@pytest.mark.parametrize(
    "body",
    [
        "eyJoaSI6InRoZXJlIn0",  # no padding
        "eyJoaSI6InRoZXJlIn0=",
        "eyJo aSI6\nInRo ZXJlIn0=",  # whitespace
    ],
)
def test_base64_without_padding_or_with_whitespace_is_accepted(body: str) -> None:
    assert parse_body(request(body, "application/json", True)) == HI


def test_url_safe_base64_is_accepted() -> None:
    data = "ünïcödé?>>"
    body = base64.urlsafe_b64encode(data.encode()).decode()
    assert "-" in body or "_" in body
    assert parse_body(request(body, "text/plain", True)) == data


@pytest.mark.parametrize("body", ["a$b=", "YQ==YQ==", "Y", "é"])
def test_garbage_base64_is_a_typed_error(body: str) -> None:
    # Node skips what it cannot read and decodes the rest into garbage.
    with pytest.raises(InvalidRequestError, match="base64"):
        parse_body(request(body, "text/plain", True))


# Text, XML, forms, files


@pytest.mark.parametrize("content_type", ["text/plain", "text/xml", "application/xml"])
def test_base64_text_and_xml_are_decoded(content_type: str) -> None:
    assert parse_body(request(b64(XML), content_type, True)) == XML


@pytest.mark.parametrize("content_type", ["text/plain", "text/xml", "application/xml"])
def test_plain_text_and_xml_are_untouched(content_type: str) -> None:
    assert parse_body(request(XML, content_type)) == XML


def test_invalid_utf8_becomes_replacement_characters() -> None:
    body = base64.b64encode(b"caf\xe9").decode()
    assert parse_body(request(body, "text/plain", True)) == "caf\ufffd"


@pytest.mark.parametrize("content_type", ["text/html", "text/csv"])
def test_other_text_types_are_not_decoded(content_type: str) -> None:
    assert parse_body(request(b64(XML), content_type, True)) == b64(XML)


def test_a_form_is_parsed() -> None:
    parsed = parse_body(request(b64("hi=there"), "application/x-www-form-urlencoded", True))
    assert parsed == HI


def test_a_form_keeps_repeats_as_lists_and_blanks_as_empty_strings() -> None:
    body = b64("a=1&a=2&b=&c&&d=x+y&e=%2B%20&f=%ZZ&g=%E9&=v")
    parsed = parse_body(request(body, "application/x-www-form-urlencoded", True))
    assert parsed == {
        "a": ["1", "2"],
        "b": "",
        "c": "",
        "d": "x y",
        "e": "+ ",
        "f": "%ZZ",
        "g": "\ufffd",
        "": "v",
    }


def test_a_form_of_a_thousand_fields_is_parsed() -> None:
    body = b64("&".join(f"f{index}=x" for index in range(1000)))
    parsed = parse_body(request(body, "application/x-www-form-urlencoded", True))
    assert len(parsed) == 1000


@pytest.mark.parametrize(
    "form",
    [
        "&".join(f"f{index}=x" for index in range(1001)),
        "a=1&" * 1001,
        "&".join("" if index % 2 else "a" for index in range(2001)) + "&b",
    ],
    ids=["distinct", "repeated", "bare-keys"],
)
def test_a_form_of_more_than_a_thousand_fields_is_an_invalid_request(form: str) -> None:
    # Node's querystring.parse keeps the first 1000 and silently drops the rest.
    with pytest.raises(InvalidRequestError, match="more than 1000 fields"):
        parse_body(request(b64(form), "application/x-www-form-urlencoded", True))


def test_empty_form_fields_do_not_count() -> None:
    body = b64("&" * 5000 + "a=1" + "&" * 5000)
    assert parse_body(request(body, "application/x-www-form-urlencoded", True)) == {"a": "1"}


def test_a_form_that_is_not_base64_is_untouched() -> None:
    assert parse_body(request("hi=there", "application/x-www-form-urlencoded")) == "hi=there"


@pytest.mark.parametrize("content_type", ["multipart/form-data", "application/octet-stream"])
def test_files_are_wrapped_in_base64(content_type: str) -> None:
    body = b64("hi there\n")
    assert parse_body(request(body, content_type, True)) == {"base64": body}


@pytest.mark.parametrize("content_type", ["multipart/form-data", "application/octet-stream"])
def test_files_that_are_not_base64_are_untouched(content_type: str) -> None:
    assert parse_body(request("hi there", content_type)) == "hi there"


# Passthrough


@pytest.mark.parametrize(
    "req",
    [
        {"body": None, "headers": {"content-type": "application/json"}},
        {"body": "", "headers": {"content-type": "application/json"}},
        {"body": HI_JSON, "headers": {}},
        {"body": HI_JSON},
        {"body": HI_JSON, "headers": None},
        {"body": HI_JSON, "headers": {"content-type": 5}},
        {"body": {}, "headers": {"content-type": "application/json"}},
    ],
)
def test_no_body_or_no_content_type_passes_the_body_through(req: dict[str, Any]) -> None:
    # Node throws a TypeError for a request without headers.
    assert parse_body(req) is req.get("body")


@pytest.mark.parametrize("content_type", ["application/json", "application/x-www-form-urlencoded"])
def test_an_already_parsed_body_is_returned_as_an_equal_copy(content_type: str) -> None:
    body = {"hi": {"there": [1]}}
    parsed = parse_body(request(body, content_type))
    assert parsed == body
    assert parsed is not body
    assert parsed["hi"] is not body["hi"]


def test_arc_5_base64_wrappers_pass_through() -> None:
    body = {"base64": b64("hi there")}
    assert parse_body(request(body, "multipart/form-data")) == body


def test_a_content_type_in_any_casing_is_found() -> None:
    req = {"body": HI_JSON, "headers": {"CONTENT-TYPE": "application/json"}}
    assert parse_body(req) == HI


def test_of_several_spellings_of_the_header_the_first_non_empty_one_counts() -> None:
    # Node's order: `content-type`, then `Content-Type`; the values are no longer joined.
    both = {"content-type": "text/plain", "Content-Type": "application/json"}
    assert parse_body({"body": HI_JSON, "headers": both}) == HI_JSON
    blank_first = {"content-type": "", "Content-Type": "application/json"}
    assert parse_body({"body": HI_JSON, "headers": blank_first}) == HI
    others = {"CONTENT-TYPE": "text/plain", "Content-type": "application/json"}
    assert parse_body({"body": HI_JSON, "headers": others}) == HI_JSON
    node_spelling_first = {"CONTENT-TYPE": "text/plain", "Content-Type": "application/json"}
    assert parse_body({"body": HI_JSON, "headers": node_spelling_first}) == HI


# Arbitrary input

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3),
    max_leaves=10,
)
CONTENT_TYPES = st.sampled_from(
    [
        "application/json",
        "application/vnd.api+json",
        "text/plain",
        "text/xml",
        "application/xml",
        "application/x-www-form-urlencoded",
        "multipart/form-data",
        "application/octet-stream",
        "text/html",
        "application/json, text/plain",
        "application/ld+json",
    ]
)
PARAMETERS = st.sampled_from(["", "charset=utf-8", "x=application/json", "+json"]) | st.text(
    max_size=20
)
# A known type in random casing and spacing, with parameters, or any text at all.
CONTENT_TYPES = (
    st.builds(
        lambda media, upper, pad, params: f"{pad}{media.upper() if upper else media}{pad};{params}",
        CONTENT_TYPES,
        st.booleans(),
        st.sampled_from(["", " ", "\t"]),
        PARAMETERS,
    )
    | CONTENT_TYPES
    | st.text(max_size=30)
)
BODIES = (
    st.text()
    | st.binary().map(lambda data: base64.b64encode(data).decode())
    | st.binary().map(lambda data: base64.urlsafe_b64encode(data).decode().rstrip("="))
    | st.integers(995, 1005).map(lambda fields: b64("a=1&" * fields))
    | JSON_VALUES
)
HEADERS = st.one_of(
    st.none(),
    st.text(),
    st.fixed_dictionaries({}, optional={"content-type": CONTENT_TYPES | JSON_VALUES}),
    st.fixed_dictionaries({}, optional={"Content-Type": CONTENT_TYPES}),
    st.dictionaries(st.text(max_size=15), st.text(max_size=30), max_size=3),
)


@given(
    body=BODIES,
    headers=HEADERS,
    encoded=st.none() | st.booleans() | st.sampled_from(["false", "", 0, 1]),
)
def test_arbitrary_requests_raise_nothing_but_invalid_request_error(
    body: Any, headers: Any, encoded: Any
) -> None:
    req = {"body": body, "headers": headers, "isBase64Encoded": encoded}
    try:
        parsed = parse_body(req)
    except InvalidRequestError as err:
        parsed = err
    if isinstance(parsed, InvalidRequestError):
        assert any(word in str(parsed) for word in ("base64", "JSON", "fields"))
    else:
        assert _is_data(parsed)


# The types a browser may send cross-site without a CORS preflight.
SIMPLE_TYPES = ("text/plain", "application/x-www-form-urlencoded", "multipart/form-data")


@given(
    media=st.sampled_from(SIMPLE_TYPES),
    params=PARAMETERS,
    data=JSON_VALUES.filter(lambda value: isinstance(value, dict)),
)
def test_a_body_with_a_simple_request_type_is_never_parsed_as_json(
    media: str, params: str, data: Any
) -> None:
    import json

    body = json.dumps(data)
    assert parse_body(request(body, f"{media}; {params}")) == body


def _is_data(value: Any) -> bool:
    if value is None or isinstance(value, (bool, int, float, str)):
        return True
    if isinstance(value, list):
        return all(_is_data(item) for item in value)
    if isinstance(value, dict):
        return all(isinstance(key, str) and _is_data(item) for key, item in value.items())
    return False


@given(data=JSON_VALUES)
def test_any_json_document_round_trips(data: Any) -> None:
    import json

    text = json.dumps(data, allow_nan=False) if _finite(data) else "{}"
    parsed = parse_body(request(b64(text), "application/json", True))
    expected = json.loads(text)
    assert parsed == (expected if expected not in (None, False, 0, "") else {})


def _finite(value: Any) -> bool:
    if isinstance(value, float):
        return value == value and value not in (float("inf"), float("-inf"))
    if isinstance(value, list):
        return all(_finite(item) for item in value)
    if isinstance(value, dict):
        return all(_finite(item) for item in value.values())
    return True


FORM_TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)))


@given(pairs=st.lists(st.tuples(FORM_TEXT.filter(bool), FORM_TEXT), min_size=1, max_size=5))
def test_any_form_round_trips(pairs: list[tuple[str, str]]) -> None:
    from urllib.parse import urlencode

    form = b64(urlencode(pairs))
    parsed = parse_body(request(form, "application/x-www-form-urlencoded", True))
    expected: dict[str, Any] = {}
    for key, value in pairs:
        seen = expected.get(key)
        earlier = [] if seen is None else [seen] if isinstance(seen, str) else seen
        expected[key] = [*earlier, value] if earlier else value
    assert parsed == expected


@pytest.mark.parametrize("body", [5, 1.5, True])
def test_a_parsed_scalar_body_passes_through(body: Any) -> None:
    assert parse_body(request(body, "application/json")) == body
