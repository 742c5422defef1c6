"""arc_testing.events against the real sandbox: the events it delivers, compared key by key.

The example app hands back the raw events it receives (examples/src/capture for
`/capture` requests and the `captures` topic and queue; the @ws functions on request).
Each test sends a request, a WebSocket message or a publish, builds the same event with
`arc_testing.events` from the same inputs, and compares the two: a key the sandbox sends
that the factory lacks, or gives another value, is a failure, and so is a key the factory
adds that is not declared below as one only AWS sends. Ids are compared for presence
only, timestamps for being the same moment (HTTP API's `timeEpoch`: the sandbox sends
seconds, API Gateway and the factory milliseconds).

The HTTP cases run in HTTP API mode, REST mode (the sandboxes of conftest.py) and HTTP
API payload 1.0 mode (one more sandbox, started here).
"""

from __future__ import annotations

import base64
import http.client
import json
import uuid
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote, quote_plus, urlencode

import pytest
from websockets.sync.client import connect

import arc_events
import arc_queues
from arc_core import clear_caches, dumps
from arc_testing import events
from tests.e2e.conftest import RECORDS_TABLE, row_once
from tools.example import HOST, LambdaPython, Sandbox, copy_app

TIMEOUT_SECONDS = 30.0
# Two timestamps of one request are the same moment when this close (seconds).
SAME_MOMENT_SECONDS = 60.0
# An epoch time above this is in milliseconds (1e11 seconds is in the year 5138).
MILLISECONDS_ABOVE = 1e11
# The sandbox's API modes and the `api` of events.http that matches each.
API_OF_MODE: dict[str, events.Api] = {"http": "http", "rest": "rest", "httpv1": "http-v1"}

Path_ = tuple[str, ...]  # a key path; "*" stands for any list index


# Keys only AWS sends, which the factories add (a "*" is any list index).
AWS_ONLY_V2: frozenset[Path_] = frozenset(
    {
        ("requestContext", "domainName"),
        ("requestContext", "requestId"),
        ("requestContext", "stage"),
        ("requestContext", "time"),
    }
)
AWS_ONLY_V1: frozenset[Path_] = frozenset(
    {
        ("requestContext", "domainName"),
        ("requestContext", "requestId"),
        ("requestContext", "requestTime"),
        ("requestContext", "requestTimeEpoch"),
        ("requestContext", "stage"),
        ("stageVariables",),
    }
)
AWS_ONLY_SQS: frozenset[Path_] = frozenset(
    ("Records", "*", key)
    for key in (
        "messageId",
        "receiptHandle",
        "attributes",
        "messageAttributes",
        "md5OfBody",
        "eventSource",
        "eventSourceARN",
        "awsRegion",
    )
)
AWS_ONLY_SNS: frozenset[Path_] = frozenset(
    {("Records", "*", key) for key in ("EventSource", "EventVersion", "EventSubscriptionArn")}
    | {
        ("Records", "*", "Sns", key)
        for key in (
            "Type",
            "MessageId",
            "TopicArn",
            "Subject",
            "Timestamp",
            "SignatureVersion",
            "Signature",
            "SigningCertUrl",
            "UnsubscribeUrl",
            "MessageAttributes",
        )
    }
)
# Random on both sides: compared for presence.
WS_IDS: frozenset[Path_] = frozenset(
    {("requestContext", "messageId"), ("requestContext", "requestId")}
)
# Now on both sides: compared as moments.
HTTP_TIMES: frozenset[Path_] = frozenset({("requestContext", "timeEpoch")})
WS_TIMES: frozenset[Path_] = frozenset(
    {("requestContext", "connectedAt"), ("requestContext", "requestTimeEpoch")}
)


