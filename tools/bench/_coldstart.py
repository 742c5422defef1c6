"""Whole-process cold starts: `python -c <code>` from exec to exit, as a Lambda pays it.

Each case is a fresh interpreter in the subject's own venv (normal `site`, bytecode
compiled at install, as a deployed zip carries it). Every round runs every case once,
in a shuffled order, and each figure is paired with `python -c pass` in the bare venv
from the same round: what a case costs *over bare python*. Two clocks, with nothing
added to the code: wall time around `posix_spawn` + `wait4`, and the child's own CPU
time (user + system) from `wait4`. On an idle machine they agree to within I/O waits
(the files are in the page cache); on a loaded one the wall time also counts the time
the child waited for a core, so the CPU time is the steadier figure, and the one the
targets are judged on.

Separate probe runs give two quieter views. `-X importtime`: the top-level imports the
case adds over that venv's own `-c pass` (interpreter start-up excluded by
construction). Peak RSS: the child's own `VmHWM`, read at its end. Not `wait4`'s
`ru_maxrss`, which Linux carries across exec and so reports the (large) parent's RSS
for every child.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ._env import jwe_env
from ._stats import differences, spread
from .worker.bench_payloads import SESSION, request

__all__ = ["ColdCase", "ColdStartError", "cold_cases", "run_coldstart"]

FLOOR_CASE = "python -c pass"
JWE_REQUEST = "first request, JWE session"
PLAIN_REQUEST = "first request, no session"
HARNESS_CASE = "harness only: import json, read the event"
_HARNESS = """
import json, os
req = json.loads(os.environ["BENCH_EVENT"])
"""

# A handler's first request: read the session from the cookie, answer with JSON and the
# updated session (the write). `http` is the library's HTTP module.
_JWE_HANDLER = """
import json, os
req = json.loads(os.environ["BENCH_EVENT"])
session = http.session_read(req)
assert session.get("user") == "ada", session
session["visits"] = session.get("visits", 0) + 1
response = http.res(req, {"json": {"ok": True}, "session": session})
assert "_idx=" in repr(response), response
"""
_PLAIN_HANDLER = """
import json, os
req = json.loads(os.environ["BENCH_EVENT"])
response = http.res(req, {"json": {"ok": True}})
assert response["statusCode"] == 200, response
"""
_POWERTOOLS_HANDLER = """
import json, os
from aws_lambda_powertools.event_handler import APIGatewayHttpResolver
app = APIGatewayHttpResolver()
app.get("/")(lambda: {"ok": True})
response = app.resolve(json.loads(os.environ["BENCH_EVENT"]), None)
assert response["statusCode"] == 200, response
"""
_MINT = "{imports}\nprint(http.session_write({session!r}))"


class ColdStartError(RuntimeError):
    """A cold-start command failed; the message carries its stderr."""


# eq=False: cases are told apart by identity (their env dict is not hashable).
@dataclass(frozen=True, eq=False)
class ColdCase:
    name: str
    subject: str
    code: str
    env: Mapping[str, str] = field(default_factory=dict)


def _http_import(subject: str) -> str:
    return "import arc\nhttp = arc.http" if subject in ("ours", "v1") else "import arc_http as http"


def _check(python: Path, code: str, env: Mapping[str, str]) -> str:
    done = subprocess.run(
        [str(python), "-c", code], env=dict(env), capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise ColdStartError(f"{python} -c {code!r} failed:\n{done.stderr[-3000:]}")
    return done.stdout


def _mint_cookie(python: Path, subject: str) -> str:
    """A session cookie written by the subject itself, for its first request to read."""
    code = _MINT.format(imports=_http_import(subject), session=SESSION)
    set_cookie = _check(python, code, jwe_env()).strip().splitlines()[-1]
    return set_cookie.strip().split(";", 1)[0]


def cold_cases(
    pythons: Mapping[str, Path], modules: Mapping[str, str], jwe_subjects: Sequence[str]
) -> tuple[list[ColdCase], list[dict[str, Any]]]:
    """The cases for the subjects at hand, and records for those that cannot run yet.

    `modules` maps each minimal subject to the module it provides (`ours:arc-http` to
    `arc_http`); `jwe_subjects` are those that can hold JWE sessions.
    """
    plain_event = json.dumps(request())
    cases = [
        ColdCase(FLOOR_CASE, "bare", "pass"),
        # What every first-request case spends before the library: json and the event.
        ColdCase(HARNESS_CASE, "bare", _HARNESS, {"BENCH_EVENT": plain_event}),
    ]
    skipped: list[dict[str, Any]] = []
    for subject in ("ours", "v1"):
        if subject in pythons:
            cases.append(ColdCase("import arc", subject, "import arc"))
    if "powertools" in pythons:
        code = "from aws_lambda_powertools.event_handler import APIGatewayHttpResolver"
        cases.append(ColdCase("import Powertools event_handler", "powertools", code))
    for subject, module in modules.items():
        if subject in pythons and "[" not in subject:
            cases.append(ColdCase(f"import {module}", subject, f"import {module}"))
    for subject in ("ours", "ours:arc-http", "v1"):
        if subject in pythons:
            code = _http_import(subject) + _PLAIN_HANDLER
            cases.append(ColdCase(PLAIN_REQUEST, subject, code, {"BENCH_EVENT": plain_event}))
    if "powertools" in pythons:
        plain = {"BENCH_EVENT": plain_event}
        cases.append(ColdCase(PLAIN_REQUEST, "powertools", _POWERTOOLS_HANDLER, plain))
    for subject in jwe_subjects:
        if subject not in pythons:
            continue
        try:
            cookie = _mint_cookie(pythons[subject], subject)
        except ColdStartError as err:
            skipped.append(_record(JWE_REQUEST, subject, unavailable=_short(err)))
            continue
        event = json.dumps(request(cookie=cookie))
        code = _http_import(subject) + _JWE_HANDLER
        cases.append(ColdCase(JWE_REQUEST, subject, code, {"BENCH_EVENT": event}))
    return cases, skipped


def _short(err: Exception) -> str:
    lines = [line for line in str(err).splitlines() if line.strip()]
    return lines[-1][:200] if lines else type(err).__name__


# Appended to a probe run's code: the peak RSS of this process image, to stderr.
_RSS_PROBE = """
import sys as _bench_sys
for _bench_line in open("/proc/self/status"):
    if _bench_line.startswith("VmHWM:"):
        _bench_sys.stderr.write("bench-rss-kb " + _bench_line.split()[1] + "\\n")
