"""`tools/release rehearse`: a release and a patch release, installed as users install them.

1. Every wheel and sdist of the workspace (`uv build --all-packages`, or `--dist DIR`),
   and the wheels of the third-party packages they need at the versions uv.lock pins
   (`uv export`, then `pip download`: the one step that uses the network), go into a
   folder served as a PEP 503 index on 127.0.0.1.
2. In fresh venvs, `pip install --index-url <that index>` and nothing else:
   architect-functions, arc-http alone, arc-tables alone and architect-functions[aws-sdk],
   each then importing and calling one function.
3. A copy of the repository, tagged as released at its current versions, gets a fix in
   arc-tables; `tools/release bump arc-tables patch` releases it, its wheel and sdist join
   the index, and architect-functions, unchanged, installs it in a fresh venv.

Every step prints what it runs; the temporary folder, the server and the venvs are gone
when it ends.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
import venv
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from . import _changelog
from ._bump import uv_executable
from ._errors import ReleaseError
from ._git import git
from ._index import project_of, serve, write_index
from ._workspace import META, Package, Workspace

# The package the rehearsal releases a patch of, and a statement printing its version.
PATCHED = "arc-tables"
# What each fresh venv installs, and the program it then runs: one real call, offline.
INSTALLS: tuple[tuple[str, str], ...] = (
    (
        "architect-functions",
        "import arc\nprint('arc.http.res ->', arc.http.res({}, {'json': {'ok': True}})['body'])",
    ),
    (
        "arc-http",
        "import importlib.util, arc_http\n"
        "assert importlib.util.find_spec('arc') is None, 'arc-http alone brought arc'\n"
        "print('arc_http.res ->', arc_http.res({}, {'text': 'hello'})['body'])",
    ),
    (
        "arc-tables",
        "import importlib.util, arc_tables\n"
        "assert importlib.util.find_spec('arc_http') is None, 'arc-tables alone brought arc_http'\n"
        "print('arc_tables.floats_to_decimals ->', arc_tables.floats_to_decimals({'price': 1.5}))",
    ),
    (
        "architect-functions[aws-sdk]",
        "import os\n"
        "os.environ.update(ARC_ENV='staging', AWS_REGION='us-east-1',"
        " AWS_ACCESS_KEY_ID='rehearsal', AWS_SECRET_ACCESS_KEY='rehearsal')\n"
        "import arc_core, boto3\n"
        "print('arc_core.dumps ->', arc_core.dumps({'b': [1.0, None], 'a': 'é'}))\n"
        "client = arc_core.aws_client('dynamodb')\n"
        "print('arc_core.aws_client ->', type(client).__name__, 'with boto3', boto3.__version__)",
    ),
)
_VERSION_PROBE = "import importlib.metadata as m\nprint(m.version({name!r}))"


# The temporary folder, shown as $TMP in the commands printed.
_shown_as: dict[str, str] = {}


def _run(
    command: Sequence[str | Path],
    *,
    cwd: Path | None = None,
    env: dict[str, str] | None = None,
    show: bool = True,
) -> str:
    if show:
        line = " ".join(map(str, command))
        for path, name in _shown_as.items():
            line = line.replace(path, name)
        print(f"$ {line}", flush=True)
    done = subprocess.run(
        [str(part) for part in command],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise ReleaseError(
            f"{' '.join(map(str, command))} failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
        )
    return done.stdout


def _step(text: str) -> float:
    print(f"\n--> {text}", flush=True)
    return time.monotonic()


def _fresh_venv(folder: Path) -> Path:
    """A new venv with pip (the one Python bundles: no download) and no site-packages."""
    venv.EnvBuilder(with_pip=True, clear=True).create(folder)
    return folder / "bin" / "python"


def _pip(python: Path, *args: str | Path) -> str:
    # No pip configuration of the machine's may add an index or a place to look.
    env = {name: value for name, value in os.environ.items() if not name.startswith("PIP_")}
    env["PIP_CONFIG_FILE"] = os.devnull
    return _run([python, "-m", "pip", "--disable-pip-version-check", "--no-input", *args], env=env)


def _install(python: Path, index: str, requirement: str) -> None:
    out = _pip(python, "install", "--no-cache-dir", "--index-url", index, requirement)
    installed = [line for line in out.splitlines() if line.startswith("Successfully installed")]
    print(f"  {installed[-1] if installed else out.strip().splitlines()[-1]}")


def _probe(python: Path, program: str, cwd: Path) -> None:
    # -I: no PYTHON* variables, no user site, no current folder: only what pip installed.
    out = _run([python, "-I", "-c", program], cwd=cwd, show=False).strip()
    for line in out.splitlines():
        print(f"  {line}")


def _copy_repository(root: Path, target: Path) -> None:
    """The work tree's tracked and new files (not ignored ones), without its history."""
    listed = git(root, "ls-files", "-z", "--cached", "--others", "--exclude-standard")
    for name in filter(None, listed.split("\0")):
        source = root / name
        if source.is_file() and not source.is_symlink():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)


