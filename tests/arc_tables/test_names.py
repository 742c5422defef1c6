"""name(), table() and the client's name lookups, against moto_server in AWS mode."""

from __future__ import annotations

from decimal import Decimal

import pytest

from arc_core import ArcError, ConfigError
from arc_tables import UnknownTableError, client, name, table
from tests.arc_tables.conftest import physical_name
from tests.conftest import PutParameter


def test_name_gives_the_physical_name_from_ssm(tables: str) -> None:
    assert name("notes") == physical_name(tables, "notes")
    assert name("events") == physical_name(tables, "events")


def test_an_unknown_name_lists_the_tables_the_app_has(tables: str) -> None:
    with pytest.raises(UnknownTableError, match=r"'nots'.*its tables: events, notes") as caught:
        name("nots")
    assert f"/{tables}/tables/" in str(caught.value)
    assert isinstance(caught.value, ConfigError)
    assert isinstance(caught.value, ArcError)
    assert isinstance(caught.value, LookupError)


def test_an_app_without_tables_says_it_has_none(aws: str, put_parameter: PutParameter) -> None:
    put_parameter("events/ping", "arn:aws:sns:us-east-1:123456789012:ping")
    with pytest.raises(UnknownTableError, match=r"its tables: none"):
        name("notes")


def test_table_is_a_boto3_table_resource_with_decimal_numbers(tables: str) -> None:
    notes = table("notes")
    assert notes.table_name == physical_name(tables, "notes")
    notes.put_item(Item={"id": "a", "stars": Decimal("4.5")})
    assert notes.get_item(Key={"id": "a"})["Item"] == {"id": "a", "stars": Decimal("4.5")}


def test_table_is_made_once_per_table(tables: str) -> None:
    assert table("notes") is table("notes")
    assert table("events") is not table("notes")


def test_table_of_an_unknown_name_raises_before_touching_dynamodb(tables: str) -> None:
    with pytest.raises(UnknownTableError, match="its tables: events, notes"):
        table("missing")


def test_the_client_reflects_every_table(tables: str) -> None:
    assert client().reflect() == {
        "notes": physical_name(tables, "notes"),
        "events": physical_name(tables, "events"),
    }
    assert client().name("notes") == physical_name(tables, "notes")


def test_reflect_gives_a_copy_the_caller_may_change(tables: str) -> None:
    client().reflect().clear()
    assert client().name("notes") == physical_name(tables, "notes")


def test_tables_are_reached_as_attributes_or_items(tables: str) -> None:
    data = client()
    assert data.notes is data["notes"]
    assert data.notes.table_name == physical_name(tables, "notes")
    assert data.notes.logical_name == "notes"


def test_an_unknown_table_attribute_is_an_attribute_error_naming_the_known_ones(
    tables: str,
) -> None:
    data = client()
    assert getattr(data, "nots", None) is None
    assert not hasattr(data, "nots")
    with pytest.raises(UnknownTableError, match="its tables: events, notes"):
        data["nots"]


def test_a_table_named_like_a_method_is_reached_by_item(
    tables: str, put_parameter: PutParameter
) -> None:
    put_parameter("tables/reflect", physical_name(tables, "notes"))
    assert callable(client().reflect)
    assert client()["reflect"].table_name == physical_name(tables, "notes")


def test_the_client_is_made_once_per_number_mode(tables: str) -> None:
    assert client() is client()
    assert client(numbers="decimal") is client(numbers="decimal")
    assert client(numbers="decimal") is not client()


def test_an_unknown_number_mode_is_refused(tables: str) -> None:
    with pytest.raises(ValueError, match="'plain' or 'decimal'"):
        client(numbers="float")  # type: ignore[arg-type]


def test_the_low_level_client_is_boto3s_dynamodb_client(tables: str) -> None:
    listed = client().dynamodb.list_tables()["TableNames"]
    assert sorted(listed) == sorted(physical_name(tables, t) for t in ("notes", "events"))


def test_the_arc_facade_reaches_the_same_functions(tables: str) -> None:
    import arc
    from arc.tables import name as facade_name
    from arc.tables import table as facade_table

    assert facade_name is name
    assert facade_table is table
    assert arc.tables.client() is client()
    assert facade_name("notes") == physical_name(tables, "notes")
