"""The environment every measured process gets: clean, and the same for every subject."""

from __future__ import annotations

import os

from .worker.bench_payloads import APP_SECRET

__all__ = ["clean_env", "jwe_env"]

# Variables that would change what a library or the interpreter does.
_DROP_PREFIXES = ("ARC_", "AWS_", "SESSION_", "PYTHON", "VIRTUAL_ENV", "UV_")


def clean_env(**extra: str) -> dict[str, str]:
    """This process's environment without arc, AWS, Python or uv settings, plus `extra`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(_DROP_PREFIXES)}
    # Keep boto3 away from the developer's own ~/.aws files.
    env["AWS_CONFIG_FILE"] = os.devnull
    env["AWS_SHARED_CREDENTIALS_FILE"] = os.devnull
    env.update(extra)
    return env


def jwe_env(**extra: str) -> dict[str, str]:
    """Local testing with JWE sessions and a proper secret: no AWS, no warnings."""
    return clean_env(
        ARC_ENV="testing",
        ARC_SESSION_TABLE_NAME="jwe",
        ARC_APP_SECRET=APP_SECRET,
        ARC_APP_NAME="benchapp",
        **extra,
    )
