"""`handler`: Node's `arc.http(...fns)` chain as a synchronous Lambda handler."""

from __future__ import annotations

import asyncio
import copy
import logging
from types import SimpleNamespace
from typing import Any

import pytest

from arc_core import ConfigError, InvalidRequestError
from arc_http import HttpRequest, ResponseError, handler, parse_body
from tests.arc_http.events import b64, rest, v2

OK = {"statusCode": 200}


def capture(seen: list[dict[str, Any]], response: Any = OK) -> Any:
    def fn(req: dict[str, Any], context: Any) -> Any:
        seen.append(req)
        return response

    return fn


@pytest.mark.parametrize(
    "event",
    [
        v2(),
        v2("GET /nature/{activities}", "/nature/hiking", path_parameters={"nature": "hiking"}),
        v2(query={"whats": "up"}, raw_query="whats=up"),
        v2("POST /form", body='{"hi":"there"}', headers={"content-type": "application/json"}),
        rest(),
        rest(
            "/form",
            method="POST",
            body=b64('{"hi":"there"}'),
            headers={"content-type": "application/json"},
        ),
    ],
)
def test_the_request_is_prepared_once_before_the_first_function(event: dict[str, Any]) -> None:
    seen: list[dict[str, Any]] = []
    original = copy.deepcopy(event)
    handler(capture(seen))(event, {})
    [req] = seen
    assert set(original) <= set(req)
    assert req["session"] == {}
    assert req["method"] == req["httpMethod"]
    assert req["params"] is req["pathParameters"]
    assert req["query"] is req["queryStringParameters"]
    if original.get("body"):
        assert req["rawBody"] == original["body"]
        assert req["body"] == {"hi": "there"}
    else:
        assert req["body"] == {}
    assert event == original


def test_a_plain_function_returns_the_formatted_response() -> None:
    lambda_handler = handler(lambda req, context: {"json": {"path": req["path"]}})
    response = lambda_handler(v2("GET /a", "/a"), {})
    assert response["statusCode"] == 200
    assert response["body"] == '{"path":"/a"}'
    assert response["headers"]["content-type"] == "application/json; charset=utf8"


def test_it_works_as_a_decorator_and_keeps_the_name() -> None:
    @handler
    def lambda_handler(req: HttpRequest, context: Any) -> dict[str, Any]:
        """Say hello."""
        return {"text": "hello"}

    assert lambda_handler.__name__ == "lambda_handler"
    assert lambda_handler.__doc__ == "Say hello."
    assert lambda_handler(v2(), None)["body"] == "hello"


def test_async_functions_run_on_an_event_loop() -> None:
    async def fetch(req: dict[str, Any], context: Any) -> dict[str, Any]:
        await asyncio.sleep(0)
        return {"json": {"loop": asyncio.get_running_loop() is not None}}

    assert handler(fetch)(v2(), {})["body"] == '{"loop":true}'


def test_plain_and_async_functions_mix() -> None:
    order: list[str] = []

    def first(req: dict[str, Any], context: Any) -> None:
        order.append("plain")

    async def second(req: dict[str, Any], context: Any) -> None:
        order.append("async")

    def third(req: dict[str, Any], context: Any) -> dict[str, Any]:
        order.append("plain again")
        return {"text": "done"}

    assert handler(first, second, third)(v2(), {})["body"] == "done"
    assert order == ["plain", "async", "plain again"]


def test_a_plain_function_returning_an_awaitable_is_awaited() -> None:
    async def later(req: dict[str, Any]) -> None:
        req["late"] = True

    def starts(req: dict[str, Any], context: Any) -> Any:
        return later(req)

    seen: list[dict[str, Any]] = []
    handler(starts, capture(seen))(v2(), {})
    assert seen[0]["late"] is True


