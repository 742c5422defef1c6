"""`send`, `close`, `info` and `api`: one call to the API Gateway management API each.

Locally the calls go to the sandbox's `/_arc/ws` on its `_arc` port; on AWS to
`ARC_WSS_URL` with `wss` made `https`. arc_core makes that choice and the call itself
(`aws_call`); boto3 is loaded only by `api()`, for those who want its client.
"""

from __future__ import annotations

from ._errors import GoneError

# `typing` costs milliseconds to import: it is only needed by the type checker.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from arc_core import Service

__all__ = ["api", "close", "info", "send"]

# API Gateway's answer for a connection that has gone (aws-lite's apigatewaymanagementapi
# plugin, and the sandbox's src/arc/_ws/index.js): HTTP 410, x-amzn-ErrorType GoneException.
GONE_STATUS = 410
GONE_ERROR_CODE = "GoneException"
# The management API's service name in arc_core (and boto3).
SERVICE: Service = "apigatewaymanagementapi"
# Keys of a response that describe the HTTP exchange, not the connection.
_RESPONSE_METADATA = "ResponseMetadata"


def api() -> Any:
    """Return a boto3 `apigatewaymanagementapi` client for the app's WebSocket API.

    `send`, `close` and `info` need no boto3; this is for the operations they do not
    cover. Made once per process: locally for the sandbox at
    `http://localhost:<_arc port>/_arc/ws`,
    on AWS for `ARC_WSS_URL` (`wss://` made `https://`). Raises `ConfigError` on AWS when
    `ARC_WSS_URL` is unset (or locally when `ARC_SANDBOX` has no `_arc` port), and
    `MissingDependencyError` when boto3 is not installed.

    >>> api().get_connection(ConnectionId=connection_id)  # doctest: +SKIP
    """
    from arc_core import aws_client

    return aws_client(SERVICE)


def send(id: str, payload: object) -> None:
    """Send `payload` to the WebSocket connection `id` as one message.

    A str is sent as it is (its UTF-8 bytes), bytes as they are, and anything else as
    compact JSON, byte for byte what Node's `arc.ws.send` sends. Raises `GoneError`
    when the connection has gone, `ServiceError` when API Gateway or the sandbox fails
    or cannot be reached, `ConfigError` when the endpoint is not configured, `TypeError`
    for a payload JSON cannot hold or an id that is not a str, `ValueError` for an
    empty id.

    >>> send(event["requestContext"]["connectionId"], {"ok": True})  # doctest: +SKIP
    """
    post(connection_id_of(id), encode_payload(payload))


def close(id: str) -> None:
    """Close the WebSocket connection `id` (API Gateway's `DeleteConnection`).

    Raises `GoneError` when it has already gone, `ServiceError` or `ConfigError` as
    `send` does.

    >>> close(connection_id)  # doctest: +SKIP
    """
    _call("DeleteConnection", "closing", connection_id_of(id))


def info(id: str) -> dict[str, Any]:
    """Return what API Gateway knows about the connection `id` (`GetConnection`).

    The keys are Node's: `ConnectedAt` and `LastActiveAt` (datetimes), `Identity`
    (`SourceIp`, `UserAgent`); the sandbox gives `ConnectedAt` only. Raises `GoneError`
    when the connection has gone, `ServiceError` or `ConfigError` as `send` does.

    >>> info(connection_id)["ConnectedAt"]  # doctest: +SKIP
    datetime.datetime(2024, 5, 1, 12, 0, tzinfo=datetime.timezone.utc)
    """
    response = _call("GetConnection", "reading", connection_id_of(id))
    return {key: value for key, value in response.items() if key != _RESPONSE_METADATA}


def connection_id_of(value: object) -> str:
    """`value` checked as a connection id: a str (`TypeError`) that is not empty (`ValueError`)."""
    if not isinstance(value, str):
        raise TypeError(f"a WebSocket connection id is a str, not {type(value).__name__}")
    if not value:
        raise ValueError("the WebSocket connection id is empty")
    return value


def encode_payload(payload: object) -> bytes:
    """The bytes `send` puts on the wire for `payload`; `TypeError` if JSON cannot hold it."""
    if isinstance(payload, str):
        from arc_core import node_utf8

        return node_utf8(payload)
    if isinstance(payload, (bytes, bytearray, memoryview)):
        return bytes(payload)
    from arc_core import dumps

    return dumps(payload).encode()


def check_endpoint() -> None:
    """Raise `ConfigError` now when calls could not say where to go (no `ARC_WSS_URL`)."""
    from arc_core import endpoint_url

    endpoint_url(SERVICE)


def post(connection_id: str, data: bytes) -> None:
    """Send the encoded `data` to one connection (or to the installed outbox)."""
    from arc_core import outbox

    box = outbox()
    if box is not None:
        box.send(connection_id, data)
        return
    _call("PostToConnection", "sending to", connection_id, Data=data)


def _call(operation: str, action: str, connection_id: str, **params: Any) -> dict[str, Any]:
    from arc_core import AwsError, aws_call

    params["ConnectionId"] = connection_id
    try:
        return aws_call(
            SERVICE, operation, params, action=f"{action} WebSocket connection {connection_id!r}"
        )
    except AwsError as err:
        if err.code == GONE_ERROR_CODE or err.status == GONE_STATUS:
            raise GoneError(connection_id) from err
        raise
