"""`import arc_ws` is light, and `arc.ws` is the same module."""

from __future__ import annotations

import os
import subprocess
import sys

import arc_ws

# Modules a cold Lambda should not pay for until the first send.
HEAVY = ("boto3", "botocore", "json", "concurrent.futures", "threading", "arc_services")


def test_import_loads_nothing_heavy() -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ARC_", "AWS_"))}
    code = f"import sys, arc_ws; print(sorted(m for m in {HEAVY!r} if m in sys.modules))"
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )

    assert result.stdout.strip() == "[]"


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
            "SEND_MANY_CONCURRENCY",
            "api",
            "close",
            "info",
            "send",
            "send_many",
        ]
    )
    assert all(hasattr(arc_ws, name) for name in arc_ws.__all__)
