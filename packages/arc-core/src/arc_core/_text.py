"""Text as Node puts it on the wire: `Buffer.from(text)`."""

from __future__ import annotations

__all__ = ["node_utf8"]


def node_utf8(text: str) -> bytes:
    """Node's `Buffer.from(text)`: UTF-8, with each lone surrogate as U+FFFD.

    Python refuses to encode a lone surrogate; JavaScript strings may hold one, and
    Node writes U+FFFD in its place. A UTF-16 round trip keeps well-formed pairs and
    replaces only lone halves.

    >>> node_utf8("a\\ud800")
    b'a\\xef\\xbf\\xbd'
    """
    try:
        return text.encode()
    except UnicodeEncodeError:
        return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace").encode()
