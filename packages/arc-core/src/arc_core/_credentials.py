"""AWS credentials for the transport, resolved in the order a Lambda needs them first.

1. The environment: what Lambda sets for the execution role (key, secret, token).
2. The container credentials endpoint (`AWS_CONTAINER_CREDENTIALS_RELATIVE_URI` or
   `_FULL_URI`, with an authorization token or token file), as Lambda SnapStart and ECS
   use; kept until shortly before they expire.
3. The shared credentials and config files, for the profile `AWS_DEFAULT_PROFILE` or
   `AWS_PROFILE` names (static keys only).
4. botocore's own chain, when botocore is installed (SSO, assume-role,
   credential_process, instance metadata): it refreshes those itself.
5. Otherwise `ServiceError` (code `NoCredentialsError`) saying what to set.

Locally (the sandbox checks no signatures) the sandbox's dummy keys stand in when the
environment has none, and no file or endpoint is read.
"""

from __future__ import annotations

# `_thread` is what `threading` wraps; importing `threading` costs a few milliseconds.
import _thread
import os
import time

from ._caches import fingerprint, process_cache
from ._env import env_value, env_values
from ._errors import ServiceError

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

__all__ = [
    "CONTAINER_HOST",
    "DUMMY_ACCESS_KEY_ID",
    "DUMMY_SECRET_ACCESS_KEY",
    "Credentials",
    "credentials",
]

# The dummy keys the sandbox injects when no credentials exist (sandbox src/sandbox/creds.js).
DUMMY_ACCESS_KEY_ID = "arcDummyAccessKey"
DUMMY_SECRET_ACCESS_KEY = "arcDummySecretKey"
# Where a relative container credentials URI points (ECS, Lambda SnapStart).
CONTAINER_HOST = "http://169.254.170.2"
# Hosts a plain-http full URI may name (botocore's ContainerMetadataFetcher).
_CONTAINER_HTTP_HOSTS = ("169.254.170.2", "169.254.170.23", "fd00:ec2::23", "localhost")
# botocore's container fetch: 2 s per try, 3 tries 1 s apart.
CONTAINER_TIMEOUT = 2.0
CONTAINER_ATTEMPTS = 3
CONTAINER_RETRY_DELAY = 1.0
# botocore's refresh windows: try a refresh 15 minutes before expiry (keeping the old
# credentials if it fails), and insist 10 minutes before.
ADVISORY_REFRESH = 15 * 60
MANDATORY_REFRESH = 10 * 60
# Every variable the chain reads: a change to any of them resolves afresh.
CREDENTIAL_VARIABLES = (
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_SECURITY_TOKEN",
    "AWS_SESSION_TOKEN",
    "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
    "AWS_CONTAINER_CREDENTIALS_FULL_URI",
    "AWS_CONTAINER_AUTHORIZATION_TOKEN",
    "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE",
    "AWS_DEFAULT_PROFILE",
    "AWS_PROFILE",
    "AWS_CONFIG_FILE",
    "AWS_SHARED_CREDENTIALS_FILE",
    "AWS_ROLE_ARN",
    "AWS_WEB_IDENTITY_TOKEN_FILE",
)
# Profile keys of sign-ins botocore's chain tries before any static keys (assume-role,
# web identity, SSO), and the one it tries before static keys of the config file only.
_BEFORE_STATIC_KEYS = ("role_arn", "web_identity_token_file", "sso_session", "sso_start_url")
_BEFORE_CONFIG_KEYS = "credential_process"
NO_CREDENTIALS_HINT = (
    "set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or AWS_PROFILE), or run with a "
    "Lambda execution role"
)


class Credentials:
    """One set of keys; `expires` is epoch seconds, or None for keys that do not expire."""

    __slots__ = ("access_key", "expires", "secret_key", "token")

    def __init__(
        self, access_key: str, secret_key: str, token: str | None, expires: float | None = None
    ) -> None:
        self.access_key = access_key
        self.secret_key = secret_key
        self.token = token
        self.expires = expires

    def __repr__(self) -> str:
        # Never the secret: reprs end up in logs.
        return f"<Credentials {self.access_key} expires={self.expires}>"


class _Source:
    """Credentials from one provider, fetched again when they near their expiry."""

    __slots__ = ("current", "fetch", "lock")

    def __init__(self, fetch: Callable[[], Credentials]) -> None:
        self.fetch = fetch
        self.current: Credentials | None = None
        self.lock = _thread.allocate_lock()

    def get(self) -> Credentials:
        current = self.current
        if current is not None and (
            current.expires is None or current.expires - time.time() > ADVISORY_REFRESH
        ):
            return current
        with self.lock:
            current = self.current
            left = None if current is None or current.expires is None else current.expires
            if current is not None and left is not None and left - time.time() > ADVISORY_REFRESH:
                return current
            try:
                self.current = current = self.fetch()
            except ServiceError:
                # Inside the advisory window the old keys still serve; past the
                # mandatory one they would soon be refused, so the failure is raised.
                if current is None or left is None or left - time.time() <= MANDATORY_REFRESH:
                    raise
            return current


