"""What travels on the wire: checking a publish's arguments, JSON out, JSON back in."""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable
    from typing import Any, Literal

    #: The two pragmas of app.arc whose functions this code serves.
    Pragma = Literal["events", "queues"]
else:
    Pragma = str

__all__ = ["FIFO_SUFFIX", "Pragma", "check_name", "decode", "encode", "encode_all", "noun"]

# How SQS names FIFO queues (and topics); Node tests the queue URL for it too.
FIFO_SUFFIX = ".fifo"


def noun(pragma: Pragma) -> str:
    """`event` or `queue`: how messages and errors name one entry of the pragma."""
    return pragma[:-1]


def check_name(pragma: Pragma, name: object) -> str:
    """Return `name` if it is a non-empty str, else raise `TypeError` saying what to pass."""
    if isinstance(name, str) and name:
        return name
    if isinstance(name, dict):
        hint = (
            "; Node's publish({name, payload}) is publish(name, payload), "
            "or publish(**params), in Python"
        )
    else:
        hint = ""
    raise TypeError(
        f"publish needs the {noun(pragma)}'s name under @{pragma} in app.arc as a non-empty "
        f"str, not {name!r}{hint}"
    )


def encode(pragma: Pragma, name: object, payload: object) -> str:
    """Check the arguments of a publish and return the payload as Node-identical JSON.

    Raises `TypeError`, before any I/O, when the name is missing or not a str, when the
    payload is None (Node rejects a missing payload too), or when it is not JSON.
    """
    checked = check_name(pragma, name)
    if payload is None:
        raise TypeError(
            f"publish to {noun(pragma)} {checked!r} needs a payload: None is not published "
            "(send {} for an empty message)"
        )
    from arc_core._json import dumps

    try:
        return dumps(payload)
    except (TypeError, ValueError, RecursionError) as err:
        raise TypeError(
            f"the payload for {noun(pragma)} {checked!r} cannot be sent as JSON: {err}"
        ) from err


def encode_all(
    pragma: Pragma, name: object, payloads: Iterable[Any]
) -> tuple[list[Any], list[str]]:
    """`encode` for a batch: return the payloads as a list and their JSON messages.

    Raises `TypeError` naming the index of the first payload that cannot be sent, or when
    `payloads` is a str, bytes or dict rather than a collection of payloads.
    """
    checked = check_name(pragma, name)
    if isinstance(payloads, (str, bytes, dict)):
        raise TypeError(
            f"publish_batch takes a list of payloads, not one {type(payloads).__name__}: "
            "wrap a single payload in a list, or use publish"
        )
    items = list(payloads)
    messages = []
    for index, payload in enumerate(items):
        try:
            messages.append(encode(pragma, checked, payload))
        except TypeError as err:
            raise TypeError(f"payload at index {index}: {err}") from err.__cause__
    return items, messages


def decode(text: object, where: str) -> Any:
    """Parse one record's message; `where` names the record in the error.

    Raises `InvalidRequestError` when the message is not a str of JSON.
    """
    from arc_core._errors import InvalidRequestError

    if not isinstance(text, str):
        raise InvalidRequestError(f"{where} is {type(text).__name__}, not a JSON string")
    import json

    try:
        return json.loads(text)
    except ValueError as err:
        raise InvalidRequestError(
            f"{where} is not JSON ({err}); arc publishes JSON, so this message came from "
            "another sender"
        ) from err
    except RecursionError as err:
        raise InvalidRequestError(f"{where} is JSON nested too deeply to parse") from err
