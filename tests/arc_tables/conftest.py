"""Tables in a real moto_server, declared in SSM as Architect deploys them.

`notes` has a string hash key `id`; `events` has `pk` (string) and `sk` (number) and a
global secondary index `byKind` on `kind` and `sk`.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from tests.conftest import PutParameter

TABLES = ("notes", "events")


def physical_name(stack: str, logical: str) -> str:
    """The physical name Architect gives an @tables entry (`<app>-staging-<name>`)."""
    return f"{stack.lower()}-staging-{logical}"


def create_tables(stack: str) -> None:
    from arc_core import aws_client

    db = aws_client("dynamodb")
    db.create_table(
        TableName=physical_name(stack, "notes"),
        KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
    )
    db.create_table(
        TableName=physical_name(stack, "events"),
        KeySchema=[
            {"AttributeName": "pk", "KeyType": "HASH"},
            {"AttributeName": "sk", "KeyType": "RANGE"},
        ],
        AttributeDefinitions=[
            {"AttributeName": "pk", "AttributeType": "S"},
            {"AttributeName": "sk", "AttributeType": "N"},
            {"AttributeName": "kind", "AttributeType": "S"},
        ],
        GlobalSecondaryIndexes=[
            {
                "IndexName": "byKind",
                "KeySchema": [
                    {"AttributeName": "kind", "KeyType": "HASH"},
                    {"AttributeName": "sk", "KeyType": "RANGE"},
                ],
                "Projection": {"ProjectionType": "ALL"},
            }
        ],
        BillingMode="PAY_PER_REQUEST",
    )


@pytest.fixture
def tables(aws: str, put_parameter: PutParameter) -> str:
    """AWS mode with the `notes` and `events` tables created and in SSM; returns the stack."""
    create_tables(aws)
    for logical in TABLES:
        put_parameter(f"tables/{logical}", physical_name(aws, logical))
    return aws


Reply = Callable[[BaseHTTPRequestHandler, dict[str, Any]], None]


@pytest.fixture
def http_server() -> Iterator[Callable[[Reply], int]]:
    """Start small HTTP servers on 127.0.0.1 that answer every POST with `reply`.

    Stand-ins for the two endpoints moto_server cannot play: the sandbox's SSM service
    and a DynamoDB that throttles. Returns a function that starts one and gives its port.
    """
    servers: list[ThreadingHTTPServer] = []

    def start(reply: Reply) -> int:
        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("content-length") or 0)
                reply(self, json.loads(self.rfile.read(length) or b"{}"))

            def log_message(self, format: str, *args: Any) -> None:
                pass

        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return int(server.server_address[1])

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


def send_json(handler: BaseHTTPRequestHandler, status: int, body: Any) -> None:
    data = json.dumps(body).encode()
    handler.send_response(status)
    handler.send_header("content-type", "application/x-amz-json-1.1")
    handler.send_header("content-length", str(len(data)))
    handler.end_headers()
    handler.wfile.write(data)
