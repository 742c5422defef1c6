"""The uv workspace as tools/release sees it, read from the pyproject.toml files.

Members are the folders the root's `[tool.uv.workspace]` `members` globs name, less its
`exclude` globs. Each one's name, version, import packages (hatchling's
`[tool.hatch.build.targets.wheel] packages`, else `src/*/`) and requirement strings.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ._errors import ReleaseError
from ._versions import Requirement, Version, parse_version, requirement_name

if sys.version_info >= (3, 11):
    import tomllib
else:  # pytest brings tomli to the dev environment on 3.10
    import tomli as tomllib

# The meta-package: its ranges pin the siblings it was released with, so they move with
# every breaking release of a sibling rather than widen (docs/development.md).
META = "architect-functions"


def normalize(name: str) -> str:
    """A distribution name as indexes compare them (PEP 503): `Arc_HTTP` -> `arc-http`."""
    return re.sub(r"[-_.]+", "-", name).lower()


@dataclass(frozen=True)
class Package:
    """One member of the workspace: one distribution, released on its own."""

    name: str
    version: str
    folder: Path
    # Import name -> the folder holding it (the search path for griffe), relative to folder.
    modules: dict[str, Path]
    requirements: tuple[str, ...]
    urls: tuple[str, ...]

    @property
    def pyproject(self) -> Path:
        return self.folder / "pyproject.toml"

    @property
    def changelog(self) -> Path:
        return self.folder / "CHANGELOG.md"

    @property
    def parsed_version(self) -> Version:
        return parse_version(self.version)

    def tag(self, version: str | None = None) -> str:
        """The git tag of a release of this package: `<name>-v<version>`."""
        return f"{self.name}-v{version or self.version}"

    @classmethod
    def read(cls, folder: Path, text: str | None = None) -> Package:
        """The package in `folder`, from its pyproject.toml or from `text` (an older one)."""
        data = _toml(folder / "pyproject.toml") if text is None else tomllib.loads(text)
        project = data.get("project", {})
        if "name" not in project or "version" not in project:
            raise ReleaseError(
                f"{folder / 'pyproject.toml'} needs a static [project] name and version"
            )
        wheel = data.get("tool", {}).get("hatch", {}).get("build", {}).get("targets", {})
        entries = wheel.get("wheel", {}).get("packages")
        if entries:
            modules = {Path(entry).name: Path(entry).parent for entry in entries}
        else:
            modules = {init.parent.name: Path("src") for init in folder.glob("src/*/__init__.py")}
        requirements = list(project.get("dependencies", []))
        for extra in project.get("optional-dependencies", {}).values():
            requirements.extend(extra)
        return cls(
            name=project["name"],
            version=project["version"],
            folder=folder,
            modules=modules,
            requirements=tuple(requirements),
            urls=tuple(project.get("urls", {}).values()),
        )


@dataclass(frozen=True)
class Workspace:
    root: Path
    packages: dict[str, Package]

    @classmethod
    def load(cls, root: Path) -> Workspace:
        root = root.resolve()
        data = _toml(root / "pyproject.toml")
        workspace = data.get("tool", {}).get("uv", {}).get("workspace")
        if workspace is None:
            raise ReleaseError(f"{root / 'pyproject.toml'} has no [tool.uv.workspace]")
        excluded = {path for glob in workspace.get("exclude", []) for path in root.glob(glob)}
        folders = sorted(
            path
            for glob in workspace.get("members", [])
            for path in root.glob(glob)
            if path not in excluded and (path / "pyproject.toml").is_file()
        )
        packages = [Package.read(folder) for folder in folders]
        return cls(root=root, packages={normalize(p.name): p for p in packages})

    def get(self, name: str) -> Package:
        try:
            return self.packages[normalize(name)]
        except KeyError:
            known = ", ".join(p.name for p in self.packages.values())
            raise ReleaseError(
                f"no package {name!r} in the workspace; there are: {known}"
            ) from None

    def dependents(self, name: str) -> list[tuple[Package, Requirement]]:
        """Each (package, requirement) of another member that requires `name`."""
        found = []
        for package in self.packages.values():
            for text in package.requirements:
                # Only our siblings' ranges must be readable; third-party ones may be anything.
                if normalize(requirement_name(text)) == normalize(name):
                    found.append((package, Requirement.parse(text)))
        return found

    def range_problems(self) -> list[str]:
        """Sibling requirements whose range excludes the sibling's version in the workspace.

        uv installs workspace members whatever the range says, so only this check sees it.
        """
        problems = []
        for sibling in self.packages.values():
            for package, requirement in self.dependents(sibling.name):
                if requirement.clauses and not requirement.admits(sibling.parsed_version):
                    problems.append(
                        f"{package.name} requires {requirement.text!r}, "
                        f"but the workspace has {sibling.name} {sibling.version}"
                    )
        return problems


def _toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as file:
            data: dict[str, Any] = tomllib.load(file)
            return data
    except FileNotFoundError:
        raise ReleaseError(f"{path} not found") from None
