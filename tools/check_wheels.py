"""Checks the built wheels as users will install them.

1. Exactly one wheel ships `arc/__init__.py` (only the meta-package owns the `arc` name).
2. Every wheel ships `py.typed`.
3. Each distribution installs into a fresh venv holding only it and its declared
   dependencies, and its module imports there: this catches an import of a sibling
   package that was never declared. boto3 is absent from all of them.
4. A strict type check of a small program against the installed wheels (not the workspace).

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
            run(
                "uv", "pip", "install", "--quiet", "--python", python, *(wheels[d] for d in closure)
            )
            module = IMPORT_NAMES.get(name, name.replace("-", "_"))
            probe = f"import {module}"
            if name == "architect-functions":
                probe += "; [getattr(arc, f) for f in ('http', 'events', 'queues', 'tables', 'ws')]"
            probe += "\ntry:\n    import boto3\nexcept ImportError:\n    pass\nelse:\n"
            probe += "    raise SystemExit('boto3 is installed but no package may require it')"
            run(python, "-c", probe)
            print(f"{name}: imports alone with {sorted(closure - {name}) or 'no siblings'}")

        meta = Path(scratch) / "architect-functions" / "bin" / "python"
        run("uv", "pip", "install", "--quiet", "--python", meta, "mypy")
        program = Path(scratch) / "typed_program.py"
        program.write_text(textwrap.dedent(TYPED_PROGRAM))
        run(meta, "-m", "mypy", "--strict", "--no-incremental", program)
        print("mypy --strict passes against the installed wheels")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
