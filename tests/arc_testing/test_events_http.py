"""arc_testing.events.http: request events of each payload, as API Gateway and the sandbox send.

tests/e2e/test_testing_events.py compares these events with the sandbox's own; these
tests pin down each rule, and feed open inputs through arc_http, which reads them.
"""

from __future__ import annotations

import base64
import json
import re
import time
from typing import Any
from urllib.parse import parse_qs

import pytest
from hypothesis import given
from hypothesis import strategies as st

from arc_http import handler, parse_body
from arc_http.helpers import interpolate
from arc_testing import events

APIS: list[events.Api] = ["http", "http-v1", "rest"]
# API Gateway's `time` and `requestTime`: 12/Mar/2020:19:03:58 +0000.
GATEWAY_TIME = re.compile(r"^\d\d/[A-Z][a-z]{2}/\d{4}:\d\d:\d\d:\d\d \+0000$")


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


# --- The shape of each payload ---------------------------------------------------------


def test_an_http_api_event_has_the_keys_of_payload_2_0() -> None:
    event = events.http("GET", "/")

    assert list(event) == [
        "version",
        "routeKey",
        "rawPath",
        "rawQueryString",
        "headers",
        "requestContext",
        "isBase64Encoded",
    ]
    assert event["version"] == "2.0"
    assert event["routeKey"] == "GET /"
    assert event["rawPath"] == "/"
    assert event["rawQueryString"] == ""
    assert event["isBase64Encoded"] is False
    context = event["requestContext"]
    assert context["http"] == {
        "method": "GET",
        "path": "/",
        "protocol": "HTTP/1.1",
        "sourceIp": "127.0.0.1",
        "userAgent": None,
    }
    assert context["routeKey"] == "GET /"
    assert context["stage"] == "$default"
    assert context["domainName"] == "localhost"
    assert set(context) == {
        "http",
        "routeKey",
        "timeEpoch",
        "domainName",
        "requestId",
        "stage",
        "time",
    }


def test_a_rest_event_has_the_keys_of_payload_1_0_and_nulls_for_what_is_empty() -> None:
    event = events.http("DELETE", "/notes", api="rest")

    assert "version" not in event
    assert event["httpMethod"] == "DELETE"
    assert event["path"] == "/notes"
    assert event["resource"] == "/notes"
    for key in (
        "body",
        "pathParameters",
        "queryStringParameters",
        "multiValueQueryStringParameters",
        "stageVariables",
    ):
        assert event[key] is None, key
    assert event["isBase64Encoded"] is False
    context = event["requestContext"]
    assert context["httpMethod"] == "DELETE"
    assert context["path"] == "/notes"
    assert context["resourcePath"] == "/notes"
    assert context["protocol"] == "HTTP/1.1"
    assert context["identity"] == {"sourceIp": "127.0.0.1", "userAgent": None}
    assert context["stage"] == "testing"
    assert GATEWAY_TIME.match(context["requestTime"])


def test_an_http_api_event_with_payload_1_0_says_version_1_0_and_stage_default() -> None:
    event = events.http("GET", "/", api="http-v1")

    assert event["version"] == "1.0"
    assert event["requestContext"]["stage"] == "$default"
    assert event["httpMethod"] == "GET"


def test_a_rest_events_stage_is_the_arc_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ARC_ENV", "production")

    assert events.http(api="rest")["requestContext"]["stage"] == "production"


def test_the_method_is_uppercased() -> None:
    event = events.http("post", "/notes")

    assert event["requestContext"]["http"]["method"] == "POST"
    assert event["routeKey"] == "POST /notes"


def test_an_unknown_api_is_refused() -> None:
    with pytest.raises(ValueError, match="api must be one of http, http-v1, rest"):
        events.http(api="websocket")  # type: ignore[arg-type]


# --- Ids and timestamps ----------------------------------------------------------------


def test_request_ids_are_random_and_shaped_as_api_gateways() -> None:
    first, second = events.http(), events.http()

    ids = [first["requestContext"]["requestId"], second["requestContext"]["requestId"]]
    assert ids[0] != ids[1]
    assert all(re.fullmatch(r"[A-Za-z0-9]{15}=", found) for found in ids)
    rest_id = events.http(api="rest")["requestContext"]["requestId"]
    assert re.fullmatch(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}", rest_id)


