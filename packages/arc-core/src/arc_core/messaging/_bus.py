"""Publishing locally: one POST to the sandbox's events bus, which @events and @queues share.

The sandbox (architect/sandbox src/events/_listener.js) takes `POST /events` or
`POST /queues` with the JSON body `{"name", "payload"}`, answers `200 ok` at once and
invokes the subscriber afterwards; `404` for a name app.arc does not declare, `400` for
a body that is not JSON.
"""

from __future__ import annotations

from arc_core._errors import ArcError, ServiceError, UnknownResourceError

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
    non-2xx status (it is running but refused), `UnknownResourceError` when app.arc
    declares no such entry (listing those it does), `ConfigError` when the sandbox has
    no events port (app.arc declares neither @events nor @queues).
    """
    from arc_core._json import dumps
    from arc_core._sandbox import sandbox_port

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
        from arc_core._errors import unreachable_hint

        raise ServiceError(
            f"could not publish {what}: nothing answered at {url} ({err}): "
            f"{unreachable_hint(local=True)}",
            code="EndpointConnectionError",
        ) from err
    finally:
        connection.close()
    if status == 404:
        raise UnknownResourceError(
            noun(pragma),
            name,
            declared(pragma),
            f"declare it under @{pragma} in app.arc (the sandbox's events bus at {url} "
            "does not know it)",
        )
    if not 200 <= status < 300:
        raise ServiceError(
            f"could not publish {what}: the sandbox is running but its events bus at {url} "
            f"answered {status} {text!r}: see the sandbox's output for the cause"
        )


def declared(pragma: Pragma) -> list[str] | None:
    """The names under `@<pragma>` in the sandbox's app.arc, or None when it cannot be read.

    The sandbox's service map has no events or queues (only tables), so an unknown name
    is listed against the manifest itself: `app.arc` (or `.arc`) in the project folder
    that `ARC_SANDBOX` names. Other manifest formats (JSON, YAML) give None.
    """
    import os

    from arc_core._sandbox import sandbox_config

    folder = (sandbox_config() or {}).get("cwd")
    if not isinstance(folder, str):
        return None
    for manifest in ("app.arc", ".arc"):
        try:
            with open(os.path.join(folder, manifest), encoding="utf-8") as file:
                return pragma_entries(file.read(), pragma)
        except OSError:
            continue
    return None


def pragma_entries(manifest: str, pragma: str) -> list[str]:
    """The entry names of `@<pragma>` in the text of an app.arc: its unindented lines.

    >>> pragma_entries("@app\nshop\n@events\nordered # new order\nsent\n  fifo true\n", "events")
    ['ordered', 'sent']
    """
    names: list[str] = []
    inside = False
    for line in manifest.splitlines():
        text = line.split("#", 1)[0].rstrip()
        if not text:
            continue
        if text.startswith("@"):
            inside = text.split()[0] == f"@{pragma}"
        elif inside and not text[0].isspace():
            names.append(text.split()[0])
    return names
