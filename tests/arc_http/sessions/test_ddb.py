"""DynamoDB sessions against a real moto_server (sessions.md §6)."""

from __future__ import annotations

import math
import re
import time
from decimal import Decimal
from typing import Any
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from arc_core import ConfigError, ServiceError, aws_client
from arc_http._sessions import session_read, session_rotate, session_write
from arc_http._sessions._ddb import sign, unsign
from tests.arc_http.sessions.conftest import cookie_request
from tests.conftest import PutParameter, free_port
from tools.bench._proxy import CountingProxy

WEEK = 604800
# uid-safe(18): 24 base64url characters.
ID = re.compile(r"[A-Za-z0-9_-]{24}")


class DynamoDBCalls:
    """The DynamoDB operations that reached the wire since the last `clear()`, live."""

    def __init__(self, proxy: CountingProxy) -> None:
        self._proxy = proxy

    def _current(self) -> dict[str, int]:
        return {
            key.split(".", 1)[1]: count
            for key, count in self._proxy.counts.items()
            if key.startswith("dynamodb.") and count
        }

    def clear(self) -> None:
        self._proxy.take()

    def __eq__(self, other: object) -> bool:
        return self._current() == other

    def __repr__(self) -> str:
        return repr(self._current())


@pytest.fixture
def calls(session_table: str, aws_calls: CountingProxy) -> DynamoDBCalls:
    """How many times each DynamoDB operation is called during the test."""
    aws_calls.take()
    return DynamoDBCalls(aws_calls)


def row(table: str, idx: str) -> dict[str, Any] | None:
    """The row as stored, read with boto3's own deserializer (numbers as Decimal)."""
    from boto3.dynamodb.types import TypeDeserializer

    item = aws_client("dynamodb").get_item(TableName=table, Key={"_idx": {"S": idx}}).get("Item")
    if item is None:
        return None
    deserializer = TypeDeserializer()
    return {key: deserializer.deserialize(value) for key, value in item.items()}


def put_row(table: str, item: dict[str, Any]) -> None:
    """Store `item` as a row, written with boto3's own serializer."""
    from boto3.dynamodb.types import TypeSerializer

    serializer = TypeSerializer()
    aws_client("dynamodb").put_item(
        TableName=table, Item={key: serializer.serialize(value) for key, value in item.items()}
    )


def signed_cookie(idx: str, secret: str = "a-test-secret-that-is-long-enough") -> dict[str, Any]:
    return {"headers": {"cookie": f"_idx={quote(sign(idx, secret), safe='')}"}}


# node-cookie-signature 1.2.2 vectors (node-functions.md §4.5).
@pytest.mark.parametrize(
    ("value", "secret", "signed"),
    [
        ("abc", "fallback", "abc.jjqUW19YkT1v+kbKaxwbgurqIadzajN4p9CL1NhGuRI"),
        ("123456", "1234567890", "123456.pTOlKlcAJKC1TNpTxqr5/SzRWTwqAQZlLYwPMpdIbT0"),
    ],
)
def test_signatures_are_node_cookie_signature_bytes(value: str, secret: str, signed: str) -> None:
    assert sign(value, secret) == signed
    assert unsign(signed, secret) == value


@pytest.mark.parametrize(
    "signed", ["abc.xyz", "abc", "", "abc.jjqUW19YkT1v-kbKaxwbgurqIadzajN4p9CL1NhGuRI"]
)
def test_unsign_refuses_what_node_refuses(signed: str) -> None:
    assert unsign(signed, "fallback") is None


def test_a_request_without_a_cookie_gets_a_new_session_that_is_not_written(
    session_table: str, calls: DynamoDBCalls
) -> None:
    before = int(time.time())
    session = session_read({"headers": {}})
    assert set(session) == {"_idx", "_secret", "_ttl"}
    assert ID.fullmatch(session["_idx"])
    assert ID.fullmatch(session["_secret"])
    assert before + WEEK <= session["_ttl"] <= time.time() + WEEK
    assert calls == {}
    assert row(session_table, session["_idx"]) is None


def test_the_first_write_of_a_new_session_creates_its_row(
    session_table: str, calls: DynamoDBCalls
) -> None:
    session = session_read({"headers": {}})
    cookie = session_write({**session, "user": "ada"})
    assert calls == {"PutItem": 1}
    assert session_read(cookie_request(cookie))["user"] == "ada"


def test_a_valid_cookie_reads_its_row_with_one_consistent_get(
    session_table: str, calls: DynamoDBCalls
) -> None:
    ttl = int(time.time()) + 60
    put_row(session_table, {"_idx": "known", "_secret": "s", "_ttl": ttl, "user": "ada"})
    calls.clear()
    assert session_read(signed_cookie("known")) == {
        "_idx": "known",
        "_secret": "s",
        "_ttl": ttl,
        "user": "ada",
    }
    assert calls == {"GetItem": 1}


