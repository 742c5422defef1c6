"""The example app in the real sandbox, driven by the system's headless Chromium.

The sandbox starts once for the whole run (HTTP API mode), through the runner's own code
(tools.example). Each test gets a Chromium of its own, with a fresh profile, started
through the system's chromedriver (Debian's `chromium` and `chromium-driver`): nothing is
downloaded at test time, and every page comes from 127.0.0.1.
"""

from __future__ import annotations

import contextlib
import os
import signal
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service

from tools.example import Sandbox, copy_app, install_lambda_python, install_sandbox
from tools.example._install import REPO_ROOT

# Debian's packages `chromium` and `chromium-driver`; .ci/run installs them with apt-get.
CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
CHROMIUM_ARGUMENTS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--window-size=800,600",
)
# Where each page's screenshot goes: the run's output folder (git-ignored).
SCREENSHOTS = REPO_ROOT / "out" / "browser"
# Seconds for a page load: each request is a cold start of a function in the sandbox.
PAGE_LOAD_SECONDS = 60
# Seconds for Chromium's helpers to exit after it has quit, before they are killed.
EXIT_GRACE_SECONDS = 5.0

# Never Selenium Manager: both paths are given, and it must not reach the network anyway.
os.environ["SE_OFFLINE"] = "1"


@pytest.fixture(scope="session")
def chromium_installed() -> None:
    """Fail (never skip) when the system's Chromium or its driver is missing."""
    missing = [str(path) for path in (CHROMIUM, CHROMEDRIVER) if not path.exists()]
    if missing:
        pytest.fail(
            f"{', '.join(missing)} not found: run `apt-get install chromium chromium-driver`",
            pytrace=False,
        )


@pytest.fixture(scope="session")
def sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sandbox]:
    """The sandbox running a copy of the example app, in HTTP API mode."""
    workdir = tmp_path_factory.mktemp("sandbox-browser")
    python = install_lambda_python(workdir / "lambda-python")
    app = copy_app(workdir)
    running = Sandbox(install_sandbox(), python, app, "http", workdir / "sandbox.log")
    running.start()
    try:
        yield running
    finally:
        running.stop()


def _processes() -> dict[int, tuple[int, str, str]]:
    """Every live process's parent PID, start time (which tells a reused PID apart) and
    command line."""
    found = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, ValueError, IndexError):
            # The fields after `(name)`, which may hold spaces: state, parent, ..., start time.
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if fields[0] != "Z":  # a zombie has exited already
                command = (stat.parent / "cmdline").read_bytes().replace(b"\0", b" ")
                found[int(stat.parent.name)] = (int(fields[1]), fields[19], command.decode())
    return found


def _started_by(pid: int, marker: str) -> dict[int, str]:
    """chromedriver `pid`, every process under it (Chromium and its helpers), and every
    process whose command line holds `marker` (Chromium's crash handlers, which leave its
    tree for init's): their PIDs and start times."""
    processes = _processes()
    if pid not in processes:
        return {}
    ours = {p: started for p, (_, started, command) in processes.items() if marker in command}
    ours[pid] = processes[pid][1]
    pending = [pid]
    while pending:
        parent = pending.pop()
        for child, (ppid, started, _) in processes.items():
            if ppid == parent and child not in ours:
                ours[child] = started
                pending.append(child)
    return ours


def _left(started: dict[int, str]) -> list[int]:
    """Those of `started` still running: the same PID with the same start time."""
    now = _processes()
    return [pid for pid, start in started.items() if pid in now and now[pid][1] == start]


def _quit(driver: webdriver.Chrome, marker: str) -> None:
    """Close Chromium (it writes its cookies to the profile) and stop chromedriver; give
    their helpers a moment to exit, then kill, by PID, whatever of them is left."""
    process = driver.service.process
    # Only while chromedriver is not yet reaped is its PID surely still its own.
    alive = process is not None and process.poll() is None
    started = _started_by(process.pid, marker) if alive and process is not None else {}
    try:
        driver.quit()
    finally:
        deadline = time.monotonic() + EXIT_GRACE_SECONDS
        while _left(started) and time.monotonic() < deadline:
            time.sleep(0.1)
        for pid in _left(started):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)


class Chromiums:
    """Starts headless Chromiums on profile folders and quits them.

    A start on the folder of one that has quit is a browser restart with the same profile.
    """

    def __init__(self) -> None:
        self.running: list[tuple[webdriver.Chrome, str]] = []

    def start(self, profile: Path) -> webdriver.Chrome:
        options = webdriver.ChromeOptions()
        options.binary_location = str(CHROMIUM)
        for argument in (*CHROMIUM_ARGUMENTS, f"--user-data-dir={profile}"):
            options.add_argument(argument)
        # Chromium's own settings and crash reports go beside the profile, not to ~/.config;
        # the folder's name, in its crash handlers' command line, tells them apart.
        config = profile.with_name(f"{profile.name}-config")
        service = Service(str(CHROMEDRIVER), env={**os.environ, "XDG_CONFIG_HOME": str(config)})
        driver = webdriver.Chrome(options=options, service=service)
        self.running.append((driver, str(config)))
        driver.set_page_load_timeout(PAGE_LOAD_SECONDS)
        return driver

    def quit(self, driver: webdriver.Chrome) -> None:
        """Quit `driver`, one that `start` gave, and everything it started."""
        for index, (running, config) in enumerate(self.running):
            if running is driver:
                del self.running[index]
                _quit(driver, config)
                return
        raise ValueError("not a Chromium started here, or quit already")

    def quit_all(self) -> None:
        while self.running:
            self.quit(self.running[-1][0])


@pytest.fixture
def chromiums(chromium_installed: None) -> Iterator[Chromiums]:
    """Starts Chromiums for a test; every one still running is quit after it."""
    started = Chromiums()
    try:
        yield started
    finally:
        started.quit_all()


@pytest.fixture
def chromium(chromiums: Chromiums, tmp_path: Path) -> webdriver.Chrome:
    """A headless Chromium with a fresh profile: no cookies yet."""
    return chromiums.start(tmp_path / "profile")


@pytest.fixture(scope="session")
def screenshot() -> Callable[[webdriver.Chrome, str], Path]:
    """Saves the page a browser shows as `<name>.png` in the run's output folder."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def save(driver: webdriver.Chrome, name: str) -> Path:
        path = SCREENSHOTS / f"{name}.png"
        assert driver.save_screenshot(str(path)), f"no screenshot of {driver.current_url}"
        return path

    return save


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    report = yield
    driver = getattr(item, "funcargs", {}).get("chromium")
    if report.failed and isinstance(driver, webdriver.Chrome):
        with contextlib.suppress(Exception):  # the browser may be what failed
            page = f"{driver.current_url} ({driver.title})\n{driver.page_source[:2000]}"
            report.sections.append(("page in Chromium", page))
    return report
