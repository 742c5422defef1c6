"""services() against a real moto_server (AWS mode) and a stopped sandbox (local mode)."""

from __future__ import annotations

import json

import pytest

from arc_core import ConfigError, ServiceError, aws_client
from arc_services import clear_cache, services
from tests.conftest import PutParameter, free_port


def test_the_map_nests_every_parameter_under_the_stack(put_parameter: PutParameter) -> None:
    put_parameter("tables/notes", "app-staging-notes")
    put_parameter("events/ping", "arn:aws:sns:us-east-1:123456789012:ping")
    put_parameter("static/fingerprint", "true")
    assert services() == {
        "tables": {"notes": "app-staging-notes"},
        "events": {"ping": "arn:aws:sns:us-east-1:123456789012:ping"},
        "static": {"fingerprint": "true"},
    }


def test_three_level_paths_nest_to_any_depth(put_parameter: PutParameter) -> None:
    put_parameter("services/cloudwatch/metrics/foo", "1")
    put_parameter("services/cloudwatch/metrics/bar", "2")
    put_parameter("services/cloudwatch/logs", "3")
    assert services()["services"] == {
        "cloudwatch": {"metrics": {"foo": "1", "bar": "2"}, "logs": "3"}
    }


def test_a_parameter_right_under_the_stack_is_a_value(put_parameter: PutParameter) -> None:
    put_parameter("shallow", "value")
    assert services() == {"shallow": "value"}


def test_every_page_is_read(put_parameter: PutParameter) -> None:
    # GetParametersByPath returns at most 10 parameters a page.
    for index in range(27):
        put_parameter(f"tables/t{index:02}", f"physical-{index}")
    tables = services()["tables"]
    assert len(tables) == 27
    assert tables["t26"] == "physical-26"


def test_other_stacks_are_left_out(aws: str, put_parameter: PutParameter) -> None:
    put_parameter("tables/mine", "x")
    aws_client("ssm").put_parameter(Name=f"/{aws}Other/tables/theirs", Value="y", Type="String")
    assert services() == {"tables": {"mine": "x"}}


def test_the_map_is_read_once_per_process(put_parameter: PutParameter) -> None:
    put_parameter("tables/first", "1")
    first = services()
    put_parameter("tables/second", "2")
    assert services() == first
    assert "second" not in services()["tables"]
    clear_cache()
    assert services()["tables"] == {"first": "1", "second": "2"}


def test_each_caller_gets_its_own_copy(put_parameter: PutParameter) -> None:
    put_parameter("tables/first", "1")
    mine = services()
    mine["tables"]["first"] = "changed"
    mine["extra"] = {}
    assert services() == {"tables": {"first": "1"}}
    assert services() is not services()


def test_the_stack_defaults_to_the_logical_id_of_app_and_env(
    aws: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("ARC_STACK_NAME")
    monkeypatch.setenv("ARC_APP_NAME", "my-app")
    aws_client("ssm").put_parameter(Name="/MyAppStaging/tables/a", Value="b", Type="String")
    assert services() == {"tables": {"a": "b"}}


def test_an_empty_stack_gives_an_empty_map(aws: str) -> None:
    assert services() == {}


def test_on_aws_without_app_or_stack_name_is_a_config_error(
    aws: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("ARC_STACK_NAME")
    with pytest.raises(ConfigError, match="ARC_APP_NAME and ARC_STACK_NAME"):
        services()


def test_aws_errors_are_raised_with_what_was_being_done(
    aws: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AWS_ENDPOINT_URL", f"http://127.0.0.1:{free_port()}")
    with pytest.raises(ServiceError, match=f"reading the service map under /{aws}"):
        services()


def test_locally_a_stopped_sandbox_says_to_start_it(monkeypatch: pytest.MonkeyPatch) -> None:
    port = free_port()
    sandbox = {"version": "8.0.0", "ports": {"_arc": port}}
    monkeypatch.setenv("ARC_SANDBOX", json.dumps(sandbox))
    with pytest.raises(ServiceError, match=rf"localhost:{port}/_arc/ssm.*Start it") as caught:
        services()
    assert caught.value.__cause__ is not None
