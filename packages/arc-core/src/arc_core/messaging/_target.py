"""Publishing on AWS: the topic ARN or queue URL of a name, from the app's service map.

Architect writes `/<stack>/events/<name>` (the SNS topic ARN) and `/<stack>/queues/<name>`
(the SQS queue URL) to SSM on deploy (architect/package src/visitors/globals/ssm.js).
The caller passes the map (`arc_services.services()`): the core sits below arc-services.
"""

from __future__ import annotations

from arc_core._errors import UnknownResourceError

from ._message import noun

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping
    from typing import Any

    from ._message import Pragma

__all__ = ["resolve"]


def resolve(pragma: Pragma, name: str, service_map: Mapping[str, Any]) -> str:
    """Return the SNS topic ARN (`events`) or SQS queue URL (`queues`) deployed for `name`.

    Raises `UnknownResourceError` listing the names the service map knows when `name`
    is not one of them.
    """
    from collections.abc import Mapping

    entries = service_map.get(pragma)
    known: list[str] = []
    if isinstance(entries, Mapping):
        found = entries.get(name)
        if isinstance(found, str) and found:
            return found
        known = [key for key, value in entries.items() if isinstance(value, str)]
    from arc_core._sandbox import stack_name

    raise UnknownResourceError(
        noun(pragma),
        name,
        known,
        f"add it under @{pragma} in app.arc and deploy, or check the name; the names come "
        f"from the SSM parameters /{stack_name()}/{pragma}/*",
    )
