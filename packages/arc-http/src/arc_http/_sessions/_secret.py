"""`ARC_APP_SECRET`, the signing secret derived from it, and the one warning when it is missing.

Session cookies and CSRF tokens share these rules (Node's), so they live once, here.
"""

from __future__ import annotations

from ._env import Settings

__all__ = ["FALLBACK_SECRET", "app_secret", "signing_secret"]

# Node's signing secret when neither ARC_APP_SECRET nor ARC_APP_NAME is set (ddb/index.js).
FALLBACK_SECRET = "fallback"

_warned = False


def app_secret(settings: Settings) -> str | None:
    """Return `ARC_APP_SECRET` (empty counts as unset, as in Node), or None.

    Without it the keys are public (JWE's `1234...` defaults, the app name or `fallback`
    for DynamoDB signatures and CSRF tokens), so outside `ARC_ENV=testing` the first call
    of the process logs a warning on the `arc_http` logger.
    """
    global _warned
    secret = settings.secret
    if secret is None and not _warned and settings.env not in (None, "testing"):
        _warned = True
        import logging

        logging.getLogger("arc_http").warning(
            "ARC_APP_SECRET is not set: session cookies and CSRF tokens use a public default "
            "key, so anyone can forge them. Set ARC_APP_SECRET (at least 32 characters for JWE "
            "sessions) with `npx arc env --add --env %s ARC_APP_SECRET <secret>`",
            settings.env,
        )
    return secret


def signing_secret(settings: Settings) -> str:
    """The HMAC secret of DynamoDB cookies and CSRF tokens: Node's `ARC_APP_SECRET ||
    ARC_APP_NAME || 'fallback'`."""
    return app_secret(settings) or settings.app_name or FALLBACK_SECRET
