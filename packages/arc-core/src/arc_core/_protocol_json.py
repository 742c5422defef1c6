"""The AWS JSON protocol (1.0 and 1.1) of DynamoDB, SSM and SQS.

Every call is `POST /` with the operation in `X-Amz-Target` and its parameters as a
JSON body (bytes base64-encoded, as botocore sends blobs). SQS speaks it in its
query-compatible mode: `x-amzn-query-mode: true`, and errors that also name the legacy
query code in `x-amzn-query-error`, which botocore reports as the code.
"""

from __future__ import annotations

import json

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping
    from typing import Any

    from ._connections import Reply

__all__ = ["build", "error", "result"]

# Service -> (X-Amz-Target prefix, JSON version), from botocore's service models.
TARGETS = {
    "dynamodb": ("DynamoDB_20120810", "1.0"),
    "ssm": ("AmazonSSM", "1.1"),
    "sqs": ("AmazonSQS", "1.0"),
}


def _blob(value: object) -> str:
    if isinstance(value, (bytes, bytearray, memoryview)):
        import base64

        return base64.b64encode(value).decode()
    raise TypeError(f"an AWS request cannot hold a {type(value).__name__}: {value!r}")


def build(
    service: str, operation: str, params: Mapping[str, Any]
) -> tuple[str, str, dict[str, str], bytes]:
    """Method, path, headers and body of one JSON-protocol call."""
    prefix, version = TARGETS[service]
    headers = {
        "Content-Type": f"application/x-amz-json-{version}",
        "X-Amz-Target": f"{prefix}.{operation}",
    }
    if service == "sqs":
        headers["x-amzn-query-mode"] = "true"
    body = json.dumps(params, separators=(",", ":"), default=_blob).encode()
    return "POST", "/", headers, body


def result(service: str, operation: str, reply: Reply) -> dict[str, Any]:
    """The parsed reply of a successful call (`{}` for an empty body)."""
    if not reply.body:
        return {}
    parsed: dict[str, Any] = json.loads(reply.body)
    return parsed


def short_code(text: str) -> str:
    """An error type as botocore reports it: `ns#Name:detail` gives `Name`.

    >>> short_code("com.amazonaws.sqs#QueueDoesNotExist:http://x")
    'QueueDoesNotExist'
    """
    return text.split(":", 1)[0].rsplit("#", 1)[-1]


def error_document(body: bytes) -> dict[str, Any]:
    """The JSON object of an error reply's body; `{}` for anything else (HTML, text, bytes)."""
    try:
        document: Any = json.loads(body) if body else {}
    except ValueError:  # UnicodeDecodeError included
        return {}
    return document if isinstance(document, dict) else {}


def error(service: str, reply: Reply) -> dict[str, Any]:
    """botocore's `Error` of a failed call: `Code`, `Message`, and SQS's legacy fields."""
    document = error_document(reply.body)
    code = short_code(str(document.get("__type") or document.get("code") or ""))
    message = document.get("message", document.get("Message", ""))
    found: dict[str, Any] = {"Code": code or str(reply.status), "Message": str(message or "")}
    legacy = reply.headers.get("x-amzn-query-error", "").split(";")
    if service == "sqs" and len(legacy) == 2 and legacy[0]:
        found.update(Code=legacy[0], Type=legacy[1], QueryErrorCode=code)
    return found
