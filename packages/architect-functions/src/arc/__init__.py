"""arc: the Architect runtime library for Python, one name for every arc-* package.

`arc.http`, `arc.events`, `arc.queues`, `arc.tables` and `arc.ws` are the very modules
`arc_http`, `arc_events`, ... imported on first touch, so `import arc` costs next to
nothing on a cold Lambda. The import forms of 1.0.0 keep working and reach the same
module objects: `import arc.http`, `from arc.http import res`, `from arc import events`.
"""

from __future__ import annotations

import sys

import arc_core as _arc_core  # noqa: F401  (checks ARC_ENV and the sandbox version on import)

# `typing` and `importlib.abc` cost milliseconds; type checkers treat any TYPE_CHECKING as True.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence
    from importlib.abc import Loader as _Loader
    from importlib.machinery import ModuleSpec
    from types import ModuleType
    from typing import Any

    from arc_http import static as static
    from arc_services import ServiceMap

    from . import events as events
    from . import http as http
    from . import queues as queues
    from . import tables as tables
    from . import ws as ws
else:
    _Loader = object
    # importlib.machinery.ModuleSpec, without importing importlib (about 0.4 ms).
    ModuleSpec = type(sys.__spec__)

__all__ = ["events", "http", "queues", "services", "static", "tables", "ws"]

# Each feature of `arc` and the distribution that provides its module.
_FEATURES = {
    "http": "arc-http",
    "events": "arc-events",
    "queues": "arc-queues",
    "tables": "arc-tables",
    "ws": "arc-ws",
}


def _import(name: str) -> ModuleType:
    __import__(name)
    return sys.modules[name]


def _feature_module(feature: str) -> ModuleType:
    try:
        return _import(f"arc_{feature}")
    except ModuleNotFoundError as err:
        if err.name != f"arc_{feature}":
            raise
        raise ModuleNotFoundError(
            f"arc.{feature} needs the {_FEATURES[feature]} package: "
            f"pip install {_FEATURES[feature]} (or the whole architect-functions)",
            name=err.name,
        ) from err


def services() -> ServiceMap:
    """This app's service map from SSM; see `arc_services.services`."""
    from arc_services import services as read_services

    return read_services()


def __getattr__(name: str) -> Any:
    if name in _FEATURES:
        module = _feature_module(name)
        globals()[name] = module
        return module
    if name == "static":
        value = _feature_module("http").static
        globals()[name] = value
        return value
    raise AttributeError(f"module 'arc' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)


class _Alias(_Loader):
    """Loads `arc.<feature>[.sub]` as the module `arc_<feature>[.sub]` itself, not a copy."""

    def __init__(self, target: str) -> None:
        self.target = target
        self.own_spec: ModuleSpec | None = None

    def create_module(self, spec: ModuleSpec) -> ModuleType:
        if "." in self.target:
            module = _import(self.target)
        else:
            module = _feature_module(self.target.removeprefix("arc_"))
        self.own_spec = module.__spec__
        return module

    def exec_module(self, module: ModuleType) -> None:
        # The import system has just pointed `__spec__` at `arc.<feature>`: give the
        # module its own back, so it stays the one, unchanged `arc_<feature>`.
        module.__spec__ = self.own_spec


class _AliasFinder:
    """Maps the 1.0.0 module paths `arc.http`, `arc.tables`, ... onto `arc_http`, ..."""

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> ModuleSpec | None:
        parts = fullname.split(".")
        if len(parts) < 2 or parts[0] != "arc" or parts[1] not in _FEATURES:
            return None
        return ModuleSpec(fullname, _Alias(".".join([f"arc_{parts[1]}", *parts[2:]])))


if not any(isinstance(finder, _AliasFinder) for finder in sys.meta_path):
    sys.meta_path.insert(0, _AliasFinder())
