"""AWS Signature Version 4, as botocore's `SigV4Auth` computes it, with the standard library.

Signing is pure: the request, the credentials and the clock go in, the three headers
to add come out. The derived signing key is cached per secret, day, region and
service, so a warm Lambda computes one HMAC chain a day rather than one per call.
"""

from __future__ import annotations

import hmac
from hashlib import sha256
from urllib.parse import quote, urlsplit

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping

__all__ = ["EMPTY_SHA256", "canonical_request", "sign"]

ALGORITHM = "AWS4-HMAC-SHA256"
# The hex SHA-256 of an empty body.
EMPTY_SHA256 = sha256(b"").hexdigest()
# Headers botocore never signs (botocore/auth.py SIGNED_HEADERS_BLACKLIST): proxies and
# tracers may rewrite them on the way.
UNSIGNED_HEADERS = frozenset(
    {
        "baggage",
        "connection",
        "expect",
        "keep-alive",
        "proxy-authenticate",
        "proxy-authorization",
        "te",
        "traceparent",
        "tracestate",
        "trailer",
        "transfer-encoding",
        "upgrade",
        "user-agent",
        "x-amzn-trace-id",
    }
)
_DEFAULT_PORTS = {"http": 80, "https": 443}
# Derived keys: (secret, day, region, service) -> key. A process signs for a handful.
_keys: dict[tuple[str, str, str, str], bytes] = {}
_MAX_KEYS = 64


def signing_key(secret: str, day: str, region: str, service: str) -> bytes:
    """The key of one day, region and service: an HMAC chain from the secret key."""
    cache_key = (secret, day, region, service)
    key = _keys.get(cache_key)
    if key is None:
        key = ("AWS4" + secret).encode()
        for part in (day, region, service, "aws4_request"):
            key = hmac.digest(key, part.encode(), "sha256")
        if len(_keys) >= _MAX_KEYS:
            _keys.clear()
        _keys[cache_key] = key
    return key


def _remove_dot_segments(path: str) -> str:
    """RFC 3986 dot-segment removal, empty segments dropped too (AWS wants no `//`)."""
    if not path:
        return "/"
    kept: list[str] = []
    for segment in path.split("/"):
        if segment == "..":
            if kept:
                kept.pop()
        elif segment and segment != ".":
            kept.append(segment)
    head = "/" if path[0] == "/" else ""
    tail = "/" if path[-1] == "/" and kept else ""
    return head + "/".join(kept) + tail


def _canonical_query(query: str) -> str:
    # The query goes as sent: its keys and values are already encoded.
    if not query:
        return ""
    pairs = sorted(pair.partition("=")[::2] for pair in query.split("&"))
    return "&".join(f"{key}={value}" for key, value in pairs)


def host_header(url: str) -> str:
    """The Host a client sends for `url`: lower-case, the port only when not the default."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    if parts.port is not None and parts.port != _DEFAULT_PORTS.get(parts.scheme):
        host = f"{host}:{parts.port}"
    return host


def _signed(headers: Mapping[str, str], url: str) -> dict[str, str]:
    signed: dict[str, list[str]] = {}
    for name, value in headers.items():
        lower = name.lower()
        if lower not in UNSIGNED_HEADERS:
            signed.setdefault(lower, []).append(" ".join(value.split()))
    if "host" not in signed:
        signed["host"] = [host_header(url)]
    return {name: ",".join(signed[name]) for name in sorted(signed)}


def canonical_request(
    method: str, url: str, headers: Mapping[str, str], payload_hash: str
) -> tuple[str, str]:
    """The canonical request of SigV4 and its signed-header list, as botocore builds them.

    The path is normalised and encoded once more (all services but S3 want that), the
    query sorted as sent, the header values trimmed and their runs of spaces folded.
    """
    parts = urlsplit(url)
    path = quote(_remove_dot_segments(parts.path), safe="/~")
    signed = _signed(headers, url)
    names = ";".join(signed)
    lines = "".join(f"{name}:{value}\n" for name, value in signed.items())
    text = "\n".join(
        (method.upper(), path, _canonical_query(parts.query), lines, names, payload_hash)
    )
    return text, names


def sign(
    method: str,
    url: str,
    headers: Mapping[str, str],
    body: bytes,
    *,
    access_key: str,
    secret_key: str,
    token: str | None,
    region: str,
    service: str,
    timestamp: str,
) -> dict[str, str]:
    """The headers that sign a request: `X-Amz-Date`, the token if any, `Authorization`.

    `timestamp` is the UTC time as `%Y%m%dT%H%M%SZ`; `headers` are those that will be
    sent besides these (a Host header is derived from `url` when absent). Every retry
    is signed anew, with its own timestamp.

    >>> sign("GET", "https://example.amazonaws.com/", {}, b"", access_key="AKID",
    ...      secret_key="secret", token=None, region="us-east-1", service="service",
    ...      timestamp="20150830T123600Z")["Authorization"][:60]
    'AWS4-HMAC-SHA256 Credential=AKID/20150830/us-east-1/service/'
    """
    added = {"X-Amz-Date": timestamp}
    if token:
        added["X-Amz-Security-Token"] = token
    everything = {**headers, **added}
    payload_hash = sha256(body).hexdigest() if body else EMPTY_SHA256
    text, names = canonical_request(method, url, everything, payload_hash)
    day = timestamp[:8]
    scope = f"{day}/{region}/{service}/aws4_request"
    string_to_sign = f"{ALGORITHM}\n{timestamp}\n{scope}\n{sha256(text.encode()).hexdigest()}"
    key = signing_key(secret_key, day, region, service)
    signature = hmac.new(key, string_to_sign.encode(), sha256).hexdigest()
    added["Authorization"] = (
        f"{ALGORITHM} Credential={access_key}/{scope}, SignedHeaders={names}, Signature={signature}"
    )
    return added
