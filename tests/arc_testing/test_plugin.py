"""The pytest plugin: its fixtures and options, run in pytest sessions of their own."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from tests.arc_testing.conftest import write_app

pytest_plugins = ["pytester"]


def test_the_plugin_is_registered_by_its_entry_point(pytester: pytest.Pytester) -> None:
    result = pytester.runpytest("--help")
    result.stdout.fnmatch_lines(["*--arc-app=DIR*", "*--arc-sandbox=PATH*", "*arc_app (paths)*"])
    pytester.makepyfile("def test_names(request):\n    print(request.fixturenames)\n")
    fixtures = pytester.runpytest("--fixtures")
    for name in ("arc_env", "arc_client", "arc_published", "arc_sandbox", "arc_sandbox_env"):
        fixtures.stdout.fnmatch_lines([f"{name}*"])


def test_arc_env_sets_testing_a_random_secret_and_puts_the_environment_back(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KEPT_BY_ARC_ENV", "before")
    pytester.makepyfile(
        """
        import os
        from arc_core import process_cache

        CACHE = process_cache()
        SECRETS = []

        def test_one(arc_env):
            assert os.environ["ARC_ENV"] == "testing"
            assert arc_env["ARC_APP_SECRET"] == os.environ["ARC_APP_SECRET"]
            assert len(arc_env["ARC_APP_SECRET"]) >= 32
            SECRETS.append(arc_env["ARC_APP_SECRET"])
            # What a handler might do to the environment, and to a cache.
            os.environ["ARC_SESSION_TABLE_NAME"] = "jwe"
            os.environ["KEPT_BY_ARC_ENV"] = "changed"
            del os.environ["HOME"]
            CACHE["filled"] = True

        def test_two(arc_env):
            assert "filled" not in CACHE
            assert arc_env["ARC_APP_SECRET"] not in SECRETS

        def test_after():
            assert "ARC_SESSION_TABLE_NAME" not in os.environ
            assert "ARC_APP_SECRET" not in os.environ
            assert os.environ["KEPT_BY_ARC_ENV"] == "before"
            assert "HOME" in os.environ
        """
    )
    monkeypatch.setenv("HOME", str(pytester.path))
    monkeypatch.delenv("ARC_ENV", raising=False)
    pytester.runpytest("-p", "no:randomly").assert_outcomes(passed=3)
    assert os.environ["KEPT_BY_ARC_ENV"] == "before"


def test_arc_client_makes_clients_that_share_one_cookie_jar(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        from arc_testing import Client

        def login(event, context):
            return {"statusCode": 200, "cookies": ["who=ada; Path=/"]}

        def whoami(event, context):
            return {"statusCode": 200, "body": ";".join(event.get("cookies") or [])}

        def test_one_browser(arc_client):
            assert isinstance(arc_client(login), Client)
            arc_client(login).post("/login")
            assert arc_client(whoami).get("/me").text == "who=ada"

        def test_a_new_test_a_new_browser(arc_client):
            assert arc_client(whoami).get("/me").text == ""

        def test_modes_and_context(arc_client):
            seen = []
            client = arc_client(lambda e, c: seen.append((e, c)), api="rest", context="ctx")
            client.invoke({"any": "event"})
            assert seen == [({"any": "event"}, "ctx")]
            assert client.api == "rest"
        """
    )
    pytester.runpytest().assert_outcomes(passed=3)


