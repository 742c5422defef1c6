"""`send_many`: one payload to many connections, a few at a time, gone ids collected."""

from __future__ import annotations

import _thread
import os

from ._connections import check_endpoint, connection_id_of, encode_payload, post
from ._errors import GoneError, SendManyError

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable
    from concurrent.futures import ThreadPoolExecutor

__all__ = ["SEND_MANY_CONCURRENCY", "send_many"]

# Sends in flight at once, each on its own kept-alive connection (botocore's default
# max_pool_connections, which the boto3 path shares).
SEND_MANY_CONCURRENCY = 10

# `_thread` is loaded with the interpreter; `threading` would cost an import.
_executor_lock = _thread.allocate_lock()
# The pool and the process that made it: a forked child inherits the pool but not its
# threads, so it makes its own rather than queue work that nothing would run.
_executor: tuple[int, ThreadPoolExecutor] | None = None


def send_many(ids: Iterable[str], payload: object) -> list[str]:
    """Send `payload` to every connection in `ids`; return the ids that have gone.

    The payload is encoded once (as `send` does) and sent to each distinct id, up to
    `SEND_MANY_CONCURRENCY` (10) at a time. A gone connection does not stop the others:
    its id is returned, in the order given, for you to forget. Any other failure is
    raised after every id has had its turn, as `SendManyError` with `errors` (id to
    exception) and `gone`. Raises `ConfigError` before sending anything when the endpoint
    is not configured, `TypeError`/`ValueError` for a bad payload or id.

    >>> for gone in send_many(room_connection_ids, {"text": "hi"}):  # doctest: +SKIP
    ...     forget(gone)
    """
    if isinstance(ids, (str, bytes)):
        raise TypeError("send_many takes a collection of connection ids, not a single id")
    targets = list(dict.fromkeys(connection_id_of(value) for value in ids))
    data = encode_payload(payload)
    check_endpoint()
    outcomes: Iterable[Exception | None]
    if len(targets) > 1:
        outcomes = _thread_pool().map(lambda target: _attempt(target, data), targets)
    else:
        outcomes = [_attempt(target, data) for target in targets]
    gone: list[str] = []
    errors: dict[str, Exception] = {}
    for target, error in zip(targets, outcomes, strict=True):
        if isinstance(error, GoneError):
            gone.append(target)
        elif error is not None:
            errors[target] = error
    if errors:
        raise SendManyError(errors, gone, len(targets)) from next(iter(errors.values()))
    return gone


def _attempt(connection_id: str, data: bytes) -> Exception | None:
    try:
        post(connection_id, data)
    except Exception as err:  # every id gets its turn; failures are reported together
        return err
    return None


def _thread_pool() -> ThreadPoolExecutor:
    global _executor
    made = _executor
    if made is None or made[0] != os.getpid():
        with _executor_lock:
            made = _executor
            if made is None or made[0] != os.getpid():
                from concurrent.futures import ThreadPoolExecutor

                pool = ThreadPoolExecutor(SEND_MANY_CONCURRENCY, thread_name_prefix="arc-ws")
                made = _executor = (os.getpid(), pool)
    return made[1]
