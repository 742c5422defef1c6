"""The pytest plugin of arc-testing (entry point `pytest11`): options and fixtures.

Loaded by pytest wherever arc-testing is installed; it adds fixtures and the
`--arc-app` option and changes nothing else.
"""

from __future__ import annotations

import pytest


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("arc", "arc-testing")
    group.addoption(
        "--arc-app",
        metavar="DIR",
        default=None,
        help="the Architect app (the folder with app.arc) that arc_sandbox starts; "
        "default: the rootdir",
    )
