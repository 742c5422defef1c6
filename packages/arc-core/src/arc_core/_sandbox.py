"""The Architect sandbox as a handler sees it: `ARC_SANDBOX`, its ports and its version."""

from __future__ import annotations

# `_thread` is what `threading` wraps; importing `threading` costs a few milliseconds.
import _thread
import os

from ._caches import fingerprint, process_cache, read_only
from ._env import arc_env, env_value, use_aws
from ._errors import ConfigError, ServiceError

# `typing` costs milliseconds to import; type checkers treat any TYPE_CHECKING as True.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping
    from typing import Any

__all__ = [
    "DEFAULT_INTERNAL_PORT",
    "MIN_SANDBOX_VERSION",
    "app_name",
    "check_sandbox_version",
    "sandbox_config",
    "sandbox_port",
    "sandbox_ports",
    "sandbox_url",
    "sandbox_version_at_least",
    "stack_name",
    "version_at_least",
]

# The oldest sandbox Node's library accepts (src/index.js).
MIN_SANDBOX_VERSION = "5.0.0"
# The sandbox's default `_arc` port (architect/sandbox src/sandbox/ports.js).
DEFAULT_INTERNAL_PORT = 2222
# The app name Node's discovery assumes locally when ARC_APP_NAME is unset.
LOCAL_APP_NAME = "arc-app"
# Seconds to wait for the sandbox's own services: it answers at once or is stuck.
SANDBOX_TIMEOUT = 10.0

_ports_lock = _thread.allocate_lock()
# Ports asked of a running sandbox, per environment; ARC_SANDBOX parsed, per text: every
# AWS call asks for it, and the text rarely changes (see `_caches`).
_fetched_ports: dict[tuple[str | None, ...], Mapping[str, int]] = process_cache()
_configs: dict[str, Mapping[str, Any]] = process_cache()


def sandbox_config() -> Mapping[str, Any] | None:
    """Return `ARC_SANDBOX` parsed, read-only, or None outside the sandbox.

    Raises `ConfigError` when it is set but is not a JSON object.
    """
    raw = os.environ.get("ARC_SANDBOX")
    if not raw:
        return None
    found = _configs.get(raw)
    if found is not None:
        return found
    import json

    try:
        config = json.loads(raw)
    except ValueError as err:
        raise ConfigError(f"ARC_SANDBOX is not valid JSON ({err}); unset it or fix it") from err
    if not isinstance(config, dict):
        raise ConfigError("ARC_SANDBOX must be a JSON object, as the sandbox sets it")
    frozen: Mapping[str, Any] = read_only(config)
    _configs[raw] = frozen
    return frozen


def _version_numbers(version: str) -> tuple[int, ...]:
    numbers = []
    for part in version.split("."):
        digits = ""
        for char in part:
            if not char.isdigit():
                break
            digits += char
        numbers.append(int(digits or 0))
    return tuple(numbers)


def version_at_least(version: str, minimum: str) -> bool:
    """True when `version` is `minimum` or newer, comparing each dotted part as a number.

    Node compares the parts as strings, so it ranks 10.0.0 below 5.0.0; this does not.
    Missing parts count as zero (`5.0` equals `5.0.0`); a pre-release suffix is ignored.

    >>> version_at_least("10.0.0", "5.0.0")
    True
    """
    have, want = _version_numbers(version), _version_numbers(minimum)
    width = max(len(have), len(want))
    return have + (0,) * (width - len(have)) >= want + (0,) * (width - len(want))


def sandbox_version_at_least(minimum: str) -> bool:
    """True inside a sandbox whose `ARC_SANDBOX.version` is `minimum` or newer."""
    config = sandbox_config()
    version = config.get("version") if config else None
    return isinstance(version, str) and version_at_least(version, minimum)


def check_sandbox_version() -> None:
    """Raise `ConfigError` inside a sandbox older than 5.0.0 (or one that gives no version)."""
    if os.environ.get("ARC_SANDBOX") and not sandbox_version_at_least(MIN_SANDBOX_VERSION):
        raise ConfigError(
            "Incompatible version: please upgrade to Sandbox >=5.x or Architect >=10.x "
            "(ARC_SANDBOX gives no version of 5.0.0 or newer)"
        )


def app_name() -> str | None:
    """`ARC_APP_NAME`, else `arc-app` when local (Node's default), else None."""
    name = env_value("ARC_APP_NAME")
    if name is None and not use_aws():
        return LOCAL_APP_NAME
    return name


