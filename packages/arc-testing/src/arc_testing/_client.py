"""`Client`: call an HTTP handler in-process as API Gateway would, with a browser's cookies.

Each request is a fresh event from `arc_testing.events.http`, in the client's API mode;
the handler's return value is read as API Gateway reads it (payload 2.0 for HTTP APIs,
1.0 for REST APIs and `http-v1`) into a `Response` whose body is already base64-,
gzip- or br-decoded. Set-Cookie lines go into the client's cookie jar and come back with
the next requests, so a JWE or DynamoDB session lasts across calls as in a browser.
"""

from __future__ import annotations

import base64
import importlib.util
import itertools
import json as json_module
import os
import sys
import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from importlib import import_module
from pathlib import Path
from typing import Any, TypedDict, get_args

from arc_core import MissingDependencyError, ResponseError

from ._cookies import Cookies
from ._events_common import Query
from ._events_http import Api

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing_extensions import Unpack

__all__ = ["API_MODES", "Client", "Handler", "Headers", "RequestOptions", "Response"]

# A Lambda handler: `handler(event, context)`.
Handler = Callable[[Any, Any], Any]
# The API modes of `events.http`: HTTP API payload 2.0, HTTP API payload 1.0, REST API.
API_MODES: tuple[str, ...] = get_args(Api)
# The files the sandbox looks for in a Python function's folder, in its order
# (@architect/inventory src/config/pragmas/populate-lambda/get-handler.js).
HANDLER_FILES = ("lambda.py", "handler.py", "index.py")
# Memory the sandbox reports in its context (Architect's default function size).
_MEMORY_MB = 1152
_loaded = itertools.count(1)


class RequestOptions(TypedDict, total=False):
    """The keywords of `Client.request` and its verbs, as `arc_testing.events.http` takes them."""

    query: Query | None
    headers: Mapping[str, str] | None
    cookies: Mapping[str, str] | None
    body: str | bytes | None
    json: Any
    form: Query | None
    route: str | None
    path_params: Mapping[str, str] | None


class Headers(Mapping[str, str]):
    """Response headers, case-insensitive: `headers["Content-Type"]` is `headers["content-type"]`.

    A header sent more than once (Set-Cookie) reads as its values joined by `, `; `get_list`
    gives them one by one.
    """

    def __init__(self, pairs: Sequence[tuple[str, str]] = ()) -> None:
        self._pairs = list(pairs)

    def get_list(self, name: str) -> list[str]:
        """Every value of `name`, in order (`[]` when absent)."""
        wanted = name.lower()
        return [value for key, value in self._pairs if key.lower() == wanted]

    def items_list(self) -> list[tuple[str, str]]:
        """Every header line as `(name, value)`, repeated names included, as received."""
        return list(self._pairs)

    def __getitem__(self, name: str) -> str:
        values = self.get_list(name)
        if not values:
            raise KeyError(name)
        return ", ".join(values)

    def __iter__(self) -> Iterator[str]:
        return iter(dict.fromkeys(key.lower() for key, _ in self._pairs))

    def __len__(self) -> int:
        return len(dict.fromkeys(key.lower() for key, _ in self._pairs))

    def __repr__(self) -> str:
        return f"Headers({self._pairs!r})"


class Response:
    """An HTTP response as the browser gets it.

    - `status`: the status code;
    - `headers`: case-insensitive `Headers` (Set-Cookie lines included, also those of an
      HTTP API's `cookies` list);
    - `cookies`: `name -> value` of each cookie this response sets (a deletion included,
      with the value it carries, usually empty);
    - `body`: bytes, already base64-decoded and decompressed (gzip, br, deflate); the
      Content-Encoding header stays as it was sent;
    - `text`: the body decoded with the Content-Type's charset (UTF-8 by default);
    - `json()`: the body decoded from JSON;
    - `result`: what the handler returned, as it returned it (None over HTTP).
    """

    def __init__(self, status: int, headers: Headers, body: bytes, *, result: Any = None) -> None:
        self.status = status
        """The status code."""
        self.headers = headers
        """The headers, case-insensitive (`get_list` for a repeated one)."""
        self.body = body
        """The body: bytes, base64-decoded and decompressed."""
        self.result = result
        """What the handler returned, as it returned it (None over HTTP)."""

    @property
    def cookies(self) -> dict[str, str]:
        """The cookies this response sets, by name (values as sent, not decoded)."""
        found = {}
        for line in self.headers.get_list("set-cookie"):
            name, equals, value = line.split(";", 1)[0].partition("=")
            if equals and name.strip():
                found[name.strip()] = value.strip()
        return found

    @property
    def text(self) -> str:
        """The body as text, in the charset its Content-Type names (UTF-8 by default)."""
        return self.body.decode(self.charset, errors="replace")

    @property
    def charset(self) -> str:
        """The Content-Type's charset (`utf8` is read as UTF-8), else `utf-8`."""
        for part in self.headers.get("content-type", "").split(";")[1:]:
            key, _, value = part.partition("=")
            if key.strip().lower() == "charset" and value.strip():
                name = value.strip().strip('"')
                return name if _known(name) else "utf-8"
        return "utf-8"

    def json(self) -> Any:
        """The body decoded from JSON; `ValueError` when it is not JSON."""
        return json_module.loads(self.body)

    def __repr__(self) -> str:
        kind = self.headers.get("content-type", "no content-type")
        return f"<Response {self.status} {kind}, {len(self.body)} bytes>"


