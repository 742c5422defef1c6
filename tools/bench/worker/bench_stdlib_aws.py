"""The standard-library floor of an AWS call: what a minimal hand-written script spends.

No SDK and no library: `http.client` on one kept-alive connection, SigV4 by hand with
`hashlib`/`hmac`, the body with `json` (or a form for SNS), and the physical names
known beforehand (`BENCH_TOPIC_ARN`, `BENCH_SESSION_TABLE`, `BENCH_NOTES_TABLE`), so
there is no service-map lookup. Credentials, region and endpoint come from the usual
`AWS_*` variables. It makes the same data-plane calls as the library it is held
against, checks the reply, and does nothing else (no cookie, no session logic).

The bench runs each case cold, as a whole process: a bare venv's python doing
`import bench_stdlib_aws` (bytecode cached, as a deployed Lambda's is) and the case's
function, nothing more. The endpoint is the bench's plain-HTTP proxy, so neither this
nor the libraries pay for TLS. `bench_aws_cases` registers the same calls as the
`stdlib` kind of the warm AWS rounds.

Stdlib only: this runs inside the bare venv.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import time
from http.client import HTTPConnection
from urllib.parse import urlencode

__all__ = ["CASES", "dynamodb", "events_publish", "new_visitor", "publish", "sign", "tables_get"]

# A small JSON message, as bench_payloads.SMALL (written out: this module stands alone).
MESSAGE = {"ok": True, "message": "hello", "count": 3}
NOTE_KEY = {"id": {"S": "note-1"}}
WEEK = 604800

_connection: HTTPConnection | None = None


def sign(
    method: str,
    host: str,
    path: str,
    headers: dict[str, str],
    body: bytes,
    *,
    service: str,
    region: str,
    access_key: str,
    secret_key: str,
    amz_date: str,
) -> str:
    """The `Authorization` header of SigV4 for a request whose headers (Host and
    X-Amz-Date among them) are all signed."""
    signed = {name.lower(): " ".join(value.split()) for name, value in headers.items()}
    names = ";".join(sorted(signed))
    canonical = "\n".join(
        (
            method,
            path,
            "",
            "".join(f"{name}:{signed[name]}\n" for name in sorted(signed)),
            names,
            hashlib.sha256(body).hexdigest(),
        )
    )
    scope = f"{amz_date[:8]}/{region}/{service}/aws4_request"
    to_sign = "\n".join(
        ("AWS4-HMAC-SHA256", amz_date, scope, hashlib.sha256(canonical.encode()).hexdigest())
    )
    key = ("AWS4" + secret_key).encode()
    for part in (amz_date[:8], region, service, "aws4_request"):
        key = hmac.digest(key, part.encode(), "sha256")
    signature = hmac.new(key, to_sign.encode(), hashlib.sha256).hexdigest()
    return (
        f"AWS4-HMAC-SHA256 Credential={access_key}/{scope}, "
        f"SignedHeaders={names}, Signature={signature}"
    )


def _call(service: str, headers: dict[str, str], body: bytes) -> bytes:
    """POST `body` to the endpoint, signed for `service`; the reply's body (2xx only)."""
    global _connection
    host = os.environ["AWS_ENDPOINT_URL"].split("://", 1)[1].rstrip("/")
    if _connection is None:
        _connection = HTTPConnection(host, timeout=30)
    headers = {
        **headers,
        "Host": host,
        "X-Amz-Date": time.strftime("%Y%m%dT%H%M%SZ", time.gmtime()),
    }
    token = os.environ.get("AWS_SESSION_TOKEN")
    if token:
        headers["X-Amz-Security-Token"] = token
    headers["Authorization"] = sign(
        "POST",
        host,
        "/",
        headers,
        body,
        service=service,
        region=os.environ["AWS_REGION"],
        access_key=os.environ["AWS_ACCESS_KEY_ID"],
        secret_key=os.environ["AWS_SECRET_ACCESS_KEY"],
        amz_date=headers["X-Amz-Date"],
    )
    _connection.request("POST", "/", body, headers)
    reply = _connection.getresponse()
    data = reply.read()
    if reply.status >= 300:
        raise RuntimeError(f"{service} answered {reply.status}: {data[:300]!r}")
    return data


def dynamodb(operation: str, params: dict[str, object]) -> dict[str, object]:
    """One DynamoDB call (JSON 1.0 protocol), its reply decoded."""
    headers = {
        "Content-Type": "application/x-amz-json-1.0",
        "X-Amz-Target": f"DynamoDB_20120810.{operation}",
    }
    reply: dict[str, object] = json.loads(_call("dynamodb", headers, json.dumps(params).encode()))
    return reply


def publish(topic_arn: str, message: str) -> str:
    """SNS Publish (query protocol); the MessageId."""
    body = urlencode(
        {"Action": "Publish", "Version": "2010-03-31", "TopicArn": topic_arn, "Message": message}
    ).encode()
    headers = {"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"}
    reply = _call("sns", headers, body)
    start = reply.find(b"<MessageId>")
    if start < 0:
        raise RuntimeError(f"no MessageId in {reply[:300]!r}")
    return reply[start + 11 : reply.find(b"</MessageId>")].decode()


def events_publish() -> None:
    """`arc.events.publish`'s call: one SNS Publish of a JSON message, the ARN known."""
    publish(os.environ["BENCH_TOPIC_ARN"], json.dumps(MESSAGE))


def new_visitor() -> None:
    """A new visitor's DynamoDB session: the new row, put once when the response saves it
    (what `session_read`, which stores nothing yet, plus `res` with the session send)."""
    table = os.environ["BENCH_SESSION_TABLE"]
    item = {
        "_idx": {"S": os.urandom(18).hex()},
        "_secret": {"S": os.urandom(18).hex()},
        "_ttl": {"N": str(int(time.time()) + WEEK)},
    }
    dynamodb("PutItem", {"TableName": table, "Item": item})


def tables_get() -> None:
    """A data-layer get: one GetItem, the item's attributes unwrapped from their types."""
    table = os.environ["BENCH_NOTES_TABLE"]
    found = dynamodb("GetItem", {"TableName": table, "Key": NOTE_KEY})["Item"]
    if not isinstance(found, dict):
        raise RuntimeError(f"no item: {found!r}")
    item = {name: next(iter(value.values())) for name, value in found.items()}
    if item.get("title") != "hello":
        raise RuntimeError(f"wrong item: {item!r}")


# The bench's case names (tools/bench/_coldaws.py) and what the floor does for each.
CASES = {
    "events publish": events_publish,
    "DynamoDB new visitor: read, then respond with the session": new_visitor,
    "tables get": tables_get,
}