def stack_name() -> str:
    """The SSM root of this app: `ARC_STACK_NAME`, else the logical ID of `<app>-<ARC_ENV>`.

    Raises `ConfigError` on AWS when neither `ARC_STACK_NAME` nor `ARC_APP_NAME` is set.
    """
    stack = env_value("ARC_STACK_NAME")
    if stack:
        return stack
    app = app_name()
    if app is None:
        raise ConfigError(
            "ARC_APP_NAME and ARC_STACK_NAME env vars not found: set ARC_STACK_NAME (Architect "
            "sets it on deploy) or ARC_APP_NAME to find this app's services"
        )
    from ._logical_id import to_logical_id

    return to_logical_id(f"{app}-{arc_env()}")


def sandbox_ports() -> Mapping[str, int]:
    """The sandbox's ports by service: `http`, `events` (shared by @queues), `tables`, `_arc`.

    Inside the sandbox they come from `ARC_SANDBOX`. A process outside it (a test
    script beside a running sandbox) asks the sandbox's SSM service, at `ARC_INTERNAL_PORT`
    or 2222, once per process. Raises `ConfigError` when `ARC_SANDBOX` has no ports,
    `ServiceError` when no sandbox answers.
    """
    from collections.abc import Mapping

    config = sandbox_config()
    if config is not None:
        ports = config.get("ports")
        if not isinstance(ports, Mapping):
            raise ConfigError('Sandbox internal port not found: ARC_SANDBOX has no "ports" object')
        return ports
    key = fingerprint()
    with _ports_lock:
        found = _fetched_ports.get(key)
        if found is None:
            found = _fetched_ports[key] = read_only(_ports_from_ssm(stack_name()))
        return found


def _ports_from_ssm(stack: str) -> dict[str, int]:
    """Ask the sandbox's SSM service for its ports (it checks no signature: none is sent).

    The sandbox's `/_arc/ssm` is a local HTTP service like its events bus, so this is a
    plain POST, not an AWS call.
    """
    import http.client
    import json

    name = f"/{stack}/ARC_SANDBOX/ports"
    port = internal_port()
    url = f"http://localhost:{port}/_arc/ssm"
    headers = {
        "Content-Type": "application/x-amz-json-1.1",
        "X-Amz-Target": "AmazonSSM.GetParameter",
    }
    connection = http.client.HTTPConnection("localhost", port, timeout=SANDBOX_TIMEOUT)
    try:
        connection.request("POST", "/_arc/ssm", json.dumps({"Name": name}), headers)
        response = connection.getresponse()
        status, body = response.status, response.read()
    except (OSError, http.client.HTTPException) as err:
        from ._errors import unreachable_hint

        raise ServiceError(
            f"could not reach {url} while reading {name} from the sandbox ({err}): "
            f"{unreachable_hint(local=True)}",
            service="ssm",
            operation="GetParameter",
            code="EndpointConnectionError",
        ) from err
    finally:
        connection.close()
    try:
        value = json.loads(body)["Parameter"]["Value"] if status == 200 else None
        ports = json.loads(value) if isinstance(value, str) else value
    except (ValueError, KeyError, TypeError):
        ports = None
    if not isinstance(ports, dict):
        raise ServiceError(
            f"the sandbox at {url} answered {name} with {status} {body[:200]!r}, not a ports "
            "object: is a sandbox of this app (ARC_APP_NAME, ARC_ENV) running there?",
            service="ssm",
            operation="GetParameter",
        )
    return ports


def internal_port() -> int:
    """The sandbox's `_arc` port: from `ARC_SANDBOX`, else `ARC_INTERNAL_PORT`, else 2222."""
    config = sandbox_config()
    if config is None:
        return int(env_value("ARC_INTERNAL_PORT") or DEFAULT_INTERNAL_PORT)
    return sandbox_port("_arc")


def sandbox_port(service: str) -> int:
    """The sandbox's port for `service` (`http`, `events`, `tables` or `_arc`).

    Raises `ConfigError` naming the pragma to add when the sandbox runs without it.
    """
    if service == "_arc" and sandbox_config() is None:
        return internal_port()
    ports = sandbox_ports()
    port = ports.get(service)
    if not isinstance(port, int) or isinstance(port, bool):
        pragma = {"events": "@events or @queues", "tables": "@tables", "http": "@http or @ws"}
        needs = pragma.get(service, service)
        raise ConfigError(
            f"Sandbox {service} port not found: the sandbox only opens it when app.arc declares "
            f"{needs} (ports it gave: {sorted(ports)})"
        )
    return port


def sandbox_url(service: str, path: str = "") -> str:
    """`http://localhost:<port><path>` for one of the sandbox's services."""
    return f"http://localhost:{sandbox_port(service)}{path}"
