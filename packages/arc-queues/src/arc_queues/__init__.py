"""arc_queues: publish to, parse and subscribe to the @queues (SQS queues) of an Architect app.

`publish` and `publish_batch` send JSON payloads: to SQS on AWS (FIFO groups and
deduplication handled), to the sandbox's events bus locally. `subscribe` turns a
function of one payload into the Lambda handler of a @queues function, optionally
reporting partial batch failures; `parse` and `parse_all` read an SQS event by hand.

The machinery shared with @events (the sandbox's bus, the name lookup, batching,
running subscribers) lives once, in `arc_core.messaging`. Each name loads its module on first use
(PEP 562), so importing this package costs next to nothing on a cold Lambda.
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
    "parse": "arc_queues._parse",
    "parse_all": "arc_queues._parse",
    "publish": "arc_queues._publish",
    "publish_batch": "arc_queues._publish",
    "subscribe": "arc_queues._subscribe",
}


__getattr__, __dir__ = _arc_core.lazy_attributes(__name__, _LAZY)
