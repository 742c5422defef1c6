"""Importing arc_events and arc_queues is light; heavy modules load only when a call needs them."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest

HEAVY = ("boto3", "botocore", "json", "http.client", "asyncio", "typing", "logging")


def loaded_after(code: str) -> list[str]:
    """Run `code` in a fresh interpreter; return which HEAVY modules it left loaded."""
    env = {key: value for key, value in os.environ.items() if not key.startswith(("ARC_", "AWS_"))}
    script = textwrap.dedent(code) + (
        f"\nimport sys; print('loaded:', *[m for m in {HEAVY!r} if m in sys.modules])"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1].split()[1:]


@pytest.mark.parametrize("package", ["arc_events", "arc_queues"])
def test_importing_the_package_loads_nothing_heavy(package: str) -> None:
    assert loaded_after(f"import {package}") == []


def test_importing_arc_queues_does_not_import_its_publish_machinery() -> None:
    code = "import sys, arc_queues; print(sorted(m for m in sys.modules if m.startswith('arc_')))"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    modules = "['arc_core', 'arc_core._env', 'arc_core._errors', 'arc_core._lazy', 'arc_queues']"
    assert result.stdout.strip() == modules


@pytest.mark.parametrize("package", ["arc_events", "arc_queues"])
def test_a_plain_subscriber_needs_neither_boto3_nor_asyncio(package: str) -> None:
    body = '{"n":1}'
    record = {"Sns": {"Message": body}} if package == "arc_events" else {"body": body}
    loaded = loaded_after(
        f"""
        from {package} import subscribe
        subscribe(print)({{"Records": [{record!r}]}}, {{}})
        """
    )
    assert loaded == ["json"]