@pytest.mark.parametrize("api", APIS)
def test_timestamps_are_now_in_milliseconds(api: events.Api) -> None:
    before = int(time.time() * 1000)
    context = events.http(api=api)["requestContext"]
    after = int(time.time() * 1000)

    epoch = context["timeEpoch"] if api == "http" else context["requestTimeEpoch"]
    text = context["time"] if api == "http" else context["requestTime"]
    assert before <= epoch <= after
    assert GATEWAY_TIME.match(text)
    assert time.strftime("%d/%b/%Y:%H:%M:%S +0000", time.gmtime(epoch / 1000)) == text


# --- Routes, paths and path parameters -------------------------------------------------


@pytest.mark.parametrize("api", APIS)
def test_a_route_with_a_parameter_fills_route_key_resource_and_path_parameters(
    api: events.Api,
) -> None:
    event = events.http("GET", "/notes/7", route="/notes/:id", api=api)

    assert event["pathParameters"] == {"id": "7"}
    if api == "http":
        assert event["routeKey"] == "GET /notes/{id}"
        assert event["requestContext"]["routeKey"] == "GET /notes/{id}"
        assert event["rawPath"] == "/notes/7"
    else:
        assert event["resource"] == "/notes/{id}"
        assert event["requestContext"]["resourcePath"] == "/notes/{id}"
        assert event["path"] == "/notes/7"


def test_path_params_without_a_path_make_the_path_percent_encoded() -> None:
    event = events.http(route="/notes/:id/tags/:tag", path_params={"id": "n ö/1", "tag": "a"})

    assert event["rawPath"] == "/notes/n%20%C3%B6%2F1/tags/a"
    assert event["requestContext"]["http"]["path"] == "/notes/n%20%C3%B6%2F1/tags/a"
    assert event["pathParameters"] == {"id": "n ö/1", "tag": "a"}


def test_path_parameters_are_read_percent_decoded_from_the_path() -> None:
    event = events.http("GET", "/notes/n%20o%2Fte", route="/notes/:id")

    assert event["pathParameters"] == {"id": "n o/te"}


def test_api_gateways_route_syntax_works_too() -> None:
    event = events.http("GET", "/notes/7", route="/notes/{id}", api="rest")

    assert event["resource"] == "/notes/{id}"
    assert event["pathParameters"] == {"id": "7"}


@pytest.mark.parametrize(("api", "key"), [("http", "routeKey"), ("rest", "resource")])
def test_a_catch_all_gives_proxy_the_rest_of_the_path(api: events.Api, key: str) -> None:
    event = events.http("GET", "/files/a%20b/c.txt", route="/files/*", api=api)

    assert event["pathParameters"] == {"proxy": "a b/c.txt"}
    assert event[key].endswith("/files/{proxy+}")
    filled = events.http(route="/files/*", path_params={"proxy": "x y/z"})
    assert filled["rawPath"] == "/files/x%20y/z"


def test_without_a_route_the_path_is_the_route() -> None:
    event = events.http("PUT", "/a/b")

    assert event["routeKey"] == "PUT /a/b"
    assert "pathParameters" not in event


def test_a_route_without_parameters_is_the_path_when_no_path_is_given() -> None:
    assert events.http(route="/about")["rawPath"] == "/about"


def test_a_route_matches_a_percent_encoded_path() -> None:
    event = events.http("GET", "/caf%C3%A9/7", route="/café/:id")

    assert event["pathParameters"] == {"id": "7"}
    assert event["routeKey"] == "GET /café/{id}"


def test_a_trailing_slash_matches_the_route_without_one() -> None:
    event = events.http("GET", "/notes/7/", route="/notes/:id")

    assert event["pathParameters"] == {"id": "7"}
    assert event["rawPath"] == "/notes/7/"


