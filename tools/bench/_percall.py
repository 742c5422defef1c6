"""Per-call costs: `res`, `parse_body` and JWE sessions, each beside its floor.

One worker per subject (ours, 1.0.0, Powertools, and the floors in their own venv)
stays up for the section. Each case gets a batch size that takes about `batch` seconds;
then every round runs one batch of every (case, subject) pair in a shuffled order, so a
figure and its floor are measured moments apart. Ratios are taken round by round, then
summarised. The clock is the worker's CPU time (`time.process_time`): nothing here
waits on I/O, and unlike wall time it does not count the moments a loaded machine
gives the core to someone else.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from contextlib import ExitStack
from pathlib import Path
from typing import Any

from ._env import jwe_env
from ._stats import ratios, spread
from ._workers import WorkerError, WorkerProcess

__all__ = ["PERCALL_CASES", "run_percall"]

FLOOR = "floor"
# The case names of worker/bench_cases.py, in the order the table shows them.
PERCALL_CASES = (
    "res small JSON",
    "res 10 KB JSON",
    "res 10 KB gzip",
    "res 10 KB br",
    "parse_body JSON",
    "parse_body form",
    "JWE read",
    "JWE write",
)


def run_percall(
    pythons: Mapping[str, Path],
    *,
    rounds: int,
    batch: float,
    cases: tuple[str, ...] = PERCALL_CASES,
    seed: int = 0,
) -> list[dict[str, Any]]:
    """Records for every case and subject; `pythons` maps kind (`floor` too) to python."""
    kinds = dict(pythons)
    records: list[dict[str, Any]] = []
    with ExitStack() as stack:
        workers = {
            kind: stack.enter_context(WorkerProcess(python, kind, jwe_env()))
            for kind, python in kinds.items()
        }
        ready: list[tuple[str, str]] = []
        for name in cases:
            for kind, worker in workers.items():
                reply = worker.ask(op="setup", case=name)
                if reply["ok"]:
                    ready.append((name, kind))
                elif "failed" in reply:
                    records.append(_record(name, kind, failed=reply["failed"]))
                else:
                    records.append(_record(name, kind, unavailable=reply["reason"]))
        sizes: dict[tuple[str, str], int] = {}
        for name, kind in list(ready):
            try:
                sizes[(name, kind)] = workers[kind].ask(op="calibrate", case=name, target=batch)[
                    "n"
                ]
            except WorkerError as err:
                ready.remove((name, kind))
                records.append(_record(name, kind, failed=_short(err)))
        samples: dict[tuple[str, str], list[float]] = {pair: [] for pair in ready}
        order = list(ready)
        shuffle = random.Random(seed).shuffle
        for _ in range(rounds):
            shuffle(order)
            for pair in list(order):
                name, kind = pair
                n = sizes[pair]
                try:
                    samples[pair].append(workers[kind].ask(op="run", case=name, n=n)["cpu"] / n)
                except WorkerError as err:
                    # A case that breaks mid-run is reported, and the others go on.
                    order.remove(pair)
                    del samples[pair]
                    records.append(_record(name, kind, failed=_short(err)))
    for (name, kind), times in samples.items():
        fields: dict[str, Any] = {"per_call_us": spread(times).scaled(1e6).as_dict()}
        floor = samples.get((name, FLOOR))
        if kind != FLOOR and floor:
            fields["x_floor"] = ratios(times, floor).as_dict()
        ours = samples.get((name, "ours"))
        if kind not in ("ours", FLOOR) and ours:
            # How many times slower than ours this subject is (paired per round).
            fields["x_ours"] = ratios(times, ours).as_dict()
        records.append(_record(name, kind, batch=sizes[(name, kind)], **fields))
    records.extend(_combined(samples, "JWE read+write", ("JWE read", "JWE write")))
    case_order = [*cases, "JWE read+write"]
    subjects = ["ours", FLOOR, "v1", "powertools"]
    records.sort(key=lambda r: (case_order.index(r["case"]), subjects.index(r["subject"])))
    return records


def _combined(
    samples: Mapping[tuple[str, str], list[float]], name: str, parts: tuple[str, ...]
) -> list[dict[str, Any]]:
    """Records for `parts` done one after the other (a request that reads and writes)."""
    kinds = {kind for (case, kind) in samples if case == parts[0]}
    sums: dict[str, list[float]] = {}
    for kind in kinds:
        series = [samples.get((part, kind)) for part in parts]
        if all(series):
            sums[kind] = [sum(values) for values in zip(*(s for s in series if s), strict=True)]
    records = []
    for kind, times in sums.items():
        fields: dict[str, Any] = {"per_call_us": spread(times).scaled(1e6).as_dict()}
        if kind != FLOOR and FLOOR in sums:
            fields["x_floor"] = ratios(times, sums[FLOOR]).as_dict()
        if kind not in ("ours", FLOOR) and "ours" in sums:
            fields["x_ours"] = ratios(times, sums["ours"]).as_dict()
        records.append(_record(name, kind, **fields))
    return records


def _short(err: Exception) -> str:
    lines = str(err).splitlines()
    return (lines[0] if lines else type(err).__name__)[:300]


def _record(name: str, kind: str, **fields: Any) -> dict[str, Any]:
    return {"section": "percall", "case": name, "subject": kind, **fields}
