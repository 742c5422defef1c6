"""The one error tools/release raises for anything the person releasing must fix."""

from __future__ import annotations


class ReleaseError(Exception):
    """Something stands in the way of the release; the message says what to do."""
