"""The pytest plugin of arc-testing (entry point `pytest11`): options and fixtures.

Loaded by pytest wherever arc-testing is installed; it adds fixtures and the
`--arc-app` / `--arc-sandbox` options and changes nothing else.

- `arc_env`: `ARC_ENV=testing`, a random `ARC_APP_SECRET`, every cache of the library
  cleared before and after, and the environment put back as it was after the test
  (handlers that set variables included).
- `arc_client`: `arc_client(handler, api="http", context=None)` makes a `Client`; the
  clients of one test share one cookie jar, like the tabs of one browser.
- `arc_published`: a `Recorded` of what the test published and sent (`recorder()`).
- `arc_sandbox`: the real Architect sandbox running the app, once per session.
- `arc_sandbox_env`: `arc_env`, plus what makes in-process handlers use that sandbox's
  tables, events bus and WebSockets.
- `arc_sandbox_settings`: how `arc_sandbox` starts it; override it in a conftest.py.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Protocol

import pytest

from ._client import Client, Handler
from ._cookies import Cookies
from ._events_http import Api
from ._recorder import Recorded, recorder
from ._sandbox import SANDBOX_VARIABLE, Sandbox, SandboxError, SandboxSettings

__all__ = ["ClientFactory", "Sandbox", "SandboxError", "SandboxSettings"]

# Lines of the sandbox's output shown under a failed test that used it.
SANDBOX_OUTPUT_LINES = 40


class ClientFactory(Protocol):
    """The `arc_client` fixture: makes a `Client` that shares the test's cookie jar."""

    def __call__(
        self, handler: Handler | str | os.PathLike[str], *, api: Api = ..., context: Any = ...
    ) -> Client: ...


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("arc", "arc-testing")
    group.addoption(
        "--arc-app",
        metavar="DIR",
        default=None,
        help="the Architect app (the folder with app.arc) that arc_sandbox starts; "
        "default: the arc_app ini option, else the rootdir",
    )
    group.addoption(
        "--arc-sandbox",
        metavar="PATH",
        default=None,
        help="where @architect/sandbox is installed (its folder, or a node_modules holding "
        f"it); default: ${SANDBOX_VARIABLE}, the arc_sandbox ini option, else the app's "
        "node_modules",
    )
    parser.addini("arc_app", "the Architect app arc_sandbox starts (see --arc-app)", "paths")
    parser.addini(
        "arc_sandbox", "where @architect/sandbox is installed (see --arc-sandbox)", "paths"
    )


def _setting(config: pytest.Config, option: str, ini: str) -> Path | None:
    """A path from the command line (relative to the current folder) or the ini file."""
    given = config.getoption(option)
    if given:
        return Path(given).resolve()
    if ini == "arc_sandbox" and os.environ.get(SANDBOX_VARIABLE):
        return Path(os.environ[SANDBOX_VARIABLE]).resolve()
    paths = config.getini(ini)
    return Path(paths[0]) if paths else None


@pytest.fixture
def arc_env() -> Iterator[dict[str, str]]:
    """`ARC_ENV=testing` and a random `ARC_APP_SECRET`, with every cache of the library
    cleared before and after; after the test the environment is put back as it was
    (what handlers set with `os.environ` included). Yields the variables it set."""
    from arc_core import clear_caches

    saved = dict(os.environ)
    values = {"ARC_ENV": "testing", "ARC_APP_SECRET": secrets.token_urlsafe(32)}
    os.environ.update(values)
    clear_caches()
    try:
        yield values
    finally:
        for name in [name for name in os.environ if name not in saved]:
            del os.environ[name]
        for name, value in saved.items():
            if os.environ.get(name) != value:
                os.environ[name] = value
        clear_caches()


@pytest.fixture
def arc_client(arc_env: dict[str, str]) -> ClientFactory:
    """Make `Client`s: `arc_client(handler, api="http", context=None)`.

    `handler` is a function or the path of a function's folder. The clients made in
    one test share one cookie jar, as the tabs of a browser do, so a session started by
    one handler goes on in the next. Uses `arc_env`.
    """
    jar = Cookies()

    def make(
        handler: Handler | str | os.PathLike[str], *, api: Api = "http", context: Any = None
    ) -> Client:
        return Client(handler, api=api, context=context, cookies=jar)

    return make


@pytest.fixture
def arc_published() -> Iterator[Recorded]:
    """What the test publishes with `arc.events` / `arc.queues` and sends with `arc.ws`,
    recorded instead of sent (`arc_testing.recorder()`)."""
    with recorder() as recorded:
        yield recorded


@pytest.fixture(scope="session")
def arc_sandbox_settings(pytestconfig: pytest.Config) -> SandboxSettings:
    """How `arc_sandbox` starts the sandbox: the app from `--arc-app` / the `arc_app` ini
    option / the rootdir, the sandbox from `--arc-sandbox` / `$ARC_TESTING_SANDBOX` / the
    `arc_sandbox` ini option / the app's node_modules. Override this fixture in a
    conftest.py to change anything else (`dataclasses.replace(arc_sandbox_settings, ...)`).
    """
    app = _setting(pytestconfig, "--arc-app", "arc_app") or pytestconfig.rootpath
    return SandboxSettings(app=app, sandbox=_setting(pytestconfig, "--arc-sandbox", "arc_sandbox"))


@pytest.fixture(scope="session")
def arc_sandbox(
    arc_sandbox_settings: SandboxSettings, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Sandbox]:
    """The real Architect sandbox running the app on free ports of 127.0.0.1, once per
    test session: `.url`, `.ws_url`, `.ports`, `.http(...)`, `.client()`, `.environ`.

    Fails the tests that use it, saying what to install, when Node.js or
    `@architect/sandbox` is missing, and with the sandbox's output when it does not
    start. Stopped (its whole process group) when the session ends.
    """
    log = tmp_path_factory.mktemp("arc-sandbox") / "sandbox.log"
    problem: str | None = None
    try:
        sandbox = Sandbox(arc_sandbox_settings, log).start()
    except SandboxError as err:
        problem = str(err)
    if problem is not None:  # failed outside the except block: one message, no chain
        pytest.fail(f"arc_sandbox: {problem}", pytrace=False)
    try:
        yield sandbox
    finally:
        sandbox.stop()


@pytest.fixture
def arc_sandbox_env(arc_sandbox: Sandbox, arc_env: dict[str, str]) -> dict[str, str]:
    """`arc_env`, plus the variables that make in-process handlers (a `Client`'s) use
    `arc_sandbox`'s tables, events bus and WebSockets. Returns the variables it set."""
    from arc_core import clear_caches

    values = {**arc_env, **arc_sandbox.environ}
    os.environ.update(values)
    clear_caches()
    return values


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    """Show the end of the sandbox's output under a failed test that used `arc_sandbox`."""
    report = yield
    sandbox = getattr(item, "funcargs", {}).get("arc_sandbox")
    if report.failed and isinstance(sandbox, Sandbox):
        tail = sandbox.output().splitlines()[-SANDBOX_OUTPUT_LINES:]
        report.sections.append(("arc sandbox output", "\n".join(tail)))
    return report
