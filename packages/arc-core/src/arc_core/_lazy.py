"""Lazy package attributes (PEP 562), the one way every arc package keeps its import cheap."""

from __future__ import annotations

import sys

# `typing` costs milliseconds to import; type checkers treat any TYPE_CHECKING as True.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

__all__ = ["lazy_attributes"]


def lazy_attributes(
    package: str, where: Mapping[str, str]
) -> tuple[Callable[[str], object], Callable[[], list[str]]]:
    """Return a module `__getattr__` and `__dir__` that import each name on first touch.

    `where` maps each public name to the module that defines it: `"._json"` is a
    submodule of `package`, `"arc_events._batch"` an absolute module name, and a public
    submodule (`"csrf": ".csrf"`) maps to the module itself. The first
    access imports that submodule and stores the value in the package, so later accesses
    are plain attribute reads. List the same names under `if TYPE_CHECKING:` imports for
    type checkers, and in `__all__`.

    >>> __getattr__, __dir__ = lazy_attributes(__name__, {"dumps": "._json"})  # doctest: +SKIP
    """
    namespace = sys.modules[package].__dict__

    def __getattr__(name: str) -> object:
        module = where.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        absolute = package + module if module.startswith(".") else module
        found = __import__(absolute, fromlist=[name])
        value = found if absolute == f"{package}.{name}" else getattr(found, name)
        namespace[name] = value
        return value

    def __dir__() -> list[str]:
        return sorted(namespace.get("__all__", where))

    return __getattr__, __dir__
