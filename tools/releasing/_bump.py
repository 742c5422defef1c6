"""`tools/release bump <distribution> <first|patch|minor|major>`.

1. Refuses a bump smaller than `plan` says the package needs (an API break griffe finds
   against the last tag needs a major, or a minor below 1.0), a package with nothing
   under `## [Unreleased]`, `first` for a package already tagged and the others for one
   never tagged.
2. `uv version --package <distribution> --bump <bump> --frozen` (`first` keeps the version).
3. Moves the changelog's Unreleased entries under `## [<version>] - <date>`.
4. Every sibling range that the new version falls outside of changes, with an entry in
   that sibling's changelog. The meta-package (architect-functions) pins the siblings it
   is released with, so its range moves: `>=<new>,<next breaking>`. Other siblings' ranges
   widen (`>=<old lower>,<next breaking>`): the workspace tests them against the new
   version and their last release against the old one. When griffe found an API break,
   they move as well: code that adapted to the break no longer runs on the old version.
5. `uv lock`, then prints the tag to create. It creates and pushes no tag.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

from . import _changelog
from ._errors import ReleaseError
from ._plan import status
from ._versions import FIRST, Version, covers, parse_version
from ._workspace import META, Package, Workspace


def uv_executable() -> str:
    """The uv that runs us (`UV`, set by `uv run`), else the one on PATH."""
    executable = os.environ.get("UV") or shutil.which("uv")
    if executable is None:
        raise ReleaseError("uv is not on PATH: run tools/release, which installs it")
    return executable


def uv(root: Path, *args: str) -> str:
    """Run uv in `root`; its output, or a ReleaseError with what it said."""
    done = subprocess.run(
        [uv_executable(), *args], cwd=root, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise ReleaseError(f"uv {' '.join(args)} failed:\n{done.stderr.strip()}")
    return done.stdout


def check(workspace: Workspace, package: Package, bump: str) -> list[str]:
    """Raise ReleaseError when `bump` may not release `package`; else the API breaks found."""
    result = status(workspace, package)
    if result.awaiting_tag:
        raise ReleaseError(
            f"{package.name} was bumped to {package.version} already: commit, then "
            f"`git tag {package.tag()}`"
        )
    if bump == FIRST and result.tag is not None:
        raise ReleaseError(
            f"{package.name} was released as {result.tag}: bump it by patch, minor or major"
        )
    if bump != FIRST and result.tag is None:
        raise ReleaseError(
            f"{package.name} has never been tagged: its first release is "
            f"`tools/release bump {package.name} first` ({package.version})"
        )
    if bump != FIRST and not result.changed:
        raise ReleaseError(f"{package.name} has not changed since {result.tag}")
    if result.problems:
        raise ReleaseError(f"{package.name}: " + "; ".join(result.problems))
    needed = result.needed
    if bump != FIRST and needed is not None and not covers(bump, needed):
        if result.breaks:
            why = f"its API broke since {result.tag}:\n" + "\n".join(
                f"    {line}" for line in result.breaks
            )
        else:
            kinds = ", ".join(f"### {kind}" for kind in dict.fromkeys(result.changelog.kinds))
            why = f"its changelog lists {kinds}"
        raise ReleaseError(
            f"{package.name} {package.version} needs at least a {needed} bump, not {bump}: {why}"
        )
    return result.breaks


def widen_dependents(
    workspace: Workspace, package: Package, new: Version, *, api_broke: bool
) -> list[tuple[Package, str, str]]:
    """Change each sibling range that excludes `new`; (sibling, old, new requirement) each."""
    changed = []
    for sibling, requirement in workspace.dependents(package.name):
        if not requirement.clauses or requirement.admits(new):
            continue
        moves = api_broke or sibling.name == META or requirement.lower() is None
        lower = new if moves else requirement.lower() or new
        text = requirement.with_range(lower, new)
        source = sibling.pyproject.read_text(encoding="utf-8")
        for quote in ('"', "'"):
            old = f"{quote}{requirement.text}{quote}"
            if old in source:
                source = source.replace(old, f"{quote}{text}{quote}")
                break
        else:
            raise ReleaseError(f"cannot find {requirement.text!r} in {sibling.pyproject}")
        sibling.pyproject.write_text(source, encoding="utf-8")
        _changelog.add_entry(
            sibling.changelog,
            "Changed",
            f"Requires `{text}` (was `{requirement.text}`): {package.name} "
            f"{'.'.join(map(str, new))} is outside the old range.",
        )
        changed.append((sibling, requirement.text, text))
    return changed


def bump(workspace: Workspace, name: str, kind: str, *, date: str) -> int:
    package = workspace.get(name)
    breaks = check(workspace, package, kind)
    root = workspace.root
    if kind == FIRST:
        version = package.version
    else:
        reply = uv(root, "version", "--package", package.name, "--bump", kind, "--frozen",
                   "--output-format", "json")  # fmt: skip
        version = json.loads(reply)["version"]
        print(f"{package.name}: {package.version} -> {version} (uv version --bump {kind})")
    _changelog.release(package.changelog, version, date)
    print(f"{package.changelog.relative_to(root)}: [Unreleased] moved under [{version}] - {date}")
    changed = widen_dependents(workspace, package, parse_version(version), api_broke=bool(breaks))
    for sibling, old, new in changed:
        print(f"{sibling.pyproject.relative_to(root)}: {old!r} -> {new!r}")
    print("uv lock")
    uv(root, "lock")
    print("\nReview and commit, then tag (tools/release creates and pushes no tag):")
    print(f"    git tag {package.tag(version)}")
    if changed:
        names = ", ".join(sorted({sibling.name for sibling, _, _ in changed}))
        print(f"The ranges of {names} changed: release them too (`tools/release plan`).")
    return 0
