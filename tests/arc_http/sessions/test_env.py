"""The environment snapshot each session call takes: Node's `||`, re-read every call."""

from __future__ import annotations

import pytest

from arc_http._sessions._env import NAMES, Settings, current


def test_every_setting_has_its_variable() -> None:
    assert len(NAMES) == len(Settings._fields)


def test_unset_and_empty_variables_are_none(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ARC_SESSION_TTL", "")
    assert current() == Settings(*([None] * len(NAMES)))


def test_every_variable_lands_in_its_field(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in NAMES:
        monkeypatch.setenv(name, f"value of {name} é")
    assert current() == Settings(*(f"value of {name} é" for name in NAMES))


def test_a_change_is_seen_by_the_next_call(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ARC_SESSION_SAME_SITE", "strict")
    assert current().same_site == "strict"
    monkeypatch.setenv("ARC_SESSION_SAME_SITE", "none")
    assert current().same_site == "none"
    monkeypatch.delenv("ARC_SESSION_SAME_SITE")
    assert current().same_site is None
