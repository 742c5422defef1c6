"""Our wheels alone, with neither boto3 nor botocore installed, against a real moto_server.

A fresh venv gets the built wheels of the workspace and their declared dependencies
only; a program run there uses every AWS feature of the library (the service map, the
tables data layer, DynamoDB sessions, publish and publish_batch for events and queues,
WebSocket send, info and close) and reports what it got and what it loaded.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

from arc_core import aws_client
from tests.arc_events.helpers import receive
from tests.conftest import PutParameter

ROOT = Path(__file__).resolve().parents[2]

PROGRAM = """
import json
import sys

import arc
from arc_core import AwsError

report = {"services": arc.services()["tables"]}
notes = arc.tables.client().notes
notes.put({"id": "a", "price": 9.99, "blob": b"\\x00\\xff", "tags": {"x", "y"}})
item = notes.get({"id": "a"})
report["item"] = [item["id"], item["price"], item["blob"].hex(), sorted(item["tags"])]
report["missing"] = notes.get({"id": "nope"})

session = arc.http.session_read({"headers": {}})
cookie = arc.http.session_write({**session, "user": "ada"}).split(";", 1)[0]
report["session"] = arc.http.session_read({"headers": {"cookie": cookie}}).get("user")

report["event"] = sorted(arc.events.publish("ping", {"n": -1}))
report["event_batch"] = arc.events.publish_batch("ping", [{"n": n} for n in range(12)])
report["queue"] = "MessageId" in arc.queues.publish("jobs", {"n": -1})
report["queue_batch"] = arc.queues.publish_batch("jobs", [{"n": n} for n in range(12)])

arc.ws.send("L0SM9cOFvHcCIhw=", {"hello": "world"})
report["ws_info"] = sorted(arc.ws.info("L0SM9cOFvHcCIhw="))
arc.ws.close("L0SM9cOFvHcCIhw=")
report["send_many"] = arc.ws.send_many(["a", "b", "c"], "hi")

try:
    notes.put({"id": "a"}, ConditionExpression="attribute_not_exists(id)")
except AwsError as err:
    report["refusal"] = [type(err).__name__, err.code, err.status]

report["loaded"] = sorted(m for m in ("boto3", "botocore", "cryptography") if m in sys.modules)
print(json.dumps(report))
"""


def _uv() -> str:
    found = shutil.which("uv") or str(ROOT / ".tools" / "uv" / "bin" / "uv")
    if not Path(found).exists():
        pytest.fail("uv is not on PATH: run the suite with tools/test, which installs it")
    return found


def _run(*command: str | Path, env: dict[str, str] | None = None) -> str:
    result = subprocess.run(
        [str(part) for part in command],
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
        env=env,
    )
    assert result.returncode == 0, f"{command}:\n{result.stdout}\n{result.stderr}"
    return result.stdout


@pytest.fixture(scope="module")
def lean_python(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A venv holding `architect-functions` from the built wheels: no boto3, no botocore."""
    scratch = tmp_path_factory.mktemp("lean")
    dist = scratch / "dist"
    uv = _uv()
    _run(uv, "build", "--all-packages", "--wheel", "--quiet", "-o", dist, "--directory", ROOT)
    venv = scratch / "venv"
    _run(uv, "venv", "--quiet", "--python", sys.executable, venv)
    python = venv / "bin" / "python"
    _run(
        uv,
        "pip",
        "install",
        "--quiet",
        "--python",
        python,
        "--find-links",
        dist,
        "architect-functions",
    )
    absent = _run(
        python,
        "-c",
        "import importlib.util as u; print(u.find_spec('boto3'), u.find_spec('botocore'))",
    )
    assert absent.split() == ["None", "None"]
    return python


def _make_app(stack: str, put_parameter: PutParameter) -> tuple[str, str]:
    """The app's resources in moto, as Architect deploys them; the inbox queue of each."""
    db = aws_client("dynamodb")
    for logical, key in (("notes", "id"), ("sessions", "_idx")):
        db.create_table(
            TableName=f"{stack}-{logical}",
            KeySchema=[{"AttributeName": key, "KeyType": "HASH"}],
            AttributeDefinitions=[{"AttributeName": key, "AttributeType": "S"}],
            BillingMode="PAY_PER_REQUEST",
        )
        put_parameter(f"tables/{logical}", f"{stack}-{logical}")
    sqs, sns = aws_client("sqs"), aws_client("sns")
    jobs = sqs.create_queue(QueueName=f"{stack}-jobs")["QueueUrl"]
    put_parameter("queues/jobs", jobs)
    inbox = sqs.create_queue(QueueName=f"{stack}-inbox")["QueueUrl"]
    inbox_arn = sqs.get_queue_attributes(QueueUrl=inbox, AttributeNames=["QueueArn"])
    topic = sns.create_topic(Name=f"{stack}-ping")["TopicArn"]
    sns.subscribe(
        TopicArn=topic,
        Protocol="sqs",
        Endpoint=inbox_arn["Attributes"]["QueueArn"],
        Attributes={"RawMessageDelivery": "true"},
    )
    put_parameter("events/ping", topic)
    return jobs, inbox


def test_every_aws_feature_works_with_our_wheels_alone(
    lean_python: Path, aws: str, put_parameter: PutParameter
) -> None:
    jobs, inbox = _make_app(aws, put_parameter)
    env = {key: value for key, value in os.environ.items() if key.startswith(("AWS_", "ARC_"))}
    env.update(
        PATH=os.environ.get("PATH", ""),
        ARC_SESSION_TABLE_NAME="sessions",
        ARC_APP_SECRET="a-secret-for-the-lean-venv",
    )
    program = textwrap.dedent(PROGRAM)
    report: dict[str, Any] = json.loads(_run(lean_python, "-c", program, env=env))

    assert report["loaded"] == []
    assert report["services"] == {"notes": f"{aws}-notes", "sessions": f"{aws}-sessions"}
    assert report["item"] == ["a", 9.99, "00ff", ["x", "y"]]
    assert report["missing"] is None
    assert report["session"] == "ada"
    assert report["event"] == ["MessageId", "ResponseMetadata"]
    assert report["event_batch"] == []
    assert report["queue_batch"] == []
    assert report["queue"] is True
    assert report["ws_info"] == ["ConnectedAt", "Identity", "LastActiveAt"]
    assert report["send_many"] == []
    assert report["refusal"] == ["AwsError", "ConditionalCheckFailedException", 400]
    published = sorted(json.loads(message["Body"])["n"] for message in receive(inbox, 13))
    assert published == list(range(-1, 12))
    queued = sorted(json.loads(message["Body"])["n"] for message in receive(jobs, 13))
    assert queued == list(range(-1, 12))
