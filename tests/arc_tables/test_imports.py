"""`import arc_tables` stays light: boto3 and the service map wait for the first table call."""

from __future__ import annotations

from tests.fresh_python import run_python

HEAVY = ("boto3", "botocore", "arc_services", "decimal", "typing")
AWS_SDK = ("boto3", "botocore")


def test_importing_arc_tables_loads_nothing_heavy() -> None:
    loaded = run_python(
        f"""
        import sys, arc_tables
        print(sorted(m for m in {HEAVY!r} if m in sys.modules))
        """
    )
    assert loaded == "[]"


def test_making_the_client_leaves_boto3_until_a_table_is_used() -> None:
    loaded = run_python(
        f"""
        import sys, arc_tables
        arc_tables.client()
        print(sorted(m for m in {AWS_SDK!r} if m in sys.modules))
        """
    )
    assert loaded == "[]"
