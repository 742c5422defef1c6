"""Publishing on AWS: the topic ARN or queue URL of a name, from the app's service map.

Architect writes `/<stack>/events/<name>` (the SNS topic ARN) and `/<stack>/queues/<name>`
(the SQS queue URL) to SSM on deploy (architect/package src/visitors/globals/ssm.js);
`arc_services.services()` reads them once per process. Shared with arc_queues.
"""

from __future__ import annotations

from ._message import noun

TYPE_CHECKING = False
if TYPE_CHECKING:
    from ._message import Pragma

__all__ = ["resolve"]


def resolve(pragma: Pragma, name: str) -> str:
    """Return the SNS topic ARN (`events`) or SQS queue URL (`queues`) deployed for `name`.

    Raises `ConfigError` listing the names the service map knows when `name` is not one
    of them, and whatever `services()` raises when SSM cannot be read.
    """
    from arc_services import services

    entries = services().get(pragma)
    if isinstance(entries, dict):
        found = entries.get(name)
        if isinstance(found, str) and found:
            return found
        known = ", ".join(sorted(key for key, value in entries.items() if isinstance(value, str)))
    else:
        known = ""
    from arc_core import ConfigError, stack_name

    raise ConfigError(
        f"{name} {noun(pragma)} not found: the service map under /{stack_name()}/{pragma} "
        f"knows {known or f'no @{pragma} at all'}. Check the name, or add it under "
        f"@{pragma} in app.arc and deploy"
    )
