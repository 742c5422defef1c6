"""Where each AWS call goes: the sandbox locally, and on AWS what boto3 would choose.

On AWS, for the five services the library calls, in boto3's order of precedence:
`AWS_ENDPOINT_URL_<SERVICE>`, then `AWS_ENDPOINT_URL` (both dropped when
`AWS_IGNORE_CONFIGURED_ENDPOINT_URLS` is true), then the regional host of the region's
partition (aws, aws-cn, aws-us-gov) with `AWS_USE_FIPS_ENDPOINT` and
`AWS_USE_DUALSTACK_ENDPOINT` applied. The WebSocket management API has no regional
host: it is `ARC_WSS_URL` with `wss` made `https`.
"""

from __future__ import annotations

from ._env import env_value, use_aws
from ._errors import ConfigError

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Literal

    Service = Literal["ssm", "sns", "sqs", "dynamodb", "apigatewaymanagementapi"]
else:
    Service = str

__all__ = ["DEFAULT_REGION", "SIGNING_NAMES", "Service", "aws_endpoint", "region"]

# Node's default region (src/lib/get-aws-client.js) when AWS_REGION is unset.
DEFAULT_REGION = "us-west-2"
# The name each service signs with and prefixes its host with (botocore's signingName,
# else endpointPrefix).
SIGNING_NAMES = {
    "dynamodb": "dynamodb",
    "ssm": "ssm",
    "sqs": "sqs",
    "sns": "sns",
    "apigatewaymanagementapi": "execute-api",
}
# The services' AWS_ENDPOINT_URL_<SERVICE> suffixes (botocore's service ids, upper-cased).
_ENV_NAMES = {
    "dynamodb": "DYNAMODB",
    "ssm": "SSM",
    "sqs": "SQS",
    "sns": "SNS",
    "apigatewaymanagementapi": "APIGATEWAYMANAGEMENTAPI",
}
# Host suffixes per partition: (default, dualstack), from botocore's partitions.json.
_SUFFIXES = {
    "aws": ("amazonaws.com", "api.aws"),
    "aws-cn": ("amazonaws.com.cn", "api.amazonwebservices.com.cn"),
    "aws-eusc": ("amazonaws.eu", "api.amazonwebservices.eu"),
    "aws-iso": ("c2s.ic.gov", "api.aws.ic.gov"),
    "aws-iso-b": ("sc2s.sgov.gov", "api.aws.scloud"),
    "aws-iso-e": ("cloud.adc-e.uk", "api.cloud-aws.adc-e.uk"),
    "aws-iso-f": ("csp.hci.ic.gov", "api.aws.hci.ic.gov"),
    "aws-us-gov": ("amazonaws.com", "api.aws"),
}
# The leading parts of a region name that place it outside `aws` (partitions.json's
# regionRegex, e.g. `^us\-isob\-\w+\-\d+$`), longest first.
_PREFIXES = (
    (("us", "gov"), "aws-us-gov"),
    (("us", "iso"), "aws-iso"),
    (("us", "isob"), "aws-iso-b"),
    (("us", "isof"), "aws-iso-f"),
    (("eu", "isoe"), "aws-iso-e"),
    (("eusc", "de"), "aws-eusc"),
    (("cn",), "aws-cn"),
)


def region() -> str:
    """`AWS_REGION`, else `AWS_DEFAULT_REGION`, else `us-west-2` (the sandbox often sets none)."""
    return env_value("AWS_REGION", "AWS_DEFAULT_REGION") or DEFAULT_REGION


def _is_true(name: str) -> bool:
    return (env_value(name) or "").strip().lower() == "true"


def partition(region_name: str) -> str:
    """The partition of a region (`aws-cn`, `aws-us-gov`, `aws-iso`, ...), else `aws`.

    As in botocore's partitions.json, a region is `<prefix>-<name>-<number>`, and a name
    that fits no other partition is `aws`'s.

    >>> partition("cn-north-1"), partition("us-gov-west-1"), partition("eu-west-1")
    ('aws-cn', 'aws-us-gov', 'aws')
    """
    parts = tuple(region_name.split("-"))
    if parts[-1].isdigit():
        for prefix, name in _PREFIXES:
            if parts[: len(prefix)] == prefix and len(parts) >= len(prefix) + 2:
                return name
    return "aws"


def regional_host(service: Service, region_name: str, *, fips: bool, dualstack: bool) -> str:
    """The host boto3's endpoint rules give `service` in `region_name`.

    >>> regional_host("sqs", "eu-west-1", fips=True, dualstack=False)
    'sqs-fips.eu-west-1.amazonaws.com'
    """
    prefix = SIGNING_NAMES[service]
    if not region_name.replace("-", "").isalnum():
        raise ConfigError(f"AWS_REGION {region_name!r} is not a region name (like us-east-1)")
    name = partition(region_name)
    default, dual = _SUFFIXES[name]
    # GovCloud's regional hosts are FIPS hosts already, except API Gateway's.
    if fips and (name != "aws-us-gov" or prefix == "execute-api" or dualstack):
        prefix += "-fips"
    return f"{prefix}.{region_name}.{dual if dualstack else default}"


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


def configured_endpoint(service: Service) -> str | None:
    """`AWS_ENDPOINT_URL_<SERVICE>` or `AWS_ENDPOINT_URL`, unless configured ones are ignored."""
    if _is_true("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"):
        return None
    return env_value(f"AWS_ENDPOINT_URL_{_ENV_NAMES[service]}", "AWS_ENDPOINT_URL")


def aws_endpoint(service: Service, region_name: str) -> str:
    """The base URL (a path may follow the host) of every call to `service`.

    Locally: the sandbox (SSM at `/_arc/ssm`, DynamoDB at the tables port, the WebSocket
    management API at `/_arc/ws`); SNS and SQS have none there (`ConfigError`). On AWS:
    see the module's docstring. Raises `ConfigError` for a setting that cannot be used.
    """
    if not use_aws():
        from ._sandbox import sandbox_url

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
    configured = configured_endpoint(service)
    if configured is not None:
        return configured
    if service == "apigatewaymanagementapi":
        return _wss_endpoint()
    fips = _is_true("AWS_USE_FIPS_ENDPOINT")
    dualstack = _is_true("AWS_USE_DUALSTACK_ENDPOINT")
    return "https://" + regional_host(service, region_name, fips=fips, dualstack=dualstack)
