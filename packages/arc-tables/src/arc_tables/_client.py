"""`client()`: Node's data layer for @tables (`arc.tables()` in Node), on arc_core's transport."""

from __future__ import annotations

from arc_core import fingerprint, process_cache

from ._marshal import dump_item, item_loader
from ._names import known_tables, name

# `typing` costs milliseconds to import; type checkers treat any TYPE_CHECKING as True.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator
    from typing import Any, Literal

    from ._marshal import Item, Loader

    Numbers = Literal["plain", "decimal"]

__all__ = ["TableClient", "TablesClient", "client"]

# The data layer per `numbers` setting and environment (see arc_core's caches).
_clients: dict[tuple[str | None, ...], TablesClient] = process_cache()

# Request fields that hold attribute values; boto3's Table marshals the same ones.
_VALUE_FIELDS = ("Key", "Item", "ExclusiveStartKey", "ExpressionAttributeValues")
# Response fields that hold one item or key in DynamoDB's typed form.
_ITEM_FIELDS = ("Item", "Attributes", "LastEvaluatedKey")
# Fields that take a boto3.dynamodb.conditions object as well as an expression string.
_CONDITION_FIELDS = ("KeyConditionExpression", "FilterExpression", "ConditionExpression")


def client(*, numbers: Numbers = "plain") -> TablesClient:
    """Return Node's data layer for this app's tables (Node's `await arc.tables()`).

    `client().notes` (or `client()["notes"]`) is a `TableClient` for the @tables entry
    `notes`, with `get`, `put`, `delete`, `query`, `scan`, `update`, `scan_all` and
    page iterators. Numbers read come back `plain` (exact integers as `int`, others as
    `float`, as in Node), or as boto3's `Decimal` with `numbers="decimal"`.

    Made once per process (per `numbers`, environment and stack); nothing is fetched
    until a table is first used. Raises `ValueError` for another `numbers`, and
    `ConfigError` on AWS without `ARC_STACK_NAME` or `ARC_APP_NAME`.

    >>> client().notes.put({"id": "a", "stars": 5})  # doctest: +SKIP
    {'id': 'a', 'stars': 5}
    >>> client().notes.get({"id": "a"})  # doctest: +SKIP
    {'id': 'a', 'stars': 5}
    """
    key = (numbers, *fingerprint())
    found = _clients.get(key)
    if found is None:
        if numbers not in ("plain", "decimal"):
            raise ValueError(f"numbers must be 'plain' or 'decimal', not {numbers!r}")
        # Two threads may both build one; either is right, and setdefault keeps one.
        found = _clients.setdefault(key, TablesClient(item_loader(decimals=numbers == "decimal")))
    return found


class TablesClient:
    """This app's tables, each a `TableClient`: `client().notes` or `client()["my-notes"]`.

    A table whose name is not a Python identifier, starts with `_`, or is named like one
    of the methods here (`name`, `reflect`, `dynamodb`), is reached with `client()["..."]`.
    """

    def __init__(self, load_item: Loader) -> None:
        self._load_item = load_item
        self._tables: dict[str, TableClient] = {}

    def __getitem__(self, logical: str) -> TableClient:
        """The `TableClient` of the @tables entry `logical`; raises `UnknownTableError`."""
        found = self._tables.get(logical)
        if found is None:
            found = TableClient(logical, name(logical), self._load_item)
            found = self._tables.setdefault(logical, found)
        return found

    def __getattr__(self, logical: str) -> TableClient:
        # Private and special names are Python's business (copy, pickle, introspection).
        if logical.startswith("_"):
            raise AttributeError(logical)
        found = self[logical]
        # Later lookups find it in the instance dict without calling __getattr__ again.
        setattr(self, logical, found)
        return found

    def __repr__(self) -> str:
        return f"<TablesClient {sorted(self._tables)!r}>"

    @property
    def dynamodb(self) -> Any:
        """boto3's low-level DynamoDB client (Node's `_client`), for what the data layer lacks.

        Raises `MissingDependencyError` without boto3, `ConfigError` in a sandbox
        without @tables.
        """
        from arc_core import aws_client

        return aws_client("dynamodb")

    def name(self, logical: str) -> str:
        """The physical name of the @tables entry `logical`; see `arc_tables.name`."""
        return name(logical)

    def reflect(self) -> dict[str, str]:
        """Every table of the app as `{logical: physical}` (a copy of the service map's).

        >>> client().reflect()  # doctest: +SKIP
        {'notes': 'myapp-staging-notes'}
        """
        return known_tables()


