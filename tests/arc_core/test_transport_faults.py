"""The AWS transport under faults: throttling, 5xx, dead connections, skewed clocks, expiring keys.

Each test starts small HTTP/1.1 servers of its own on 127.0.0.1 (raw sockets, so a
connection can be dropped or kept exactly as a test needs), points the transport at
them with `AWS_ENDPOINT_URL`, calls `aws_call("dynamodb", "GetItem", ...)` and checks
what the servers saw: how many requests, on how many connections, signed how (every
signature is checked with botocore's `SigV4Auth`). Nothing of arc_core is patched.
"""

from __future__ import annotations

import calendar
import json
import pickle
import re
import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from email.utils import formatdate
from typing import Any
from urllib.parse import urlsplit
from zlib import crc32

import botocore.session
import pytest
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.config import Config
from botocore.credentials import Credentials
from botocore.exceptions import ClientError

from arc_core import AwsError, ServiceError, aws_call, clear_caches
from arc_core._retries import clock_offset
from tests.conftest import free_port

ACCESS_KEY = "AKIDFAULTS"
SECRET_KEY = "faults-secret"
REGION = "us-east-1"
ITEM = {"Item": {"id": {"S": "1"}, "name": {"S": "one"}}}
# How often the servers' threads look up from a blocking socket to see if they must stop.
POLL = 0.05
# SigV4's tolerance between the signer's clock and AWS's.
FIVE_MINUTES = 300


@dataclass
class Seen:
    """One request a fake server read: on which connection (1, 2, ...), and what."""

    connection: int
    method: str
    target: str
    headers: dict[str, str]
    body: bytes