def test_a_row_past_its_ttl_is_treated_as_missing(session_table: str, calls: DynamoDBCalls) -> None:
    # DynamoDB deletes expired rows only eventually: one may still be there, days later.
    ttl = int(time.time()) - 1
    put_row(session_table, {"_idx": "stale", "_secret": "s", "_ttl": ttl, "user": "ada"})
    calls.clear()
    session = session_read(signed_cookie("stale"))
    assert session["_idx"] != "stale"
    assert "user" not in session
    assert calls == {"GetItem": 1}


def test_a_row_without_secret_is_replaced_by_a_new_session(
    session_table: str, calls: DynamoDBCalls
) -> None:
    put_row(session_table, {"_idx": "bare", "user": "ada"})
    calls.clear()
    session = session_read(signed_cookie("bare"))
    assert session["_idx"] != "bare"
    assert "user" not in session
    assert calls == {"GetItem": 1}


@pytest.mark.parametrize(
    "cookie",
    [
        "_idx=known",
        "_idx=known.jjqUW19YkT1v%2BkbKaxwbgurqIadzajN4p9CL1NhGuRI",
        "_idx=",
        "_idx=%",
        "_idx=.abc",
    ],
)
def test_a_bad_signature_starts_a_new_session_without_a_get(
    session_table: str, calls: DynamoDBCalls, cookie: str
) -> None:
    session = session_read({"headers": {"cookie": cookie}})
    assert session["_idx"] != "known"
    assert calls == {}


def test_a_cookie_signed_with_another_secret_starts_a_new_session(session_table: str) -> None:
    assert session_read(signed_cookie("known", secret="another"))["_idx"] != "known"


def test_a_valid_cookie_for_a_missing_row_starts_a_new_session(
    session_table: str, calls: DynamoDBCalls
) -> None:
    session = session_read(signed_cookie("gone"))
    assert session["_idx"] != "gone"
    assert calls == {"GetItem": 1}


def test_an_id_dynamodb_cannot_key_starts_a_new_session(
    session_table: str, calls: DynamoDBCalls
) -> None:
    session = session_read(signed_cookie("x" * 3000))
    assert len(session["_idx"]) == 24
    assert calls == {}


def test_writing_saves_the_row_with_one_put_and_signs_the_cookie(
    session_table: str, calls: DynamoDBCalls
) -> None:
    session = session_read({})
    before = int(time.time())
    cookie = session_write({**session, "user": "ada", "_ttl": 1})
    assert calls == {"PutItem": 1}
    saved = row(session_table, session["_idx"])
    assert saved is not None
    assert saved["user"] == "ada"
    assert saved["_ttl"] >= before + WEEK
    signed = sign(session["_idx"], "a-test-secret-that-is-long-enough")
    assert cookie.startswith(f"_idx={quote(signed, safe='')}; Max-Age=788400000; Path=/; ")
    assert session_read(cookie_request(cookie))["user"] == "ada"


@pytest.mark.parametrize(
    ("secret", "idx", "cookie"),
    [
        ("fallback", "abc", "_idx=abc.jjqUW19YkT1v%2BkbKaxwbgurqIadzajN4p9CL1NhGuRI; "),
        ("1234567890", "123456", "_idx=123456.pTOlKlcAJKC1TNpTxqr5%2FSzRWTwqAQZlLYwPMpdIbT0; "),
    ],
)
def test_the_cookie_is_the_signature_uri_encoded_as_node_writes_it(
    session_table: str, monkeypatch: pytest.MonkeyPatch, secret: str, idx: str, cookie: str
) -> None:
    monkeypatch.setenv("ARC_APP_SECRET", secret)
    # Node's own vectors: one uses its public `fallback`, which deployed apps must opt into.
    monkeypatch.setenv("ARC_UNSAFE_DEFAULT_SECRET", "true")
    assert session_write({"_idx": idx}).startswith(cookie)


def test_a_write_overwrites_the_row_so_destroying_keeps_only_what_is_given(
    session_table: str,
) -> None:
    session = session_read({})
    session_write({**session, "cart": [1, 2]})
    session_write({"_idx": session["_idx"], "_secret": session["_secret"]})
    saved = row(session_table, session["_idx"])
    assert saved is not None
    assert set(saved) == {"_idx", "_secret", "_ttl"}


@pytest.mark.parametrize("session", [{}, {"_idx": ""}, {"_idx": 5}, {"_idx": "x" * 3000}])
def test_writing_without_a_usable_idx_raises_before_any_put(
    session_table: str, calls: DynamoDBCalls, session: dict[str, Any]
) -> None:
    with pytest.raises(ValueError, match="needs the `_idx` of the session read"):
        session_write(session)
    assert calls == {}


