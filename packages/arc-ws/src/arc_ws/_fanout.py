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

__all__ = ["send_many"]


# `_thread` is loaded with the interpreter; `threading` would cost an import.
_executor_lock = _thread.allocate_lock()
# The pool, its size and the process that made it. A forked child inherits the pool but
# not its threads, so it makes its own rather than queue work that nothing would run.
# The pool grows to the largest `concurrency` asked for; threads start only when needed.
_executor: tuple[int, int, ThreadPoolExecutor] | None = None


def send_many(
    ids: Iterable[str],
    payload: object,
    *,
    # Each send on its own kept-alive connection: botocore's default max_pool_connections,
    # which the boto3 path shares.
    concurrency: int = 10,
) -> list[str]:
    """Send `payload` to every connection in `ids`; return the ids that have gone.

    The payload is encoded once (as `send` does) and sent to each distinct id, up to
    `concurrency` (default 10) at a time, each send on a thread of a pool kept for the
    process; `concurrency=1` sends one after the other on the calling thread. A gone
    connection does not stop the others: its id is returned, in the order given, for
    you to forget. Any other failure is raised after every id has had its turn, as
    `SendManyError` with `errors` (id to exception) and `gone`. Raises, before sending
    anything: `ConfigError` when the endpoint is not configured, `TypeError`/`ValueError`
    for a bad payload or id, or a `concurrency` that is not a positive int.

    >>> for gone in send_many(room_connection_ids, {"text": "hi"}):  # doctest: +SKIP
    ...     forget(gone)
    """
    if isinstance(ids, (str, bytes)):
        raise TypeError("send_many takes a collection of connection ids, not a single id")
    if isinstance(concurrency, bool) or not isinstance(concurrency, int):
        raise TypeError(
            f"concurrency must be an int (the sends in flight at once), not {concurrency!r}"
        )
    if concurrency < 1:
        raise ValueError(
            f"concurrency must be 1 or more (the sends in flight at once), not {concurrency}"
        )
    targets = list(dict.fromkeys(connection_id_of(value) for value in ids))
    data = encode_payload(payload)
    check_endpoint()
    workers = min(concurrency, len(targets))
    outcomes: list[Exception | None] = [None] * len(targets)
    if workers > 1:
        _fan_out(_thread_pool(concurrency), targets, data, outcomes, workers)
    else:
        for index, target in enumerate(targets):
            outcomes[index] = _attempt(target, data)
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


def _fan_out(
    pool: ThreadPoolExecutor,
    targets: list[str],
    data: bytes,
    outcomes: list[Exception | None],
    workers: int,
) -> None:
    """Send to `targets` from `workers` threads of `pool`, each taking the next id when it
    is done with one, so a slow connection holds up only its own thread."""
    queue = enumerate(targets)
    lock = _thread.allocate_lock()

    def work() -> None:
        while True:
            with lock:
                taken = next(queue, None)
            if taken is None:
                return
            index, target = taken
            outcomes[index] = _attempt(target, data)

    for future in [pool.submit(work) for _ in range(workers)]:
        future.result()


def _attempt(connection_id: str, data: bytes) -> Exception | None:
    try:
        post(connection_id, data)
    except Exception as err:  # every id gets its turn; failures are reported together
        return err
    return None


def _thread_pool(size: int) -> ThreadPoolExecutor:
    """The process's pool, with room for at least `size` threads at once (a pool starts
    a thread only when no idle one can take the work)."""
    global _executor
    made = _executor
    if made is None or made[0] != os.getpid() or made[1] < size:
        with _executor_lock:
            made = _executor
            pid = os.getpid()
            if made is None or made[0] != pid or made[1] < size:
                from concurrent.futures import ThreadPoolExecutor

                # A smaller pool is dropped, not shut down: a call on another thread may
                # still be submitting to it. Its threads end once it is collected.
                pool = ThreadPoolExecutor(size, thread_name_prefix="arc-ws")
                made = _executor = (pid, size, pool)
    return made[2]
