"""Start and stop the real Architect sandbox on the example app.

The sandbox runs in a process group of its own, so stopping it by that group also stops
every handler, pip or npm process it spawned. Everything listens on 127.0.0.1 only.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import signal
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from ._install import LambdaPython

__all__ = ["HOST", "Ports", "Sandbox", "SandboxError"]

HOST = "127.0.0.1"
# What the sandbox prints once every server is up and every function is hydrated.
READY_LINE = "Local environment ready!"
# The sandbox forces its own exit 5 s after SIGTERM; give it a little more before SIGKILL.
STOP_GRACE_SECONDS = 8.0
# Settings a parent shell may hold that would change what the sandbox or its handlers do:
# not passed on.
_DROPPED_PREFIXES = ("ARC_", "AWS_", "SESSION_", "PIP_", "PYTHON", "VIRTUAL_ENV")


def _has_exited(process: subprocess.Popen[bytes]) -> bool:
    """True once the process has exited, without reaping it (its PID stays reserved)."""
    if process.returncode is not None:
        return True
    return os.waitid(os.P_PID, process.pid, os.WEXITED | os.WNOHANG | os.WNOWAIT) is not None


class SandboxError(RuntimeError):
    """The sandbox did not start: it exited, or was not ready in time."""


@dataclass(frozen=True)
class Ports:
    """The four ports of one sandbox: HTTP and WebSockets, events bus, DynamoDB, `_arc`."""

    http: int
    events: int
    tables: int
    internal: int

    @classmethod
    def free(cls) -> Ports:
        """Four distinct ports of 127.0.0.1 that nothing listens on right now."""
        with contextlib.ExitStack() as held:
            # All four stay bound until all are chosen, so no two are the same.
            sockets = [held.enter_context(socket.socket()) for _ in range(4)]
            for sock in sockets:
                sock.bind((HOST, 0))
            http, events, tables, internal = (sock.getsockname()[1] for sock in sockets)
        return cls(http=http, events=events, tables=tables, internal=internal)


class Sandbox:
    """One sandbox process on a copy of the example app (`app`, see `copy_app`), in HTTP
    API (`http`) or REST (`rest`) mode.

    `start()` returns once it is ready; `stop()` ends it, and runs at exit if not called.
    """

    def __init__(
        self, command: Path, python: LambdaPython, app: Path, api_type: str, log: Path
    ) -> None:
        self.command = command
        self.python = python
        self.app = app
        self.api_type = api_type
        self.log = log
        self.ports = Ports.free()
        self._process: subprocess.Popen[bytes] | None = None

    @property
    def http_url(self) -> str:
        return f"http://{HOST}:{self.ports.http}"

    @property
    def ws_url(self) -> str:
        return f"ws://{HOST}:{self.ports.http}"

    @property
    def tables_url(self) -> str:
        return f"http://{HOST}:{self.ports.tables}"

    def _environment(self) -> dict[str, str]:
        """The sandbox's environment: this one without ARC_/AWS_/PIP_/PYTHON* settings, plus
        the ports, the API type, the Lambda Python first on PATH and pip pointed at our wheels.
        """
        env = {k: v for k, v in os.environ.items() if not k.startswith(_DROPPED_PREFIXES)}
        env.update(
            PATH=f"{self.python.bin_dir}{os.pathsep}{env.get('PATH', '')}",
            ARC_API_TYPE=self.api_type,
            ARC_HTTP_PORT=str(self.ports.http),
            ARC_EVENTS_PORT=str(self.ports.events),
            ARC_TABLES_PORT=str(self.ports.tables),
            ARC_INTERNAL_PORT=str(self.ports.internal),
            # No AWS profile of the developer's: the sandbox falls back to its dummy keys.
            AWS_CONFIG_FILE=os.devnull,
            AWS_SHARED_CREDENTIALS_FILE=os.devnull,
            NO_UPDATE_NOTIFIER="1",
            PIP_FIND_LINKS=str(self.python.wheels),
            PIP_NO_INDEX="1",
            PIP_DISABLE_PIP_VERSION_CHECK="1",
        )
        return env

    def start(self, timeout: float = 120.0) -> None:
        """Start the sandbox and wait until it says it is ready; raise `SandboxError` if not."""
        self.log.parent.mkdir(parents=True, exist_ok=True)
        with self.log.open("wb") as log:
            self._process = subprocess.Popen(
                [str(self.command), "--host", HOST],
                cwd=self.app,
                env=self._environment(),
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        atexit.register(self.stop)
        try:
            self._wait_until_ready(self._process, timeout)
        except BaseException:  # not ready, or Ctrl-C while waiting: leave nothing running
            self.stop()
            raise

    def _wait_until_ready(self, process: subprocess.Popen[bytes], timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while READY_LINE not in self.output():
            if _has_exited(process):
                raise SandboxError(f"the sandbox exited during start:\n{self.output()}")
            if time.monotonic() > deadline:
                raise SandboxError(
                    f"the sandbox was not ready in {timeout:.0f} s:\n{self.output()}"
                )
            time.sleep(0.1)

    def output(self) -> str:
        """Everything the sandbox and its functions printed so far."""
        return self.log.read_text(errors="replace") if self.log.exists() else ""

    def stop(self) -> None:
        """Stop the sandbox's process group: SIGTERM, then SIGKILL for whatever is left."""
        process, self._process = self._process, None
        if process is None:
            return
        atexit.unregister(self.stop)
        group = process.pid  # start_new_session: the sandbox leads a group of its own
        with contextlib.suppress(ProcessLookupError):
            os.killpg(group, signal.SIGTERM)
        deadline = time.monotonic() + STOP_GRACE_SECONDS
        while not _has_exited(process) and time.monotonic() < deadline:
            time.sleep(0.05)
        # The sandbox is at most a zombie here, not yet reaped, so its PID (the group's id)
        # cannot have been reused: this reaches only handlers it left behind, or itself if hung.
        with contextlib.suppress(ProcessLookupError):
            os.killpg(group, signal.SIGKILL)
        process.wait()