def test_an_awaitable_from_a_plain_function_can_be_the_response() -> None:
    async def respond() -> dict[str, Any]:
        return {"text": "later"}

    later: list[dict[str, Any]] = []
    response = handler(lambda req, context: respond(), capture(later))(v2(), {})
    assert response["body"] == "later"
    assert later == []


def test_an_awaitable_from_a_plain_function_in_an_async_chain_is_awaited() -> None:
    async def first(req: dict[str, Any], context: Any) -> None:
        req["first"] = True

    async def respond(req: dict[str, Any]) -> dict[str, Any]:
        return {"json": {"first": req["first"]}}

    response = handler(first, lambda req, context: respond(req))(v2(), {})
    assert response["body"] == '{"first":true}'


def test_none_and_falsy_results_continue_with_the_same_request() -> None:
    seen: list[dict[str, Any]] = []

    def mark(value: Any) -> Any:
        def fn(req: dict[str, Any], context: Any) -> Any:
            req.setdefault("marks", []).append(value)
            return value

        return fn

    handler(mark(None), mark(False), mark(0), mark(""), capture(seen))(v2(), {})
    assert seen[0]["marks"] == [None, False, 0, ""]


def test_a_returned_request_replaces_the_request() -> None:
    seen: list[dict[str, Any]] = []

    def replace(req: dict[str, Any], context: Any) -> dict[str, Any]:
        return {**req, "httpMethod": "POST", "user": "ada"}

    handler(replace, capture(seen))(v2(), {})
    assert seen[0]["user"] == "ada"
    assert seen[0]["httpMethod"] == "POST"


def test_a_response_stops_the_chain() -> None:
    later: list[dict[str, Any]] = []
    response = handler(lambda req, context: {"statusCode": 201}, capture(later))(v2(), {})
    assert response["statusCode"] == 201
    assert later == []


def test_an_empty_dict_is_a_response_as_in_javascript() -> None:
    later: list[dict[str, Any]] = []
    response = handler(lambda req, context: {}, capture(later))(v2(), {})
    assert response["body"] == "{}"
    assert later == []


def test_an_http_api_chain_without_a_response_answers_an_empty_200() -> None:
    async def nothing(req: dict[str, Any], context: Any) -> None:
        return None

    for fn in (lambda req, context: None, nothing):
        response = handler(fn)(v2(), {})
        assert response["statusCode"] == 200
        assert response["body"] == ""


@pytest.mark.parametrize("event", [rest(), rest(version="1.0")], ids=["rest", "payload-1.0"])
def test_a_rest_chain_without_a_response_raises(event: dict[str, Any]) -> None:
    with pytest.raises(ResponseError, match="Finished all functions without returning"):
        handler(lambda req, context: None, lambda req, context: None)(event, {})


def test_a_returned_exception_gives_the_error_page() -> None:
    response = handler(lambda req, context: ValueError("something bad happened"))(rest(), {})
    assert response["statusCode"] == 500
    assert "something bad happened" in response["body"]


class NotFound(Exception):
    status = 404


# What a function may raise: none of them is the request's fault as far as the handler
# knows, so each is a 500, whatever its type (a status it carries included).
RAISED = [
    KeyError("boom"),
    ValueError("bad value"),
    InvalidRequestError("name is required"),
    ResponseError("status 'idk' is not an HTTP status code"),
    NotFound("no user 42"),
]


def raising(error: Exception) -> Any:
    def broken(req: dict[str, Any], context: Any) -> None:
        raise error

    return broken


def raising_async(error: Exception) -> Any:
    async def broken(req: dict[str, Any], context: Any) -> None:
        await asyncio.sleep(0)
        raise error

    return broken


def returning_a_failing_awaitable(error: Exception) -> Any:
    async def later() -> None:
        raise error

    return lambda req, context: later()


