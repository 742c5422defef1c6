"""GET /records/:id: a row of the records table, written by a subscriber or a @ws function."""

from __future__ import annotations

from typing import Any

import arc
from arc.http import HttpResponse, res


def handler(req: dict[str, Any], context: dict[str, Any]) -> HttpResponse:
    item = arc.tables.client().records.get({"id": req["pathParameters"]["id"]})
    if item is None:
        return res(req, {"status": 404, "json": {"error": "no such record"}})
    return res(req, {"json": item})
