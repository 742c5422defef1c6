"""The AWS seam: endpoints by mode, cached clients, dummy credentials, translated errors."""

from __future__ import annotations

import json
from urllib.parse import urlsplit

import pytest
from botocore.exceptions import ClientError

from arc_core import (
    AwsError,
    ConfigError,
    ServiceError,
    aws_client,
    dynamodb_resource,
    endpoint_url,
    region,
    translate_errors,
)
from tests.conftest import free_port

SANDBOX_PORTS = {"http": 3333, "events": 4444, "tables": 5555, "_arc": 2222}


def in_sandbox(monkeypatch: pytest.MonkeyPatch, **ports: int) -> None:
    config = {"version": "8.0.0", "ports": {**SANDBOX_PORTS, **ports}}
    monkeypatch.setenv("ARC_SANDBOX", json.dumps(config))


def test_local_endpoints_are_the_sandboxs(monkeypatch: pytest.MonkeyPatch) -> None:
    in_sandbox(monkeypatch)
    assert endpoint_url("ssm") == "http://localhost:2222/_arc/ssm"
    assert endpoint_url("dynamodb") == "http://localhost:5555"
    assert endpoint_url("apigatewaymanagementapi") == "http://localhost:2222/_arc/ws"


@pytest.mark.parametrize("service", ["sns", "sqs"])
def test_the_sandbox_has_no_sns_or_sqs_api(service: str) -> None:
    with pytest.raises(ConfigError, match="events bus"):
        endpoint_url(service)  # type: ignore[arg-type]


def test_on_aws_boto3_resolves_endpoints_itself(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ARC_ENV", "production")
    assert endpoint_url("ssm") is None
    assert endpoint_url("dynamodb") is None


def test_the_websocket_endpoint_on_aws_is_arc_wss_url_over_https(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("ARC_ENV", "production")
    monkeypatch.setenv("ARC_WSS_URL", "wss://abc.execute-api.us-east-1.amazonaws.com/production")
    expected = "https://abc.execute-api.us-east-1.amazonaws.com/production"
    assert endpoint_url("apigatewaymanagementapi") == expected


def test_an_unset_arc_wss_url_on_aws_is_a_config_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ARC_ENV", "production")
    with pytest.raises(ConfigError, match="ARC_WSS_URL"):
        endpoint_url("apigatewaymanagementapi")


def test_an_endpoint_override_beats_arc_wss_url(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ARC_ENV", "production")
    monkeypatch.setenv("AWS_ENDPOINT_URL", "http://127.0.0.1:1")
    assert endpoint_url("apigatewaymanagementapi") is None


def test_region_defaults_to_us_west_2_like_node(monkeypatch: pytest.MonkeyPatch) -> None:
    assert region() == "us-west-2"
    monkeypatch.setenv("AWS_DEFAULT_REGION", "eu-west-1")
    assert region() == "eu-west-1"
    monkeypatch.setenv("AWS_REGION", "ap-south-1")
    assert region() == "ap-south-1"


def test_clients_are_made_once_per_endpoint(monkeypatch: pytest.MonkeyPatch) -> None:
    in_sandbox(monkeypatch)
    first = aws_client("dynamodb")
    assert aws_client("dynamodb") is first
    assert first.meta.endpoint_url == "http://localhost:5555"
    assert first.meta.region_name == "us-west-2"
    in_sandbox(monkeypatch, tables=5556)
    assert aws_client("dynamodb") is not first


def test_locally_calls_work_with_no_credentials_configured(
    moto_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # moto_server plays the sandbox's DynamoDB here: no AWS_* credentials exist at all, so
    # the call only succeeds because the seam supplies the sandbox's dummy keys.
    in_sandbox(monkeypatch, tables=urlsplit(moto_url).port or 0)
    assert "TableNames" in aws_client("dynamodb").list_tables()
    resource = dynamodb_resource()
    assert resource.meta.client.meta.endpoint_url.endswith(f":{urlsplit(moto_url).port}")


def test_aws_mode_follows_aws_endpoint_url(aws: str, moto_url: str) -> None:
    assert aws_client("sqs").meta.endpoint_url == moto_url
    assert aws_client("sqs").list_queues().get("QueueUrls", []) == []


def test_client_errors_become_aws_errors_naming_the_action(aws: str) -> None:
    with (
        pytest.raises(
            AwsError, match="DescribeTable failed while describing a table: Resource"
        ) as caught,
        translate_errors("describing a table"),
    ):
        aws_client("dynamodb").describe_table(TableName="missing")
    assert caught.value.code == "ResourceNotFoundException"
    assert caught.value.status == 400
    assert isinstance(caught.value, ClientError)
    assert caught.value.response["Error"]["Code"] == "ResourceNotFoundException"


def test_client_errors_can_pass_through_untouched(aws: str) -> None:
    client = aws_client("dynamodb")
    with (
        pytest.raises(client.exceptions.ResourceNotFoundException),
        translate_errors("describing a table", client_errors=False),
    ):
        client.describe_table(TableName="missing")


def test_connection_failures_on_aws_point_at_the_endpoint(
    aws: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AWS_ENDPOINT_URL", f"http://127.0.0.1:{free_port()}")
    with (
        pytest.raises(ServiceError, match="check the network and AWS_ENDPOINT_URL"),
        translate_errors("listing queues"),
    ):
        aws_client("sqs").list_queues()


def test_missing_credentials_on_aws_say_what_to_set(
    moto_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ARC_ENV", "staging")
    monkeypatch.setenv("AWS_ENDPOINT_URL", moto_url)
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    with (
        pytest.raises(ServiceError, match="AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY"),
        translate_errors("listing queues"),
    ):
        aws_client("sqs").list_queues()


def test_other_exceptions_pass_through(aws: str) -> None:
    with pytest.raises(KeyError), translate_errors("anything"):
        raise KeyError("not botocore's")