@pytest.mark.parametrize("error", RAISED, ids=lambda error: type(error).__name__)
@pytest.mark.parametrize("kind", [raising, raising_async, returning_a_failing_awaitable])
@pytest.mark.parametrize("env", ["testing", "staging", "production"])
def test_an_exception_raised_by_a_function_is_a_500_logged_once(
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    error: Exception,
    kind: Any,
    env: str,
) -> None:
    monkeypatch.setenv("ARC_ENV", env)
    monkeypatch.setenv("ARC_APP_SECRET", "a-long-random-secret-for-this-test-only")
    after: list[dict[str, Any]] = []

    with caplog.at_level(logging.DEBUG, logger="arc_http"):
        response = handler(capture([], None), kind(error), capture(after))(v2(), {})

    assert response["statusCode"] == 500
    assert response["headers"]["content-type"] == "text/html; charset=utf8;"
    assert after == []
    [record] = caplog.records
    assert record.name == "arc_http"
    assert record.levelno == logging.ERROR
    assert "500" in record.getMessage()
    assert record.exc_info is not None
    assert record.exc_info[1] is error
    assert record.exc_info[2] is not None


def test_in_testing_the_500_page_shows_what_the_function_raised() -> None:
    response = handler(raising(KeyError("user 42 <missing>")))(v2(), {})
    assert response["statusCode"] == 500
    assert "<h1>500 error: KeyError</h1>" in response["body"]
    assert "user 42 &lt;missing&gt;" in response["body"]
    assert "Traceback" in response["body"]


