"""`AwsError`: AWS answered a call with an error, and botocore's `ClientError` shape of it.

Code written for boto3 catches `botocore.exceptions.ClientError` and reads
`err.response["Error"]["Code"]`. An `AwsError` carries the same `response`, and where
botocore is installed the error raised is also a `ClientError`: the class that mixes
the two is made on the first error, so botocore is imported on that path only.
"""

from __future__ import annotations

from ._errors import ServiceError

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

__all__ = ["AwsError", "describe"]


class AwsError(ServiceError):
    """AWS (or the sandbox) answered an AWS call with an error.

    `code` is AWS's error code (`ConditionalCheckFailedException`, `NotFound`, ...),
    `message` its text, `status` the HTTP status, `operation` the call (`PutItem`),
    `action` what the library was doing, and `response` the reply as botocore shapes it:
    `err.response["Error"]["Code"]`, `err.response["ResponseMetadata"]["HTTPStatusCode"]`.
    Where botocore is installed, `AwsError(...)` makes one that is also a
    `botocore.exceptions.ClientError`.
    """

    code: str
    service: str
    operation: str

    def __new__(cls, **fields: Any) -> AwsError:
        # The class mixed with ClientError where botocore is installed: chosen here, so
        # that every `AwsError(...)` is one, and botocore is looked for on this path only.
        made: AwsError = super().__new__(_class() if cls is AwsError else cls)
        return made

    def __init__(
        self,
        *,
        service: str,
        operation: str,
        action: str,
        code: str,
        message: str,
        status: int,
        response: dict[str, Any],
    ) -> None:
        text = describe(service, operation, action, code, message)
        ServiceError.__init__(self, text, service=service, operation=operation, code=code)
        self.action = action
        self.message = message
        self.status = status
        self.response = response
        # botocore's ClientError keeps the operation under this name.
        self.operation_name = operation

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""

    def __reduce__(self) -> Any:
        return (_rebuild, (self._fields(),))

    def _fields(self) -> dict[str, Any]:
        return {
            "service": self.service,
            "operation": self.operation,
            "action": self.action,
            "code": self.code,
            "message": self.message,
            "status": self.status,
            "response": self.response,
        }

    def with_action(self, action: str) -> AwsError:
        """The same error, its text saying it happened while `action`."""
        return AwsError(**{**self._fields(), "action": action})


# How error texts name each service.
_SERVICE_TITLES = {
    "dynamodb": "DynamoDB",
    "ssm": "SSM",
    "sqs": "SQS",
    "sns": "SNS",
    "apigatewaymanagementapi": "API Gateway",
}
# AwsError mixed with botocore's ClientError, once botocore has been looked for.
_error_class: list[type[AwsError]] = []


def _rebuild(fields: dict[str, Any]) -> AwsError:
    return AwsError(**fields)


def _class() -> type[AwsError]:
    if not _error_class:
        try:
            from botocore.exceptions import ClientError
        except ImportError:
            _error_class.append(AwsError)
        else:

            class AwsClientError(AwsError, ClientError):  # type: ignore[misc]
                """An `AwsError` that is also botocore's `ClientError`."""

            AwsClientError.__module__ = "arc_core"
            AwsClientError.__qualname__ = AwsClientError.__name__ = "AwsError"
            _error_class.append(AwsClientError)
    return _error_class[0]


def describe(service: str, operation: str, action: str, code: str, message: str) -> str:
    """The text of an AWS error: what was called, while doing what, and AWS's answer."""
    title = _SERVICE_TITLES.get(service, service.upper())
    return f"{title} {operation} failed while {action}: {code}: {message}"


AwsError.__module__ = "arc_core"
