"""GET /services: the app's service map, as arc.services() reads it (the sandbox's SSM)."""

from __future__ import annotations

from typing import Any

import arc
from arc.http import HttpResponse, res


def handler(req: dict[str, Any], context: dict[str, Any]) -> HttpResponse:
    return res(req, {"json": arc.services()})
