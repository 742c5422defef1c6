"""arc_events: publish to, parse and subscribe to the @events (SNS topics) of an Architect app.

`publish` and `publish_batch` send JSON payloads: to SNS on AWS, to the sandbox's events
bus locally. `subscribe` turns a function of one payload into the Lambda handler of an
@events function; `parse` and `parse_all` read an SNS event by hand.

Each name loads its module on first use (PEP 562), and JSON and HTTP load only when a
call needs them (no boto3: arc_core's own transport signs and sends), so importing this
package costs next to nothing on a cold Lambda.
"""

from __future__ import annotations

import arc_core as _arc_core  # checks ARC_ENV and the sandbox version on import

# `typing` costs milliseconds to import; type checkers treat any TYPE_CHECKING as True.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from arc_core import BatchFailure as BatchFailure
    from arc_core import PublishBatchError as PublishBatchError
    from arc_core import UnknownResourceError as UnknownResourceError

    from ._parse import parse as parse
    from ._parse import parse_all as parse_all
    from ._publish import publish as publish
    from ._publish import publish_batch as publish_batch
    from ._subscribe import subscribe as subscribe

__all__ = [
    "BatchFailure",
    "PublishBatchError",
    "UnknownResourceError",
    "parse",
    "parse_all",
    "publish",
    "publish_batch",
    "subscribe",
]

_LAZY = {
    "BatchFailure": "arc_core",
    "PublishBatchError": "arc_core",
    "UnknownResourceError": "arc_core",
    "parse": "._parse",
    "parse_all": "._parse",
    "publish": "._publish",
    "publish_batch": "._publish",
    "subscribe": "._subscribe",
}


__getattr__, __dir__ = _arc_core.lazy_attributes(__name__, _LAZY)
