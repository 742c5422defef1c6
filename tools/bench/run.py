"""`uv run python -m tools.bench`: measure, print the tables, append JSON lines.

Sections: coldstart, coldaws, percall, aws, size (all by default). Subjects: see
`_venvs.py`; `ours-boto3` (ours with `ARC_AWS_SDK=boto3`) and `stdlib` (the standard
library AWS floor, in the bare venv) come with `ours` and `bare`.
Progress goes to stderr; stdout gets the Markdown tables only.
"""

from __future__ import annotations

import argparse
import datetime
import shlex
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tools.check_wheels import IMPORT_NAMES

from ._aws import SDK, run_aws
from ._coldaws import run_cold_aws
from ._coldstart import cold_cases, run_coldstart
from ._machine import installed_versions, machine
from ._percall import run_percall
from ._report import render, update_docs, write_jsonl
from ._size import lambda_zip
from ._venvs import (
    FIXED,
    META,
    POWERTOOLS_REQUIREMENT,
    REPO,
    V1_REQUIREMENT,
    Subject,
    Wheels,
    build_wheels,
    ensure_venv,
    minimal_subjects,
)

__all__ = ["main"]

SECTIONS = ("coldstart", "coldaws", "percall", "aws", "size")
DEFAULT_OUT = REPO / "out" / "bench" / "results.jsonl"
DEFAULT_CACHE = REPO / "out" / "bench" / "cache"
DOC = REPO / "docs" / "performance.md"
# Versions worth a line in the report: what each venv actually ran.
VERSIONED = (
    "architect-functions",
    "arc-http",
    "aws-lambda-powertools",
    "boto3",
    "cryptography",
    "brotli",
    "python-jose",
)


@dataclass(frozen=True)
class Settings:
    """Repeat counts: `quick` proves the bench runs; full gives figures worth quoting."""

    cold_rounds: int
    import_rounds: int
    warmup: int
    percall_rounds: int
    batch: float
    aws_rounds: int
    aws_calls: int
    aws_cold_runs: int


FULL = Settings(40, 10, 2, 30, 0.02, 5, 20, 3)
QUICK = Settings(3, 1, 1, 3, 0.002, 1, 2, 1)


_START = time.monotonic()


def log(message: str) -> None:
    print(f"[bench {time.monotonic() - _START:6.1f}s] {message}", file=sys.stderr, flush=True)


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m tools.bench", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="tiny repeat counts (a smoke run)")
    parser.add_argument(
        "--sections",
        default=",".join(SECTIONS),
        help=f"comma-separated, from: {', '.join(SECTIONS)} (default: all)",
    )
    parser.add_argument(
        "--subjects",
        default="all",
        help="comma-separated subject names (bare, ours, v1, powertools, ours:arc-http, ...), "
        "or 'all'; 'minimal' stands for every ours:<package> install",
    )
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="JSON lines appended here")
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE, help="wheels and venvs")
    parser.add_argument("--refresh", action="store_true", help="rebuild cached venvs")
    parser.add_argument(
        "--write-docs", action="store_true", help=f"put the tables into {DOC.relative_to(REPO)}"
    )
    args = parser.parse_args(argv)
    args.sections = [s for s in args.sections.split(",") if s]
    unknown = set(args.sections) - set(SECTIONS)
    if unknown:
        parser.error(f"unknown sections: {', '.join(sorted(unknown))}")
    return args


def reproduce(args: argparse.Namespace) -> str:
    """The command that measures the same things (where output goes left out)."""
    shown = ["uv", "run", "python", "-m", "tools.bench"]
    if args.quick:
        shown.append("--quick")
    if args.sections != list(SECTIONS):
        shown += ["--sections", ",".join(args.sections)]
    if args.subjects != "all":
        shown += ["--subjects", args.subjects]
    return shlex.join(shown)


def choose_subjects(spec: str, wheels: Wheels) -> list[Subject]:
    everything = [*FIXED, *minimal_subjects(wheels)]
    if spec == "all":
        return everything
    wanted = [s for s in spec.split(",") if s]
    by_name = {s.name: s for s in everything}
    chosen: list[Subject] = []
    for name in wanted:
        if name == "minimal":
            chosen += [s for s in everything if s.name.startswith("ours:")]
        elif name in by_name:
            chosen.append(by_name[name])
        else:
            raise SystemExit(f"unknown subject {name!r}; known: {', '.join(by_name)}")
    return list(dict.fromkeys(chosen))


def module_of(dist: str) -> str:
    """The import name of a distribution of ours (the core's name differs: see IMPORT_NAMES)."""
    return IMPORT_NAMES.get(dist, dist.replace("-", "_"))


def jwe_subject(wheels: Wheels) -> str | None:
    """The minimal install that holds JWE sessions: arc-http with its cryptography extra."""
    http = wheels.by_name.get("arc-http")
    if http is None:
        return None
    for dep, extra, _ in http.requires:
        if dep == "cryptography":
            return "ours:arc-http" if extra is None else f"ours:arc-http[{extra}]"
    return None


