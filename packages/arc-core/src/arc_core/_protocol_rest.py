"""The REST-JSON protocol of the API Gateway management API (`@connections/{id}`).

The endpoint already holds the stage (`https://{api}.execute-api.{region}.amazonaws.com/
{stage}`, or the sandbox's `/_arc/ws`); each call adds `/@connections/{id}` with the id
percent-encoded, since ids may hold `=`, `/` or `+`.
"""

from __future__ import annotations

import json
from urllib.parse import quote

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping
    from datetime import datetime
    from typing import Any

    from ._connections import Reply

__all__ = ["build", "error", "result"]

# Operation -> HTTP method; every one addresses a single connection.
METHODS = {"PostToConnection": "POST", "GetConnection": "GET", "DeleteConnection": "DELETE"}
# GetConnection's JSON names and the names botocore gives them.
_FIELDS = {"connectedAt": "ConnectedAt", "lastActiveAt": "LastActiveAt", "identity": "Identity"}
_IDENTITY = {"sourceIp": "SourceIp", "userAgent": "UserAgent"}


def build(
    service: str, operation: str, params: Mapping[str, Any]
) -> tuple[str, str, dict[str, str], bytes]:
    """Method, path, headers and body of one management API call."""
    try:
        method = METHODS[operation]
    except KeyError:
        raise ValueError(f"the management API has no operation {operation!r}") from None
    connection_id = params.get("ConnectionId")
    if not isinstance(connection_id, str) or not connection_id:
        raise TypeError(f"{operation} needs a ConnectionId (a non-empty str)")
    data = params.get("Data", b"")
    body = data.encode() if isinstance(data, str) else bytes(data)
    return method, "/@connections/" + quote(connection_id, safe="-._~"), {}, body


def _timestamp(value: object) -> datetime | object:
    """An ISO 8601 text or epoch seconds as an aware datetime, as botocore reads both."""
    from datetime import datetime, timezone

    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return datetime.fromtimestamp(value, timezone.utc)
    if not isinstance(value, str):
        return value

    try:
        parsed = datetime.fromisoformat(value[:-1] + "+00:00" if value.endswith("Z") else value)
    except ValueError:
        return value
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)


def result(service: str, operation: str, reply: Reply) -> dict[str, Any]:
    """GetConnection's reply with botocore's names and datetimes; `{}` for the others."""
    if operation != "GetConnection" or not reply.body:
        return {}
    document: Any = json.loads(reply.body)
    found: dict[str, Any] = {}
    for name, value in document.items() if isinstance(document, dict) else ():
        key = _FIELDS.get(str(name), str(name))
        if key == "Identity" and isinstance(value, dict):
            value = {_IDENTITY.get(field, field): member for field, member in value.items()}
        elif key in ("ConnectedAt", "LastActiveAt"):
            value = _timestamp(value)
        found[key] = value
    return found


def error(service: str, reply: Reply) -> dict[str, Any]:
    """botocore's `Error`: the code from `x-amzn-errortype`, the body, else the status."""
    from ._protocol_json import error_document, short_code

    document = error_document(reply.body)
    code = (
        reply.headers.get("x-amzn-errortype")
        or document.get("code")
        or document.get("Code")
        or document.get("__type")
        or str(reply.status)
    )
    code = short_code(str(code))
    message = document.get("message", document.get("Message", ""))
    return {"Code": code, "Message": str(message or "")}
