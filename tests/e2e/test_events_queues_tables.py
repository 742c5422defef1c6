"""POST /publish/:kind, the @events and @queues subscribers, and the rows they write.

The subscribers record each payload they receive in the records table (@tables), which
GET /records/:id reads back through arc.tables.client().
"""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from tests.e2e.conftest import RECORDS_TABLE, row_once
from tools.example import Browser

KINDS = ["events", "queues"]


def payload(**more: Any) -> dict[str, Any]:
    return {"id": uuid.uuid4().hex, **more}


@pytest.mark.parametrize("kind", KINDS)
def test_a_published_payload_reaches_the_subscriber_which_writes_a_row(
    browser: Browser, database: Any, dynamodb: Any, kind: str
) -> None:
    sent = payload(text="héllo ✓", n=7, ratio=2.5, nested={"list": [1, None, True]})

    reply = browser.post_json(f"/publish/{kind}", sent)

    assert reply.status == 202
    assert reply.json() == {"published": sent, "to": "pings" if kind == "events" else "jobs"}
    assert row_once(database.Table(RECORDS_TABLE), {"id": sent["id"]}, until=bool)
    # The row as DynamoDB holds it, with its types.
    key = {"id": {"S": sent["id"]}}
    item = dynamodb.get_item(TableName=RECORDS_TABLE, Key=key, ConsistentRead=True)["Item"]
    received = {
        "id": {"S": sent["id"]},
        "text": {"S": "héllo ✓"},
        "n": {"N": "7"},
        "ratio": {"N": "2.5"},
        "nested": {"M": {"list": {"L": [{"N": "1"}, {"NULL": True}, {"BOOL": True}]}}},
    }
    assert item == {"id": {"S": sent["id"]}, "via": {"S": kind}, "received": {"M": received}}
    # The data layer gives plain numbers back, as Node's does.
    assert browser.get(f"/records/{sent['id']}").json() == {
        "id": sent["id"],
        "via": kind,
        "received": sent,
    }


@pytest.mark.parametrize("kind", KINDS)
def test_a_published_batch_reaches_the_subscriber_one_message_each(
    browser: Browser, database: Any, kind: str
) -> None:
    batch = [payload(position=1), payload(position=2), payload(position=3)]

    reply = browser.post_json(f"/publish/{kind}", batch)

    assert reply.status == 202
    records = database.Table(RECORDS_TABLE)
    for sent in batch:
        row = row_once(records, {"id": sent["id"]}, until=bool)
        assert row == {"id": sent["id"], "via": kind, "received": sent}


def test_an_unknown_kind_publishes_nothing(browser: Browser) -> None:
    reply = browser.post_json("/publish/sns", payload())

    assert reply.status == 404
    assert reply.json() == {"error": "kinds: events, queues"}


def test_a_missing_record_is_a_json_404(browser: Browser) -> None:
    reply = browser.get("/records/never-written")

    assert reply.status == 404
    assert reply.json() == {"error": "no such record"}
