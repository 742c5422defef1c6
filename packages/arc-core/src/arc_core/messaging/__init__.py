"""Messaging shared by arc-events and arc-queues: a documented internal module.

Stability rule: sibling arc packages (arc-events, arc-queues) may import the names
below; applications should not. These names change only in a new minor version of
arc-core, and every sibling depends on arc-core within one minor version, so a sibling
always runs with the messaging it was written for. Nothing here is a private module of
another package: this is where the code the two siblings share lives, once.

- Wire: `encode`, `encode_all` (a publish's arguments checked, Node-identical JSON out),
  `decode` (a record's message in), `check_name`, `noun`, `Pragma`, `FIFO_SUFFIX`.
- Records: `event_records` (a Lambda event's `Records`, checked), `call_each` (a
  subscriber over payloads, plain or async), `gather`, `run`, `is_awaitable`, `close`.
- The sandbox's events bus: `post`, `declared` (the names app.arc declares).
- Batches: `chunks` (10 entries and 256 KiB per call), `send_in_chunks` (AWS),
  `publish_locally` (the bus), `BatchFailure`, and `PublishBatchError`.
- Names to targets on AWS: `resolve(pragma, name, service_map)`.

Each name loads its module on first use, like every arc package.
"""

from __future__ import annotations

from arc_core._lazy import lazy_attributes

TYPE_CHECKING = False
if TYPE_CHECKING:
    from arc_core._errors import PublishBatchError as PublishBatchError

    from ._batch import MAX_BATCH_BYTES as MAX_BATCH_BYTES
    from ._batch import MAX_BATCH_ENTRIES as MAX_BATCH_ENTRIES
    from ._batch import SANDBOX_ERROR_CODE as SANDBOX_ERROR_CODE
    from ._batch import BatchFailure as BatchFailure
    from ._batch import chunks as chunks
    from ._batch import publish_locally as publish_locally
    from ._batch import send_in_chunks as send_in_chunks
    from ._bus import BUS_TIMEOUT as BUS_TIMEOUT
    from ._bus import declared as declared
    from ._bus import post as post
    from ._message import FIFO_SUFFIX as FIFO_SUFFIX
    from ._message import Pragma as Pragma
    from ._message import check_name as check_name
    from ._message import decode as decode
    from ._message import encode as encode
    from ._message import encode_all as encode_all
    from ._message import noun as noun
    from ._records import call_each as call_each
    from ._records import close as close
    from ._records import event_records as event_records
    from ._records import gather as gather
    from ._records import is_awaitable as is_awaitable
    from ._records import run as run
    from ._target import resolve as resolve

__all__ = [
    "BUS_TIMEOUT",
    "FIFO_SUFFIX",
    "MAX_BATCH_BYTES",
    "MAX_BATCH_ENTRIES",
    "SANDBOX_ERROR_CODE",
    "BatchFailure",
    "Pragma",
    "PublishBatchError",
    "call_each",
    "check_name",
    "chunks",
    "close",
    "declared",
    "decode",
    "encode",
    "encode_all",
    "event_records",
    "gather",
    "is_awaitable",
    "noun",
    "post",
    "publish_locally",
    "resolve",
    "run",
    "send_in_chunks",
]

_LAZY = {
    "PublishBatchError": "arc_core._errors",
    "MAX_BATCH_BYTES": "._batch",
    "MAX_BATCH_ENTRIES": "._batch",
    "SANDBOX_ERROR_CODE": "._batch",
    "BatchFailure": "._batch",
    "chunks": "._batch",
    "publish_locally": "._batch",
    "send_in_chunks": "._batch",
    "BUS_TIMEOUT": "._bus",
    "declared": "._bus",
    "post": "._bus",
    "FIFO_SUFFIX": "._message",
    "Pragma": "._message",
    "check_name": "._message",
    "decode": "._message",
    "encode": "._message",
    "encode_all": "._message",
    "noun": "._message",
    "call_each": "._records",
    "close": "._records",
    "event_records": "._records",
    "gather": "._records",
    "is_awaitable": "._records",
    "run": "._records",
    "resolve": "._target",
}

__getattr__, __dir__ = lazy_attributes(__name__, _LAZY)
