"""Publishing locally: one POST to the sandbox's events bus, which @events and @queues share.

The sandbox (architect/sandbox src/events/_listener.js) takes `POST /events` or
`POST /queues` with the JSON body `{"name", "payload"}`, answers `200 ok` at once and
invokes the subscriber afterwards; `404` for a name app.arc does not declare, `400` for
a body that is not JSON. Shared with arc_queues.
"""

from __future__ import annotations

from ._message import noun

TYPE_CHECKING = False
if TYPE_CHECKING:
    from ._message import Pragma

__all__ = ["BUS_TIMEOUT", "post"]

# Seconds to wait for the bus. It answers before running the subscriber, so a slow
# answer means a stuck sandbox; Node sets no limit, Lambda's own timeout is the backstop.
BUS_TIMEOUT = 10.0


def post(pragma: Pragma, name: str, message: str) -> None:
    """POST `{"name": name, "payload": <message>}` to the sandbox's bus for `pragma`.

    `message` is the payload already encoded as JSON. Raises `ServiceError` naming the
    entry when the bus cannot be reached (the sandbox is not running) or answers with a
    non-2xx status (it is running but refused), `ConfigError` when the sandbox has no
    events port (app.arc declares neither @events nor @queues).
    """
    from arc_core import ArcError, ServiceError, dumps, sandbox_port

    what = f"{noun(pragma)} {name!r}"
    try:
        port = sandbox_port("events")
    except ArcError as err:
        raise type(err)(f"cannot publish {what} to the sandbox: {err}") from err
    import http.client

    url = f"http://localhost:{port}/{pragma}"
    # The payload is JSON already: splice it in rather than decode and encode it again.
    body = ('{"name":' + dumps(name) + ',"payload":' + message + "}\n").encode()
    connection = http.client.HTTPConnection("localhost", port, timeout=BUS_TIMEOUT)
    try:
        connection.request("POST", f"/{pragma}", body, {"content-type": "application/json"})
        response = connection.getresponse()
        status, text = response.status, response.read().decode("utf-8", "replace").strip()
    except (OSError, http.client.HTTPException) as err:
        raise ServiceError(
            f"could not publish {what}: nothing answered at {url} ({err}). Is the sandbox "
            "running? Start it with `npx arc sandbox` (or set ARC_LOCAL=1 to use AWS)"
        ) from err
    finally:
        connection.close()
    if not 200 <= status < 300:
        hint = (
            f"app.arc declares no @{pragma} named {name!r}"
            if status == 404
            else "see the sandbox's output for the cause"
        )
        raise ServiceError(
            f"could not publish {what}: the sandbox is running but its events bus at {url} "
            f"answered {status} {text!r}: {hint}"
        )
