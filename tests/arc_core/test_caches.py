"""One cache story: one environment fingerprint, one `clear_caches()`, read-only results."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

import arc_tables
from arc_core import (
    AwsError,
    aws_client,
    clear_caches,
    fingerprint,
    process_cache,
    sandbox_config,
    sandbox_ports,
)
from tests.conftest import PutParameter


@pytest.fixture
def sandbox_ssm() -> Iterator[tuple[int, list[str]]]:
    """A stand-in for a running sandbox's `/_arc/ssm`; yields its port and the names asked."""
    asked: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = json.loads(self.rfile.read(int(self.headers["content-length"])))
            asked.append(body["Name"])
            ports = json.dumps({"http": 3333, "events": 4444, "tables": 5555, "_arc": 1})
            data = json.dumps({"Parameter": {"Name": body["Name"], "Value": ports}}).encode()
            self.send_response(200)
            self.send_header("content-length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield int(server.server_address[1]), asked
    server.shutdown()
    server.server_close()
    thread.join()


def test_the_fingerprint_follows_the_variables_that_decide_where_calls_go(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    before = fingerprint()
    monkeypatch.setenv("AWS_REGION", "eu-west-1")
    assert fingerprint() != before
    monkeypatch.setenv("SOME_UNRELATED_VARIABLE", "x")
    assert fingerprint() == fingerprint()
    assert fingerprint("AWS_ENDPOINT_URL_SNS") != fingerprint()


def test_clear_caches_empties_every_process_cache() -> None:
    first, second = process_cache(), process_cache()
    first["a"], second["b"] = 1, 2
    clear_caches()
    assert first == second == {}


def test_ports_asked_of_a_running_sandbox_are_cached_until_cleared(
    sandbox_ssm: tuple[int, list[str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    port, asked = sandbox_ssm
    monkeypatch.setenv("ARC_INTERNAL_PORT", str(port))
    assert sandbox_ports()["tables"] == 5555
    assert sandbox_ports()["events"] == 4444
    assert asked == ["/ArcAppTesting/ARC_SANDBOX/ports"]
    monkeypatch.setenv("ARC_APP_NAME", "other-app")  # another fingerprint: asked again
    sandbox_ports()
    clear_caches()
    sandbox_ports()
    assert asked == [
        "/ArcAppTesting/ARC_SANDBOX/ports",
        "/OtherAppTesting/ARC_SANDBOX/ports",
        "/OtherAppTesting/ARC_SANDBOX/ports",
    ]


def test_cached_sandbox_settings_are_read_only(
    sandbox_ssm: tuple[int, list[str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    port, _ = sandbox_ssm
    monkeypatch.setenv("ARC_INTERNAL_PORT", str(port))
    with pytest.raises(TypeError):
        sandbox_ports()["tables"] = 1  # type: ignore[index]
    monkeypatch.setenv("ARC_SANDBOX", json.dumps({"version": "8.0.0", "ports": {"_arc": 2}}))
    config = sandbox_config()
    assert config is not None
    with pytest.raises(TypeError):
        config["ports"]["_arc"] = 3  # type: ignore[index]
    assert sandbox_ports() == {"_arc": 2}


def test_a_table_client_follows_a_change_of_region(
    aws: str, put_parameter: PutParameter, monkeypatch: pytest.MonkeyPatch
) -> None:
    physical = f"{aws}-notes"
    aws_client("dynamodb").create_table(
        TableName=physical,
        KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
    )
    put_parameter("tables/notes", physical)
    notes = arc_tables.client().notes  # held across the change, as a handler might
    notes.put({"id": "a"})
    monkeypatch.setenv("AWS_REGION", "eu-west-1")  # moto keeps regions apart
    with pytest.raises(AwsError) as caught:
        notes.get({"id": "a"})
    assert caught.value.code == "ResourceNotFoundException"
