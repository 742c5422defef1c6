"""Start and talk to bench workers (worker/bench_worker.py) running in a subject's venv."""

from __future__ import annotations

import contextlib
import json
import subprocess
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

__all__ = ["WORKER_DIR", "WorkerError", "WorkerProcess"]

WORKER_DIR = Path(__file__).resolve().parent / "worker"


class WorkerError(RuntimeError):
    """A worker failed to answer, or answered with an error (its traceback attached)."""


class WorkerProcess:
    """One worker process; use as a context manager so it always ends."""

    def __init__(
        self,
        python: Path,
        kind: str,
        env: Mapping[str, str],
        modules: Sequence[str] = (),
    ) -> None:
        self.kind = kind
        # A file, not a pipe: a chatty library can never block the worker on a full pipe.
        self.errors = tempfile.TemporaryFile("w+")  # noqa: SIM115 (closed by close())
        self.process = subprocess.Popen(
            [str(python), str(WORKER_DIR / "bench_worker.py"), kind, *modules],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self.errors,
            env=dict(env),
            text=True,
            bufsize=1,
        )

    def ask(self, **message: Any) -> dict[str, Any]:
        """Send one message and return the reply; raise WorkerError on failure."""
        stdin, stdout = self.process.stdin, self.process.stdout
        if stdin is None or stdout is None or stdin.closed:
            raise WorkerError(f"{self.kind} worker has ended")
        try:
            stdin.write(json.dumps(message) + "\n")
            stdin.flush()
        except BrokenPipeError as err:
            raise WorkerError(f"{self.kind} worker died: {self._stderr()}") from err
        line = stdout.readline()
        if not line:
            raise WorkerError(f"{self.kind} worker died: {self._stderr()}")
        reply: dict[str, Any] = json.loads(line)
        if "error" in reply:
            raise WorkerError(
                f"{self.kind} worker, {message}: {reply['error']}\n{reply.get('trace', '')}"
            )
        return reply

    def _stderr(self) -> str:
        self._stop()
        if self.errors.closed:
            return ""
        self.errors.seek(0)
        return self.errors.read()[-2000:]

    def _stop(self) -> None:
        if self.process.poll() is None:
            try:
                if self.process.stdin:
                    self.process.stdin.write('{"op": "quit"}\n')
                    self.process.stdin.close()
                self.process.wait(timeout=10)
            except (BrokenPipeError, subprocess.TimeoutExpired):
                self.process.kill()
                self.process.wait()
        for pipe in (self.process.stdin, self.process.stdout):
            if pipe is not None and not pipe.closed:
                with contextlib.suppress(BrokenPipeError):
                    pipe.close()

    def close(self) -> None:
        """End the worker (it is asked to quit, then killed if it will not)."""
        self._stop()
        self.errors.close()

    def __enter__(self) -> WorkerProcess:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
