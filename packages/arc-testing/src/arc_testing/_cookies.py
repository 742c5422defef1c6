"""The cookie jar of a `Client`: Set-Cookie lines in, a Cookie header's pairs out.

Browser rules, as far as one host needs them (RFC 6265): `Max-Age` wins over `Expires`,
either in the past deletes the cookie, `Path` limits which requests get it (the default
path is the request's folder). Domain, Secure, HttpOnly and SameSite do not apply to a
client that talks to one app. Values are kept and sent back byte for byte as they came,
as browsers do: nothing is unquoted or URL-decoded.
"""

from __future__ import annotations

import time
from collections.abc import Iterator, MutableMapping
from dataclasses import dataclass
from email.utils import parsedate_to_datetime

__all__ = ["Cookies", "parse_set_cookie"]


@dataclass(frozen=True)
class SetCookie:
    """One Set-Cookie line, parsed: `expires` is an epoch time, None for a session cookie."""

    name: str
    value: str
    path: str | None
    expires: float | None


def parse_set_cookie(line: str, now: float) -> SetCookie | None:
    """The cookie a Set-Cookie line sets, or None for a line a browser ignores (no name)."""
    pair, *attributes = line.split(";")
    name, equals, value = pair.partition("=")
    name, value = name.strip(), value.strip()
    if not equals or not name:
        return None
    path: str | None = None
    expires: float | None = None
    max_age: float | None = None
    for attribute in attributes:
        key, _, argument = attribute.partition("=")
        key, argument = key.strip().lower(), argument.strip()
        if key == "max-age":
            try:
                seconds = int(argument)
            except ValueError:
                continue  # RFC 6265 5.2.2: a malformed Max-Age is ignored
            max_age = now + seconds if seconds > 0 else 0.0
        elif key == "expires":
            try:
                expires = parsedate_to_datetime(argument).timestamp()
            except (TypeError, ValueError, IndexError, OverflowError):
                continue
        elif key == "path":
            path = argument if argument.startswith("/") else None
    return SetCookie(name, value, path, max_age if max_age is not None else expires)


def default_path(request_path: str) -> str:
    """RFC 6265 5.1.4: the request path up to its last `/`, or `/`."""
    if not request_path.startswith("/") or request_path.count("/") == 1:
        return "/"
    return request_path[: request_path.rindex("/")]


def path_matches(request_path: str, cookie_path: str) -> bool:
    """RFC 6265 5.1.4: whether a cookie of `cookie_path` goes with a request for `request_path`."""
    if request_path == cookie_path:
        return True
    return request_path.startswith(cookie_path) and (
        cookie_path.endswith("/") or request_path[len(cookie_path)] == "/"
    )


@dataclass(frozen=True)
class _Stored:
    value: str
    expires: float | None


class Cookies(MutableMapping[str, str]):
    """A client's cookies: `name -> value` of each cookie it holds now.

    Filled from the Set-Cookie lines of each response and sent with the next requests
    whose path matches. Set one by hand (`client.cookies["theme"] = "dark"`, path `/`),
    delete one (`del client.cookies["_idx"]`) or all (`client.cookies.clear()`). Pass the
    same jar to several `Client`s (`Client(other, cookies=client.cookies)`) and they share
    a session, like two tabs of one browser.
    """

    def __init__(self) -> None:
        # By (name, path), in the order first set: a browser sends older cookies first.
        self._jar: dict[tuple[str, str], _Stored] = {}

    def store(self, line: str, request_path: str) -> SetCookie | None:
        """Apply one Set-Cookie line of a response to `request_path`; return what it set."""
        now = time.time()
        cookie = parse_set_cookie(line, now)
        if cookie is None:
            return None
        key = (cookie.name, cookie.path or default_path(request_path))
        if cookie.expires is not None and cookie.expires <= now:
            self._jar.pop(key, None)
        else:
            self._jar[key] = _Stored(cookie.value, cookie.expires)
        return cookie

    def for_path(self, request_path: str) -> dict[str, str]:
        """The cookies a browser sends with a request for `request_path`, by name.

        Longer paths first (RFC 6265 5.4): of two cookies with one name, the one of the
        more specific path is sent.
        """
        self._forget_expired()
        found: dict[str, str] = {}
        keys = sorted(self._jar, key=lambda key: -len(key[1]))
        for name, path in keys:
            if path_matches(request_path, path):
                found.setdefault(name, self._jar[name, path].value)
        return found

    def _forget_expired(self) -> None:
        now = time.time()
        for key in [k for k, v in self._jar.items() if v.expires is not None and v.expires <= now]:
            del self._jar[key]

    def __getitem__(self, name: str) -> str:
        self._forget_expired()
        for (found, _), stored in self._jar.items():
            if found == name:
                return stored.value
        raise KeyError(name)

    def __setitem__(self, name: str, value: str) -> None:
        self._jar[name, "/"] = _Stored(value, None)

    def __delitem__(self, name: str) -> None:
        keys = [key for key in self._jar if key[0] == name]
        if not keys:
            raise KeyError(name)
        for key in keys:
            del self._jar[key]

    def __iter__(self) -> Iterator[str]:
        self._forget_expired()
        return iter(dict.fromkeys(name for name, _ in self._jar))

    def __len__(self) -> int:
        return len(list(iter(self)))

    def __repr__(self) -> str:
        return f"<Cookies {dict(self)!r}>"