@pytest.mark.parametrize(
    ("path", "route", "path_params", "message"),
    [
        ("/notes", "/notes/:id", None, "does not match the route"),
        ("/tags/7", "/notes/:id", None, "does not match the route"),
        ("/notes/7/more", "/notes/:id", None, "does not match the route"),
        ("/notes/7", "/notes/:id", {"id": "8"}, "do not match the path"),
        ("/", "/notes/:id", {"other": "8"}, "path_params has no 'id'"),
        ("/", "/notes/:id", None, "path_params has no 'id'"),
        ("/notes/7", None, {"id": "7"}, "path_params needs the route"),
        ("notes", None, None, "path must start with '/'"),
        ("/x", "x", None, "route must start with '/'"),
        ("/a/b", "/*/b", None, "can only end a route"),
    ],
)
def test_a_route_path_and_params_that_disagree_are_refused(
    path: str, route: str | None, path_params: dict[str, str] | None, message: str
) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        events.http("GET", path, route=route, path_params=path_params)


def test_characters_a_client_would_escape_are_percent_encoded_in_the_path() -> None:
    event = events.http("GET", "/a b/ü'x", api="rest")

    assert event["path"] == "/a%20b/%C3%BC%27x"


def test_arc_http_interpolate_reads_the_path_and_parameters_of_each_payload() -> None:
    for api in APIS:
        req = interpolate(events.http("GET", "/notes/7", route="/notes/:id", api=api))

        assert req["params"] == {"id": "7"}, api
        assert req["resource"] == "/notes/{id}", api
        assert req["path"] == "/notes/7", api
        assert req["httpMethod"] == "GET", api


# --- Query strings -------------------------------------------------------------------


def test_repeated_query_values_are_comma_joined_in_payload_2_0() -> None:
    event = events.http("GET", "/search", query={"tag": ["a", "b"], "q": "two words", "e": ""})

    assert event["rawQueryString"] == "tag=a&tag=b&q=two+words&e="
    assert event["queryStringParameters"] == {"tag": "a,b", "q": "two words", "e": ""}


@pytest.mark.parametrize("api", ["http-v1", "rest"])
def test_payload_1_0_keeps_the_last_value_and_lists_them_all(api: events.Api) -> None:
    event = events.http("GET", "/search", query={"tag": ["a", "b"], "q": "x"}, api=api)

    assert event["queryStringParameters"] == {"tag": "b", "q": "x"}
    assert event["multiValueQueryStringParameters"] == {"tag": ["a", "b"], "q": ["x"]}


def test_a_query_in_the_path_is_kept_as_it_is_and_joined_with_query() -> None:
    event = events.http("GET", "/search?q=caf%C3%A9&q=b+c", query={"page": "2"})

    assert event["rawPath"] == "/search"
    assert event["rawQueryString"] == "q=caf%C3%A9&q=b+c&page=2"
    assert event["queryStringParameters"] == {"q": "café,b c", "page": "2"}


def test_no_query_is_no_parameters() -> None:
    assert "queryStringParameters" not in events.http("GET", "/", query={})
    assert events.http("GET", "/", api="rest")["multiValueQueryStringParameters"] is None


@pytest.mark.parametrize("query", [{"n": 2}, {"n": [1]}, {1: "x"}, {"n": b"x"}])
def test_query_values_that_are_not_text_are_refused(query: Any) -> None:
    with pytest.raises(TypeError, match="query"):
        events.http(query=query)


# --- Headers -------------------------------------------------------------------------


def test_a_client_and_the_sandbox_add_host_and_forwarding_headers() -> None:
    headers = events.http()["headers"]

    assert headers == {
        "host": "localhost:3333",
        "x-forwarded-for": "127.0.0.1",
        "x-forwarded-port": "3333",
        "x-forwarded-proto": "http",
    }


