"""A package index of our own: a PEP 503 "simple" index of a folder of wheels and sdists,
served over HTTP on 127.0.0.1 by the standard library's http.server, in a thread.

Layout under the index's root: `files/` holds the distributions, `simple/index.html`
lists the projects and `simple/<project>/index.html` their files, each link with its
`#sha256=` digest, as pip checks it.
"""

from __future__ import annotations

import hashlib
import html
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from ._workspace import normalize

_SDIST = ".tar.gz"


def project_of(filename: str) -> str | None:
    """The normalized project a wheel or sdist file belongs to, or None for other files."""
    if filename.endswith(".whl"):
        return normalize(filename.split("-")[0])
    if filename.endswith(_SDIST):
        return normalize(filename[: -len(_SDIST)].rsplit("-", 1)[0])
    return None


def write_index(root: Path) -> dict[str, list[str]]:
    """(Re)write `root/simple` for every distribution in `root/files`; the files per project."""
    projects: dict[str, list[str]] = {}
    for path in sorted((root / "files").iterdir()):
        project = project_of(path.name)
        if project is not None:
            projects.setdefault(project, []).append(path.name)
    simple = root / "simple"
    simple.mkdir(exist_ok=True)
    links = "".join(f'<a href="{p}/">{p}</a><br>\n' for p in sorted(projects))
    (simple / "index.html").write_text(_page("Simple index", links), encoding="utf-8")
    for project, names in projects.items():
        rows = []
        for name in names:
            digest = hashlib.sha256((root / "files" / name).read_bytes()).hexdigest()
            href = html.escape(f"../../files/{name}#sha256={digest}")
            rows.append(f'<a href="{href}">{html.escape(name)}</a><br>\n')
        (simple / project).mkdir(exist_ok=True)
        page = _page(f"Links for {project}", "".join(rows))
        (simple / project / "index.html").write_text(page, encoding="utf-8")
    return projects


def _page(title: str, body: str) -> str:
    return (
        '<!DOCTYPE html>\n<html><head><meta name="pypi:repository-version" content="1.0">'
        f"<title>{title}</title></head><body>\n{body}</body></html>\n"
    )


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def serve(root: Path) -> Iterator[str]:
    """Serve `root` on a free 127.0.0.1 port while the block runs; yield the index URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_QuietHandler, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/simple/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
