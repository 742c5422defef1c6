"""`res` on arbitrary input: a valid Lambda response, or a `ResponseError`, nothing else."""

from __future__ import annotations

import base64
import contextlib
import gzip
import json
from typing import Any

import brotli
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from arc_http import ResponseError, res

# Text that would end a header and start another, if it reached one.
INJECTIONS = st.sampled_from(["a\r\nSet-Cookie: x=1", "\n", "\r", "a\x00b"])
SCALARS = (
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20) | INJECTIONS
)
# Keys that are, or only look like, JavaScript array indices, of any length.
NUMERIC_KEYS = st.sampled_from(["0", "007", "10", "4294967294", "4294967295"]) | st.integers(
    1, 5000
).map(lambda length: "1" * length)
JSON_VALUES = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(st.text(max_size=8) | NUMERIC_KEYS, inner, max_size=3)
    ),
    max_leaves=8,
)
ANY_VALUE = JSON_VALUES | st.binary(max_size=50) | st.sets(st.integers(), max_size=2)
RESPONSE_KEYS = st.sampled_from(
    [
        "statusCode",
        "status",
        "code",
        "status_code",
        "body",
        "headers",
        "isBase64Encoded",
        "cookies",
        "cookie",
        "cors",
        "location",
        "html",
        "css",
        "js",
        "text",
        "json",
        "xml",
        "type",
        "cacheControl",
        "cache_control",
        "compression",
        "compress_min_size",
        "multiValueHeaders",
    ]
)
HEADER_NAMES = (
    st.sampled_from(
        [
            "content-type",
            "Content-Type",
            "cache-control",
            "Cache-Control",
            "content-encoding",
            "Content-Encoding",
            "vary",
            "set-cookie",
            "x-custom",
        ]
    )
    | st.text(max_size=10)
    | INJECTIONS
)
TYPES = st.sampled_from(["text/html", "application/json", "image/png", "application/pdf"])
HEADERS = st.dictionaries(
    HEADER_NAMES, SCALARS | TYPES | st.lists(st.text(max_size=5), max_size=2), max_size=4
)
# Bodies long enough to be compressed.
LONG_TEXT = st.builds(
    lambda text, times: text * times, st.text(min_size=1, max_size=8), st.integers(130, 300)
)
STATUS = st.integers(100, 599) | st.sampled_from(["404", 200.0, 0, "idk", 1000, True])
RESPONSE_DICTS = st.dictionaries(RESPONSE_KEYS, ANY_VALUE, max_size=6) | st.fixed_dictionaries(
    {},
    optional={
        "statusCode": STATUS,
        "headers": HEADERS,
        "body": st.text() | LONG_TEXT | st.binary() | LONG_TEXT.map(str.encode) | JSON_VALUES,
        "html": st.text() | LONG_TEXT,
        "json": JSON_VALUES,
        "type": TYPES | INJECTIONS,
        "compression": st.sampled_from([False, "br", "gzip", "zstd", None]),
        "compress_min_size": st.none() | st.integers(-1, 3000) | st.sampled_from([1.5, "9"]),
        "isBase64Encoded": st.booleans(),
        "cookies": st.lists(st.text(max_size=10) | INJECTIONS, max_size=2),
        "location": st.text(max_size=10) | INJECTIONS,
        "cors": st.booleans(),
        "multiValueHeaders": st.dictionaries(
            st.text(max_size=8) | INJECTIONS,
            st.lists(st.text(max_size=8) | INJECTIONS, max_size=2),
            max_size=2,
        ),
        "cacheControl": st.text(max_size=10) | INJECTIONS,
        "session": st.dictionaries(st.text(max_size=8), JSON_VALUES, max_size=3),
    },
)


class WithStatus(Exception):
    def __init__(self, status: Any) -> None:
        super().__init__(f"failed with {status!r} <&>")
        self.status = status


EXCEPTIONS = st.builds(ValueError, st.text(max_size=20)) | st.builds(WithStatus, ANY_VALUE)
PARAMS = RESPONSE_DICTS | ANY_VALUE | EXCEPTIONS
ACCEPT = st.sampled_from(
    ["gzip, br", "br", "gzip", "deflate", "*", "br;q=0, gzip;q=0.5"]
) | st.text(max_size=15)
REQUESTS = st.fixed_dictionaries(
    {},
    optional={
        "version": st.sampled_from(["2.0", "1.0", None, 2, "x"]),
        "headers": st.fixed_dictionaries({}, optional={"accept-encoding": ACCEPT | SCALARS})
        | st.none()
        | st.text(max_size=5),
        "session": st.none() | st.fixed_dictionaries({}, optional={"_idx": st.text(max_size=8)}),
    },
)


