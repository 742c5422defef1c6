"""Choosing a Content-Encoding from Accept-Encoding, q-values and all."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from arc_http._compress import choose_encoding


@pytest.mark.parametrize(
    ("accept", "chosen"),
    [
        # The cases Node's tests pin down.
        ("gzip, br, deflate", "br"),
        ("gzip, deflate", "gzip"),
        ("deflate", None),
        ("br;q=1.0, gzip", "br"),
        # Where Node's ", " split gets it wrong.
        ("gzip,br", "br"),
        ("gzip ,  br", "br"),
        ("BR, GZIP", "br"),
        ("br;q=0, gzip", "gzip"),
        ("br;q=0", None),
        ("gzip;q=1, br;q=0.5", "gzip"),
        ("br;q=0.5, gzip;q=0.5", "br"),
        ("*", "br"),
        ("*;q=0, gzip", "gzip"),
        ("gzip;q=0, *", "br"),
        ("identity", None),
        ("", None),
        (",,;", None),
        ("br;q=abc, gzip", "gzip"),
        ("br;q=2, gzip", "gzip"),
        ("br; Q=0.001", "br"),
    ],
)
def test_accept_encoding_negotiation(accept: str, chosen: str | None) -> None:
    assert choose_encoding(accept) == chosen


@pytest.mark.parametrize(
    ("accept", "preference", "chosen"),
    [
        ("gzip, br", "gzip", "gzip"),
        ("gzip, br", "br", "br"),
        ("br", "gzip", "br"),
        ("deflate", "gzip", None),
        ("gzip, br", "zstd", "br"),
        ("gzip;q=0, br", "gzip", "br"),
    ],
)
def test_a_preference_wins_only_when_the_client_accepts_it(
    accept: str, preference: str, chosen: str | None
) -> None:
    assert choose_encoding(accept, preference) == chosen


def test_without_brotli_installed_gzip_is_used() -> None:
    # A fresh interpreter where `import brotli` fails, as on an arc-http install
    # without the brotli extra.
    script = textwrap.dedent(
        """
        import gzip, base64, sys
        sys.modules["brotli"] = None
        from arc_http import res
        from arc_http._compress import choose_encoding
        assert choose_encoding("br") is None, "br chosen without brotli"
        assert choose_encoding("br, gzip", "br") == "gzip"
        event = {"version": "2.0", "headers": {"accept-encoding": "br, gzip"}}
        response = res(event, {"text": "x" * 5000})
        assert response["headers"]["content-encoding"] == "gzip"
        assert gzip.decompress(base64.b64decode(response["body"])) == b"x" * 5000
        print("ok")
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"
