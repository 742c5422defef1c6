"""Client: a handler called in-process as API Gateway calls it, with a browser's cookies."""

from __future__ import annotations

import base64
import gzip
import json
import sys
import zlib
from pathlib import Path
from typing import Any

import pytest

import arc_http
from arc_core import MissingDependencyError, ResponseError
from arc_testing import Client, Response
from arc_testing.events import Api
from tests.arc_http.sessions.conftest import session_table

__all__ = ["session_table"]

API_MODES = ["http", "http-v1", "rest"]
# A page long enough for res() to compress (its compress_min_size is 1,000 bytes).
LONG_PAGE = "<p>" + "All work and no play. " * 100 + "</p>"


@pytest.fixture(autouse=True)
def testing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ARC_ENV", "testing")
    monkeypatch.setenv("ARC_APP_SECRET", "a-test-secret-that-is-long-enough")


class Recorder:
    """A handler that keeps the events it gets and answers what it is told."""

    def __init__(self, answer: Any = None) -> None:
        self.events: list[dict[str, Any]] = []
        self.contexts: list[Any] = []
        self.answer = answer if answer is not None else {"statusCode": 204}

    def __call__(self, event: dict[str, Any], context: Any) -> Any:
        self.events.append(event)
        self.contexts.append(context)
        return self.answer


def cookie_sent(event: dict[str, Any]) -> str:
    """The cookies of a request event as one `a=1; b=2` text, whatever its payload version."""
    if event.get("version") == "2.0":
        return "; ".join(event.get("cookies") or [])
    headers = {name.lower(): value for name, value in (event.get("headers") or {}).items()}
    return str(headers.get("cookie", ""))


# A visit counter through the real session middleware: what users test most.
def count_visit(req: arc_http.HttpRequest, context: Any) -> dict[str, Any]:
    count = req["session"].get("count", 0) + 1
    return {"json": {"count": count}, "session": {"count": count}}


counter = arc_http.handler(count_visit)


@pytest.mark.parametrize("api", API_MODES)
def test_a_jwe_session_survives_across_calls(api: Api) -> None:
    client = Client(counter, api=api)
    assert [client.get("/count").json()["count"] for _ in range(3)] == [1, 2, 3]
    assert "_idx" in client.cookies
    assert Client(counter, api=api).get("/count").json() == {"count": 1}


@pytest.mark.usefixtures("session_table")
def test_a_dynamodb_session_survives_across_calls() -> None:
    client = Client(counter)
    assert [client.get("/count").json()["count"] for _ in range(3)] == [1, 2, 3]
    assert client.cookies["_idx"] == client.get("/count").cookies["_idx"]


@pytest.mark.parametrize("api", API_MODES)
def test_each_call_is_a_fresh_event_of_the_clients_api_mode(api: Api) -> None:
    handler = Recorder()
    client = Client(handler, api=api)
    client.post("/things", json={"a": 1}, headers={"x-test": "yes"})
    client.get("/things?page=2")
    first, second = handler.events
    assert first is not second
    if api == "http":
        assert first["version"] == "2.0"
        assert first["requestContext"]["http"]["method"] == "POST"
        assert second["queryStringParameters"] == {"page": "2"}
    else:
        assert first["httpMethod"] == "POST"
        assert second["queryStringParameters"] == {"page": "2"}
    assert arc_http.parse_body(first) == {"a": 1}


@pytest.mark.parametrize("api", API_MODES)
def test_cookies_go_back_in_the_api_modes_own_place(api: Api) -> None:
    handler = Recorder({"statusCode": 200, "headers": {"Set-Cookie": "a=1; Path=/"}})
    client = Client(handler, api=api)
    client.get("/")
    client.get("/", cookies={"b": "2"})
    client.get("/")
    assert cookie_sent(handler.events[0]) == ""
    assert cookie_sent(handler.events[1]) == "a=1; b=2"
    assert cookie_sent(handler.events[2]) == "a=1"
    if api == "http":
        assert handler.events[2]["cookies"] == ["a=1"]


def test_set_cookie_is_read_from_headers_multi_value_headers_and_the_cookies_list() -> None:
    rest = Client(
        lambda event, context: {
            "statusCode": 200,
            "headers": {"set-cookie": "a=1; Path=/"},
            "multiValueHeaders": {"Set-Cookie": ["b=2; Path=/", "c=3; Path=/"]},
        },
        api="rest",
    )
    response = rest.get("/")
    # Both given for one name: API Gateway takes multiValueHeaders' values.
    assert response.headers.get_list("set-cookie") == ["b=2; Path=/", "c=3; Path=/"]
    assert dict(rest.cookies) == {"b": "2", "c": "3"}
    v2 = Client(
        lambda event, context: {
            "statusCode": 200,
            "headers": {"set-cookie": "a=1; Path=/"},
            "cookies": ["b=2; Path=/", "c=3; Path=/"],
        }
    )
    assert v2.get("/").cookies == {"a": "1", "b": "2", "c": "3"}
    assert dict(v2.cookies) == {"a": "1", "b": "2", "c": "3"}


