"""`res` writing a returned `session` (and the legacy `cookie`), as Node's http/index.js does."""

from __future__ import annotations

from typing import Any

import pytest

from arc_core import ConfigError
from arc_http import ResponseError, res, session_read
from tests.arc_http.events import rest, v2
from tests.conftest import PutParameter


def read_back(set_cookie: str) -> dict[str, Any]:
    """The session a browser sending `set_cookie` back would have."""
    return session_read({"headers": {"cookie": set_cookie}})


def test_a_returned_session_is_written_to_set_cookie() -> None:
    response = res(v2(), {"json": {"ok": True}, "session": {"user": "ada", "n": 2}})
    session = read_back(response["headers"]["set-cookie"])
    assert session["user"] == "ada"
    assert session["n"] == 2
    assert response["body"] == '{"ok":true}'


def test_the_cookie_goes_in_the_header_not_the_cookies_array() -> None:
    response = res(v2(), {"session": {"a": 1}, "cookies": ["theme=dark"]})
    assert response["cookies"] == ["theme=dark"]
    assert response["headers"]["set-cookie"].startswith("_idx=")


def test_rest_gets_the_session_cookie_too() -> None:
    response = res(rest(), {"statusCode": 204, "session": {"a": 1}})
    assert read_back(response["headers"]["set-cookie"])["a"] == 1


def test_an_empty_session_is_written_and_clears_the_old_one() -> None:
    response = res(v2(), {"session": {}})
    assert set(read_back(response["headers"]["set-cookie"])) == {"iat"}


@pytest.mark.parametrize("session", [None, False, 0, ""])
def test_no_session_writes_no_cookie(session: Any) -> None:
    response = res(v2(), {"statusCode": 200, "session": session})
    assert "set-cookie" not in response["headers"]


def test_session_beats_the_legacy_cookie_param() -> None:
    response = res(v2(), {"cookie": "hi=there", "session": {"a": 1}})
    assert response["headers"]["set-cookie"].startswith("_idx=")


def test_the_request_sessions_id_secret_and_ttl_are_kept() -> None:
    req = v2()
    req["session"] = {"_idx": "abc", "_secret": "s3", "_ttl": 1, "stale": True}
    response = res(req, {"session": {"user": "ada"}})
    session = read_back(response["headers"]["set-cookie"])
    assert session["_idx"] == "abc"
    assert session["_secret"] == "s3"
    assert session["_ttl"] == 1
    assert session["user"] == "ada"
    assert "stale" not in session


def test_the_returned_session_overrides_the_request_meta_keys() -> None:
    req = v2()
    req["session"] = {"_idx": "old", "_secret": None}
    response = res(req, {"session": {"_idx": "new"}})
    session = read_back(response["headers"]["set-cookie"])
    assert session["_idx"] == "new"
    assert "_secret" not in session


def test_a_session_that_is_not_a_dict_raises() -> None:
    with pytest.raises(ResponseError, match="session must be a dict"):
        res(v2(), {"session": ["a"]})


def test_a_session_write_error_propagates(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ARC_APP_SECRET_ALGO", "A512GCM")
    with pytest.raises(ConfigError, match="algorithm"):
        res(v2(), {"session": {"a": 1}})


def test_a_dynamodb_session_is_written_once_without_reading_it_again(
    aws: str, put_parameter: PutParameter, monkeypatch: pytest.MonkeyPatch
) -> None:
    from arc_core import aws_client

    table = f"{aws}-sessions"
    client = aws_client("dynamodb")
    client.create_table(
        TableName=table,
        KeySchema=[{"AttributeName": "_idx", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "_idx", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
    )
    put_parameter("tables/sessions", table)
    monkeypatch.setenv("ARC_SESSION_TABLE_NAME", "sessions")
    monkeypatch.setenv("ARC_APP_SECRET", "a-secret-of-this-deployed-test-app")
    req = v2()
    req["session"] = {"_idx": "abc", "_secret": "s3", "_ttl": 1}
    del req["headers"]["cookie"]
    del req["cookies"]

    response = res(req, {"session": {"user": "ada"}})

    # 1.0.0 reads the session again here and, with no cookie, writes a second row.
    items = client.scan(TableName=table)["Items"]
    assert [item["_idx"]["S"] for item in items] == ["abc"]
    assert items[0]["user"] == {"S": "ada"}
    assert response["headers"]["set-cookie"].startswith("_idx=abc.")
