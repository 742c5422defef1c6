"""Helpers for the session tests: JWE tokens made and opened by hand, a session table."""

from __future__ import annotations

import base64
import json
import os
from typing import Any

import pytest

from arc_core import aws_client
from tests.conftest import PutParameter

# The key size of each `enc`, as in Node's providers/jwe.js.
KEY_SIZES = {"A256GCM": 32, "A192GCM": 24, "A128GCM": 16}


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def b64url_decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def header_of(enc: str) -> str:
    return b64url(json.dumps({"alg": "dir", "enc": enc}, separators=(",", ":")).encode())


def seal(payload: dict[str, Any] | bytes, key: bytes, enc: str = "A256GCM") -> str:
    """A compact JWE made directly with AES-GCM, as node-webtokens makes them."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    plain = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
    header = header_of(enc)
    iv = os.urandom(12)
    sealed = AESGCM(key[: KEY_SIZES[enc]]).encrypt(iv, plain, header.encode())
    return f"{header}..{b64url(iv)}.{b64url(sealed[:-16])}.{b64url(sealed[-16:])}"


def unseal(token: str, key: bytes) -> bytes:
    """The plaintext of a compact JWE, opened directly with AES-GCM."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    header, _, iv, content, tag = token.split(".")
    enc = json.loads(b64url_decode(header))["enc"]
    aead = AESGCM(key[: KEY_SIZES[enc]])
    return aead.decrypt(
        b64url_decode(iv), b64url_decode(content) + b64url_decode(tag), header.encode()
    )


def token_of(set_cookie: str) -> str:
    """The token in a JWE session's Set-Cookie value."""
    return set_cookie.split(";", 1)[0].removeprefix("_idx=")


def cookie_request(set_cookie: str) -> dict[str, Any]:
    """The request a browser sends back after receiving `set_cookie`."""
    return {"headers": {"cookie": set_cookie.split(";", 1)[0]}}


@pytest.fixture
def session_table(aws: str, put_parameter: PutParameter, monkeypatch: pytest.MonkeyPatch) -> str:
    """A DynamoDB session table in moto, known to the app as `sessions`; its physical name."""
    physical = f"{aws}-sessions"
    aws_client("dynamodb").create_table(
        TableName=physical,
        KeySchema=[{"AttributeName": "_idx", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "_idx", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
    )
    put_parameter("tables/sessions", physical)
    put_parameter("tables/notes", f"{aws}-notes")
    monkeypatch.setenv("ARC_SESSION_TABLE_NAME", "sessions")
    monkeypatch.setenv("ARC_APP_SECRET", "a-test-secret-that-is-long-enough")
    return physical
