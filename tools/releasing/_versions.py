"""Versions, bumps and the ranges siblings depend on each other with (`>=0.1.0,<0.2`).

Our packages use plain `X.Y.Z` versions and semantic versioning with the 0.x rule: below
1.0 a new minor is the breaking bump (`>=0.1.0,<0.2` admits every 0.1.z and no 0.2),
from 1.0 on a new major is (`>=1.2.0,<2`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ._errors import ReleaseError

Version = tuple[int, ...]

# The bumps `uv version --bump` knows that we use, smallest first.
BUMPS = ("patch", "minor", "major")
# Not a bump: the first release of a package, at the version its pyproject.toml holds.
FIRST = "first"

_VERSION = re.compile(r"^\d+(\.\d+)*$")
_REQUIREMENT = re.compile(
    r"^(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)\s*(?P<extras>\[[^\]]*\])?\s*"
    r"(?P<specifiers>[^;]*?)\s*(?P<marker>;.*)?$"
)
_CLAUSE = re.compile(r"^(?P<op>>=|<=|==|!=|>|<)\s*(?P<version>\d+(\.\d+)*)$")


def requirement_name(text: str) -> str:
    """The distribution a requirement string names: `"arc-http[jwe]>=0.1"` -> `arc-http`."""
    match = _REQUIREMENT.match(text.strip())
    return match["name"] if match else text


def parse_version(text: str) -> Version:
    """`"0.1.0"` -> `(0, 1, 0)`; anything but dot-separated numbers is a ReleaseError."""
    if not _VERSION.match(text):
        raise ReleaseError(f"{text!r} is not a plain X.Y.Z version")
    return tuple(int(part) for part in text.split("."))


def format_version(version: Version) -> str:
    return ".".join(map(str, version))


def breaking_bump(version: Version) -> str:
    """The bump that may break callers: `minor` below 1.0, `major` from 1.0 on."""
    return "minor" if version[0] == 0 else "major"


def covers(bump: str, needed: str) -> bool:
    """Whether `bump` is at least `needed` (patch < minor < major)."""
    return BUMPS.index(bump) >= BUMPS.index(needed)


def upper_bound(version: Version) -> str:
    """The first version a range starting at `version` must exclude: its next breaking one."""
    if version[0] == 0:
        return f"0.{version[1] + 1}"
    return str(version[0] + 1)


def _padded(version: Version, length: int) -> Version:
    return version + (0,) * (length - len(version))


def _compare(left: Version, right: Version) -> int:
    length = max(len(left), len(right))
    a, b = _padded(left, length), _padded(right, length)
    return (a > b) - (a < b)


_OPERATORS = {
    ">=": lambda c: c >= 0,
    "<=": lambda c: c <= 0,
    ">": lambda c: c > 0,
    "<": lambda c: c < 0,
    "==": lambda c: c == 0,
    "!=": lambda c: c != 0,
}


@dataclass(frozen=True)
class Requirement:
    """One requirement string of a pyproject.toml, as far as our sibling ranges need.

    Only comparison clauses on plain versions are understood (`>=0.1.0,<0.2`); a `~=`,
    a wildcard or a pre-release is a ReleaseError that says to edit the range by hand.
    """

    text: str
    name: str
    extras: str
    clauses: tuple[tuple[str, Version], ...]
    marker: str

    @classmethod
    def parse(cls, text: str) -> Requirement:
        match = _REQUIREMENT.match(text.strip())
        if match is None:
            raise ReleaseError(f"cannot read the requirement {text!r}")
        clauses = []
        for part in filter(None, (p.strip() for p in match["specifiers"].split(","))):
            clause = _CLAUSE.match(part)
            if clause is None:
                raise ReleaseError(
                    f"the range of {text!r} uses {part!r}; tools/release understands only "
                    ">=, >, <=, <, == and != on plain versions: edit it by hand"
                )
            clauses.append((clause["op"], parse_version(clause["version"])))
        return cls(
            text=text,
            name=match["name"],
            extras=match["extras"] or "",
            clauses=tuple(clauses),
            marker=match["marker"] or "",
        )

    @property
    def specifiers(self) -> str:
        return ",".join(f"{op}{format_version(version)}" for op, version in self.clauses)

    def admits(self, version: Version) -> bool:
        """Whether `version` satisfies every clause (no clause admits everything)."""
        return all(_OPERATORS[op](_compare(version, bound)) for op, bound in self.clauses)

    def lower(self) -> Version | None:
        """The version of the `>=` clause, if there is one."""
        return next((bound for op, bound in self.clauses if op == ">="), None)

    def upper(self) -> Version | None:
        """The version of the `<` clause, if there is one."""
        return next((bound for op, bound in self.clauses if op == "<"), None)

    def moved_past(self, old: Requirement) -> bool:
        """Whether this range starts where `old` ended: no version satisfies both."""
        lower, upper = self.lower(), old.upper()
        return lower is not None and upper is not None and _compare(lower, upper) >= 0

    def with_range(self, lower: Version, version: Version) -> str:
        """This requirement with `>=lower,<next breaking after version`, extras and marker kept."""
        marker = f"; {self.marker[1:].strip()}" if self.marker else ""
        return f"{self.name}{self.extras}>={format_version(lower)},<{upper_bound(version)}{marker}"