_lock = _thread.allocate_lock()
# Each environment's source of credentials (see `_caches`).
_sources: dict[tuple[str | None, ...], _Source] = process_cache()


def credentials(local: bool) -> Credentials:
    """The credentials to sign with now; see the module's docstring for the order.

    Raises `ServiceError` (code `NoCredentialsError`) when there are none, and when
    the container endpoint is configured but fails or answers nonsense.
    """
    key = (str(local), *fingerprint(*CREDENTIAL_VARIABLES))
    source = _sources.get(key)
    if source is None:
        with _lock:
            source = _sources.get(key) or _sources.setdefault(key, _Source(_resolver(local)))
    return source.get()


def _resolver(local: bool) -> Callable[[], Credentials]:
    token = env_value("AWS_SECURITY_TOKEN", "AWS_SESSION_TOKEN")
    if local:
        # The sandbox checks no signatures: whatever keys are set, else its dummy ones.
        access_key, secret_key = env_values(("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"))
        dummy = Credentials(
            access_key or DUMMY_ACCESS_KEY_ID, secret_key or DUMMY_SECRET_ACCESS_KEY, token
        )
        return lambda: dummy
    static = _from_environment(token)
    if static is None and not env_value(
        "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "AWS_CONTAINER_CREDENTIALS_FULL_URI"
    ):
        static = _from_files()
    if static is not None:
        found = static
        return lambda: found
    if env_value("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "AWS_CONTAINER_CREDENTIALS_FULL_URI"):
        return _from_container
    return _botocore_chain()


def _from_environment(token: str | None) -> Credentials | None:
    access_key, secret_key = env_values(("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"))
    if access_key and secret_key:
        return Credentials(access_key, secret_key, token)
    if access_key or secret_key:
        missing = "AWS_SECRET_ACCESS_KEY" if access_key else "AWS_ACCESS_KEY_ID"
        raise ServiceError(
            f"partial AWS credentials in the environment: {missing} is not set; set both "
            "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or neither",
            code="PartialCredentialsError",
        )
    return None


def container_url() -> str:
    """The container credentials URL, checked as botocore checks it.

    Raises `ServiceError` for a full URI that is plain http to a host other than the
    loopback or the container endpoints: credentials must not cross a network in clear.
    """
    relative = env_value("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI")
    if relative:
        return CONTAINER_HOST + relative
    from urllib.parse import urlsplit

    full = env_value("AWS_CONTAINER_CREDENTIALS_FULL_URI") or ""
    parts = urlsplit(full)
    host = parts.hostname or ""
    if parts.scheme == "https" or (
        parts.scheme == "http" and (host in _CONTAINER_HTTP_HOSTS or _is_loopback(host))
    ):
        return full
    raise ServiceError(
        f"AWS_CONTAINER_CREDENTIALS_FULL_URI is {full!r}: it must be https, or http to the "
        "loopback or the container credentials endpoint",
        code="NoCredentialsError",
    )


def _is_loopback(host: str) -> bool:
    import ipaddress

    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _authorization() -> str | None:
    path = env_value("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE")
    if path:
        try:
            with open(path, encoding="utf-8") as file:
                token: str | None = file.read()
        except OSError as err:
            raise ServiceError(
                f"cannot read AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE {path!r}: {err}",
                code="NoCredentialsError",
            ) from err
    else:
        token = env_value("AWS_CONTAINER_AUTHORIZATION_TOKEN")
    if token is not None and ("\r" in token or "\n" in token):
        raise ServiceError(
            "the container authorization token contains a line break: fix "
            "AWS_CONTAINER_AUTHORIZATION_TOKEN(_FILE)",
            code="NoCredentialsError",
        )
    return token


def _from_container() -> Credentials:
    """Fetch credentials from the container endpoint (3 tries); raise `ServiceError`."""
    import http.client
    import json
    from urllib.parse import urlsplit

    url = container_url()
    parts = urlsplit(url)
    headers = {"Accept": "application/json"}
    token = _authorization()
    if token:
        headers["Authorization"] = token
    factory = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    failure = ""
    for attempt in range(CONTAINER_ATTEMPTS):
        if attempt:
            time.sleep(CONTAINER_RETRY_DELAY)
        connection = factory(parts.hostname or "", parts.port, timeout=CONTAINER_TIMEOUT)
        try:
            connection.request("GET", path or "/", headers=headers)
            response = connection.getresponse()
            body = response.read()
        except (OSError, http.client.HTTPException) as err:
            failure = f"no answer ({err})"
            continue
        finally:
            connection.close()
        if response.status != 200:
            failure = f"HTTP {response.status}: {body[:200].decode('utf-8', 'replace')}"
            continue
        try:
            document: Any = json.loads(body)
            return Credentials(
                str(document["AccessKeyId"]),
                str(document["SecretAccessKey"]),
                document.get("Token") or None,
                _expiry(document.get("Expiration")),
            )
        except (ValueError, KeyError, TypeError, AttributeError) as err:
            failure = f"an answer that is not credentials ({err!r})"
    raise ServiceError(
        f"the container credentials endpoint {url} gave {failure}: check "
        "AWS_CONTAINER_CREDENTIALS_*_URI and the authorization token",
        code="NoCredentialsError",
    )


def _expiry(text: object) -> float | None:
    """Epoch seconds of an ISO 8601 `Expiration` (`2012-12-03T20:48:03Z`), or None."""
    if text is None:
        return None
    from datetime import datetime, timezone

    if not isinstance(text, str):
        raise TypeError(f"Expiration is {text!r}")
    parsed = datetime.fromisoformat(text[:-1] + "+00:00" if text.endswith("Z") else text)
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=timezone.utc)
    return parsed.timestamp()


