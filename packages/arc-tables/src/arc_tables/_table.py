"""`table()`: a boto3 `Table` resource for an @tables entry, as in 1.0.0."""

from __future__ import annotations

from arc_core import fingerprint, process_cache

from ._names import name

# `typing` costs milliseconds to import; type checkers treat any TYPE_CHECKING as True.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

__all__ = ["table"]

# boto3 `Table` resources per table and environment (see arc_core's caches).
_tables: dict[tuple[str | None, ...], Any] = process_cache()


def table(logical: str) -> Any:
    """Return a boto3 DynamoDB `Table` resource for the @tables entry `logical`.

    Made once per process and table. Locally it talks to the sandbox's DynamoDB (the
    `tables` port); on AWS to DynamoDB, through arc_core's clients. It is plain boto3:
    numbers come back as `Decimal`, and writes need `Decimal` instead of `float` (see
    `floats_to_decimals`). Its calls raise botocore's errors unchanged.

    Raises `UnknownTableError` for a name the app does not declare, `ConfigError` in a
    sandbox without @tables, `MissingDependencyError` without boto3.

    >>> table("notes").get_item(Key={"id": "a"}).get("Item")  # doctest: +SKIP
    {'id': 'a', 'stars': Decimal('5')}
    """
    key = (logical, *fingerprint("AWS_ENDPOINT_URL_DYNAMODB"))
    found = _tables.get(key)
    if found is None:
        from arc_core import dynamodb_resource

        physical = name(logical)
        # Two threads may both build one; either result is right, and setdefault keeps one.
        found = _tables.setdefault(key, dynamodb_resource().Table(physical))
    return found