def differences(
    sandbox: Any,
    made: Any,
    *,
    aws_only: frozenset[Path_] = frozenset(),
    ids: frozenset[Path_] = frozenset(),
    times: frozenset[Path_] = frozenset(),
    at: Path_ = (),
) -> list[str]:
    """Every way `made` differs from the event the sandbox delivered, one line each."""
    where = "/".join(at) or "(the event)"
    if at in ids:
        both = isinstance(sandbox, str) and isinstance(made, str) and sandbox and made
        return [] if both else [f"{where}: ids {sandbox!r} and {made!r}"]
    if at in times:
        return _moment_differences(where, sandbox, made)
    if isinstance(sandbox, dict) and isinstance(made, dict):
        found = []
        for key, value in sandbox.items():
            if key not in made:
                found.append(f"{where}/{key}: missing (the sandbox sends {value!r})")
            else:
                found += differences(
                    value, made[key], aws_only=aws_only, ids=ids, times=times, at=(*at, key)
                )
        for key in made.keys() - sandbox.keys():
            if (*at, key) not in aws_only:
                found.append(f"{where}/{key}: extra {made[key]!r}, not declared AWS-only")
        for declared in aws_only:
            if declared[:-1] == at and declared[-1] not in made:
                found.append(f"{where}/{declared[-1]}: declared AWS-only but absent")
        return found
    if isinstance(sandbox, list) and isinstance(made, list):
        if len(sandbox) != len(made):
            return [f"{where}: {len(sandbox)} items in the sandbox's, {len(made)} made"]
        found = []
        for sent, item in zip(sandbox, made, strict=True):
            found += differences(sent, item, aws_only=aws_only, ids=ids, times=times, at=(*at, "*"))
        return found
    if type(sandbox) is not type(made) or sandbox != made:
        return [f"{where}: the sandbox sends {sandbox!r}, made {made!r}"]
    return []


def _moment_differences(where: str, sandbox: Any, made: Any) -> list[str]:
    numbers = all(
        isinstance(value, int) and not isinstance(value, bool) for value in (sandbox, made)
    )
    if not numbers:
        return [f"{where}: timestamps {sandbox!r} and {made!r}"]
    if made < MILLISECONDS_ABOVE:
        return [f"{where}: {made} is not in milliseconds"]
    seconds = sandbox / 1000 if sandbox > MILLISECONDS_ABOVE else sandbox
    if abs(seconds - made / 1000) > SAME_MOMENT_SECONDS:
        return [f"{where}: {sandbox} and {made} are not the same moment"]
    return []


# --- HTTP ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    """One request: sent to the sandbox as described, and given to events.http as is."""

    name: str
    method: str = "GET"
    path: str = "/capture"
    query: dict[str, Any] = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)
    cookies: dict[str, str] = field(default_factory=dict)
    json: Any = None
    form: dict[str, Any] | None = None
    body: bytes | None = None
    route: str | None = None
    path_params: dict[str, str] | None = None

    def target(self) -> str:
        """The request target on the wire: the path and the query, as a browser encodes it."""
        path = self.path
        if self.route and self.path_params:
            path = self.route.replace(":id", quote(self.path_params["id"], safe=""))
        query = urlencode(self.query, doseq=True, quote_via=quote_plus)
        return f"{path}?{query}" if query else path

    def wire(self) -> tuple[list[tuple[str, str]], bytes | None]:
        """The headers a client sends (beyond Host), and the body."""
        headers = list(self.headers.items())
        if self.cookies:
            headers.append(("Cookie", "; ".join(f"{k}={v}" for k, v in self.cookies.items())))
        body = self.body
        if self.json is not None:
            body = dumps(self.json).encode()
            headers.append(("Content-Type", "application/json"))
        elif self.form is not None:
            body = urlencode(self.form, doseq=True).encode()
            headers.append(("Content-Type", "application/x-www-form-urlencoded"))
        if body is not None:
            headers.append(("Content-Length", str(len(body))))
        return headers, body

    def event(self, host: str, api: events.Api) -> dict[str, Any]:
        """events.http of this request, given only what the client chose to send."""
        has_path = self.path_params is None
        return events.http(
            self.method,
            self.path if has_path else "/",
            query=self.query or None,
            headers={"Host": host, **self.headers},
            cookies=self.cookies or None,
            json=self.json,
            form=self.form,
            body=self.body,
            route=self.route,
            path_params=self.path_params,
            api=api,
        )


