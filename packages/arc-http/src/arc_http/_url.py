"""`url`: a path with the REST API stage in front, as Node's `http.helpers.url` gives it."""

from __future__ import annotations

import os

from arc_core import arc_env

__all__ = ["url"]


def url(path: str) -> str:
    """Return `path` under the API Gateway stage when deployed, unchanged locally.

    With `ARC_ENV` `staging` or `production` and no `ARC_LOCAL`, the result is
    `/<ARC_ENV><path>`; nothing is added between them, as in Node (`"foo"` gives
    `/stagingfoo`). Only REST APIs put the stage in the path: HTTP APIs (Architect's
    default) use the `$default` stage, so links there need no helper.

    >>> url("/about")  # with ARC_ENV=staging  # doctest: +SKIP
    '/staging/about'
    """
    env = arc_env()
    if env != "testing" and not os.environ.get("ARC_LOCAL"):
        return f"/{env}{path}"
    return path