@dataclass
class Answer:
    """A reply to send; `close` says `Connection: close` and hangs up after it."""

    status: int = 200
    body: bytes = b"{}"
    headers: dict[str, str] = field(default_factory=dict)
    close: bool = False

    def encode(self) -> bytes:
        headers = {
            "Content-Type": "application/x-amz-json-1.0",
            "Content-Length": str(len(self.body)),
            "Connection": "close" if self.close else "keep-alive",
            **self.headers,
        }
        head = [f"HTTP/1.1 {self.status} Status"] + [f"{k}: {v}" for k, v in headers.items()]
        return ("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + self.body


# What a server answers to its `index`-th request (from 1); None hangs up unanswered.
Responder = Callable[[Seen, int], Answer | None]


def _parse(buffer: bytes) -> tuple[Seen, bytes] | None:
    """The first whole request in `buffer` (connection number 0) and what follows it."""
    end = buffer.find(b"\r\n\r\n")
    if end < 0:
        return None
    request_line, *lines = buffer[:end].decode("latin-1").split("\r\n")
    method, target, _version = request_line.split(" ", 2)
    headers: dict[str, str] = {}
    for line in lines:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    start = end + 4
    stop = start + int(headers.get("content-length", "0"))
    if len(buffer) < stop:
        return None
    return Seen(0, method, target, headers, buffer[start:stop]), buffer[stop:]


class FakeEndpoint:
    """An HTTP/1.1 server on 127.0.0.1, keep-alive unless told otherwise.

    `respond` decides each reply. With `idle_close`, a connection left idle that many
    seconds after a reply is closed by the server, as AWS's load balancers do.
    """

    def __init__(self, respond: Responder, *, idle_close: float | None = None) -> None:
        self.respond = respond
        self.idle_close = idle_close
        self.seen: list[Seen] = []
        self.connections = 0
        self.errors: list[BaseException] = []
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.settimeout(POLL)
        self.port: int = self._listener.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self._accepter = threading.Thread(target=self._accept, daemon=True)
        self._workers: list[threading.Thread] = []
        self._accepter.start()

    def _accept(self) -> None:
        while not self._stopping.is_set():
            try:
                sock, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            with self._lock:
                self.connections += 1
                worker = threading.Thread(
                    target=self._serve, args=(sock, self.connections), daemon=True
                )
                self._workers.append(worker)
            worker.start()

    def _serve(self, sock: socket.socket, number: int) -> None:
        with sock:
            sock.settimeout(POLL)
            buffer = b""
            idle_since = time.monotonic()
            while not self._stopping.is_set():
                parsed = _parse(buffer)
                if parsed is None:
                    if (
                        self.idle_close is not None
                        and not buffer
                        and time.monotonic() - idle_since > self.idle_close
                    ):
                        return
                    try:
                        chunk = sock.recv(65536)
                    except TimeoutError:
                        continue
                    except OSError:
                        return
                    if not chunk:
                        return
                    buffer += chunk
                    continue
                seen, buffer = parsed
                seen.connection = number
                with self._lock:
                    self.seen.append(seen)
                    index = len(self.seen)
                try:
                    answer = self.respond(seen, index)
                except BaseException as err:  # shown by stop(), not lost in a thread
                    self.errors.append(err)
                    return
                if answer is None:
                    return
                try:
                    sock.sendall(answer.encode())
                except OSError:
                    return
                if answer.close:
                    return
                idle_since = time.monotonic()

    def stop(self) -> None:
        """Stop accepting, close every connection and wait for the threads."""
        self._stopping.set()
        self._accepter.join(timeout=5)
        self._listener.close()
        for worker in self._workers:
            worker.join(timeout=5)
        if self.errors:
            raise self.errors[0]


def _forget() -> None:
    # Idle client connections first, so the servers' threads see them close.
    clear_caches()


@pytest.fixture
def servers() -> Iterator[Callable[..., FakeEndpoint]]:
    """Start fake servers; every one is stopped, and every connection closed, at the end."""
    started: list[FakeEndpoint] = []

    def start(respond: Responder, *, idle_close: float | None = None) -> FakeEndpoint:
        server = FakeEndpoint(respond, idle_close=idle_close)
        started.append(server)
        return server

    _forget()
    yield start
    _forget()
    failures = []
    for server in started:
        try:
            server.stop()
        except BaseException as err:
            failures.append(err)
    if failures:
        raise failures[0]


@pytest.fixture
def serve(
    servers: Callable[..., FakeEndpoint], monkeypatch: pytest.MonkeyPatch
) -> Callable[..., FakeEndpoint]:
    """AWS mode with static keys; `serve(respond)` starts the server AWS calls go to."""
    monkeypatch.setenv("ARC_ENV", "staging")
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", ACCESS_KEY)
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", SECRET_KEY)
    monkeypatch.setenv("AWS_REGION", REGION)

    def start(respond: Responder, *, idle_close: float | None = None) -> FakeEndpoint:
        server = servers(respond, idle_close=idle_close)
        monkeypatch.setenv("AWS_ENDPOINT_URL", server.url)
        return server

    return start


def get_item() -> dict[str, Any]:
    return aws_call(
        "dynamodb",
        "GetItem",
        {"TableName": "things", "Key": {"id": {"S": "1"}}},
        action="reading a thing",
    )


def ok(document: dict[str, Any] | None = None, **headers: str) -> Answer:
    body = json.dumps(ITEM if document is None else document).encode()
    return Answer(200, body, {"x-amzn-RequestId": "request-ok", **headers})


def fault(status: int, code: str, message: str, **headers: str) -> Answer:
    document = {"__type": f"com.amazonaws.dynamodb.v20120810#{code}", "message": message}
    return Answer(
        status, json.dumps(document).encode(), {"x-amzn-RequestId": "request-bad", **headers}
    )


def then_ok(*first: Answer | None) -> Responder:
    """Answer the first requests with `first` (None hangs up), then always `ok()`."""

    def respond(seen: Seen, index: int) -> Answer | None:
        return first[index - 1] if index <= len(first) else ok()

    return respond


_AUTHORIZATION = re.compile(
    r"AWS4-HMAC-SHA256 Credential=(?P<key>[^/]+)/(?P<day>\d{8})/(?P<region>[^/]+)/"
    r"(?P<service>[^/]+)/aws4_request, SignedHeaders=(?P<signed>[a-z0-9;-]+), "
    r"Signature=(?P<signature>[0-9a-f]{64})"
)


def signed_at(seen: Seen) -> float:
    """The epoch seconds of a request's X-Amz-Date."""
    return calendar.timegm(time.strptime(seen.headers["x-amz-date"], "%Y%m%dT%H%M%SZ"))


def check_signature(seen: Seen, base_url: str, secrets: dict[str, str]) -> str:
    """Assert that botocore finds `seen` well signed; return the access key it names.

    `secrets` maps each access key the request may name to its secret key.
    """
    match = _AUTHORIZATION.fullmatch(seen.headers.get("authorization", ""))
    assert match is not None, seen.headers.get("authorization")
    timestamp = seen.headers["x-amz-date"]
    assert match["day"] == timestamp[:8]
    assert (match["region"], match["service"]) == (REGION, "dynamodb")
    signed = match["signed"].split(";")
    assert {"host", "x-amz-date", "x-amz-target", "content-type"} <= set(signed)
    assert ("x-amz-security-token" in signed) == ("x-amz-security-token" in seen.headers)
    request = AWSRequest(
        method=seen.method,
        url=base_url + seen.target,
        headers={name: seen.headers[name] for name in signed},
        data=seen.body,
    )
    request.context["timestamp"] = timestamp
    signer = SigV4Auth(Credentials(match["key"], secrets[match["key"]]), "dynamodb", REGION)
    canonical = signer.canonical_request(request)
    assert (
        signer.signature(signer.string_to_sign(request, canonical), request) == match["signature"]
    )
    return match["key"]


# --- retries -----------------------------------------------------------------------


def test_a_throttled_call_is_retried_and_succeeds(serve: Callable[..., FakeEndpoint]) -> None:
    server = serve(then_ok(fault(400, "ThrottlingException", "Rate of requests exceeded")))
    result = get_item()
    assert result["Item"] == ITEM["Item"]
    metadata = result["ResponseMetadata"]
    assert (metadata["RetryAttempts"], metadata["HTTPStatusCode"]) == (1, 200)
    assert metadata["RequestId"] == "request-ok"
    assert len(server.seen) == 2
    first, second = server.seen
    assert first.body == second.body
    assert json.loads(second.body) == {"TableName": "things", "Key": {"id": {"S": "1"}}}
    assert second.headers["x-amz-target"] == "DynamoDB_20120810.GetItem"
    for seen in server.seen:
        check_signature(seen, server.url, {ACCESS_KEY: SECRET_KEY})


def test_a_500_is_retried_and_succeeds(serve: Callable[..., FakeEndpoint]) -> None:
    server = serve(then_ok(fault(500, "InternalServerError", "Internal server error")))
    result = get_item()
    assert result["Item"] == ITEM["Item"]
    assert result["ResponseMetadata"]["RetryAttempts"] == 1
    assert len(server.seen) == 2


def test_two_503s_are_retried_and_the_third_attempt_succeeds(
    serve: Callable[..., FakeEndpoint],
) -> None:
    unavailable = Answer(503, b"<html><body>Service Unavailable</body></html>", {})
    server = serve(then_ok(unavailable, unavailable))
    result = get_item()
    assert result["Item"] == ITEM["Item"]
    assert result["ResponseMetadata"]["RetryAttempts"] == 2
    assert len(server.seen) == 3


def test_three_500s_raise_an_aws_error_after_three_attempts(
    serve: Callable[..., FakeEndpoint],
) -> None:
    server = serve(lambda seen, index: fault(500, "InternalServerError", "still broken"))
    with pytest.raises(AwsError) as caught:
        get_item()
    err = caught.value
    assert (err.status, err.code, err.message) == (500, "InternalServerError", "still broken")
    assert err.response["ResponseMetadata"]["RetryAttempts"] == 2
    assert len(server.seen) == 3


def test_a_validation_error_is_raised_at_once_as_a_client_error(
    serve: Callable[..., FakeEndpoint],
) -> None:
    server = serve(
        lambda seen, index: fault(400, "ValidationException", "The provided key does not match")
    )
    with pytest.raises(AwsError) as caught:
        get_item()
    err = caught.value
    assert len(server.seen) == 1
    assert isinstance(err, ClientError)
    assert isinstance(err, ServiceError)
    assert err.code == "ValidationException"
    assert err.message == "The provided key does not match"
    assert err.status == 400
    assert (err.service, err.operation, err.operation_name) == ("dynamodb", "GetItem", "GetItem")
    assert err.response["Error"] == {
        "Code": "ValidationException",
        "Message": "The provided key does not match",
    }
    assert err.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert err.response["ResponseMetadata"]["RequestId"] == "request-bad"
    assert err.response["ResponseMetadata"]["RetryAttempts"] == 0
    assert "GetItem failed while reading a thing: ValidationException" in str(err)
    again = pickle.loads(pickle.dumps(err))
    assert isinstance(again, ClientError)
    assert (again.code, again.status, again.response) == (err.code, err.status, err.response)


def test_every_attempt_is_signed_anew_with_its_own_date(
    serve: Callable[..., FakeEndpoint],
) -> None:
    def respond(seen: Seen, index: int) -> Answer:
        if index == 1:
            # Answer late, so that the retry is signed in a later second.
            time.sleep(1.1)
            return fault(500, "InternalServerError", "slow and broken")
        return ok()

    server = serve(respond)
    get_item()
    first, second = server.seen
    for seen in server.seen:
        check_signature(seen, server.url, {ACCESS_KEY: SECRET_KEY})
        assert abs(signed_at(seen) - time.time()) < FIVE_MINUTES
    assert signed_at(second) > signed_at(first)
    assert second.headers["authorization"] != first.headers["authorization"]


# --- connections -------------------------------------------------------------------


def test_sequential_calls_reuse_one_connection(serve: Callable[..., FakeEndpoint]) -> None:
    server = serve(lambda seen, index: ok())
    for _ in range(3):
        get_item()
    assert server.connections == 1
    assert [seen.connection for seen in server.seen] == [1, 1, 1]


def test_a_server_that_says_connection_close_gets_a_new_connection_each_call(
    serve: Callable[..., FakeEndpoint],
) -> None:
    server = serve(lambda seen, index: Answer(200, json.dumps(ITEM).encode(), close=True))
    get_item()
    get_item()
    assert server.connections == 2
    assert [seen.connection for seen in server.seen] == [1, 2]


def test_a_dropped_keep_alive_connection_is_resent_on_a_fresh_one(
    serve: Callable[..., FakeEndpoint],
) -> None:
    def respond(seen: Seen, index: int) -> Answer | None:
        # The first connection answers once, then hangs up on the next request.
        return None if seen.connection == 1 and index > 1 else ok()

    server = serve(respond)
    get_item()
    result = get_item()
    assert result["Item"] == ITEM["Item"]
    # Resent at once on a new connection: not one of the call's retries.
    assert result["ResponseMetadata"]["RetryAttempts"] == 0
    assert server.connections == 2
    assert [seen.connection for seen in server.seen] == [1, 1, 2]
    assert server.seen[1].body == server.seen[2].body


def test_a_connection_the_server_closed_while_idle_is_replaced(
    serve: Callable[..., FakeEndpoint],
) -> None:
    server = serve(lambda seen, index: ok(), idle_close=0.2)
    get_item()
    time.sleep(0.6)
    result = get_item()
    assert result["Item"] == ITEM["Item"]
    assert result["ResponseMetadata"]["RetryAttempts"] == 0
    assert server.connections == 2
    assert [seen.connection for seen in server.seen] == [1, 2]


def test_a_fresh_connection_dropped_without_a_reply_is_retried(
    serve: Callable[..., FakeEndpoint],
) -> None:
    server = serve(then_ok(None))
    result = get_item()
    assert result["Item"] == ITEM["Item"]
    assert result["ResponseMetadata"]["RetryAttempts"] == 1
    assert server.connections == 2


def test_a_reply_cut_off_mid_body_is_retried(serve: Callable[..., FakeEndpoint]) -> None:
    body = json.dumps(ITEM).encode()
    cut = Answer(200, body[:10], {"Content-Length": str(len(body))}, close=True)
    server = serve(then_ok(cut))
    result = get_item()
    assert result["Item"] == ITEM["Item"]
    assert result["ResponseMetadata"]["RetryAttempts"] == 1
    assert len(server.seen) == 2


def test_a_refused_connection_is_an_endpoint_connection_error(
    serve: Callable[..., FakeEndpoint], monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"http://127.0.0.1:{free_port()}"
    monkeypatch.setenv("AWS_ENDPOINT_URL", url)
    with pytest.raises(ServiceError) as caught:
        get_item()
    err = caught.value
    assert not isinstance(err, AwsError)
    assert err.code == "EndpointConnectionError"
    assert (err.service, err.operation) == ("dynamodb", "GetItem")
    assert url in str(err)
    assert "while reading a thing" in str(err)
    assert "check the network and AWS_ENDPOINT_URL" in str(err)


class _Sent(Exception):
    """Raised from botocore's before-send hook: the request went no further."""


def _refuse(request: Any, **_: Any) -> None:
    raise _Sent(request.url)


def botocore_target(endpoint_url: str) -> str:
    """The path botocore sends DynamoDB's GetItem to under `endpoint_url`."""
    client = botocore.session.get_session().create_client(
        "dynamodb",
        region_name=REGION,
        endpoint_url=endpoint_url,
        aws_access_key_id=ACCESS_KEY,
        aws_secret_access_key=SECRET_KEY,
        config=Config(retries={"max_attempts": 1, "mode": "standard"}),
    )
    try:
        client.meta.events.register("before-send", _refuse)
        with pytest.raises(_Sent) as sent:
            client.get_item(TableName="things", Key={"id": {"S": "1"}})
    finally:
        client.close()
    return urlsplit(str(sent.value.args[0])).path


@pytest.mark.parametrize("path", ["", "/", "/prefix", "/prefix/"])
def test_a_configured_endpoints_path_is_kept_as_botocore_keeps_it(
    serve: Callable[..., FakeEndpoint], monkeypatch: pytest.MonkeyPatch, path: str
) -> None:
    server = serve(lambda seen, index: ok())
    monkeypatch.setenv("AWS_ENDPOINT_URL", server.url + path)
    assert get_item()["Item"] == ITEM["Item"]
    (seen,) = server.seen
    assert seen.target == botocore_target(server.url + path)
    check_signature(seen, server.url, {ACCESS_KEY: SECRET_KEY})


# --- wrong replies ---------------------------------------------------------------


def test_a_200_that_is_not_json_is_a_service_error(serve: Callable[..., FakeEndpoint]) -> None:
    # A proxy's page (a hotel's wifi) in place of DynamoDB's reply: a ServiceError that
    # says what was called, not a ValueError from the json module.
    serve(lambda seen, index: Answer(200, b"<html>Welcome to the hotel wifi</html>"))
    with pytest.raises(ServiceError) as caught:
        get_item()
    err = caught.value
    assert (err.service, err.operation) == ("dynamodb", "GetItem")
    assert "while reading a thing" in str(err)
    assert isinstance(err.__cause__, ValueError)


def test_a_dynamodb_reply_that_fails_its_crc32_is_retried(
    serve: Callable[..., FakeEndpoint],
) -> None:
    good = json.dumps(ITEM).encode()
    corrupted = json.dumps({"Item": {"id": {"S": "2"}, "name": {"S": "one"}}}).encode()

    def respond(seen: Seen, index: int) -> Answer:
        body = corrupted if index == 1 else good
        return Answer(200, body, {"x-amz-crc32": str(crc32(good) & 0xFFFFFFFF)})

    server = serve(respond)
    result = get_item()
    assert result["Item"] == ITEM["Item"]
    assert len(server.seen) == 2
    assert result["ResponseMetadata"]["RetryAttempts"] == 1


# --- clock skew --------------------------------------------------------------------


class ServerClock:
    """The time by a fake server's clock: ours plus `ahead` seconds."""

    def __init__(self, ahead: float) -> None:
        self.ahead = ahead

    def now(self) -> float:
        return time.time() + self.ahead


def checks_the_clock(clock: ServerClock) -> Responder:
    """Refuse requests signed more than five minutes off `clock`, as AWS does."""

    def respond(seen: Seen, index: int) -> Answer:
        now = clock.now()
        date = formatdate(now, usegmt=True)
        if abs(signed_at(seen) - now) > FIVE_MINUTES:
            return fault(
                400,
                "InvalidSignatureException",
                "Signature expired: the request is stale",
                Date=date,
            )
        return ok(Date=date)

    return respond


@pytest.fixture
def skewed(serve: Callable[..., FakeEndpoint]) -> Iterator[tuple[ServerClock, FakeEndpoint]]:
    """A server whose clock is an hour ahead of ours.

    The transport's clock correction is process-wide; if a test leaves it set, the
    server's clock is put right and one more call makes the transport correct it back.
    """
    clock = ServerClock(3600.0)
    server = serve(checks_the_clock(clock))
    yield clock, server
    clock.ahead = 0.0
    if clock_offset() != 0.0:
        get_item()
    assert clock_offset() == 0.0


def test_a_clock_an_hour_behind_the_servers_is_corrected_and_the_call_succeeds(
    skewed: tuple[ServerClock, FakeEndpoint],
) -> None:
    clock, server = skewed
    result = get_item()
    assert result["Item"] == ITEM["Item"]
    assert result["ResponseMetadata"]["RetryAttempts"] == 1
    first, second = server.seen
    assert abs(signed_at(first) - clock.now()) > FIVE_MINUTES
    assert abs(signed_at(second) - clock.now()) < FIVE_MINUTES
    check_signature(second, server.url, {ACCESS_KEY: SECRET_KEY})
    # The correction stays: the next call is signed by the server's clock at once.
    assert get_item()["ResponseMetadata"]["RetryAttempts"] == 0
    assert len(server.seen) == 3
    # Once the server's clock agrees with ours again, one refused request undoes it.
    clock.ahead = 0.0
    assert get_item()["ResponseMetadata"]["RetryAttempts"] == 1
    assert clock_offset() == 0.0
    assert abs(signed_at(server.seen[-1]) - time.time()) < FIVE_MINUTES


def test_a_bad_signature_with_agreeing_clocks_is_not_retried(
    serve: Callable[..., FakeEndpoint],
) -> None:
    server = serve(
        lambda seen, index: fault(
            400,
            "InvalidSignatureException",
            "The request signature we calculated does not match",
            Date=formatdate(time.time(), usegmt=True),
        )
    )
    with pytest.raises(AwsError) as caught:
        get_item()
    assert caught.value.code == "InvalidSignatureException"
    assert len(server.seen) == 1
    assert clock_offset() == 0.0


# --- container credentials ---------------------------------------------------------


def _expiring_in(seconds: float) -> str:
    moment = datetime.now(timezone.utc) + timedelta(seconds=seconds)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


@pytest.fixture
def container(
    servers: Callable[..., FakeEndpoint],
    serve: Callable[..., FakeEndpoint],
    monkeypatch: pytest.MonkeyPatch,
) -> Callable[[Responder], FakeEndpoint]:
    """No keys in the environment: `container(respond)` starts the credentials endpoint."""
    monkeypatch.delenv("AWS_ACCESS_KEY_ID")
    monkeypatch.delenv("AWS_SECRET_ACCESS_KEY")
    monkeypatch.setenv("AWS_CONTAINER_AUTHORIZATION_TOKEN", "container-authorization")

    def start(respond: Responder) -> FakeEndpoint:
        server = servers(respond)
        monkeypatch.setenv("AWS_CONTAINER_CREDENTIALS_FULL_URI", f"{server.url}/creds")
        return server

    return start


def test_container_credentials_near_expiry_are_replaced_by_fresh_ones(
    serve: Callable[..., FakeEndpoint], container: Callable[[Responder], FakeEndpoint]
) -> None:
    issued = [
        # Inside the mandatory refresh window (10 minutes), still valid for 5.
        ("ASIASTALE", "stale-secret", "stale-token", 300),
        ("ASIAFRESH", "fresh-secret", "fresh-token", 3600),
    ]

    def credentials(seen: Seen, index: int) -> Answer:
        key, secret, token, life = issued[min(index, 2) - 1]
        document = {
            "AccessKeyId": key,
            "SecretAccessKey": secret,
            "Token": token,
            "Expiration": _expiring_in(life),
        }
        return Answer(200, json.dumps(document).encode(), {"Content-Type": "application/json"})

    endpoint = container(credentials)
    dynamodb = serve(lambda seen, index: ok())
    for _ in range(3):
        assert get_item()["Item"] == ITEM["Item"]
    assert len(endpoint.seen) == 2
    for seen in endpoint.seen:
        assert (seen.method, seen.target) == ("GET", "/creds")
        assert seen.headers["authorization"] == "container-authorization"
    secrets = {key: secret for key, secret, _, _ in issued}
    tokens = {key: token for key, _, token, _ in issued}
    used = [check_signature(seen, dynamodb.url, secrets) for seen in dynamodb.seen]
    # The first answer serves the call it was fetched for; the next call, inside the
    # mandatory window, fetches fresh keys, which then serve until near their expiry.
    assert used == ["ASIASTALE", "ASIAFRESH", "ASIAFRESH"]
    for key, seen in zip(used, dynamodb.seen, strict=True):
        assert seen.headers["x-amz-security-token"] == tokens[key]


def test_a_failing_container_endpoint_is_a_no_credentials_error(
    serve: Callable[..., FakeEndpoint], container: Callable[[Responder], FakeEndpoint]
) -> None:
    endpoint = container(lambda seen, index: Answer(500, b"credentials unavailable"))
    dynamodb = serve(lambda seen, index: ok())
    with pytest.raises(ServiceError) as caught:
        get_item()
    err = caught.value
    assert err.code == "NoCredentialsError"
    assert f"{endpoint.url}/creds" in str(err)
    assert "HTTP 500" in str(err)
    assert len(endpoint.seen) == 3
    assert dynamodb.seen == []
