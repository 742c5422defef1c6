"""`tools/release plan`: what each package needs released, and the smallest bump for it.

The bump a package needs, by what its last tag and its changelog show:

| found since the last tag                                  | from 1.0 | below 1.0 |
|-----------------------------------------------------------|----------|-----------|
| an API break griffe finds, or a `### Removed` entry       | major    | minor     |
| (meta-package) a sibling range moved past its old range   | major    | minor     |
| an `### Added`, `### Changed` or `### Deprecated` entry   | minor    | patch     |
| only `### Fixed` or `### Security` entries                | patch    | patch     |

A package never tagged is released first at the version its pyproject.toml holds. A
package whose changelog already has a section for its version was bumped and waits for
its tag. `bump` refuses anything smaller than the plan's bump. A behaviour change that
breaks callers without changing a signature is the one thing griffe cannot see: choose
the bump for it yourself.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ._api import breaking_changes
from ._changelog import Unreleased, has_release, unreleased
from ._git import changed_since, git, last_tag
from ._versions import FIRST, Requirement, Version, breaking_bump, requirement_name
from ._workspace import META, Package, Workspace, normalize

_FEATURE_KINDS = {"Added", "Changed", "Deprecated"}
# Changed files listed by `plan --brief`.
_BRIEF_FILES = 5


@dataclass
class Status:
    """Where one package stands against its last release."""

    package: Package
    tag: str | None
    tagged_version: Version | None
    changed: list[str]
    changelog: Unreleased
    awaiting_tag: bool
    breaks: list[str] = field(default_factory=list)

    @property
    def needed(self) -> str | None:
        """The smallest bump that covers the changes: first, patch, minor, major or None."""
        if self.awaiting_tag:
            return None
        if self.tag is None:
            return FIRST
        if not self.changed:
            return None
        version = self.package.parsed_version
        kinds = set(self.changelog.kinds)
        if self.breaks or "Removed" in kinds:
            return breaking_bump(version)
        if kinds & _FEATURE_KINDS:
            return "patch" if version[0] == 0 else "minor"
        return "patch"

    @property
    def problems(self) -> list[str]:
        """What must be fixed before `bump` will release this package."""
        if self.needed is None:
            return []
        found = []
        if self.changelog.empty:
            found.append(
                f"{self.package.changelog.name} has nothing under [Unreleased]: "
                "write the entries for this release first"
            )
        if self.tagged_version is not None and self.package.parsed_version != self.tagged_version:
            found.append(
                f"pyproject.toml says {self.package.version} but the last tag is {self.tag}: "
                "versions move only with `tools/release bump`"
            )
        return found


def _moved_ranges(workspace: Workspace, package: Package, tag: str) -> list[str]:
    """The sibling ranges of the meta-package that moved past their range at the tag.

    `arc.tables` is arc-tables: when the meta-package moves to a release of a sibling
    that its old range excluded, what broke in the sibling breaks in `arc` too.
    """
    path = package.pyproject.relative_to(workspace.root).as_posix()
    old = Package.read(package.folder, git(workspace.root, "show", f"{tag}:{path}"))
    before = {normalize(requirement_name(text)): text for text in old.requirements}
    moved = []
    for text in package.requirements:
        name = normalize(requirement_name(text))
        if name in workspace.packages and name in before:
            new, was = Requirement.parse(text), Requirement.parse(before[name])
            if new.moved_past(was):
                moved.append(f"{name}: range moved from {was.specifiers} to {new.specifiers}")
    return moved


def status(workspace: Workspace, package: Package) -> Status:
    tagged = last_tag(workspace.root, package)
    tag, version = tagged if tagged else (None, None)
    changed = changed_since(workspace.root, tag, package) if tag else []
    awaiting = version != package.parsed_version and has_release(package.changelog, package.version)
    result = Status(package, tag, version, changed, unreleased(package.changelog), awaiting)
    if tag and changed and not awaiting:
        result.breaks = breaking_changes(workspace.root, package, tag)
        if package.name == META:
            result.breaks += _moved_ranges(workspace, package, tag)
    return result


def show(result: Status, *, brief: bool) -> list[str]:
    package = result.package
    if result.awaiting_tag:
        return [
            f"{package.name} {package.version}: bumped, not tagged yet: "
            f"commit, then `git tag {package.tag()}`"
        ]
    if result.tag is None:
        lines = [f"{package.name} {package.version}: never tagged, first release"]
    elif not result.changed:
        return [f"{package.name} {package.version}: unchanged since {result.tag}"]
    else:
        lines = [
            f"{package.name} {package.version}: {len(result.changed)} file(s) changed "
            f"since {result.tag}"
        ]
        shown = result.changed[:_BRIEF_FILES] if brief else result.changed
        lines.extend(f"    {path}" for path in shown)
        if len(shown) < len(result.changed):
            lines.append(f"    ... and {len(result.changed) - len(shown)} more")
        if result.breaks:
            lines.append(f"  API breaks (against {result.tag}):")
            lines.extend(f"    {line}" for line in result.breaks)
        else:
            lines.append(f"  API (griffe, against {result.tag}): no breaking change")
    entries = result.changelog.entries()
    if brief:
        kinds = dict.fromkeys(kind for kind, _ in entries)
        counts = ", ".join(f"{k} {sum(1 for kind, _ in entries if kind == k)}" for k in kinds)
        lines.append(f"  [Unreleased]: {counts or 'empty'}")
    else:
        lines.append("  [Unreleased]:" + ("" if entries else " empty"))
        lines.extend(f"    {kind}: {entry}" for kind, entry in entries)
    if result.needed == FIRST:
        lines.append(
            f"  needs: its first release, as {package.version}: "
            f"tools/release bump {package.name} first"
        )
    elif result.needed is not None:
        lines.append(
            f"  needs: at least a {result.needed} bump from {package.version}: "
            f"tools/release bump {package.name} {result.needed}"
        )
    lines.extend(f"  before releasing: {problem}" for problem in result.problems)
    return lines


def plan(workspace: Workspace, *, brief: bool = False) -> int:
    """Print the plan. 1 when a sibling range excludes a workspace version, else 0."""
    for package in workspace.packages.values():
        print("\n".join(show(status(workspace, package), brief=brief)))
    problems = workspace.range_problems()
    for problem in problems:
        print(f"PROBLEM: {problem}")
    return 1 if problems else 0
