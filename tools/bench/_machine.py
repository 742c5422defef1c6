"""What the figures were measured on: CPU, cores, load, OS and Python."""

from __future__ import annotations

import os
import platform
import subprocess
from collections.abc import Mapping
from pathlib import Path

__all__ = ["installed_versions", "machine"]


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def machine() -> dict[str, str | int]:
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else -1.0
    return {
        "cpu": _cpu_model(),
        "nproc": os.cpu_count() or 0,
        "load": f"{load:.2f}",
        "os": f"{platform.system()} {platform.release()} {platform.machine()}",
        "python": platform.python_version(),
    }


_VERSIONS = """
import importlib.metadata as m, json, sys
found = {}
for name in sys.argv[1:]:
    try:
        found[name] = m.version(name)
    except m.PackageNotFoundError:
        pass
print(json.dumps(found))
"""


def installed_versions(pythons: Mapping[str, Path], names: tuple[str, ...]) -> dict[str, str]:
    """`{"<subject> <dist>": version}` for the named distributions each venv has."""
    import json

    found: dict[str, str] = {}
    for subject, python in pythons.items():
        done = subprocess.run(
            [str(python), "-c", _VERSIONS, *names],
            capture_output=True,
            text=True,
            check=True,
        )
        for name, version in json.loads(done.stdout).items():
            found[f"{name} ({subject})"] = version
    return found
