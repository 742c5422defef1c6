"""Importing arc_events and arc_queues is light; heavy modules load only when a call needs them."""

from __future__ import annotations

import textwrap

import pytest

from tests.fresh_python import loaded_by, run_python

HEAVY = ("boto3", "botocore", "json", "http.client", "asyncio", "typing", "logging")


@pytest.mark.parametrize("package", ["arc_events", "arc_queues"])
def test_importing_the_package_loads_nothing_heavy(package: str) -> None:
    assert loaded_by(f"import {package}", HEAVY) == []


def test_importing_arc_queues_does_not_import_its_publish_machinery() -> None:
    code = "import sys, arc_queues; print(sorted(m for m in sys.modules if m.startswith('arc_')))"
    modules = "['arc_core', 'arc_core._env', 'arc_core._errors', 'arc_core._lazy', 'arc_queues']"
    assert run_python(code) == modules


@pytest.mark.parametrize("package", ["arc_events", "arc_queues"])
def test_a_plain_subscriber_needs_neither_boto3_nor_asyncio(package: str) -> None:
    body = '{"n":1}'
    record = {"Sns": {"Message": body}} if package == "arc_events" else {"body": body}
    statement = f"""
        from {package} import subscribe
        subscribe(print)({{"Records": [{record!r}]}}, {{}})
        """
    loaded = loaded_by(textwrap.dedent(statement), HEAVY)
    assert loaded == ["json"]
