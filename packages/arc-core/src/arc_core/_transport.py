"""`aws_call`: one signed AWS call with the standard library, retried like boto3's standard mode.

This is the seam every feature package calls AWS through: they name a service, an
operation and its parameters, and get back the reply as boto3 would shape it. Here the
endpoint, credentials, signature, connection and retries are worked out; the wire
format is the service's protocol module's. With `ARC_AWS_SDK=boto3` the same calls go
through boto3 instead (Node's `awsSdkClient` escape hatch), with the same results and
errors.
"""

from __future__ import annotations

import time

from ._aws_error import AwsError
from ._caches import fingerprint, process_cache
from ._connections import ConnectError, exchange
from ._credentials import credentials
from ._endpoints import SIGNING_NAMES, aws_endpoint, region
from ._env import env_value, use_aws
from ._errors import ArcError, ServiceError, unreachable_hint
from ._retries import (
    attempts,
    backoff,
    clock_offset,
    correct_clock,
    is_clock_skew,
    is_retryable,
    succeeded,
    take_retry,
)

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping
    from types import ModuleType
    from typing import Any

    from ._connections import Reply
    from ._endpoints import Service

__all__ = ["aws_call"]

# Seconds to wait for a connection: a stopped sandbox should fail fast (botocore's own
# default is 60). Replies may take as long as botocore's default read timeout.
LOCAL_CONNECT_TIMEOUT = 5.0
AWS_CONNECT_TIMEOUT = 10.0
READ_TIMEOUT = 60.0
# Each service's wire protocol module.
_PROTOCOLS = {
    "dynamodb": "_protocol_json",
    "ssm": "_protocol_json",
    "sqs": "_protocol_json",
    "sns": "_protocol_query",
    "apigatewaymanagementapi": "_protocol_rest",
}
_ENDPOINT_VARIABLES = {service: f"AWS_ENDPOINT_URL_{service.upper()}" for service in _PROTOCOLS}


class _Target:
    """Where and how calls to one service go, in one environment."""

    __slots__ = (
        "address",
        "base",
        "local",
        "origin",
        "path",
        "protocol",
        "region",
        "signing_name",
    )

    def __init__(self, service: Service) -> None:
        from importlib import import_module
        from urllib.parse import urlsplit

        self.local = not use_aws()
        self.region = region()
        self.base = aws_endpoint(service, self.region)
        parts = urlsplit(self.base)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ServiceError(
                f"the {service} endpoint {self.base!r} is not an http(s) URL: fix "
                "AWS_ENDPOINT_URL (or the variable that set it)",
                service=service,
            )
        self.address = (parts.scheme, parts.hostname, parts.port)
        self.origin = f"{parts.scheme}://{parts.netloc}"
        self.path = parts.path
        self.signing_name = SIGNING_NAMES[service]
        self.protocol: ModuleType = import_module(f"arc_core.{_PROTOCOLS[service]}")


# Where each service's calls go, per environment (see `_caches`).
_targets: dict[tuple[str | None, ...], _Target] = process_cache()


def _target(service: Service) -> _Target:
    if service not in _PROTOCOLS:
        raise ValueError(f"arc_core calls no AWS service {service!r}")
    key = (service, *fingerprint(_ENDPOINT_VARIABLES[service]))
    found = _targets.get(key)
    if found is None:
        found = _targets.setdefault(key, _Target(service))
    return found


