"""The example app (examples/) in the real Architect sandbox, once per API mode.

The sandbox starts twice in a whole run, through the runner's own code (tools.example):
in HTTP API mode (payload 2.0) and in REST mode (payload 1.0). Every test here runs in
both; pytest groups the tests by mode, so each sandbox starts once and stops when its
tests are done. A failing test shows the sandbox's latest output (handler tracebacks).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest

from tools.example import (
    HOST,
    Browser,
    LambdaPython,
    Sandbox,
    copy_app,
    install_lambda_python,
    install_sandbox,
)

# Physical names of the app's @tables: `<app>-staging-<name>` in the sandbox.
RECORDS_TABLE = "arc-example-staging-records"
SESSIONS_TABLE = "arc-example-staging-sessions"
# How long a subscriber or @ws function may take to write its row after its trigger.
DELIVERY_SECONDS = 15.0


@pytest.fixture(scope="session")
def lambda_python(tmp_path_factory: pytest.TempPathFactory) -> LambdaPython:
    """Our wheels, and a Python holding them plus boto3, as the sandbox's `python3`."""
    return install_lambda_python(tmp_path_factory.mktemp("lambda-python"))


@pytest.fixture(scope="session")
def sandbox_command() -> Path:
    """The pinned @architect/sandbox, installed with `npm ci` if it is not yet."""
    return install_sandbox()


@pytest.fixture(scope="session", params=["http", "rest"])
def sandbox(
    request: pytest.FixtureRequest,
    sandbox_command: Path,
    lambda_python: LambdaPython,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Sandbox]:
    """The sandbox running a copy of the example app, in HTTP API mode, then in REST mode."""
    api_type: str = request.param
    workdir = tmp_path_factory.mktemp(f"sandbox-{api_type}")
    app = copy_app(workdir)
    running = Sandbox(sandbox_command, lambda_python, app, api_type, workdir / "sandbox.log")
    running.start()
    try:
        yield running
    finally:
        running.stop()


@pytest.fixture
def rest(sandbox: Sandbox) -> bool:
    """True in REST mode (payload 1.0), False in HTTP API mode (payload 2.0)."""
    return sandbox.api_type == "rest"


@pytest.fixture
def browser(sandbox: Sandbox) -> Browser:
    """A client of the app with no cookies yet."""
    return Browser(HOST, sandbox.ports["http"])


def _dynamodb_settings(sandbox: Sandbox) -> dict[str, str]:
    # Any keys do: the sandbox checks no signatures. These are its own dummy ones.
    return {
        "endpoint_url": sandbox.tables_url,
        "region_name": "us-west-2",
        "aws_access_key_id": "arcDummyAccessKey",
        "aws_secret_access_key": "arcDummySecretKey",
    }


@pytest.fixture
def database(sandbox: Sandbox) -> Any:
    """boto3's DynamoDB resource on the sandbox's own database (dynalite)."""
    return boto3.resource("dynamodb", **_dynamodb_settings(sandbox))


@pytest.fixture
def dynamodb(sandbox: Sandbox) -> Any:
    """boto3's low-level DynamoDB client on the sandbox's database: items with their types."""
    return boto3.client("dynamodb", **_dynamodb_settings(sandbox))


def row_once(table: Any, key: dict[str, str], until: Callable[[Any], bool]) -> Any:
    """The item at `key` once `until(item)` holds, or as it is after DELIVERY_SECONDS.

    Subscribers and @ws functions run after the request that triggers them has been
    answered, so their rows appear a little later.
    """
    deadline = time.monotonic() + DELIVERY_SECONDS
    while True:
        item = table.get_item(Key=key, ConsistentRead=True).get("Item")
        if until(item) or time.monotonic() > deadline:
            return item
        time.sleep(0.1)
