"""Fixtures every test folder shares: a clean environment and a real moto_server.

AWS-mode tests talk to `moto_server` over HTTP on 127.0.0.1, started once per test
session on a free port; boto3 finds it through `AWS_ENDPOINT_URL`. Nothing is mocked.
"""

from __future__ import annotations

import os
import socket
import urllib.request
import uuid
from collections.abc import Callable, Iterator

import pytest

from arc_core import clear_caches
from tools.bench._moto import moto_server
from tools.bench._proxy import CountingProxy

# Variables that change what the library does; every test starts without them.
_PREFIXES = ("ARC_", "AWS_", "SESSION_")


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Start every test with no ARC_*, AWS_* or SESSION_* variables and empty caches."""
    for name in list(os.environ):
        if name.startswith(_PREFIXES):
            monkeypatch.delenv(name)
    # Keep boto3 away from the developer's own ~/.aws files.
    monkeypatch.setenv("AWS_CONFIG_FILE", os.devnull)
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", os.devnull)
    # Every per-process cache, kept-alive connections to this test's endpoints included.
    clear_caches()
    yield
    clear_caches()


@pytest.fixture(scope="session")
def moto_url() -> Iterator[str]:
    """The URL of a moto_server started for this test session on 127.0.0.1."""
    with moto_server() as url:
        yield url


@pytest.fixture
def aws(moto_url: str, monkeypatch: pytest.MonkeyPatch) -> str:
    """AWS mode against a freshly reset moto_server; returns this test's stack name.

    `ARC_ENV=staging` outside the sandbox means AWS; `AWS_ENDPOINT_URL` points every
    boto3 client made by arc_core at moto, with dummy credentials and us-east-1.
    """
    request = urllib.request.Request(f"{moto_url}/moto-api/reset", method="POST")
    with urllib.request.urlopen(request, timeout=10):
        pass
    stack = "Test" + uuid.uuid4().hex[:12]
    monkeypatch.setenv("ARC_ENV", "staging")
    monkeypatch.setenv("ARC_STACK_NAME", stack)
    monkeypatch.setenv("AWS_ENDPOINT_URL", moto_url)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_REGION", "us-east-1")
    return stack


@pytest.fixture
def aws_calls(aws: str, moto_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[CountingProxy]:
    """A counting proxy in front of moto_server that every AWS client now goes through.

    It counts what arrives on the wire, `<service>.<Operation>`, whichever client sent it.
    """
    proxy = CountingProxy(moto_url)
    monkeypatch.setenv("AWS_ENDPOINT_URL", proxy.start())
    try:
        yield proxy
    finally:
        proxy.stop()


class CallCounter:
    """How many `<service>.<Operation>` calls have gone through the proxy since it was made."""

    def __init__(self, proxy: CountingProxy, service: str, operation: str) -> None:
        self._proxy = proxy
        self._key = f"{service}.{operation}"
        self._start = proxy.counts[self._key]

    @property
    def count(self) -> int:
        return self._proxy.counts[self._key] - self._start


PutParameter = Callable[[str, str], None]


@pytest.fixture
def put_parameter(aws: str) -> PutParameter:
    """Write SSM parameters under this test's stack, as Architect's deploy does."""
    from arc_core import aws_client

    def put(path: str, value: str) -> None:
        aws_client("ssm").put_parameter(
            Name=f"/{aws}/{path.lstrip('/')}", Value=value, Type="String", Overwrite=True
        )

    return put


# Lines of a running sandbox's output attached to the report of a test that failed with it.
SANDBOX_OUTPUT_LINES = 60


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> object:
    """Show the end of the sandbox's output under a failed e2e or browser test."""
    report = yield
    running = getattr(item, "funcargs", {}).get("sandbox")
    if report.failed and running is not None and hasattr(running, "output"):
        tail = running.output().splitlines()[-SANDBOX_OUTPUT_LINES:]
        report.sections.append(("sandbox output", "\n".join(tail)))
    return report
