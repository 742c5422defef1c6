"""ARC_SANDBOX: its ports, its version, and the service names derived from the app."""

from __future__ import annotations

import json
from collections.abc import Mapping

import pytest
from hypothesis import given
from hypothesis import strategies as st

from arc_core import (
    ConfigError,
    ServiceError,
    app_name,
    sandbox_config,
    sandbox_port,
    sandbox_ports,
    sandbox_url,
    sandbox_version_at_least,
    stack_name,
    version_at_least,
)
from tests.conftest import free_port

SANDBOX = {
    "apiType": "http",
    "ports": {"http": 3333, "events": 4444, "tables": 5555, "_arc": 2222},
    "version": "8.0.0",
}


@pytest.mark.parametrize(
    ("version", "minimum", "expected"),
    [
        ("5.0.0", "5.0.0", True),
        ("5.0.1", "5.0.0", True),
        ("6.0.0", "5.0.0", True),
        ("4.9.9", "5.0.0", False),
        ("5.1.0", "5.0.0", True),
        ("4.0.0", "5.0.0", False),
        ("1.0.0", "5.0.0", False),
        # Node compares strings and gets these three wrong.
        ("10.0.0", "5.0.0", True),
        ("5.10.0", "5.9.0", True),
        ("5.0", "5.0.0", True),
        ("8.0.0-RC.1", "8.0.0", True),
    ],
)
def test_versions_compare_as_numbers(version: str, minimum: str, expected: bool) -> None:
    assert version_at_least(version, minimum) is expected


@given(
    st.lists(st.integers(0, 10_000), min_size=1, max_size=4),
    st.lists(st.integers(0, 10_000), min_size=1, max_size=4),
)
def test_version_order_is_the_order_of_the_numbers(a: list[int], b: list[int]) -> None:
    width = max(len(a), len(b))
    padded_a, padded_b = a + [0] * (width - len(a)), b + [0] * (width - len(b))
    text_a, text_b = ".".join(map(str, a)), ".".join(map(str, b))
    assert version_at_least(text_a, text_b) is (padded_a >= padded_b)


def test_outside_the_sandbox_there_is_no_config_or_version() -> None:
    assert sandbox_config() is None
    assert sandbox_version_at_least("5.0.0") is False


def test_ports_come_from_arc_sandbox(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ARC_SANDBOX", json.dumps(SANDBOX))
    assert sandbox_ports() == SANDBOX["ports"]
    assert sandbox_port("tables") == 5555
    assert sandbox_url("events", "/queues") == "http://localhost:4444/queues"
    assert sandbox_version_at_least("5.0.0")


def test_arc_sandbox_without_ports_is_a_config_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ARC_SANDBOX", '{"version": "8.0.0"}')
    with pytest.raises(ConfigError, match="Sandbox internal port not found"):
        sandbox_ports()


def test_a_port_the_sandbox_did_not_open_names_the_pragma(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ARC_SANDBOX", json.dumps({**SANDBOX, "ports": {"_arc": 2222}}))
    with pytest.raises(ConfigError, match="@tables"):
        sandbox_port("tables")


@pytest.mark.parametrize("raw", ["{not json", "[1, 2]", '"text"'])
def test_malformed_arc_sandbox_is_a_config_error(monkeypatch: pytest.MonkeyPatch, raw: str) -> None:
    monkeypatch.setenv("ARC_SANDBOX", raw)
    with pytest.raises(ConfigError, match="ARC_SANDBOX"):
        sandbox_config()


def test_outside_the_sandbox_ports_are_asked_of_a_running_sandbox(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("ARC_INTERNAL_PORT", str(free_port()))
    with pytest.raises(ServiceError, match="is the sandbox running"):
        sandbox_ports()


def test_internal_port_defaults_to_2222() -> None:
    assert sandbox_port("_arc") == 2222


def test_stack_name_prefers_arc_stack_name(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ARC_STACK_NAME", "MyStack")
    monkeypatch.setenv("ARC_APP_NAME", "ignored")
    assert stack_name() == "MyStack"


def test_stack_name_is_the_logical_id_of_app_and_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ARC_APP_NAME", "my-app")
    monkeypatch.setenv("ARC_ENV", "production")
    assert stack_name() == "MyAppProduction"


def test_locally_the_app_defaults_to_arc_app() -> None:
    assert app_name() == "arc-app"
    assert stack_name() == "ArcAppTesting"


def test_on_aws_a_missing_app_and_stack_name_is_a_config_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("ARC_ENV", "staging")
    assert app_name() is None
    with pytest.raises(ConfigError, match="ARC_APP_NAME and ARC_STACK_NAME"):
        stack_name()


@given(st.text())
def test_any_arc_sandbox_text_parses_or_is_a_config_error(raw: str) -> None:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("ARC_SANDBOX", raw.replace("\x00", ""))
        try:
            config = sandbox_config()
        except ConfigError:
            return
        assert config is None or isinstance(config, Mapping)
