"""tools/bench runs end to end and says something real; no timing is asserted.

The smoke run uses `--quick` with the subjects that need nothing but this workspace
(bare python, our wheels, the floors' cryptography and brotli): every section runs,
the AWS ones against a real moto_server behind the bench's counting proxy; `ours` there
also runs as `ours-boto3` (`ARC_AWS_SDK=boto3`), and the bare venv runs the
standard-library AWS floor.
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import urllib.request
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from tools.bench._coldaws import COLD_AWS_CASES
from tools.bench._coldstart import _entries, _top_level
from tools.bench._proxy import CountingProxy, operation_of
from tools.bench._report import DOC_BEGIN, DOC_END, render, update_docs
from tools.bench._stats import differences, ratios, spread
from tools.bench.worker import bench_stdlib_aws

REPO = Path(__file__).resolve().parents[2]
# Its own cache, so a smoke run never rebuilds the wheels under a full run's feet.
CACHE = REPO / "out" / "bench" / "test-cache"
SUBJECTS = "bare,ours,floor,ours:architect-functions-core"


@pytest.fixture(scope="module")
def smoke(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, list[dict[str, Any]]]:
    out = tmp_path_factory.mktemp("bench") / "results.jsonl"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "tools.bench",
            "--quick",
            "--subjects",
            SUBJECTS,
            "--out",
            str(out),
            "--cache",
            str(CACHE),
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-4000:]
    records = [json.loads(line) for line in out.read_text().splitlines()]
    return done.stdout, records


def _one(records: list[dict[str, Any]], section: str, case: str, subject: str) -> dict[str, Any]:
    found = [
        r
        for r in records
        if r["section"] == section and r["case"] == case and r["subject"] == subject
    ]
    assert len(found) == 1, f"{section}/{case}/{subject}: {found}"
    return found[0]


def test_every_json_line_belongs_to_one_run_that_names_its_machine(
    smoke: tuple[str, list[dict[str, Any]]],
) -> None:
    _, records = smoke
    assert len({r["run"] for r in records}) == 1
    meta = [r for r in records if r["section"] == "meta"]
    assert len(meta) == 1
    assert meta[0]["machine"]["nproc"] >= 1
    assert meta[0]["quick"] is True
    sections = {r["section"] for r in records}
    assert sections >= {"meta", "coldstart", "coldaws", "percall", "aws", "size"}


def test_import_arc_is_measured_against_bare_python(
    smoke: tuple[str, list[dict[str, Any]]],
) -> None:
    _, records = smoke
    floor = _one(records, "coldstart", "python -c pass", "bare")
    row = _one(records, "coldstart", "import arc", "ours")
    assert floor["wall_ms"]["median"] > 0
    assert row["wall_ms"]["median"] > 0
    assert row["wall_ms"]["min"] <= row["wall_ms"]["median"] <= row["wall_ms"]["max"]
    assert row["cpu_ms"]["median"] > 0
    assert "over_bare_ms" in row
    assert "cpu_over_bare_ms" in row
    assert "over_bare_ms" not in floor
    # Peak RSS of a real interpreter, read from the child itself: megabytes, not zero.
    assert 1 < row["rss_mb"]["median"] < 500
    core = _one(records, "coldstart", "import arc_core", "ours:architect-functions-core")
    assert core["import_ms"]["n"] >= 1
    # Where the import time went: our own modules, named as -X importtime names them.
    assert any(name.startswith("arc") for name, _ in row["top_imports"]), row["top_imports"]


def test_floors_are_timed_and_every_case_is_accounted_for(
    smoke: tuple[str, list[dict[str, Any]]],
) -> None:
    _, records = smoke
    floor = _one(records, "percall", "res small JSON", "floor")
    assert floor["per_call_us"]["median"] > 0
    assert floor["batch"] >= 1
    for case in ("res small JSON", "parse_body JSON", "JWE read", "JWE write"):
        ours = _one(records, "percall", case, "ours")
        # Measured against its floor, or a stated reason why not.
        assert "x_floor" in ours or ours.get("unavailable") or ours.get("failed"), ours


def test_aws_calls_are_counted_at_the_proxy(smoke: tuple[str, list[dict[str, Any]]]) -> None:
    _, records = smoke
    aws = [r for r in records if r["section"] == "aws"]
    assert {r["case"] for r in aws} >= {"DynamoDB session read", "events publish", "tables get"}
    measured = [r for r in aws if "calls_per_op" in r]
    assert measured, aws
    for record in measured:
        # Only a new visitor's bare read may call nothing: ours stores the session at `res`.
        if record["case"] != "DynamoDB new visitor":
            assert sum(record["calls_per_op"].values()) > 0, record
        assert all("." in op for op in record["calls_per_op"])  # service.Operation


def test_cold_aws_calls_are_held_to_the_standard_library_floor(
    smoke: tuple[str, list[dict[str, Any]]],
) -> None:
    _, records = smoke
    bare = _one(records, "coldaws", "python -c pass", "bare")
    assert bare["cpu_ms"]["median"] > 0
    assert set(COLD_AWS_CASES) == {
        "events publish",
        "DynamoDB new visitor: read, then respond with the session",
        "tables get",
    }
    for case in COLD_AWS_CASES:
        floor = _one(records, "coldaws", case, "stdlib")
        assert floor["cpu_ms"]["median"] > 0, floor
        assert "cpu_over_bare_ms" in floor
        assert "x_floor" not in floor
        # The floor knows the physical names: no service map, only the data-plane calls.
        assert floor["calls"], floor
        assert not any(op.startswith("ssm.") for op in floor["calls"]), floor
        for subject in ("ours", "ours-boto3"):
            row = _one(records, "coldaws", case, subject)
            assert "x_floor" in row, row
            assert "x_floor_process" in row
            assert row["cpu_over_bare_ms"]["n"] == row["x_floor"]["n"] >= 1
            # The same data-plane calls as the floor, and the service-map lookup besides.
            data = {op: n for op, n in row["calls"].items() if not op.startswith("ssm.")}
            assert data == floor["calls"], (row["calls"], floor["calls"])
            assert "ssm.GetParametersByPath" in row["calls"]


def test_warm_aws_calls_compare_the_lean_transport_with_boto3(
    smoke: tuple[str, list[dict[str, Any]]],
) -> None:
    _, records = smoke
    for case in COLD_AWS_CASES:
        lean = _one(records, "aws", case, "ours")
        sdk = _one(records, "aws", case, "ours-boto3")
        assert "cpu_x_sdk" in lean, lean
        assert "cpu_x_sdk" not in sdk
        assert "cpu_x_ours" in sdk
        assert lean["calls_per_op"] == sdk["calls_per_op"]
        assert sdk["cpu_ms"]["median"] > 0


def test_zips_hold_the_install_without_the_lambda_runtime(
    smoke: tuple[str, list[dict[str, Any]]],
) -> None:
    _, records = smoke
    core = _one(records, "size", "architect-functions-core", "ours:architect-functions-core")
    assert core.get("zip_bytes", 0) > 0, core
    assert 0 < core["zip_kb_no_bytecode"] < core["zip_kb"]
    assert set(core["zip_kb_by_dist"]) == {"architect-functions-core"}
    assert core["dists"][0].startswith("architect-functions-core==")
    for record in records:
        if record["section"] == "size" and "dists" in record:
            assert not any(d.startswith(("boto3==", "botocore==")) for d in record["dists"])


def test_the_tables_print(smoke: tuple[str, list[dict[str, Any]]]) -> None:
    stdout, _ = smoke
    assert "### Cold start" in stdout
    assert "| import arc | ours (architect-functions) |" in stdout
    assert "### Per call" in stdout
    assert "### Lambda zip size" in stdout
    assert "| `import arc` over bare python (CPU) | ≤ 2 ms |" in stdout
    assert "### Cold first AWS call" in stdout
    assert "| events publish | standard library (floor) |" in stdout
    assert "| tables get | ours, ARC_AWS_SDK=boto3 |" in stdout
    assert "### Warm AWS calls" in stdout
    assert "Cold first `arc.events.publish` over bare python vs the standard-library" in stdout
    assert "Warm client CPU of `arc.tables` get, lean transport vs `ARC_AWS_SDK=boto3`" in stdout


# --- the pieces, without a run ---------------------------------------------------------


def test_paired_figures_come_round_by_round() -> None:
    assert differences([12.0, 30.0, 11.0], [10.0, 25.0, 10.0]).median == 2.0
    assert ratios([4.0, 9.0], [2.0, 3.0]).low == 2.0
    assert spread([3.0, 1.0, 2.0]).as_dict() == {"median": 2.0, "min": 1.0, "max": 3.0, "n": 3}
    with pytest.raises(ValueError, match="differ in length"):
        differences([1.0], [1.0, 2.0])


def test_importtime_lines_are_read_with_their_nesting() -> None:
    report = "\n".join(
        [
            "import time: self [us] | cumulative | imported package",
            "import time:       120 |        120 |   _io",
            "import time:       300 |       1500 | arc",
            "import time:       900 |        900 |   arc_core",
        ]
    )
    assert _top_level(report) == [("arc", 1500)]
    assert _entries(report)[2] == ("arc_core", 900, 900, 1)


def test_operations_are_named_by_service_and_action() -> None:
    auth = "AWS4-HMAC-SHA256 Credential=AKID/20260101/us-west-2/dynamodb/aws4_request, ..."
    headers = {"Authorization": auth, "X-Amz-Target": "DynamoDB_20120810.GetItem"}
    assert operation_of(headers, b"{}") == "dynamodb.GetItem"
    sns = {"Authorization": auth.replace("dynamodb", "sns")}
    assert operation_of(sns, b"Action=Publish&TopicArn=x") == "sns.Publish"


def test_the_floor_signs_as_botocore_does() -> None:
    from botocore.auth import SigV4Auth
    from botocore.awsrequest import AWSRequest
    from botocore.credentials import Credentials

    body = b'{"TableName": "notes", "Key": {"id": {"S": "a b"}}}'
    headers = {
        "Content-Type": "application/x-amz-json-1.0",
        "X-Amz-Target": "DynamoDB_20120810.GetItem",
    }
    request = AWSRequest(method="POST", url="http://127.0.0.1:8000/", data=body, headers=headers)
    SigV4Auth(Credentials("AKID", "secret"), "dynamodb", "us-west-2").add_auth(request)
    stamp = request.context["timestamp"]
    ours = bench_stdlib_aws.sign(
        "POST",
        "127.0.0.1:8000",
        "/",
        {**headers, "Host": "127.0.0.1:8000", "X-Amz-Date": stamp},
        body,
        service="dynamodb",
        region="us-west-2",
        access_key="AKID",
        secret_key="secret",
        amz_date=stamp,
    )
    assert ours == request.headers["Authorization"]


@pytest.fixture
def upstream() -> Iterator[str]:
    class Echo(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Echo)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    host, port = server.server_address[:2]
    yield f"http://{host!s}:{port}"
    server.shutdown()
    server.server_close()
    thread.join()


def test_the_proxy_forwards_and_counts(upstream: str) -> None:
    proxy = CountingProxy(upstream)
    url = proxy.start()
    try:
        for _ in range(2):
            request = urllib.request.Request(
                url, data=b'{"a":1}', headers={"X-Amz-Target": "AmazonSSM.GetParameter"}
            )
            with urllib.request.urlopen(request, timeout=10) as reply:
                assert reply.read() == b'{"a":1}'
        assert proxy.take() == {"unknown.GetParameter": 2}
        assert proxy.take() == {}
    finally:
        proxy.stop()


def test_docs_get_the_table_between_the_markers(tmp_path: Path) -> None:
    doc = tmp_path / "performance.md"
    doc.write_text(f"# Performance\n\nintro\n\n{DOC_BEGIN}\nold\n{DOC_END}\n\noutro\n")
    records = [
        {"section": "size", "case": "core", "subject": "ours:core", "zip_kb": 12.5}
        | {"unzipped_kb": 30.0, "files": 4, "dists": ["architect-functions-core==0.1.0"]}
        | {"zip_bytes": 12500, "zip_kb_no_bytecode": 9.0}
        | {"zip_kb_by_dist": {"architect-functions-core": 11.0}}
    ]
    update_docs(doc, render(records))
    text = doc.read_text()
    assert "old" not in text
    row = "| core | 12.5 | 9.00 | 30.0 | 4 | architect-functions-core==0.1.0 (11.0) |"
    assert row in text
    assert text.startswith("# Performance\n\nintro")
    assert text.endswith("outro\n")
    doc.write_text("no markers")
    with pytest.raises(ValueError, match="bench:begin"):
        update_docs(doc, "x")
