"""The `_idx` session cookie: found in a request and written as Set-Cookie, as Node does.

Reading follows Node's `_get-idx.js` plus jshttp/cookie 1.1.1's `parse`; writing follows
cookie 1.1.1's `serialize` with the options of Node's two session providers. Neither
uses `http.cookies.SimpleCookie`: it stops at the first cookie it cannot tokenize (so a
JSON-valued neighbour loses the session) and quotes values Node then cannot read.
"""

from __future__ import annotations

import math
import re
import time
from collections.abc import Mapping
from typing import Any

from arc_core import ConfigError, is_deployed

from ._env import Settings
from ._js import JS_WHITESPACE, string_to_number

__all__ = ["DEFAULT_MAX_AGE", "cookie_value", "set_cookie"]

# Node's `twentyFiveYears = 7.884e+8` (src/http/session/providers/jwe.js and ddb/index.js).
DEFAULT_MAX_AGE = "788400000"
# Node's `sameSite = ARC_SESSION_SAME_SITE || 'lax'`, spelled as cookie 1.1.1 writes it.
_SAME_SITE = {"lax": "Lax", "strict": "Strict", "none": "None"}
# cookie 1.1.1's domainValueRegExp; re.ASCII keeps `[a-z]` from matching U+017F or U+212A.
_DOMAIN = re.compile(
    r"([.]?[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)([.][a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*",
    re.ASCII | re.IGNORECASE,
)
# The largest time a JavaScript Date holds (ECMA-262 TimeClip); beyond it serialize throws.
_MAX_DATE_MS = 8_640_000_000_000_000
# `%XX` runs that decodeURIComponent turns into UTF-8 text, and a `%` that makes it throw.
_ESCAPES = re.compile(r"(?:%[0-9A-Fa-f]{2})+")
_STRAY_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")
_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

# The attributes around Expires, by the settings they come from: parsed once per process.
_attributes: dict[tuple[str | None, ...], tuple[str, int, str]] = {}
# The last Expires written, by its second: a busy function writes the same one many times.
_last_date: tuple[int | None, str] = (None, "")


def cookie_value(req: Mapping[str, Any]) -> str | None:
    """Return the value of the request's last `_idx` cookie, or None when it has none.

    The Cookie header wins (`cookie`, then `Cookie`); an HTTP API v2 request without one
    uses its `cookies` array. Every other cookie is ignored, however malformed.
    """
    headers = req.get("headers")
    raw: Any = None
    if type(headers) is dict or isinstance(headers, Mapping):
        raw = headers.get("cookie") or headers.get("Cookie")
    if not raw:
        cookies = req.get("cookies")
        if isinstance(cookies, list):
            raw = ";".join(item for item in cookies if isinstance(item, str))
    if not isinstance(raw, str) or "_idx=" not in raw:
        return None
    for part in reversed(raw.split(";")):
        part = part.strip(JS_WHITESPACE)
        if part.startswith("_idx="):
            value = part[5:].strip(" \t")
            return _decode_uri_component(value) if "%" in value else value
    return None


def _decode_uri_component(value: str) -> str:
    """decodeURIComponent, keeping the raw text where it would throw (as cookie 1.1.1 does)."""
    if _STRAY_PERCENT.search(value):
        return value
    try:
        return _ESCAPES.sub(lambda run: bytes.fromhex(run[0].replace("%", "")).decode(), value)
    except UnicodeDecodeError:
        return value


