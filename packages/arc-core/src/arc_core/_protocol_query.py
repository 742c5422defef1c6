"""The AWS Query protocol of SNS: form-encoded requests, XML replies.

Replies are small and regular, so they are read with a few string searches rather than
an XML library: importing `xml.etree` would cost a cold Lambda more than the call.
"""

from __future__ import annotations

from urllib.parse import quote

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping
    from typing import Any

    from ._connections import Reply

__all__ = ["build", "error", "result"]

# The API version SNS's Query protocol names in every request.
SNS_VERSION = "2010-03-31"
# Reply fields botocore reads as booleans; every other leaf stays a str.
_BOOLEANS = frozenset({"SenderFault"})
# Reply fields botocore reads as lists, even when empty (`<Failed/>`).
_LISTS = frozenset({"Successful", "Failed"})
# Parameters SNS models as maps: `X.entry.N.Name` / `X.entry.N.Value...`.
_MAPS = frozenset({"MessageAttributes", "Attributes", "Tags"})


def _flatten(prefix: str, value: Any, into: list[tuple[str, str]]) -> None:
    if isinstance(value, dict):
        if prefix.rsplit(".", 1)[-1] in _MAPS:
            for index, (key, member) in enumerate(value.items(), 1):
                into.append((f"{prefix}.entry.{index}.Name", str(key)))
                _flatten(f"{prefix}.entry.{index}.Value", member, into)
        else:
            for key, member in value.items():
                _flatten(f"{prefix}.{key}" if prefix else key, member, into)
    elif isinstance(value, (list, tuple)):
        for index, member in enumerate(value, 1):
            _flatten(f"{prefix}.member.{index}", member, into)
    elif isinstance(value, bool):
        into.append((prefix, "true" if value else "false"))
    elif isinstance(value, (bytes, bytearray)):
        import base64

        into.append((prefix, base64.b64encode(value).decode()))
    else:
        into.append((prefix, str(value)))


def _form(text: str) -> str:
    # botocore's urlencode: space as `+`, everything but unreserved characters escaped.
    return quote(text, safe="-_.~ ", encoding="utf-8", errors="surrogatepass").replace(" ", "+")


def build(
    service: str, operation: str, params: Mapping[str, Any]
) -> tuple[str, str, dict[str, str], bytes]:
    """Method, path, headers and body of one Query call."""
    fields: list[tuple[str, str]] = [("Action", operation), ("Version", SNS_VERSION)]
    _flatten("", dict(params), fields)
    body = "&".join(f"{_form(key)}={_form(value)}" for key, value in fields).encode()
    headers = {"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"}
    return "POST", "/", headers, body


def _unescape(text: str) -> str:
    if "&" not in text:
        return text
    import html

    return html.unescape(text)


def _value(children: list[tuple[str, Any]], text: str) -> Any:
    """An element's value: its text, a list of `member`s, or a dict of its children."""
    if not children:
        return _unescape(text)
    if all(name == "member" for name, _ in children):
        return [value for _, value in children]
    parsed: dict[str, Any] = {}
    for name, value in children:
        if name in _BOOLEANS:
            value = value == "true"
        elif name in _LISTS and not isinstance(value, list):
            value = []
        parsed[name] = value
    return parsed


def parse_xml(xml: str) -> Any:
    """A Query reply as nested dicts, `member` lists as lists, leaves as str.

    Raises `ValueError` for text that is not well-formed (a tag left open or unclosed).

    >>> parse_xml("<R><A><member><Id>1</Id></member></A><B>x &amp; y</B></R>")
    {'R': {'A': [{'Id': '1'}], 'B': 'x & y'}}
    """
    # Each open element: its name, the children read so far, where its content starts.
    stack: list[tuple[str, list[tuple[str, Any]], int]] = [("", [], 0)]
    position = 0
    while (opening := xml.find("<", position)) >= 0:
        closing = xml.find(">", opening)
        if closing < 0:
            raise ValueError("an XML tag is not closed")
        tag = xml[opening + 1 : closing]
        position = closing + 1
        if tag.startswith(("?", "!")):
            continue
        if tag.startswith("/"):
            if len(stack) == 1 or stack[-1][0] != tag[1:].strip():
                raise ValueError(f"</{tag[1:]}> closes no open element")
            name, children, start = stack.pop()
            stack[-1][1].append((name, _value(children, xml[start:opening])))
        elif tag.endswith("/"):
            stack[-1][1].append(((tag[:-1].split() or [""])[0], ""))
        else:
            stack.append(((tag.split() or [""])[0], [], position))
    if len(stack) != 1:
        raise ValueError(f"<{stack[-1][0]}> is never closed")
    return _value(stack[0][1], "")


def result(service: str, operation: str, reply: Reply) -> dict[str, Any]:
    """The `<Operation>Result` of a reply, as botocore shapes it."""
    document = parse_xml(reply.body.decode("utf-8", "replace"))
    wrapper = document.get(f"{operation}Response", {}) if isinstance(document, dict) else {}
    found = wrapper.get(f"{operation}Result", {}) if isinstance(wrapper, dict) else {}
    return found if isinstance(found, dict) else {}


def error(service: str, reply: Reply) -> dict[str, Any]:
    """botocore's `Error` of a failed call: `Type`, `Code`, `Message`."""
    try:
        document = parse_xml(reply.body.decode("utf-8", "replace"))
        found = document["ErrorResponse"]["Error"]
    except (KeyError, TypeError, ValueError):
        found = None
    if not isinstance(found, dict):
        return {"Code": str(reply.status), "Message": reply.body[:200].decode("utf-8", "replace")}
    return {
        key: str(found[key]) if isinstance(found.get(key), str) else ""
        for key in ("Type", "Code", "Message")
    }
