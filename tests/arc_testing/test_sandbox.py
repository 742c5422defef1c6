"""Sandbox: the real @architect/sandbox started, waited for and stopped by its process group."""

from __future__ import annotations

import dataclasses
import json
import os
import sys
from pathlib import Path

import pytest

from arc_testing._sandbox import Sandbox, SandboxError, SandboxSettings, app_name, find_sandbox


def alive_in_group(group: int) -> list[str]:
    """The processes of a process group that still run (zombies have ended: not listed)."""
    alive = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # ended while we looked
        state, pgid = fields[0], int(fields[2])
        if pgid == group and state != "Z":
            alive.append(stat.parent.name)
    return alive


def gone(group: int) -> bool:
    """True when nothing of the process group `group` runs any more."""
    try:
        os.killpg(group, 0)
    except ProcessLookupError:
        return True
    # Children the sandbox left are reparented to init, which reaps them in its own time.
    return not alive_in_group(group)


def test_a_sandbox_starts_serves_and_stops_with_everything_it_spawned(
    tiny_app: Path, sandbox_modules: Path, tmp_path: Path
) -> None:
    sandbox = Sandbox(SandboxSettings(app=tiny_app, sandbox=sandbox_modules), tmp_path / "log")
    with sandbox:
        pid = sandbox.pid
        assert pid is not None
        reply = sandbox.http("GET", "/hello")
        assert reply.status == 200
        assert reply.json()["env"] == "testing"
        assert "Local environment ready!" in sandbox.output()
        assert repr(sandbox) == f"<Sandbox tiny {sandbox.url} pid {pid}>"
        assert running_in(tiny_app) != []
    assert sandbox.pid is None
    assert gone(pid)
    assert running_in(tiny_app) == []
    sandbox.stop()  # a second stop does nothing


def test_handlers_run_with_the_python_of_the_settings_even_without_a_python3_beside_it(
    tiny_app: Path, sandbox_modules: Path, tmp_path: Path
) -> None:
    own = tmp_path / "bin" / "my-python"
    own.parent.mkdir()
    own.symlink_to(sys.executable)
    settings = SandboxSettings(app=tiny_app, sandbox=sandbox_modules, python=own)
    with Sandbox(settings, tmp_path / "log") as sandbox:
        assert sandbox.http("GET", "/hello").json()["python"] == str(own)


@pytest.mark.parametrize(("isolated", "seen"), [(False, "developer"), (True, None)])
def test_an_isolated_sandbox_keeps_the_tests_aws_and_python_settings_out(
    tiny_app: Path,
    sandbox_modules: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    isolated: bool,
    seen: str | None,
) -> None:
    monkeypatch.setenv("AWS_PROFILE", "developer")
    settings = SandboxSettings(app=tiny_app, sandbox=sandbox_modules, isolated=isolated)
    with Sandbox(settings, tmp_path / "log") as sandbox:
        assert sandbox.http("GET", "/hello").json()["profile"] == seen


def test_a_sandbox_that_exits_while_starting_raises_with_its_output(
    tiny_app: Path, sandbox_modules: Path, tmp_path: Path
) -> None:
    # A requirement pip cannot find without an index: the sandbox's hydration fails.
    (tiny_app / "src" / "http" / "get-hello" / "requirements.txt").write_text("no-such-pkg\n")
    settings = SandboxSettings(
        app=tiny_app, sandbox=sandbox_modules, env={"PIP_NO_INDEX": "1"}, timeout=60
    )
    sandbox = Sandbox(settings, tmp_path / "log")
    with pytest.raises(SandboxError, match=r"(?s)exited while starting.*no-such-pkg"):
        sandbox.start()
    assert sandbox.pid is None
    assert running_in(tiny_app) == []