def test_the_sandboxs_port_comes_from_arc_sandbox(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ARC_SANDBOX", json.dumps({"ports": {"http": 4567}, "version": "8.0.0"}))

    headers = events.http()["headers"]

    assert headers["host"] == "localhost:4567"
    assert headers["x-forwarded-port"] == "4567"


def test_a_given_host_gives_the_forwarded_port_and_the_domain_name() -> None:
    event = events.http(headers={"Host": "127.0.0.1:40001"})

    assert event["headers"]["host"] == "127.0.0.1:40001"
    assert event["headers"]["x-forwarded-port"] == "40001"
    assert event["requestContext"]["domainName"] == "127.0.0.1"
    bare = events.http(headers={"host": "example.com"})
    assert bare["requestContext"]["domainName"] == "example.com"
    assert bare["headers"]["x-forwarded-port"] == "3333"


def test_payload_2_0_lowercases_every_header_name_and_copies_the_user_agent() -> None:
    event = events.http(headers={"User-Agent": "curl/8", "X-Custom": "Yes", "Authorization": "t"})

    assert event["headers"]["user-agent"] == "curl/8"
    assert event["headers"]["x-custom"] == "Yes"
    assert event["headers"]["authorization"] == "t"
    assert event["requestContext"]["http"]["userAgent"] == "curl/8"


def test_rest_capitalises_a_few_header_names_and_lowercases_the_rest() -> None:
    sent = {"user-agent": "curl/8", "X-Custom": "Yes", "authorization": "t", "DATE": "now"}
    rest = events.http(headers=sent, api="rest")
    v1 = events.http(headers=sent, api="http-v1")

    assert set(rest["headers"]) == {
        "Host",
        "User-Agent",
        "x-custom",
        "Authorization",
        "Date",
        "X-Forwarded-For",
        "X-Forwarded-Port",
        "X-Forwarded-Proto",
    }
    assert {"authorization", "date", "User-Agent"} <= set(v1["headers"])
    assert rest["multiValueHeaders"] == {name: [value] for name, value in rest["headers"].items()}
    assert rest["requestContext"]["identity"]["userAgent"] == "curl/8"


def test_hop_by_hop_headers_are_dropped_and_rest_drops_a_few_more() -> None:
    sent = {"Connection": "keep-alive", "TE": "trailers", "Upgrade": "h2c", "Server": "x"}

    assert set(events.http(headers=sent)["headers"]) & {"connection", "te", "upgrade"} == set()
    assert events.http(headers=sent)["headers"]["server"] == "x"
    assert "server" not in events.http(headers=sent, api="rest")["headers"]
    assert "server" in events.http(headers=sent, api="http-v1")["headers"]


def test_a_forwarded_for_header_gives_the_source_ip() -> None:
    event = events.http(headers={"X-Forwarded-For": "203.0.113.9"})

    assert event["requestContext"]["http"]["sourceIp"] == "203.0.113.9"
    assert event["headers"]["x-forwarded-for"] == "203.0.113.9"


@pytest.mark.parametrize("headers", [{"a": 1}, {1: "a"}])
def test_header_values_that_are_not_text_are_refused(headers: Any) -> None:
    with pytest.raises(TypeError, match="header names and values must be str"):
        events.http(headers=headers)


# --- Cookies -------------------------------------------------------------------------


def test_payload_2_0_moves_cookies_to_their_own_list() -> None:
    event = events.http(headers={"Cookie": "a=1; b=2"}, cookies={"c": "3"})

    assert event["cookies"] == ["a=1", "b=2", "c=3"]
    assert "cookie" not in event["headers"]


@pytest.mark.parametrize("api", ["http-v1", "rest"])
def test_payload_1_0_keeps_cookies_in_one_cookie_header(api: events.Api) -> None:
    event = events.http(cookies={"a": "1", "b": "x%2Fy"}, api=api)

    assert event["headers"]["cookie"] == "a=1; b=x%2Fy"
    assert event["multiValueHeaders"]["cookie"] == ["a=1; b=x%2Fy"]
    assert "cookies" not in event


def test_no_cookies_is_no_cookies_key() -> None:
    assert "cookies" not in events.http(cookies={})
    empty = events.http(headers={"cookie": ""})
    assert "cookies" not in empty
    assert "cookie" not in empty["headers"]


# --- Bodies --------------------------------------------------------------------------


def test_json_is_compact_text_with_its_content_type_and_length() -> None:
    event = events.http("POST", "/notes", json={"text": "héllo", "n": 1.0})

    assert event["body"] == '{"text":"héllo","n":1}'
    assert event["isBase64Encoded"] is False
    assert event["headers"]["content-type"] == "application/json"
    assert event["headers"]["content-length"] == str(len('{"text":"héllo","n":1}'.encode()))


def test_a_given_content_type_wins_over_the_implied_one() -> None:
    event = events.http("POST", json={"a": 1}, headers={"Content-Type": "application/vnd.api+json"})

    assert event["headers"]["content-type"] == "application/vnd.api+json"
    assert event["isBase64Encoded"] is False


@pytest.mark.parametrize("api", APIS)
def test_a_form_is_urlencoded_and_base64_encoded(api: events.Api) -> None:
    event = events.http("POST", "/form", form={"name": "Ada L", "tag": ["a", "b&c"]}, api=api)

    assert event["isBase64Encoded"] is True
    assert base64.b64decode(event["body"]) == b"name=Ada+L&tag=a&tag=b%26c"
    assert event["headers"]["content-type"] == "application/x-www-form-urlencoded"
    assert parse_body(event) == {"name": "Ada L", "tag": ["a", "b&c"]}


@pytest.mark.parametrize("api", APIS)
def test_bytes_are_base64_encoded(api: events.Api) -> None:
    event = events.http("POST", "/upload", body=b"\x00\xff", api=api)

    assert event["body"] == "AP8="
    assert event["isBase64Encoded"] is True
    assert event["headers"]["content-length"] == "2"
    assert "content-type" not in event["headers"]


def test_bytes_with_a_json_content_type_are_text_in_an_http_api() -> None:
    event = events.http(
        "POST", body=b'{"a":1}', headers={"content-type": "application/merge-patch+json"}
    )

    assert event["body"] == '{"a":1}'
    assert event["isBase64Encoded"] is False


def test_a_str_body_is_sent_as_it_is_in_an_http_api() -> None:
    event = events.http("POST", body="héllo", headers={"content-type": "text/plain"})

    assert event["body"] == "héllo"
    assert event["isBase64Encoded"] is False
    assert event["headers"]["content-length"] == "6"


def test_rest_base64_encodes_every_body_json_and_text_too() -> None:
    as_json = events.http("POST", json={"a": 1}, api="rest")
    as_text = events.http("POST", body="hi", api="rest")

    assert (as_json["body"], as_json["isBase64Encoded"]) == (b64(b'{"a":1}'), True)
    assert (as_text["body"], as_text["isBase64Encoded"]) == (b64(b"hi"), True)


@pytest.mark.parametrize("api", APIS)
def test_an_empty_body_is_no_body(api: events.Api) -> None:
    event = events.http("POST", body=b"", api=api)

    assert event.get("body") is None
    assert event["isBase64Encoded"] is False
    assert event["headers"]["content-length"] == "0"


def test_one_body_at_most() -> None:
    with pytest.raises(ValueError, match="one body at most, not json and form"):
        events.http("POST", json={"a": 1}, form={"a": "1"})


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"json": {1, 2}}, "json= must be a JSON value"),
        ({"body": 12}, "body must be str or bytes"),
        ({"form": {"a": 1}}, "form keys must be str and values str or lists of str"),
        ({"form": {"a": [1]}}, "form values must be str or lists of str"),
    ],
)
def test_bodies_of_the_wrong_kind_are_refused(options: dict[str, Any], message: str) -> None:
    with pytest.raises(TypeError, match=message):
        events.http("POST", **options)


