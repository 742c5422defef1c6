"""The example app in the real Architect sandbox, as a Lambda would run it.

arc-testing's `Sandbox` (what users' `arc_sandbox` fixture starts) does the work: free
ports of 127.0.0.1, a process group stopped by its PID, readiness on the sandbox's ready
line. Here it runs handlers with the Lambda-like Python (our wheels and boto3), lets the
functions' pip install only our wheels, and keeps the developer's AWS, pip and Python
settings out.
"""

from __future__ import annotations

import os
from pathlib import Path

from arc_testing.plugin import Sandbox as _Sandbox
from arc_testing.plugin import SandboxError, SandboxSettings

from ._install import LambdaPython

__all__ = ["HOST", "Sandbox", "SandboxError"]

HOST = "127.0.0.1"


class Sandbox(_Sandbox):
    """One sandbox on a copy of the example app (`app`, see `copy_app`), in HTTP API
    (`http`) or REST (`rest`) mode; `start()` returns once it is ready, `stop()` ends it
    (and runs at exit if not called).
    """

    def __init__(
        self, command: Path, python: LambdaPython, app: Path, api_type: str, log: Path
    ) -> None:
        env = {
            # No AWS profile of the developer's: the sandbox falls back to its dummy keys.
            "AWS_CONFIG_FILE": os.devnull,
            "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
            "PIP_FIND_LINKS": str(python.wheels),
            "PIP_NO_INDEX": "1",
            "PIP_DISABLE_PIP_VERSION_CHECK": "1",
        }
        settings = SandboxSettings(
            app=app,
            sandbox=command,
            python=python.bin_dir / "python3",
            api=api_type,
            env=env,
            isolated=True,
        )
        super().__init__(settings, log)

    @property
    def api_type(self) -> str:
        """`http` or `rest`: the API mode it runs."""
        return self.settings.api

    @property
    def http_url(self) -> str:
        return self.url

    @property
    def tables_url(self) -> str:
        return f"http://{HOST}:{self.ports['tables']}"