"""


def _spawn(python: Path, code: str, env: Mapping[str, str]) -> tuple[float, float]:
    """Wall seconds from spawn to exit, and the child's CPU seconds (user + system)."""
    argv = [str(python), "-c", code]
    quiet = [
        (os.POSIX_SPAWN_OPEN, 1, os.devnull, os.O_WRONLY, 0),
        (os.POSIX_SPAWN_OPEN, 2, os.devnull, os.O_WRONLY, 0),
    ]
    start = time.perf_counter()
    pid = os.posix_spawn(argv[0], argv, dict(env), file_actions=quiet)
    _, status, usage = os.wait4(pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        _check(python, code, env)  # raises with the stderr
        raise ColdStartError(f"{argv} failed once, then passed: flaky")
    return wall, usage.ru_utime + usage.ru_stime


def _probe(
    python: Path, code: str, env: Mapping[str, str], baseline: set[str]
) -> tuple[float, float, list[tuple[str, float]]]:
    """Milliseconds of the top-level imports `code` does that `-c pass` does not, the
    peak RSS in MB, and the five modules (any depth) whose own code cost most (ms)."""
    done = subprocess.run(
        [str(python), "-X", "importtime", "-c", code + "\n" + _RSS_PROBE],
        env=dict(env),
        capture_output=True,
        text=True,
        check=True,
    )
    added = [entry for entry in _entries(done.stderr) if entry[0] not in baseline]
    total = sum(cumulative for _, _, cumulative, level in added if level == 0)
    costliest = sorted(added, key=lambda entry: -entry[1])[:5]
    top = [(name, own / 1000) for name, own, _, _ in costliest]
    rss = [line.split()[1] for line in done.stderr.splitlines() if line.startswith("bench-rss-kb")]
    return total / 1000, int(rss[-1]) / 1024, top


def _entries(report: str) -> list[tuple[str, int, int, int]]:
    """`-X importtime` lines as (module, self µs, cumulative µs, nesting level)."""
    found = []
    for line in report.splitlines():
        if not line.startswith("import time:") or line.count("|") != 2:
            continue
        own, cumulative, name = line.removeprefix("import time:").split("|")
        if not own.strip().isdigit():
            continue  # the header line
        # One space after the bar, then two more per level of nesting.
        level = (len(name) - len(name.lstrip(" ")) - 1) // 2
        found.append((name.strip(), int(own), int(cumulative), level))
    return found


def _top_level(report: str) -> list[tuple[str, int]]:
    """(module, cumulative µs) of the imports made at the top, not inside another."""
    return [(name, cumulative) for name, _, cumulative, level in _entries(report) if level == 0]


def run_coldstart(
    pythons: Mapping[str, Path],
    cases: Sequence[ColdCase],
    *,
    rounds: int,
    import_rounds: int,
    warmup: int = 2,
    seed: int = 0,
) -> list[dict[str, Any]]:
    """Records for every case: wall time and RSS over bare python, import time."""
    envs = {case: jwe_env(**case.env) for case in cases}
    failed: list[dict[str, Any]] = []
    working = []
    for case in cases:
        try:
            for _ in range(warmup):
                _check(pythons[case.subject], case.code, envs[case])
        except ColdStartError as err:
            if case.name == FLOOR_CASE:
                raise
            # A library that cannot serve the case (yet): reported, and the others go on.
            failed.append(_record(case.name, case.subject, failed=_short(err)))
        else:
            working.append(case)
    cases = working
    walls: dict[ColdCase, list[float]] = {case: [] for case in cases}
    cpus: dict[ColdCase, list[float]] = {case: [] for case in cases}
    order = list(cases)
    shuffle = random.Random(seed).shuffle
    for _ in range(rounds):
        shuffle(order)
        for case in order:
            wall, cpu = _spawn(pythons[case.subject], case.code, envs[case])
            walls[case].append(wall)
            cpus[case].append(cpu)
    baselines = {
        subject: {entry[0] for entry in _entries(_importtime_pass(pythons[subject]))}
        for subject in {case.subject for case in cases}
    }
    imports: dict[ColdCase, list[float]] = {case: [] for case in cases}
    rss: dict[ColdCase, list[float]] = {case: [] for case in cases}
    # Where the import time goes (from the last probe), for whoever wants to cut it.
    top: dict[ColdCase, list[tuple[str, float]]] = {}
    for _ in range(max(1, import_rounds)):
        shuffle(order)
        for case in order:
            python, baseline = pythons[case.subject], baselines[case.subject]
            import_ms, peak, top[case] = _probe(python, case.code, envs[case], baseline)
            imports[case].append(import_ms)
            rss[case].append(peak)
    floor = next(case for case in cases if case.name == FLOOR_CASE)
    harness = next((case for case in cases if case.name == HARNESS_CASE), None)
    records = []
    for case in cases:
        fields: dict[str, Any] = {
            "wall_ms": spread(walls[case]).scaled(1e3).as_dict(),
            "cpu_ms": spread(cpus[case]).scaled(1e3).as_dict(),
            "rss_mb": spread(rss[case]).as_dict(),
            "import_ms": spread(imports[case]).as_dict(),
            "top_imports": [[name, round(ms, 3)] for name, ms in top[case]],
        }
        if case is not floor:
            fields["over_bare_ms"] = differences(walls[case], walls[floor]).scaled(1e3).as_dict()
            fields["cpu_over_bare_ms"] = differences(cpus[case], cpus[floor]).scaled(1e3).as_dict()
            fields["over_bare_rss_mb"] = differences(rss[case], rss[floor]).as_dict()
        if harness is not None and case.name in (PLAIN_REQUEST, JWE_REQUEST):
            # Over bare python holding the parsed event, as the Lambda runtime hands it.
            over = differences(cpus[case], cpus[harness]).scaled(1e3).as_dict()
            fields["cpu_over_harness_ms"] = over
        records.append(_record(case.name, case.subject, **fields))
    return records + failed


def _importtime_pass(python: Path) -> str:
    return subprocess.run(
        [str(python), "-X", "importtime", "-c", "pass"],
        env=jwe_env(),
        capture_output=True,
        text=True,
        check=True,
    ).stderr


def _record(name: str, subject: str, **fields: Any) -> dict[str, Any]:
    return {"section": "coldstart", "case": name, "subject": subject, **fields}
