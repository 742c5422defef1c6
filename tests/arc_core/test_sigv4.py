"""SigV4 signing: AWS's published test vectors, and botocore as the oracle for the rest.

The vectors (`sigv4_vectors.json`, copied from botocore's copy of the aws4_testsuite)
pin the canonical request, the string to sign and the Authorization header of each
case. Hypothesis then draws requests the vectors do not cover (encoded and dotted
paths, repeated query keys, repeated headers spelled in different cases, tokens) and
checks that our Authorization header is byte for byte the one botocore's `SigV4Auth`
computes for the same request, clock and keys.
"""

from __future__ import annotations

import json
import re
import string
from hashlib import sha256
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from botocore.auth import SigV4Auth, _host_from_url
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials
from hypothesis import given, settings
from hypothesis import strategies as st

from arc_core._sigv4 import (
    EMPTY_SHA256,
    UNSIGNED_HEADERS,
    canonical_request,
    host_header,
    sign,
    signing_key,
)

ACCESS_KEY = "AKIDEXAMPLE"
SECRET_KEY = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
TIMESTAMP = "20150830T123600Z"
REGION = "us-east-1"
SERVICE = "service"
# Every case of the suite but normalize-path/get-space, which botocore skips too: its
# request line has a raw space in the target, which is not HTTP. Our signer can express
# all the others: a repeated header as the same name spelled in other cases (see
# `_spelling`), and the three get-vanilla-query-order-* cases that botocore's harness
# skips (it turns the query into a dict), because our query is signed as sent.
VECTORS: dict[str, dict[str, str]] = json.loads(
    (Path(__file__).parent / "sigv4_vectors.json").read_text(encoding="utf-8")
)["cases"]
# Every printable ASCII character but the space: what a request line may carry as is.
_WIRE_SAFE = "".join(chr(code) for code in range(0x21, 0x7F))


class Vector:
    """One test-suite case, turned into the arguments our signer takes."""

    def __init__(self, name: str) -> None:
        case = VECTORS[name]
        self.creq = case["creq"]
        self.sts = case["sts"]
        self.authz = case["authz"]
        head, _, body = case["req"].partition("\n\n")
        request_line, *lines = head.split("\n")
        self.method, target, _version = request_line.split(" ")
        pairs: list[tuple[str, str]] = []
        for line in lines:
            if not line:
                continue
            if line[0] in " \t" and pairs:
                # An obsolete folded line continues the previous header's value.
                name_, value = pairs[-1]
                pairs[-1] = (name_, f"{value}\n{line}")
            else:
                header, _, value = line.partition(":")
                pairs.append((header, value))
        self.body = body.encode()
        self.timestamp = TIMESTAMP
        self.token: str | None = None
        self.headers: dict[str, str] = {}
        for header, value in pairs:
            lower = header.lower()
            if lower == "x-amz-date":
                # Our signer adds X-Amz-Date itself, from the timestamp it is given.
                self.timestamp = value.strip()
            elif lower == "x-amz-security-token":
                # ... and the token header, from the token it is given.
                self.token = value.strip()
            else:
                self.headers[_spelling(self.headers, header)] = value
        if self.token is None:
            # As botocore's harness does: the vector's token is whatever its canonical
            # request signs (get-vanilla-with-session-token has none in its .req).
            found = re.search(r"^x-amz-security-token:(.*)$", self.creq, re.MULTILINE)
            self.token = found.group(1) if found else None
        path, mark, query = target.partition("?")
        # Our signer takes the path as the caller has it (it encodes it once more, as
        # every service but S3 wants) and the query as sent on the wire, already
        # encoded: a request line carries no raw UTF-8, so get-vanilla-utf8-query's
        # key goes in its percent-encoded wire form.
        wire_query = quote(query, safe=_WIRE_SAFE) if mark else ""
        host = self.headers.get("Host", "example.amazonaws.com")
        self.url = f"https://{host}{path}{mark}{wire_query}"

    def signed_headers(self) -> dict[str, str]:
        """The headers as our `sign` puts them together before signing."""
        added = {"X-Amz-Date": self.timestamp}
        if self.token:
            added["X-Amz-Security-Token"] = self.token
        return {**self.headers, **added}


def _spelling(headers: dict[str, str], name: str) -> str:
    """`name`, or another spelling of it when it is already there (a repeated header).

    Header names are case-insensitive, so a mapping holds a repeated header as the
    same name spelled in different cases; the signer joins their values in order.
    """
    for spelled in (name, name.lower(), name.upper(), name.swapcase(), name.title()):
        if spelled not in headers:
            return spelled
    raise AssertionError(f"no spelling of {name!r} left for another repeat")


def _string_to_sign(timestamp: str, creq: str, region: str, service: str) -> str:
    scope = f"{timestamp[:8]}/{region}/{service}/aws4_request"
    return f"AWS4-HMAC-SHA256\n{timestamp}\n{scope}\n{sha256(creq.encode()).hexdigest()}"


