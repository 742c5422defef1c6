"""`publish` and `publish_batch` for @queues: SQS on AWS, the sandbox's events bus locally."""

from __future__ import annotations

from arc_core.messaging import FIFO_SUFFIX, encode, encode_all

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable
    from typing import Any

    from arc_core import BatchFailure

__all__ = ["MAX_DELAY_SECONDS", "publish", "publish_batch"]

# The longest per-message delay SQS accepts (SendMessage DelaySeconds: 0 to 900).
MAX_DELAY_SECONDS = 900


def _check_options(delay_seconds: object, group_id: object, dedup_id: object) -> None:
    if delay_seconds is not None:
        if not isinstance(delay_seconds, int) or isinstance(delay_seconds, bool):
            raise TypeError(f"delay_seconds must be an int, not {delay_seconds!r}")
        if not 0 <= delay_seconds <= MAX_DELAY_SECONDS:
            raise ValueError(
                f"delay_seconds must be 0 to {MAX_DELAY_SECONDS} (SQS's limit), not {delay_seconds}"
            )
    for option, value in (("group_id", group_id), ("dedup_id", dedup_id)):
        if value is not None and not (isinstance(value, str) and value):
            raise TypeError(f"{option} must be a non-empty str, not {value!r}")


def _given(options: dict[str, Any]) -> dict[str, Any]:
    """The options a call was given (None means not given)."""
    return {key: value for key, value in options.items() if value is not None}


def _message_fields(
    name: str, url: str, delay_seconds: int | None, group_id: str | None, dedup_id: str | None
) -> dict[str, Any]:
    """The SQS fields beside the body: FIFO ordering and deduplication, or a delay.

    Architect creates FIFO queues with content-based deduplication, so a deduplication
    id goes only where the caller gives one; the group defaults to the queue's name, as
    in Node. Standard queues take neither.
    """
    if not url.endswith(FIFO_SUFFIX):
        return {} if delay_seconds is None else {"DelaySeconds": delay_seconds}
    if delay_seconds:
        raise ValueError(
            f"queue {name!r} is FIFO and SQS takes no per-message delay_seconds there: set "
            "DelaySeconds on the queue itself instead"
        )
    fields: dict[str, Any] = {"MessageGroupId": group_id or name}
    if dedup_id is not None:
        fields["MessageDeduplicationId"] = dedup_id
    return fields


def publish(
    name: str,
    payload: Any,
    *,
    delay_seconds: int | None = None,
    group_id: str | None = None,
    dedup_id: str | None = None,
) -> dict[str, Any]:
    """Send `payload` to the @queues queue `name`; its subscriber gets it as JSON.

    On AWS this is one SQS `SendMessage` to the queue Architect deployed (its URL comes
    from the service map, read once per process) and returns SQS's response
    (`MessageId`, ...). For a FIFO queue the message group is `group_id`, else the
    queue's name, and `dedup_id` becomes the deduplication id (Architect turns on
    content-based deduplication, so it is optional); a standard queue gets neither.
    `delay_seconds` (0-900) is sent only when given, so the queue's own delay applies
    otherwise; FIFO queues refuse it. Locally it POSTs to the sandbox's events bus,
    which has no delays, groups or deduplication, and returns `{}`. Under an outbox
    (`arc_core.redirected_to`, e.g. `arc_testing.recorder()`) nothing is sent: the
    outbox gets the message and the options given, and the result is `{}`.

    Raises `TypeError` before any I/O when `name` is not a non-empty str, `payload` is
    None or not JSON, or an option has the wrong type; `ValueError` for a delay out of
    range or on a FIFO queue; `ConfigError` when the app has no such queue;
    `ServiceError` when SQS or the sandbox refuses or cannot be reached.

    >>> publish("thumbnails", {"key": "a.png"})  # doctest: +SKIP
    {'MessageId': '...', 'MD5OfMessageBody': '...', 'ResponseMetadata': {...}}
    """
    message = encode("queues", name, payload)
    _check_options(delay_seconds, group_id, dedup_id)
    from arc_core import outbox, use_aws

    box = outbox()
    if box is not None:
        options = {"delay_seconds": delay_seconds, "group_id": group_id, "dedup_id": dedup_id}
        box.publish("queues", name, message, _given(options))
        return {}
    if not use_aws():
        from arc_core.messaging import post

        post("queues", name, message)
        return {}
    from arc_core import aws_call
    from arc_core.messaging import resolve
    from arc_services import services

    url = resolve("queues", name, services())
    fields = _message_fields(name, url, delay_seconds, group_id, dedup_id)
    params = {"QueueUrl": url, "MessageBody": message, **fields}
    return aws_call(
        "sqs", "SendMessage", params, action=f"sending a message to queue {name!r} ({url})"
    )


def publish_batch(
    name: str,
    payloads: Iterable[Any],
    *,
    delay_seconds: int | None = None,
    group_id: str | None = None,
    raise_on_failure: bool = True,
) -> list[BatchFailure]:
    """Send every payload to the @queues queue `name`; return those not sent.

    On AWS this is SQS `SendMessageBatch` with up to ten payloads (and 256 KiB) per
    call, every message with the same `delay_seconds` and FIFO group as `publish` would
    give it (FIFO order is the order of `payloads`; content-based deduplication drops
    repeats of a body within five minutes). Locally one POST to the sandbox's bus per
    payload. The result lists a `BatchFailure` (index, payload, AWS's code and message)
    for each payload SQS did not take; with `raise_on_failure` (the default) any such
    failure raises `PublishBatchError` instead, whose `failed` holds the same list.

    Raises `TypeError` before any I/O for a bad name, option or payload, `ValueError` as
    `publish` does. `PublishBatchError` is also raised, whatever `raise_on_failure`
    says, when SQS cannot be reached at all or the sandbox refuses; its `failed` then
    lists every payload not sent, so none is lost.

    >>> publish_batch("thumbnails", [{"key": "a.png"}, {"key": "b.png"}])  # doctest: +SKIP
    []
    """
    items, messages = encode_all("queues", name, payloads)
    _check_options(delay_seconds, group_id, None)
    if not messages:
        return []
    from arc_core import outbox, use_aws

    box = outbox()
    if box is not None:
        options = _given({"delay_seconds": delay_seconds, "group_id": group_id})
        for message in messages:
            box.publish("queues", name, message, options)
        return []
    from arc_core.messaging import publish_locally, send_in_chunks

    if not use_aws():
        return publish_locally("queues", name, items, messages)
    from arc_core import aws_call
    from arc_core.messaging import resolve
    from arc_services import services

    url = resolve("queues", name, services())
    fields = _message_fields(name, url, delay_seconds, group_id, None)

    def send(entries: list[tuple[str, str]], action: str) -> dict[str, Any]:
        batch = [{"Id": entry_id, "MessageBody": body, **fields} for entry_id, body in entries]
        return aws_call(
            "sqs", "SendMessageBatch", {"QueueUrl": url, "Entries": batch}, action=action
        )

    return send_in_chunks(
        "queues", name, url, items, messages, send, raise_on_failure=raise_on_failure
    )
