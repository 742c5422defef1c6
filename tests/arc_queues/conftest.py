"""Fixtures of the arc_queues tests: the sandbox's bus, and @queues queues on moto."""

from __future__ import annotations

import pytest

from tests.arc_events.helpers import bus as bus
from tests.arc_events.helpers import make_queue
from tests.conftest import PutParameter


@pytest.fixture
def standard(put_parameter: PutParameter) -> tuple[str, str]:
    """The standard @queues queue `jobs` on moto, deployed as Architect does: (URL, ARN)."""
    url, arn = make_queue("jobs")
    put_parameter("queues/jobs", url)
    return url, arn


@pytest.fixture
def fifo(put_parameter: PutParameter) -> tuple[str, str]:
    """The FIFO @queues queue `orders` (content-based deduplication, as Architect makes it)."""
    url, arn = make_queue("orders.fifo")
    put_parameter("queues/orders", url)
    return url, arn