@pytest.mark.parametrize("name", sorted(VECTORS))
def test_each_aws_test_vector_signs_exactly_as_published(name: str) -> None:
    vector = Vector(name)
    payload = sha256(vector.body).hexdigest()
    creq, names = canonical_request(vector.method, vector.url, vector.signed_headers(), payload)
    assert creq == vector.creq
    assert names == creq.split("\n")[-2]
    assert _string_to_sign(vector.timestamp, creq, REGION, SERVICE) == vector.sts
    added = sign(
        vector.method,
        vector.url,
        vector.headers,
        vector.body,
        access_key=ACCESS_KEY,
        secret_key=SECRET_KEY,
        token=vector.token,
        region=REGION,
        service=SERVICE,
        timestamp=vector.timestamp,
    )
    assert added["Authorization"] == vector.authz
    assert added["X-Amz-Date"] == vector.timestamp
    assert added.get("X-Amz-Security-Token") == vector.token


def test_get_vanilla_has_the_published_signature() -> None:
    added = sign(
        "GET",
        "https://example.amazonaws.com/",
        {"Host": "example.amazonaws.com"},
        b"",
        access_key=ACCESS_KEY,
        secret_key=SECRET_KEY,
        token=None,
        region=REGION,
        service=SERVICE,
        timestamp=TIMESTAMP,
    )
    assert added == {
        "X-Amz-Date": TIMESTAMP,
        "Authorization": (
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
            "SignedHeaders=host;x-amz-date, "
            "Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"
        ),
    }


def test_the_host_is_derived_from_the_url_when_no_header_names_it() -> None:
    with_header = sign(
        "GET",
        "https://example.amazonaws.com/",
        {"Host": "example.amazonaws.com"},
        b"",
        access_key=ACCESS_KEY,
        secret_key=SECRET_KEY,
        token=None,
        region=REGION,
        service=SERVICE,
        timestamp=TIMESTAMP,
    )
    without = sign(
        "GET",
        "https://EXAMPLE.amazonaws.com:443/",
        {},
        b"",
        access_key=ACCESS_KEY,
        secret_key=SECRET_KEY,
        token=None,
        region=REGION,
        service=SERVICE,
        timestamp=TIMESTAMP,
    )
    assert without == with_header


def test_the_signing_key_is_the_documented_hmac_chain() -> None:
    # AWS's documented derivation example (secret of the test suite, IAM, 2012-02-15).
    key = signing_key(SECRET_KEY, "20120215", "us-east-1", "iam")
    assert key.hex() == "f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d"
    assert signing_key(SECRET_KEY, "20120215", "us-east-1", "iam") == key
    assert signing_key(SECRET_KEY, "20120216", "us-east-1", "iam") != key


def test_an_empty_body_hashes_as_the_empty_string() -> None:
    assert sha256(b"").hexdigest() == EMPTY_SHA256


def test_a_token_is_signed_and_sent_only_when_there_is_one() -> None:
    common: dict[str, Any] = {
        "access_key": ACCESS_KEY,
        "secret_key": SECRET_KEY,
        "region": REGION,
        "service": SERVICE,
        "timestamp": TIMESTAMP,
    }
    url = "https://example.amazonaws.com/"
    with_token = sign("GET", url, {}, b"", token="tok", **common)
    assert with_token["X-Amz-Security-Token"] == "tok"
    assert "SignedHeaders=host;x-amz-date;x-amz-security-token," in with_token["Authorization"]
    for token in (None, ""):
        added = sign("GET", url, {}, b"", token=token, **common)
        assert "X-Amz-Security-Token" not in added
        assert "SignedHeaders=host;x-amz-date," in added["Authorization"]


# --- botocore as the oracle -------------------------------------------------------------

# Headers the transport never passes to the signer, which botocore treats specially:
# it signs `Date` instead of X-Amz-Date, replaces Authorization, X-Amz-Date and the
# token, and takes X-Amz-Content-SHA256 as the payload hash.
_BOTOCORE_SPECIAL = frozenset(
    {"date", "authorization", "x-amz-date", "x-amz-security-token", "x-amz-content-sha256"}
)
_SEGMENT_PIECES = [
    *string.ascii_letters,
    *string.digits,
    *"-._~!$&'()*+,;=:@",
    "%",
    "%2F",
    "%3D",
    "%20",
    "%25",
    "%2B",
    "%E1%88%B4",
    "é",
    "ሴ",
    " ",
]
_QUERY_PIECES = [*string.ascii_letters, *string.digits, *"-._~", "%2F", "%3D", "%20", "%26", "+"]

