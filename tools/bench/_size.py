"""The Lambda zip each install makes: `pip install --target`, zipped, runtime packages out.

Architect vendors a function's requirements with `pip install --target` and zips the
folder. What the Lambda Python runtime already has (boto3 and its dependencies) is left
out, since a function never needs to ship it. Bytecode is compiled, as pip does by
default, and the zip uses zipfile's default deflate level.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

__all__ = ["RUNTIME_DISTS", "lambda_zip"]

# What the AWS Lambda Python runtime ships next to the interpreter.
RUNTIME_DISTS = frozenset(
    {"boto3", "botocore", "s3transfer", "jmespath", "urllib3", "python-dateutil", "six"}
)


# Files uv writes that pip does not: its target lock and its cache note per distribution.
UV_ONLY = frozenset({".lock", "uv_cache.json"})


def _dist_name(dist_info: Path) -> str:
    for line in (dist_info / "METADATA").read_text(errors="replace").splitlines():
        if line.startswith("Name:"):
            return re.sub(r"[-_.]+", "-", line.split(":", 1)[1].strip()).lower()
    return dist_info.name


def _owners(target: Path) -> dict[str, str]:
    """Top-level names (`arc_http`, `six.py`, `x.dist-info`) to the distribution owning them."""
    owners: dict[str, str] = {}
    for dist_info in target.glob("*.dist-info"):
        name = _dist_name(dist_info)
        owners[dist_info.name] = name
        record = dist_info / "RECORD"
        for line in record.read_text().splitlines() if record.exists() else []:
            top = line.split(",", 1)[0].split("/", 1)[0]
            if top and top not in ("..", "__pycache__"):
                owners.setdefault(top, name)
    return owners


def _owner(relative: Path, owners: dict[str, str]) -> str:
    parts = relative.parts
    if parts[0] == "__pycache__" and len(parts) > 1:
        # A single-file module's bytecode: `__pycache__/six.cpython-311.pyc` is six.py's.
        return owners.get(parts[1].split(".", 1)[0] + ".py", "other")
    return owners.get(parts[0], "other")


def _dists(target: Path) -> list[str]:
    found = []
    for dist_info in sorted(target.glob("*.dist-info")):
        version = dist_info.name.removesuffix(".dist-info").rsplit("-", 1)[-1]
        found.append(f"{_dist_name(dist_info)}=={version}")
    return found


def lambda_zip(requirements: Sequence[str], workdir: Path) -> dict[str, Any]:
    """Install `requirements` into a fresh folder under `workdir` and zip it.

    Returns the zip's size (bytes and KB, 1 KB = 1000 bytes, as PyPI and AWS count),
    the unzipped size, the file count and the distributions it holds. Raises
    `CalledProcessError` when the install fails.
    """
    shutil.rmtree(workdir, ignore_errors=True)
    workdir.mkdir(parents=True)
    subprocess.run(
        [
            "uv",
            "pip",
            "install",
            "--quiet",
            "--compile-bytecode",
            "--python",
            sys.executable,
            "--target",
            str(workdir),
            *requirements,
        ],
        check=True,
    )
    owners = _owners(workdir)
    dists = [d for d in _dists(workdir) if d.split("==")[0] not in RUNTIME_DISTS]
    files = []
    for path in sorted(p for p in workdir.rglob("*") if p.is_file()):
        if path.name in UV_ONLY:
            continue
        owner = _owner(path.relative_to(workdir), owners)
        if owner not in RUNTIME_DISTS:
            files.append((path, owner))
    buffer = io.BytesIO()
    by_dist: dict[str, int] = {}
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path, owner in files:
            archive.write(path, path.relative_to(workdir).as_posix())
            packed = archive.infolist()[-1].compress_size
            by_dist[owner] = by_dist.get(owner, 0) + packed
    unzipped = sum(p.stat().st_size for p, _ in files)
    size = len(buffer.getvalue())
    # The same zip without bytecode, as `pip install --no-compile` would give it.
    lean = io.BytesIO()
    with zipfile.ZipFile(lean, "w", zipfile.ZIP_DEFLATED) as archive:
        for path, _ in files:
            if "__pycache__" not in path.parts:
                archive.write(path, path.relative_to(workdir).as_posix())
    result = {
        "zip_bytes": size,
        "zip_kb": size / 1000,
        "zip_kb_no_bytecode": len(lean.getvalue()) / 1000,
        "unzipped_kb": unzipped / 1000,
        "files": len(files),
        "dists": dists,
        # Compressed bytes of each distribution's files (zip headers not counted).
        "zip_kb_by_dist": {k: v / 1000 for k, v in sorted(by_dist.items(), key=lambda i: -i[1])},
    }
    shutil.rmtree(workdir, ignore_errors=True)
    return result
