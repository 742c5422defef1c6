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

    The original exception (botocore's, or an `OSError`) is chained as `__cause__`.
    """


class MissingDependencyError(ArcError, ImportError):
    """An optional dependency (boto3, cryptography, ...) is needed and not installed."""


class InvalidRequestError(ArcError, ValueError):
    """Input from a client (a body, a cookie, an event) cannot be understood.

    Handlers can turn it into a 400 response; it never carries a server-side secret.
    """


# Tracebacks and reprs show the public path (arc_core.ConfigError), not this module.
for _error in (ArcError, ConfigError, ServiceError, MissingDependencyError, InvalidRequestError):
    _error.__module__ = "arc_core"