def _released_copy(root: Path, target: Path, today: str) -> Workspace:
    """A copy of the repository as if every package had just been released as it is."""
    _copy_repository(root, target)
    copy = Workspace.load(target)
    for package in copy.packages.values():
        _changelog.release(package.changelog, package.version, today)
    identity = ["-c", "user.name=release rehearsal", "-c", "user.email=rehearsal@localhost"]
    git(target, "init", "--quiet")
    git(target, "add", "--all")
    git(target, *identity, "commit", "--quiet", "--no-verify", "-m", "released")
    for package in copy.packages.values():
        git(target, "tag", package.tag())
    return copy


def _make_a_fix(package: Package) -> None:
    _changelog.add_entry(package.changelog, "Fixed", "A fix released by the rehearsal.")
    name, search = next(iter(package.modules.items()))
    init = package.folder / search / name / "__init__.py"
    init.write_text(init.read_text(encoding="utf-8") + "# Patched by the rehearsal.\n")


def rehearse(workspace: Workspace, *, dist: Path | None) -> int:
    started = time.monotonic()
    root = workspace.root
    with tempfile.TemporaryDirectory(prefix="arc-rehearsal-") as scratch:
        tmp = Path(scratch)
        _shown_as[str(tmp)] = "$TMP"
        index_root, files = tmp / "index", tmp / "index" / "files"
        files.mkdir(parents=True)
        (tmp / "venvs").mkdir()

        began = _step("our wheels and sdists")
        if dist is None:
            _run([uv_executable(), "build", "--all-packages", "--quiet", "-o", files], cwd=root)
        else:
            for path in [*dist.glob("*.whl"), *dist.glob("*.tar.gz")]:
                shutil.copy2(path, files)
        ours = sorted(path.name for path in files.iterdir() if project_of(path.name))
        print(f"  {len(ours)} files: {', '.join(ours)}")
        print(f"  ({time.monotonic() - began:.1f} s)")

        began = _step("third-party wheels at the versions uv.lock pins (pip download)")
        requirements = tmp / "requirements.txt"
        exported = _run(
            [uv_executable(), "export", "--frozen", "--all-packages", "--all-extras", "--no-dev",
             "--no-emit-workspace", "--no-hashes", "--no-header", "--no-annotate"],
            cwd=root,
        )  # fmt: skip
        requirements.write_text(exported, encoding="utf-8")
        downloader = _fresh_venv(tmp / "venvs" / "download")
        _pip(downloader, "download", "--quiet", "--only-binary=:all:", "--no-deps",
             "-r", requirements, "-d", files)  # fmt: skip
        third_party = sorted({p.name for p in files.iterdir() if project_of(p.name)} - set(ours))
        print(f"  {len(third_party)} wheels: {', '.join(third_party)}")
        print(f"  ({time.monotonic() - began:.1f} s)")

        projects = write_index(index_root)
        with serve(index_root) as index:
            print(f"\n--> index of {len(projects)} projects at {index} (127.0.0.1 only)")
            for number, (requirement, program) in enumerate(INSTALLS):
                began = _step(f"a fresh venv: pip install {requirement}")
                python = _fresh_venv(tmp / "venvs" / str(number))
                _install(python, index, requirement)
                _probe(python, program, tmp)
                print(f"  ({time.monotonic() - began:.1f} s)")

            began = _step(f"a patch release of {PATCHED} in a copy of the repository")
            today = date.today().isoformat()
            copy = _released_copy(root, tmp / "repo", today)
            patched = copy.get(PATCHED)
            _make_a_fix(patched)
            bumped = _run(
                [sys.executable, "-m", "tools.releasing", "--root", copy.root, "bump",
                 PATCHED, "patch", "--date", today],
                cwd=copy.root,
            )  # fmt: skip
            print("\n".join(f"  {line}" for line in bumped.strip().splitlines()))
            version = Workspace.load(copy.root).get(PATCHED).version
            if version == patched.version:
                raise ReleaseError(f"tools/release bump left {PATCHED} at {version}")
            before = set(os.listdir(files))
            _run(
                [uv_executable(), "build", "--package", PATCHED, "--quiet", "-o", files],
                cwd=copy.root,
            )
            published = sorted(name for name in set(os.listdir(files)) - before if project_of(name))
            print(f"  published: {', '.join(published)}")
            write_index(index_root)
            print(f"  ({time.monotonic() - began:.1f} s)")

            began = _step("a fresh venv: the unchanged architect-functions takes the patch")
            python = _fresh_venv(tmp / "venvs" / "after-patch")
            _install(python, index, "architect-functions")
            program = _VERSION_PROBE.format(name=PATCHED)
            got = _run([python, "-I", "-c", program], cwd=tmp, show=False).strip()
            if got != version:
                raise ReleaseError(f"architect-functions installed {PATCHED} {got}, not {version}")
            meta = copy.get(META).version
            print(f"  architect-functions {meta} resolved {PATCHED} {got}: the patch release")
            print(f"  ({time.monotonic() - began:.1f} s)")
    _shown_as.clear()
    print(f"\nrehearsal passed in {time.monotonic() - started:.0f} s")
    return 0