def _from_files() -> Credentials | None:
    """Static keys of the profile in the shared credentials and config files, if any."""
    import configparser

    profile = env_value("AWS_DEFAULT_PROFILE", "AWS_PROFILE") or "default"
    files = (
        (env_value("AWS_SHARED_CREDENTIALS_FILE") or "~/.aws/credentials", profile),
        (
            env_value("AWS_CONFIG_FILE") or "~/.aws/config",
            profile if profile == "default" else f"profile {profile}",
        ),
    )
    sections: list[dict[str, str]] = []
    for path, section in files:
        parser = configparser.RawConfigParser()
        try:
            parser.read(os.path.expanduser(path), encoding="utf-8")
        except configparser.Error as err:
            raise ServiceError(f"cannot parse {path}: {err}", code="NoCredentialsError") from err
        sections.append(dict(parser.items(section)) if parser.has_section(section) else {})
    credentials_file, config_file = sections
    # The credentials file comes first and wins key by key.
    found = {**config_file, **credentials_file}
    if any(key in found for key in _BEFORE_STATIC_KEYS) or env_value(
        "AWS_ROLE_ARN", "AWS_WEB_IDENTITY_TOKEN_FILE"
    ):
        return None  # a role or a sign-in: botocore's chain knows how, and takes it first
    if _BEFORE_CONFIG_KEYS in found and "aws_access_key_id" not in credentials_file:
        return None  # botocore runs the process before reading keys of the config file
    access_key, secret_key = found.get("aws_access_key_id"), found.get("aws_secret_access_key")
    if access_key and secret_key:
        return Credentials(access_key, secret_key, found.get("aws_session_token") or None)
    return None


# How long a snapshot of botocore's credentials serves before the next is taken: botocore
# renews its own credentials, and a snapshot a minute costs nothing.
BOTOCORE_SNAPSHOT = 60.0


def _botocore_chain() -> Callable[[], Credentials]:
    """Snapshots of botocore's chain (SSO, assume-role, credential_process, IMDS)."""
    resolved: list[Any] = []

    def snapshot() -> Credentials:
        missing = f"no AWS credentials: {NO_CREDENTIALS_HINT}"
        try:
            import botocore.session
        except ImportError:
            raise ServiceError(missing, code="NoCredentialsError") from None
        if not resolved:
            try:
                found = botocore.session.Session().get_credentials()
            except Exception as err:  # botocore's chain failed: say so, with its reason
                raise ServiceError(f"{missing} ({err})", code="NoCredentialsError") from err
            if found is None:
                # Nothing found this time (an instance-metadata hiccup?): ask again next call.
                raise ServiceError(
                    f"{missing} (nor did botocore's chain)", code="NoCredentialsError"
                )
            resolved.append(found)
        frozen = resolved[0].get_frozen_credentials()
        if not frozen.access_key or not frozen.secret_key:
            raise ServiceError(f"{missing} (nor did botocore's chain)", code="NoCredentialsError")
        expires = time.time() + ADVISORY_REFRESH + BOTOCORE_SNAPSHOT
        return Credentials(frozen.access_key, frozen.secret_key, frozen.token, expires)

    return snapshot
