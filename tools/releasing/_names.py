"""`tools/release check-names`: is each distribution name free on the index, or ours?

The index is named by `ARC_RELEASE_INDEX_URL`: the base of its JSON API, to which
`/<name>/json` is appended (or a URL with `{name}` in it). It is not written anywhere in
the repository; unset, the check prints a notice and passes, and so does an index that
does not answer within a few seconds: the check never fails for being offline.

For each name the index answers:
- 404: free, ours to take on the first upload;
- a project whose home page or one of whose project URLs is one of our package's
  `[project.urls]` (compared without case in scheme and host, without a trailing
  slash): ours, e.g. architect-functions, whose 1.0.0 came from Architect too;
- any other project: TAKEN, and the check fails. Rename the distribution (as the core
  was: arc-core belongs to another project) before the first upload.
"""

from __future__ import annotations

import json
import os
import urllib.error
import urllib.parse
import urllib.request
from typing import Any

from ._workspace import Package, Workspace

ENVIRONMENT = "ARC_RELEASE_INDEX_URL"
# Seconds to wait for the index: a name check must never hold up an offline run.
TIMEOUT = 5


def _normal_url(url: str) -> str:
    parts = urllib.parse.urlsplit(url.strip())
    return urllib.parse.urlunsplit(
        (parts.scheme.lower(), parts.netloc.lower(), parts.path.rstrip("/"), parts.query, "")
    )


def project_url(base: str, name: str) -> str:
    if "{name}" in base:
        return base.replace("{name}", name)
    return f"{base.rstrip('/')}/{name}/json"


def is_ours(package: Package, info: dict[str, Any]) -> bool:
    """Whether the index's project `info` names one of our URLs (the rule above)."""
    theirs = [info.get("home_page") or "", *(info.get("project_urls") or {}).values()]
    ours = {_normal_url(url) for url in package.urls}
    return any(_normal_url(url) in ours for url in theirs if url)


def check_names(workspace: Workspace) -> int:
    base = os.environ.get(ENVIRONMENT, "").strip()
    if not base:
        print(
            f"check-names: skipped: {ENVIRONMENT} is unset (set it to the base of the "
            "index's JSON API to check the names)"
        )
        return 0
    taken = []
    for package in workspace.packages.values():
        url = project_url(base, package.name)
        try:
            with urllib.request.urlopen(url, timeout=TIMEOUT) as reply:
                info = json.load(reply).get("info", {})
        except urllib.error.HTTPError as error:
            error.close()
            if error.code == 404:
                print(f"{package.name}: free")
            else:
                print(f"{package.name}: skipped: the index answered HTTP {error.code}")
            continue
        except (urllib.error.URLError, TimeoutError, OSError, ValueError) as error:
            reason = getattr(error, "reason", error)
            print(f"check-names: skipped: the index did not answer ({reason})")
            return 0
        if is_ours(package, info):
            print(f"{package.name}: ours (version {info.get('version', '?')} on the index)")
        else:
            summary = info.get("summary") or "no summary"
            print(f"{package.name}: TAKEN by another project ({summary!r})")
            taken.append(package.name)
    if taken:
        print(f"check-names: {', '.join(taken)} belong to other projects: rename them")
        return 1
    return 0