def _known(charset: str) -> bool:
    import codecs

    try:
        codecs.lookup(charset)
    except LookupError:
        return False
    return True


def decompress(body: bytes, encoding: str) -> bytes:
    """`body` decoded from its Content-Encoding (gzip, br, deflate; anything else as is).

    Raises `MissingDependencyError` for br without the `brotli` package
    (`pip install 'arc-testing[brotli]'`).
    """
    for coding in reversed([part.strip().lower() for part in encoding.split(",")]):
        if coding in ("gzip", "x-gzip"):
            import gzip

            body = gzip.decompress(body)
        elif coding == "br":
            try:
                brotli = import_module("brotli")
            except ImportError as err:
                raise MissingDependencyError(
                    "the response is br-compressed and the brotli package is not installed: "
                    "pip install 'arc-testing[brotli]'"
                ) from err
            body = brotli.decompress(body)
        elif coding == "deflate":
            import zlib

            body = zlib.decompress(body)
    return body


def _text(value: Any, where: str) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    raise ResponseError(
        f"{where} is {type(value).__name__}, not a str: API Gateway would answer 502"
    )


def response_from_result(result: Any, api: str) -> Response:
    """Read a handler's return value as API Gateway does in the `api` mode.

    An HTTP API (payload 2.0) takes `None` as a `null` JSON body and a value without
    `statusCode` as a JSON body of status 200; a REST API (and payload 1.0) needs a
    `statusCode`. Raises `ResponseError` for what API Gateway would turn into a 502.
    """
    v2 = api == "http"
    if v2 and not (isinstance(result, dict) and "statusCode" in result):
        # API Gateway's guess for a payload 2.0 result that is not a response object.
        if isinstance(result, str):
            text = result
        else:
            try:
                text = json_module.dumps(result, separators=(",", ":"))
            except (TypeError, ValueError) as err:
                raise ResponseError(
                    f"the handler returned {type(result).__name__}, which is neither a "
                    f"response nor JSON ({err}): API Gateway would answer 502"
                ) from err
        pairs = [("content-type", "application/json")]
        return Response(200, Headers(pairs), text.encode(), result=result)
    if not isinstance(result, dict):
        raise ResponseError(
            f"the handler returned {type(result).__name__}: a {api} API needs a dict with a "
            "statusCode, or API Gateway answers 502"
        )
    if "statusCode" not in result:
        raise ResponseError(
            f"the handler's response has no statusCode: a {api} API needs one, or API "
            "Gateway answers 502"
        )
    status = result.get("statusCode")
    if not isinstance(status, int) or isinstance(status, bool):
        raise ResponseError(f"statusCode is {status!r}, not an int: API Gateway would answer 502")
    pairs = _header_pairs(result, v2)
    body_value = result.get("body")
    if body_value is None:
        body_value = ""
    body_text = _text(body_value, "body")
    encoded = result.get("isBase64Encoded", False)
    if not isinstance(encoded, bool):
        raise ResponseError(f"isBase64Encoded is {encoded!r}, not a bool: API Gateway answers 502")
    body = base64.b64decode(body_text) if encoded else body_text.encode()
    encoding = ", ".join(value for key, value in pairs if key.lower() == "content-encoding")
    return Response(status, Headers(pairs), decompress(body, encoding), result=result)


