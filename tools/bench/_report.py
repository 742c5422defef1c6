"""Records to readable Markdown tables, to JSON lines, and into docs/performance.md."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from ._format import TIMES, number, ranged
from ._targets import TRANSPORT_CALLS, target_rows

__all__ = ["render", "update_docs", "write_jsonl"]

DOC_BEGIN = "<!-- bench:begin -->"
DOC_END = "<!-- bench:end -->"

LABELS = {
    "ours": "ours (architect-functions)",
    "v1": "1.0.0",
    "powertools": "Powertools",
    "floor": "floor",
    "bare": "bare python",
    "boto3": "boto3 alone (floor)",
    "ours-boto3": "ours, ARC_AWS_SDK=boto3",
    "stdlib": "standard library (floor)",
}


def label(subject: str) -> str:
    return LABELS.get(subject, subject.removeprefix("ours:"))


def table(headers: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    lines += ["| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def _missing(record: Mapping[str, Any]) -> str | None:
    if "unavailable" in record:
        return f"n/a: {record['unavailable']}"
    if "failed" in record:
        return f"failed: {record['failed']}"
    return None


def _coldstart(records: list[dict[str, Any]]) -> str:
    rows = []
    for r in records:
        missing = _missing(r)
        if missing:
            rows.append([r["case"], label(r["subject"]), missing, *[""] * 8])
            continue
        rows.append(
            [
                r["case"],
                label(r["subject"]),
                ranged(r.get("cpu_ms")),
                ranged(r.get("cpu_over_bare_ms")),
                ranged(r.get("cpu_over_harness_ms")),
                ranged(r.get("wall_ms")),
                ranged(r.get("over_bare_ms")),
                ranged(r.get("import_ms")),
                ranged(r.get("rss_mb")),
                ranged(r.get("over_bare_rss_mb")),
            ]
        )
    headers = [
        "Case",
        "Install",
        "CPU ms",
        "CPU over bare ms",
        "CPU over harness ms",
        "Wall ms",
        "Wall over bare ms",
        "Imports ms",
        "Peak RSS MB",
        "RSS over bare MB",
    ]
    return table(headers, rows)


def _percall(records: list[dict[str, Any]]) -> str:
    rows = []
    for r in records:
        missing = _missing(r)
        cells = [r["case"], label(r["subject"])]
        if missing:
            rows.append([*cells, missing, "", ""])
            continue
        per_call = ranged(r.get("per_call_us"))
        rows.append(
            [*cells, per_call, ranged(r.get("x_floor"), TIMES), ranged(r.get("x_ours"), TIMES)]
        )
    return table(["Case", "Subject", "µs per call", f"{TIMES} floor", f"{TIMES} ours"], rows)


def calls_text(calls: Mapping[str, float] | None) -> str:
    if calls is None:
        return ""
    total = sum(calls.values())
    if not calls:
        return "0"
    parts = ", ".join(f"{op} {number(n)}" for op, n in calls.items())
    return f"{number(total)}: {parts}"


def _aws(records: list[dict[str, Any]]) -> str:
    rows = []
    for r in records:
        missing = _missing(r)
        cells = [r["case"], label(r["subject"])]
        if missing:
            rows.append([*cells, missing, "", "", "", "", ""])
            continue
        cold = r.get("cold", {})
        rows.append(
            [
                *cells,
                calls_text(r.get("calls_per_op")),
                calls_text(cold.get("calls")),
                ranged(r.get("cpu_ms")),
                ranged(r.get("cpu_x_floor"), TIMES),
                ranged(r.get("cpu_x_ours"), TIMES),
                ranged(r.get("cpu_x_sdk"), TIMES),
                ranged(cold.get("process_cpu_ms_spread")),
            ]
        )
    headers = [
        "Case",
        "Subject",
        "AWS calls per op (warm)",
        "Calls, cold first op",
        "Client CPU ms per op",
        f"CPU {TIMES} floor",
        f"CPU {TIMES} ours",
        f"CPU {TIMES} ours via boto3",
        "Process CPU ms, start to cold first op done",
    ]
    return table(headers, rows)


def _coldaws(records: list[dict[str, Any]]) -> str:
    rows = []
    for r in records:
        missing = _missing(r)
        cells = [r["case"], label(r["subject"])]
        if missing:
            rows.append([*cells, missing, "", "", "", "", ""])
            continue
        rows.append(
            [
                *cells,
                calls_text(r.get("calls")),
                ranged(r.get("cpu_ms")),
                ranged(r.get("cpu_over_bare_ms")),
                ranged(r.get("x_floor"), TIMES),
                ranged(r.get("x_floor_process"), TIMES),
                ranged(r.get("wall_ms")),
            ]
        )
    headers = [
        "Call",
        "Subject",
        "AWS calls",
        "CPU ms",
        "CPU over bare ms",
        f"{TIMES} floor (over bare)",
        f"{TIMES} floor (whole process)",
        "Wall ms",
    ]
    return table(headers, rows)


def _transport(records: list[dict[str, Any]]) -> str:
    """Warm client CPU per call of the three transport calls: lean, boto3 path, boto3."""
    found = {
        (r["case"], r["subject"]): r for r in records if r.get("section") == "aws" and "cpu_ms" in r
    }
    rows = []
    for case, _ in TRANSPORT_CALLS:
        lean = found.get((case, "ours"))
        if lean is None:
            continue
        sdk, alone = found.get((case, "ours-boto3")), found.get((case, "boto3"))
        rows.append(
            [
                case,
                ranged(lean.get("cpu_ms")),
                ranged(sdk.get("cpu_ms")) if sdk else "",
                ranged(alone.get("cpu_ms")) if alone else "",
                ranged(lean.get("cpu_x_sdk"), TIMES),
                ranged(lean.get("cpu_x_floor"), TIMES),
            ]
        )
    if not rows:
        return ""
    headers = [
        "Call",
        "Ours (lean) ms",
        "Ours, ARC_AWS_SDK=boto3 ms",
        "boto3 alone ms",
        f"Lean {TIMES} ours via boto3",
        f"Lean {TIMES} boto3 alone",
    ]
    return table(headers, rows)


def _ships(record: Mapping[str, Any]) -> str:
    """Each distribution with its version and its share of the zip in KB."""
    sizes = record.get("zip_kb_by_dist", {})
    parts = []
    for dist in record["dists"]:
        name = dist.split("==")[0]
        parts.append(f"{dist} ({number(sizes[name])})" if name in sizes else dist)
    return ", ".join(parts)


def _size(records: list[dict[str, Any]]) -> str:
    rows = []
    for r in records:
        missing = _missing(r)
        if missing:
            rows.append([r["case"], missing, "", "", "", ""])
            continue
        rows.append(
            [
                r["case"],
                number(r["zip_kb"]),
                number(r["zip_kb_no_bytecode"]) if "zip_kb_no_bytecode" in r else "",
                number(r["unzipped_kb"]),
                str(r["files"]),
                _ships(r),
            ]
        )
    headers = ["Install", "Zip KB", "Zip KB without bytecode", "Unzipped KB", "Files", "Ships"]
    return table(headers, rows)


SECTIONS = {
    "coldstart": (
        "Cold start (whole process, ms; over bare python paired per round)",
        _coldstart,
    ),
    "coldaws": (
        "Cold first AWS call (whole process CPU, ms; over bare python and the standard-library "
        "floor, paired per round)",
        _coldaws,
    ),
    "percall": ("Per call (CPU µs; ratios paired per round)", _percall),
    "aws": ("AWS calls and client CPU (moto_server behind a counting proxy)", _aws),
    "size": ("Lambda zip size (pip install --target, zipped; Lambda runtime packages out)", _size),
}


TRANSPORT_TITLE = (
    "Warm AWS calls: client CPU ms per call, lean transport against boto3 "
    "(from the AWS section; ratios paired per round)"
)


def render(records: list[dict[str, Any]], *, heading: str = "###") -> str:
    """All tables for `records`: targets first, then one per section present."""
    meta = next((r for r in records if r.get("section") == "meta"), {})
    parts = []
    if meta:
        venvs = [r for r in records if r.get("section") == "venv"]
        parts.append(_meta_text(meta, venvs))
    targets = target_rows(records)
    if targets:
        parts.append(
            f"{heading} Targets\n\n" + table(["Target", "Goal", "Ours", "1.0.0", "Met"], targets)
        )
    for section, (title, make) in SECTIONS.items():
        chosen = [r for r in records if r.get("section") == section]
        if chosen:
            parts.append(f"{heading} {title}\n\n{make(chosen)}")
        if section == "coldaws":
            warm = _transport(records)
            if warm:
                parts.append(f"{heading} {TRANSPORT_TITLE}\n\n{warm}")
    return "\n\n".join(parts) + "\n"


def _meta_text(meta: Mapping[str, Any], failures: Sequence[Mapping[str, Any]] = ()) -> str:
    machine = meta.get("machine", {})
    lines = [
        f"- Run: {meta.get('started', '?')}, {'quick' if meta.get('quick') else 'full'} mode",
        f"- Machine: {machine.get('cpu', '?')}, {machine.get('nproc', '?')} cores, "
        f"load average at start {machine.get('load', '?')}, {machine.get('os', '?')}",
        f"- Python {machine.get('python', '?')}",
        f"- Command: `{meta.get('command', '?')}`",
    ]
    for failure in failures:
        lines.append(f"- Not measured: {label(failure['subject'])} (its venv: {failure['failed']})")
    versions = meta.get("versions", {})
    if versions:
        shown = ", ".join(f"{k} {v}" for k, v in versions.items())
        lines.append(f"- Versions: {shown}")
    return "\n".join(lines)


def write_jsonl(records: list[dict[str, Any]], path: Path) -> None:
    """Append `records` to `path`, one JSON object a line."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as out:
        for record in records:
            out.write(json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n")


def update_docs(doc: Path, text: str) -> None:
    """Put `text` between the bench markers of `doc`; raise ValueError without them."""
    current = doc.read_text(encoding="utf-8")
    begin, end = current.find(DOC_BEGIN), current.find(DOC_END)
    if begin < 0 or end < begin:
        raise ValueError(f"{doc.name} has no {DOC_BEGIN} ... {DOC_END} section")
    updated = current[: begin + len(DOC_BEGIN)] + "\n\n" + text + "\n" + current[end:]
    doc.write_text(updated, encoding="utf-8")
