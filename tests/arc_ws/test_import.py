"""`import arc_ws` is light, and `arc.ws` is the same module."""

from __future__ import annotations

import arc_ws
from tests.fresh_python import loaded_by

# Modules a cold Lambda should not pay for until the first send.
HEAVY = ("boto3", "botocore", "json", "concurrent.futures", "threading", "arc_services")


def test_import_loads_nothing_heavy() -> None:
    assert loaded_by("import arc_ws", HEAVY) == []


def test_arc_dot_ws_is_arc_ws() -> None:
    import arc
    from arc.ws import send

    assert arc.ws is arc_ws
    assert send is arc_ws.send


def test_the_public_api_is_what_all_lists() -> None:
    assert sorted(arc_ws.__all__) == sorted(
        [
            "GoneError",
            "SendManyError",
            "api",
            "close",
            "info",
            "send",
            "send_many",
        ]
    )
    assert all(hasattr(arc_ws, name) for name in arc_ws.__all__)


def test_no_module_constant_poses_as_a_setting() -> None:
    # Assigning arc_ws.SEND_MANY_CONCURRENCY never changed anything: `concurrency=` does.
    assert not hasattr(arc_ws, "SEND_MANY_CONCURRENCY")
