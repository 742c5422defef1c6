"""`import arc_tables` stays light: boto3 and the service map wait for the first table call."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

HEAVY = ("boto3", "botocore", "arc_services", "decimal", "typing")
AWS_SDK = ("boto3", "botocore")


def loaded_after(code: str) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ARC_", "AWS_"))}
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_importing_arc_tables_loads_nothing_heavy() -> None:
    loaded = loaded_after(
        f"""
        import sys, arc_tables
        print(sorted(m for m in {HEAVY!r} if m in sys.modules))
        """
    )
    assert loaded == "[]"


def test_making_the_client_leaves_boto3_until_a_table_is_used() -> None:
    loaded = loaded_after(
        f"""
        import sys, arc_tables
        arc_tables.client()
        print(sorted(m for m in {AWS_SDK!r} if m in sys.modules))
        """
    )
    assert loaded == "[]"
