"""The real Node `@architect/functions`, pinned by package-lock.json, as a pytest fixture.

One long-lived `node sessions.js` process answers JSON lines for the whole test session.
Every call sends the current ARC_*, AWS_* and SESSION_* variables, so a test sets the
environment once (monkeypatch) and both languages run under it.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from itertools import count
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import PutParameter

HERE = Path(__file__).parent
# The variables that configure both libraries (the ones tests/conftest.py clears).
_PREFIXES = ("ARC_", "AWS_", "SESSION_")


class NodeError(Exception):
    """Node's library threw; `name` is the JavaScript error's name."""

    def __init__(self, name: str, message: str) -> None:
        super().__init__(f"{name}: {message}")
        self.name = name
        self.message = message


class NodeProcess:
    """A `node sessions.js` child process, one request at a time."""

    def __init__(self) -> None:
        node = shutil.which("node")
        if node is None:
            pytest.fail("node is required for the interop tests (Node 20, as in CI)")
        if not (HERE / "node_modules" / "@architect" / "functions").is_dir():
            pytest.fail(
                "the Node library is not installed: run `npm ci` in tests/interop "
                "(tools/test does it before pytest)"
            )
        self._ids = count()
        self._process = subprocess.Popen(
            [node, "sessions.js"],
            cwd=HERE,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            encoding="utf-8",
        )

    def call(self, op: str, *, fresh: bool = False, now_ms: int | None = None, **args: Any) -> Any:
        """Run `op` in Node under this process's current environment; return its result."""
        assert self._process.stdin is not None
        assert self._process.stdout is not None
        request: dict[str, Any] = {"id": next(self._ids), "op": op, "env": _environment()}
        if fresh:
            request["fresh"] = True
        if now_ms is not None:
            request["now"] = now_ms
        self._process.stdin.write(json.dumps({**request, **args}) + "\n")
        self._process.stdin.flush()
        line = self._process.stdout.readline()
        if not line:
            raise RuntimeError(f"node exited with {self._process.wait()} during {op}")
        answer = json.loads(line)
        assert answer["id"] == request["id"]
        if "error" in answer:
            raise NodeError(answer["error"]["name"], answer["error"]["message"])
        return answer["result"]

    def close(self) -> None:
        assert self._process.stdin is not None
        assert self._process.stdout is not None
        self._process.stdin.close()
        try:
            self._process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
        finally:
            self._process.stdout.close()


def _environment() -> dict[str, str]:
    return {name: value for name, value in os.environ.items() if name.startswith(_PREFIXES)}


class Node:
    """Node's `arc.http.session` and helpers, under the test's environment.

    With `reload`, the first call reloads the library, so its per-process caches (the
    service map, the session table, the DynamoDB client) belong to this test alone.
    """

    def __init__(self, process: NodeProcess, *, reload: bool = False) -> None:
        self._process = process
        self._fresh = reload

    def _call(self, op: str, now_ms: int | None = None, **args: Any) -> Any:
        fresh, self._fresh = self._fresh, False
        return self._process.call(op, fresh=fresh, now_ms=now_ms, **args)

    def read(self, req: dict[str, Any]) -> Any:
        """`await arc.http.session.read(req)`."""
        return self._call("read", req=req)

    def write(self, session: dict[str, Any], now_ms: int | None = None) -> str:
        """`await arc.http.session.write(session)`: the Set-Cookie value."""
        result: str = self._call("write", now_ms=now_ms, session=session)
        return result

    def sign(self, value: str, secret: str) -> str:
        """cookie-signature's `sign(value, secret)`."""
        result: str = self._call("sign", value=value, secret=secret)
        return result

    def unsign(self, value: str, secret: str) -> str | bool:
        """cookie-signature's `unsign(value, secret)`: the value or False."""
        result: str | bool = self._call("unsign", value=value, secret=secret)
        return result

    def idx(self, header: str) -> str | None:
        """The `_idx` value Node's providers read from a Cookie header (None for none)."""
        result: str | None = self._call("idx", header=header)
        return result

    def number(self, text: str) -> str:
        """`String(Number(text))`."""
        result: str = self._call("number", text=text)
        return result

    def base64(self, text: str) -> bytes:
        """`Buffer.from(text, 'base64')`."""
        return bytes.fromhex(self._call("base64", text=text))


@pytest.fixture(scope="session")
def node_process() -> Iterator[NodeProcess]:
    """One Node process for the whole test session."""
    process = NodeProcess()
    try:
        yield process
    finally:
        process.close()


@pytest.fixture
def node(node_process: NodeProcess) -> Node:
    """Node's session functions (the JWE provider keeps no state between calls)."""
    return Node(node_process)


@pytest.fixture
def reloaded_node(node_process: NodeProcess) -> Node:
    """Node's session functions, with the library's caches fresh for this test."""
    return Node(node_process, reload=True)


def request(cookie: str | None = None, **extra: Any) -> dict[str, Any]:
    """A minimal HTTP API v2 request carrying `cookie` as its Cookie header."""
    headers = {"cookie": cookie} if cookie is not None else {}
    return {"version": "2.0", "headers": headers, **extra}


def cookie_of(set_cookie: str) -> str:
    """The `_idx=<value>` pair a browser sends back for a Set-Cookie value."""
    return set_cookie.split(";", 1)[0]


@pytest.fixture
def session_table(aws: str, put_parameter: PutParameter, monkeypatch: pytest.MonkeyPatch) -> str:
    """A DynamoDB session table in moto that both languages find through SSM as `sessions`.

    Node's aws-lite, like boto3, sends every call to `AWS_ENDPOINT_URL` (moto here), so
    both discover the table the way a deployed app does. Returns its physical name.
    """
    from arc_core import aws_client

    physical = f"{aws}-sessions"
    aws_client("dynamodb").create_table(
        TableName=physical,
        KeySchema=[{"AttributeName": "_idx", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "_idx", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
    )
    put_parameter("tables/sessions", physical)
    monkeypatch.setenv("ARC_SESSION_TABLE_NAME", "sessions")
    monkeypatch.setenv("ARC_APP_SECRET", "an-interop-secret")
    return physical
