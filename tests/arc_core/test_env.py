"""ARC_ENV rules, local-vs-AWS, and the checks made when a package is imported."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from arc_core import ConfigError, arc_env, check_environment, env_value, env_values, use_aws


def test_unset_arc_env_means_testing() -> None:
    assert arc_env() == "testing"


@pytest.mark.parametrize("env", ["testing", "staging", "production"])
def test_the_three_environments_are_accepted(monkeypatch: pytest.MonkeyPatch, env: str) -> None:
    monkeypatch.setenv("ARC_ENV", env)
    assert arc_env() == env


def test_empty_arc_env_counts_as_unset(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ARC_ENV", "")
    assert arc_env() == "testing"


@pytest.mark.parametrize("env", ["dev", "Testing", "prod", " staging"])
def test_other_environments_are_a_config_error_naming_the_choices(
    monkeypatch: pytest.MonkeyPatch, env: str
) -> None:
    monkeypatch.setenv("ARC_ENV", env)
    with pytest.raises(ConfigError, match="testing, staging or production"):
        arc_env()


def _import_in_subprocess(module: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("ARC_", "AWS_"))}
    return subprocess.run(
        [sys.executable, "-c", f"import {module}"],
        env={**clean, **env},
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.parametrize("module", ["arc", "arc_core", "arc_http", "arc_tables", "arc_ws"])
def test_importing_with_a_bad_arc_env_fails_like_node(module: str) -> None:
    result = _import_in_subprocess(module, ARC_ENV="dev")
    assert result.returncode == 1
    assert "arc_core.ConfigError: ARC_ENV is 'dev'" in result.stderr


@pytest.mark.parametrize(
    ("sandbox", "ok"),
    [
        ('{"version": "4.9.9", "ports": {}}', False),
        ('{"ports": {}}', False),
        ('{"version": "5.0.0", "ports": {}}', True),
        ('{"version": "10.0.0", "ports": {}}', True),
    ],
)
def test_importing_inside_an_old_sandbox_fails(sandbox: str, ok: bool) -> None:
    result = _import_in_subprocess("arc", ARC_SANDBOX=sandbox)
    assert (result.returncode == 0) is ok, result.stderr
    if not ok:
        assert "Incompatible version: please upgrade to Sandbox >=5.x" in result.stderr


def test_check_environment_can_be_run_again(monkeypatch: pytest.MonkeyPatch) -> None:
    check_environment()
    monkeypatch.setenv("ARC_SANDBOX", '{"version": "4.0.0"}')
    with pytest.raises(ConfigError, match="Incompatible version"):
        check_environment()


@pytest.mark.parametrize(
    ("env", "sandbox", "local", "expected"),
    [
        (None, None, None, False),
        ("testing", None, None, False),
        ("testing", "{}", "1", False),
        ("staging", None, None, True),
        ("production", None, None, True),
        ("staging", '{"version":"8.0.0"}', None, False),
        ("production", '{"version":"8.0.0"}', None, False),
        ("staging", '{"version":"8.0.0"}', "true", True),
    ],
)
def test_use_aws_follows_node(
    monkeypatch: pytest.MonkeyPatch,
    env: str | None,
    sandbox: str | None,
    local: str | None,
    expected: bool,
) -> None:
    for name, value in (("ARC_ENV", env), ("ARC_SANDBOX", sandbox), ("ARC_LOCAL", local)):
        if value is not None:
            monkeypatch.setenv(name, value)
    assert use_aws() is expected


def test_env_value_treats_empty_as_unset_like_node(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ARC_SESSION_TTL", "")
    monkeypatch.setenv("SESSION_TTL", "60")
    assert env_value("ARC_SESSION_TTL", "SESSION_TTL") == "60"
    monkeypatch.setenv("ARC_SESSION_TTL", "30")
    assert env_value("ARC_SESSION_TTL", "SESSION_TTL") == "30"
    assert env_value("ARC_NOT_SET") is None


def test_env_values_reads_several_at_once_with_empty_as_none(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("ARC_APP_SECRET", "sécret")
    monkeypatch.setenv("SESSION_TTL", "")
    assert env_values(("ARC_APP_SECRET", "SESSION_TTL", "ARC_NOT_SET")) == ("sécret", None, None)
    monkeypatch.setenv("SESSION_TTL", "60")
    assert env_values(("SESSION_TTL",)) == ("60",)


def test_env_values_read_a_replaced_environment_mapping_at_call_time(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    names = ("ARC_APP_SECRET", "SESSION_TTL", "ARC_NOT_SET")
    monkeypatch.setenv("ARC_APP_SECRET", "secret")
    monkeypatch.setenv("SESSION_TTL", "")
    assert env_values(names) == ("secret", None, None)
    # A test (or a framework) may swap os.environ for another mapping: it is what counts.
    monkeypatch.setattr(os, "environ", {"ARC_APP_SECRET": "other", "SESSION_TTL": "60"})
    assert env_values(names) == ("other", "60", None)
    assert env_value("ARC_NOT_SET", "SESSION_TTL") == "60"
