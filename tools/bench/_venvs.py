"""The installs being compared, each in a venv holding only what that install needs.

Subjects:
- `bare`: an empty venv, the floor of every cold start.
- `ours`: this workspace's wheels, the full meta install (`architect-functions`).
- `ours:<dist>[extra]`: each minimal install (`arc-http`, `arc-http[jwe]`,
  `architect-functions-core`, ...).
- `v1`: `architect-functions==1.0.0` from PyPI.
- `powertools`: `aws-lambda-powertools` (the newest release), what users pick instead.
- `floor`: only the libraries the per-call floors use (cryptography, brotli).

The Lambda Python runtime ships boto3, so `ours`, `v1` and `powertools` get the same boto3
beside them (the one locked for this workspace); the minimal installs and `bare` do not.
Venvs are cached, keyed by what went into them (our wheels by content), so a rerun with
unchanged sources reuses them and a changed wheel builds a fresh one.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import re
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "META",
    "Subject",
    "Wheels",
    "build_wheels",
    "ensure_venv",
    "minimal_subjects",
    "runtime_boto3",
    "subject_named",
]

REPO = Path(__file__).resolve().parents[2]
# The distribution that ships `import arc`.
META = "architect-functions"
V1_REQUIREMENT = "architect-functions==1.0.0"
POWERTOOLS_REQUIREMENT = "aws-lambda-powertools"
# What the per-call floors are written with: AES-GCM for JWE, brotli for `br`.
FLOOR_REQUIREMENTS = ("cryptography", "brotli")
# Extras that only add what the Lambda runtime already has: not a minimal install of their own.
RUNTIME_EXTRAS = frozenset({"aws-sdk"})


def _normalize(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def runtime_boto3() -> str:
    """`boto3==<the version locked for this workspace>`: the Lambda runtime's stand-in."""
    return f"boto3=={importlib.metadata.version('boto3')}"


@dataclass(frozen=True)
class Wheel:
    path: Path
    name: str
    extras: tuple[str, ...]
    # (dependency name, extra it belongs to or None, the full requirement line)
    requires: tuple[tuple[str, str | None, str], ...]


def _read_wheel(path: Path) -> Wheel:
    with zipfile.ZipFile(path) as archive:
        meta_name = next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
        text = archive.read(meta_name).decode()
    name = ""
    extras: list[str] = []
    requires: list[tuple[str, str | None, str]] = []
    for line in text.splitlines():
        if not line.strip():
            break  # the headers end at the first blank line; the README follows
        key, _, value = line.partition(": ")
        if key == "Name":
            name = _normalize(value)
        elif key == "Provides-Extra":
            extras.append(value.strip())
        elif key == "Requires-Dist":
            dep = re.match(r"[A-Za-z0-9_.-]+", value)
            extra = re.search(r"extra\s*==\s*['\"]([^'\"]+)['\"]", value)
            if dep:
                requires.append((_normalize(dep.group(0)), extra and extra.group(1), value))
    return Wheel(path, name, tuple(extras), tuple(requires))


class Wheels:
    """This workspace's wheels, built fresh into one folder, found by distribution name."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.by_name = {w.name: w for w in map(_read_wheel, sorted(folder.glob("*.whl")))}

    def digest(self, names: Iterable[str]) -> str:
        """A hash of the named wheels' bytes: the part of a cache key that is ours."""
        hasher = hashlib.sha256()
        for name in sorted(names):
            hasher.update(name.encode())
            hasher.update(self.by_name[name].path.read_bytes())
        return hasher.hexdigest()

    def closure(self, name: str, extras: Sequence[str] = ()) -> list[str]:
        """`name` and every sibling it needs (through `extras` too), in a stable order."""
        found: list[str] = []
        pending = [(name, tuple(extras))]
        while pending:
            current, wanted = pending.pop()
            if current in found:
                continue
            found.append(current)
            for dep, extra, line in self.by_name[current].requires:
                if dep in self.by_name and (extra is None or extra in wanted):
                    inner = re.search(r"\[([^\]]+)\]", line.split(";")[0])
                    pending.append((dep, tuple(inner.group(1).split(",")) if inner else ()))
        return sorted(found)

    def requirements(self, name: str, extras: Sequence[str] = ()) -> list[str]:
        """uv requirements installing `name[extras]` from these wheels, siblings included.

        Each sibling is named by its file, so a same-named project on the index can never
        stand in for ours.
        """
        lines = []
        for dist in self.closure(name, extras):
            spec = f"[{','.join(extras)}]" if dist == name and extras else ""
            lines.append(f"{dist}{spec} @ {self.by_name[dist].path.resolve().as_uri()}")
        return lines

    def optional_extras(self, name: str) -> list[str]:
        """The extras of `name` that add more than the Lambda runtime has."""
        return [e for e in self.by_name[name].extras if e not in RUNTIME_EXTRAS]


