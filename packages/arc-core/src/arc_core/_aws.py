"""boto3 clients, for what users ask of boto3 itself, and botocore's errors made ours.

The library's own AWS calls go through `aws_call` (arc_core's own transport); boto3 is
made here only for the objects users ask for (`arc_tables.table()`, `arc_ws.api()`,
`TablesClient.dynamodb`) and under `ARC_AWS_SDK=boto3`. They point where `aws_call`
would: the sandbox locally, `ARC_WSS_URL` for the management API. boto3 is imported on
the first call, not before.
"""

from __future__ import annotations

# `_thread` is what `threading` wraps; importing `threading` costs a few milliseconds.
import _thread
from contextlib import contextmanager

from ._aws_error import AwsError
from ._caches import fingerprint, process_cache
from ._credentials import DUMMY_ACCESS_KEY_ID, DUMMY_SECRET_ACCESS_KEY, NO_CREDENTIALS_HINT
from ._endpoints import (
    DEFAULT_REGION,
    Service,
    aws_endpoint,
    configured_endpoint,
    region,
)
from ._env import env_value, env_values, use_aws
from ._errors import ArcError, MissingDependencyError, ServiceError, unreachable_hint

# `typing` costs milliseconds to import; type checkers treat any TYPE_CHECKING as True.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator
    from typing import Any

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
_lock = _thread.allocate_lock()
# boto3 sessions per set of credential variables, and clients per environment (`_caches`).
_sessions: dict[tuple[str | None, ...], Any] = process_cache()
_clients: dict[tuple[str | None, ...], Any] = process_cache()


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


def endpoint_url(service: Service) -> str | None:
    """The endpoint a boto3 client for `service` is given; None leaves it to boto3.

    Locally: the sandbox (SSM at `/_arc/ssm`, DynamoDB at the tables port, WebSocket
    management at `/_arc/ws`). On AWS: boto3's own resolution, which honours
    `AWS_ENDPOINT_URL` and `AWS_ENDPOINT_URL_<SERVICE>`; the WebSocket management API
    defaults to `ARC_WSS_URL` with `wss` made `https`.
    """
    if not use_aws() or (
        service == "apigatewaymanagementapi" and configured_endpoint(service) is None
    ):
        return aws_endpoint(service, region())
    return None


def _make(kind: str, service: Service) -> Any:
    boto3 = _boto3()
    from botocore.config import Config

    local = not use_aws()
    # Standard retries back off on throttling; locally one retry is plenty and a stopped
    # sandbox should fail fast.
    retries = {"mode": "standard", "total_max_attempts": 2 if local else 3}
    config = Config(retries=retries, connect_timeout=5 if local else 10)
    options: dict[str, Any] = {"region_name": region(), "config": config}
    endpoint = endpoint_url(service)
    if endpoint is not None:
        options["endpoint_url"] = endpoint
    if local:
        # The sandbox checks no signatures: any keys do, and giving them explicitly skips
        # boto3's credential chain (profile files, instance metadata) entirely.
        options.update(
            aws_access_key_id=env_value("AWS_ACCESS_KEY_ID") or DUMMY_ACCESS_KEY_ID,
            aws_secret_access_key=env_value("AWS_SECRET_ACCESS_KEY") or DUMMY_SECRET_ACCESS_KEY,
            aws_session_token=env_value("AWS_SESSION_TOKEN"),
        )
    chain = env_values(_CREDENTIAL_VARIABLES)
    session = _sessions.get(chain)
    if session is None:
        session = _sessions[chain] = boto3.session.Session()
    factory = session.resource if kind == "resource" else session.client
    return factory(service, **options)


def _cached(kind: str, service: Service) -> Any:
    # boto3 reads the endpoint and credential variables itself on AWS: they are part of
    # the key, so a change makes a new client.
    variables = (f"AWS_ENDPOINT_URL_{service.upper()}", "AWS_DEFAULT_PROFILE")
    key = (kind, service, *fingerprint(*variables, *_CREDENTIAL_VARIABLES))
    client = _clients.get(key)
    if client is None:
        with _lock:
            client = _clients.get(key)
            if client is None:
                client = _clients[key] = _make(kind, service)
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


def from_client_error(err: Any, service: str, action: str) -> AwsError:
    """botocore's `ClientError` as an `AwsError` (still a `ClientError`), same response."""
    response = dict(err.response)
    error = response.get("Error", {})
    return AwsError(
        service=service,
        operation=str(getattr(err, "operation_name", "")),
        action=action,
        code=str(error.get("Code", "")),
        message=str(error.get("Message", "")),
        status=int(response.get("ResponseMetadata", {}).get("HTTPStatusCode", 0)),
        response=response,
    )


@contextmanager
def translate_errors(
    action: str, *, client_errors: bool = True, service: str = "aws"
) -> Iterator[None]:
    """Re-raise AWS failures as errors of ours whose message says what was being done.

    `action` completes "`... while <action>`". botocore's connection failures become
    `ServiceError` naming the endpoint and, locally, saying to start the sandbox;
    missing credentials say what to set; AWS's error replies (botocore's
    `ClientError`, or an `AwsError` raised inside) become an `AwsError` saying
    `action`, still a `ClientError`. With `client_errors=False` those replies pass
    through untouched. `ParamValidationError` (a bad argument, caught before anything
    was sent) always passes through. `service` names the service in the texts.
    """
    try:
        yield
    except AwsError as err:
        if not client_errors:
            raise
        raise err.with_action(action) from err
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
            ReadTimeoutError,
        )

        code = type(err).__name__
        if isinstance(err, ParamValidationError):
            raise  # a mistake in the call's arguments, caught before anything was sent
        unreachable = (
            EndpointConnectionError,
            ConnectTimeoutError,
            ConnectionClosedError,
            ReadTimeoutError,
        )
        if isinstance(err, unreachable):
            where = getattr(err, "kwargs", {}).get("endpoint_url", "the endpoint")
            hint = unreachable_hint(local=not use_aws())
            raise ServiceError(
                f"could not reach {where} while {action}: {hint}", service=service, code=code
            ) from err
        if isinstance(err, (NoCredentialsError, PartialCredentialsError)):
            raise ServiceError(
                f"no AWS credentials while {action}: {NO_CREDENTIALS_HINT}",
                service=service,
                code=code,
            ) from err
        if isinstance(err, ClientError):
            if not client_errors:
                raise
            raise from_client_error(err, service, action) from err
        raise ServiceError(f"AWS call failed while {action}: {err}", service=service) from err