def header_safe(text: Any) -> bool:
    """Text that can be a header name or value: no CR, LF or NUL to end it early."""
    return isinstance(text, str) and not any(char in text for char in "\r\n\x00")


def check_valid(response: Any) -> None:
    assert isinstance(response["statusCode"], int)
    assert 100 <= response["statusCode"] <= 599
    assert isinstance(response["headers"], dict)
    assert all(header_safe(k) and header_safe(v) for k, v in response["headers"].items())
    assert isinstance(response["body"], str)
    assert isinstance(response["isBase64Encoded"], bool)
    if "cookies" in response:
        assert all(header_safe(cookie) for cookie in response["cookies"])
    if "multiValueHeaders" in response:
        for name, values in response["multiValueHeaders"].items():
            assert header_safe(name)
            assert all(header_safe(value) for value in values)
    encoding = response["headers"].get("content-encoding")
    if response["isBase64Encoded"] and encoding in ("br", "gzip") and "vary" in response["headers"]:
        data = base64.b64decode(response["body"], validate=True)
        (brotli.decompress if encoding == "br" else gzip.decompress)(data)
    # What Lambda's runtime does with the return value.
    json.dumps(response)


@settings(max_examples=300)
@given(req=REQUESTS, params=PARAMS)
def test_res_gives_a_valid_lambda_response_or_a_response_error(req: Any, params: Any) -> None:
    try:
        response: Any = res(req, params)
    except ResponseError as err:
        response = err
    if isinstance(response, ResponseError):
        assert str(response)
    else:
        check_valid(response)


@given(req=REQUESTS, params=RESPONSE_DICTS)
def test_res_never_changes_its_arguments(req: Any, params: Any) -> None:
    import copy

    before = (copy.deepcopy(req), copy.deepcopy(params))
    with contextlib.suppress(ResponseError):
        res(req, params)
    assert (req, params) == before or _has_nan(before)


def _has_nan(value: Any) -> bool:
    if isinstance(value, float):
        return value != value
    if isinstance(value, (list, tuple, set)):
        return any(_has_nan(item) for item in value)
    if isinstance(value, dict):
        return any(_has_nan(item) for item in value.values())
    return False


@given(
    version=st.sampled_from(["2.0", "1.0"]),
    accept=ACCEPT,
    body=LONG_TEXT | LONG_TEXT.map(str.encode) | st.binary(min_size=1000, max_size=3000),
    preference=st.sampled_from([None, "br", "gzip", "zstd"]),
    min_size=st.none() | st.integers(0, 4000),
)
def test_a_compressed_body_decompresses_to_the_original(
    version: str, accept: str, body: str | bytes, preference: str | None, min_size: int | None
) -> None:
    req = {"version": version, "headers": {"accept-encoding": accept}}
    params = {"body": body, "compression": preference, "type": "text/csv"}
    response = res(req, {**params, "compress_min_size": min_size})
    check_valid(response)
    original = body.encode("utf-8", "replace") if isinstance(body, str) else body
    encoding = response["headers"].get("content-encoding")
    if len(original) < (1000 if min_size is None else min_size):
        assert encoding is None
    if encoding is None:
        sent = base64.b64decode(response["body"]) if isinstance(body, bytes) else response["body"]
        assert sent == body
    else:
        assert response["isBase64Encoded"] is True
        data = base64.b64decode(response["body"], validate=True)
        decompress = brotli.decompress if encoding == "br" else gzip.decompress
        assert decompress(data) == original


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=50)
@given(
    req=REQUESTS,
    message=st.text(max_size=20),
    status=st.none() | STATUS,
    env=st.sampled_from(["staging", "production"]),
)
def test_a_deployed_error_page_never_shows_the_exception(
    monkeypatch: pytest.MonkeyPatch, req: Any, message: str, status: Any, env: str
) -> None:
    monkeypatch.setenv("ARC_ENV", env)
    error = WithStatus(status) if status is not None else LookupError(f"secret: {message}")
    response = res(req, error)
    check_valid(response)
    assert response["headers"]["x-content-type-options"] == "nosniff"
    page = decoded_page(response)
    assert type(error).__name__ not in page
    assert "secret:" not in page
    assert "failed with" not in page
    assert "Traceback" not in page


def decoded_page(response: Any) -> str:
    """The HTML of an error page, decompressed if it was compressed."""
    if not response["isBase64Encoded"]:
        return str(response["body"])
    data = base64.b64decode(response["body"])
    encoding = response["headers"].get("content-encoding")
    if encoding == "br":
        data = brotli.decompress(data)
    elif encoding == "gzip":
        data = gzip.decompress(data)
    return data.decode()
