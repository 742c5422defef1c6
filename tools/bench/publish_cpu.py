"""Cold first publish: client CPU and AWS calls, arc_events / arc_queues against 1.0.0.

The bench suite's AWS section (`_aws.run_aws`) limited to its two publish cases, for a
quick answer while working on events and queues: a moto_server behind the counting
proxy, the app laid out as Architect deploys it, one fresh worker per subject for the
cold first publish (its process CPU from interpreter start, imports and service-map
lookup included), then alternating rounds for the warm figures. Subjects: this
workspace's full install (`ours`), the same with `ARC_AWS_SDK=boto3` (`ours-boto3`: every
call through boto3 instead of arc_core's own transport), `architect-functions==1.0.0`
(`v1`), and boto3 alone with the ARN/URL known (`boto3`, the floor), each with the same
boto3.

    uv run python -m tools.bench.publish_cpu [--rounds 5] [--calls 20] [--cache DIR]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from ._aws import SDK, run_aws
from ._venvs import OURS, REPO, V1, build_wheels, ensure_venv

__all__ = ["main"]

CASES = ("events publish", "queues publish")
DEFAULT_CACHE = REPO / "out" / "bench" / "publish-cpu"


def _row(record: dict[str, Any]) -> str:
    subject = record["subject"]
    if "cold" not in record:
        why = record.get("failed") or record.get("unavailable")
        return f"| {record['case']} | {subject} | {why} | | | |"
    cold = record["cold"]
    cold_calls = ", ".join(f"{op} {count:g}" for op, count in cold["calls"].items())
    warm_calls = sum(record["calls_per_op"].values())
    cpu = record["cpu_ms"]
    floor = record.get("cpu_x_floor")
    times_floor = f"{floor['median']:.2f}" if floor else "floor"
    return (
        f"| {record['case']} | {subject} | {cold['process_cpu_ms']:.0f} ms ({cold_calls}) "
        f"| {cpu['median'] * 1e3:.0f} µs ({cpu['min'] * 1e3:.0f}-{cpu['max'] * 1e3:.0f}) "
        f"| {warm_calls:g} | {times_floor} |"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5, help="warm rounds per subject")
    parser.add_argument("--calls", type=int, default=20, help="publishes per warm round")
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE, help="wheels and venvs")
    args = parser.parse_args(argv)

    print("[publish_cpu] building wheels and venvs", file=sys.stderr, flush=True)
    wheels = build_wheels(args.cache / "wheels")
    ours = ensure_venv(OURS, wheels, args.cache / "venvs")
    v1 = ensure_venv(V1, None, args.cache / "venvs")
    pythons = {"ours": ours, SDK: ours, "v1": v1, "boto3": ours}
    print("[publish_cpu] publishing against moto_server", file=sys.stderr, flush=True)
    records = run_aws(pythons, rounds=args.rounds, calls=args.calls, cases=CASES)
    print(
        "| case | subject | cold first publish: process CPU (AWS calls) "
        "| warm CPU per publish: median (min-max) | warm AWS calls per publish | ratio to boto3 |"
    )
    print("| --- | --- | --- | --- | --- | --- |")
    for record in records:
        print(_row(record))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
