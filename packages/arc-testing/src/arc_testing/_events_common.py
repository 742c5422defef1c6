"""What every event factory shares: the local origin, ids, clocks and JSON payloads."""

from __future__ import annotations

import base64
import secrets
import string
import time
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, TypeAlias
from urllib.parse import quote_plus, urlencode

import arc_core

__all__ = [
    "ACCOUNT_ID",
    "SANDBOX_HTTP_PORT",
    "SOURCE_IP",
    "Clock",
    "Query",
    "aws_id",
    "encode_payloads",
    "encode_query",
    "local_port",
    "lowercase_headers",
    "random_base64",
]

#: Query parameters or form fields: each value a str, or a list of str for a repeated name.
Query: TypeAlias = Mapping[str, str | Sequence[str]]

# The account id AWS's own documentation uses in its examples.
ACCOUNT_ID = "123456789012"
# The sandbox's HTTP (and WebSocket) port when ARC_SANDBOX names none (its --port default).
SANDBOX_HTTP_PORT = 3333
# Where a local client connects from: what the sandbox reads off the socket.
SOURCE_IP = "127.0.0.1"
# API Gateway's request and connection ids: 15 characters and a `=` (`"JKJaXmPLvHcESHA="`).
_ID_LETTERS = string.ascii_letters + string.digits
_ID_LENGTH = 15
# Month abbreviations of API Gateway's `time` (`12/Mar/2020:19:03:58 +0000`), whatever
# the locale says.
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def aws_id() -> str:
    """A random id shaped like API Gateway's request and connection ids."""
    return "".join(secrets.choice(_ID_LETTERS) for _ in range(_ID_LENGTH)) + "="


def random_base64(size: int) -> str:
    """`size` random bytes, base64-encoded."""
    return base64.b64encode(secrets.token_bytes(size)).decode("ascii")


def local_port() -> int:
    """The sandbox's HTTP port: from `ARC_SANDBOX` inside (or beside) a sandbox, else 3333."""
    config = arc_core.sandbox_config()
    ports = config.get("ports") if config is not None else None
    port = ports.get("http") if isinstance(ports, Mapping) else None
    if isinstance(port, int) and not isinstance(port, bool):
        return port
    return SANDBOX_HTTP_PORT


class Clock:
    """One moment, in each of the forms AWS writes it."""

    def __init__(self) -> None:
        self.seconds = time.time()

    @property
    def epoch_ms(self) -> int:
        """Milliseconds since the epoch, as an int (`timeEpoch`, `requestTimeEpoch`)."""
        return int(self.seconds * 1000)

    @property
    def gateway(self) -> str:
        """API Gateway's `time` / `requestTime`: `12/Mar/2020:19:03:58 +0000`."""
        moment = time.gmtime(self.seconds)
        month = _MONTHS[moment.tm_mon - 1]
        return f"{moment.tm_mday:02d}/{month}/{moment.tm_year}:" + time.strftime(
            "%H:%M:%S +0000", moment
        )

    @property
    def iso_ms(self) -> str:
        """ISO 8601 with milliseconds, as SNS writes it: `2019-01-02T12:45:07.000Z`."""
        moment = time.gmtime(self.seconds)
        millis = int(self.seconds * 1000) % 1000
        return time.strftime("%Y-%m-%dT%H:%M:%S", moment) + f".{millis:03d}Z"

    @property
    def iso(self) -> str:
        """ISO 8601 to the second, as EventBridge writes it: `2015-10-08T16:53:06Z`."""
        return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(self.seconds))


def encode_payloads(payloads: Iterable[Any], what: str) -> list[str]:
    """Each payload as the JSON text a publish delivers (Node's `JSON.stringify`).

    Raises `TypeError` when `payloads` is one payload rather than a collection of them,
    or when a payload is None or cannot be sent as JSON; `ValueError` when there is none.
    """
    if isinstance(payloads, (str, bytes, bytearray, Mapping)):
        raise TypeError(
            f"{what} takes a list of payloads, not one {type(payloads).__name__}: "
            "wrap a single payload in a list"
        )
    messages = []
    for index, payload in enumerate(payloads):
        if payload is None:
            raise TypeError(
                f"payload {index} is None, which publish refuses (send {{}} for an empty message)"
            )
        try:
            messages.append(arc_core.dumps(payload))
        except (TypeError, ValueError, RecursionError) as err:
            raise TypeError(f"payload {index} cannot be sent as JSON: {err}") from err
    if not messages:
        raise ValueError(f"{what} needs at least one payload: Lambda never gets an empty batch")
    return messages


def lowercase_headers(headers: Mapping[str, str] | None) -> dict[str, str]:
    """The headers by lowercase name, as Node's HTTP server gives them to the sandbox."""
    lowered: dict[str, str] = {}
    for name, value in (headers or {}).items():
        if not isinstance(name, str) or not isinstance(value, str):
            raise TypeError(f"header names and values must be str, not {name!r}: {value!r}")
        lowered[name.lower()] = value
    return lowered


def encode_query(values: Query | None, what: str) -> str:
    """`values` urlencoded as a browser encodes a query or a form (`+` for spaces).

    Raises `TypeError` naming `what` for a key that is not a str, or a value that is not
    a str or a list (any sequence) of str.
    """
    pairs: list[tuple[str, str]] = []
    for key, value in (values or {}).items():
        # Checked as any object: callers without a type checker pass anything.
        items: object = [value] if isinstance(value, str) else value
        if (
            not isinstance(key, str)
            or isinstance(items, (bytes, bytearray))
            or not isinstance(items, Sequence)
        ):
            raise TypeError(
                f"{what} keys must be str and values str or lists of str, not {key!r}: {value!r}"
            )
        for item in items:
            if not isinstance(item, str):
                raise TypeError(f"{what} values must be str or lists of str, not {item!r}")
            pairs.append((key, item))
    return urlencode(pairs, quote_via=quote_plus)
