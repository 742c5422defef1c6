"""AWS cases: DynamoDB sessions, publish and a table read, against moto via the proxy.

Setup here makes no AWS call, so the first `run` of a fresh worker is a true cold first
request (service map, clients and all). The inputs that need AWS (a session row and
its cookie) come from the orchestrator, minted earlier by the same subject in another
worker: `BENCH_DDB_COOKIE` and `BENCH_DDB_SESSION`. Each op checks its own result.

The `boto3` kind is the floor: the same AWS call made with boto3 alone, with the
physical names given (`BENCH_PHYSICAL`), no lookup, no cookie, no session logic.
The `ours-boto3` kind is ours again, run by the orchestrator with `ARC_AWS_SDK=boto3`:
every call through boto3 instead of arc_core's own transport.
"""

from __future__ import annotations

import functools
import json
import os
from typing import Any

from bench_cases import Op, Unavailable, case, check, module
from bench_payloads import SMALL, request

EVENT = "ping"
QUEUE = "jobs"
TABLE = "notes"
NOTE_KEY = {"id": "note-1"}
NEW_VISITOR_RESPOND = "DynamoDB new visitor: read, then respond with the session"
# Ours, and ours with ARC_AWS_SDK=boto3 set by the orchestrator: the same code.
OURS = ("ours", "ours-boto3")


def _http(kind: str) -> Any:
    if kind in OURS:
        return module("arc_http", "res", "session_read", "session_write")
    return module("arc").http


def _plain(value: Any) -> Any:
    """Session values as JSON gives them (1.0.0 hands back Decimal numbers)."""
    return json.loads(json.dumps(value, default=lambda v: int(v) if v == int(v) else float(v)))


def _minted() -> tuple[dict[str, Any], dict[str, Any]]:
    cookie = os.environ["BENCH_DDB_COOKIE"]
    return request(cookie=cookie), json.loads(os.environ["BENCH_DDB_SESSION"])


def _register(kind: str) -> None:
    @case("DynamoDB mint", kind)
    def mint() -> Op:
        http = _http(kind)

        def op() -> dict[str, Any]:
            session = http.session_read(request())
            session["user"] = "ada"
            set_cookie = http.session_write(session)
            return {"cookie": set_cookie.strip().split(";", 1)[0], "session": _plain(session)}

        return op

    @case("DynamoDB session read", kind)
    def read() -> Op:
        http = _http(kind)
        req, _ = _minted()

        def op() -> object:
            session = http.session_read(req)
            check(session.get("user") == "ada", f"session read gave {session!r}")
            return None

        return op

    @case("DynamoDB session write", kind)
    def write() -> Op:
        # How a handler saves a session: in its response, as Node's `res({session})`.
        http = _http(kind)
        req, session = _minted()

        def op() -> object:
            response = http.res(req, {"json": SMALL, "session": dict(session)})
            check("_idx=" in repr(response), "no session cookie in the response")
            return None

        return op

    @case("DynamoDB request: read, then respond with the session", kind)
    def request_cycle() -> Op:
        # A whole handler: the session from the cookie, then saved in the response.
        http = _http(kind)
        req, _ = _minted()

        def op() -> object:
            session = http.session_read(req)
            check(session.get("user") == "ada", f"session read gave {session!r}")
            session["visits"] = int(session.get("visits", 0)) + 1
            response = http.res(req, {"json": SMALL, "session": session})
            check("_idx=" in repr(response), "no session cookie in the response")
            return None

        return op

    @case("DynamoDB new visitor", kind)
    def new_visitor() -> Op:
        http = _http(kind)
        req = request()

        def op() -> object:
            check("_idx" in http.session_read(req), "no new session")
            return None

        return op

    @case(NEW_VISITOR_RESPOND, kind)
    def new_visitor_respond() -> Op:
        # A first visit to a handler with a session: a new row, saved in the response.
        http = _http(kind)
        req = request()

        def op() -> object:
            session = http.session_read(req)
            check("_idx" in session, "no new session")
            session["visits"] = 1
            response = http.res(req, {"json": SMALL, "session": session})
            check("_idx=" in repr(response), "no session cookie in the response")
            return None

        return op

    @case("events publish", kind)
    def publish_event() -> Op:
        events = module("arc_events", "publish") if kind in OURS else module("arc").events
        return lambda: check("MessageId" in events.publish(EVENT, SMALL), "SNS MessageId")

    @case("queues publish", kind)
    def publish_job() -> Op:
        queues = module("arc_queues", "publish") if kind in OURS else module("arc").queues
        return lambda: check("MessageId" in queues.publish(QUEUE, SMALL), "SQS MessageId")

    @case("tables get", kind)
    def get() -> Op:
        if kind in OURS:
            tables = module("arc_tables", "client")
            return lambda: check(tables.client()[TABLE].get(NOTE_KEY) is not None, "item")
        arc = module("arc")
        return lambda: check("Item" in arc.tables.table(TABLE).get_item(Key=NOTE_KEY), "item")


for _kind in (*OURS, "v1"):
    _register(_kind)


def _physical() -> dict[str, str]:
    return dict(json.loads(os.environ["BENCH_PHYSICAL"]))


# Made on first use (so a cold first op pays for it, as the libraries' do), then kept.
@functools.cache
def _boto3(service: str) -> Any:
    return module("boto3").client(service)


@functools.cache
def _table(key: str) -> Any:
    return module("boto3").resource("dynamodb").Table(_physical()[key])


@case("DynamoDB session read", "boto3")
def floor_read() -> Op:
    _, session = _minted()
    key = {"_idx": session["_idx"]}
    return lambda: check("Item" in _table("sessions").get_item(Key=key), "session row")


@case("DynamoDB session write", "boto3")
def floor_write() -> Op:
    _, session = _minted()
    return lambda: _table("sessions").put_item(Item=session)


@case("DynamoDB request: read, then respond with the session", "boto3")
def floor_request_cycle() -> Op:
    _, session = _minted()
    key = {"_idx": session["_idx"]}

    def op() -> object:
        item = _table("sessions").get_item(Key=key)["Item"]
        item["visits"] = int(item.get("visits", 0)) + 1
        return _table("sessions").put_item(Item=item)

    return op


@case("DynamoDB new visitor", "boto3")
def floor_new_visitor() -> Op:
    # Ours writes a new visitor's session only when a response saves it (1.0.0 and Node
    # store it at the read): there is no AWS call to hold the read to.
    raise Unavailable("ours makes no AWS call for it (the session is stored by `res`)")


@case(NEW_VISITOR_RESPOND, "boto3")
def floor_new_visitor_respond() -> Op:
    # Ours' calls: none for the read (a new session is not stored yet), one PutItem when
    # the response saves it.
    import secrets
    import time

    def op() -> object:
        item: dict[str, Any] = {
            "_idx": secrets.token_urlsafe(18),
            "_secret": secrets.token_urlsafe(18),
            "_ttl": int(time.time()) + 604800,
            "visits": 1,
        }
        return _table("sessions").put_item(Item=item)

    return op


@case("events publish", "boto3")
def floor_publish_event() -> Op:
    message = json.dumps(SMALL)
    return lambda: _boto3("sns").publish(TopicArn=_physical()["topic"], Message=message)


@case("queues publish", "boto3")
def floor_publish_job() -> Op:
    body = json.dumps(SMALL)
    return lambda: _boto3("sqs").send_message(QueueUrl=_physical()["queue"], MessageBody=body)


@case("tables get", "boto3")
def floor_get() -> Op:
    return lambda: check("Item" in _table("notes").get_item(Key=NOTE_KEY), "item")
