"""The unit and property tests on every Python that AWS Lambda runs and we support.

`tools/pythons [--others] [--jobs N] [VERSION ...] [-- PYTEST ARGS]`

For each version it finds an interpreter on this machine, never downloading one: first
what uv finds (PATH, uv's own Pythons), then pyenv's versions (its shims answer only for
the selected version). Each gets its own environment, `out/pythons/<version>`, synced
from uv.lock with the `test` group (`UV_PROJECT_ENVIRONMENT`, `uv sync --locked`), and
runs pytest there on everything but the suites that need more than Python: `e2e` and
`browser` (the Architect sandbox, Chromium), `interop` (Node's @architect/functions),
`wheels` (builds the wheels) and `tools` (benchmarks and release tooling, run on the
default Python only). AWS-mode tests stay: they start moto_server from that environment.

`--others` leaves out the version of the default environment (.venv), whose full suite
`tools/test` runs; `--jobs` runs that many versions at once (default: all of them).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# The Python runtimes of AWS Lambda that requires-python (>=3.10) admits.
LAMBDA_PYTHONS = ("3.10", "3.11", "3.12", "3.13")
# Suites that need more than Python, or that test the tooling: the default Python only.
NOT_UNIT = ("e2e", "browser", "interop", "wheels", "tools")
# pytest's closing line, with or without its ===: "3 failed, 1740 passed in 124.19s (0:02:04)".
_SUMMARY = re.compile(r"^=*\s*(\d+ \w+.*?) in [\d.]+s\b")


def _uv() -> str:
    found = os.environ.get("UV") or shutil.which("uv")
    if found is None:
        sys.exit("uv is not on PATH: run tools/pythons, which installs it")
    return found


def _version_of(python: str) -> str | None:
    try:
        done = subprocess.run(
            [python, "-c", "import sys; print('%d.%d.%d' % sys.version_info[:3])"],
            capture_output=True,
            text=True,
            check=False,
            timeout=30,
        )
    except OSError:
        return None
    return done.stdout.strip() if done.returncode == 0 else None


def find_python(version: str) -> tuple[str, str] | None:
    """(path, full version) of an interpreter for `version` ("3.12"), or None."""
    candidates = []
    done = subprocess.run(
        [_uv(), "python", "find", "--system", "--no-python-downloads", version],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode == 0 and done.stdout.strip():
        candidates.append(done.stdout.strip())
    pyenv = shutil.which("pyenv")
    if pyenv is not None:
        root = subprocess.run([pyenv, "root"], capture_output=True, text=True, check=False)
        versions = Path(root.stdout.strip()) / "versions"
        if root.returncode == 0 and versions.is_dir():
            installed = [p for p in versions.iterdir() if re.fullmatch(rf"{version}\.\d+", p.name)]
            for folder in sorted(installed, key=lambda p: int(p.name.split(".")[2]), reverse=True):
                candidates.append(str(folder / "bin" / f"python{version}"))
    for candidate in candidates:
        full = _version_of(candidate)
        if full is not None and full.rsplit(".", 1)[0] == version:
            return candidate, full
    return None


@dataclass
class Run:
    version: str
    full: str = ""
    code: int = 0
    summary: str = ""
    output: str = ""
    sync_seconds: float = 0.0
    test_seconds: float = 0.0


def run_one(version: str, pytest_args: list[str]) -> Run:
    run = Run(version)
    found = find_python(version)
    if found is None:
        run.code, run.summary = 1, f"no Python {version} on this machine (nothing downloaded)"
        return run
    python, run.full = found
    env = {**os.environ, "UV_PROJECT_ENVIRONMENT": str(ROOT / "out" / "pythons" / version)}
    env.pop("VIRTUAL_ENV", None)
    began = time.monotonic()
    sync = subprocess.run(
        [_uv(), "sync", "--locked", "--quiet", "--python", python,
         "--no-default-groups", "--group", "test"],
        cwd=ROOT, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    run.sync_seconds = time.monotonic() - began
    if sync.returncode != 0:
        run.code, run.summary, run.output = sync.returncode, "uv sync failed", sync.stderr
        return run
    ignores = [f"--ignore=tests/{suite}" for suite in NOT_UNIT]
    began = time.monotonic()
    # Each run its own temporary folders and no pytest cache: runs at once share no files.
    with tempfile.TemporaryDirectory(prefix=f"pythons-{version}-") as scratch:
        tests = subprocess.run(
            [str(Path(env["UV_PROJECT_ENVIRONMENT"]) / "bin" / "python"), "-m", "pytest",
             "-q", "-p", "no:cacheprovider", *ignores, *pytest_args],
            cwd=ROOT, env={**env, "TMPDIR": scratch}, capture_output=True, text=True,
            check=False,
        )  # fmt: skip
    run.test_seconds = time.monotonic() - began
    run.code, run.output = tests.returncode, tests.stdout + tests.stderr
    lines = [m[1] for line in run.output.splitlines() if (m := _SUMMARY.match(line))]
    run.summary = lines[-1] if lines else f"pytest exited {tests.returncode}"
    return run


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="tools/pythons", description=__doc__.split("\n")[0])
    parser.add_argument("versions", nargs="*", default=list(LAMBDA_PYTHONS), metavar="VERSION")
    parser.add_argument("--others", action="store_true", help="all but the default's version")
    parser.add_argument("--jobs", type=int, default=0, help="versions at once (0: all)")
    argv = sys.argv[1:] if argv is None else argv
    ours, pytest_args = (
        (argv[: argv.index("--")], argv[argv.index("--") + 1 :]) if "--" in argv else (argv, [])
    )
    args = parser.parse_args(ours)
    versions = list(args.versions)
    for version in versions:
        if not re.fullmatch(r"3\.\d+", version):
            parser.error(f"{version!r} is not a Python version such as 3.12")
    if args.others:
        default = "{}.{}".format(*sys.version_info[:2])
        versions = [v for v in versions if v != default]
        print(f"Python {default} is the default environment's: tools/test runs it in full")
    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=args.jobs or len(versions)) as pool:
        runs = list(pool.map(lambda v: run_one(v, pytest_args), versions))
    failed = False
    for run in runs:
        print(f"\n==> Python {run.full or run.version}: unit and property tests")
        if run.code != 0:
            failed = True
            print(run.output.rstrip())
        else:
            print(run.output.rstrip().splitlines()[-1] if run.output else "")
    print("\nPython    sync     tests    result")
    for run in runs:
        print(
            f"{run.full or run.version:<9} {run.sync_seconds:5.1f} s  {run.test_seconds:6.1f} s  "
            f"{run.summary}"
        )
    print(f"all versions: {time.monotonic() - started:.0f} s")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
