"""When a failed AWS call is tried again, and after how long: botocore's standard mode.

Up to three attempts (two locally, where a stopped sandbox should fail fast), or
`AWS_MAX_ATTEMPTS`. A call is retried on throttling and transient error codes, on HTTP
500/502/503/504, when no reply came, and on clock-skew codes after correcting the
clock by the server's `Date` (botocore does not correct it; aws-lite retries without
correcting). The delay is random in [0, min(2**(attempt - 1), 20)) seconds (full
jitter). A process-wide retry quota stops retries while AWS keeps failing.
"""

from __future__ import annotations

import time

from ._env import env_value

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping

__all__ = [
    "THROTTLING_CODES",
    "attempts",
    "backoff",
    "clock_offset",
    "correct_clock",
    "is_clock_skew",
    "is_retryable",
]

# botocore/retries/standard.py and special.py, plus SNS's `Throttled` that botocore misses.
THROTTLING_CODES = frozenset(
    {
        "Throttling",
        "ThrottlingException",
        "ThrottledException",
        "RequestThrottledException",
        "TooManyRequestsException",
        "ProvisionedThroughputExceededException",
        "TransactionInProgressException",
        "RequestLimitExceeded",
        "BandwidthLimitExceeded",
        "LimitExceededException",
        "RequestThrottled",
        "SlowDown",
        "PriorRequestNotComplete",
        "EC2ThrottledException",
        "Throttled",
    }
)
TRANSIENT_CODES = frozenset(
    {"RequestTimeout", "RequestTimeoutException", "PriorRequestNotComplete"}
)
TRANSIENT_STATUSES = frozenset({500, 502, 503, 504})
# Codes of a request signed with a clock too far from the server's (aws-lite's list).
CLOCK_SKEW_CODES = frozenset(
    {
        "RequestTimeTooSkewed",
        "RequestExpired",
        "RequestInTheFuture",
        "InvalidSignatureException",
        "SignatureDoesNotMatch",
        "AuthFailure",
    }
)
# Attempts in all: botocore's standard mode on AWS; locally one retry is plenty.
AWS_ATTEMPTS = 3
LOCAL_ATTEMPTS = 2
MAX_BACKOFF = 20.0
# botocore's retry quota: 500 tokens, 5 a retry (10 after a timeout), refunded on success.
QUOTA = 500
RETRY_COST = 5
TIMEOUT_RETRY_COST = 10
# A clock this far from the server's is corrected (SigV4 allows five minutes).
SKEW_THRESHOLD = 60.0

# Single numbers shared by every thread; a lost update under a race costs nothing.
_quota = [QUOTA]
_offset = [0.0]


def attempts(local: bool) -> int:
    """Attempts in all for one call: `AWS_MAX_ATTEMPTS`, else 2 locally and 3 on AWS."""
    configured = env_value("AWS_MAX_ATTEMPTS")
    if configured and configured.isdigit() and int(configured) > 0:
        return int(configured)
    return LOCAL_ATTEMPTS if local else AWS_ATTEMPTS


def is_retryable(code: str | None, status: int | None) -> bool:
    """True for a throttling or transient code, a 5xx the standard mode retries, or no reply."""
    if code in THROTTLING_CODES or code in TRANSIENT_CODES:
        return True
    return status is None or status in TRANSIENT_STATUSES


def is_clock_skew(code: str | None) -> bool:
    """True for an error code that says the request's clock was off."""
    return code in CLOCK_SKEW_CODES


def take_retry(timeout: bool) -> int:
    """Spend from the retry quota and return the cost; 0 when it is spent (stop retrying)."""
    cost = TIMEOUT_RETRY_COST if timeout else RETRY_COST
    if _quota[0] < cost:
        return 0
    _quota[0] -= cost
    return cost


def succeeded(last_cost: int) -> None:
    """Give back to the retry quota after a success: the last retry's cost, else 1."""
    _quota[0] = min(QUOTA, _quota[0] + (last_cost or 1))


def backoff(attempt: int) -> None:
    """Sleep before attempt `attempt + 1`: full jitter over min(2**(attempt - 1), 20) s."""
    import random

    time.sleep(random.random() * min(2 ** (attempt - 1), MAX_BACKOFF))


def clock_offset() -> float:
    """Seconds to add to this machine's clock when signing (0 until a server disagrees)."""
    return _offset[0]


def correct_clock(headers: Mapping[str, str]) -> bool:
    """Take the server's `Date` as the time to sign with; True when that changed anything."""
    date = headers.get("date")
    if not date:
        return False
    from email.utils import parsedate_to_datetime

    try:
        server = parsedate_to_datetime(date).timestamp()
    except (TypeError, ValueError):
        return False
    offset = server - time.time()
    if abs(offset - _offset[0]) < SKEW_THRESHOLD:
        return False
    _offset[0] = offset if abs(offset) >= SKEW_THRESHOLD else 0.0
    return True