methods = st.sampled_from(["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "get", "Post"])
hosts = st.sampled_from(
    [
        "example.amazonaws.com",
        "Example.AmazonAWS.com",
        "dynamodb.us-east-1.amazonaws.com",
        "abc123.execute-api.eu-west-1.amazonaws.com",
        "127.0.0.1",
        "localhost",
        "[::1]",
    ]
)
ports = st.sampled_from([None, 80, 443, 4566, 8000])
segments = st.one_of(
    st.sampled_from(["", ".", "..", "$default", "@connections"]),
    st.lists(st.sampled_from(_SEGMENT_PIECES), min_size=1, max_size=8).map("".join),
)
paths = st.one_of(
    st.just(""),
    st.builds(
        lambda parts, slash: "/" + "/".join(parts) + slash,
        st.lists(segments, max_size=6),
        st.sampled_from(["", "/"]),
    ),
)
query_words = st.one_of(
    st.sampled_from(["", "a", "A", "Param1", "Action", "b"]),
    st.lists(st.sampled_from(_QUERY_PIECES), min_size=1, max_size=8).map("".join),
)
query_pairs = st.builds(
    lambda key, value, form: {"kv": f"{key}={value}", "k=": f"{key}=", "k": key}[form],
    query_words,
    query_words,
    st.sampled_from(["kv", "kv", "k=", "k"]),
)
queries = st.one_of(st.none(), st.lists(query_pairs, min_size=1, max_size=6).map("&".join))
header_names = st.one_of(
    st.sampled_from(
        [
            "Content-Type",
            "X-Amz-Target",
            "x-amzn-query-mode",
            "User-Agent",
            "Connection",
            "Expect",
            "X-Amzn-Trace-Id",
            "traceparent",
            "Content-Length",
            "Host",
            "My-Header1",
        ]
    ),
    st.text(alphabet=string.ascii_letters + string.digits + "-_", min_size=1, max_size=12),
).filter(lambda name: name.lower() not in _BOTOCORE_SPECIAL)
header_values = st.text(
    alphabet=st.sampled_from([*string.ascii_letters, *string.digits, *' \t"-_=,;:/+.', "é"]),
    max_size=24,
)
tokens = st.one_of(
    st.none(),
    st.just(""),
    st.text(alphabet=string.ascii_letters + string.digits + "/+=", min_size=1, max_size=40),
)
scopes = st.sampled_from(
    [("service", "us-east-1"), ("dynamodb", "eu-west-1"), ("execute-api", "cn-north-1")]
)


def _headers(pairs: list[tuple[str, str]]) -> dict[str, str]:
    """Drawn headers as a mapping; a repeated name comes back spelled in another case."""
    headers: dict[str, str] = {}
    for name, value in pairs:
        for spelled in (name, name.lower(), name.upper(), name.swapcase(), name.title()):
            if spelled not in headers:
                headers[spelled] = value
                break
    return headers


def _botocore(
    method: str,
    url: str,
    headers: dict[str, str],
    body: bytes,
    token: str | None,
    service: str,
    region: str,
) -> tuple[str, str]:
    """botocore's canonical request and Authorization header for the same request."""
    request = AWSRequest(method=method, url=url, headers=headers, data=body)
    request.context["timestamp"] = TIMESTAMP
    signer = SigV4Auth(Credentials(ACCESS_KEY, SECRET_KEY, token), service, region)
    # add_auth's steps, with our fixed clock instead of botocore's.
    signer._modify_request_before_signing(request)
    creq = signer.canonical_request(request)
    signature = signer.signature(signer.string_to_sign(request, creq), request)
    signer._inject_signature_to_request(request, signature)
    return creq, request.headers["Authorization"]


@settings(max_examples=200, deadline=None, database=None)
@given(
    method=methods,
    scheme=st.sampled_from(["http", "https"]),
    host=hosts,
    port=ports,
    path=paths,
    query=queries,
    header_pairs=st.lists(st.tuples(header_names, header_values), max_size=6),
    body=st.binary(max_size=64),
    token=tokens,
    scope=scopes,
)
def test_the_signature_is_botocores_for_any_request(
    method: str,
    scheme: str,
    host: str,
    port: int | None,
    path: str,
    query: str | None,
    header_pairs: list[tuple[str, str]],
    body: bytes,
    token: str | None,
    scope: tuple[str, str],
) -> None:
    service, region = scope
    netloc = host if port is None else f"{host}:{port}"
    url = f"{scheme}://{netloc}{path}" + ("" if query is None else f"?{query}")
    headers = _headers(header_pairs)
    expected_creq, expected = _botocore(method, url, headers, body, token, service, region)
    added = sign(
        method,
        url,
        headers,
        body,
        access_key=ACCESS_KEY,
        secret_key=SECRET_KEY,
        token=token,
        region=region,
        service=service,
        timestamp=TIMESTAMP,
    )
    together = {**headers, "X-Amz-Date": TIMESTAMP}
    if token:
        together["X-Amz-Security-Token"] = token
    payload = sha256(body).hexdigest()
    assert canonical_request(method, url, together, payload)[0] == expected_creq
    assert added["Authorization"] == expected


@settings(max_examples=200, deadline=None, database=None)
@given(scheme=st.sampled_from(["http", "https"]), host=hosts, port=ports)
def test_the_host_header_is_botocores(scheme: str, host: str, port: int | None) -> None:
    url = f"{scheme}://{host if port is None else f'{host}:{port}'}/"
    assert host_header(url) == _host_from_url(url)


def test_the_never_signed_headers_are_botocores() -> None:
    from botocore.auth import SIGNED_HEADERS_BLACKLIST

    assert frozenset(SIGNED_HEADERS_BLACKLIST) == UNSIGNED_HEADERS
