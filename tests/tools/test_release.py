"""tools/release on a throwaway workspace: a git repository made in tmp_path with three
small packages, alpha, beta (which requires alpha) and architect-functions (the
meta-package, which requires both), tagged as released.

`plan` and `bump` run as `tools/release` runs them (`main([...])`); uv really bumps the
versions and locks the throwaway workspace (offline: it has no third-party dependency);
griffe really compares the work tree with the tags. `check-names` asks a JSON API served
on 127.0.0.1; the rehearsal's index is fetched over HTTP as pip fetches it.
"""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
import textwrap
import threading
import urllib.request
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

import pytest

from tools.releasing.__main__ import main
from tools.releasing._index import serve, write_index

ROOT_PYPROJECT = """\
[project]
name = "throwaway-workspace"
version = "0"
requires-python = ">=3.10"
dependencies = ["alpha", "beta", "architect-functions"]

[tool.uv]
package = false

[tool.uv.workspace]
members = ["packages/*"]
exclude = ["packages/_template"]

[tool.uv.sources]
alpha = { workspace = true }
beta = { workspace = true }
architect-functions = { workspace = true }
"""

PACKAGE_PYPROJECT = """\
[build-system]
requires = ["hatchling>=1.27"]
build-backend = "hatchling.build"

[project]
name = "{name}"
version = "{version}"
requires-python = ">=3.10"
dependencies = [
{dependencies}]

[project.urls]
Homepage = "https://arc.codes"

[tool.hatch.build.targets.wheel]
packages = ["src/{module}"]
"""

CHANGELOG = """\
# Changelog of {name}

All notable changes to this package are documented here.

## [Unreleased]

## [{version}] - 2026-01-01

### Added
- The package.
"""

ALPHA = '''\
"""alpha: greetings."""

__all__ = ["greet"]


def greet(name: str, punctuation: str = "!") -> str:
    """Return a greeting."""
    return f"hello {name}{punctuation}"
'''

TODAY = "2026-02-03"


def git(root: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-C", str(root), "-c", "user.name=t", "-c", "user.email=t@localhost", *args],
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


def add_package(
    root: Path, name: str, module: str, version: str, source: str, dependencies: list[str]
) -> None:
    folder = root / "packages" / name
    (folder / "src" / module).mkdir(parents=True)
    (folder / "src" / module / "__init__.py").write_text(source)
    requires = "".join(f'    "{dependency}",\n' for dependency in dependencies)
    (folder / "pyproject.toml").write_text(
        PACKAGE_PYPROJECT.format(name=name, version=version, module=module, dependencies=requires)
    )
    (folder / "CHANGELOG.md").write_text(CHANGELOG.format(name=name, version=version))


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """alpha 0.1.0, beta 0.1.0 and architect-functions 2.0.0, committed and tagged."""
    monkeypatch.setenv("UV_OFFLINE", "1")
    root = tmp_path / "repo"
    root.mkdir()
    (root / "pyproject.toml").write_text(ROOT_PYPROJECT)
    (root / ".gitignore").write_text(".venv/\n__pycache__/\n")
    add_package(root, "alpha", "alpha", "0.1.0", ALPHA, [])
    add_package(
        root,
        "beta",
        "beta",
        "0.1.0",
        '__all__ = ["shout"]\n\n\ndef shout(name: str) -> str:\n    return name.upper()\n',
        ["alpha>=0.1.0,<0.2"],
    )
    add_package(
        root,
        "architect-functions",
        "arc",
        "2.0.0",
        '"""The facade."""\n',
        ["alpha>=0.1.0,<0.2", "beta[extra]>=0.1.0,<0.2"],
    )
    git(root, "init", "--quiet")
    git(root, "add", "--all")
    git(root, "commit", "--quiet", "-m", "released")
    for tag in ("alpha-v0.1.0", "beta-v0.1.0", "architect-functions-v2.0.0"):
        git(root, "tag", tag)
    return root


def release(root: Path, *args: str) -> int:
    return main(["--root", str(root), *args])


def write_entry(root: Path, package: str, kind: str, entry: str) -> None:
    path = root / "packages" / package / "CHANGELOG.md"
    text = path.read_text()
    path.write_text(
        text.replace("## [Unreleased]\n", f"## [Unreleased]\n\n### {kind}\n- {entry}\n")
    )


def edit_alpha(root: Path, old: str, new: str) -> None:
    path = root / "packages" / "alpha" / "src" / "alpha" / "__init__.py"
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new))


