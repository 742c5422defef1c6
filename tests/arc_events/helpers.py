"""What the tests of arc_events and arc_queues share: the sandbox's bus, queues on moto.

`SandboxBus` is a real HTTP server on 127.0.0.1 that answers as the sandbox's events
bus does (architect/sandbox src/events/_listener.js, see sandbox.md): `POST /events` or
`/queues` with `{"name", "payload"}` gets `200 ok` for a declared name, `404 Not found`
for any other, `400` for a body that is not JSON. It records every request, and can be
told to answer something else.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from arc_core import aws_client, dumps


@dataclass
class Posted:
    path: str
    headers: dict[str, str]
    body: bytes

    @property
    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class SandboxBus:
    declared: dict[str, set[str]] = field(
        default_factory=lambda: {"events": {"ping", "pong"}, "queues": {"jobs", "jobs.fifo"}}
    )
    posted: list[Posted] = field(default_factory=list)
    #: When set, every request gets this (status, body) instead of the sandbox's answer.
    answer: tuple[int, str] | None = None
    port: int = 0

    def respond(self, path: str, body: bytes) -> tuple[int, str]:
        if self.answer is not None:
            return self.answer
        pragma = "events" if path in ("/", "/events") else path.strip("/")
        if pragma not in self.declared:
            return 404, "Not found"
        try:
            name = json.loads(body)["name"]
        except (ValueError, KeyError, TypeError):
            return 400, "Sandbox @event bus exception parsing request body"
        return (200, "ok") if name in self.declared[pragma] else (404, "Not found")

    def payloads(self) -> list[Any]:
        return [request.json["payload"] for request in self.posted]


@contextmanager
def serve_bus() -> Iterator[SandboxBus]:
    """Run a `SandboxBus` on a free port of 127.0.0.1 for the `with` block."""
    bus = SandboxBus()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("content-length", 0)))
            headers = {key.lower(): value for key, value in self.headers.items()}
            bus.posted.append(Posted(self.path, headers, body))
            status, text = bus.respond(self.path, body)
            self.send_response(status)
            self.send_header("content-type", "text/plain")
            self.end_headers()
            self.wfile.write(text.encode())

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    bus.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, args=(0.01,), daemon=True)
    thread.start()
    try:
        yield bus
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def sns_event(*payloads: Any) -> dict[str, Any]:
    """An SNS event as Lambda delivers it, one record per payload published by arc."""
    return {
        "Records": [
            {
                "EventSource": "aws:sns",
                "EventVersion": "1.0",
                "EventSubscriptionArn": "arn:aws:sns:us-east-1:123456789012:ping:abc",
                "Sns": {
                    "Type": "Notification",
                    "MessageId": f"id-{index}",
                    "TopicArn": "arn:aws:sns:us-east-1:123456789012:ping",
                    "Subject": None,
                    "Message": dumps(payload),
                    "Timestamp": "2024-01-01T00:00:00.000Z",
                    "MessageAttributes": {},
                },
            }
            for index, payload in enumerate(payloads)
        ]
    }


def sandbox_env(ports: dict[str, int], cwd: str | None = None) -> str:
    """`ARC_SANDBOX` as the sandbox sets it for a handler, with these ports and project."""
    config: dict[str, Any] = {"apiType": "http", "ports": ports, "version": "8.0.0"}
    if cwd is not None:
        config["cwd"] = cwd
    return json.dumps(config)


def make_queue(name: str, **attributes: str) -> tuple[str, str]:
    """Create an SQS queue on moto; return its URL and ARN."""
    if name.endswith(".fifo"):
        attributes = {"FifoQueue": "true", "ContentBasedDeduplication": "true", **attributes}
    sqs = aws_client("sqs")
    url: str = sqs.create_queue(QueueName=name, Attributes=attributes)["QueueUrl"]
    arn: str = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"][
        "QueueArn"
    ]
    return url, arn


def receive(url: str, count: int, *, timeout: float = 5.0) -> list[dict[str, Any]]:
    """Receive (and delete) messages from a queue until `count` arrived or `timeout` passed."""
    sqs = aws_client("sqs")
    messages: list[dict[str, Any]] = []
    deadline = time.monotonic() + timeout
    while len(messages) < count and time.monotonic() < deadline:
        batch = sqs.receive_message(
            QueueUrl=url,
            MaxNumberOfMessages=10,
            MessageSystemAttributeNames=["All"],
            WaitTimeSeconds=0,
        ).get("Messages", [])
        for message in batch:
            sqs.delete_message(QueueUrl=url, ReceiptHandle=message["ReceiptHandle"])
        messages.extend(batch)
        if not batch:
            time.sleep(0.05)
    return messages


def lambda_event(queue_arn: str, messages: list[dict[str, Any]]) -> dict[str, Any]:
    """The event Lambda's SQS event source mapping would give a function for `messages`."""
    return {
        "Records": [
            {
                "messageId": message["MessageId"],
                "receiptHandle": message["ReceiptHandle"],
                "body": message["Body"],
                "attributes": message.get("Attributes", {}),
                "messageAttributes": {},
                "md5OfBody": message["MD5OfBody"],
                "eventSource": "aws:sqs",
                "eventSourceARN": queue_arn,
                "awsRegion": "us-east-1",
            }
            for message in messages
        ]
    }


@pytest.fixture
def bus(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[SandboxBus]:
    """Local mode inside a sandbox whose events bus is a real HTTP server of the test.

    The project folder holds the app.arc that declares what the bus knows.
    """
    with serve_bus() as running:
        lines = ["@app", "bus-test"]
        for pragma, names in running.declared.items():
            lines += [f"@{pragma}", *sorted(names), "  # a comment", "# another"]
        (tmp_path / "app.arc").write_text("\n".join(lines) + "\n", encoding="utf-8")
        ports = {"events": running.port, "_arc": 1}
        monkeypatch.setenv("ARC_SANDBOX", sandbox_env(ports, str(tmp_path)))
        yield running
