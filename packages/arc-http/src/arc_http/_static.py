"""`static`: the URL path of a file in the app's static folder, fingerprint included."""

from __future__ import annotations

# `_thread` is what `threading` wraps; importing `threading` costs a few milliseconds.
import _thread
import os
from typing import Any

from arc_core import ConfigError, arc_env, process_cache

__all__ = ["MANIFEST_PATHS", "static"]

# Where Architect's hydrate puts public/static.json for a function, relative to its
# folder: vendor/shared for Python (and Ruby), node_modules/@architect/shared for Node
# (architect/hydrate src/shared/copy-static-json.js). The first that exists is read.
MANIFEST_PATHS = (
    os.path.join("vendor", "shared", "static.json"),
    os.path.join("node_modules", "@architect", "shared", "static.json"),
)

_lock = _thread.allocate_lock()
# Parsed manifests by path, with the (mtime, size) they were read at.
_manifests: dict[str, tuple[tuple[int, int], dict[str, Any]]] = process_cache()


def static(asset: str, stage_path: bool = False) -> str:
    """Return the path to serve `asset` from: `/_static/<asset>`, fingerprinted when deployed.

    Deployed (`ARC_ENV` staging or production, no `ARC_LOCAL`), the name comes from the
    static.json manifest Architect writes when `@static fingerprint true`: `app.css`
    becomes `/_static/app-7f3a9c.css`. Assets missing from the manifest, and every asset
    locally, keep their name. `stage_path=True` adds the REST API stage in front when
    deployed (`/staging/_static/...`). `/` gives `/_static/`. Raises `ConfigError` when
    the manifest is not a JSON object.

    >>> static("/app.css")  # locally
    '/_static/app.css'
    """
    env = arc_env()
    key = asset[1:] if asset.startswith("/") else asset
    is_index = asset == "/"
    local = env == "testing" or bool(os.environ.get("ARC_LOCAL"))
    prefix = f"/{env}/_static" if stage_path and not local else "/_static"
    if not local and not is_index:
        manifest = _manifest()
        if manifest is not None:
            fingerprinted = manifest.get(key)
            if isinstance(fingerprinted, str) and fingerprinted:
                return f"{prefix}/{fingerprinted}"
            return f"{prefix}/{key}"
    return f"{prefix}/{'' if is_index else key}"


def _manifest() -> dict[str, Any] | None:
    root = os.environ.get("LAMBDA_TASK_ROOT") or os.getcwd()
    for relative in MANIFEST_PATHS:
        path = os.path.join(root, relative)
        try:
            info = os.stat(path)
        except OSError:
            continue
        stamp = (info.st_mtime_ns, info.st_size)
        with _lock:
            cached = _manifests.get(path)
            if cached is None or cached[0] != stamp:
                cached = _manifests[path] = (stamp, _read(path))
        return cached[1]
    return None


def _read(path: str) -> dict[str, Any]:
    import json

    try:
        with open(path, encoding="utf-8") as file:
            manifest = json.load(file)
    except (OSError, ValueError) as err:
        raise ConfigError(
            f"cannot read the static manifest {path}: {err}; redeploy or fix it"
        ) from err
    if not isinstance(manifest, dict):
        raise ConfigError(f"the static manifest {path} is not a JSON object; redeploy or fix it")
    return manifest