def read(root: Path, package: str, name: str) -> str:
    return (root / "packages" / package / name).read_text()


def locked_version(root: Path, package: str) -> str:
    lock = (root / "uv.lock").read_text()
    match = re.search(rf'\[\[package\]\]\nname = "{package}"\nversion = "([^"]+)"', lock)
    assert match is not None, lock
    return match[1]


# plan


def test_plan_lists_what_changed_since_each_tag_its_entries_and_the_bump_it_needs(
    workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    edit_alpha(workspace, '    return f"hello', '    # Fixed the greeting.\n    return f"hello')
    write_entry(workspace, "alpha", "Fixed", "`greet()` greets.")
    (workspace / "packages" / "architect-functions" / "src" / "arc" / "more.py").write_text("")
    write_entry(workspace, "architect-functions", "Added", "`arc.more`.")

    assert release(workspace, "plan") == 0

    out = capsys.readouterr().out
    assert "alpha 0.1.0: 2 file(s) changed since alpha-v0.1.0" in out
    assert "packages/alpha/src/alpha/__init__.py" in out
    assert "API (griffe, against alpha-v0.1.0): no breaking change" in out
    assert "Fixed: `greet()` greets." in out
    assert "needs: at least a patch bump from 0.1.0: tools/release bump alpha patch" in out
    assert "beta 0.1.0: unchanged since beta-v0.1.0" in out
    # From 1.0 on, an addition is a minor release; the new file is untracked and still counts.
    assert "packages/architect-functions/src/arc/more.py" in out
    assert "needs: at least a minor bump from 2.0.0" in out


def test_plan_shows_the_api_breaks_griffe_finds_and_asks_for_the_breaking_bump(
    workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    edit_alpha(workspace, 'name: str, punctuation: str = "!"', "name: str")
    edit_alpha(workspace, "{punctuation}", "!")
    write_entry(workspace, "alpha", "Fixed", "Simpler.")

    assert release(workspace, "plan") == 0

    out = capsys.readouterr().out
    assert "API breaks (against alpha-v0.1.0):" in out
    assert "alpha.greet: Parameter was removed: punctuation" in out
    assert "needs: at least a minor bump from 0.1.0" in out


def never_released(root: Path, package: str) -> None:
    """Take back the package's release: no tag, and a changelog with only [Unreleased]."""
    git(root, "tag", "--delete", f"{package}-v0.1.0")
    changelog = root / "packages" / package / "CHANGELOG.md"
    changelog.write_text(changelog.read_text().split("## [0.1.0]")[0])


def test_plan_says_a_package_never_tagged_needs_its_first_release(
    workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    never_released(workspace, "beta")

    assert release(workspace, "plan") == 0

    out = capsys.readouterr().out
    assert "beta 0.1.0: never tagged, first release" in out
    assert "tools/release bump beta first" in out


def test_plan_fails_when_a_sibling_range_excludes_the_workspace_version(
    workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pyproject = workspace / "packages" / "beta" / "pyproject.toml"
    pyproject.write_text(pyproject.read_text().replace("alpha>=0.1.0,<0.2", "alpha>=0.2.0,<0.3"))

    assert release(workspace, "plan") == 1

    assert (
        "PROBLEM: beta requires 'alpha>=0.2.0,<0.3', but the workspace has alpha 0.1.0"
        in capsys.readouterr().out
    )


# bump


def test_a_patch_moves_the_entries_bumps_the_version_locks_and_prints_the_tag(
    workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    edit_alpha(workspace, '    return f"hello', '    # Fixed.\n    return f"hello')
    write_entry(workspace, "alpha", "Fixed", "`greet()` greets.")
    beta_before = read(workspace, "beta", "pyproject.toml")
    meta_before = read(workspace, "architect-functions", "pyproject.toml")

    assert release(workspace, "bump", "alpha", "patch", "--date", TODAY) == 0

    assert 'version = "0.1.1"' in read(workspace, "alpha", "pyproject.toml")
    assert read(workspace, "alpha", "CHANGELOG.md").endswith(
        "## [Unreleased]\n\n"
        f"## [0.1.1] - {TODAY}\n\n### Fixed\n- `greet()` greets.\n\n"
        "## [0.1.0] - 2026-01-01\n\n### Added\n- The package.\n"
    )
    assert locked_version(workspace, "alpha") == "0.1.1"
    # 0.1.1 is inside every sibling's range: nothing else changes.
    assert read(workspace, "beta", "pyproject.toml") == beta_before
    assert read(workspace, "architect-functions", "pyproject.toml") == meta_before
    out = capsys.readouterr().out
    assert "alpha: 0.1.0 -> 0.1.1 (uv version --bump patch)" in out
    assert "    git tag alpha-v0.1.1" in out
    # The tag is printed, not made.
    assert git(workspace, "tag", "--list", "alpha-v*").split() == ["alpha-v0.1.0"]


def test_a_breaking_minor_below_1_widens_sibling_ranges_and_moves_the_meta_package(
    workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    edit_alpha(workspace, '__all__ = ["greet"]', '__all__ = ["greet", "wave"]\n\n\ndef wave(): ...')
    write_entry(workspace, "alpha", "Changed", "Greetings are louder.")
    write_entry(workspace, "beta", "Changed", "Shouts louder.")

    assert release(workspace, "bump", "alpha", "minor", "--date", TODAY) == 0

    assert 'version = "0.2.0"' in read(workspace, "alpha", "pyproject.toml")
    assert '"alpha>=0.1.0,<0.3"' in read(workspace, "beta", "pyproject.toml")
    meta = read(workspace, "architect-functions", "pyproject.toml")
    assert '"alpha>=0.2.0,<0.3"' in meta
    assert '"beta[extra]>=0.1.0,<0.2"' in meta
    assert (
        "## [Unreleased]\n\n### Changed\n- Shouts louder.\n"
        "- Requires `alpha>=0.1.0,<0.3` (was `alpha>=0.1.0,<0.2`): "
        "alpha 0.2.0 is outside the old range.\n\n## [0.1.0]"
    ) in read(workspace, "beta", "CHANGELOG.md")
    assert "Requires `alpha>=0.2.0,<0.3`" in read(workspace, "architect-functions", "CHANGELOG.md")
    assert locked_version(workspace, "alpha") == "0.2.0"
    out = capsys.readouterr().out
    assert "The ranges of architect-functions, beta changed: release them too" in out

    # The workspace is consistent again, alpha waits for its tag, the siblings for a release.
    assert release(workspace, "plan", "--brief") == 0
    out = capsys.readouterr().out
    assert "alpha 0.2.0: bumped, not tagged yet: commit, then `git tag alpha-v0.2.0`" in out
    assert "beta 0.1.0: 2 file(s) changed since beta-v0.1.0" in out


def test_an_api_break_refuses_a_patch_and_a_minor_then_moves_every_range(
    workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    edit_alpha(workspace, '__all__ = ["greet"]', '__all__ = ["hello"]')
    edit_alpha(workspace, "def greet(", "def hello(")
    write_entry(workspace, "alpha", "Fixed", "Nothing to see.")
    before = {name: read(workspace, "alpha", name) for name in ("pyproject.toml", "CHANGELOG.md")}

    assert release(workspace, "bump", "alpha", "patch", "--date", TODAY) == 1

    err = capsys.readouterr().err
    assert "alpha 0.1.0 needs at least a minor bump, not patch" in err
    assert "alpha.greet: Public object was removed" in err
    assert {name: read(workspace, "alpha", name) for name in before} == before
    assert not (workspace / "uv.lock").exists()

    assert release(workspace, "bump", "alpha", "minor", "--date", TODAY) == 0

    # The old API is gone, so no sibling can claim to work with it any more.
    assert '"alpha>=0.2.0,<0.3"' in read(workspace, "beta", "pyproject.toml")
    assert '"alpha>=0.2.0,<0.3"' in read(workspace, "architect-functions", "pyproject.toml")


def test_from_1_0_an_api_break_needs_a_major(
    workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    meta = workspace / "packages" / "architect-functions" / "src" / "arc" / "__init__.py"
    meta.write_text('__all__ = ["http"]\n\nhttp = None\n')
    git(workspace, "commit", "--quiet", "--all", "-m", "arc.http")
    git(workspace, "tag", "--force", "architect-functions-v2.0.0")
    meta.write_text('__all__ = ["ws"]\n\nws = None\n')
    write_entry(workspace, "architect-functions", "Added", "`arc.ws`.")

    assert release(workspace, "bump", "architect-functions", "minor", "--date", TODAY) == 1
    err = capsys.readouterr().err
    assert "needs at least a major bump, not minor" in err
    assert "arc.http: Public object was removed" in err

    assert release(workspace, "bump", "architect-functions", "major", "--date", TODAY) == 0
    assert 'version = "3.0.0"' in read(workspace, "architect-functions", "pyproject.toml")


def test_the_meta_package_breaks_when_it_moves_to_a_breaking_release_of_a_sibling(
    workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_entry(workspace, "alpha", "Changed", "Greetings are louder.")
    assert release(workspace, "bump", "alpha", "minor", "--date", TODAY) == 0
    capsys.readouterr()

    # arc.<sibling> is the sibling: its breaking release is one of the meta-package's.
    assert release(workspace, "bump", "architect-functions", "minor", "--date", TODAY) == 1
    err = capsys.readouterr().err
    assert "architect-functions 2.0.0 needs at least a major bump, not minor" in err
    assert "alpha: range moved from >=0.1.0,<0.2 to >=0.2.0,<0.3" in err

    assert release(workspace, "bump", "architect-functions", "major", "--date", TODAY) == 0
    assert "    git tag architect-functions-v3.0.0" in capsys.readouterr().out


def test_the_changelog_decides_when_griffe_sees_nothing(
    workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_entry(workspace, "alpha", "Removed", "The exclamation mark.")

    assert release(workspace, "bump", "alpha", "patch", "--date", TODAY) == 1

    assert "its changelog lists ### Removed" in capsys.readouterr().err


def test_a_bump_with_nothing_under_unreleased_is_refused(
    workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    edit_alpha(workspace, '    return f"hello', '    # Fixed.\n    return f"hello')

    assert release(workspace, "bump", "alpha", "patch", "--date", TODAY) == 1

    assert "CHANGELOG.md has nothing under [Unreleased]" in capsys.readouterr().err
    assert 'version = "0.1.0"' in read(workspace, "alpha", "pyproject.toml")


def test_an_unchanged_package_is_not_bumped(
    workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert release(workspace, "bump", "beta", "patch", "--date", TODAY) == 1

    assert "beta has not changed since beta-v0.1.0" in capsys.readouterr().err


def test_a_first_release_keeps_the_version_and_moves_the_entries(
    workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    never_released(workspace, "beta")
    write_entry(workspace, "beta", "Added", "`shout()`.")

    assert release(workspace, "bump", "beta", "patch", "--date", TODAY) == 1
    assert "its first release is `tools/release bump beta first`" in capsys.readouterr().err

    assert release(workspace, "bump", "beta", "first", "--date", TODAY) == 0

    assert 'version = "0.1.0"' in read(workspace, "beta", "pyproject.toml")
    assert f"## [Unreleased]\n\n## [0.1.0] - {TODAY}\n\n### Added\n- `shout()`." in read(
        workspace, "beta", "CHANGELOG.md"
    )
    assert "    git tag beta-v0.1.0" in capsys.readouterr().out
    assert release(workspace, "bump", "alpha", "first", "--date", TODAY) == 1
    assert "alpha was released as alpha-v0.1.0" in capsys.readouterr().err


# check-names


class _JsonApi(BaseHTTPRequestHandler):
    projects: ClassVar[dict[str, dict[str, Any]]] = {
        "alpha": {"info": {"summary": "Someone else's alpha", "home_page": "https://else.example"}},
        "architect-functions": {
            "info": {
                "summary": "Our old release",
                "version": "1.0.0",
                "project_urls": {"homepage": "HTTPS://ARC.codes/"},
            }
        },
    }

    def do_GET(self) -> None:
        name = self.path.strip("/").split("/")[1]
        if name not in self.projects:
            self.send_error(404)
            return
        body = json.dumps(self.projects[name]).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def json_api() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _JsonApi)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/pypi"
    server.shutdown()
    server.server_close()
    thread.join()


def test_check_names_fails_for_a_name_another_project_holds(
    workspace: Path,
    json_api: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("ARC_RELEASE_INDEX_URL", json_api)

    assert release(workspace, "check-names") == 1

    out = capsys.readouterr().out
    assert 'alpha: TAKEN by another project ("Someone else\'s alpha")' in out
    assert "beta: free" in out
    assert "architect-functions: ours (version 1.0.0 on the index)" in out


def test_check_names_passes_when_every_name_is_free_or_ours(
    workspace: Path,
    json_api: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("ARC_RELEASE_INDEX_URL", json_api + "/{name}/json")
    monkeypatch.setitem(_JsonApi.projects, "alpha", {"info": {"home_page": "https://arc.codes"}})

    assert release(workspace, "check-names") == 0

    assert "alpha: ours" in capsys.readouterr().out


def test_check_names_skips_with_a_notice_when_no_index_is_set_or_answers(
    workspace: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("ARC_RELEASE_INDEX_URL", raising=False)
    assert release(workspace, "check-names") == 0
    assert "check-names: skipped: ARC_RELEASE_INDEX_URL is unset" in capsys.readouterr().out

    server = ThreadingHTTPServer(("127.0.0.1", 0), _JsonApi)
    port = server.server_address[1]
    server.server_close()  # nothing listens there now
    monkeypatch.setenv("ARC_RELEASE_INDEX_URL", f"http://127.0.0.1:{port}/pypi")
    assert release(workspace, "check-names") == 0
    assert "check-names: skipped: the index did not answer" in capsys.readouterr().out


# the rehearsal's index


def test_the_local_index_lists_each_file_with_its_digest(tmp_path: Path) -> None:
    files = tmp_path / "files"
    files.mkdir()
    (files / "arc_http-0.1.0-py3-none-any.whl").write_bytes(b"wheel")
    (files / "arc_http-0.1.0.tar.gz").write_bytes(b"sdist")
    (files / "Brotli-1.2.1-cp311-cp311-manylinux.whl").write_bytes(b"brotli")

    assert write_index(tmp_path) == {
        "arc-http": ["arc_http-0.1.0-py3-none-any.whl", "arc_http-0.1.0.tar.gz"],
        "brotli": ["Brotli-1.2.1-cp311-cp311-manylinux.whl"],
    }
    with serve(tmp_path) as index:
        with urllib.request.urlopen(index, timeout=10) as reply:
            assert '<a href="arc-http/">arc-http</a>' in reply.read().decode()
        with urllib.request.urlopen(f"{index}arc-http/", timeout=10) as reply:
            page = reply.read().decode()
    digest = hashlib.sha256(b"wheel").hexdigest()
    assert f'href="../../files/arc_http-0.1.0-py3-none-any.whl#sha256={digest}"' in page
    assert textwrap.dedent(page).count("<a ") == 2