def build_venvs(
    subjects: list[Subject], wheels: Wheels, cache: Path, refresh: bool
) -> tuple[dict[str, Path], list[dict[str, Any]]]:
    pythons: dict[str, Path] = {}
    failures: list[dict[str, Any]] = []
    for subject in subjects:
        log(f"venv {subject.name}")
        try:
            pythons[subject.name] = ensure_venv(subject, wheels, cache / "venvs", refresh=refresh)
        except subprocess.CalledProcessError as err:
            failures.append({"section": "venv", "subject": subject.name, "failed": str(err)})
            log(f"venv {subject.name} failed: {err}")
    return pythons, failures


def size_records(subjects: list[Subject], wheels: Wheels, cache: Path) -> list[dict[str, Any]]:
    installs: list[tuple[str, str, list[str]]] = []
    for subject in subjects:
        if subject.kind in ("bare", "floor"):
            continue
        if subject.kind == "ours":
            case = subject.label if subject.dist == META else subject.name.removeprefix("ours:")
        else:
            case = {"v1": V1_REQUIREMENT, "powertools": POWERTOOLS_REQUIREMENT}[subject.kind]
        installs.append((case, subject.name, subject.requirements(wheels)))
    if any(s.name == jwe_subject(wheels) for s in subjects):
        installs.append(("cryptography alone (reference)", "cryptography", ["cryptography"]))
    records = []
    for case, name, requirements in installs:
        log(f"size {case}")
        record: dict[str, Any] = {"section": "size", "case": case, "subject": name}
        try:
            record.update(lambda_zip(requirements, cache / "target"))
        except subprocess.CalledProcessError as err:
            record["failed"] = str(err)
        records.append(record)
    return records


def measure(
    args: argparse.Namespace, wheels: Wheels, subjects: list[Subject], pythons: dict[str, Path]
) -> list[dict[str, Any]]:
    """Run the chosen sections over the venvs at hand; their records, in section order."""
    settings = QUICK if args.quick else FULL
    records: list[dict[str, Any]] = []
    if "coldstart" in args.sections and "bare" in pythons:
        log("cold starts")
        modules = {
            s.name: module_of(s.dist or META)
            for s in subjects
            if s.kind == "ours" and s.dist != META
        }
        jwe = [name for name in ("ours", jwe_subject(wheels), "v1") if name]
        cases, skipped = cold_cases(pythons, modules, jwe)
        records += run_coldstart(
            pythons,
            cases,
            rounds=settings.cold_rounds,
            import_rounds=settings.import_rounds,
            warmup=settings.warmup,
        )
        records += skipped
    elif "coldstart" in args.sections:
        log("cold starts skipped: they need the bare subject as their floor")
    if "coldaws" in args.sections and "bare" in pythons:
        log("cold first AWS calls (moto_server behind a counting proxy)")
        records += run_cold_aws(pythons, rounds=settings.cold_rounds, warmup=settings.warmup)
    elif "coldaws" in args.sections:
        log("cold AWS calls skipped: they need the bare subject (their floors run there)")
    kinds: dict[str, Path] = {
        k: pythons[k] for k in ("ours", "v1", "powertools", "floor") if k in pythons
    }
    if "percall" in args.sections and kinds:
        log("per-call costs")
        records += run_percall(kinds, rounds=settings.percall_rounds, batch=settings.batch)
    aws_kinds: dict[str, Path] = {}
    if "ours" in pythons:
        aws_kinds["ours"] = pythons["ours"]
        aws_kinds[SDK] = pythons["ours"]  # ours again, with ARC_AWS_SDK=boto3
    if "v1" in pythons:
        aws_kinds["v1"] = pythons["v1"]
    if "ours" in pythons:
        aws_kinds["boto3"] = pythons["ours"]  # the floor: boto3 alone, in our venv
    if "aws" in args.sections and aws_kinds:
        log("AWS calls (moto_server behind a counting proxy)")
        records += run_aws(
            aws_kinds,
            rounds=settings.aws_rounds,
            calls=settings.aws_calls,
            cold_runs=settings.aws_cold_runs,
        )
    if "size" in args.sections:
        records += size_records(subjects, wheels, args.cache)
    return records


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    started = datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")
    log("building this workspace's wheels")
    wheels = build_wheels(args.cache / "wheels")
    subjects = choose_subjects(args.subjects, wheels)
    needs_venv = {"coldstart", "coldaws", "percall", "aws"} & set(args.sections)
    pythons, failures = (
        build_venvs(subjects, wheels, args.cache, args.refresh) if needs_venv else ({}, [])
    )
    meta: dict[str, Any] = {
        "section": "meta",
        "started": started,
        "quick": args.quick,
        "command": reproduce(args),
        "machine": machine(),
        "subjects": [s.name for s in subjects],
        "versions": installed_versions(
            {k: v for k, v in pythons.items() if k in ("ours", "v1", "powertools", "floor")},
            VERSIONED,
        ),
    }
    records = [meta, *failures, *measure(args, wheels, subjects, pythons)]
    for record in records:
        record["run"] = started
    write_jsonl(records, args.out)
    text = render(records)
    print(text)
    if args.write_docs:
        update_docs(DOC, text)
        log(f"updated {DOC.relative_to(REPO)}")
    log(f"JSON lines appended to {args.out}")
    return 0
