"""`services()`: the app's service map, read from SSM once per process."""

from __future__ import annotations

# `_thread` is what `threading` wraps; importing `threading` costs a few milliseconds.
import _thread

from arc_core import clear_caches, fingerprint, process_cache, stack_name

# `typing` costs milliseconds to import; type checkers treat any TYPE_CHECKING as True.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    ServiceMap = dict[str, Any]
else:
    ServiceMap = dict

__all__ = ["ServiceMap", "clear_cache", "services"]

_lock = _thread.allocate_lock()
# The service map per environment (see arc_core's caches); callers get copies.
_maps: dict[tuple[str | None, ...], ServiceMap] = process_cache()


def services() -> ServiceMap:
    """Return this app's service map, as Node's `arc.services()` does.

    Every SSM parameter under `/<stack>` becomes a nested entry: `/<stack>/tables/notes`
    is `services()["tables"]["notes"]`, and deeper paths nest further
    (`/<stack>/a/b/c` is `["a"]["b"]["c"]`). Values are returned as SSM gives them. The
    stack is `ARC_STACK_NAME`, else the logical ID of `<ARC_APP_NAME>-<ARC_ENV>` (app
    `arc-app` locally). Locally the sandbox answers at `http://localhost:<_arc>/_arc/ssm`.

    The map is fetched once per process and environment (every page of
    `GetParametersByPath`) and cached; each call returns a copy (plain dicts, ready for
    JSON), so changing it changes nothing for the next caller.

    Raises `ConfigError` on AWS without `ARC_STACK_NAME` or `ARC_APP_NAME`, and
    `ServiceError` when SSM (or the sandbox) cannot be reached or refuses.

    >>> services()["tables"]["notes"]  # doctest: +SKIP
    'myapp-staging-notes'
    """
    key = fingerprint()
    found = _maps.get(key)
    if found is None:
        with _lock:
            found = _maps.get(key)
            if found is None:
                found = _maps[key] = _fetch(stack_name())
    copied: ServiceMap = _copy(found)
    return copied


def _copy(value: Any) -> Any:
    """A copy of a service map's nested dicts and lists (SSM's leaves are strings)."""
    if type(value) is dict:
        return {key: _copy(member) for key, member in value.items()}
    if type(value) is list:
        return [_copy(member) for member in value]
    return value


def clear_cache() -> None:
    """Forget every per-process cache, the service map included (`arc_core.clear_caches`)."""
    clear_caches()


def _fetch(stack: str) -> ServiceMap:
    from arc_core import aws_call

    path = f"/{stack}"
    action = f"reading the service map under {path} from SSM"
    parameters: list[dict[str, Any]] = []
    request: dict[str, Any] = {"Path": path, "Recursive": True}
    # A page may be empty and still carry a NextToken: only its absence ends the map.
    while True:
        page = aws_call("ssm", "GetParametersByPath", request, action=action)
        parameters.extend(page.get("Parameters", []))
        token = page.get("NextToken")
        if not token:
            break
        request["NextToken"] = token
    return _nest(path, parameters)


def _nest(path: str, parameters: list[dict[str, Any]]) -> ServiceMap:
    tree: ServiceMap = {}
    prefix = path.rstrip("/") + "/"
    # Shallower names first: where `/S/a` and `/S/a/b` both exist, the branch `a` wins.
    for parameter in sorted(parameters, key=lambda p: str(p["Name"]).count("/")):
        name = str(parameter["Name"])
        if not name.startswith(prefix):
            continue
        *branches, leaf = name[len(prefix) :].split("/")
        node = tree
        for branch in branches:
            child = node.get(branch)
            if not isinstance(child, dict):
                child = node[branch] = {}
            node = child
        node[leaf] = parameter.get("Value")
    return tree
