"""What git knows of a package: its last release tag and what changed in its folder since."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from ._errors import ReleaseError
from ._versions import Version, parse_version
from ._workspace import Package


def git(root: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-C", str(root), *args], capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise ReleaseError(f"git {' '.join(args)} failed: {done.stderr.strip()}")
    return done.stdout


def last_tag(root: Path, package: Package) -> tuple[str, Version] | None:
    """The tag `<name>-v<version>` with the highest version, or None before the first release."""
    pattern = re.compile(rf"^{re.escape(package.name)}-v(\d+(?:\.\d+)*)$")
    tagged = [
        (parse_version(match[1]), tag)
        for tag in git(root, "tag", "--list", f"{package.name}-v*").split()
        if (match := pattern.match(tag))
    ]
    if not tagged:
        return None
    version, tag = max(tagged)
    return tag, version


def changed_since(root: Path, tag: str, package: Package) -> list[str]:
    """Files of the package's folder that differ from the tag: committed, staged, in the work
    tree, or new and not ignored."""
    folder = package.folder.relative_to(root).as_posix()
    changed = git(root, "diff", "--name-only", tag, "--", folder).split("\n")
    untracked = git(root, "ls-files", "--others", "--exclude-standard", "--", folder).split("\n")
    return sorted({path for path in changed + untracked if path})
