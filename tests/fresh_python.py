"""Run code in a fresh interpreter: what an import loads, or how code behaves without a package.

The tests of every package check that importing it stays light; they do it here, in a
new process with no ARC_* or AWS_* settings, so nothing the test process loaded counts.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# The source folder of each import name of the workspace (`arc_core` -> packages/arc-core/src).
SOURCES = {
    path.parent.name: str(path.parent.parent)
    for path in (ROOT / "packages").glob("*/src/*/__init__.py")
}


def run_python(code: str, *, isolated_from: list[str] | None = None) -> str:
    """Run `code` in a fresh interpreter and return its stdout, stripped; fail on an error.

    With `isolated_from`, `-S` leaves site-packages (boto3, cryptography, ...) off the path,
    so the named packages of this workspace and the standard library are all it can import.
    """
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ARC_", "AWS_"))}
    command = [sys.executable]
    if isolated_from is not None:
        command.append("-S")
        env["PYTHONPATH"] = os.pathsep.join(SOURCES[name] for name in isolated_from)
    result = subprocess.run(
        [*command, "-c", textwrap.dedent(code)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def loaded_by(statement: str, candidates: tuple[str, ...]) -> list[str]:
    """Which of `candidates` are in `sys.modules` after `statement`, in a fresh interpreter."""
    probe = f"import sys\nprint('loaded:', *[m for m in {candidates!r} if m in sys.modules])"
    # The last line is the probe's: whatever `statement` printed comes before it.
    last_line = run_python(f"{statement}\n{probe}").splitlines()[-1]
    return last_line.split()[1:]
