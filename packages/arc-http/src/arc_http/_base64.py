"""Decoding request bodies the way clients actually send base64."""

from __future__ import annotations

import binascii

from arc_core import InvalidRequestError

__all__ = ["decode_base64"]

# Node's Buffer.from(s, 'base64') reads both alphabets and needs no padding; so does this.
_URLSAFE = str.maketrans("-_", "+/")
# What is left after whitespace is removed must be the standard alphabet, then padding.
_ALPHABET = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")


def decode_base64(text: str) -> bytes:
    """The bytes `text` encodes, in the standard or URL-safe alphabet, padded or not.

    Whitespace is ignored. Raises `InvalidRequestError` for anything else (where Node
    would silently skip the characters it cannot read and decode garbage).

    >>> decode_base64("aGk")
    b'hi'
    """
    cleaned = "".join(text.split()).translate(_URLSAFE).rstrip("=")
    if len(cleaned) % 4 == 1 or not _ALPHABET.issuperset(cleaned):
        raise InvalidRequestError("the request body is not valid base64")
    return binascii.a2b_base64(cleaned + "=" * (-len(cleaned) % 4))
