"""`helpers.url`: the REST API stage in front of a path when deployed (Node's rules)."""

from __future__ import annotations

import pytest

from arc_http.helpers import url


def test_locally_the_path_is_unchanged() -> None:
    assert url("foo.png") == "foo.png"


@pytest.mark.parametrize("env", ["staging", "production"])
def test_deployed_the_stage_is_prefixed(monkeypatch: pytest.MonkeyPatch, env: str) -> None:
    monkeypatch.setenv("ARC_ENV", env)
    assert url("/") == f"/{env}/"
    # Node adds nothing between the stage and the path.
    assert url("foo") == f"/{env}foo"


def test_arc_local_masks_the_stage(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ARC_ENV", "staging")
    monkeypatch.setenv("ARC_LOCAL", "1")
    assert url("bar.png") == "bar.png"
