"""A package's CHANGELOG.md (Keep a Changelog): its `## [Unreleased]` section.

`## [Unreleased]` stays at the top; a release moves what it holds under
`## [<version>] - <date>` right below it, so the next change starts an empty section.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ._errors import ReleaseError

UNRELEASED = "## [Unreleased]"
_SECTION = re.compile(r"^## ", re.MULTILINE)


@dataclass(frozen=True)
class Unreleased:
    """The text of the `## [Unreleased]` section, without its heading."""

    body: str

    @property
    def empty(self) -> bool:
        return not self.body.strip()

    @property
    def kinds(self) -> list[str]:
        """The `### Added`, `### Fixed`, ... headings in it, in order."""
        return re.findall(r"^### +(.+?)\s*$", self.body, re.MULTILINE)

    def entries(self) -> list[tuple[str, str]]:
        """Each (kind, entry) with the entry's continuation lines joined into one line."""
        found: list[tuple[str, str]] = []
        kind = ""
        for line in self.body.splitlines():
            if line.startswith("### "):
                kind = line[4:].strip()
            elif line.startswith("- "):
                found.append((kind, line[2:].strip()))
            elif line.strip() and found and line.startswith(" "):
                found[-1] = (found[-1][0], f"{found[-1][1]} {line.strip()}")
        return found


def _split(text: str, path: Path) -> tuple[str, str, str]:
    """(what comes before the Unreleased heading, its body, what follows the section)."""
    start = text.find(UNRELEASED + "\n")
    if start < 0 and text.endswith(UNRELEASED):
        start = len(text) - len(UNRELEASED)
    if start < 0:
        raise ReleaseError(f"{path} has no '{UNRELEASED}' section")
    body_start = start + len(UNRELEASED) + 1
    following = _SECTION.search(text, body_start)
    end = following.start() if following else len(text)
    return text[:start], text[body_start:end], text[end:]


def unreleased(path: Path) -> Unreleased:
    if not path.is_file():
        raise ReleaseError(f"{path} not found: every package keeps a changelog")
    return Unreleased(_split(path.read_text(encoding="utf-8"), path)[1])


def release(path: Path, version: str, date: str) -> None:
    """Move the Unreleased entries under `## [version] - date`, leaving Unreleased empty."""
    head, body, rest = _split(path.read_text(encoding="utf-8"), path)
    entries = body.strip()
    released = f"## [{version}] - {date}\n" + (f"\n{entries}\n" if entries else "")
    rest = f"\n{rest}" if rest else ""
    path.write_text(f"{head}{UNRELEASED}\n\n{released}{rest}", encoding="utf-8")


def add_entry(path: Path, kind: str, entry: str) -> None:
    """Append `- entry` under `### kind` of the Unreleased section (made if missing)."""
    head, body, rest = _split(path.read_text(encoding="utf-8"), path)
    lines = body.strip("\n").splitlines()
    heading = f"### {kind}"
    if heading in lines:
        at = lines.index(heading) + 1
        while at < len(lines) and not lines[at].startswith("### ") and lines[at].strip():
            at += 1
        lines.insert(at, f"- {entry}")
    else:
        lines.extend([*([""] if lines else []), heading, f"- {entry}"])
    rest = f"\n{rest}" if rest else ""
    path.write_text(f"{head}{UNRELEASED}\n\n" + "\n".join(lines) + f"\n{rest}", encoding="utf-8")


def has_release(path: Path, version: str) -> bool:
    """Whether the changelog already has a `## [version]` section (a bump not yet tagged)."""
    text = path.read_text(encoding="utf-8") if path.is_file() else ""
    return re.search(rf"^## \[{re.escape(version)}\]", text, re.MULTILINE) is not None
