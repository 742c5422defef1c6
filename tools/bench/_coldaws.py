"""Cold first AWS calls, whole process, against a standard-library floor.

Three first calls a Lambda makes: `arc.events.publish` (the service map, then SNS
Publish), a new visitor's DynamoDB session (`session_read` without a cookie, then `res`
with the session) and one `arc.tables` data-layer get. Each is a fresh `python -c`, as
the cold-start section runs them (`posix_spawn` to exit; the child's own CPU from
`wait4`), against moto_server behind the counting proxy, with the app laid out as
Architect deploys it (the AWS section's). Subjects:

- `ours`: the full install, every call through arc_core's own transport (the default);
- `ours-boto3`: the same venv and code with `ARC_AWS_SDK=boto3` (the old path);
- `v1`: architect-functions 1.0.0, with boto3;
- `stdlib`: the floor, `worker/bench_stdlib_aws.py` in the bare venv: the same
  data-plane calls by hand with the standard library, the physical names known.

Every round runs every (call, subject) once and bare `python -c pass` once, in a
shuffled order. "Over bare" is a run minus that round's `python -c pass`; "x floor" is
a subject's over-bare CPU divided by the floor's in the same round (and, beside it, the
plain ratio of whole-process CPU). Calls are counted at the proxy for every run.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from ._aws import KIND_ENV, NEW_VISITOR_RESPOND, SDK, aws_env, create_app
from ._coldstart import FLOOR_CASE, ColdCase, ColdStartError, _check, _short, _spawn
from ._moto import moto_server
from ._proxy import CountingProxy
from ._stats import ratios, spread
from ._workers import WORKER_DIR
from .worker.bench_payloads import SMALL, request

__all__ = ["COLD_AWS_CASES", "FLOOR", "cold_aws_cases", "run_cold_aws"]

EVENTS = "events publish"
TABLES = "tables get"
COLD_AWS_CASES = (EVENTS, NEW_VISITOR_RESPOND, TABLES)
FLOOR = "stdlib"
# The table's order of subjects.
SUBJECTS = ("ours", SDK, "v1", FLOOR)

_EVENTS = """
import arc
reply = arc.events.publish("ping", {message!r})
assert "MessageId" in reply, reply
"""
# A handler's first request from a new visitor: a new session row, saved in the response.
_NEW_VISITOR = """
import arc
req = {req!r}
session = arc.http.session_read(req)
assert "_idx" in session, session
response = arc.http.res(req, {{"json": {message!r}, "session": session}})
assert "_idx=" in repr(response), response
"""
_TABLES_OURS = """
import arc
item = arc.tables.client().notes.get({{"id": "note-1"}})
assert item["title"] == "hello", item
"""
# 1.0.0's only data layer: the boto3 Table resource.
_TABLES_V1 = """
import arc
item = arc.tables.table("notes").get_item(Key={{"id": "note-1"}})["Item"]
assert item["title"] == "hello", item
"""
# The floor imports its module from the worker folder (bytecode cached, like a library's).
_FLOOR = """
import sys
sys.path.insert(0, {folder!r})
import bench_stdlib_aws
bench_stdlib_aws.CASES[{name!r}]()
"""


def _library_code(name: str, subject: str) -> str:
    fields = {"message": SMALL, "req": request()}
    if name == EVENTS:
        return _EVENTS.format(**fields)
    if name == NEW_VISITOR_RESPOND:
        return _NEW_VISITOR.format(**fields)
    return (_TABLES_V1 if subject == "v1" else _TABLES_OURS).format(**fields)


def cold_aws_cases(pythons: Mapping[str, Path]) -> list[ColdCase]:
    """The cases for the venvs at hand (`bare` runs the floor; `ours` runs two subjects)."""
    cases = [ColdCase(FLOOR_CASE, "bare", "pass")]
    for name in COLD_AWS_CASES:
        for subject in ("ours", SDK, "v1"):
            venv = "ours" if subject == SDK else subject
            if venv in pythons:
                code = _library_code(name, subject)
                cases.append(ColdCase(name, subject, code, KIND_ENV.get(subject, {})))
        code = _FLOOR.format(folder=str(WORKER_DIR), name=name)
        cases.append(ColdCase(name, FLOOR, code))
    return cases


def _python(pythons: Mapping[str, Path], subject: str) -> Path:
    """Ours with boto3 runs in ours' venv; the floor in the bare one."""
    return pythons[{SDK: "ours", FLOOR: "bare", "bare": "bare"}.get(subject, subject)]


