"""On AWS, against moto_server's API Gateway management API over HTTP.

moto accepts any connection id (it never answers 410), so gone connections are tested
against the sandbox stand-in in test_gone.py.
"""

from __future__ import annotations

from datetime import datetime

import arc_ws


def test_send_info_and_close_reach_the_management_api(aws: str) -> None:
    assert arc_ws.send("L0SM9cOFvHcCIhw=", {"hello": "world"}) is None

    found = arc_ws.info("L0SM9cOFvHcCIhw=")

    assert set(found) == {"ConnectedAt", "LastActiveAt", "Identity"}
    assert isinstance(found["ConnectedAt"], datetime)
    assert isinstance(found["LastActiveAt"], datetime)
    assert found["Identity"]["SourceIp"]
    assert arc_ws.close("L0SM9cOFvHcCIhw=") is None


def test_send_many_reaches_every_connection(aws: str) -> None:
    ids = [f"conn{number}" for number in range(25)]

    assert arc_ws.send_many(ids, "broadcast") == []


def test_the_client_points_at_aws_endpoint_url_when_it_is_set(aws: str, moto_url: str) -> None:
    assert arc_ws.api().meta.endpoint_url == moto_url