def build_wheels(folder: Path) -> Wheels:
    """Build every workspace member's wheel into `folder` (emptied first)."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    subprocess.run(
        ["uv", "build", "--all-packages", "--wheel", "--quiet", "-o", str(folder)],
        cwd=REPO,
        check=True,
    )
    return Wheels(folder)


@dataclass(frozen=True)
class Subject:
    """One install being measured."""

    name: str
    label: str
    kind: str  # bare | ours | v1 | powertools | floor
    dist: str | None = None  # ours: the distribution installed
    extras: tuple[str, ...] = ()
    runtime: bool = False  # boto3 beside it, as the Lambda runtime has

    @property
    def slug(self) -> str:
        return re.sub(r"[^A-Za-z0-9]+", "-", self.name).strip("-")

    def requirements(self, wheels: Wheels | None) -> list[str]:
        """What `uv pip install` gets for this subject (boto3 excluded)."""
        if self.kind == "ours":
            if wheels is None:
                raise ValueError(f"{self.name} needs this workspace's wheels")
            return wheels.requirements(self.dist or META, self.extras)
        if self.kind == "v1":
            return [V1_REQUIREMENT]
        if self.kind == "powertools":
            return [POWERTOOLS_REQUIREMENT]
        if self.kind == "floor":
            return list(FLOOR_REQUIREMENTS)
        return []


BARE = Subject("bare", "bare python", "bare")
OURS = Subject("ours", f"this workspace: {META} (full)", "ours", META, runtime=True)
V1 = Subject("v1", f"{V1_REQUIREMENT} (PyPI)", "v1", runtime=True)
POWERTOOLS = Subject("powertools", "aws-lambda-powertools (latest)", "powertools", runtime=True)
FLOOR = Subject("floor", "per-call floors (cryptography, brotli)", "floor")
FIXED = (BARE, OURS, V1, POWERTOOLS, FLOOR)


def minimal_subjects(wheels: Wheels) -> list[Subject]:
    """`ours:<dist>` for every arc-* package, plus `ours:<dist>[extra]` for its extras."""
    subjects = []
    for name in sorted(wheels.by_name):
        if name == META:
            continue
        subjects.append(Subject(f"ours:{name}", f"{name} (minimal)", "ours", name))
        for extra in wheels.optional_extras(name):
            subjects.append(
                Subject(f"ours:{name}[{extra}]", f"{name}[{extra}]", "ours", name, (extra,))
            )
    return subjects


def subject_named(name: str, wheels: Wheels | None) -> Subject:
    """The subject called `name`; raises KeyError listing the known names."""
    known = {s.name: s for s in FIXED}
    if wheels is not None:
        known.update((s.name, s) for s in minimal_subjects(wheels))
    if name not in known:
        raise KeyError(f"unknown subject {name!r}; known: {', '.join(sorted(known))}")
    return known[name]


def _python_version(python: str) -> str:
    return subprocess.run(
        [python, "-c", "import sys; print(sys.version)"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()


def ensure_venv(
    subject: Subject, wheels: Wheels | None, cache: Path, *, refresh: bool = False
) -> Path:
    """The python of a venv holding exactly `subject`'s install, built if not cached.

    Raises `subprocess.CalledProcessError` when uv cannot build it (no network, say).
    """
    python = sys.executable
    requirements = subject.requirements(wheels)
    if subject.runtime:
        requirements.append(runtime_boto3())
    key_parts = [_python_version(python), *requirements]
    if subject.kind == "ours" and wheels is not None:
        key_parts.append(wheels.digest(wheels.closure(subject.dist or META, subject.extras)))
    key = hashlib.sha256(json.dumps(key_parts).encode()).hexdigest()[:12]
    venv = cache / f"{subject.slug}-{key}"
    ready = venv / ".bench-ready"
    if ready.exists() and not refresh:
        return venv / "bin" / "python"
    for stale in cache.glob(f"{subject.slug}-*"):
        if stale.name.removeprefix(f"{subject.slug}-").isalnum():
            shutil.rmtree(stale, ignore_errors=True)
    cache.mkdir(parents=True, exist_ok=True)
    subprocess.run(["uv", "venv", "--quiet", "--python", python, str(venv)], check=True)
    if requirements:
        # Bytecode compiled at install time, as `pip install` does and Lambda zips carry:
        # cold starts then measure imports, not compiling.
        subprocess.run(
            [
                "uv",
                "pip",
                "install",
                "--quiet",
                "--compile-bytecode",
                "--python",
                str(venv / "bin" / "python"),
                *requirements,
            ],
            check=True,
        )
    ready.write_text(json.dumps(key_parts, indent=1))
    return venv / "bin" / "python"
