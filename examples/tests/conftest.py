"""What this repository adds to arc-testing's defaults to run the example app's tests.

A user's app needs none of this: its tests run with `architect-functions` and
`arc-testing` installed from PyPI and `@architect/sandbox` in its own node_modules. Here
the packages come from this work tree and the sandbox is the one pinned in tools/sandbox,
so `arc_sandbox` runs a copy of the app (the sandbox writes each function's vendor/),
with a Python holding this repository's wheels and boto3, whose pip finds `arc-http`
(the requirement of get-minimal) among those wheels.
"""

from __future__ import annotations

import dataclasses

import pytest

from arc_testing.plugin import SandboxSettings
from tools.example import copy_app, install_lambda_python, install_sandbox


@pytest.fixture(scope="session")
def arc_sandbox_settings(
    arc_sandbox_settings: SandboxSettings, tmp_path_factory: pytest.TempPathFactory
) -> SandboxSettings:
    workdir = tmp_path_factory.mktemp("example-app")
    python = install_lambda_python(workdir)
    return dataclasses.replace(
        arc_sandbox_settings,
        app=copy_app(workdir),
        sandbox=install_sandbox().parent.parent,  # tools/sandbox/node_modules
        python=python.bin_dir / "python",
        env={
            "PIP_FIND_LINKS": str(python.wheels),
            "PIP_NO_INDEX": "1",
            "PIP_DISABLE_PIP_VERSION_CHECK": "1",
        },
    )