class TableClient:
    """Node's data layer for one table: the methods take and return plain Python values.

    Parameters keep boto3's names (`KeyConditionExpression`, `ExclusiveStartKey`, ...);
    `Key`, `Item`, `ExclusiveStartKey` and `ExpressionAttributeValues` take plain
    values, and condition fields also take `boto3.dynamodb.conditions` objects.
    `TableName` is always this table's. Responses are shaped as boto3's, with `Item`,
    `Items`, `Attributes` and `LastEvaluatedKey` in plain values.

    DynamoDB's refusals, bad parameters included, raise `arc_core.AwsError` (also
    botocore's `ClientError` where botocore is installed): catch it and test
    `err.code == "ConditionalCheckFailedException"`, or, as with boto3,
    `err.response["Error"]["Code"]`. Values DynamoDB cannot store raise `TypeError` or
    `ValueError` before anything is sent; an unreachable endpoint or missing
    credentials raise `ServiceError` saying what to start or set.
    """

    __slots__ = ("_load_item", "logical_name", "table_name")

    def __init__(self, logical_name: str, table_name: str, load_item: Loader) -> None:
        self.logical_name = logical_name
        self.table_name = table_name
        self._load_item = load_item

    def __repr__(self) -> str:
        return f"<TableClient {self.logical_name!r} ({self.table_name})>"

    def get(self, key: dict[str, Any], **params: Any) -> Item | None:
        """Return the item with primary key `key`, or None when there is none.

        `params` are further GetItem parameters (`ConsistentRead`, `ProjectionExpression`).

        >>> client().notes.get({"id": "a"})  # doctest: +SKIP
        {'id': 'a', 'stars': 5}
        """
        params["Key"] = key
        item: Item | None = self._call("GetItem", "reading an item from", params).get("Item")
        return item

    def put(self, item: dict[str, Any], **params: Any) -> dict[str, Any]:
        """Write `item` (replacing any with its key) and return `item` itself, as Node does.

        `params` are further PutItem parameters, e.g. `ConditionExpression`.

        >>> client().notes.put({"id": "a", "price": 9.99})  # doctest: +SKIP
        {'id': 'a', 'price': 9.99}
        """
        params["Item"] = item
        self._call("PutItem", "writing an item to", params)
        return item

    def delete(self, key: dict[str, Any], **params: Any) -> dict[str, Any]:
        """Delete the item with primary key `key`; return DeleteItem's response.

        With `ReturnValues="ALL_OLD"` its `Attributes` are the deleted item.

        >>> client().notes.delete({"id": "a"}, ReturnValues="ALL_OLD")  # doctest: +SKIP
        {'Attributes': {'id': 'a', 'stars': 5}, 'ResponseMetadata': {...}}
        """
        params["Key"] = key
        return self._call("DeleteItem", "deleting an item from", params)

    def update(self, **params: Any) -> dict[str, Any]:
        """Run UpdateItem with `params` (`Key`, `UpdateExpression`, ...); return its response.

        >>> client().notes.update(
        ...     Key={"id": "a"},
        ...     UpdateExpression="SET stars = stars + :one",
        ...     ExpressionAttributeValues={":one": 1},
        ...     ReturnValues="UPDATED_NEW",
        ... )["Attributes"]  # doctest: +SKIP
        {'stars': 6}
        """
        return self._call("UpdateItem", "updating an item in", params)

    def query(self, **params: Any) -> dict[str, Any]:
        """Run Query with `params`; return one page of results (`Items`, `LastEvaluatedKey`).

        >>> client().notes.query(
        ...     KeyConditionExpression="id = :id", ExpressionAttributeValues={":id": "a"}
        ... )["Items"]  # doctest: +SKIP
        [{'id': 'a', 'stars': 5}]
        """
        return self._call("Query", "querying", params)

    def scan(self, **params: Any) -> dict[str, Any]:
        """Run Scan with `params`; return one page of results (`Items`, `LastEvaluatedKey`)."""
        return self._call("Scan", "scanning", params)

    def query_pages(self, **params: Any) -> Iterator[dict[str, Any]]:
        """Yield every page of a Query, fetching each only when the one before is used.

        >>> for page in client().notes.query_pages(  # doctest: +SKIP
        ...     KeyConditionExpression="id = :id", ExpressionAttributeValues={":id": "a"}
        ... ):
        ...     print(len(page["Items"]))
        """
        return self._pages("Query", "querying", params)

    def scan_pages(self, **params: Any) -> Iterator[dict[str, Any]]:
        """Yield every page of a Scan, fetching each only when the one before is used.

        >>> sum(page["Count"] for page in client().notes.scan_pages())  # doctest: +SKIP
        1200
        """
        return self._pages("Scan", "scanning", params)

    def query_all(self, **params: Any) -> list[Item]:
        """Return every item a Query matches, over every page (`Limit` sizes the pages).

        >>> len(client().notes.query_all(  # doctest: +SKIP
        ...     KeyConditionExpression="id = :id", ExpressionAttributeValues={":id": "a"}
        ... ))
        1
        """
        return [item for page in self.query_pages(**params) for item in page.get("Items", ())]

    def scan_all(self, **params: Any) -> list[Item]:
        """Return every item of the table (Node's `scanAll`), over every page.

        `Limit` sizes the pages, as in Node: `scan_all(Limit=1)` still returns every item.

        >>> len(client().notes.scan_all())  # doctest: +SKIP
        1200
        """
        return [item for page in self.scan_pages(**params) for item in page.get("Items", ())]

    def _pages(
        self, operation: str, action: str, params: dict[str, Any]
    ) -> Iterator[dict[str, Any]]:
        request = self._request(params)

        def pages() -> Iterator[dict[str, Any]]:
            while True:
                response = self._send(operation, action, request)
                # The typed key goes back as is: read as plain numbers it might not be exact.
                next_key = response.get("LastEvaluatedKey")
                yield self._response(response)
                if next_key is None:
                    return
                request["ExclusiveStartKey"] = next_key

        return pages()

    def _call(self, operation: str, action: str, params: dict[str, Any]) -> dict[str, Any]:
        return self._response(self._send(operation, action, self._request(params)))

    def _request(self, params: dict[str, Any]) -> dict[str, Any]:
        _build_conditions(params)
        for field in _VALUE_FIELDS:
            value = params.get(field)
            if value is not None:
                params[field] = dump_item(value, field)
        params["TableName"] = self.table_name
        return params

    def _send(self, operation: str, action: str, request: dict[str, Any]) -> dict[str, Any]:
        from arc_core import aws_call

        return aws_call(
            "dynamodb", operation, request, action=f"{action} DynamoDB table {self.table_name}"
        )

    def _response(self, response: dict[str, Any]) -> dict[str, Any]:
        load_item = self._load_item
        for field in _ITEM_FIELDS:
            value = response.get(field)
            if value is not None:
                response[field] = load_item(value)
        items = response.get("Items")
        if items is not None:
            response["Items"] = [load_item(item) for item in items]
        return response


def _build_conditions(params: dict[str, Any]) -> None:
    """Turn boto3.dynamodb.conditions objects into expressions, as boto3's Table does."""
    builder = None
    for field in _CONDITION_FIELDS:
        condition = params.get(field)
        if condition is None or isinstance(condition, str):
            continue
        if builder is None:
            from boto3.dynamodb.conditions import ConditionExpressionBuilder

            builder = ConditionExpressionBuilder()
        built = builder.build_expression(
            condition, is_key_condition=field == "KeyConditionExpression"
        )
        params[field] = built.condition_expression
        params["ExpressionAttributeNames"] = {
            **params.get("ExpressionAttributeNames", {}),
            **built.attribute_name_placeholders,
        }
        params["ExpressionAttributeValues"] = {
            **params.get("ExpressionAttributeValues", {}),
            **built.attribute_value_placeholders,
        }
