"""The error page `res` sends for an exception: what it shows, and where the details go."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import textwrap
from typing import Any

import pytest

from arc_http import handler, res
from tests.arc_http.events import rest, v2

DEPLOYED = ["staging", "production"]


def raised(error: Exception) -> Exception:
    """`error` after it was raised, so it carries a traceback."""
    try:
        raise error
    except Exception as caught:
        return caught


class SecretError(Exception):
    pass


class NotFound(Exception):
    status = 404


@pytest.mark.parametrize("env", ["testing", *DEPLOYED])
@pytest.mark.parametrize("event", [v2, rest], ids=["http", "rest"])
def test_error_pages_tell_browsers_not_to_sniff(
    monkeypatch: pytest.MonkeyPatch, env: str, event: Any
) -> None:
    monkeypatch.setenv("ARC_ENV", env)
    response = res(event(), raised(ValueError("bad")))
    assert response["headers"]["x-content-type-options"] == "nosniff"


def test_the_400_page_for_a_bad_body_tells_browsers_not_to_sniff() -> None:
    event = v2("POST /", body="{oops", headers={"content-type": "application/json"})
    response = handler(lambda req, context: {"statusCode": 200})(event, {})
    assert response["statusCode"] == 400
    assert response["headers"]["x-content-type-options"] == "nosniff"


@pytest.mark.parametrize("env", DEPLOYED)
def test_a_deployed_error_page_shows_only_a_generic_message(
    monkeypatch: pytest.MonkeyPatch, env: str
) -> None:
    monkeypatch.setenv("ARC_ENV", env)
    body = res(v2(), raised(SecretError("db password is hunter2 <b>")))["body"]
    assert "<title>500 error</title>" in body
    assert "<p>Internal Server Error</p>" in body
    for leak in ("hunter2", "SecretError", "Traceback", "test_error_page.py", "&lt;b&gt;"):
        assert leak not in body


@pytest.mark.parametrize("env", DEPLOYED)
def test_a_deployed_error_page_keeps_the_status_the_exception_carries(
    monkeypatch: pytest.MonkeyPatch, env: str
) -> None:
    monkeypatch.setenv("ARC_ENV", env)
    response = res(v2(), raised(NotFound("no user 42")))
    assert response["statusCode"] == 404
    assert "<h1>404 error</h1>" in response["body"]
    assert "<p>Not Found</p>" in response["body"]
    assert "no user 42" not in response["body"]


def test_a_deployed_400_page_for_an_invalid_request_is_generic_too(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("ARC_ENV", "production")
    monkeypatch.setenv("ARC_APP_SECRET", "a-long-random-secret-for-this-test-only")

    event = v2("POST /", body="{oops", headers={"content-type": "application/json"})
    response = handler(lambda req, context: {"statusCode": 200})(event, {})
    assert response["statusCode"] == 400
    assert "<p>Bad Request</p>" in response["body"]
    assert "invalid JSON" not in response["body"]


def test_in_testing_the_page_shows_the_escaped_message_and_the_traceback() -> None:
    body = res(v2(), raised(SecretError("deep <trouble>")))["body"]
    assert "<h1>500 error: SecretError</h1>" in body
    assert "deep &lt;trouble&gt;" in body
    assert "Traceback" in body
    assert "test_error_page.py" in body


def test_a_deployed_error_page_logs_the_exception_to_the_arc_http_logger(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setenv("ARC_ENV", "production")
    error = raised(SecretError("deep trouble"))
    with caplog.at_level(logging.WARNING, logger="arc_http"):
        res(v2(), error)
    [record] = caplog.records
    assert record.name == "arc_http"
    assert record.levelno == logging.ERROR
    assert "500" in record.getMessage()
    assert record.exc_info is not None
    assert record.exc_info[1] is error


def test_a_deployed_client_error_page_logs_a_warning(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setenv("ARC_ENV", "staging")
    with caplog.at_level(logging.WARNING, logger="arc_http"):
        res(v2(), raised(NotFound("gone")))
    [record] = caplog.records
    assert record.levelno == logging.WARNING
    assert record.exc_info is not None


def test_in_testing_nothing_is_logged(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.DEBUG, logger="arc_http"):
        res(v2(), raised(SecretError("deep trouble")))
    assert caplog.records == []


_LOG_CHECK = """
from arc_http import res


def load_user():
    raise KeyError("user 42 in table secret-users")


try:
    load_user()
except KeyError as err:
    response = res({"version": "2.0"}, err)
print(response["statusCode"])
print(response["body"])
"""


@pytest.mark.parametrize("env", DEPLOYED)
def test_the_traceback_reaches_stderr_when_nobody_configured_logging(env: str) -> None:
    # A fresh interpreter: pytest's own log handlers would otherwise take the record.
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("ARC_", "AWS_"))}
    environment["ARC_ENV"] = env
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(_LOG_CHECK)],
        env=environment,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("500\n")
    assert "secret-users" not in result.stdout
    assert "Traceback (most recent call last)" in result.stderr
    assert "in load_user" in result.stderr
    assert "KeyError: 'user 42 in table secret-users'" in result.stderr
