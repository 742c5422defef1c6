"""Checks the built wheels as users will install them.

1. Exactly one wheel ships `arc/__init__.py` (only the meta-package owns the `arc` name).
2. Every wheel ships `py.typed`.
3. Each distribution installs into a fresh venv holding only it and its declared
   dependencies, and its module imports there: this catches an import of a sibling
   package that was never declared. boto3 is absent from all of them. arc-testing is
   installed with its `pytest` extra: its pytest plugin loads from its entry point and
   every public name imports, with architect-functions-core as its only sibling.
4. A strict type check of a small program against the installed wheels (not the
   workspace): one for the library, one for arc-testing.

Usage: python tools/check_wheels.py DIST_DIR
"""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
import textwrap
import zipfile
from pathlib import Path

# Distributions whose import name is not their name with `_` for `-`. The core is
# published as architect-functions-core: the name arc-core belongs to another project.
IMPORT_NAMES = {"architect-functions": "arc", "architect-functions-core": "arc_core"}
_REQUIREMENT_NAME = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)")

TYPED_PROGRAM = """
import arc
import arc_core
from arc.http import res

def check() -> None:
    stack: str = arc_core.stack_name()
    body: str = arc_core.dumps({"ok": True})
    services = arc.services()
    print(stack, body, services, res)
"""

# The test kit, typed as users' tests use it, plugin included.
TESTING_PROGRAM = """
from typing import Any

from arc_testing import Client, Recorded, Response, events, recorder
from arc_testing.plugin import ClientFactory, Sandbox, SandboxSettings


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return {"statusCode": 200, "body": "hi"}


def check(arc_client: ClientFactory, arc_sandbox: Sandbox) -> None:
    response: Response = Client(handler, api="rest").get("/", query={"a": ["1", "2"]})
    body: bytes = response.body
    status: int = response.status
    with recorder() as recorded:
        pass
    published: Recorded = recorded
    payloads: list[Any] = published.events["pings"]
    event: dict[str, Any] = events.sqs([{"id": 1}])
    url: str = arc_sandbox.url
    settings: SandboxSettings = arc_sandbox.settings
    print(body, status, payloads, event, url, settings, arc_client(handler).get("/").text)
"""
# Where the extras of a wheel are asked for: the test kit with its pytest plugin.
EXTRAS = {"arc-testing": "[pytest]"}


def wheel_metadata(wheel: Path) -> tuple[str, list[str], list[str]]:
    """The distribution name, its unconditional requirements, and the files it holds."""
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        metadata = next(n for n in names if n.endswith(".dist-info/METADATA"))
        text = archive.read(metadata).decode()
    name = re.search(r"^Name: (.+)$", text, re.MULTILINE)
    assert name is not None, f"{wheel.name} has no Name in its METADATA"
    requires = [
        match.group(1).lower().replace("_", "-")
        for line in re.findall(r"^Requires-Dist: (.+)$", text, re.MULTILINE)
        if "extra ==" not in line and (match := _REQUIREMENT_NAME.match(line))
    ]
    return name.group(1).strip().lower(), requires, names


def run(*command: str | Path) -> str:
    result = subprocess.run([str(c) for c in command], capture_output=True, text=True, check=False)
    if result.returncode != 0:
        sys.exit(f"FAILED: {' '.join(map(str, command))}\n{result.stdout}\n{result.stderr}")
    return result.stdout


def main(dist: Path) -> None:
    wheels = {wheel_metadata(w)[0]: w for w in sorted(dist.glob("*.whl"))}
    info = {name: wheel_metadata(path) for name, path in wheels.items()}

    owners = [name for name, (_, _, files) in info.items() if "arc/__init__.py" in files]
    assert owners == ["architect-functions"], f"arc/__init__.py is shipped by {owners}"
    print("one wheel ships arc/__init__.py: architect-functions")

    for name, (_, _, files) in info.items():
        assert any(f.endswith("/py.typed") for f in files), f"{name} has no py.typed"
    print(f"py.typed in all {len(info)} wheels")

    with tempfile.TemporaryDirectory() as scratch:
        for name in sorted(info):
            closure, todo = set(), [name]
            while todo:
                current = todo.pop()
                if current in closure:
                    continue
                closure.add(current)
                todo.extend(dep for dep in info[current][1] if dep in info)
            venv = Path(scratch) / name
            run("uv", "venv", "--quiet", venv)
            python = venv / "bin" / "python"
            requirements = [
                f"{d}{EXTRAS.get(d, '')} @ {wheels[d].resolve().as_uri()}" for d in sorted(closure)
            ]
            run("uv", "pip", "install", "--quiet", "--python", python, *requirements)
            module = IMPORT_NAMES.get(name, name.replace("-", "_"))
            probe = f"import {module}"
            if name == "architect-functions":
                probe += "; [getattr(arc, f) for f in ('http', 'events', 'queues', 'tables', 'ws')]"
            if name == "arc-testing":
                probe += "; [getattr(arc_testing, n) for n in arc_testing.__all__]"
                probe += "; import arc_testing.plugin"
            probe += "\ntry:\n    import boto3\nexcept ImportError:\n    pass\nelse:\n"
            probe += "    raise SystemExit('boto3 is installed but no package may require it')"
            run(python, "-c", probe)
            print(f"{name}: imports alone with {sorted(closure - {name}) or 'no siblings'}")
            if name == "arc-testing":
                check_pytest_plugin(python, Path(scratch))

        meta = Path(scratch) / "architect-functions" / "bin" / "python"
        run("uv", "pip", "install", "--quiet", "--python", meta, "mypy")
        program = Path(scratch) / "typed_program.py"
        program.write_text(textwrap.dedent(TYPED_PROGRAM))
        run(meta, "-m", "mypy", "--strict", "--no-incremental", program)
        print("mypy --strict passes against the installed wheels")

        if "arc-testing" in info:
            testing = Path(scratch) / "arc-testing" / "bin" / "python"
            run("uv", "pip", "install", "--quiet", "--python", testing, "mypy")
            program = Path(scratch) / "typed_testing_program.py"
            program.write_text(textwrap.dedent(TESTING_PROGRAM))
            run(testing, "-m", "mypy", "--strict", "--no-incremental", program)
            print("mypy --strict passes against the installed arc-testing")


def check_pytest_plugin(python: Path, scratch: Path) -> None:
    """pytest, in arc-testing's venv, finds the plugin by its entry point and its fixtures."""
    folder = scratch / "plugin-probe"
    folder.mkdir()
    output = run(python, "-m", "pytest", "--fixtures", "-p", "no:cacheprovider", folder)
    fixtures = ("arc_env", "arc_client", "arc_published", "arc_sandbox", "arc_sandbox_env")
    missing = [fixture for fixture in fixtures if fixture not in output]
    if missing:
        sys.exit(
            f"FAILED: the arc-testing plugin's fixtures {missing} are not in pytest --fixtures"
        )
    print("arc-testing: pytest loads its plugin by the pytest11 entry point")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
