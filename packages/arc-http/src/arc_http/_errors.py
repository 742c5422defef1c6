"""`ResponseError`, what `res` raises for a response Lambda cannot send.

Defined once in arc_core's error tree (`arc_core.ResponseError`) and re-exported here,
where its users catch it.
"""

from __future__ import annotations

from arc_core import ResponseError as ResponseError

__all__ = ["ResponseError"]
