"""Node's `arc.http.helpers`: `body_parser` (also `parse_body`), `interpolate` and `url`."""

from __future__ import annotations

from ._body import parse_body as parse_body
from ._interpolate import interpolate as interpolate
from ._url import url as url

__all__ = ["body_parser", "interpolate", "parse_body", "url"]

#: Node's name for `parse_body`.
body_parser = parse_body