def test_max_age_zero_and_past_expires_delete_cookies() -> None:
    answers = iter(
        [
            ["a=1; Path=/", "b=2; Path=/", "c=3; Path=/"],
            ["a=; Path=/; Max-Age=0", "b=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT"],
        ]
    )
    client = Client(lambda event, context: {"statusCode": 200, "cookies": next(answers)})
    client.get("/")
    response = client.get("/")
    assert response.cookies == {"a": "", "b": ""}
    assert dict(client.cookies) == {"c": "3"}


def test_a_logout_that_writes_an_empty_session_starts_the_count_again() -> None:
    def logout(req: dict[str, Any], context: Any) -> arc_http.HttpResponse:
        return arc_http.res(req, {"status": 303, "location": "/", "session": {}})

    browser = Client(counter)
    browser.get("/")
    browser.get("/")
    Client(logout, cookies=browser.cookies).post("/logout")
    assert browser.get("/").json() == {"count": 1}


def test_cookie_paths_are_respected() -> None:
    handler = Recorder({"statusCode": 200, "cookies": ["admin=1; Path=/admin"]})
    client = Client(handler)
    client.get("/admin/login")
    client.get("/")
    client.get("/admin/users")
    assert [cookie_sent(event) for event in handler.events] == ["", "", "admin=1"]


def test_res_compression_is_undone_gzip_and_br() -> None:
    def page(req: dict[str, Any], context: Any) -> arc_http.HttpResponse:
        return arc_http.res(req, {"html": LONG_PAGE})

    client = Client(page)
    for coding in ("gzip", "br"):
        response = client.get("/", headers={"accept-encoding": coding})
        assert response.headers["content-encoding"] == coding
        assert response.result["isBase64Encoded"] is True
        assert response.text == LONG_PAGE
    assert "content-encoding" not in client.get("/").headers


def test_deflate_and_stacked_encodings_are_undone() -> None:
    data = b"hello " * 50
    body = base64.b64encode(gzip.compress(zlib.compress(data))).decode()
    answer = {
        "statusCode": 200,
        "headers": {"Content-Encoding": "deflate, gzip"},
        "isBase64Encoded": True,
        "body": body,
    }
    assert Client(lambda event, context: answer).get("/").body == data


def test_br_without_brotli_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "brotli", None)  # as if it were not installed
    answer = {"statusCode": 200, "headers": {"content-encoding": "br"}, "body": "x"}
    with pytest.raises(MissingDependencyError, match=r"arc-testing\[brotli\]"):
        Client(lambda event, context: answer).get("/")


def test_a_binary_body_is_base64_decoded() -> None:
    data = bytes(range(256))
    answer = {
        "statusCode": 200,
        "headers": {"content-type": "application/octet-stream"},
        "isBase64Encoded": True,
        "body": base64.b64encode(data).decode(),
    }
    response = Client(lambda event, context: answer).get("/")
    assert response.body == data


def test_headers_are_case_insensitive_and_text_follows_the_charset() -> None:
    answer = {
        "statusCode": 201,
        "headers": {"Content-Type": "text/plain; charset=latin-1", "X-Thing": "a"},
        "body": "café",
    }
    response = Client(lambda event, context: answer, api="rest").get("/")
    assert response.status == 201
    assert response.headers["content-type"] == "text/plain; charset=latin-1"
    assert response.headers["CONTENT-TYPE"] == response.headers["Content-Type"]
    assert "x-thing" in response.headers
    assert set(response.headers) == {"content-type", "x-thing"}
    assert response.body == "café".encode()
    assert response.text == "café".encode().decode("latin-1")
    assert repr(response) == "<Response 201 text/plain; charset=latin-1, 5 bytes>"


def test_an_http_api_reads_results_without_a_status_code_as_json() -> None:
    def answering(value: Any) -> Response:
        return Client(lambda event, context: value).get("/")

    assert answering(None).json() is None
    assert answering(None).headers["content-type"] == "application/json"
    assert answering({"a": [1, 2]}).json() == {"a": [1, 2]}
    assert answering([1]).status == 200
    assert answering("plain").body == b"plain"


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        ({"statusCode": "200"}, "statusCode is '200', not an int"),
        ({"statusCode": 200, "body": b"x"}, "body is bytes, not a str"),
        ({"statusCode": 200, "headers": [("a", "b")]}, "headers must be a dict"),
        ({"statusCode": 200, "cookies": "a=1"}, "cookies must be a list"),
        ({"statusCode": 200, "isBase64Encoded": "yes"}, "isBase64Encoded is 'yes'"),
        ({"statusCode": 200, "headers": {"x": None}}, r"headers\['x'\] is NoneType"),
        ({"statusCode": 200, "headers": {"x": b"y"}}, r"headers\['x'\] is bytes"),
        (object(), "neither a response nor JSON"),
    ],
)
def test_what_api_gateway_would_turn_into_a_502_is_a_response_error(
    answer: Any, message: str
) -> None:
    with pytest.raises(ResponseError, match=message):
        Client(lambda event, context: answer).get("/")


