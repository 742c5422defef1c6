"""Batch publishing: payloads in AWS-sized chunks, and an account of every one not published.

SNS `PublishBatch` and SQS `SendMessageBatch` share the shape this module drives: up to
ten entries per call, each with an `Id`, and a response that lists `Failed` entries.
"""

from __future__ import annotations

from arc_core._aws_error import AwsError
from arc_core._errors import PublishBatchError, ServiceError

from ._message import noun

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Sequence
    from typing import Any

    from ._message import Pragma

    #: Sends one chunk of (entry id, JSON message) pairs, saying what it does in errors;
    #: returns AWS's response.
    SendChunk = Callable[[list[tuple[str, str]], str], dict[str, Any]]

__all__ = [
    "MAX_BATCH_BYTES",
    "MAX_BATCH_ENTRIES",
    "SANDBOX_ERROR_CODE",
    "BatchFailure",
    "chunks",
    "publish_locally",
    "send_in_chunks",
]

# Entries per PublishBatch / SendMessageBatch call, the most AWS accepts.
MAX_BATCH_ENTRIES = 10
# The most message bytes one PublishBatch or SendMessageBatch call may carry (256 KiB).
MAX_BATCH_BYTES = 262_144
# The code of a payload the sandbox's bus did not take: the bus itself gives none.
SANDBOX_ERROR_CODE = "SandboxError"


class BatchFailure:
    """One payload of `publish_batch` that was not published, and why.

    `index` is its position in the payloads given; `code`, `message` and `sender_fault`
    are AWS's (`sender_fault` False means retrying may succeed). Where AWS gave no answer,
    `code` says why as botocore names it (`EndpointConnectionError`, ...), or is
    `SandboxError` for the sandbox's bus.
    """

    __slots__ = ("code", "index", "message", "payload", "sender_fault")

    def __init__(
        self, index: int, payload: Any, code: str, message: str, sender_fault: bool
    ) -> None:
        self.index = index
        self.payload = payload
        self.code = code
        self.message = message
        self.sender_fault = sender_fault

    def _fields(self) -> tuple[Any, ...]:
        return (self.index, self.payload, self.code, self.message, self.sender_fault)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, BatchFailure):
            return NotImplemented
        return self._fields() == other._fields()

    def __repr__(self) -> str:
        return (
            f"BatchFailure(index={self.index}, payload={self.payload!r}, code={self.code!r}, "
            f"message={self.message!r}, sender_fault={self.sender_fault})"
        )


def chunks(messages: Sequence[str]) -> Iterator[tuple[int, int]]:
    """Yield `(start, stop)` ranges of at most ten messages and 256 KiB each.

    A message larger than the byte limit goes alone, for AWS to accept or refuse.
    """
    start = size = 0
    for index, message in enumerate(messages):
        length = len(message.encode())
        if index > start and (
            index - start == MAX_BATCH_ENTRIES or size + length > MAX_BATCH_BYTES
        ):
            yield start, index
            start, size = index, 0
        size += length
    if start < len(messages):
        yield start, len(messages)


def _summary(pragma: Pragma, name: str, total: int, failed: list[BatchFailure]) -> str:
    first = failed[0]
    return (
        f"{len(failed)} of {total} payloads were not published to {noun(pragma)} {name!r}; "
        f"the first, index {first.index}: {first.code}: {first.message}"
    )


def publish_locally(
    pragma: Pragma, name: str, payloads: Sequence[Any], messages: Sequence[str]
) -> list[BatchFailure]:
    """Publish each message with its own POST to the sandbox's bus (it has no batches).

    The bus fails a name or not at all, so the first failure stops the batch: raises
    `PublishBatchError` listing that payload and every later one, chained to the cause.
    """
    from ._bus import post

    for index, message in enumerate(messages):
        try:
            post(pragma, name, message)
        except ServiceError as err:
            failed = [
                BatchFailure(later, payloads[later], SANDBOX_ERROR_CODE, str(err), False)
                for later in range(index, len(messages))
            ]
            raise PublishBatchError(_summary(pragma, name, len(messages), failed), failed) from err
    return []


def send_in_chunks(
    pragma: Pragma,
    name: str,
    target: str,
    payloads: Sequence[Any],
    messages: Sequence[str],
    send: SendChunk,
    *,
    raise_on_failure: bool,
) -> list[BatchFailure]:
    """Send `messages` through `send` in chunks; return the payloads AWS did not take.

    An entry AWS refuses, or a chunk AWS refuses whole (an AWS error response), is
    recorded and the next chunk goes on. When AWS cannot be reached at all, or there are
    no credentials, nothing more can succeed: raises `PublishBatchError` listing every
    payload not yet published, chained to the `ServiceError`. With `raise_on_failure`,
    recorded failures raise `PublishBatchError` at the end too.
    """
    failed: list[BatchFailure] = []
    total = len(messages)
    for start, stop in chunks(messages):
        entries = [(str(index), messages[index]) for index in range(start, stop)]
        action = f"publishing payloads {start}-{stop - 1} of {total} to {noun(pragma)} {name!r}"
        try:
            response = send(entries, f"{action} ({target})")
        except AwsError as err:
            sender_fault = err.response.get("Error", {}).get("Type") == "Sender"
            failed.extend(
                BatchFailure(index, payloads[index], err.code, err.message, sender_fault)
                for index in range(start, stop)
            )
            continue
        except ServiceError as err:
            code = err.code or type(err.__cause__ or err).__name__
            failed.extend(
                BatchFailure(index, payloads[index], code, str(err), False)
                for index in range(start, total)
            )
            failed.sort(key=lambda failure: failure.index)
            raise PublishBatchError(_summary(pragma, name, total, failed), failed) from err
        for entry in response.get("Failed", []):
            index = int(entry["Id"])
            failed.append(
                BatchFailure(
                    index,
                    payloads[index],
                    str(entry.get("Code", "")),
                    str(entry.get("Message", "")),
                    bool(entry.get("SenderFault", False)),
                )
            )
    failed.sort(key=lambda failure: failure.index)
    if failed and raise_on_failure:
        raise PublishBatchError(_summary(pragma, name, total, failed), failed)
    return failed


# Tracebacks and reprs show the public path (arc_core.BatchFailure), not this module;
# arc_events and arc_queues re-export it.
BatchFailure.__module__ = "arc_core"
