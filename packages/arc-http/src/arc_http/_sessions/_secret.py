"""`ARC_APP_SECRET`: the keys of sessions and CSRF tokens, which fail closed when deployed.

Node falls back to public keys when `ARC_APP_SECRET` is unset: `1234...` for JWE, the
app name or `fallback` for DynamoDB cookie signatures and CSRF tokens. Anyone can mint
a session with them. Here, with `ARC_ENV` staging or production, a missing secret, or
one of those public defaults, raises `ConfigError` on the first session or CSRF call,
unless `ARC_UNSAFE_DEFAULT_SECRET=true` says the app knowingly shares Node's defaults
(a warning is logged then). `testing` keeps working without a secret, as in Node.

Rotation: `ARC_APP_SECRET_PREVIOUS` (one older secret) is still accepted when reading
JWE cookies, DynamoDB cookie signatures and CSRF tokens; everything written uses
`ARC_APP_SECRET`.
"""

from __future__ import annotations

from arc_core import DEPLOYED, ConfigError

from ._env import Settings

__all__ = [
    "DEFAULT_KEYS",
    "FALLBACK_SECRET",
    "UNSAFE_DEFAULT_SECRET",
    "app_secret",
    "previous_secret",
    "signing_secret",
    "signing_secrets",
]

# Node's signing secret when neither ARC_APP_SECRET nor ARC_APP_NAME is set (ddb/index.js).
FALLBACK_SECRET = "fallback"
# Node's public JWE keys when ARC_APP_SECRET is unset, per `enc` (providers/jwe.js `algos`).
DEFAULT_KEYS = {
    "A256GCM": "12345678901234567890123456789012",
    "A192GCM": "123456789012345678901234",
    "A128GCM": "1234567890123456",
}
# Secrets anyone can read in Node's source: never a key of a deployed app.
PUBLIC_SECRETS = frozenset({FALLBACK_SECRET, *DEFAULT_KEYS.values()})
# The opt-out, named to read as what it is.
UNSAFE_DEFAULT_SECRET = "ARC_UNSAFE_DEFAULT_SECRET"

_warned = False


def _allows_public_keys(settings: Settings) -> bool:
    """True when `ARC_UNSAFE_DEFAULT_SECRET` is `true` (or `1`); `ConfigError` for other values."""
    value = settings.unsafe_default_secret
    if value is None:
        return False
    if value.strip().lower() in ("true", "1"):
        return True
    raise ConfigError(
        f"{UNSAFE_DEFAULT_SECRET} is {value!r}: set it to true to knowingly use Node's public "
        "default keys, or unset it (and set ARC_APP_SECRET)"
    )


def _check_deployed(settings: Settings) -> None:
    """Fail closed: a deployed app signs and encrypts with a secret of its own."""
    global _warned
    if settings.env not in DEPLOYED:
        return
    secret, previous = settings.secret, settings.previous_secret
    public = secret is None or secret in PUBLIC_SECRETS or previous in PUBLIC_SECRETS
    if not public:
        return
    if _allows_public_keys(settings):
        if not _warned:
            _warned = True
            import logging

            logging.getLogger("arc_http").warning(
                "%s is set: session cookies and CSRF tokens use Node's public default keys, so "
                "anyone can forge them",
                UNSAFE_DEFAULT_SECRET,
            )
        return
    what = "ARC_APP_SECRET is not set" if secret is None else "ARC_APP_SECRET is a public default"
    if secret is not None and previous in PUBLIC_SECRETS and secret not in PUBLIC_SECRETS:
        what = "ARC_APP_SECRET_PREVIOUS is a public default"
    raise ConfigError(
        f"{what} in {settings.env}: sessions and CSRF tokens would use a key anyone can read. "
        f"Set a long random secret with `npx arc env --add --env {settings.env} ARC_APP_SECRET "
        f"<random>` (at least 32 characters for JWE sessions), or set {UNSAFE_DEFAULT_SECRET}="
        "true to knowingly share Node's default keys"
    )


def app_secret(settings: Settings) -> str | None:
    """Return `ARC_APP_SECRET` (empty counts as unset, as in Node), or None.

    Raises `ConfigError` in staging or production when it is unset or public (see the
    module's docstring).
    """
    _check_deployed(settings)
    return settings.secret


def previous_secret(settings: Settings) -> str | None:
    """`ARC_APP_SECRET_PREVIOUS`, the older secret still accepted on reading, or None."""
    _check_deployed(settings)
    previous = settings.previous_secret
    return None if previous == settings.secret else previous


def signing_secret(settings: Settings) -> str:
    """The HMAC secret of DynamoDB cookies and CSRF tokens: Node's `ARC_APP_SECRET ||
    ARC_APP_NAME || 'fallback'`."""
    return app_secret(settings) or settings.app_name or FALLBACK_SECRET


def signing_secrets(settings: Settings) -> tuple[str, ...]:
    """Every HMAC secret a signature is accepted from: the current one, then the previous."""
    current = signing_secret(settings)
    previous = previous_secret(settings)
    return (current,) if previous is None else (current, previous)
