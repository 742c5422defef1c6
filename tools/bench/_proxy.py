"""A counting HTTP proxy in front of moto_server: how many AWS calls a request makes.

Clients reach it through `AWS_ENDPOINT_URL`, so every AWS call of every library goes
through it whatever its SDK does inside. Each call is named `<service>.<Operation>`:
the service from the SigV4 credential scope, the operation from `X-Amz-Target` (JSON
protocols: DynamoDB, SSM, SQS) or the `Action` form field (query protocols: SNS).
"""

from __future__ import annotations

import http.client
import re
import threading
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

__all__ = ["CountingProxy", "operation_of"]

_SCOPE = re.compile(r"Credential=[^/]+/[^/]+/[^/]+/([^/]+)/")
# Hop-by-hop headers are the proxy's own business, not the client's or the server's.
_HOP = frozenset({"connection", "keep-alive", "transfer-encoding", "content-length"})


def operation_of(headers: dict[str, str], body: bytes) -> str:
    """`<service>.<Operation>` for one AWS request, `unknown` parts when unclear."""
    lowered = {k.lower(): v for k, v in headers.items()}
    scope = _SCOPE.search(lowered.get("authorization", ""))
    service = scope.group(1) if scope else "unknown"
    target = lowered.get("x-amz-target")
    if target:
        return f"{service}.{target.rsplit('.', 1)[-1]}"
    action = parse_qs(body.decode("latin-1")).get("Action")
    return f"{service}.{action[0] if action else 'unknown'}"


class CountingProxy:
    """Forwards to `upstream` and counts calls; start() returns the URL to use."""

    def __init__(self, upstream: str) -> None:
        parts = urlsplit(upstream)
        self.upstream = (parts.hostname or "127.0.0.1", parts.port or 80)
        self.counts: Counter[str] = Counter()
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def start(self) -> str:
        self._thread.start()
        return self.url

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join()

    def take(self) -> Counter[str]:
        """The calls counted since the last take, and start counting afresh."""
        with self._lock:
            taken, self.counts = self.counts, Counter()
        return taken

    def _count(self, operation: str) -> None:
        with self._lock:
            self.counts[operation] += 1

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            # Keep-alive, as boto3 expects; every reply carries a Content-Length.
            protocol_version = "HTTP/1.1"

            def _forward(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                headers = {k: v for k, v in self.headers.items() if k.lower() not in _HOP}
                proxy._count(operation_of(headers, body))
                upstream = http.client.HTTPConnection(*proxy.upstream, timeout=60)
                try:
                    upstream.request(self.command, self.path, body, headers)
                    reply = upstream.getresponse()
                    data = reply.read()
                    self.send_response(reply.status, reply.reason)
                    for key, value in reply.getheaders():
                        if key.lower() not in _HOP:
                            self.send_header(key, value)
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                finally:
                    upstream.close()

            do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = _forward

            def log_message(self, format: str, *args: object) -> None:
                pass  # quiet: the counts are the log

        return Handler
