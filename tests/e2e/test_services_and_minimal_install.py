"""GET /services (arc.services() on the sandbox's SSM) and GET /minimal, a function that
installs only arc-http through its own requirements.txt."""

from __future__ import annotations

import json
from pathlib import Path

from tools.example import APP_DIR, Browser, Sandbox

MINIMAL_FUNCTION = Path("src", "http", "get-minimal")


def test_services_is_the_sandboxs_port_map_and_the_apps_tables(
    browser: Browser, sandbox: Sandbox
) -> None:
    reply = browser.get("/services")

    assert reply.status == 200
    found = reply.json()
    assert found == {
        "ARC_SANDBOX": {"ports": found["ARC_SANDBOX"]["ports"]},
        "tables": {
            "records": "arc-example-staging-records",
            "sessions": "arc-example-staging-sessions",
        },
    }
    assert json.loads(found["ARC_SANDBOX"]["ports"]) == {
        "http": sandbox.ports["http"],
        "events": sandbox.ports["events"],
        "tables": sandbox.ports["tables"],
        "_arc": sandbox.ports["_arc"],
    }


def test_a_function_with_only_arc_http_runs_it_from_its_vendor_folder(browser: Browser) -> None:
    reply = browser.get("/minimal")

    assert reply.status == 200
    assert reply.json() == {"arc_http": "vendor/arc_http/__init__.py"}


def test_the_vendor_folder_holds_arc_http_and_its_few_needs_and_no_boto3(sandbox: Sandbox) -> None:
    # The sandbox ran `pip3 install -r requirements.txt -t vendor` when it started.
    installed = {path.name for path in (sandbox.app / MINIMAL_FUNCTION / "vendor").iterdir()}

    packages = {name for name in installed if not name.endswith(".dist-info")}
    assert (APP_DIR / MINIMAL_FUNCTION / "requirements.txt").read_text() == "arc-http\n"
    assert packages == {"arc_core", "arc_http", "arc_services", "arc_tables", "itsdangerous"}
    assert not any(name.startswith(("boto3", "botocore")) for name in installed)
