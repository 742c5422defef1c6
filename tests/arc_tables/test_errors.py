"""Where the calls go and how failures surface: the sandbox, throttling, a dead endpoint."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler
from typing import Any

import pytest
from botocore.exceptions import ClientError

from arc_core import ConfigError, ServiceError, aws_client
from arc_tables import client, name, table
from tests.arc_tables.conftest import Reply, send_json
from tests.conftest import PutParameter, free_port

StartServer = Callable[[Reply], int]


def sandbox_ssm(tables: dict[str, str]) -> Reply:
    """The sandbox's `/_arc/ssm` answer to GetParametersByPath, as sandbox.md describes it."""

    def reply(handler: BaseHTTPRequestHandler, body: dict[str, Any]) -> None:
        assert handler.path == "/_arc/ssm"
        assert handler.headers["x-amz-target"] == "AmazonSSM.GetParametersByPath"
        stack = body["Path"].strip("/")
        parameters = [
            {"Name": f"/{stack}/tables/{logical}", "Type": "String", "Value": physical}
            for logical, physical in tables.items()
        ]
        send_json(handler, 200, {"Parameters": parameters})

    return reply


def in_sandbox(monkeypatch: pytest.MonkeyPatch, ports: dict[str, int]) -> None:
    monkeypatch.setenv("ARC_SANDBOX", json.dumps({"version": "8.0.0", "ports": ports}))


def test_in_the_sandbox_tables_are_reached_on_its_tables_port(
    moto_url: str, http_server: StartServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    # moto_server plays the sandbox's DynamoDB (dynalite) on the tables port.
    tables_port = int(moto_url.rsplit(":", 1)[1])
    physical = f"arc-app-staging-notes-{uuid.uuid4().hex[:8]}"
    ssm_port = http_server(sandbox_ssm({"notes": physical}))
    in_sandbox(monkeypatch, {"_arc": ssm_port, "tables": tables_port, "http": free_port()})
    aws_client("dynamodb").create_table(
        TableName=physical,
        KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
    )
    assert name("notes") == physical
    assert table("notes").meta.client.meta.endpoint_url == f"http://localhost:{tables_port}"
    client().notes.put({"id": "a", "n": 1.5})
    assert client().notes.get({"id": "a"}) == {"id": "a", "n": 1.5}
    assert table("notes").get_item(Key={"id": "a"})["Item"]["n"] == pytest.approx(1.5)


def test_a_sandbox_without_tables_says_to_declare_them(
    http_server: StartServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    ssm_port = http_server(sandbox_ssm({"notes": "arc-app-staging-notes"}))
    in_sandbox(monkeypatch, {"_arc": ssm_port, "http": free_port()})
    with pytest.raises(ConfigError, match="@tables"):
        client().notes.get({"id": "a"})
    with pytest.raises(ConfigError, match="@tables"):
        table("notes")


def test_a_stopped_sandbox_says_to_start_it(
    http_server: StartServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    ssm_port = http_server(sandbox_ssm({"notes": "arc-app-staging-notes"}))
    tables_port = free_port()
    in_sandbox(monkeypatch, {"_arc": ssm_port, "tables": tables_port})
    with pytest.raises(ServiceError, match=rf"localhost:{tables_port}.*Start it") as caught:
        client().notes.get({"id": "a"})
    assert "reading an item from DynamoDB table arc-app-staging-notes" in str(caught.value)
    assert caught.value.__cause__ is not None


def test_an_unreachable_dynamodb_on_aws_is_a_service_error(
    aws: str, put_parameter: PutParameter, monkeypatch: pytest.MonkeyPatch
) -> None:
    put_parameter("tables/notes", "app-staging-notes")
    port = free_port()
    monkeypatch.setenv("AWS_ENDPOINT_URL_DYNAMODB", f"http://127.0.0.1:{port}")
    with pytest.raises(ServiceError, match=rf"could not reach .*{port}.*AWS_ENDPOINT_URL"):
        client().notes.put({"id": "a"})


def test_throttling_is_retried_then_raised_as_client_error(
    aws: str,
    put_parameter: PutParameter,
    http_server: StartServer,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    put_parameter("tables/notes", "app-staging-notes")
    attempts: list[str] = []

    def throttle(handler: BaseHTTPRequestHandler, body: dict[str, Any]) -> None:
        attempts.append(handler.headers["x-amz-target"])
        send_json(
            handler,
            400,
            {
                "__type": "com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException",
                "message": "The level of configured provisioned throughput was exceeded.",
            },
        )

    monkeypatch.setenv("AWS_ENDPOINT_URL_DYNAMODB", f"http://127.0.0.1:{http_server(throttle)}")
    with pytest.raises(ClientError) as caught:
        client().notes.get({"id": "a"})
    assert caught.value.response["Error"]["Code"] == "ProvisionedThroughputExceededException"
    # boto3's standard retry mode, three attempts in all on AWS.
    assert attempts == ["DynamoDB_20120810.GetItem"] * 3