def run_cold_aws(
    pythons: Mapping[str, Path],
    *,
    rounds: int,
    warmup: int = 1,
    seed: int = 0,
) -> list[dict[str, Any]]:
    """Records for every (call, subject): CPU over bare python and over the floor, calls.

    `pythons` needs `bare` (the floor and `python -c pass`); `ours` and `v1` where present.
    """
    cases = cold_aws_cases(pythons)
    records: list[dict[str, Any]] = []
    with moto_server() as moto_url:
        physical = create_app(moto_url)
        proxy = CountingProxy(moto_url)
        endpoint = proxy.start()
        try:
            base = aws_env(
                endpoint,
                BENCH_TOPIC_ARN=physical["topic"],
                BENCH_SESSION_TABLE=physical["sessions"],
                BENCH_NOTES_TABLE=physical["notes"],
            )
            envs = {case: {**base, **case.env} for case in cases}
            working: list[ColdCase] = []
            for case in cases:
                try:
                    for _ in range(max(1, warmup)):
                        _check(_python(pythons, case.subject), case.code, envs[case])
                except ColdStartError as err:
                    if case.name == FLOOR_CASE:
                        raise
                    records.append(_record(case.name, case.subject, failed=_short(err)))
                else:
                    working.append(case)
            proxy.take()
            cpus: dict[ColdCase, list[float]] = {case: [] for case in working}
            walls: dict[ColdCase, list[float]] = {case: [] for case in working}
            calls: dict[ColdCase, Counter[str]] = {case: Counter() for case in working}
            order = list(working)
            shuffle = random.Random(seed).shuffle
            for _ in range(rounds):
                shuffle(order)
                for case in order:
                    wall, cpu = _spawn(_python(pythons, case.subject), case.code, envs[case])
                    walls[case].append(wall * 1e3)
                    cpus[case].append(cpu * 1e3)
                    calls[case].update(proxy.take())
        finally:
            proxy.stop()
    return _summarise(working, cpus, walls, calls, rounds) + records


def _summarise(
    cases: Sequence[ColdCase],
    cpus: Mapping[ColdCase, list[float]],
    walls: Mapping[ColdCase, list[float]],
    calls: Mapping[ColdCase, Counter[str]],
    rounds: int,
) -> list[dict[str, Any]]:
    bare = next(case for case in cases if case.name == FLOOR_CASE)
    over = {
        case: [cpu - floor for cpu, floor in zip(cpus[case], cpus[bare], strict=True)]
        for case in cases
    }
    floors = {case.name: case for case in cases if case.subject == FLOOR}
    records = []
    for case in cases:
        fields: dict[str, Any] = {
            "cpu_ms": spread(cpus[case]).as_dict(),
            "wall_ms": spread(walls[case]).as_dict(),
            "calls": {op: n / rounds for op, n in sorted(calls[case].items())},
        }
        if case is not bare:
            fields["cpu_over_bare_ms"] = spread(over[case]).as_dict()
        floor = floors.get(case.name)
        if floor is not None and case is not floor:
            fields["x_floor"] = ratios(over[case], over[floor]).as_dict()
            fields["x_floor_process"] = ratios(cpus[case], cpus[floor]).as_dict()
        records.append(_record(case.name, case.subject, **fields))
    order = (FLOOR_CASE, *COLD_AWS_CASES)
    records.sort(key=lambda r: (order.index(r["case"]), _rank(r["subject"])))
    return records


def _rank(subject: str) -> int:
    return SUBJECTS.index(subject) if subject in SUBJECTS else len(SUBJECTS)


def _record(name: str, subject: str, **fields: Any) -> dict[str, Any]:
    return {"section": "coldaws", "case": name, "subject": subject, **fields}
