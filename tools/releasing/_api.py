"""Breaking changes of a package's public API since a tag, as griffe finds them.

The same comparison as `griffe check <module> -s <src> -a <tag>`, through griffe's Python
API: each import package of the distribution is loaded from the work tree and from the
tag (a temporary git worktree), and `griffe.find_breaking_changes` lists what a caller of
the old API would trip on: a public object removed, a parameter removed, moved, made
required or given another default, an object that changed kind, a base class removed.
Public means what griffe says: listed in `__all__` where a module has one.
"""

from __future__ import annotations

import logging
from pathlib import Path

import griffe

from ._errors import ReleaseError
from ._workspace import Package

# griffe logs every alias it cannot resolve (re-exports of other packages): noise here.
logging.getLogger("griffe").setLevel(logging.ERROR)


def breaking_changes(root: Path, package: Package, tag: str) -> list[str]:
    """One line per break of `package`'s API between `tag` and the work tree."""
    found: list[str] = []
    for module, search in package.modules.items():
        source = package.folder / search
        try:
            old = griffe.load_git(
                module, ref=tag, repo=root, search_paths=[source.relative_to(root)]
            )
        except (ImportError, griffe.GitError) as error:
            raise ReleaseError(
                f"griffe could not load {module} at {tag} from {source.relative_to(root)}: {error}"
            ) from None
        new = griffe.load(module, search_paths=[source])
        found.extend(_explain(breakage) for breakage in griffe.find_breaking_changes(old, new))
    return found


def _explain(breakage: griffe.Breakage) -> str:
    change = f"{breakage.kind.value}"
    old, new = _value(breakage.old_value), _value(breakage.new_value)
    if old and new:
        change += f": {old} -> {new}"
    elif old or new:
        change += f": {old or new}"
    return f"{breakage.obj.path}: {change}"


def _value(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, griffe.Parameter):
        return value.name if value.default is None else f"{value.name}={value.default}"
    return str(value)
