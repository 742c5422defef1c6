"""The real Architect sandbox (`@architect/sandbox`, from npm) for a test session.

`Sandbox(settings, log).start()` finds the sandbox's command line in the app's own
node_modules (or where `settings.sandbox` says), starts it with Node on four free ports
of 127.0.0.1, in a process group of its own, with the Python running the tests first on
its PATH (so handlers import what the tests import), and returns once it prints "Local
environment ready!". `stop()` ends the process group by the sandbox's PID: SIGTERM, then
SIGKILL for whatever is left (handlers it spawned included).
"""

from __future__ import annotations

import atexit
import contextlib
import http.client
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from ._client import Browser, Headers, RequestOptions, Response, decompress
from ._cookies import Cookies

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing_extensions import Unpack

__all__ = [
    "HOST",
    "HttpClient",
    "Sandbox",
    "SandboxError",
    "SandboxSettings",
    "find_sandbox",
]

HOST = "127.0.0.1"
# The npm package, and what the sandbox prints once every server is up and every
# function is hydrated (@architect/sandbox src/sandbox/print-status.js).
SANDBOX_PACKAGE = "@architect/sandbox"
READY_LINE = "Local environment ready!"
# The sandbox forces its own exit 5 s after SIGTERM; a little more before SIGKILL.
STOP_GRACE_SECONDS = 8.0
# Seconds one HTTP request to the sandbox may take (a handler is a cold start each time).
HTTP_TIMEOUT_SECONDS = 60.0
# The manifests Architect reads an app from that this module can read the name of.
MANIFESTS = ("app.arc", ".arc")
# How to install what is missing.
INSTALL_SANDBOX = "npm install --save-dev @architect/sandbox"
# What `SandboxSettings.isolated` keeps from the sandbox besides ARC_*.
_ISOLATED_PREFIXES = ("ARC_", "AWS_", "SESSION_", "PIP_", "PYTHON", "VIRTUAL_ENV")
# The environment variable that says where the sandbox is (like --arc-sandbox).
SANDBOX_VARIABLE = "ARC_TESTING_SANDBOX"


class SandboxError(RuntimeError):
    """The sandbox cannot start: it is not installed, Node is missing, or it failed."""


@dataclass(frozen=True)
class SandboxSettings:
    """How `arc_sandbox` starts the sandbox (override the `arc_sandbox_settings` fixture).

    - `app`: the app's folder (with app.arc);
    - `sandbox`: where `@architect/sandbox` is: its package folder, a node_modules folder
      or project holding it, or its CLI script; None looks in the app's node_modules and
      its parents' (an `@architect/architect` install holds one too);
    - `python`: the interpreter handlers run with (its folder goes first on the
      sandbox's PATH); default: the one running the tests;
    - `api`: `ARC_API_TYPE`, `http` (HTTP API, payload 2.0), `httpv1` or `rest`;
    - `env`: more environment for the sandbox (and so its handlers), over the tests' own;
    - `timeout`: seconds to wait for "Local environment ready!";
    - `isolated`: keep the tests' `AWS_*`, `SESSION_*`, `PIP_*`, `PYTHON*` and
      `VIRTUAL_ENV` variables from the sandbox too (a developer's AWS profile, the test
      runner's Python settings), as well as the `ARC_*` ones it never gets.
    """

    app: Path
    sandbox: Path | None = None
    python: Path = field(default_factory=lambda: Path(sys.executable))
    api: str = "http"
    env: Mapping[str, str] = field(default_factory=dict)
    timeout: float = 120.0
    isolated: bool = False


def _free_ports(count: int) -> list[int]:
    """`count` distinct ports of 127.0.0.1 that nothing listens on right now."""
    with contextlib.ExitStack() as held:
        sockets = [held.enter_context(socket.socket()) for _ in range(count)]
        for sock in sockets:
            sock.bind((HOST, 0))
        return [sock.getsockname()[1] for sock in sockets]


