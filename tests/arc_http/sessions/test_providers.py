"""Which provider a call uses: Node's rule, with JWE when nothing is configured."""

from __future__ import annotations

import pytest

from arc_http._sessions import session_read, session_write

JWE_HEADER = "_idx=eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0.."


def test_no_session_setting_means_jwe_as_architect_deploys_default() -> None:
    assert session_write({}).startswith(JWE_HEADER)
    assert session_read({}) == {}


@pytest.mark.parametrize(
    ("arc_name", "legacy_name"), [("jwe", None), ("other", "jwe"), ("jwe", "other"), ("", "")]
)
def test_jwe_in_either_variable_means_jwe(
    monkeypatch: pytest.MonkeyPatch, arc_name: str, legacy_name: str | None
) -> None:
    monkeypatch.setenv("ARC_SESSION_TABLE_NAME", arc_name)
    if legacy_name is not None:
        monkeypatch.setenv("SESSION_TABLE_NAME", legacy_name)
    assert session_write({}).startswith(JWE_HEADER)


def test_an_empty_arc_variable_falls_back_to_the_legacy_table_name(
    session_table: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ARC_SESSION_TABLE_NAME", "")
    monkeypatch.setenv("SESSION_TABLE_NAME", "sessions")
    assert set(session_read({})) == {"_idx", "_secret", "_ttl"}


def test_a_table_name_means_dynamodb(session_table: str) -> None:
    session = session_read({})
    assert session_write(session).startswith(f"_idx={session['_idx']}.")
