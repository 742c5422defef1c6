"""The one place that makes AWS clients.

Feature packages ask for clients here and never build their own, so the choice between
the local sandbox and AWS, the region, the credentials and the retry policy live in one
module. boto3 is imported on the first call, not before: `import arc` stays light, and
a Lambda that never touches AWS never pays for botocore.
"""

from __future__ import annotations

# `_thread` is what `threading` wraps; importing `threading` costs a few milliseconds.
import _thread
from contextlib import contextmanager

from ._env import env_value, env_values, use_aws
from ._errors import ArcError, ConfigError, MissingDependencyError, ServiceError

# `typing` costs milliseconds to import; type checkers treat any TYPE_CHECKING as True.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator
    from typing import Any, Literal

    Service = Literal["ssm", "sns", "sqs", "dynamodb", "apigatewaymanagementapi"]
else:
    Service = str

__all__ = [
    "DEFAULT_REGION",
    "DUMMY_ACCESS_KEY_ID",
    "DUMMY_SECRET_ACCESS_KEY",
    "Service",
    "aws_client",
    "dynamodb_resource",
    "endpoint_url",
    "region",
    "translate_errors",
]

# Node's default region (src/lib/get-aws-client.js) when AWS_REGION is unset.
DEFAULT_REGION = "us-west-2"
# The dummy keys the sandbox injects when no credentials exist (sandbox src/sandbox/creds.js).
DUMMY_ACCESS_KEY_ID = "arcDummyAccessKey"
DUMMY_SECRET_ACCESS_KEY = "arcDummySecretKey"

_lock = _thread.allocate_lock()
_clients: dict[tuple[Any, ...], Any] = {}
_sessions: dict[tuple[str | None, ...], Any] = {}
# A boto3 session caches the credentials it first resolves, so sessions are kept per set
# of these variables: one on Lambda, and a fresh one whenever a test or script changes them.
_CREDENTIAL_VARIABLES = (
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_SESSION_TOKEN",
    "AWS_PROFILE",
    "AWS_CONFIG_FILE",
    "AWS_SHARED_CREDENTIALS_FILE",
)


def _boto3() -> Any:
    try:
        import boto3
    except ImportError as err:
        raise MissingDependencyError(
            "boto3 is not installed. The AWS Lambda runtime provides it; elsewhere install "
            "the aws-sdk extra: pip install 'architect-functions[aws-sdk]' (or the aws-sdk "
            "extra of the arc-* package you use, e.g. 'arc-tables[aws-sdk]')"
        ) from err
    return boto3


def region() -> str:
    """`AWS_REGION`, else `AWS_DEFAULT_REGION`, else `us-west-2` (the sandbox often sets none)."""
    return env_value("AWS_REGION", "AWS_DEFAULT_REGION") or DEFAULT_REGION


def _wss_endpoint() -> str:
    url = env_value("ARC_WSS_URL")
    if url is None:
        raise ConfigError(
            "ARC_WSS_URL is not set: Architect sets it for apps with @ws; set it to the "
            "WebSocket API's wss:// URL (stage included) to send from this process"
        )
    if url.startswith("wss://"):
        return "https://" + url[len("wss://") :]
    if url.startswith("ws://"):
        return "http://" + url[len("ws://") :]
    return url


def endpoint_url(service: Service) -> str | None:
    """The endpoint a client for `service` talks to; None leaves it to boto3.

    Locally: the sandbox (SSM at `/_arc/ssm`, DynamoDB at the tables port, WebSocket
    management at `/_arc/ws`). On AWS: boto3's own resolution, which honours
    `AWS_ENDPOINT_URL` and `AWS_ENDPOINT_URL_<SERVICE>`; the WebSocket management API
    defaults to `ARC_WSS_URL` with `wss` made `https`.
    """
    from ._sandbox import sandbox_url

    if not use_aws():
        if service == "ssm":
            return sandbox_url("_arc", "/_arc/ssm")
        if service == "dynamodb":
            return sandbox_url("tables")
        if service == "apigatewaymanagementapi":
            return sandbox_url("_arc", "/_arc/ws")
        raise ConfigError(
            f"the sandbox has no {service.upper()} API: local events and queues go through "
            "its events bus (see arc_events / arc_queues), or set ARC_LOCAL=1 to use AWS"
        )
    if service == "apigatewaymanagementapi" and not env_value(
        "AWS_ENDPOINT_URL_APIGATEWAYMANAGEMENTAPI", "AWS_ENDPOINT_URL"
    ):
        return _wss_endpoint()
    return None


def _settings(service: Service) -> tuple[Any, ...]:
    local = not use_aws()
    credentials: tuple[str, str, str | None] | None = None
    if local:
        # The sandbox checks no signatures: any keys do, and giving them explicitly skips
        # boto3's credential chain (profile files, instance metadata) entirely.
        credentials = (
            env_value("AWS_ACCESS_KEY_ID") or DUMMY_ACCESS_KEY_ID,
            env_value("AWS_SECRET_ACCESS_KEY") or DUMMY_SECRET_ACCESS_KEY,
            env_value("AWS_SESSION_TOKEN"),
        )
    # boto3 reads these itself on AWS; they are part of the key so a change makes a new client.
    overrides = env_value(f"AWS_ENDPOINT_URL_{service.upper()}", "AWS_ENDPOINT_URL")
    chain = tuple(env_value(name) for name in _CREDENTIAL_VARIABLES)
    return (local, endpoint_url(service), region(), credentials, overrides, chain)