def _package_json(folder: Path) -> dict[str, Any] | None:
    try:
        found = json.loads((folder / "package.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return found if isinstance(found, dict) else None


def _as_package(where: Path) -> Path | None:
    """The `@architect/sandbox` package folder that `where` is, holds, or is the CLI of."""
    candidates = [
        where,
        where / "@architect" / "sandbox",
        where / "node_modules" / "@architect" / "sandbox",
        where
        / "node_modules"
        / "@architect"
        / "architect"
        / "node_modules"
        / "@architect"
        / "sandbox",
    ]
    if where.is_file():
        candidates = list(where.parents)
    for folder in candidates:
        package = _package_json(folder)
        if package is not None and package.get("name") == SANDBOX_PACKAGE:
            return folder
    return None


def find_sandbox(app: Path, where: Path | None = None) -> Path:
    """The folder of the `@architect/sandbox` package to run for `app`.

    `where` (a setting) wins; else the app's node_modules, then its parents'. Raises
    `SandboxError` saying what to install or set when there is none.
    """
    if where is not None:
        found = _as_package(where.resolve())
        if found is None:
            raise SandboxError(
                f"{where} is not @architect/sandbox, nor a folder or node_modules holding it "
                f"(--arc-sandbox, {SANDBOX_VARIABLE} or the arc_sandbox ini option)"
            )
        return found
    for folder in (app.resolve(), *app.resolve().parents):
        found = _as_package(folder)
        if found is not None and folder != found:
            return found
    raise SandboxError(
        f"@architect/sandbox is not installed for the app in {app}: run `{INSTALL_SANDBOX}` "
        f"there (it needs Node.js), or point --arc-sandbox or {SANDBOX_VARIABLE} at an "
        "installed one"
    )


def _node(package: Path) -> str:
    """The `node` on PATH, checked against the sandbox's `engines.node` (`>=N`)."""
    node = shutil.which("node")
    if node is None:
        raise SandboxError(
            "Node.js is not installed (no `node` on PATH): the Architect sandbox runs on "
            "Node.js; install it from nodejs.org or your package manager"
        )
    wanted = str((_package_json(package) or {}).get("engines", {}).get("node", ""))
    minimum = re.match(r"\s*>=\s*(\d+)", wanted)
    if minimum:
        version = subprocess.run(
            [node, "--version"], capture_output=True, text=True, check=False
        ).stdout.strip()
        major = re.match(r"v?(\d+)", version)
        if major and int(major[1]) < int(minimum[1]):
            raise SandboxError(
                f"@architect/sandbox in {package} needs Node.js {wanted}, and `node` is "
                f"{version}: install a newer Node.js, or a sandbox release for this one"
            )
    return node


def _cli(package: Path) -> Path:
    """The sandbox's command line script, from its package.json `bin`."""
    bins = (_package_json(package) or {}).get("bin")
    script = bins.get("sandbox") if isinstance(bins, dict) else bins
    return package / (script if isinstance(script, str) else "src/cli/cli.js")


def app_name(app: Path) -> str:
    """The `@app` name in the app's app.arc (or .arc); `SandboxError` when there is none."""
    for manifest in MANIFESTS:
        path = app / manifest
        if not path.is_file():
            continue
        in_app = False
        for line in path.read_text(encoding="utf-8").splitlines():
            words = line.split("#", 1)[0].split()
            if not words:
                continue
            if words[0].startswith("@"):
                in_app = words[0] == "@app"
            elif in_app:
                return words[0]
        raise SandboxError(f"{path} has no @app name")
    raise SandboxError(
        f"no app.arc in {app}: arc_sandbox runs the Architect app at the rootdir, or at "
        "--arc-app DIR (the arc_app ini option)"
    )


def _has_exited(process: subprocess.Popen[bytes]) -> bool:
    """True once the process has exited, without reaping it where the OS allows (its PID,
    the id of its process group, then stays reserved)."""
    if process.returncode is not None:
        return True
    if hasattr(os, "waitid"):
        return os.waitid(os.P_PID, process.pid, os.WEXITED | os.WNOHANG | os.WNOWAIT) is not None
    return process.poll() is not None


class Sandbox:
    """One running sandbox: `url`, `ws_url`, `ports`, `http(...)`, `client()`, `environ`.

    - `url`: `http://127.0.0.1:<port>`, the app's HTTP API; `ws_url`: `ws://...` on it;
    - `ports`: `{"http", "events", "tables", "_arc"}`, as `ARC_SANDBOX` names them;
    - `http(method, path, ...)`: one request (no cookies kept), a `Response`;
    - `client()`: a new HTTP client with a cookie jar and `Client`'s verbs;
    - `environ`: the variables that make an in-process handler (a `Client`'s) use this
      sandbox's tables, events bus and WebSockets (fixture `arc_sandbox_env`);
    - `output()`: what the sandbox and its handlers printed so far.
    """

    def __init__(self, settings: SandboxSettings, log: Path | None = None) -> None:
        self.settings = settings
        self.app = settings.app.resolve()
        self.name = app_name(self.app)
        self.package = find_sandbox(self.app, settings.sandbox)
        self.node = _node(self.package)
        self.version = str((_package_json(self.package) or {}).get("version", "0.0.0"))
        http_port, events, tables, internal = _free_ports(4)
        self.ports: Mapping[str, int] = {
            "http": http_port,
            "events": events,
            "tables": tables,
            "_arc": internal,
        }
        self.log = log or Path(tempfile.mkdtemp(prefix="arc-sandbox-")) / "sandbox.log"
        self._process: subprocess.Popen[bytes] | None = None
        self._python_dir: tempfile.TemporaryDirectory[str] | None = None

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.ports['http']}"

    @property
    def ws_url(self) -> str:
        return f"ws://{HOST}:{self.ports['http']}"

    @property
    def pid(self) -> int | None:
        """The sandbox's process id (the id of its process group) while it runs."""
        return None if self._process is None else self._process.pid

    @property
    def environ(self) -> dict[str, str]:
        """What a handler in the sandbox finds in its environment about the sandbox."""
        config = {
            "apiType": self.settings.api,
            "cwd": str(self.app),
            "ports": dict(self.ports),
            "staticPath": str(self.app / "public"),
            "version": self.version,
        }
        return {
            "ARC_ENV": self.settings.env.get("ARC_ENV", "testing"),
            "ARC_APP_NAME": self.name,
            "ARC_SANDBOX": json.dumps(config),
            "ARC_WSS_URL": f"ws://localhost:{self.ports['http']}",
        }

    def _python_path(self) -> str:
        """The folder to put first on PATH so that `python3` is `settings.python`."""
        python = self.settings.python
        beside = python.parent / "python3"
        if beside.exists() and beside.resolve() == python.resolve():
            return str(python.parent)
        # A shim, not a symlink: a venv's interpreter finds its venv by the path run.
        self._python_dir = tempfile.TemporaryDirectory(prefix="arc-sandbox-python-")
        shim = Path(self._python_dir.name) / "python3"
        shim.write_text(f'#!/bin/sh\nexec "{python}" "$@"\n')
        shim.chmod(0o755)
        return self._python_dir.name

    def _environment(self) -> dict[str, str]:
        # The tests' environment minus ARC_* (they would change what the sandbox does).
        dropped = _ISOLATED_PREFIXES if self.settings.isolated else ("ARC_",)
        env = {k: v for k, v in os.environ.items() if not k.startswith(dropped)}
        env.update(
            PATH=f"{self._python_path()}{os.pathsep}{env.get('PATH', '')}",
            ARC_API_TYPE=self.settings.api,
            ARC_HTTP_PORT=str(self.ports["http"]),
            ARC_EVENTS_PORT=str(self.ports["events"]),
            ARC_TABLES_PORT=str(self.ports["tables"]),
            ARC_INTERNAL_PORT=str(self.ports["_arc"]),
            # The CLI otherwise asks the npm registry whether it is up to date.
            NO_UPDATE_NOTIFIER="1",
        )
        env.update(self.settings.env)
        return env

    def start(self) -> Sandbox:
        """Start the sandbox and wait until it is ready; `SandboxError` if it is not."""
        if self._process is not None:
            return self
        self.log.parent.mkdir(parents=True, exist_ok=True)
        command = [self.node, str(_cli(self.package)), "--host", HOST]
        with self.log.open("wb") as log:
            self._process = subprocess.Popen(
                command,
                cwd=self.app,
                env=self._environment(),
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        atexit.register(self.stop)
        try:
            self._wait_until_ready(self._process)
        except BaseException:  # not ready, or Ctrl-C while waiting: leave nothing running
            self.stop()
            raise
        return self

    def _wait_until_ready(self, process: subprocess.Popen[bytes]) -> None:
        deadline = time.monotonic() + self.settings.timeout
        while READY_LINE not in self.output():
            if _has_exited(process):
                raise SandboxError(f"the sandbox exited while starting:\n{self.output()}")
            if time.monotonic() > deadline:
                raise SandboxError(
                    f"the sandbox was not ready in {self.settings.timeout:g} s:\n{self.output()}"
                )
            time.sleep(0.1)

    def output(self) -> str:
        """Everything the sandbox and its handlers printed so far."""
        return self.log.read_text(errors="replace") if self.log.exists() else ""

    def stop(self) -> None:
        """Stop the sandbox's process group by its PID: SIGTERM, then SIGKILL what is left."""
        process, self._process = self._process, None
        if process is not None:
            atexit.unregister(self.stop)
            _stop_group(process)
        if self._python_dir is not None:
            self._python_dir.cleanup()
            self._python_dir = None

    def http(self, method: str, path: str = "/", **options: Unpack[RequestOptions]) -> Response:
        """One request to the sandbox's HTTP API, with no cookie jar: a `Response`.

        The keywords are `Client`'s but `route` and `path_params` (the sandbox routes).
        Redirects are not followed.
        """
        return self.client().request(method, path, **options)

    def client(self) -> HttpClient:
        """A new HTTP client of the sandbox that keeps cookies like a browser."""
        return HttpClient(HOST, self.ports["http"])

    def __enter__(self) -> Sandbox:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def __repr__(self) -> str:
        state = f"pid {self.pid}" if self._process is not None else "stopped"
        return f"<Sandbox {self.name} {self.url} {state}>"


def _stop_group(process: subprocess.Popen[bytes]) -> None:
    if sys.platform == "win32":
        process.terminate()
        try:
            process.wait(STOP_GRACE_SECONDS)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        return
    group = process.pid  # start_new_session: the sandbox leads a group of its own
    with contextlib.suppress(ProcessLookupError):
        os.killpg(group, signal.SIGTERM)
    deadline = time.monotonic() + STOP_GRACE_SECONDS
    while not _has_exited(process) and time.monotonic() < deadline:
        time.sleep(0.05)
    # Not yet reaped, the sandbox's PID (the group's id) cannot have been reused: this
    # reaches only handlers it left behind, or the sandbox itself if it hung.
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(group, signal.SIGKILL)
    process.wait()


class HttpClient(Browser):
    """A client of a running sandbox over HTTP, with `Client`'s verbs and cookie jar.

    The keywords are `Client`'s but `route` and `path_params`: the sandbox routes. A
    `json` body is sent as `application/json`, a `form` as
    `application/x-www-form-urlencoded`, unless `headers` give a Content-Type.
    """

    def __init__(self, host: str, port: int, *, cookies: Cookies | None = None) -> None:
        self.host = host
        self.port = port
        self.cookies = Cookies() if cookies is None else cookies

    def _exchange(
        self, method: str, path: str, options: RequestOptions, cookies: dict[str, str]
    ) -> Response:
        for local in ("route", "path_params"):
            if options.get(local) is not None:
                raise TypeError(f"{local} is for in-process Clients: the sandbox routes by itself")
        headers = {name.lower(): value for name, value in (options.get("headers") or {}).items()}
        body = _body(options, headers)
        if cookies:
            headers["cookie"] = "; ".join(f"{name}={value}" for name, value in cookies.items())
        query = options.get("query")
        if query:
            path += ("&" if "?" in path else "?") + urlencode(query, doseq=True)
        connection = http.client.HTTPConnection(self.host, self.port, timeout=HTTP_TIMEOUT_SECONDS)
        try:
            connection.request(method, path, body=body, headers=headers)
            answer = connection.getresponse()
            pairs = answer.getheaders()
            data = answer.read()
        finally:
            connection.close()
        headers_in = Headers(pairs)
        encoding = ", ".join(headers_in.get_list("content-encoding"))
        return Response(answer.status, headers_in, decompress(data, encoding))

    def __repr__(self) -> str:
        return f"<HttpClient http://{self.host}:{self.port}>"


def _body(options: RequestOptions, headers: dict[str, str]) -> bytes | None:
    """The request body of `body`, `json` or `form` (one of them), setting its Content-Type."""
    given = [key for key in ("body", "json", "form") if options.get(key) is not None]
    if len(given) > 1:
        raise TypeError(f"give one of body, json and form, not {' and '.join(given)}")
    if "json" in given:
        headers.setdefault("content-type", "application/json")
        return json.dumps(options.get("json"), separators=(",", ":")).encode()
    if "form" in given:
        headers.setdefault("content-type", "application/x-www-form-urlencoded")
        return urlencode(options.get("form") or {}, doseq=True).encode()
    body = options.get("body")
    return body.encode() if isinstance(body, str) else body
