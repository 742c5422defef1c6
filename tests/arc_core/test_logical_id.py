"""to_logical_id: Node's vectors, and JavaScript's ASCII-only regular expressions."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from arc_core import to_logical_id


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("arc-app-testing", "ArcAppTesting"),
        ("test-only-testing", "TestOnlyTesting"),
        ("test-app-name-staging", "TestAppNameStaging"),
        ("myApp-production", "MyAppProduction"),
        ("MyAPP-testing", "MyAPPTesting"),
        ("my_app-staging", "MyAppStaging"),
        ("app.name-staging", "AppNameStaging"),
        ("foo--bar-staging", "FooBarStaging"),
        ("get", "GetIndex"),
        ("a", "A"),
        ("-x-", "X"),
        # JavaScript's \w is ASCII: Node drops non-ASCII letters (1.0.0 kept them).
        ("café-testing", "CafTesting"),
        ("", ""),
        # JavaScript's $ does not match before a final newline.
        ("app-testing\n", "AppTesting"),
    ],
)
def test_logical_ids_match_node(name: str, expected: str) -> None:
    assert to_logical_id(name) == expected


@given(st.text())
def test_logical_ids_hold_only_ascii_word_characters(name: str) -> None:
    logical = to_logical_id(name)
    if len(name.encode("utf-16-le")) > 2:
        assert re.fullmatch(r"\w*", logical, re.ASCII) or logical == ""


@given(st.from_regex(r"[a-z][a-z0-9]{0,8}(-[a-z][a-z0-9]{0,8}){0,3}", fullmatch=True))
def test_dashed_lowercase_names_become_pascal_case(name: str) -> None:
    expected = "".join(part[0].upper() + part[1:] for part in name.split("-"))
    assert to_logical_id(name) == ("GetIndex" if expected == "Get" else expected)
