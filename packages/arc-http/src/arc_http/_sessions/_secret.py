"""`ARC_APP_SECRET`, and the one warning when it is missing outside testing."""

from __future__ import annotations

from ._env import Settings

__all__ = ["app_secret"]

_warned = False


def app_secret(settings: Settings) -> str | None:
    """Return `ARC_APP_SECRET` (empty counts as unset, as in Node), or None.

    Without it the session keys are public (JWE's `1234...` defaults, the app name or
    `fallback` for DynamoDB signatures), so outside `ARC_ENV=testing` the first call of
    the process logs a warning on the `arc_http` logger.
    """
    global _warned
    secret = settings.secret
    if secret is None and not _warned and settings.env not in (None, "testing"):
        _warned = True
        import logging

        logging.getLogger("arc_http").warning(
            "ARC_APP_SECRET is not set: session cookies use a public default key, so anyone "
            "can forge a session. Set ARC_APP_SECRET (at least 32 characters for JWE "
            "sessions) with `npx arc env --add --env %s ARC_APP_SECRET <secret>`",
            settings.env,
        )
    return secret