def _make(kind: str, service: Service, settings: tuple[Any, ...]) -> Any:
    boto3 = _boto3()
    from botocore.config import Config

    local, endpoint, region_name, credentials, _, chain = settings
    # Standard retries back off on throttling; locally one retry is plenty and a stopped
    # sandbox should fail fast.
    retries = {"mode": "standard", "total_max_attempts": 2 if local else 3}
    config = Config(retries=retries, connect_timeout=5 if local else 10)
    options: dict[str, Any] = {"region_name": region_name, "config": config}
    if endpoint is not None:
        options["endpoint_url"] = endpoint
    if credentials is not None:
        access_key, secret_key, token = credentials
        options.update(
            aws_access_key_id=access_key, aws_secret_access_key=secret_key, aws_session_token=token
        )
    session = _sessions.get(chain)
    if session is None:
        session = _sessions[chain] = boto3.session.Session()
    factory = session.resource if kind == "resource" else session.client
    return factory(service, **options)


# Every variable `_settings` depends on. Reading them is all a repeated call costs: the
# settings (endpoint, mode, region, credentials) are worked out once per distinct set.
_SETTINGS_VARIABLES = (
    "ARC_ENV",
    "ARC_SANDBOX",
    "ARC_LOCAL",
    "ARC_INTERNAL_PORT",
    "ARC_STACK_NAME",
    "ARC_APP_NAME",
    "ARC_WSS_URL",
    "AWS_REGION",
    "AWS_DEFAULT_REGION",
    "AWS_ENDPOINT_URL",
    *_CREDENTIAL_VARIABLES,
)
_by_environment: dict[tuple[str | None, ...], Any] = {}


def _cached(kind: str, service: Service) -> Any:
    variables = (f"AWS_ENDPOINT_URL_{service.upper()}", *_SETTINGS_VARIABLES)
    fingerprint = (kind, service, *env_values(variables))
    client = _by_environment.get(fingerprint)
    if client is not None:
        return client
    settings = _settings(service)
    key = (kind, service, *settings)
    with _lock:
        client = _clients.get(key)
        if client is None:
            client = _clients[key] = _make(kind, service, settings)
        _by_environment[fingerprint] = client
    return client


def aws_client(service: Service) -> Any:
    """A boto3 client for `service`, made once per process (per endpoint and region).

    Locally it points at the sandbox with the sandbox's dummy credentials when none are
    set; on AWS it uses boto3's usual configuration. Raises `MissingDependencyError` when
    boto3 is not installed, `ConfigError` when the endpoint cannot be worked out.

    >>> aws_client("ssm").get_parameters_by_path(Path="/MyAppStaging")  # doctest: +SKIP
    """
    return _cached("client", service)


def dynamodb_resource() -> Any:
    """A boto3 DynamoDB service resource, made once per process like `aws_client`."""
    return _cached("resource", "dynamodb")


@contextmanager
def translate_errors(action: str, *, client_errors: bool = True) -> Iterator[None]:
    """Re-raise botocore's failures as `ServiceError` whose message says what to do.

    `action` completes "... failed while <action>". Connection failures name the
    endpoint and, locally, say to start the sandbox; missing credentials say what to
    set. With `client_errors=False`, AWS's own error responses (`ClientError`) pass
    through untouched, for callers whose users catch specific AWS error codes.
    """
    try:
        yield
    except ArcError:
        raise
    except Exception as err:
        if not type(err).__module__.startswith("botocore"):
            raise
        # botocore is loaded by now: the failing call came from one of its clients.
        from botocore.exceptions import (
            ClientError,
            ConnectionClosedError,
            ConnectTimeoutError,
            EndpointConnectionError,
            NoCredentialsError,
            ParamValidationError,
            PartialCredentialsError,
        )

        if isinstance(err, ParamValidationError):
            raise  # a mistake in the call's arguments, caught before anything was sent

        local = not use_aws()
        if isinstance(err, (EndpointConnectionError, ConnectTimeoutError, ConnectionClosedError)):
            where = getattr(err, "kwargs", {}).get("endpoint_url", "the endpoint")
            hint = (
                "is the sandbox running? Start it with `npx arc sandbox` (or set ARC_LOCAL=1 "
                "to use AWS)"
                if local
                else "check the network and AWS_ENDPOINT_URL"
            )
            raise ServiceError(f"could not reach {where} while {action}: {hint}") from err
        if isinstance(err, (NoCredentialsError, PartialCredentialsError)):
            raise ServiceError(
                f"no AWS credentials while {action}: set AWS_ACCESS_KEY_ID and "
                "AWS_SECRET_ACCESS_KEY (or AWS_PROFILE), or run with a Lambda execution role"
            ) from err
        if isinstance(err, ClientError) and not client_errors:
            raise
        raise ServiceError(f"AWS call failed while {action}: {err}") from err
