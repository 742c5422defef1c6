"""The layers of docs/development.md ("Architecture"), checked on the source: who imports what.

- No package imports another package's private (`_x`) module, by an import statement
  or by a module name in a string (the lazy-attribute tables).
- Each package imports only the layers below it: arc_core nothing of ours; arc_services
  the core; the features the core and arc_services (arc_http also arc_tables' public
  data layer, for DynamoDB sessions); the meta-package `arc` everything.
- No two modules import each other, even inside functions.
"""

from __future__ import annotations

import ast
import re
from importlib.metadata import requires
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SOURCES = sorted(ROOT.glob("packages/*/src/*/"))
PACKAGES = {source.name for source in SOURCES if source.name != "arc_example"}
# What each package may import of ours (DESIGN.md, "Layers").
ALLOWED = {
    "arc_core": set(),
    "arc_services": {"arc_core"},
    "arc_tables": {"arc_core", "arc_services"},
    "arc_events": {"arc_core", "arc_services"},
    "arc_queues": {"arc_core", "arc_services"},
    "arc_ws": {"arc_core"},
    "arc_http": {"arc_core", "arc_services", "arc_tables"},
    "arc": PACKAGES - {"arc", "arc_testing"},
    # The users' test kit: over the core only, and never imported by the library.
    "arc_testing": {"arc_core"},
}
# A module name of ours as a value of a dict, as the lazy-attribute tables hold them.
_NAMED = re.compile(r"^(arc(?:_[a-z]+)?)((?:\.\w+)*)$")
# The distribution name at the start of a requirement.
_DISTRIBUTION = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")


def _modules() -> dict[str, Path]:
    """Every module of the workspace's packages by dotted name."""
    found = {}
    for source in SOURCES:
        if source.name not in PACKAGES:
            continue
        for path in source.rglob("*.py"):
            parts = path.relative_to(source.parent).with_suffix("").parts
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            found[name] = path
    return found


MODULES = _modules()


def _imports(name: str, path: Path) -> set[str]:
    """The modules of ours that `name` imports anywhere in its file (or names in strings)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            found.add(base)
            # `from pkg import _mod` imports a submodule when one exists.
            found.update(
                f"{base}.{alias.name}" for alias in node.names if f"{base}.{alias.name}" in MODULES
            )
        elif isinstance(node, ast.Dict):
            # The lazy-attribute tables: {"name": "module", ...}.
            found.update(
                value.value
                for value in node.values
                if isinstance(value, ast.Constant)
                and isinstance(value.value, str)
                and _NAMED.match(value.value)
            )
    return {module for module in found if module.split(".")[0] in PACKAGES}


GRAPH = {name: _imports(name, path) for name, path in MODULES.items()}


def test_the_scan_sees_the_imports_it_must_see() -> None:
    # The scan itself can fail: these edges exist and must be found.
    assert "arc_core.messaging._batch" in GRAPH["arc_core"]  # a lazy table's string
    assert "arc_core.messaging" in GRAPH["arc_events._publish"]  # inside a function
    assert "arc_core._errors" in GRAPH["arc_core.messaging._target"]  # absolute, in-package


@pytest.mark.parametrize("name", sorted(GRAPH))
def test_no_module_imports_another_packages_private_module(name: str) -> None:
    own = name.split(".")[0]
    private = sorted(
        module
        for module in GRAPH[name]
        if module.split(".")[0] != own and any(part.startswith("_") for part in module.split("."))
    )
    assert private == [], f"{name} imports private modules of other packages: {private}"


@pytest.mark.parametrize("name", sorted(GRAPH))
def test_each_package_imports_only_the_layers_below_it(name: str) -> None:
    own = name.split(".")[0]
    others = {module.split(".")[0] for module in GRAPH[name]} - {own}
    assert others <= ALLOWED[own], f"{name} imports {sorted(others - ALLOWED[own])}"


def test_no_two_modules_import_each_other() -> None:
    def resolved(module: str) -> str:
        # `from arc_core import x` imports the package: the edge goes to its __init__.
        return module if module in MODULES else module.rsplit(".", 1)[0]

    pairs = sorted(
        (name, other)
        for name, imported in GRAPH.items()
        for other in map(resolved, imported)
        if other != name
        and name < other
        and name in {resolved(m) for m in GRAPH[other]}
        # A package's __init__ re-exports its own submodules, which use the package.
        and not (other.startswith(f"{name}.") or name.startswith(f"{other}."))
    )
    assert pairs == []


def test_arc_queues_requires_no_arc_events() -> None:
    requirements = [
        found[0] for line in requires("arc-queues") or [] if (found := _DISTRIBUTION.match(line))
    ]
    assert "arc-events" not in requirements
    assert {"architect-functions-core", "arc-services"} <= set(requirements)


def test_batch_types_are_defined_once_and_shared() -> None:
    import arc_core
    import arc_events
    import arc_queues

    for name in ("BatchFailure", "PublishBatchError", "UnknownResourceError"):
        assert getattr(arc_events, name) is getattr(arc_queues, name) is getattr(arc_core, name)
        assert getattr(arc_core, name).__module__ == "arc_core"