def running_in(folder: Path) -> list[str]:
    """The processes (not zombies) whose current folder is `folder` or inside it."""
    found = []
    for cwd in Path("/proc").glob("[0-9]*/cwd"):
        try:
            where = cwd.resolve(strict=True)
            state = (cwd.parent / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue  # ended while we looked, or not ours to see
        if state != "Z" and where.is_relative_to(folder.resolve()):
            found.append(cwd.parent.name)
    return found


def test_a_sandbox_not_ready_in_time_is_stopped(
    tiny_app: Path, sandbox_modules: Path, tmp_path: Path
) -> None:
    settings = SandboxSettings(app=tiny_app, sandbox=sandbox_modules, timeout=0.01)
    sandbox = Sandbox(settings, tmp_path / "log")
    with pytest.raises(SandboxError, match=r"was not ready in 0.01 s"):
        sandbox.start()
    assert sandbox.pid is None
    # The sandbox runs in the app's folder: nothing runs there any more.
    assert running_in(tiny_app) == []


def test_environ_is_what_a_handler_in_this_sandbox_finds(
    tiny_app: Path, sandbox_modules: Path
) -> None:
    sandbox = Sandbox(SandboxSettings(app=tiny_app, sandbox=sandbox_modules, api="rest"))
    environ = sandbox.environ
    config = json.loads(environ["ARC_SANDBOX"])
    assert config["ports"] == dict(sandbox.ports)
    assert config["apiType"] == "rest"
    assert config["version"] == "8.0.0"
    assert environ["ARC_APP_NAME"] == "tiny"
    assert environ["ARC_ENV"] == "testing"
    assert len(set(sandbox.ports.values())) == 4


def test_the_sandbox_is_found_in_the_apps_node_modules_or_above(
    tmp_path: Path, sandbox_modules: Path
) -> None:
    project = tmp_path / "project"
    app = project / "apps" / "one"
    app.mkdir(parents=True)
    (project / "node_modules").symlink_to(sandbox_modules)
    package = find_sandbox(app)
    assert package == project / "node_modules" / "@architect" / "sandbox"
    # Given as the package, as node_modules, as the project, or as its CLI script.
    for given in (package, project / "node_modules", project, package / "src" / "cli" / "cli.js"):
        assert find_sandbox(tmp_path, given).resolve() == package.resolve()


def test_an_architect_install_holds_a_sandbox_too(tmp_path: Path, sandbox_modules: Path) -> None:
    nested = tmp_path / "node_modules" / "@architect" / "architect" / "node_modules"
    nested.mkdir(parents=True)
    (nested / "@architect").symlink_to(sandbox_modules / "@architect")
    assert find_sandbox(tmp_path).name == "sandbox"


def test_without_a_sandbox_the_error_says_what_to_install(tmp_path: Path) -> None:
    with pytest.raises(SandboxError, match="npm install --save-dev @architect/sandbox"):
        find_sandbox(tmp_path)


def test_a_node_older_than_the_sandbox_needs_is_named(
    tiny_app: Path, sandbox_modules: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    old_node = tmp_path / "old-node" / "node"
    old_node.parent.mkdir()
    old_node.write_text("#!/bin/sh\necho v18.20.0\n")
    old_node.chmod(0o755)
    monkeypatch.setenv("PATH", f"{old_node.parent}{os.pathsep}{os.environ['PATH']}")
    with pytest.raises(SandboxError, match=r"needs Node.js >=20, and `node` is v18.20.0"):
        Sandbox(SandboxSettings(app=tiny_app, sandbox=sandbox_modules))


def test_the_app_name_is_read_from_app_arc(tmp_path: Path) -> None:
    (tmp_path / "app.arc").write_text("# my app\n@app\n  shop   # the name\n@http\nget /\n")
    assert app_name(tmp_path) == "shop"
    (tmp_path / "app.arc").write_text("@http\nget /\n")
    with pytest.raises(SandboxError, match="has no @app name"):
        app_name(tmp_path)
    with pytest.raises(SandboxError, match=r"no app\.arc in"):
        app_name(tmp_path / "elsewhere")


def test_the_http_client_of_a_sandbox_takes_no_route(tiny_app: Path, sandbox_modules: Path) -> None:
    sandbox = Sandbox(SandboxSettings(app=tiny_app, sandbox=sandbox_modules))
    with pytest.raises(TypeError, match="route is for in-process Clients"):
        sandbox.client().get("/hello/1", route="/hello/:id")
    with pytest.raises(TypeError, match="give one of body, json and form, not body and json"):
        sandbox.http("POST", "/hello", body="a", json={})


def test_settings_are_a_frozen_dataclass_to_replace() -> None:
    settings = SandboxSettings(app=Path("app"))
    assert settings.python == Path(sys.executable)
    assert dataclasses.replace(settings, api="rest").api == "rest"
    with pytest.raises(dataclasses.FrozenInstanceError):
        settings.api = "rest"  # type: ignore[misc]
