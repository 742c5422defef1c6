"""The two errors a WebSocket send can end in beyond arc_core's: a gone connection, a fan-out."""

from __future__ import annotations

from arc_core import ServiceError

__all__ = ["GoneError", "SendManyError"]

# How many failures a SendManyError message lists before it says "and N more".
_LISTED_FAILURES = 3


class GoneError(ServiceError):
    """The connection has gone: the client disconnected, or the id was never connected.

    API Gateway (and the sandbox) answer `410 GoneException`. Catch it to forget the
    id; `connection_id` names it.

    >>> try:
    ...     send(connection_id, {"hello": "world"})  # doctest: +SKIP
    ... except GoneError:
    ...     forget(connection_id)
    """

    def __init__(self, connection_id: str) -> None:
        super().__init__(
            f"WebSocket connection {connection_id!r} is gone (the client has disconnected): "
            "forget this connection id"
        )
        self.connection_id = connection_id


class SendManyError(ServiceError):
    """`send_many` tried every connection and some failed for reasons other than gone.

    `errors` maps each failed id to its exception (a `ServiceError` for AWS or sandbox
    failures); `gone` lists the ids that were gone, as `send_many` would have returned.
    The first failure is chained as `__cause__`.
    """

    def __init__(self, errors: dict[str, Exception], gone: list[str], total: int) -> None:
        listed = "; ".join(
            f"{key!r}: {error}" for key, error in list(errors.items())[:_LISTED_FAILURES]
        )
        more = len(errors) - _LISTED_FAILURES
        super().__init__(
            f"sending to {len(errors)} of {total} WebSocket connections failed "
            f"({len(gone)} gone): {listed}" + (f"; and {more} more" if more > 0 else "")
        )
        self.errors = errors
        self.gone = gone


# Tracebacks and reprs show the public path (arc_ws.GoneError), not this module.
for _error in (GoneError, SendManyError):
    _error.__module__ = "arc_ws"
