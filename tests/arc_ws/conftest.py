"""A stand-in for the sandbox's `_arc` service, `/_arc/ws/@connections/<id>`, over real HTTP.

moto_server accepts every connection id (it makes connections up on first use), so it
cannot answer 410 for a gone one. This server does what sandbox 8.0.0's
`src/arc/_ws/index.js` does: POST delivers the body, GET answers `{"connectedAt"}`,
DELETE closes, an unknown id gets 410 with `x-amzn-ErrorType: GoneException` and an
empty body, other methods 403. The id is the raw path segment, not URL-decoded, as there.
Tests reach it through `ARC_SANDBOX` ports, so the library's real local code path runs.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.conftest import free_port

_CONNECTION_PATH = re.compile(r"^(?P<prefix>.*)/@connections/(?P<id>[^/]+)$")


@dataclass
class WsService:
    """What the stand-in knows: live connections, the frames each got, the requests seen."""

    port: int
    frames: dict[str, list[bytes]] = field(default_factory=dict)
    connected_at: dict[str, datetime] = field(default_factory=dict)
    # id -> (status, x-amzn-ErrorType) answered instead of delivering, e.g. a throttle.
    failures: dict[str, tuple[int, str | None]] = field(default_factory=dict)
    requests: list[tuple[str, str]] = field(default_factory=list)
    delay: float = 0.0
    # When set, each request is held until this many are in flight at once (at most
    # `delay` seconds): concurrency shown by the requests themselves, not by timing.
    hold_until: int = 0
    in_flight: int = 0
    most_in_flight: int = 0
    lock: threading.Condition = field(default_factory=threading.Condition)

    def connect(self, *ids: str) -> None:
        for connection_id in ids:
            self.frames[connection_id] = []
            self.connected_at[connection_id] = datetime.now(timezone.utc)


def _handler(service: WsService) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:
            """Keep the test output clean."""

        def _reply(self, status: int, body: bytes = b"", error_type: str | None = None) -> None:
            self.send_response(status)
            if error_type is not None:
                self.send_header("x-amzn-ErrorType", error_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def _handle(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length)
            with service.lock:
                service.requests.append((self.command, self.path))
                service.in_flight += 1
                service.most_in_flight = max(service.most_in_flight, service.in_flight)
                service.lock.notify_all()
                if service.hold_until:
                    service.lock.wait_for(
                        lambda: service.most_in_flight >= service.hold_until, service.delay
                    )
            try:
                if not service.hold_until:
                    time.sleep(service.delay)
                self._answer(body)
            finally:
                with service.lock:
                    service.in_flight -= 1

        def _answer(self, body: bytes) -> None:
            match = _CONNECTION_PATH.match(self.path)
            if match is None:
                self._reply(404)
                return
            connection_id = match["id"]
            if connection_id in service.failures:
                status, error_type = service.failures[connection_id]
                self._reply(status, b'{"message":"refused"}', error_type)
                return
            if connection_id not in service.frames:
                self._reply(410, error_type="GoneException")
                return
            if self.command == "POST":
                service.frames[connection_id].append(body)
                self._reply(200)
            elif self.command == "GET":
                connected = service.connected_at[connection_id].isoformat(timespec="milliseconds")
                answer = {"connectedAt": connected.replace("+00:00", "Z")}
                self._reply(200, json.dumps(answer).encode())
            elif self.command == "DELETE":
                del service.frames[connection_id]
                self._reply(200)
            else:
                self._reply(403)

        do_GET = do_POST = do_DELETE = do_PUT = _handle

    return Handler


@pytest.fixture
def ws_service() -> Iterator[WsService]:
    """The stand-in, running on a free 127.0.0.1 port for one test."""
    service = WsService(port=free_port())
    server = ThreadingHTTPServer(("127.0.0.1", service.port), _handler(service))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield service
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@pytest.fixture
def sandbox(ws_service: WsService, monkeypatch: pytest.MonkeyPatch) -> WsService:
    """Local mode, as inside the sandbox: `ARC_SANDBOX` gives the stand-in as the `_arc` port."""
    config = {
        "apiType": "http",
        "ports": {"http": free_port(), "_arc": ws_service.port},
        "version": "8.0.0",
    }
    monkeypatch.setenv("ARC_SANDBOX", json.dumps(config))
    return ws_service
