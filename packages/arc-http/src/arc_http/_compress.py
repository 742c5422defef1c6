"""Choosing and applying a response's Content-Encoding: br or gzip.

Node splits `Accept-Encoding` on exactly ", " and ignores q-values; this parses the
header as RFC 9110 says (any spacing, q-values, `*`), so `br;q=0` really refuses br.
brotli is optional: without the `brotli` package installed, br is never chosen and
clients that also accept gzip get gzip.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

__all__ = [
    "BROTLI_QUALITY",
    "DEFAULT_MIN_SIZE",
    "GZIP_LEVEL",
    "choose_encoding",
    "compress",
]

# The default of res's `compress_min_size`: bodies smaller than this many bytes are sent
# as they are. Compressing them saves a few bytes at best, and the base64 the Lambda
# response needs costs a third more; the floor is CloudFront's (it compresses from 1,000
# bytes). Node compresses everything (`compress_min_size: 0`).
DEFAULT_MIN_SIZE = 1000
# Node's gzipSync uses zlib's default level, 6; Python's gzip module would use 9.
GZIP_LEVEL = 6
# Node's brotliCompressSync uses quality 11, which costs about a second per MB: too slow
# for a response built on every request. 5 compresses better than gzip 6 at about its speed.
BROTLI_QUALITY = 5
# Distinct Accept-Encoding values kept parsed; browsers send a handful of spellings.
_PARSED_LIMIT = 256

_parsed: dict[str, dict[str, float]] = {}
_brotli: Any = None


def _brotli_module() -> Any:
    global _brotli
    if _brotli is None:
        try:
            _brotli = import_module("brotli")
        except ImportError:
            _brotli = False
    return _brotli


def _quality(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        return 0.0
    # A malformed q (NaN, out of range) is treated as a refusal: sending identity is safe.
    return value if 0.0 <= value <= 1.0 else 0.0


def _accepted(header: str) -> dict[str, float]:
    parsed = _parsed.get(header)
    if parsed is not None:
        return parsed
    parsed = {}
    for item in header.split(","):
        coding, _, params = item.partition(";")
        coding = coding.strip().lower()
        if not coding:
            continue
        quality = 1.0
        for param in params.split(";"):
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                quality = _quality(value.strip())
        parsed.setdefault(coding, quality)
    if len(_parsed) < _PARSED_LIMIT:
        _parsed[header] = parsed
    return parsed


def choose_encoding(accept_encoding: str, preference: Any = None) -> str | None:
    """The coding to compress with (`"br"`, `"gzip"`) or None to send the body as is.

    A client's acceptable codings come from `accept_encoding` with their q-values (`*`
    covers codings it does not name). `preference` (`"br"` or `"gzip"`, the `compression`
    param) wins when the client accepts it; otherwise the highest q wins, br on a tie.

    >>> choose_encoding("gzip, deflate, br")
    'br'
    >>> choose_encoding("br;q=0, gzip")
    'gzip'
    """
    accepted = _accepted(accept_encoding)
    wildcard = accepted.get("*", 0.0)
    codings = ("br", "gzip") if _brotli_module() else ("gzip",)
    if preference in codings and accepted.get(preference, wildcard) > 0:
        return str(preference)
    best, best_quality = None, 0.0
    for coding in codings:
        quality = accepted.get(coding, wildcard)
        if quality > best_quality:
            best, best_quality = coding, quality
    return best


def compress(data: bytes, coding: str) -> bytes:
    """`data` compressed with `coding` (`"br"` or `"gzip"`, as `choose_encoding` returns)."""
    if coding == "br":
        compressed: bytes = _brotli_module().compress(data, quality=BROTLI_QUALITY)
        return compressed
    import gzip

    # mtime=0 makes the output depend on the body only, so ETags and tests stay stable.
    return gzip.compress(data, compresslevel=GZIP_LEVEL, mtime=0)
