"""The targets the issues set, read off one run's records: goal, ours, 1.0.0, met.

A target is met when the median meets it; the tables beside it give the spread.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from ._format import DASH, TIMES, number

__all__ = ["target_rows"]

Record = Mapping[str, Any]

# Leeway over cryptography's own zip for "about cryptography's own size" (our code and
# cookie handling): the size of the no-sessions target.
JWE_ZIP_LEEWAY_KB = 100
# The calls the AWS transport is judged on (cold section and AWS section), and their names.
TRANSPORT_CALLS = (
    ("events publish", "`arc.events.publish`"),
    (
        "DynamoDB new visitor: read, then respond with the session",
        "new visitor's DynamoDB session (read + `res`)",
    ),
    ("tables get", "`arc.tables` get"),
)


def _find(
    records: Iterable[Record], section: str, case: str | None, subject: Callable[[str], bool]
) -> Record | None:
    for r in records:
        if r.get("section") != section or not subject(str(r.get("subject"))):
            continue
        if case is None or r.get("case") == case:
            if "unavailable" in r or "failed" in r:
                return None
            return r
    return None


def _is(name: str) -> Callable[[str], bool]:
    return lambda subject: subject == name


def _jwe_http(subject: str) -> bool:
    return subject.startswith("ours:arc-http[")


def _jwe_zip(records: Iterable[Record]) -> Record | None:
    """The size of the minimal arc-http install that ships cryptography."""
    for r in records:
        ours_http = str(r.get("subject")).startswith("ours:arc-http")
        crypto = any(str(d).startswith("cryptography==") for d in r.get("dists", []))
        if r.get("section") == "size" and ours_http and crypto:
            return r
    return None


def _median(record: Record | None, key: str) -> float | None:
    if record is None or key not in record:
        return None
    value = record[key]
    return float(value["median"]) if isinstance(value, Mapping) else float(value)


def _fmt(value: float | None, unit: str, spread: Record | None = None) -> str:
    if value is None:
        return "n/a"
    text = f"{number(value)}{unit}"
    if spread:
        text += f" ({number(spread['min'])}{DASH}{number(spread['max'])})"
    return text


def _met(value: float | None, ok: Callable[[float], bool]) -> str:
    if value is None:
        return "n/a"
    return "yes" if ok(value) else "**no**"


def _calls(record: Record | None) -> float | None:
    if record is None or "calls_per_op" not in record:
        return None
    return float(sum(record["calls_per_op"].values()))


def target_rows(records: list[dict[str, Any]]) -> list[list[str]]:
    """One row per target that this run measured (ours or 1.0.0)."""
    rows: list[list[str]] = []

    def add(
        name: str,
        goal: str,
        ours: Record | None,
        v1: Record | None,
        key: str,
        unit: str,
        ok: Callable[[float], bool],
    ) -> None:
        mine, theirs = _median(ours, key), _median(v1, key)
        if mine is None and theirs is None:
            return
        rows.append(
            [
                name,
                goal,
                _fmt(
                    mine,
                    unit,
                    ours.get(key) if ours and isinstance(ours.get(key), Mapping) else None,
                ),
                _fmt(theirs, unit),
                _met(mine, ok),
            ]
        )

    cold = "coldstart"
    add(
        "`import arc` over bare python (CPU)",
        "≤ 2 ms",
        _find(records, cold, "import arc", _is("ours")),
        _find(records, cold, "import arc", _is("v1")),
        "cpu_over_bare_ms",
        " ms",
        lambda v: v <= 2,
    )
    add(
        "`import arc_http` over bare python (minimal arc-http, CPU)",
        "≤ 2 ms",
        _find(records, cold, "import arc_http", _is("ours:arc-http")),
        _find(records, cold, "import arc", _is("v1")),
        "cpu_over_bare_ms",
        " ms",
        lambda v: v <= 2,
    )
    jwe = "first request, JWE session"
    add(
        "Cold first request with a JWE session, over bare python (CPU)",
        "≤ 25 ms",
        _find(records, cold, jwe, _is("ours")),
        _find(records, cold, jwe, _is("v1")),
        "cpu_over_bare_ms",
        " ms",
        lambda v: v <= 25,
    )
    add(
        "… over bare python with the event parsed (json imported, as in Lambda; CPU)",
        "≤ 25 ms",
        _find(records, cold, jwe, _is("ours")),
        _find(records, cold, jwe, _is("v1")),
        "cpu_over_harness_ms",
        " ms",
        lambda v: v <= 25,
    )
    add(
        "… the same with minimal arc-http + JWE",
        "≤ 25 ms",
        _find(records, cold, jwe, _jwe_http),
        _find(records, cold, jwe, _is("v1")),
        "cpu_over_bare_ms",
        " ms",
        lambda v: v <= 25,
    )
    v1_zip = _find(records, "size", None, _is("v1"))
    add(
        "Minimal arc-http zip, no sessions",
        "≤ 100 KB",
        _find(records, "size", None, _is("ours:arc-http")),
        v1_zip,
        "zip_kb",
        " KB",
        lambda v: v <= 100,
    )
    add(
        "… the same without bytecode (`pip install --no-compile`)",
        "≤ 100 KB",
        _find(records, "size", None, _is("ours:arc-http")),
        v1_zip,
        "zip_kb_no_bytecode",
        " KB",
        lambda v: v <= 100,
    )
    crypto = _median(_find(records, "size", None, _is("cryptography")), "zip_kb")
    if crypto is not None:
        add(
            "Minimal arc-http zip with JWE",
            f"≈ cryptography's own ({_fmt(crypto, ' KB')})",
            _jwe_zip(records),
            v1_zip,
            "zip_kb",
            " KB",
            lambda v: v <= crypto + JWE_ZIP_LEEWAY_KB,
        )
    small = "res small JSON"
    add(
        "`res` small JSON vs its floor",
        f"≤ 2{TIMES}",
        _find(records, "percall", small, _is("ours")),
        _find(records, "percall", small, _is("v1")),
        "x_floor",
        TIMES,
        lambda v: v <= 2,
    )
    powertools = _find(records, "percall", small, _is("powertools"))
    v1_small = _find(records, "percall", small, _is("v1"))
    if powertools is not None:
        faster = _median(powertools, "x_ours")
        theirs = None
        if v1_small is not None:
            theirs = _median(powertools, "per_call_us")
            base = _median(v1_small, "per_call_us")
            theirs = theirs / base if theirs is not None and base else None
        rows.append(
            [
                "`res` small JSON: times faster than Powertools",
                f"≥ 3{TIMES}",
                _fmt(faster, TIMES, powertools.get("x_ours")),
                _fmt(theirs, TIMES),
                _met(faster, lambda v: v >= 3),
            ]
        )
    both = "JWE read+write"
    add(
        "JWE read + write vs its floor",
        f"≤ 2{TIMES}",
        _find(records, "percall", both, _is("ours")),
        _find(records, "percall", both, _is("v1")),
        "x_floor",
        TIMES,
        lambda v: v <= 2,
    )
    for case, what in TRANSPORT_CALLS:
        add(
            f"Cold first {what} over bare python vs the standard-library floor (CPU)",
            f"≤ 1.5{TIMES}",
            _find(records, "coldaws", case, _is("ours")),
            _find(records, "coldaws", case, _is("v1")),
            "x_floor",
            TIMES,
            lambda v: v <= 1.5,
        )
    for case, what in TRANSPORT_CALLS:
        add(
            f"Warm client CPU of {what}, lean transport vs `ARC_AWS_SDK=boto3`",
            f"≤ 1{TIMES}",
            _find(records, "aws", case, _is("ours")),
            _find(records, "aws", case, _is("v1")),
            "cpu_x_sdk",
            TIMES,
            lambda v: v <= 1,
        )
    for case, what in (("DynamoDB session read", "read"), ("DynamoDB session write", "write")):
        mine = _calls(_find(records, "aws", case, _is("ours")))
        theirs = _calls(_find(records, "aws", case, _is("v1")))
        if mine is None and theirs is None:
            continue
        rows.append(
            [
                f"DynamoDB sessions: AWS calls per {what}",
                "1",
                _fmt(mine, ""),
                _fmt(theirs, ""),
                _met(mine, lambda v: v <= 1),
            ]
        )
    return rows