def set_cookie(encoded_value: str, settings: Settings) -> str:
    """Return the Set-Cookie value for `_idx=<encoded_value>`, attribute for attribute Node's.

    `_idx=<v>; Max-Age=N; [Domain=d; ]Path=/; Expires=<HTTP date>; HttpOnly; [Secure; ]
    SameSite=Lax`. The value must already be URI-encoded. Raises `ConfigError` when
    `ARC_SESSION_TTL`, `ARC_SESSION_DOMAIN` or `ARC_SESSION_SAME_SITE` is invalid.
    """
    global _last_date
    ttl = settings.ttl or settings.legacy_ttl
    key = (ttl, settings.domain or settings.legacy_domain, settings.same_site, settings.env)
    found = _attributes.get(key)
    if found is None:
        found = _attributes[key] = _parse_attributes(*key[:3])
    head, max_age_ms, tail = found
    expires_ms = time.time_ns() // 1_000_000 + max_age_ms
    if abs(expires_ms) > _MAX_DATE_MS:
        raise ConfigError(
            f"ARC_SESSION_TTL is {ttl!r}: the cookie would expire beyond the last "
            "date a browser can hold; use a number of seconds under 8640000000000"
        )
    seconds = expires_ms // 1000
    if _last_date[0] != seconds:
        _last_date = (seconds, http_date(seconds))
    return f"_idx={encoded_value}{head}{_last_date[1]}{tail}"


def _parse_attributes(
    ttl: str | None, domain: str | None, same_site: str | None
) -> tuple[str, int, str]:
    max_age = string_to_number(ttl or DEFAULT_MAX_AGE)
    if not (math.isfinite(max_age) and max_age.is_integer()):
        raise ConfigError(
            f"ARC_SESSION_TTL (or SESSION_TTL) is {ttl!r}: set it to a whole number of "
            "seconds for the session cookie's Max-Age (Node: option maxAge is invalid)"
        )
    seconds = int(max_age)
    head = f"; Max-Age={seconds}"
    if domain is not None:
        if not _DOMAIN.fullmatch(domain):
            raise ConfigError(
                f"ARC_SESSION_DOMAIN (or SESSION_DOMAIN) is {domain!r}: set it to a host name "
                "such as example.com or .example.com (Node: option domain is invalid)"
            )
        head += f"; Domain={domain}"
    head += "; Path=/; Expires="
    spelled = _SAME_SITE.get((same_site or "lax").lower())
    if spelled is None:
        raise ConfigError(
            f"ARC_SESSION_SAME_SITE is {same_site!r}: set it to lax, strict or none "
            "(Node: option sameSite is invalid)"
        )
    # Node drops Secure only when ARC_ENV is exactly `testing` (unset is backfilled to it);
    # is_deployed() also refuses an ARC_ENV Node would have refused on import.
    secure = "; Secure" if is_deployed() else ""
    return head, seconds * 1000, f"; HttpOnly{secure}; SameSite={spelled}"


def http_date(seconds: int) -> str:
    """JavaScript's `Date.prototype.toUTCString()` for seconds since the epoch.

    Years past 9999 and before 1 are written as JavaScript does (`-0001`, `275760`),
    which `time.strftime` cannot.

    >>> http_date(0)
    'Thu, 01 Jan 1970 00:00:00 GMT'
    """
    days, rest = divmod(seconds, 86400)
    year, month, day = _civil_from_days(days)
    hour, rest = divmod(rest, 3600)
    minute, second = divmod(rest, 60)
    spelled_year = f"{year:04d}" if year >= 0 else f"-{-year:04d}"
    return (
        f"{_DAYS[(days + 3) % 7]}, {day:02d} {_MONTHS[month - 1]} {spelled_year} "
        f"{hour:02d}:{minute:02d}:{second:02d} GMT"
    )


def _civil_from_days(days: int) -> tuple[int, int, int]:
    """Proleptic Gregorian (year, month, day) of a day count from 1970-01-01.

    Howard Hinnant's `civil_from_days`, exact for any integer, unlike `datetime`.
    """
    days += 719468
    era = days // 146097
    day_of_era = days - era * 146097
    year_of_era = (
        day_of_era - day_of_era // 1460 + day_of_era // 36524 - day_of_era // 146096
    ) // 365
    day_of_year = day_of_era - (365 * year_of_era + year_of_era // 4 - year_of_era // 100)
    shifted_month = (5 * day_of_year + 2) // 153
    day = day_of_year - (153 * shifted_month + 2) // 5 + 1
    month = shifted_month + 3 if shifted_month < 10 else shifted_month - 9
    year = year_of_era + era * 400 + (month <= 2)
    return year, month, day