def _header_pairs(result: Mapping[str, Any], v2: bool) -> list[tuple[str, str]]:
    """The header lines of a response object: `headers`, then `multiValueHeaders` (1.0) or
    `cookies` (2.0) as Set-Cookie lines."""
    headers = result.get("headers") or {}
    if not isinstance(headers, dict):
        raise ResponseError("headers must be a dict: API Gateway would answer 502")
    multi = {} if v2 else (result.get("multiValueHeaders") or {})
    if not isinstance(multi, dict):
        raise ResponseError("multiValueHeaders must be a dict: API Gateway would answer 502")
    # API Gateway merges both; a name in multiValueHeaders takes its values from there.
    replaced = {name.lower() for name in multi}
    pairs = [
        (name, _text(value, f"headers[{name!r}]"))
        for name, value in headers.items()
        if name.lower() not in replaced
    ]
    for name, values in multi.items():
        if not isinstance(values, list):
            raise ResponseError(f"multiValueHeaders[{name!r}] must be a list of values")
        pairs += [(name, _text(value, f"multiValueHeaders[{name!r}]")) for value in values]
    if v2:
        cookies = result.get("cookies") or []
        if not isinstance(cookies, list):
            raise ResponseError("cookies must be a list of Set-Cookie strings: 502")
        pairs += [("set-cookie", _text(line, "a cookie")) for line in cookies]
    return pairs


def load_handler(path: str | os.PathLike[str]) -> Handler:
    """The `handler` of a Python function: a folder (its lambda.py, handler.py or index.py,
    the first found, as the sandbox picks) or a .py file.

    The module is loaded afresh, under a name of its own, with its folder and its
    `vendor/` first on `sys.path` while it loads, as in the sandbox: sibling modules and
    hydrated dependencies import. Modules loaded from the folder are then forgotten by
    name, so the `helpers.py` of another function is that function's own. Raises
    `FileNotFoundError` when there is no handler file, `AttributeError` when it defines
    no `handler`.
    """
    where = Path(path).resolve()
    if where.is_dir():
        found = next((where / name for name in HANDLER_FILES if (where / name).is_file()), None)
        if found is None:
            raise FileNotFoundError(f"no {', '.join(HANDLER_FILES)} in {where}")
        where = found
    elif not where.is_file():
        raise FileNotFoundError(f"no handler file or function folder at {where}")
    folder = where.parent
    slug = "".join(char if char.isalnum() else "_" for char in folder.name)
    name = f"arc_testing_handlers.{slug}_{next(_loaded)}"
    spec = importlib.util.spec_from_file_location(name, where)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load {where} as a Python module")
    module = importlib.util.module_from_spec(spec)
    before = set(sys.modules)
    sys.modules[name] = module
    search = [str(folder), str(folder / "vendor")]
    sys.path[:0] = search
    try:
        spec.loader.exec_module(module)
    except BaseException:
        del sys.modules[name]
        raise
    finally:
        for entry in search:
            sys.path.remove(entry)
        _forget_modules_in(folder, set(sys.modules) - before - {name})
    handler = getattr(module, "handler", None)
    if not callable(handler):
        raise AttributeError(f"{where} defines no function `handler`")
    loaded: Handler = handler
    return loaded


def _forget_modules_in(folder: Path, names: set[str]) -> None:
    """Drop from `sys.modules` those of `names` whose file is inside `folder`."""
    for module_name in names:
        file = getattr(sys.modules.get(module_name), "__file__", None)
        if file and Path(file).resolve().is_relative_to(folder):
            del sys.modules[module_name]


def sandbox_context(function_name: str) -> dict[str, Any]:
    """A context as the Architect sandbox passes it to a Python handler: a dict."""
    return {
        "aws_request_id": str(uuid.uuid4()),
        "function_name": function_name,
        "function_version": "$LATEST",
        "invoked_function_arn": "sandbox",
        "memory_limit_in_mb": _MEMORY_MB,
    }


