"""A small HTTP client that keeps cookies between requests, as a browser does."""

from __future__ import annotations

import http.client
import json
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Browser", "Reply"]

TIMEOUT_SECONDS = 30.0


@dataclass(frozen=True)
class Reply:
    """One HTTP response: status, headers (in order, repeats kept) and the raw body."""

    status: int
    headers: list[tuple[str, str]]
    body: bytes

    def header(self, name: str) -> str | None:
        """The value of the header `name` (any case); None when absent."""
        values = self.all(name)
        return values[0] if values else None

    def all(self, name: str) -> list[str]:
        """Every value of the header `name` (any case), e.g. each `Set-Cookie`."""
        return [value for key, value in self.headers if key.lower() == name.lower()]

    @property
    def text(self) -> str:
        return self.body.decode()

    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class Browser:
    """Sends requests to one origin and keeps the cookies it is given, by name.

    It sends back the `name=value` of every cookie it was given, as a browser does for
    the `Path=/` cookies of one host (the only kind this app sets).
    """

    host: str
    port: int
    cookies: dict[str, str] = field(default_factory=dict)

    def request(
        self,
        method: str,
        path: str,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> Reply:
        sent = dict(headers or {})
        if self.cookies:
            sent["cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        connection = http.client.HTTPConnection(self.host, self.port, timeout=TIMEOUT_SECONDS)
        try:
            connection.request(method, path, body=body, headers=sent)
            response = connection.getresponse()
            reply = Reply(response.status, response.getheaders(), response.read())
        finally:
            connection.close()
        for set_cookie in reply.all("set-cookie"):
            self._keep(set_cookie)
        return reply

    def _keep(self, set_cookie: str) -> None:
        name, _, value = set_cookie.partition(";")[0].strip().partition("=")
        self.cookies[name] = value

    def get(self, path: str, headers: dict[str, str] | None = None) -> Reply:
        return self.request("GET", path, headers=headers)

    def post(self, path: str, body: bytes, content_type: str) -> Reply:
        return self.request("POST", path, body=body, headers={"content-type": content_type})

    def post_json(self, path: str, value: Any) -> Reply:
        return self.post(path, json.dumps(value).encode(), "application/json")
