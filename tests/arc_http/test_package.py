"""The public surface of arc_http: lazy to import, complete, and the same under `arc.http`."""

from __future__ import annotations

import inspect
from types import ModuleType

import pytest

import arc_http
from tests.fresh_python import run_python

# Modules `import arc_http` must not load: each costs milliseconds on a cold Lambda.
HEAVY = (
    "asyncio",
    "base64",
    "boto3",
    "brotli",
    "cryptography",
    "gzip",
    "hashlib",
    "itsdangerous",
    "json",
    "re",
    "urllib.parse",
    "zlib",
    "arc_services",
    "arc_http._response",
    "arc_http._sessions._jwe",
)


def test_import_loads_nothing_heavy() -> None:
    code = f"""
        import sys
        before = set(sys.modules)
        import arc_http
        new = set(sys.modules) - before
        print(sorted(name for name in {HEAVY!r} if name in new))
        """
    assert run_python(code) == "[]"


@pytest.mark.parametrize("name", arc_http.__all__)
def test_every_public_name_resolves(name: str) -> None:
    assert getattr(arc_http, name) is not None


def test_dir_lists_the_public_names() -> None:
    assert dir(arc_http) == sorted(arc_http.__all__)


def test_an_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        _ = arc_http.nope  # type: ignore[attr-defined]


def test_the_1_0_0_names_and_nodes_helpers_are_there() -> None:
    for name in ("res", "parse_body", "session_read", "session_write", "handler", "static"):
        assert inspect.isfunction(getattr(arc_http, name)), name
    assert isinstance(arc_http.helpers, ModuleType)
    assert isinstance(arc_http.csrf, ModuleType)
    assert callable(arc_http.helpers.interpolate)
    assert callable(arc_http.helpers.url)
    assert callable(arc_http.csrf.create)
    assert callable(arc_http.csrf.verify)


def test_arc_http_is_the_same_module() -> None:
    import arc
    import arc.http
    from arc.http import res
    from arc.http.helpers import parse_body

    assert arc.http is arc_http
    assert res is arc_http.res
    assert parse_body is arc_http.parse_body
    assert arc.static is arc_http.static


def test_the_request_and_response_errors_are_arc_cores() -> None:
    from arc_core import ArcError, InvalidRequestError, ResponseError

    assert arc_http.InvalidRequestError is InvalidRequestError
    assert arc_http.ResponseError is ResponseError
    assert issubclass(arc_http.ResponseError, ArcError)
    assert issubclass(arc_http.ResponseError, ValueError)
    assert arc_http.ResponseError.__module__ == "arc_core"