@pytest.mark.parametrize("api", APIS)
def test_arc_http_handler_reads_the_body_cookies_and_query_of_each_payload(
    api: events.Api,
) -> None:
    seen: dict[str, Any] = {}

    @handler
    def app(req: Any, context: Any) -> dict[str, Any]:
        seen.update(body=req["body"], query=req["query"], method=req["method"])
        return {"json": {"ok": True}}

    reply = app(events.http("POST", "/notes?x=1", json={"text": "hi"}, api=api), {})

    assert reply["statusCode"] == 200
    assert seen == {"body": {"text": "hi"}, "query": {"x": "1"}, "method": "POST"}


# --- Open inputs, through arc_http -------------------------------------------------------

TEXT = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=20)
NAMES = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), min_size=1, max_size=10)
QUERIES = st.dictionaries(NAMES, st.one_of(TEXT, st.lists(TEXT, min_size=1, max_size=3)))


@given(query=QUERIES, api=st.sampled_from(APIS))
def test_any_query_reaches_the_handler_as_api_gateway_gives_it(
    query: dict[str, str | list[str]], api: events.Api
) -> None:
    event = events.http("GET", "/search", query=query, api=api)

    values = {key: [value] if isinstance(value, str) else value for key, value in query.items()}
    assert parse_qs(event["rawQueryString"] if api == "http" else "", keep_blank_values=True) == (
        values if api == "http" else {}
    )
    if api == "http":
        expected = {key: ",".join(items) for key, items in values.items()}
        assert event.get("queryStringParameters", {}) == expected
    else:
        assert event["multiValueQueryStringParameters"] == (values or None)
        last = {key: items[-1] for key, items in values.items()}
        assert event["queryStringParameters"] == (last or None)


