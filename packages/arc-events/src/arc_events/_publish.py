"""`publish` and `publish_batch` for @events: SNS on AWS, the sandbox's events bus locally."""

from __future__ import annotations

from arc_core.messaging import encode, encode_all

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable
    from typing import Any

    from arc_core import BatchFailure

__all__ = ["publish", "publish_batch"]


def publish(name: str, payload: Any) -> dict[str, Any]:
    """Publish `payload` to the @events topic `name`; its subscriber gets it as JSON.

    On AWS this is one SNS `Publish` to the topic Architect deployed (its ARN comes from
    the service map, read once per process) and returns SNS's response (`MessageId`,
    ...). Locally (ARC_ENV=testing, or a sandbox) it POSTs to the sandbox's events bus
    and returns `{}`: the bus gives no message id. Under an outbox
    (`arc_core.redirected_to`, e.g. `arc_testing.recorder()`) nothing is sent: the
    outbox gets the message, and the result is `{}`.

    Raises `TypeError` before any I/O when `name` is not a non-empty str or `payload` is
    None or not JSON; `ConfigError` when the app has no such event; `ServiceError` when
    SNS or the sandbox refuses or cannot be reached (the message says which, and what to
    start or check).

    >>> publish("account-created", {"id": 42})  # doctest: +SKIP
    {'MessageId': '...', 'ResponseMetadata': {...}}
    """
    message = encode("events", name, payload)
    from arc_core import outbox, use_aws

    box = outbox()
    if box is not None:
        box.publish("events", name, message, {})
        return {}
    if not use_aws():
        from arc_core.messaging import post

        post("events", name, message)
        return {}
    from arc_core import aws_call
    from arc_core.messaging import resolve
    from arc_services import services

    arn = resolve("events", name, services())
    params = {"TopicArn": arn, "Message": message}
    return aws_call("sns", "Publish", params, action=f"publishing event {name!r} to {arn}")


def publish_batch(
    name: str, payloads: Iterable[Any], *, raise_on_failure: bool = True
) -> list[BatchFailure]:
    """Publish every payload to the @events topic `name`; return those not published.

    On AWS this is SNS `PublishBatch` with up to ten payloads (and 256 KiB) per call;
    locally one POST to the sandbox's bus per payload. The result lists a `BatchFailure`
    (index, payload, AWS's code and message) for each payload SNS did not take; with
    `raise_on_failure` (the default) any such failure raises `PublishBatchError` instead,
    whose `failed` holds the same list.

    Raises `TypeError` before any I/O for a bad name or any payload `publish` would
    refuse. `PublishBatchError` is also raised, whatever `raise_on_failure` says, when
    SNS or the sandbox cannot be reached at all; its `failed` then lists every payload
    not published, so none is lost.

    >>> publish_batch("account-created", [{"id": 1}, {"id": 2}])  # doctest: +SKIP
    []
    """
    items, messages = encode_all("events", name, payloads)
    if not messages:
        return []
    from arc_core import outbox, use_aws

    box = outbox()
    if box is not None:
        for message in messages:
            box.publish("events", name, message, {})
        return []
    from arc_core.messaging import publish_locally, send_in_chunks

    if not use_aws():
        return publish_locally("events", name, items, messages)
    from arc_core import aws_call
    from arc_core.messaging import resolve
    from arc_services import services

    arn = resolve("events", name, services())

    def send(entries: list[tuple[str, str]], action: str) -> dict[str, Any]:
        batch = [{"Id": entry_id, "Message": message} for entry_id, message in entries]
        params = {"TopicArn": arn, "PublishBatchRequestEntries": batch}
        return aws_call("sns", "PublishBatch", params, action=action)

    return send_in_chunks(
        "events", name, arn, items, messages, send, raise_on_failure=raise_on_failure
    )
