"""AWS calls per request and client CPU, against moto_server behind a counting proxy.

The app is laid out as Architect deploys it (staging, a stack, SSM parameters under
`/<stack>/tables|events|queues`), so both libraries find their resources as on AWS.
For every case, a fresh worker per subject gives the cold first request (service map
lookup and client creation included; its CPU is the whole process's, from interpreter
start to the first op done, so a library that imports boto3 up front and one that
imports it on first use are charged alike); then rounds alternate the subjects for the warm
figures. Calls are counted at the proxy; CPU is the client process's own
(`time.process_time`), which moto's speed does not touch.

`ours-boto3` is ours' venv run with `ARC_AWS_SDK=boto3`, so every internal call goes
through boto3 instead of arc_core's own transport: `cpu_x_sdk` is a subject's client
CPU over it, paired per round (the lean transport's target: at most 1).
"""

from __future__ import annotations

import json
import random
from collections import Counter
from collections.abc import Mapping
from contextlib import ExitStack
from pathlib import Path
from typing import Any

from ._env import clean_env
from ._moto import moto_server
from ._proxy import CountingProxy
from ._stats import ratios, spread
from ._workers import WorkerError, WorkerProcess
from .worker.bench_payloads import APP_SECRET

__all__ = [
    "AWS_CASES",
    "KIND_ENV",
    "NEW_VISITOR_RESPOND",
    "SDK",
    "aws_env",
    "create_app",
    "run_aws",
]

NEW_VISITOR_RESPOND = "DynamoDB new visitor: read, then respond with the session"
AWS_CASES = (
    "DynamoDB session read",
    "DynamoDB session write",
    "DynamoDB request: read, then respond with the session",
    "DynamoDB new visitor",
    NEW_VISITOR_RESPOND,
    "events publish",
    "queues publish",
    "tables get",
)
SESSION_CASES = frozenset(c for c in AWS_CASES if c.startswith("DynamoDB"))
STACK = "BenchappStaging"
REGION = "us-west-2"
CASE_MODULES = ("bench_aws_cases",)
# boto3 alone, making the same call with the physical names known: the floor.
FLOOR = "boto3"
# Ours with every internal call through boto3 (the old path), in ours' venv.
SDK = "ours-boto3"
# What a kind's processes get on top of the app's environment.
KIND_ENV: dict[str, dict[str, str]] = {SDK: {"ARC_AWS_SDK": "boto3"}}


def aws_env(endpoint: str, **extra: str) -> dict[str, str]:
    return clean_env(
        **extra,
        ARC_ENV="staging",
        ARC_APP_NAME="benchapp",
        ARC_STACK_NAME=STACK,
        ARC_SESSION_TABLE_NAME="sessions",
        ARC_APP_SECRET=APP_SECRET,
        AWS_ENDPOINT_URL=endpoint,
        AWS_REGION=REGION,
        AWS_DEFAULT_REGION=REGION,
        AWS_ACCESS_KEY_ID="testing",
        AWS_SECRET_ACCESS_KEY="testing",
    )


def create_app(moto_url: str) -> dict[str, str]:
    """Tables, topic, queue and the SSM service map, made straight at moto (not counted).

    Returns the physical names, for the boto3-alone floor.
    """
    import boto3

    options: dict[str, Any] = {
        "endpoint_url": moto_url,
        "region_name": REGION,
        "aws_access_key_id": "testing",
        "aws_secret_access_key": "testing",
    }
    dynamodb = boto3.client("dynamodb", **options)
    for table, key in (("bench-sessions", "_idx"), ("bench-notes", "id")):
        dynamodb.create_table(
            TableName=table,
            KeySchema=[{"AttributeName": key, "KeyType": "HASH"}],
            AttributeDefinitions=[{"AttributeName": key, "AttributeType": "S"}],
            BillingMode="PAY_PER_REQUEST",
        )
    dynamodb.put_item(
        TableName="bench-notes",
        Item={"id": {"S": "note-1"}, "title": {"S": "hello"}, "stars": {"N": "5"}},
    )
    topic = boto3.client("sns", **options).create_topic(Name="bench-ping")["TopicArn"]
    queue = boto3.client("sqs", **options).create_queue(QueueName="bench-jobs")["QueueUrl"]
    ssm = boto3.client("ssm", **options)
    for path, value in (
        ("tables/sessions", "bench-sessions"),
        ("tables/notes", "bench-notes"),
        ("events/ping", topic),
        ("queues/jobs", queue),
    ):
        ssm.put_parameter(Name=f"/{STACK}/{path}", Value=value, Type="String")
    return {"sessions": "bench-sessions", "notes": "bench-notes", "topic": topic, "queue": queue}


def _mint(python: Path, kind: str, env: Mapping[str, str]) -> dict[str, str] | str:
    """Env vars naming a fresh DynamoDB session and its cookie, or why there is none."""
    with WorkerProcess(python, kind, env, CASE_MODULES) as worker:
        reply = worker.ask(op="setup", case="DynamoDB mint")
        if not reply["ok"]:
            return str(reply.get("reason") or reply.get("failed"))
        try:
            minted = worker.ask(op="run", case="DynamoDB mint", n=1)["result"]
        except WorkerError as err:
            return _short(err)
    return {
        "BENCH_DDB_COOKIE": minted["cookie"],
        "BENCH_DDB_SESSION": json.dumps(minted["session"]),
    }


def _short(err: Exception) -> str:
    first = str(err).splitlines()[0] if str(err) else type(err).__name__
    return first[:240]


def _per_op(counts: Counter[str], n: int) -> dict[str, float]:
    return {op: count / n for op, count in sorted(counts.items())}


