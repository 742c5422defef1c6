"""The error types every arc package shares.

Each names what went wrong and what to do about it: a setting to change, a service to
start, a package to install. They all derive from `ArcError`, so one `except` catches
everything this library raises on purpose.
"""

from __future__ import annotations

__all__ = [
    "ArcError",
    "ConfigError",
    "InvalidRequestError",
    "MissingDependencyError",
    "ServiceError",
]


class ArcError(Exception):
    """Base class of every error this library raises on purpose."""


class ConfigError(ArcError):
    """The environment or the app's configuration is wrong; the message says what to set."""


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


class MissingDependencyError(ArcError, ImportError):
    """An optional dependency (boto3, cryptography, ...) is needed and not installed."""


class InvalidRequestError(ArcError, ValueError):
    """Input from a client (a body, a cookie, an event) cannot be understood.

    Handlers can turn it into a 400 response; it never carries a server-side secret.
    """


# Tracebacks and reprs show the public path (arc_core.ConfigError), not this module.
for _error in (ArcError, ConfigError, ServiceError, MissingDependencyError, InvalidRequestError):
    _error.__module__ = "arc_core"