def test_floats_and_nested_unicode_payloads_round_trip(session_table: str) -> None:
    payload = {
        "float": 0.1,
        "tiny": 1e-7,
        "whole": 2.0,
        "int": 2**53 - 1,
        "negative": -(2**53 - 1),
        "decimal": Decimal("1.25"),
        "unicode": "café 🔑 \u2028 \x00",
        "nested": {"list": [1, "two", None, True, {"deep": []}], "map": {}},
        "bytes": b"\x00\xff",
        "strings": {"a", "b"},
    }
    session = session_read({})
    cookie = session_write({**session, **payload})
    read = session_read(cookie_request(cookie))
    assert read == {**session, **payload, "_ttl": read["_ttl"], "whole": 2, "decimal": 1.25}
    assert type(read["whole"]) is int
    assert type(read["float"]) is float


@pytest.mark.parametrize("number", [2**53, -(2**53), math.nan, math.inf, Decimal("NaN"), 1e300])
@pytest.mark.parametrize("where", ["list", "map", "set", "top"])
def test_numbers_node_could_not_read_are_refused(
    session_table: str, calls: DynamoDBCalls, number: Any, where: str
) -> None:
    value = {"list": [number], "map": {"m": number}, "set": {number}, "top": number}[where]
    with pytest.raises(ValueError, match=r"Node reads only finite numbers.*store it as a string"):
        session_write({"_idx": "abc", "n": value})
    assert calls == {}


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (object(), "DynamoDB cannot store a object"),
        ({1: "int key"}, "session keys must be strings"),
        ({"nested": {1: "int key"}}, "session keys must be strings"),
        ({1, "mixed"}, "DynamoDB sets hold strings only"),
    ],
)
def test_values_dynamodb_cannot_hold_are_a_type_error(
    session_table: str, calls: DynamoDBCalls, value: Any, message: str
) -> None:
    with pytest.raises(TypeError, match=message):
        session_write({"_idx": "abc", "v": value})
    assert calls == {}


def test_an_empty_set_is_a_value_error_as_in_arc_tables(
    session_table: str, calls: DynamoDBCalls
) -> None:
    with pytest.raises(ValueError, match="DynamoDB cannot store an empty set"):
        session_write({"_idx": "abc", "v": set()})
    assert calls == {}


