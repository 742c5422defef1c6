"""Keep-alive HTTP(S) connections to AWS endpoints, shared by every thread of a process.

Each endpoint keeps a small stack of idle connections: a call takes one (or opens one),
sends, reads the whole reply and puts the connection back, so one thread reuses one
connection and `send_many`'s threads each get their own. A kept connection may have
died while idle (a frozen Lambda, the server's idle timeout): when one fails before any
reply arrives, the request is sent once more on a fresh connection.
"""

from __future__ import annotations

# `_thread` is what `threading` wraps; importing `threading` costs a few milliseconds.
import _thread
import http.client
import os

from ._caches import on_clear

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping
    from ssl import SSLContext

__all__ = ["ConnectError", "Reply", "close_connections", "exchange"]

# Idle connections kept per endpoint: send_many's threads, and a few more.
MAX_IDLE = 16
# Failures of a kept connection that mean it died while idle, not that the server failed.
_STALE = (
    http.client.RemoteDisconnected,
    ConnectionResetError,
    BrokenPipeError,
    ConnectionAbortedError,
)


class ConnectError(OSError):
    """No connection could be opened (refused, unreachable, timed out while connecting)."""


class Reply:
    """One HTTP reply, read whole: status, headers (lower-case names) and body."""

    __slots__ = ("body", "headers", "status")

    def __init__(self, status: int, headers: dict[str, str], body: bytes) -> None:
        self.status = status
        self.headers = headers
        self.body = body


_lock = _thread.allocate_lock()
# (scheme, host, port) -> idle connections, and the process that opened them: a forked
# child must not share its parent's sockets.
_idle: dict[tuple[str, str, int | None], list[http.client.HTTPConnection]] = {}
_owner = [os.getpid()]
_tls: list[SSLContext] = []


def _tls_context() -> SSLContext:
    if not _tls:
        import ssl

        _tls.append(ssl.create_default_context())
    return _tls[0]


def close_connections() -> None:
    """Close every idle connection; the next call opens new ones."""
    with _lock:
        for connections in _idle.values():
            for connection in connections:
                connection.close()
        _idle.clear()


on_clear(close_connections)


def _take(key: tuple[str, str, int | None]) -> http.client.HTTPConnection | None:
    with _lock:
        if _owner[0] != os.getpid():
            _idle.clear()
            _owner[0] = os.getpid()
        connections = _idle.get(key)
        return connections.pop() if connections else None


def _give_back(key: tuple[str, str, int | None], connection: http.client.HTTPConnection) -> None:
    with _lock:
        connections = _idle.setdefault(key, [])
        if len(connections) < MAX_IDLE:
            connections.append(connection)
            return
    connection.close()


def _open(
    key: tuple[str, str, int | None], connect_timeout: float, read_timeout: float
) -> http.client.HTTPConnection:
    scheme, host, port = key
    connection: http.client.HTTPConnection
    if scheme == "https":
        connection = http.client.HTTPSConnection(
            host, port, timeout=connect_timeout, context=_tls_context()
        )
    else:
        connection = http.client.HTTPConnection(host, port, timeout=connect_timeout)
    try:
        connection.connect()
    except OSError as err:
        connection.close()
        raise ConnectError(f"cannot connect to {host}:{port or ''}: {err}") from err
    if connection.sock is not None:
        connection.sock.settimeout(read_timeout)
    return connection


def exchange(
    key: tuple[str, str, int | None],
    method: str,
    target: str,
    headers: Mapping[str, str],
    body: bytes,
    *,
    connect_timeout: float,
    read_timeout: float,
) -> Reply:
    """Send one request to the endpoint `key` (scheme, host, port) and read its reply.

    Raises `ConnectError` when no connection opens, `TimeoutError` when the reply is
    late, and other `OSError` or `http.client.HTTPException` when it is cut off.
    """
    connection = _take(key)
    reused = connection is not None
    while True:
        if connection is None:
            connection = _open(key, connect_timeout, read_timeout)
        try:
            connection.request(method, target, body, dict(headers))
            response = connection.getresponse()
            reply = Reply(
                response.status,
                {name.lower(): value for name, value in response.getheaders()},
                response.read(),
            )
        except _STALE:
            connection.close()
            if not reused:
                raise
            # A connection kept idle had died: one more try on a fresh one.
            connection, reused = None, False
            continue
        except BaseException:
            connection.close()
            raise
        if response.will_close:
            connection.close()
        else:
            _give_back(key, connection)
        return reply
