"""`python -m tools.example [--api http|rest]`: the main job, step by step.

Installs the pinned sandbox and our packages (as a user would), then for each API mode
(both unless `--api` picks one) starts the sandbox on free 127.0.0.1 ports, runs every
step of the tour and stops everything it started. Exits 1 if any check failed.
"""

from __future__ import annotations

import argparse
import signal
import sys
import tempfile
import time
from pathlib import Path
from types import FrameType

from ._install import LambdaPython, copy_app, install_lambda_python, install_sandbox
from ._sandbox import Sandbox, SandboxError
from ._tour import STEPS, Tour

API_MODES = {"http": "HTTP API, payload 2.0", "rest": "REST API, payload 1.0"}
# Lines of the sandbox's output shown when it does not start.
LOG_TAIL_LINES = 40


def say(line: str) -> None:
    print(line, flush=True)


def _exit_on_sigterm(signum: int, frame: FrameType | None) -> None:
    # SystemExit unwinds through the `finally` that stops the sandbox.
    raise SystemExit(128 + signum)


def run_mode(command: Path, python: LambdaPython, workdir: Path, api_type: str) -> Tour | None:
    """Start the sandbox in `api_type` mode, run every step, stop it; None if it never started."""
    say(f"\n== The example app in the sandbox, {API_MODES[api_type]} (ARC_API_TYPE={api_type})")
    app = copy_app(workdir / api_type)
    sandbox = Sandbox(command, python, app, api_type, workdir / api_type / "sandbox.log")
    started = time.monotonic()
    try:
        sandbox.start()
        say(f"sandbox ready in {time.monotonic() - started:.1f} s at {sandbox.http_url}")
        tour = Tour(sandbox, say)
        for title, step in STEPS:
            say(f"\n-- {title}")
            try:
                step(tour)
            except Exception as err:  # one broken step must not hide the others
                tour.expect(False, f"{title}: {err!r}")
        return tour
    except SandboxError as err:
        first, *rest = str(err).splitlines()
        say("\n".join([first, *rest[-LOG_TAIL_LINES:]]))
        return None
    finally:
        sandbox.stop()
        say(f"sandbox stopped ({api_type})")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.example", description=__doc__)
    parser.add_argument("--api", choices=sorted(API_MODES), help="one API mode (default: both)")
    args = parser.parse_args(argv)
    signal.signal(signal.SIGTERM, _exit_on_sigterm)
    begun = time.monotonic()
    failed: list[str] = []
    checks = 0
    with tempfile.TemporaryDirectory(prefix="arc-example-") as workdir:
        say("== Installing @architect/sandbox (npm ci) and our wheels into the Lambda Python")
        try:
            command = install_sandbox()
            python = install_lambda_python(Path(workdir))
        except RuntimeError as err:  # a failed npm, uv or pip command, with its output
            say(f"installing failed: {err}")
            return 1
        say(f"installed in {time.monotonic() - begun:.1f} s")
        for api_type in [args.api] if args.api else list(API_MODES):
            tour = run_mode(command, python, Path(workdir), api_type)
            if tour is None:
                failed.append(f"the sandbox did not start ({api_type})")
                continue
            checks += tour.checks
            failed += [f"[{api_type}] {failure}" for failure in tour.failures]
    took = time.monotonic() - begun
    if failed:
        say(f"\n{len(failed)} of {checks} checks failed ({took:.0f} s):")
        for failure in failed:
            say(f"  - {failure}")
        return 1
    say(f"\nAll {checks} checks passed in {took:.0f} s.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