def aws_call(
    service: Service, operation: str, params: Mapping[str, Any], *, action: str
) -> dict[str, Any]:
    """Call `operation` of `service` with `params`; return the parsed reply.

    The reply has boto3's keys and `ResponseMetadata`; for the operations the library
    calls it is shaped as boto3 returns it, except that JSON replies keep their wire
    form (DynamoDB binary values as base64 text, timestamps as epoch numbers) and SNS
    values stay text. `action` completes the error texts' "`... while <action>`".

    Raises `AwsError` when AWS (or the sandbox) answers with an error, after retrying
    what standard mode retries; `ServiceError` when no usable answer came (code
    `EndpointConnectionError`, `ConnectTimeoutError`, `ReadTimeoutError`,
    `ConnectionClosedError`, `CRC32CheckFailed` or `UnreadableReply`; the text says what
    to start or check) or there are no credentials (`NoCredentialsError`,
    `PartialCredentialsError`); `ConfigError` when the endpoint cannot be worked out.

    >>> aws_call("sns", "Publish", {"TopicArn": arn, "Message": "{}"},
    ...          action="publishing")["MessageId"]  # doctest: +SKIP
    '...'
    """
    if env_value("ARC_AWS_SDK") == "boto3":
        return _boto3_call(service, operation, params, action)
    target = _target(service)
    method, path, headers, body = target.protocol.build(service, operation, params)
    path = _join(target.path, path)
    url = target.origin + path
    total = attempts(target.local)
    connect_timeout = LOCAL_CONNECT_TIMEOUT if target.local else AWS_CONNECT_TIMEOUT
    attempt = cost = 0
    while True:
        attempt += 1
        signed = _signed_headers(target, service, method, url, headers, body, action)
        failure: ServiceError | None = None
        try:
            reply = exchange(
                target.address,
                method,
                path,
                signed,
                body,
                connect_timeout=connect_timeout,
                read_timeout=READ_TIMEOUT,
            )
        except Exception as err:
            if not _is_transport_failure(err):
                raise
            failure = _unreachable(target, service, operation, action, err)
            timed_out = failure.code in ("ConnectTimeoutError", "ReadTimeoutError")
            if attempt < total and (cost := take_retry(timed_out)):
                backoff(attempt)
                continue
            raise failure from err
        if reply.status < 300 and not _intact(reply):
            # The body does not match DynamoDB's checksum: corrupted on the way; retry.
            failure = ServiceError(
                f"{service} {operation} answered with a body that fails its x-amz-crc32 "
                f"checksum while {action}: check the network and AWS_ENDPOINT_URL",
                service=service,
                operation=operation,
                code="CRC32CheckFailed",
            )
            if attempt < total and (cost := take_retry(False)):
                backoff(attempt)
                continue
            raise failure
        if reply.status < 300:
            succeeded(cost)
            try:
                found: dict[str, Any] = target.protocol.result(service, operation, reply)
            except ValueError as err:
                raise ServiceError(
                    f"{service} {operation} answered {reply.status} with a reply that cannot "
                    f"be read while {action} ({err}): check AWS_ENDPOINT_URL",
                    service=service,
                    operation=operation,
                    code="UnreadableReply",
                ) from err
            found["ResponseMetadata"] = _metadata(reply, attempt)
            return found
        error = target.protocol.error(service, reply)
        code = str(error.get("Code") or reply.status)
        retry = is_retryable(code, reply.status)
        if is_clock_skew(code):
            retry = correct_clock(reply.headers)
        if retry and attempt < total and (cost := take_retry(False)):
            backoff(attempt)
            continue
        raise AwsError(
            service=service,
            operation=operation,
            action=action,
            code=code,
            message=str(error.get("Message", "")),
            status=reply.status,
            response={"Error": error, "ResponseMetadata": _metadata(reply, attempt)},
        )


def _intact(reply: Reply) -> bool:
    """False when a reply carries DynamoDB's `x-amz-crc32` and its body does not match it."""
    expected = reply.headers.get("x-amz-crc32")
    if expected is None:
        return True
    from zlib import crc32

    return expected.strip() == str(crc32(reply.body) & 0xFFFFFFFF)


def _join(base: str, path: str) -> str:
    """The request path under an endpoint's own path, joined as botocore joins them."""
    if path == "/":
        return base or "/"
    return (base[:-1] if base.endswith("/") else base) + path


def _signed_headers(
    target: _Target,
    service: Service,
    method: str,
    url: str,
    headers: dict[str, str],
    body: bytes,
    action: str,
) -> dict[str, str]:
    from ._sigv4 import sign

    try:
        keys = credentials(target.local)
    except ServiceError as err:
        raise ServiceError(
            f"cannot call {service} while {action}: {err}", service=service, code=err.code
        ) from err
    now = time.time() + clock_offset()
    timestamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime(now))
    return {
        **headers,
        **sign(
            method,
            url,
            headers,
            body,
            access_key=keys.access_key,
            secret_key=keys.secret_key,
            token=keys.token,
            region=target.region,
            service=target.signing_name,
            timestamp=timestamp,
        ),
    }


def _is_transport_failure(err: BaseException) -> bool:
    import http.client

    return isinstance(err, (OSError, http.client.HTTPException)) and not isinstance(err, ArcError)


def _unreachable(
    target: _Target, service: Service, operation: str, action: str, err: BaseException
) -> ServiceError:
    """The error for a call that got no reply: which kind, where, and what to do."""
    if isinstance(err, ConnectError):
        code = (
            "ConnectTimeoutError"
            if isinstance(err.__cause__, TimeoutError)
            else ("EndpointConnectionError")
        )
    elif isinstance(err, TimeoutError):
        code = "ReadTimeoutError"
    else:
        code = "ConnectionClosedError"
    hint = unreachable_hint(local=target.local)
    return ServiceError(
        f"could not reach {target.base} while {action} ({code}: {err}): {hint}",
        service=service,
        operation=operation,
        code=code,
    )


def _metadata(reply: Reply, attempt: int) -> dict[str, Any]:
    headers = reply.headers
    return {
        "RequestId": headers.get("x-amzn-requestid") or headers.get("x-amz-request-id", ""),
        "HTTPStatusCode": reply.status,
        "HTTPHeaders": headers,
        "RetryAttempts": attempt - 1,
    }


def _snake(operation: str) -> str:
    """boto3's method name for an operation: `GetParametersByPath` -> `get_parameters_by_path`."""
    return "".join(
        f"_{char.lower()}" if char.isupper() and index else char.lower()
        for index, char in enumerate(operation)
    )


def _boto3_call(
    service: Service, operation: str, params: Mapping[str, Any], action: str
) -> dict[str, Any]:
    from ._aws import aws_client, translate_errors

    client = aws_client(service)
    with translate_errors(action, service=service):
        response: dict[str, Any] = getattr(client, _snake(operation))(**params)
    return response
