"""What the example app runs on, installed as a user would install it.

- The Architect sandbox from npm (`npm ci` in tools/sandbox, pinned by its lockfile).
- Our packages, built as wheels from this work tree, in a Python that the sandbox finds
  as `python3` on its PATH: a venv with the full `architect-functions` and boto3 (the
  AWS Lambda runtime ships boto3), versions constrained to the ones uv.lock pins.
- The same wheel folder is where the sandbox's own `pip3 install -r requirements.txt -t
  vendor` looks (`PIP_FIND_LINKS` + `PIP_NO_INDEX`), since the packages are not on PyPI yet.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "APP_DIR",
    "REPO_ROOT",
    "LambdaPython",
    "copy_app",
    "install_lambda_python",
    "install_sandbox",
]

REPO_ROOT = Path(__file__).resolve().parents[2]
APP_DIR = REPO_ROOT / "examples"
SANDBOX_DIR = REPO_ROOT / "tools" / "sandbox"
# The one package the example's minimal function lists in its requirements.txt.
MINIMAL_PACKAGE = "arc-http"


@dataclass(frozen=True)
class LambdaPython:
    """The Python the sandbox runs handlers with, and the wheels its pip installs from."""

    bin_dir: Path
    wheels: Path


def _run(*command: str | Path, cwd: Path = REPO_ROOT) -> None:
    words = [str(word) for word in command]
    completed = subprocess.run(
        words,
        cwd=cwd,
        env={**os.environ, "NO_UPDATE_NOTIFIER": "1"},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        check=False,
    )
    if completed.returncode != 0:
        raise RuntimeError(
            f"{' '.join(words)} failed (exit {completed.returncode}):\n{completed.stdout}"
        )


def _uv() -> str:
    # `uv run` names itself in UV; otherwise the uv on PATH (tools/main puts it there).
    uv = os.environ.get("UV") or shutil.which("uv")
    if uv is None:
        raise RuntimeError("uv not found: run this through tools/main, or install uv")
    return uv


def install_sandbox() -> Path:
    """`npm ci` the pinned sandbox unless node_modules already matches the lockfile.

    Returns the sandbox's command line entry point.
    """
    lock = SANDBOX_DIR / "package-lock.json"
    installed = SANDBOX_DIR / "node_modules" / ".package-lock.json"
    if not installed.exists() or installed.stat().st_mtime < lock.stat().st_mtime:
        npm = shutil.which("npm")
        if npm is None:
            raise RuntimeError("npm not found: the sandbox needs Node.js 20 and npm on PATH")
        _run(npm, "ci", "--no-audit", "--no-fund", "--loglevel=error", cwd=SANDBOX_DIR)
    return SANDBOX_DIR / "node_modules" / ".bin" / "sandbox"


def copy_app(workdir: Path) -> Path:
    """A copy of the example app under `workdir`, for the sandbox to run and write into.

    The sandbox deletes and refills each Python function's vendor/ at start: in a copy,
    the work tree stays untouched and two sandboxes never share a folder. A Node
    function's node_modules comes along when present (else the sandbox runs `npm ci`).
    """
    app = workdir / "app"
    ignore = shutil.ignore_patterns("vendor", "__pycache__")
    shutil.copytree(APP_DIR, app, ignore=ignore, symlinks=True)
    return app


def install_lambda_python(workdir: Path) -> LambdaPython:
    """Build the workspace wheels and a venv holding them plus boto3, under `workdir`.

    The wheel folder also gets the third-party wheels that arc-http needs, so the
    sandbox's pip installs `arc-http` from it alone (see `MINIMAL_PACKAGE`).
    """
    uv = _uv()
    wheels = workdir / "wheels"
    venv = workdir / "lambda-python"
    python = venv / "bin" / "python"
    _run(uv, "build", "--all-packages", "--wheel", "--quiet", "-o", wheels)
    export = (uv, "export", "--frozen", "--no-dev", "--no-emit-workspace", "--no-hashes", "-q")
    constraints = workdir / "constraints.txt"
    _run(*export, "-o", constraints)
    minimal_needs = workdir / f"{MINIMAL_PACKAGE}-needs.txt"
    _run(*export, "--package", MINIMAL_PACKAGE, "-o", minimal_needs)
    # --seed: pip3 in the venv, for the sandbox's own installs of requirements.txt.
    _run(uv, "venv", "--quiet", "--seed", "--python", sys.executable, venv)
    pip = (python, "-m", "pip", "--quiet", "--disable-pip-version-check")
    _run(*pip, "download", "--no-deps", "--only-binary=:all:", "-d", wheels, "-r", minimal_needs)
    built = sorted(wheels.glob("*.whl"))
    # Compiled now, as the Lambda runtime ships boto3, not by each handler's first import.
    install = (uv, "pip", "install", "--quiet", "--compile-bytecode", "--python", python)
    _run(*install, "-c", constraints, "boto3", *built)
    return LambdaPython(bin_dir=venv / "bin", wheels=wheels)