def test_arc_published_records_the_tests_publishes(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import arc_events, arc_queues, arc_ws

        def test_recorded(arc_published, monkeypatch):
            monkeypatch.setenv("ARC_ENV", "production")
            monkeypatch.setenv("ARC_WSS_URL", "wss://127.0.0.1:9/production")
            arc_events.publish("pings", {"id": 1})
            arc_queues.publish("jobs", [1, 2])
            arc_ws.send("c1", "hi")
            assert arc_published.events == {"pings": [{"id": 1}]}
            assert arc_published.queues["jobs"] == [[1, 2]]
            assert arc_published.ws["c1"] == ["hi"]

        def test_nothing_leaks_into_the_next_test(arc_published):
            assert arc_published.records == []
        """
    )
    pytester.runpytest().assert_outcomes(passed=2)


def test_arc_sandbox_fails_naming_what_to_install_when_the_sandbox_is_missing(
    pytester: pytest.Pytester,
) -> None:
    write_app(pytester.path)
    pytester.makepyfile(
        "def test_a(arc_sandbox):\n    pass\n\ndef test_b(arc_sandbox):\n    pass\n"
    )
    result = pytester.runpytest()
    result.assert_outcomes(errors=2)
    result.stdout.fnmatch_lines(
        ["*arc_sandbox: @architect/sandbox is not installed for the app in*"]
    )
    result.stdout.fnmatch_lines(["*npm install --save-dev @architect/sandbox*"])
    assert "Traceback" not in result.stdout.str()
    assert "During handling" not in result.stdout.str()


def test_arc_sandbox_fails_naming_node_when_node_is_missing(
    pytester: pytest.Pytester, sandbox_modules: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_app(pytester.path)
    pytester.makepyfile("def test_a(arc_sandbox):\n    pass\n")
    # A PATH with Python on it, and no node.
    monkeypatch.setenv("PATH", str(Path(sys.executable).parent))
    result = pytester.runpytest_subprocess(f"--arc-sandbox={sandbox_modules}")
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*Node.js is not installed (no `node` on PATH)*"])


def test_arc_sandbox_fails_when_the_path_given_holds_no_sandbox(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_app(pytester.path)
    pytester.makepyfile("def test_a(arc_sandbox):\n    pass\n")
    monkeypatch.setenv("ARC_TESTING_SANDBOX", str(pytester.path))
    result = pytester.runpytest()
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*is not @architect/sandbox, nor a folder or node_modules*"])


def test_arc_sandbox_fails_without_an_app(pytester: pytest.Pytester, sandbox_modules: Path) -> None:
    pytester.makepyfile("def test_a(arc_sandbox):\n    pass\n")
    result = pytester.runpytest(f"--arc-sandbox={sandbox_modules}")
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*no app.arc in*--arc-app DIR*"])


SANDBOX_TESTS = """
import json, os, signal, sys
from pathlib import Path

def test_serves_the_app(arc_sandbox):
    Path("pid").write_text(str(arc_sandbox.pid))
    assert arc_sandbox.url == f"http://127.0.0.1:{arc_sandbox.ports['http']}"
    assert arc_sandbox.ws_url == f"ws://127.0.0.1:{arc_sandbox.ports['http']}"
    assert sorted(arc_sandbox.ports) == ["_arc", "events", "http", "tables"]
    reply = arc_sandbox.http("GET", "/hello", cookies={"a": "1"})
    assert reply.status == 200
    assert reply.json()["cookies"] == ["a=1"]
    assert reply.json()["env"] == "testing"
    # The handler ran with the Python running the tests.
    assert Path(reply.json()["python"]).parent == Path(sys.executable).parent
    assert reply.cookies == {"seen": "yes"}

def test_the_same_sandbox_for_the_whole_session_and_a_client_with_cookies(arc_sandbox):
    assert Path("pid").read_text() == str(arc_sandbox.pid)
    client = arc_sandbox.client()
    assert client.get("/hello").json()["cookies"] == []
    assert client.get("/hello").json()["cookies"] == ["seen=yes"]

def test_fails_and_shows_the_output(arc_sandbox):
    arc_sandbox.http("GET", "/hello")
    assert False, "on purpose"
"""


def _gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


def test_arc_sandbox_runs_the_app_once_per_session_and_stops_it_also_after_a_failure(
    pytester: pytest.Pytester, sandbox_modules: Path
) -> None:
    write_app(pytester.path / "app")
    pytester.makepyfile(SANDBOX_TESTS)
    result = pytester.runpytest_subprocess(
        "--arc-app=app", f"--arc-sandbox={sandbox_modules}", "-p", "no:randomly"
    )
    result.assert_outcomes(passed=2, failed=1)
    # The failed test shows what the sandbox printed.
    result.stdout.fnmatch_lines(["*arc sandbox output*", "*Local environment ready!*"])
    assert _gone(int((pytester.path / "pid").read_text()))


def test_the_ini_options_name_the_app_and_the_sandbox(
    pytester: pytest.Pytester, sandbox_modules: Path
) -> None:
    write_app(pytester.path / "apps" / "tiny")
    relative = os.path.relpath(sandbox_modules, pytester.path)
    pytester.makeini(f"[pytest]\narc_app = apps/tiny\narc_sandbox = {relative}\n")
    pytester.makepyfile(
        """
        def test_a(arc_sandbox):
            assert arc_sandbox.app.name == "tiny"
            assert arc_sandbox.name == "tiny"
            assert arc_sandbox.http("GET", "/hello").status == 200
        """
    )
    pytester.runpytest_subprocess().assert_outcomes(passed=1)


def test_arc_sandbox_env_points_in_process_code_at_the_sandbox(
    pytester: pytest.Pytester, sandbox_modules: Path
) -> None:
    write_app(pytester.path)
    pytester.makepyfile(
        """
        import json, os
        import arc_core

        def test_a(arc_sandbox_env, arc_sandbox):
            assert arc_core.sandbox_ports() == arc_sandbox.ports
            assert arc_core.app_name() == "tiny"
            assert json.loads(os.environ["ARC_SANDBOX"])["version"] == "8.0.0"
            assert arc_sandbox_env["ARC_APP_SECRET"] == os.environ["ARC_APP_SECRET"]

        def test_b():
            assert "ARC_SANDBOX" not in os.environ
        """
    )
    result = pytester.runpytest_subprocess(f"--arc-sandbox={sandbox_modules}", "-p", "no:randomly")
    result.assert_outcomes(passed=2)
