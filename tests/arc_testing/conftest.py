"""Shared by the arc_testing tests: the pinned sandbox, and a tiny Architect app for it."""

from __future__ import annotations

import sys
import textwrap
from pathlib import Path

import pytest

from tools.example import install_sandbox

# The tiny app's one function: it says which Python ran it.
HELLO = """
import json, os, sys


def handler(event, context):
    cookies = event.get("cookies") or []
    return {
        "statusCode": 200,
        "headers": {"content-type": "application/json"},
        "cookies": ["seen=yes; Path=/"],
        "body": json.dumps({"python": sys.executable, "cookies": cookies,
                            "env": os.environ.get("ARC_ENV"),
                            "profile": os.environ.get("AWS_PROFILE")}),
    }
"""


@pytest.fixture(scope="session")
def sandbox_modules() -> Path:
    """The node_modules folder of this repository's pinned @architect/sandbox."""
    return install_sandbox().parent.parent


def write_app(folder: Path, name: str = "tiny") -> Path:
    """An Architect app with one Python route, `get /hello`, in `folder`."""
    runtime = f"python{sys.version_info.major}.{sys.version_info.minor}"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "app.arc").write_text(
        f"@app\n{name}  # a comment\n\n@aws\nruntime {runtime}\n\n@http\nget /hello\n"
    )
    (folder / "prefs.arc").write_text("@sandbox\nlivereload false\n")
    function = folder / "src" / "http" / "get-hello"
    function.mkdir(parents=True, exist_ok=True)
    (function / "lambda.py").write_text(textwrap.dedent(HELLO))
    return folder


@pytest.fixture
def tiny_app(tmp_path: Path) -> Path:
    """A fresh copy of the tiny app."""
    return write_app(tmp_path / "tiny-app")
