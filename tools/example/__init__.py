"""The main job end to end: the example app (examples/) in the real Architect sandbox.

`python -m tools.example` installs the pinned sandbox and our packages as a user would,
starts the sandbox on free 127.0.0.1 ports, drives every route, event, queue, table and
WebSocket path with real HTTP and WebSocket clients, prints each step, and stops every
process it started. tests/e2e starts the sandbox the same way (`Sandbox`).
"""

from __future__ import annotations

from ._client import Browser as Browser
from ._client import Reply as Reply
from ._install import APP_DIR as APP_DIR
from ._install import LambdaPython as LambdaPython
from ._install import copy_app as copy_app
from ._install import install_lambda_python as install_lambda_python
from ._install import install_sandbox as install_sandbox
from ._sandbox import HOST as HOST
from ._sandbox import Sandbox as Sandbox
from ._sandbox import SandboxError as SandboxError

__all__ = [
    "APP_DIR",
    "HOST",
    "Browser",
    "LambdaPython",
    "Reply",
    "Sandbox",
    "SandboxError",
    "copy_app",
    "install_lambda_python",
    "install_sandbox",
]
