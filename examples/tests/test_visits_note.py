"""The note form of GET /visits, accepted by POST /visits/note with this session's CSRF token."""

from __future__ import annotations

import re
from pathlib import Path

from arc_testing import Client
from arc_testing.plugin import ClientFactory

HTTP = Path(__file__).resolve().parents[1] / "src" / "http"
TOKEN = re.compile(r'name="_csrf" value="([^"]+)"')
NOTE = re.compile(r'<em id="note">(.*?)</em>')


def token_of(page: str) -> str:
    found = TOKEN.search(page)
    assert found is not None, page
    return found[1]


def test_a_note_sent_with_the_pages_token_is_kept_in_the_session(
    arc_client: ClientFactory,
) -> None:
    visits = arc_client(HTTP / "get-visits")
    note = arc_client(HTTP / "post-visits-note")
    page = visits.get("/visits")
    assert NOTE.findall(page.text) == ["(none)"]
    reply = note.post("/visits/note", form={"_csrf": token_of(page.text), "note": "hi <b>"})
    assert reply.status == 303
    assert reply.headers["location"] == "/visits"
    assert NOTE.findall(visits.get("/visits").text) == ["hi &lt;b&gt;"]


def test_a_note_without_a_token_is_refused(arc_client: ClientFactory) -> None:
    visits = arc_client(HTTP / "get-visits")
    note = arc_client(HTTP / "post-visits-note")
    visits.get("/visits")
    reply = note.post("/visits/note", form={"note": "sneaky"})
    assert reply.status == 403
    assert "Form refused" in reply.text
    assert NOTE.findall(visits.get("/visits").text) == ["(none)"]


def test_a_token_from_another_visitors_page_is_refused(arc_client: ClientFactory) -> None:
    visits = arc_client(HTTP / "get-visits")
    note = arc_client(HTTP / "post-visits-note")
    visits.get("/visits")
    # The token of another browser's page is bound to that browser's session.
    foreign = token_of(Client(HTTP / "get-visits").get("/visits").text)
    assert note.post("/visits/note", form={"_csrf": foreign, "note": "x"}).status == 403


def test_a_tampered_token_is_refused(arc_client: ClientFactory) -> None:
    visits = arc_client(HTTP / "get-visits")
    note = arc_client(HTTP / "post-visits-note")
    token = token_of(visits.get("/visits").text)
    tampered = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    assert note.post("/visits/note", form={"_csrf": tampered, "note": "x"}).status == 403