CASES = [
    Case("get"),
    Case(
        "get-query-cookies",
        query={"tag": ["a", "b"], "q": "two words ✓", "empty": ""},
        headers={"User-Agent": "arc-testing e2e", "Accept": "application/json"},
        cookies={"session": "abc.def%2F", "theme": "dark"},
    ),
    Case("get-path-params", route="/capture/:id", path_params={"id": "nöte 1/2"}),
    Case("get-path", path="/capture/7", route="/capture/:id"),
    Case(
        "post-json-cookies",
        method="POST",
        json={"text": "héllo ✓", "n": [1, 2.5, None], "ok": True},
        cookies={"session": "abc"},
    ),
    Case("post-form", method="POST", form={"name": "Ada Lovelace", "tags": ["x", "y&z"], "e": ""}),
    Case(
        "post-binary",
        method="POST",
        body=b"\x00\xff\x10binary",
        headers={"Content-Type": "application/octet-stream"},
    ),
    Case("post-bytes-without-type", method="POST", body=bytes(range(256))),
    Case("post-empty", method="POST", body=b""),
]


def capture(sandbox: Sandbox, case: Case) -> dict[str, Any]:
    """The event the sandbox delivered for `case`, which the capture function sends back."""
    headers, body = case.wire()
    connection = http.client.HTTPConnection(HOST, sandbox.ports["http"], timeout=TIMEOUT_SECONDS)
    try:
        # Every header is ours: no Accept-Encoding of http.client's own.
        connection.putrequest(case.method, case.target(), skip_host=True, skip_accept_encoding=True)
        connection.putheader("Host", host_of(sandbox))
        for name, value in headers:
            connection.putheader(name, value)
        connection.endheaders(body)
        response = connection.getresponse()
        status, data = response.status, response.read()
    finally:
        connection.close()
    assert status == 200, data
    captured: dict[str, Any] = json.loads(data)
    return captured


def host_of(sandbox: Sandbox) -> str:
    return f"{HOST}:{sandbox.ports['http']}"


@pytest.fixture
def beside(sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch) -> Sandbox:
    """This process set up as a function of `sandbox` sees it: ARC_SANDBOX names its ports.

    The factories read the sandbox's HTTP port from it, and arc.events / arc.queues
    publish to its bus, as a function in it would.
    """
    config = {"ports": dict(sandbox.ports), "version": "8.0.0"}
    monkeypatch.setenv("ARC_SANDBOX", json.dumps(config))
    clear_caches()
    return sandbox


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_an_http_event_is_the_one_the_sandbox_delivers(beside: Sandbox, case: Case) -> None:
    api = API_OF_MODE[beside.api_type]
    captured = capture(beside, case)

    made = case.event(host_of(beside), api)

    aws_only = AWS_ONLY_V2 if api == "http" else AWS_ONLY_V1
    assert differences(captured, made, aws_only=aws_only, times=HTTP_TIMES) == []


@pytest.fixture(scope="module")
def payload_v1_sandbox(
    sandbox_command: Path, lambda_python: LambdaPython, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Sandbox]:
    """The example app in the sandbox's third mode, HTTP API with payload 1.0 (`httpv1`)."""
    workdir = tmp_path_factory.mktemp("sandbox-httpv1")
    running = Sandbox(sandbox_command, lambda_python, copy_app(workdir), "httpv1", workdir / "log")
    running.start()
    try:
        yield running
    finally:
        running.stop()