@pytest.mark.parametrize("api", ["rest", "http-v1"])
def test_payload_1_needs_a_status_code(api: Api) -> None:
    with pytest.raises(ResponseError, match="has no statusCode"):
        Client(lambda event, context: {"ok": True}, api=api).get("/")
    with pytest.raises(ResponseError, match="needs a dict with a statusCode"):
        Client(lambda event, context: None, api=api).get("/")
    with pytest.raises(ResponseError, match="multiValueHeaders"):
        Client(
            lambda event, context: {"statusCode": 200, "multiValueHeaders": {"a": "b"}}, api=api
        ).get("/")


def test_handler_errors_reach_the_test() -> None:
    def broken(event: Any, context: Any) -> None:
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError, match="boom"):
        Client(broken).get("/")


def test_invoke_passes_any_event_and_returns_what_the_handler_returns() -> None:
    handler = Recorder({"batchItemFailures": []})
    client = Client(handler)
    event: dict[str, Any] = {"Records": []}
    assert client.invoke(event) == {"batchItemFailures": []}
    assert handler.events == [event]


def test_the_default_context_is_the_sandboxes_dict_fresh_per_call() -> None:
    handler = Recorder()
    client = Client(handler)
    client.invoke({})
    client.get("/")
    first, second = handler.contexts
    assert set(first) == {
        "aws_request_id",
        "function_name",
        "function_version",
        "invoked_function_arn",
        "memory_limit_in_mb",
    }
    assert first["aws_request_id"] != second["aws_request_id"]
    given = object()
    Client(handler, context=given).get("/")
    assert handler.contexts[-1] is given


def test_an_unknown_api_mode_is_refused() -> None:
    with pytest.raises(ValueError, match="api is one of http, http-v1, rest"):
        Client(Recorder(), api="websocket")  # type: ignore[arg-type]


def test_path_params_and_routes_reach_the_handler() -> None:
    handler = Recorder()
    Client(handler).get("/count/jwe", route="/count/:provider")
    Client(handler).get("/", route="/things/:id", path_params={"id": "7"})
    assert handler.events[0]["pathParameters"] == {"provider": "jwe"}
    assert handler.events[1]["pathParameters"] == {"id": "7"}


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def test_a_handler_is_loaded_from_its_folder_as_the_sandbox_loads_it(tmp_path: Path) -> None:
    folder = tmp_path / "src" / "http" / "get-index"
    write(folder / "helper.py", "GREETING = 'hi from a sibling module'\n")
    write(
        folder / "lambda.py",
        "from dataclasses import dataclass\n"
        "from helper import GREETING\n\n"
        "@dataclass\nclass Page:\n    text: str\n\n"
        "def handler(event, context):\n"
        "    return {'statusCode': 200, 'body': Page(GREETING).text}\n",
    )
    write(folder / "index.py", "def handler(event, context):\n    return 'not me'\n")
    before = list(sys.path)
    client = Client(folder)
    assert client.get("/").text == "hi from a sibling module"
    assert sys.path == before
    assert Client(str(folder / "index.py")).get("/").text == "not me"
    # A fresh module each time: module state never leaks between clients.
    assert Client(folder).handler is not client.handler


def test_each_function_gets_its_own_sibling_modules_and_vendor(tmp_path: Path) -> None:
    handler = "from helpers import NAME\n\ndef handler(event, context):\n    return NAME\n"
    for name in ("one", "two"):
        write(tmp_path / name / "helpers.py", f"NAME = {name!r}\n")
        write(tmp_path / name / "lambda.py", handler)
    write(tmp_path / "three" / "vendor" / "shared" / "__init__.py", "NAME = 'vendored'\n")
    write(tmp_path / "three" / "lambda.py", handler.replace("helpers", "shared"))
    assert [Client(tmp_path / name).get("/").text for name in ("one", "two", "three")] == [
        "one",
        "two",
        "vendored",
    ]
    assert "helpers" not in sys.modules
    assert "shared" not in sys.modules


def test_a_handler_path_without_a_handler_says_so(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match=r"no lambda.py, handler.py, index.py in"):
        Client(tmp_path)
    with pytest.raises(FileNotFoundError, match="no handler file or function folder"):
        Client(tmp_path / "missing")
    write(tmp_path / "index.py", "HANDLER = None\n")
    with pytest.raises(AttributeError, match="defines no function `handler`"):
        Client(tmp_path)
    write(tmp_path / "handler.py", "raise ImportError('broken at import')\n")
    with pytest.raises(ImportError, match="broken at import"):
        Client(tmp_path)


def test_response_json_and_repr_of_a_client() -> None:
    client = Client(lambda event, context: {"statusCode": 200, "body": json.dumps([1, "a"])})
    assert client.get("/").json() == [1, "a"]
    assert repr(client).startswith("<Client http ")