def test_the_physical_table_name_is_accepted(
    session_table: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ARC_SESSION_TABLE_NAME", session_table)
    session = session_read({})
    session_write(session)
    assert row(session_table, session["_idx"]) is not None


def test_session_table_name_is_read_when_the_arc_variable_is_unset(
    session_table: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("ARC_SESSION_TABLE_NAME")
    monkeypatch.setenv("SESSION_TABLE_NAME", "sessions")
    session = session_read({})
    session_write(session)
    assert row(session_table, session["_idx"]) is not None


def test_an_unknown_table_is_a_configuration_error_listing_the_tables(
    session_table: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ARC_SESSION_TABLE_NAME", "nope")
    message = r"Session table name 'nope' could not be found.*this app has: notes, sessions"
    with pytest.raises(ConfigError, match=message):
        session_read({})
    with pytest.raises(ConfigError, match=message):
        session_write({"_idx": "abc"})


def test_the_table_is_looked_up_once_per_process(
    session_table: str, aws_calls: CountingProxy
) -> None:
    aws_calls.take()
    for _ in range(3):
        session_write(session_read({}))
    counts = aws_calls.take()
    assert counts["ssm.GetParametersByPath"] == 1
    assert counts["dynamodb.PutItem"] == 3


def test_a_missing_dynamodb_table_is_a_service_error(
    aws: str, put_parameter: PutParameter, monkeypatch: pytest.MonkeyPatch
) -> None:
    put_parameter("tables/sessions", f"{aws}-never-created")
    monkeypatch.setenv("ARC_SESSION_TABLE_NAME", "sessions")
    monkeypatch.setenv("ARC_APP_SECRET", "a-test-secret-that-is-long-enough")
    with pytest.raises(ServiceError, match="reading the session from DynamoDB table"):
        session_read(signed_cookie("abc"))
    with pytest.raises(ServiceError, match="writing the session to DynamoDB table"):
        session_write(session_read({}))


def test_an_unreachable_dynamodb_is_a_service_error(
    session_table: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    session_read({})
    monkeypatch.setenv("AWS_ENDPOINT_URL_DYNAMODB", f"http://127.0.0.1:{free_port()}")
    # arc_tables keeps its clients per process: forget them after moving the endpoint.
    from arc_tables import clear_cache

    clear_cache()
    with pytest.raises(ServiceError, match="could not reach"):
        session_read(signed_cookie("abc"))


@pytest.mark.parametrize(
    ("env", "secret"),
    [({"ARC_APP_NAME": "my-app"}, "my-app"), ({}, "fallback")],
)
def test_with_the_unsafe_opt_out_the_signing_secret_is_nodes_fallback(
    session_table: str, monkeypatch: pytest.MonkeyPatch, env: dict[str, str], secret: str
) -> None:
    monkeypatch.delenv("ARC_APP_SECRET")
    monkeypatch.setenv("ARC_UNSAFE_DEFAULT_SECRET", "true")
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    session = session_read({})
    cookie = session_write(session)
    assert cookie.startswith(f"_idx={quote(sign(session['_idx'], secret), safe='')};")


@pytest.mark.parametrize("secret", [None, "fallback", "my-app"])
def test_a_deployed_app_without_its_own_secret_fails_closed(
    session_table: str, monkeypatch: pytest.MonkeyPatch, secret: str | None
) -> None:
    monkeypatch.delenv("ARC_APP_SECRET")
    monkeypatch.setenv("ARC_APP_NAME", "my-app")
    if secret is not None:
        monkeypatch.setenv("ARC_APP_SECRET", secret)
    if secret == "my-app":
        # The app's own name is no public default, only a poor secret: it is accepted.
        session_write(session_read({}))
        return
    with pytest.raises(ConfigError, match="ARC_APP_SECRET"):
        session_read(signed_cookie("abc"))
    with pytest.raises(ConfigError, match="ARC_APP_SECRET"):
        session_write({"_idx": "abc"})


def test_a_cookie_signed_with_the_previous_secret_still_reads_its_row(
    session_table: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    session = session_read({})
    cookie = session_write({**session, "user": "ada"})
    monkeypatch.setenv("ARC_APP_SECRET", "the-next-secret-after-rotation!!")
    assert session_read(cookie_request(cookie))["_idx"] != session["_idx"]
    monkeypatch.setenv("ARC_APP_SECRET_PREVIOUS", "a-test-secret-that-is-long-enough")
    assert session_read(cookie_request(cookie))["user"] == "ada"
    rewritten = session_write(session_read(cookie_request(cookie)))
    signed = sign(session["_idx"], "the-next-secret-after-rotation!!")
    assert rewritten.startswith(f"_idx={quote(signed, safe='')};")


def test_rotating_a_session_moves_its_data_to_a_new_id_and_deletes_the_old_row(
    session_table: str, calls: DynamoDBCalls
) -> None:
    old = session_read({})
    old_cookie = session_write({**old, "cart": [1]})
    calls.clear()
    rotated = session_rotate(session_read(cookie_request(old_cookie)))
    assert calls == {"GetItem": 1, "DeleteItem": 1}
    assert rotated["cart"] == [1]
    assert ID.fullmatch(rotated["_idx"])
    assert rotated["_idx"] != old["_idx"]
    assert rotated["_secret"] != old["_secret"]
    assert row(session_table, old["_idx"]) is None
    new_cookie = session_write({**rotated, "user": "ada"})
    assert session_read(cookie_request(new_cookie))["user"] == "ada"
    assert session_read(cookie_request(old_cookie))["_idx"] not in (old["_idx"], rotated["_idx"])


def test_rotating_a_fresh_session_deletes_nothing_that_exists(
    session_table: str, calls: DynamoDBCalls
) -> None:
    fresh = session_read({})
    rotated = session_rotate(fresh)
    assert rotated["_idx"] != fresh["_idx"]
    assert set(rotated) == {"_idx", "_secret", "_ttl"}
    with pytest.raises(TypeError, match="mapping"):
        session_rotate(["not", "a", "session"])  # type: ignore[arg-type]


def test_the_v2_cookies_array_carries_the_session(session_table: str) -> None:
    session = session_read({})
    cookie = session_write(session).split(";")[0]
    assert session_read({"cookies": ["a=1", cookie]})["_idx"] == session["_idx"]


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text())
def test_any_cookie_header_gives_a_session_and_never_raises(
    session_table: str, header: str
) -> None:
    assert set(session_read({"headers": {"cookie": header}})) == {"_idx", "_secret", "_ttl"}


def test_a_ddb_session_loads_neither_boto3_nor_cryptography(session_table: str) -> None:
    import subprocess
    import sys

    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys\nfrom arc_http._sessions import session_read\nsession_read({})\n"
            "print('boto3' in sys.modules, 'botocore' in sys.modules,"
            " 'arc_tables' in sys.modules, 'cryptography' in sys.modules)",
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.stdout.split() == ["False", "False", "True", "False"], result.stderr
