"""The errors of every arc package, as one tree.

Each names what went wrong and what to do about it: a setting to change, a service to
start, a package to install. Everything the library raises on purpose derives from
`ArcError`; each package re-exports what its users catch.

```
ArcError
├── ConfigError                     the environment or the app is set up wrong
│   └── UnknownResourceError        no such table, event or queue (also a LookupError);
│       │                           `.known` lists the names the app has
│       └── arc_tables.UnknownTableError   (also an AttributeError, for getattr)
├── MissingDependencyError          an optional package is missing (also an ImportError)
├── ServiceError                    a call to AWS or the sandbox failed; `.service`,
│   │                               `.operation`, `.code` say which and why
│   ├── AwsError                    AWS answered with an error: `.status`, `.message`,
│   │                               `.response` (also botocore's ClientError)
│   ├── PublishBatchError           some payloads of a batch were not published: `.failed`
│   ├── arc_ws.GoneError            the WebSocket connection has gone
│   └── arc_ws.SendManyError        send_many: some connections failed: `.errors`, `.gone`
├── InvalidRequestError             a client sent something unreadable (also a ValueError):
│                                   answer 400
└── ResponseError                   `res` was asked for a response Lambda cannot send
                                    (also a ValueError): a bug in the function
```
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence
    from typing import Any

__all__ = [
    "ArcError",
    "unreachable_hint",
    "ConfigError",
    "InvalidRequestError",
    "MissingDependencyError",
    "PublishBatchError",
    "ResponseError",
    "ServiceError",
    "UnknownResourceError",
]


def unreachable_hint(*, local: bool) -> str:
    """What to do when an endpoint does not answer: start the sandbox, or check the URL."""
    if local:
        return (
            "is the sandbox running? Start it with `npx arc sandbox` (or set ARC_LOCAL=1 "
            "to use AWS)"
        )
    return "check the network and AWS_ENDPOINT_URL"


class ArcError(Exception):
    """Base class of every error this library raises on purpose."""


class ConfigError(ArcError):
    """The environment or the app's configuration is wrong; the message says what to set."""


class UnknownResourceError(ConfigError, LookupError):
    """The app has no table, event or queue of that name; the message lists those it has.

    `kind` is `table`, `event` or `queue`, `resource` the name asked for, and `known` the
    app's names of that kind (None where they cannot be known, e.g. a sandbox whose
    app.arc cannot be read). Raised the same way in the sandbox and on AWS.
    """

    def __init__(self, kind: str, name: str, known: Sequence[str] | None, hint: str) -> None:
        if known is None:
            super().__init__(f"no {kind} {name!r} in this app: {hint}")
        else:
            listed = ", ".join(sorted(known)) or "none"
            super().__init__(f"no {kind} {name!r} in this app (its {kind}s: {listed}): {hint}")
        self.kind = kind
        self.resource = name
        self.known = None if known is None else tuple(sorted(known))


class ServiceError(ArcError):
    """A call to AWS or to the local sandbox failed; the message says what to check or start.

    `service` and `operation` name the AWS call when there was one (`"sns"`,
    `"Publish"`), and `code` says what went wrong: AWS's error code, or for a failure
    to get an answer at all the name botocore gives it (`EndpointConnectionError`,
    `ConnectTimeoutError`, `ReadTimeoutError`, `ConnectionClosedError`,
    `NoCredentialsError`). The original exception, if any, is chained as `__cause__`.
    """

    def __init__(
        self,
        message: str,
        *,
        service: str | None = None,
        operation: str | None = None,
        code: str | None = None,
    ) -> None:
        # Not super(): where botocore is installed AwsError also derives from ClientError,
        # whose __init__ takes other arguments; AwsError sets what ClientError would.
        Exception.__init__(self, message)
        self.service = service
        self.operation = operation
        self.code = code


class PublishBatchError(ServiceError):
    """Some payloads of `publish_batch` (events or queues) were not published.

    `failed` lists a `BatchFailure` for every one of them (retry with
    `[f.payload for f in err.failed]`); all the others were published.
    """

    def __init__(self, message: str, failed: list[Any]) -> None:
        super().__init__(message)
        self.failed = failed


class MissingDependencyError(ArcError, ImportError):
    """An optional dependency (boto3, cryptography, ...) is needed and not installed."""


class InvalidRequestError(ArcError, ValueError):
    """Input from a client (a body, a cookie, an event) cannot be understood.

    Handlers can turn it into a 400 response; it never carries a server-side secret.
    """


class ResponseError(ArcError, ValueError):
    """The params given to `res` (or returned by a middleware) cannot make a valid response.

    Raised for a status that is not an HTTP status code, a header value that is not
    text, a header name or value with a CR, LF or NUL in it (header injection), a body
    that JSON cannot hold, or a handler chain that ends without a response on a REST
    API. It is a bug in the function, not in the request: the message says which key
    to fix.
    """


# Tracebacks and reprs show the public path (arc_core.ConfigError), not this module.
for _error in (
    ArcError,
    ConfigError,
    UnknownResourceError,
    ServiceError,
    PublishBatchError,
    MissingDependencyError,
    InvalidRequestError,
    ResponseError,
):
    _error.__module__ = "arc_core"