FORMS = st.dictionaries(
    NAMES.filter(lambda name: name.strip() == name),
    st.one_of(TEXT, st.lists(TEXT, min_size=2, max_size=3)),
    min_size=1,
)


@given(form=FORMS, api=st.sampled_from(APIS))
def test_any_form_parses_back_to_itself(form: dict[str, str | list[str]], api: events.Api) -> None:
    event = events.http("POST", "/form", form=form, api=api)

    assert parse_body(event) == form


JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**53), 2**53) | TEXT,
    lambda children: st.lists(children, max_size=3) | st.dictionaries(TEXT, children, max_size=3),
    max_leaves=10,
)


@given(value=st.dictionaries(TEXT, JSON, min_size=1), api=st.sampled_from(APIS))
def test_any_json_parses_back_to_itself(value: dict[str, Any], api: events.Api) -> None:
    event = events.http("POST", "/notes", json=value, api=api)

    assert parse_body(event) == value


@given(data=st.binary(min_size=1), api=st.sampled_from(APIS))
def test_any_bytes_come_back_from_their_base64(data: bytes, api: events.Api) -> None:
    event = events.http("POST", "/upload", body=data, api=api)

    assert base64.b64decode(event["body"], validate=True) == data
    assert parse_body({**event, "headers": {"content-type": "application/octet-stream"}}) == {
        "base64": event["body"]
    }


@given(text=TEXT.filter(bool))
def test_any_text_body_is_sent_as_it_is(text: str) -> None:
    assert events.http("POST", body=text)["body"] == text


HEADER_NAMES = st.from_regex(r"[A-Za-z][A-Za-z0-9-]{0,15}", fullmatch=True).filter(
    lambda name: (
        name.lower()
        not in {"connection", "expect", "proxy-authenticate", "te", "transfer-encoding", "upgrade"}
        | {"cookie", "host", "content-md5", "max-forwards", "server", "trailer", "www-authenticate"}
        and not name.lower().startswith("x-forwarded-")
    )
)
HEADER_VALUES = st.from_regex(r"[ -~]{0,30}", fullmatch=True)


@given(headers=st.dictionaries(HEADER_NAMES, HEADER_VALUES, max_size=6))
def test_any_headers_arrive_by_their_lowercase_name(headers: dict[str, str]) -> None:
    v2 = events.http(headers=headers)["headers"]
    rest = events.http(headers=headers, api="rest")["headers"]

    lowered = {name.lower(): value for name, value in headers.items()}
    assert {name: v2[name] for name in lowered} == lowered
    assert {name.lower(): value for name, value in rest.items() if name.lower() in lowered} == (
        lowered
    )


PARAMS = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), min_size=1, max_size=12)


@given(first=PARAMS, second=PARAMS, api=st.sampled_from(APIS))
def test_any_path_parameters_come_back_from_the_path(
    first: str, second: str, api: events.Api
) -> None:
    params = {"a": first, "b": second}
    event = events.http(route="/x/:a/y/:b", path_params=params, api=api)

    path = event["rawPath"] if api == "http" else event["path"]
    assert path.isascii()
    assert event["pathParameters"] == params
    again = events.http("GET", path, route="/x/:a/y/:b", api=api)
    assert again["pathParameters"] == params