def as_text(event: dict[str, Any]) -> dict[str, Any]:
    """`event` with a base64 body decoded, as an HTTP API sends a JSON body."""
    if not event["isBase64Encoded"]:
        return event
    return {**event, "body": base64.b64decode(event["body"]).decode(), "isBase64Encoded": False}


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_an_http_event_with_payload_1_0_is_the_one_the_sandbox_delivers(
    payload_v1_sandbox: Sandbox, case: Case
) -> None:
    captured = capture(payload_v1_sandbox, case)
    if case.json is not None:
        # The one difference, on purpose: the sandbox's httpv1 mode base64-encodes JSON
        # bodies too (it keeps them as text for ARC_API_TYPE=http only); HTTP APIs choose
        # by content type whatever the payload version, so the factory keeps JSON text.
        assert captured["isBase64Encoded"] is True
        captured = as_text(captured)

    made = case.event(host_of(payload_v1_sandbox), "http-v1")

    assert differences(captured, made, aws_only=AWS_ONLY_V1) == []


# --- @ws ----------------------------------------------------------------------------


def test_websocket_events_are_the_ones_the_sandbox_delivers(beside: Sandbox, database: Any) -> None:
    message = json.dumps({"capture": True, "say": "héllo ✓"})
    query = {"capture": "", "x": ["1", "2"]}
    url = f"{beside.ws_url}/?{urlencode(query, doseq=True)}"
    with connect(url, open_timeout=TIMEOUT_SECONDS) as connection:
        handshake = dict(connection.request.headers.raw_items()) if connection.request else {}
        connection.send(message)
        received = json.loads(connection.recv(timeout=TIMEOUT_SECONDS))["captured"]
    identity = received["requestContext"]["connectionId"]
    row = row_once(
        database.Table(RECORDS_TABLE),
        {"id": f"capture-{identity}"},
        until=lambda row: bool(row) and "disconnect" in row,
    )
    assert row is not None
    assert "disconnect" in row, row

    made = {
        "connect": events.ws("$connect", identity, headers=handshake, query=query),
        "message": events.ws("$default", identity, message),
        "disconnect": events.ws("$disconnect", identity),
    }

    captured = {
        "connect": json.loads(row["connect"]),
        "message": received,
        "disconnect": json.loads(row["disconnect"]),
    }
    for kind, event in made.items():
        found = differences(captured[kind], event, ids=WS_IDS, times=WS_TIMES)
        assert found == [], kind


# --- @events and @queues ------------------------------------------------------------


@pytest.mark.parametrize("kind", ["events", "queues"])
def test_a_published_message_is_the_event_the_sandbox_delivers(
    beside: Sandbox, database: Any, kind: str
) -> None:
    payload = {
        "id": uuid.uuid4().hex,
        "text": 'héllo ✓ "quoted" </script>',
        "n": 7,
        "ratio": 2.5,
        "nested": {"list": [1, None, True], "empty": {}},
    }
    if kind == "events":
        arc_events.publish("captures", payload)
    else:
        arc_queues.publish("captures", payload)
    row = row_once(database.Table(RECORDS_TABLE), {"id": f"capture-{payload['id']}"}, until=bool)
    assert row is not None
    captured = json.loads(row["event"])

    if kind == "events":
        found = differences(captured, events.sns([payload], name="captures"), aws_only=AWS_ONLY_SNS)
    else:
        found = differences(captured, events.sqs([payload], name="captures"), aws_only=AWS_ONLY_SQS)

    assert found == []


def test_the_comparison_finds_a_difference(beside: Sandbox) -> None:
    """The comparison above can fail: a changed, missing or undeclared key is reported."""
    captured = capture(beside, CASES[0])
    made = CASES[0].event(host_of(beside), API_OF_MODE[beside.api_type])
    aws_only = AWS_ONLY_V2 if beside.api_type == "http" else AWS_ONLY_V1
    changed: dict[str, Any] = {**made, "headers": {**made["headers"], "x-forwarded-proto": "https"}}
    missing = {key: value for key, value in made.items() if key != "isBase64Encoded"}
    extra: Mapping[str, Any] = {**made, "surprise": 1}

    assert len(differences(captured, changed, aws_only=aws_only, times=HTTP_TIMES)) == 1
    assert len(differences(captured, missing, aws_only=aws_only, times=HTTP_TIMES)) == 1
    assert len(differences(captured, dict(extra), aws_only=aws_only, times=HTTP_TIMES)) == 1