def test_deployed_the_500_page_for_a_raised_exception_is_generic(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("ARC_ENV", "production")
    monkeypatch.setenv("ARC_APP_SECRET", "a-long-random-secret-for-this-test-only")
    response = handler(raising(InvalidRequestError("db password is hunter2")))(v2(), {})
    assert response["statusCode"] == 500
    assert "<p>Internal Server Error</p>" in response["body"]
    assert "hunter2" not in response["body"]


def test_parse_body_called_by_a_function_is_the_functions_error() -> None:
    # The handler parsed the body already (req["body"]); parsing it again in a function
    # and letting the error out is a bug in the function: 500, not the client's 400.
    def parses_again(req: dict[str, Any], context: Any) -> dict[str, Any]:
        return {"json": parse_body({**req, "body": "{oops", "isBase64Encoded": False})}

    headers = {"content-type": "application/json"}
    response = handler(parses_again)(v2("POST /", body="{}", headers=headers), {})
    assert response["statusCode"] == 500
    assert "InvalidRequestError" in response["body"]


@pytest.mark.parametrize("error", [KeyboardInterrupt(), SystemExit(3)], ids=repr)
def test_exits_and_interrupts_are_not_caught(error: BaseException) -> None:
    def stops(req: dict[str, Any], context: Any) -> None:
        raise error

    with pytest.raises(type(error)):
        handler(stops)(v2(), {})


def test_a_library_error_outside_the_functions_still_propagates() -> None:
    # The chain's end, not a function, finds a REST response missing.
    with pytest.raises(ResponseError, match="Finished all functions"):
        handler(lambda req, context: None)(rest(), {})


def test_a_body_that_is_not_the_json_it_claims_gets_a_400() -> None:
    ran: list[dict[str, Any]] = []
    event = v2("POST /", body="{oops", headers={"content-type": "application/json"})
    response = handler(capture(ran))(event, {})
    assert response["statusCode"] == 400
    assert "Invalid request body encoding or invalid JSON" in response["body"]
    assert ran == []


def test_a_form_of_more_than_a_thousand_fields_gets_a_400() -> None:
    ran: list[dict[str, Any]] = []
    form = b64("&".join(f"f{index}=x" for index in range(1001)))
    headers = {"content-type": "application/x-www-form-urlencoded"}
    event = v2("POST /", body=form, base64_encoded=True, headers=headers)
    response = handler(capture(ran))(event, {})
    assert response["statusCode"] == 400
    assert "more than 1000 fields" in response["body"]
    assert ran == []


def test_a_text_body_with_a_json_parameter_reaches_the_function_as_text() -> None:
    seen: list[dict[str, Any]] = []
    headers = {"content-type": "text/plain; x=application/json"}
    handler(capture(seen))(v2("POST /", body='{"hi":"there"}', headers=headers), {})
    assert seen[0]["body"] == '{"hi":"there"}'


@pytest.mark.parametrize("env", ["testing", "production"])
def test_the_400_for_a_bad_body_is_not_logged_as_an_error(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture, env: str
) -> None:
    monkeypatch.setenv("ARC_ENV", env)
    monkeypatch.setenv("ARC_APP_SECRET", "a-long-random-secret-for-this-test-only")
    event = v2("POST /", body="{oops", headers={"content-type": "application/json"})
    with caplog.at_level(logging.DEBUG, logger="arc_http"):
        response = handler(capture([]))(event, {})
    assert response["statusCode"] == 400
    assert all(record.levelno < logging.ERROR for record in caplog.records)


def test_an_event_that_is_not_a_dict_gets_a_400() -> None:
    assert handler(capture([]))("nonsense", {})["statusCode"] == 400  # type: ignore[arg-type]


@pytest.mark.parametrize("context", [{"aws_request_id": "1"}, SimpleNamespace(aws_request_id="1")])
def test_the_context_is_passed_as_given(context: Any) -> None:
    contexts: list[Any] = []

    def fn(req: dict[str, Any], ctx: Any) -> dict[str, Any]:
        contexts.append(ctx)
        return OK

    handler(fn)(v2(), context)
    assert contexts == [context]


@pytest.mark.parametrize("bad", [123, "fn", None])
def test_arguments_that_are_not_functions_raise_at_once(bad: Any) -> None:
    with pytest.raises(TypeError, match="not a function"):
        handler(lambda req, context: None, bad)


def test_no_functions_raise_at_once() -> None:
    with pytest.raises(TypeError, match="at least one function"):
        handler()


def test_it_refuses_to_run_inside_an_event_loop() -> None:
    async def fn(req: dict[str, Any], context: Any) -> dict[str, Any]:
        return OK

    async def main() -> None:
        handler(fn)(v2(), {})

    with pytest.raises(RuntimeError, match="synchronous Lambda entry point"):
        asyncio.run(main())


# Sessions (JWE, the default)


def cookie_request(set_cookie: str) -> dict[str, Any]:
    event = v2()
    event["headers"]["cookie"] = set_cookie
    return event


def test_a_session_round_trips_through_the_cookie() -> None:
    def login(req: dict[str, Any], context: Any) -> dict[str, Any]:
        return {"session": {"user": "ada"}, "location": "/"}

    def whoami(req: dict[str, Any], context: Any) -> dict[str, Any]:
        return {"json": {"user": req["session"].get("user")}}

    set_cookie = handler(login)(v2(), {})["headers"]["set-cookie"]
    assert handler(whoami)(cookie_request(set_cookie), {})["body"] == '{"user":"ada"}'


def test_an_empty_session_clears_it() -> None:
    set_cookie = handler(lambda req, context: {"session": {"user": "ada"}})(v2(), {})["headers"][
        "set-cookie"
    ]
    cleared = handler(lambda req, context: {"session": {}})(cookie_request(set_cookie), {})
    seen: list[dict[str, Any]] = []
    handler(capture(seen))(cookie_request(cleared["headers"]["set-cookie"]), {})
    assert set(seen[0]["session"]) == {"iat"}


def test_a_tampered_cookie_starts_a_fresh_session() -> None:
    seen: list[dict[str, Any]] = []
    handler(capture(seen))(cookie_request("_idx=eyJhbGciOiJkaXIi..garbage.x.y"), {})
    assert seen[0]["session"] == {}


def test_a_session_configuration_error_propagates(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ARC_APP_SECRET", "too-short")
    set_cookie = "_idx=eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..a.b.c"
    with pytest.raises(ConfigError):
        handler(capture([]))(cookie_request(set_cookie), {})
