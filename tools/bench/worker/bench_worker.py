"""A long-lived process inside one subject's venv that runs cases on request.

The orchestrator talks to it in JSON lines over stdin/stdout:

    {"op": "setup", "case": "res small JSON"}   -> {"ok": true}
                                                    | {"ok": false, "reason": "..."} (n/a)
                                                    | {"ok": false, "failed": "..."}
    {"op": "calibrate", "case": ..., "target": 0.02} -> {"n": 731}
    {"op": "run", "case": ..., "n": 731}           -> {"wall": s, "cpu": s, "result": ...}
    {"op": "quit"}

One worker per subject stays up for the whole section, so the orchestrator can
interleave subjects round by round and pair each figure with its floor. The garbage
collector is off inside a timed batch, as timeit does, so a collection triggered by
another case's garbage is not charged to this one.

Usage (by the orchestrator): <venv python> bench_worker.py <kind> [module ...]
"""

from __future__ import annotations

import gc
import importlib
import json
import os
import sys
import time
import traceback
from typing import Any

from bench_cases import CASES, Op, Unavailable


def _json_safe(value: object) -> object:
    try:
        json.dumps(value)
    except (TypeError, ValueError):
        return repr(value)[:200]
    return value


class Worker:
    def __init__(self, kind: str) -> None:
        self.kind = kind
        self.ops: dict[str, Op] = {}

    def setup(self, name: str) -> dict[str, Any]:
        factory = CASES.get(name, {}).get(self.kind)
        if factory is None:
            return {"ok": False, "reason": f"no {name!r} case for {self.kind}"}
        try:
            self.ops[name] = factory()
        except Unavailable as err:
            return {"ok": False, "reason": str(err)}
        except Exception as err:
            # A library that fails or answers wrongly: a finding for the table, not a crash.
            last = traceback.format_exc().strip().splitlines()[-1]
            return {"ok": False, "failed": f"{type(err).__name__}: {err}"[:300], "where": last}
        return {"ok": True}

    def run(self, name: str, n: int) -> dict[str, Any]:
        op = self.ops[name]
        result: object = None
        enabled = gc.isenabled()
        gc.collect()  # each batch starts clean: no earlier batch's garbage to trip over
        gc.disable()
        try:
            cpu = time.process_time()
            wall = time.perf_counter()
            for _ in range(n):
                result = op()
            wall = time.perf_counter() - wall
            cpu = time.process_time() - cpu
        finally:
            if enabled:
                gc.enable()
        # process_cpu: all CPU since this process started (interpreter, imports, setup
        # and every op so far); after a fresh worker's first op, the cold request's cost.
        return {
            "wall": wall,
            "cpu": cpu,
            "process_cpu": time.process_time(),
            "result": _json_safe(result),
        }

    def calibrate(self, name: str, target: float) -> dict[str, Any]:
        """The batch size that takes about `target` seconds."""
        n = 1
        while True:
            wall = self.run(name, n)["wall"]
            if wall >= target / 4 or n >= 1 << 20:
                return {"n": max(1, round(n * target / max(wall, 1e-9)))}
            n *= 4

    def handle(self, message: dict[str, Any]) -> dict[str, Any]:
        op = message["op"]
        if op == "setup":
            return self.setup(message["case"])
        if op == "run":
            return self.run(message["case"], int(message["n"]))
        if op == "calibrate":
            return self.calibrate(message["case"], float(message["target"]))
        raise ValueError(f"unknown op {op!r}")


def main() -> None:
    kind, *modules = sys.argv[1:]
    # The protocol keeps the real stdout; anything a library prints goes to stderr.
    channel = os.fdopen(os.dup(1), "w", buffering=1)
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    for name in modules:
        importlib.import_module(name)  # more case modules (AWS cases, say)
    worker = Worker(kind)
    for line in sys.stdin:
        message = json.loads(line)
        if message["op"] == "quit":
            break
        try:
            reply = worker.handle(message)
        except Exception as err:
            reply = {"error": f"{type(err).__name__}: {err}", "trace": traceback.format_exc()}
        channel.write(json.dumps(reply) + "\n")


if __name__ == "__main__":
    main()