class Browser:
    """What a client that keeps cookies like a browser has: `request` and one method per verb.

    Subclasses set `cookies` (the jar) and say how one request is exchanged
    (`_exchange`): in-process for `Client`, over HTTP for the sandbox's client.
    """

    cookies: Cookies

    def _exchange(
        self, method: str, path: str, options: RequestOptions, cookies: dict[str, str]
    ) -> Response:
        raise NotImplementedError

    def request(self, method: str, path: str = "/", **options: Unpack[RequestOptions]) -> Response:
        """Send one `method` request for `path` (which may carry a `?query`): a `Response`.

        The jar's cookies for the path go with it (plus `cookies=`, for this request
        only), and the response's Set-Cookie lines update the jar.
        """
        bare = path.split("?", 1)[0] or "/"
        cookies = {**self.cookies.for_path(bare), **(options.get("cookies") or {})}
        response = self._exchange(method.upper(), path, options, cookies)
        for line in response.headers.get_list("set-cookie"):
            self.cookies.store(line, bare)
        return response

    def get(self, path: str = "/", **options: Unpack[RequestOptions]) -> Response:
        """A GET request; the keywords of `request`."""
        return self.request("GET", path, **options)

    def post(self, path: str = "/", **options: Unpack[RequestOptions]) -> Response:
        """A POST request; the keywords of `request`."""
        return self.request("POST", path, **options)

    def put(self, path: str = "/", **options: Unpack[RequestOptions]) -> Response:
        """A PUT request; the keywords of `request`."""
        return self.request("PUT", path, **options)

    def patch(self, path: str = "/", **options: Unpack[RequestOptions]) -> Response:
        """A PATCH request; the keywords of `request`."""
        return self.request("PATCH", path, **options)

    def delete(self, path: str = "/", **options: Unpack[RequestOptions]) -> Response:
        """A DELETE request; the keywords of `request`."""
        return self.request("DELETE", path, **options)


class Client(Browser):
    """Calls one HTTP handler in-process, as API Gateway would, and keeps cookies like a browser.

    `handler` is the function (`handler(event, context)`) or the path of a function's
    folder or file (`"src/http/get-index"`), loaded as the sandbox loads it. `api` is
    the API mode of the events: `"http"` (HTTP API, payload 2.0, Architect's default),
    `"http-v1"` (HTTP API, payload 1.0) or `"rest"` (REST API). `context` is passed to
    the handler as it is; by default each call gets a fresh dict shaped like the
    sandbox's. `cookies` is a jar to share with another client (default: a new one).

    `.get/.post/.put/.patch/.delete(path, ...)` and `.request(method, path, ...)` take
    the keywords of `arc_testing.events.http` (`query`, `headers`, `cookies`, `body`,
    `json`, `form`, `route`, `path_params`), call the handler with a fresh event and
    return a `Response`. The jar's cookies for the path are sent (a `cookies=` given to
    one call is added for that call only), and the response's Set-Cookie lines update
    the jar (`Max-Age=0` or a past `Expires` deletes). Redirects are not followed: a
    client wraps one handler.

    >>> client = Client(handler)  # doctest: +SKIP
    >>> client.get("/count/jwe", route="/count/:provider").json()  # doctest: +SKIP
    {'count': 1}
    """

    def __init__(
        self,
        handler: Handler | str | os.PathLike[str],
        *,
        api: Api = "http",
        context: Any = None,
        cookies: Cookies | None = None,
    ) -> None:
        if api not in API_MODES:
            raise ValueError(f"api is one of {', '.join(API_MODES)}, not {api!r}")
        self.handler: Handler = (
            load_handler(handler) if isinstance(handler, (str, os.PathLike)) else handler
        )
        """The handler called, loaded when a path was given."""
        self.api = api
        """The API mode of the events: `http`, `http-v1` or `rest`."""
        self.context = context
        """The context given, or None: a fresh sandbox-shaped dict per call."""
        self.cookies = Cookies() if cookies is None else cookies
        """The cookie jar: a mutable mapping of name to value (`Cookies`)."""

    def invoke(self, event: Any) -> Any:
        """Call the handler with `event` (any event: `events.sqs(...)`, `events.ws(...)`, ...)
        and return what it returns, as it returns it."""
        return self.handler(event, self._context())

    def _context(self) -> Any:
        if self.context is not None:
            return self.context
        name = getattr(self.handler, "__module__", None) or "handler"
        return sandbox_context(f"arc-testing {name}")

    def _exchange(
        self, method: str, path: str, options: RequestOptions, cookies: dict[str, str]
    ) -> Response:
        from . import events

        event = events.http(
            method,
            path,
            query=options.get("query"),
            headers=options.get("headers"),
            cookies=cookies or None,
            body=options.get("body"),
            json=options.get("json"),
            form=options.get("form"),
            route=options.get("route"),
            path_params=options.get("path_params"),
            api=self.api,
        )
        return response_from_result(self.invoke(event), self.api)

    def __repr__(self) -> str:
        name = getattr(self.handler, "__module__", "?")
        return f"<Client {self.api} {name}>"