def run_aws(
    pythons: Mapping[str, Path],
    *,
    rounds: int,
    calls: int,
    cases: tuple[str, ...] = AWS_CASES,
    cold_runs: int = 1,
) -> list[dict[str, Any]]:
    """Records of calls per op (cold and warm) and client CPU.

    `pythons` maps `ours`, `v1`, `boto3` (the floor; ours' venv has boto3) and
    `ours-boto3` (ours' venv again, run with `ARC_AWS_SDK=boto3`) to a python.
    """
    records: list[dict[str, Any]] = []
    with moto_server() as moto_url:
        physical = create_app(moto_url)
        proxy = CountingProxy(moto_url)
        endpoint = proxy.start()
        try:
            env = aws_env(endpoint, BENCH_PHYSICAL=json.dumps(physical))
            # Sessions to read and write, made only when a session case will use them.
            minted = {
                kind: _mint(python, kind, {**env, **KIND_ENV.get(kind, {})})
                for kind, python in pythons.items()
                if kind != FLOOR and SESSION_CASES & set(cases)
            }
            if FLOOR in pythons and "ours" in minted:
                minted[FLOOR] = minted["ours"]  # the floor reads and writes ours' row
            proxy.take()
            for name in cases:
                records.extend(
                    _run_case(name, pythons, env, minted, proxy, rounds, calls, cold_runs)
                )
        finally:
            proxy.stop()
    return records


def _run_case(
    name: str,
    pythons: Mapping[str, Path],
    env: Mapping[str, str],
    minted: Mapping[str, dict[str, str] | str],
    proxy: CountingProxy,
    rounds: int,
    calls: int,
    cold_runs: int,
) -> list[dict[str, Any]]:
    records: list[dict[str, Any]] = []
    envs: dict[str, dict[str, str]] = {}
    for kind in pythons:
        extra = minted.get(kind, "no session minted")
        if name in SESSION_CASES and isinstance(extra, str):
            records.append(_record(name, kind, unavailable=extra))
        else:
            session = extra if isinstance(extra, dict) else {}
            envs[kind] = {**env, **KIND_ENV.get(kind, {}), **session}
    cpu: dict[str, list[float]] = {kind: [] for kind in envs}
    wall: dict[str, list[float]] = {kind: [] for kind in envs}
    warm: dict[str, Counter[str]] = {kind: Counter() for kind in envs}
    cold_calls: dict[str, dict[str, float]] = {}
    cold_cpu: dict[str, list[float]] = {kind: [] for kind in envs}
    with ExitStack() as stack:
        workers: dict[str, WorkerProcess] = {}
        # Each cold run is a fresh process per subject; the last ones stay for the warm rounds.
        for run in range(max(1, cold_runs)):
            for kind in list(envs):
                worker = WorkerProcess(pythons[kind], kind, envs[kind], CASE_MODULES)
                outcome = _first_op(worker, name, proxy)
                if isinstance(outcome, dict):
                    worker.close()
                    records.append(_record(name, kind, **outcome))
                    del envs[kind]
                    continue
                calls_seen, process_cpu = outcome
                cold_calls.setdefault(kind, calls_seen)
                cold_cpu[kind].append(process_cpu * 1e3)
                if run == max(1, cold_runs) - 1:
                    workers[kind] = stack.enter_context(worker)
                else:
                    worker.close()
        order = list(workers)
        shuffle = random.Random(0).shuffle
        for _ in range(rounds):
            shuffle(order)
            for kind in list(order):
                proxy.take()
                try:
                    done = workers[kind].ask(op="run", case=name, n=calls)
                except WorkerError as err:
                    # Reported, and the other subjects go on.
                    order.remove(kind)
                    del workers[kind]
                    records.append(_record(name, kind, failed=_short(err)))
                    continue
                warm[kind].update(proxy.take())
                cpu[kind].append(done["cpu"] / calls)
                wall[kind].append(done["wall"] / calls)
    for kind in workers:
        fields: dict[str, Any] = {
            "cold": {
                "calls": cold_calls[kind],
                # The median as a plain number (what tools/bench/publish_cpu.py reads).
                "process_cpu_ms": spread(cold_cpu[kind]).median,
                "process_cpu_ms_spread": spread(cold_cpu[kind]).as_dict(),
            },
            "calls_per_op": _per_op(warm[kind], rounds * calls),
            "cpu_ms": spread(cpu[kind]).scaled(1e3).as_dict(),
            "wall_ms": spread(wall[kind]).scaled(1e3).as_dict(),
        }
        if kind != FLOOR and FLOOR in workers:
            fields["cpu_x_floor"] = ratios(cpu[kind], cpu[FLOOR]).as_dict()
        if kind not in ("ours", FLOOR) and "ours" in workers:
            fields["cpu_x_ours"] = ratios(cpu[kind], cpu["ours"]).as_dict()
        if kind not in (SDK, FLOOR) and SDK in workers:
            fields["cpu_x_sdk"] = ratios(cpu[kind], cpu[SDK]).as_dict()
        records.append(_record(name, kind, **fields))
    return records


def _first_op(
    worker: WorkerProcess, name: str, proxy: CountingProxy
) -> tuple[dict[str, float], float] | dict[str, str]:
    """The calls and process CPU of a fresh worker's first op, or why there are none."""
    try:
        reply = worker.ask(op="setup", case=name)
        if "failed" in reply:
            return {"failed": str(reply["failed"])}
        if not reply["ok"]:
            return {"unavailable": str(reply["reason"])}
        proxy.take()
        first = worker.ask(op="run", case=name, n=1)
    except WorkerError as err:
        return {"failed": _short(err)}
    return _per_op(proxy.take(), 1), float(first["process_cpu"])


def _record(name: str, kind: str, **fields: Any) -> dict[str, Any]:
    return {"section": "aws", "case": name, "subject": kind, **fields}
