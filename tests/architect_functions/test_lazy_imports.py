"""`import arc` is light, lazy, and keeps the 1.0.0 import forms on the same modules."""

from __future__ import annotations

import pytest

from tests.fresh_python import run_python

HEAVY = (
    "boto3",
    "botocore",
    "cryptography",
    "json",
    "arc_http",
    "arc_events",
    "arc_queues",
    "arc_tables",
    "arc_ws",
    "arc_services",
)


def test_import_arc_loads_no_feature_package_and_nothing_heavy() -> None:
    loaded = run_python(
        f"""
        import sys, arc
        print(sorted(m for m in {HEAVY!r} if m in sys.modules))
        """
    )
    assert loaded == "[]"


def test_touching_a_feature_imports_its_package_and_nothing_else() -> None:
    loaded = run_python(
        """
        import sys, arc
        arc.tables
        others = ("boto3", "botocore", "cryptography", "arc_http", "arc_events", "arc_ws")
        print("arc_tables" in sys.modules, [m for m in others if m in sys.modules])
        """
    )
    assert loaded == "True []"


@pytest.mark.parametrize("feature", ["http", "events", "queues", "tables", "ws"])
def test_1_0_forms_reach_the_same_module_objects(feature: str) -> None:
    same = run_python(
        f"""
        import arc.{feature}
        import arc_{feature}
        from arc import {feature} as via_from
        import sys
        module = arc.{feature}
        print(module is arc_{feature} is via_from is sys.modules["arc.{feature}"],
              module.__name__, module.__spec__.name)
        """
    )
    assert same == f"True arc_{feature} arc_{feature}"


def test_from_arc_feature_import_name_reads_the_package() -> None:
    assert run_python("from arc.http import __all__; print(type(__all__).__name__)") == "list"


def test_services_is_a_function_of_arc() -> None:
    out = run_python("import arc, arc_services; print(callable(arc.services))")
    assert out == "True"


def test_a_feature_whose_package_is_missing_names_the_package() -> None:
    message = run_python(
        """
        import arc
        try:
            arc.tables
        except ModuleNotFoundError as err:
            print(err)
        """,
        isolated_from=["arc", "arc_core"],
    )
    assert message == (
        "arc.tables needs the arc-tables package: pip install arc-tables "
        "(or the whole architect-functions)"
    )


def test_import_of_a_missing_feature_names_the_package_too() -> None:
    message = run_python(
        """
        try:
            import arc.ws
        except ModuleNotFoundError as err:
            print(err)
        """,
        isolated_from=["arc", "arc_core"],
    )
    assert message.startswith("arc.ws needs the arc-ws package")


def test_missing_boto3_names_the_extra_to_install_when_a_boto3_client_is_asked_for() -> None:
    message = run_python(
        """
        from arc_core import MissingDependencyError, aws_client
        try:
            aws_client("ssm")
        except MissingDependencyError as err:
            print(isinstance(err, ImportError), err)
        """,
        isolated_from=["arc_core"],
    )
    assert message.startswith("True boto3 is not installed.")
    assert "pip install 'architect-functions[aws-sdk]'" in message


def test_the_library_s_own_aws_calls_need_no_boto3() -> None:
    # No sandbox listens on the port: the call gets as far as the network, not an import.
    message = run_python(
        """
        import os
        os.environ["ARC_INTERNAL_PORT"] = "9"
        from arc_services import services
        from arc_core import ServiceError
        try:
            services()
        except ServiceError as err:
            print(err.code, err)
        """,
        isolated_from=["arc_core", "arc_services"],
    )
    assert message.startswith("EndpointConnectionError could not reach http://localhost:9/")
    assert "Start it with `npx arc sandbox`" in message


def test_arc_dir_lists_the_public_names() -> None:
    out = run_python("import arc; print(dir(arc))")
    assert out == "['events', 'http', 'queues', 'services', 'static', 'tables', 'ws']"
