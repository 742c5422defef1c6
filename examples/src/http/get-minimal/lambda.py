"""GET /minimal: a function that needs only arc-http, named in its own requirements.txt.

The sandbox installs it into vendor/ at start, as a deploy does: arc-http and the little
it depends on, no boto3. Handlers find vendor/ before the Python's own site-packages.
"""

from __future__ import annotations

import os
from typing import Any

import arc_http


def handler(req: dict[str, Any], context: dict[str, Any]) -> arc_http.HttpResponse:
    # Relative to the function folder, the current directory of every invocation.
    loaded_from = os.path.relpath(arc_http.__file__)
    return arc_http.res(req, {"json": {"arc_http": loaded_from}})
