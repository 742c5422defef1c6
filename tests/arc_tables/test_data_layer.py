"""Node's data layer, client().<table>.<method>, against moto_server in AWS mode."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from boto3.dynamodb.conditions import Attr, Key
from botocore.exceptions import ClientError

from arc_core import AwsError, aws_client
from arc_tables import client
from tests.arc_tables.conftest import physical_name


def put_events(count: int, kind: str = "click", pk: str = "user1") -> None:
    for sk in range(count):
        client().events.put({"pk": pk, "sk": sk, "kind": kind, "n": sk * 10})


def test_put_returns_the_item_and_get_reads_it_back(tables: str) -> None:
    item = {"id": "a", "title": "hello", "stars": 5, "price": 9.99}
    assert client().notes.put(item) is item
    assert client().notes.get({"id": "a"}) == item


def test_get_of_a_missing_item_is_none(tables: str) -> None:
    assert client().notes.get({"id": "nobody"}) is None


def test_items_go_straight_into_json(tables: str) -> None:
    client().notes.put({"id": "a", "stars": 5, "price": 9.99, "tags": ["x", 1.5]})
    item = client().notes.get({"id": "a"})
    assert json.loads(json.dumps(item)) == {
        "id": "a",
        "stars": 5,
        "price": 9.99,
        "tags": ["x", 1.5],
    }


def test_get_passes_further_parameters(tables: str) -> None:
    client().notes.put({"id": "a", "title": "hello", "body": "long"})
    item = client().notes.get(
        {"id": "a"}, ProjectionExpression="#t", ExpressionAttributeNames={"#t": "title"}
    )
    assert item == {"title": "hello"}


def test_delete_removes_the_item_and_can_return_it(tables: str) -> None:
    client().notes.put({"id": "a", "stars": 5})
    response = client().notes.delete({"id": "a"}, ReturnValues="ALL_OLD")
    assert response["Attributes"] == {"id": "a", "stars": 5}
    assert client().notes.get({"id": "a"}) is None


def test_update_expressions_take_plain_values_and_return_plain_attributes(tables: str) -> None:
    client().notes.put({"id": "a", "stars": 5, "tags": ["x"]})
    response = client().notes.update(
        Key={"id": "a"},
        UpdateExpression="SET stars = stars + :inc, price = :p, tags = list_append(tags, :more)",
        ExpressionAttributeValues={":inc": 1, ":p": 2.5, ":more": ["y"]},
        ReturnValues="ALL_NEW",
    )
    assert response["Attributes"] == {"id": "a", "stars": 6, "price": 2.5, "tags": ["x", "y"]}
    assert client().notes.get({"id": "a"}) == response["Attributes"]


def test_a_failed_condition_raises_botocores_client_error(tables: str) -> None:
    client().notes.put({"id": "a"})
    with pytest.raises(ClientError) as caught:
        client().notes.put({"id": "a"}, ConditionExpression="attribute_not_exists(id)")
    assert caught.value.response["Error"]["Code"] == "ConditionalCheckFailedException"


def test_a_validation_error_from_dynamodb_raises_botocores_client_error(tables: str) -> None:
    with pytest.raises(ClientError) as caught:
        client().notes.put({"title": "no key"})
    assert caught.value.response["Error"]["Code"] == "ValidationException"


def test_bad_parameters_are_refused_by_dynamodb_as_an_aws_error(tables: str) -> None:
    # No botocore model checks parameters before sending: DynamoDB itself refuses them.
    with pytest.raises(AwsError) as caught:
        client().notes.update(Key={"id": "a"}, UpdateExpression="SET")
    assert (caught.value.code, caught.value.status) == ("ValidationException", 400)
    assert caught.value.operation == "UpdateItem"
    assert "updating an item in DynamoDB table" in str(caught.value)
    assert isinstance(caught.value, ClientError)


def test_the_table_name_is_always_the_tables_own(tables: str) -> None:
    client().notes.put({"id": "a"}, TableName=physical_name(tables, "events"))
    assert client().notes.get({"id": "a"}) == {"id": "a"}


def test_query_with_a_key_condition_returns_plain_items_in_order(tables: str) -> None:
    put_events(5)
    put_events(2, pk="user2")
    response = client().events.query(
        KeyConditionExpression="pk = :pk AND sk >= :from",
        ExpressionAttributeValues={":pk": "user1", ":from": 2},
    )
    assert [item["sk"] for item in response["Items"]] == [2, 3, 4]
    assert response["Count"] == 3


def test_query_takes_boto3_condition_objects(tables: str) -> None:
    put_events(6)
    response = client().events.query(
        KeyConditionExpression=Key("pk").eq("user1") & Key("sk").between(1, 4),
        FilterExpression=Attr("n").gt(15),
        ScanIndexForward=False,
    )
    assert [item["sk"] for item in response["Items"]] == [4, 3, 2]


def test_condition_objects_merge_with_the_callers_placeholders(tables: str) -> None:
    client().notes.put({"id": "a", "stars": 1})
    client().notes.update(
        Key={"id": "a"},
        UpdateExpression="SET #s = :five",
        ConditionExpression=Attr("stars").lt(3),
        ExpressionAttributeNames={"#s": "stars"},
        ExpressionAttributeValues={":five": 5},
    )
    assert client().notes.get({"id": "a"}) == {"id": "a", "stars": 5}


def test_query_on_an_index(tables: str) -> None:
    put_events(3, kind="click")
    put_events(2, kind="view", pk="user2")
    response = client().events.query(
        IndexName="byKind",
        KeyConditionExpression="kind = :kind",
        ExpressionAttributeValues={":kind": "view"},
    )
    assert [(item["pk"], item["sk"]) for item in response["Items"]] == [("user2", 0), ("user2", 1)]


def test_a_page_limit_gives_a_plain_last_key_to_continue_from(tables: str) -> None:
    put_events(5)
    first = client().events.query(
        KeyConditionExpression="pk = :pk", ExpressionAttributeValues={":pk": "user1"}, Limit=2
    )
    assert first["LastEvaluatedKey"] == {"pk": "user1", "sk": 1}
    second = client().events.query(
        KeyConditionExpression="pk = :pk",
        ExpressionAttributeValues={":pk": "user1"},
        Limit=2,
        ExclusiveStartKey=first["LastEvaluatedKey"],
    )
    assert [item["sk"] for item in second["Items"]] == [2, 3]


def test_scan_returns_one_page_with_its_count(tables: str) -> None:
    put_events(3)
    response = client().events.scan(FilterExpression=Attr("sk").gte(1))
    assert sorted(item["sk"] for item in response["Items"]) == [1, 2]
    assert response["ScannedCount"] == 3


def test_scan_all_reads_every_page_of_more_than_a_megabyte(tables: str) -> None:
    body = "x" * 100_000
    for index in range(25):
        client().notes.put({"id": f"n{index:02}", "body": body})
    pages = list(client().notes.scan_pages())
    assert len(pages) >= 3  # DynamoDB (and moto) stop a page at 1 MB
    items = client().notes.scan_all()
    assert sorted(item["id"] for item in items) == [f"n{index:02}" for index in range(25)]
    assert all(item["body"] == body for item in items)


def test_scan_all_with_a_limit_still_returns_every_item(tables: str) -> None:
    put_events(5)
    assert len(client().events.scan_all(Limit=1)) == 5


def test_query_all_reads_every_page(tables: str) -> None:
    put_events(7)
    items = client().events.query_all(
        KeyConditionExpression=Key("pk").eq("user1"), Limit=3, ProjectionExpression="sk"
    )
    assert items == [{"sk": sk} for sk in range(7)]


def test_query_pages_yields_pages_with_counts(tables: str) -> None:
    put_events(5)
    pages = client().events.query_pages(KeyConditionExpression=Key("pk").eq("user1"), Limit=2)
    assert [page["Count"] for page in pages] == [2, 2, 1]


def test_page_iterators_fetch_the_next_page_only_when_asked(tables: str) -> None:
    put_events(4)
    pages = client().events.scan_pages(Limit=2)
    assert next(pages)["Count"] == 2
    aws_client("dynamodb").delete_table(TableName=physical_name(tables, "events"))
    with pytest.raises(ClientError) as caught:
        next(pages)
    assert caught.value.response["Error"]["Code"] == "ResourceNotFoundException"


def test_page_iterators_check_their_values_when_called_not_when_iterated(tables: str) -> None:
    with pytest.raises(TypeError, match="cannot store a object"):
        client().notes.scan_pages(
            FilterExpression="x = :x", ExpressionAttributeValues={":x": object()}
        )


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda: client().notes.get("a"), "Key"),
        (lambda: client().notes.put(["a"]), "Item"),
        (lambda: client().notes.query(ExpressionAttributeValues=[1]), "ExpressionAttributeValues"),
    ],
)
def test_a_key_or_item_that_is_not_a_dict_is_a_type_error_naming_it(
    tables: str, call: Callable[[], object], field: str
) -> None:
    with pytest.raises(TypeError, match=rf"^{field} must be a dict of attribute names"):
        call()
