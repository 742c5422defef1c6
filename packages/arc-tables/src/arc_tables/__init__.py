"""arc_tables: the @tables part of the arc runtime library (`arc.tables`).

- `name(logical)`: the physical DynamoDB table name of an @tables entry.
- `table(logical)`: a boto3 `Table` resource for it, as in architect-functions 1.0.0.
- `client()`: Node's data layer (`await arc.tables()` in Node), `client().notes.get(...)`,
  with plain numbers that go straight into `json.dumps`.

Importing it loads neither boto3 nor the service map: both wait for the first call.
"""

from __future__ import annotations

import arc_core as _arc_core  # checks ARC_ENV and the sandbox version on import

# `typing` costs milliseconds to import; type checkers treat any TYPE_CHECKING as True.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from ._client import TableClient as TableClient
    from ._client import TablesClient as TablesClient
    from ._client import client as client
    from ._errors import UnknownTableError as UnknownTableError
    from ._marshal import decimals_to_numbers as decimals_to_numbers
    from ._marshal import floats_to_decimals as floats_to_decimals
    from ._names import clear_cache as clear_cache
    from ._names import name as name
    from ._table import table as table

__all__ = [
    "TableClient",
    "TablesClient",
    "UnknownTableError",
    "clear_cache",
    "client",
    "decimals_to_numbers",
    "floats_to_decimals",
    "name",
    "table",
]

# Each name loads its module on first use, so a function importing arc_tables for one
# table pays only for what it calls.
_LAZY = {
    "clear_cache": "._names",
    "TableClient": "._client",
    "TablesClient": "._client",
    "client": "._client",
    "UnknownTableError": "._errors",
    "decimals_to_numbers": "._marshal",
    "floats_to_decimals": "._marshal",
    "name": "._names",
    "table": "._table",
}

__getattr__, __dir__ = _arc_core.lazy_attributes(__name__, _LAZY)
