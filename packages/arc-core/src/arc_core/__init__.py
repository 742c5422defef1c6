"""arc_core: the environment rules, sandbox ports, AWS transport and JSON every arc package shares.

Importing it checks the environment as Node's library does on `require`: an `ARC_ENV`
other than testing/staging/production, or a sandbox older than 5.0.0, raises
`ConfigError` at once. Everything else loads on first use (PEP 562), so importing costs
next to nothing on a cold Lambda.
"""

from __future__ import annotations

from ._env import DEPLOYED, ENVIRONMENTS, arc_env, env_value, env_values, is_deployed, use_aws
from ._errors import (
    ArcError,
    ConfigError,
    InvalidRequestError,
    MissingDependencyError,
    PublishBatchError,
    ResponseError,
    ServiceError,
    UnknownResourceError,
)
from ._lazy import lazy_attributes

# `typing` costs milliseconds to import; type checkers treat any TYPE_CHECKING as True.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from ._aws import aws_client, dynamodb_resource, endpoint_url, translate_errors
    from ._aws_error import AwsError
    from ._caches import clear_caches, fingerprint, process_cache, read_only
    from ._credentials import DUMMY_ACCESS_KEY_ID, DUMMY_SECRET_ACCESS_KEY
    from ._endpoints import DEFAULT_REGION, Service, region
    from ._json import dumps, js_number
    from ._logical_id import to_logical_id
    from ._outbox import Outbox, outbox, redirected_to
    from ._sandbox import (
        DEFAULT_INTERNAL_PORT,
        MIN_SANDBOX_VERSION,
        app_name,
        check_sandbox_version,
        sandbox_config,
        sandbox_port,
        sandbox_ports,
        sandbox_url,
        sandbox_version_at_least,
        stack_name,
        version_at_least,
    )
    from ._text import node_utf8
    from ._transport import aws_call
    from .messaging._batch import BatchFailure

__all__ = [
    "DEFAULT_INTERNAL_PORT",
    "DEPLOYED",
    "DEFAULT_REGION",
    "DUMMY_ACCESS_KEY_ID",
    "DUMMY_SECRET_ACCESS_KEY",
    "ENVIRONMENTS",
    "MIN_SANDBOX_VERSION",
    "ArcError",
    "AwsError",
    "BatchFailure",
    "ConfigError",
    "InvalidRequestError",
    "MissingDependencyError",
    "Outbox",
    "PublishBatchError",
    "ResponseError",
    "Service",
    "ServiceError",
    "UnknownResourceError",
    "app_name",
    "arc_env",
    "aws_call",
    "aws_client",
    "check_environment",
    "check_sandbox_version",
    "clear_caches",
    "dumps",
    "dynamodb_resource",
    "endpoint_url",
    "env_value",
    "env_values",
    "fingerprint",
    "is_deployed",
    "js_number",
    "process_cache",
    "read_only",
    "redirected_to",
    "lazy_attributes",
    "node_utf8",
    "outbox",
    "region",
    "sandbox_config",
    "sandbox_port",
    "sandbox_ports",
    "sandbox_url",
    "sandbox_version_at_least",
    "stack_name",
    "to_logical_id",
    "translate_errors",
    "use_aws",
    "version_at_least",
]

_LAZY = {
    "AwsError": "._aws_error",
    "clear_caches": "._caches",
    "fingerprint": "._caches",
    "process_cache": "._caches",
    "read_only": "._caches",
    "BatchFailure": ".messaging._batch",
    "DEFAULT_REGION": "._endpoints",
    "DUMMY_ACCESS_KEY_ID": "._credentials",
    "DUMMY_SECRET_ACCESS_KEY": "._credentials",
    "Service": "._endpoints",
    "aws_call": "._transport",
    "aws_client": "._aws",
    "dynamodb_resource": "._aws",
    "endpoint_url": "._aws",
    "region": "._endpoints",
    "translate_errors": "._aws",
    "dumps": "._json",
    "js_number": "._json",
    "to_logical_id": "._logical_id",
    "node_utf8": "._text",
    "Outbox": "._outbox",
    "outbox": "._outbox",
    "redirected_to": "._outbox",
    "DEFAULT_INTERNAL_PORT": "._sandbox",
    "MIN_SANDBOX_VERSION": "._sandbox",
    "app_name": "._sandbox",
    "check_sandbox_version": "._sandbox",
    "sandbox_config": "._sandbox",
    "sandbox_port": "._sandbox",
    "sandbox_ports": "._sandbox",
    "sandbox_url": "._sandbox",
    "sandbox_version_at_least": "._sandbox",
    "stack_name": "._sandbox",
    "version_at_least": "._sandbox",
}


__getattr__, __dir__ = lazy_attributes(__name__, _LAZY)


def check_environment() -> None:
    """Raise `ConfigError` for a bad `ARC_ENV` or a sandbox older than 5.0.0.

    Runs when arc_core is imported; call it again after changing the environment.
    """
    import os

    arc_env()
    if os.environ.get("ARC_SANDBOX"):
        from ._sandbox import check_sandbox_version

        check_sandbox_version()


check_environment()
