"""The visit counter of GET /count/:provider and GET /visits: sessions across calls."""

from __future__ import annotations

import re
from pathlib import Path

from arc_testing import Client
from arc_testing.plugin import ClientFactory

HTTP = Path(__file__).resolve().parents[1] / "src" / "http"
COUNT = re.compile(r'<strong id="count">(\d+)</strong>')


def test_the_counter_goes_on_across_calls_in_one_browser(arc_client: ClientFactory) -> None:
    count = arc_client(HTTP / "get-count-000provider")
    replies = [count.get("/count/jwe", route="/count/:provider").json() for _ in range(3)]
    assert [reply["count"] for reply in replies] == [1, 2, 3]
    assert replies[-1]["trail"] == ["python", "python", "python"]


def test_another_browser_has_a_session_of_its_own(arc_client: ClientFactory) -> None:
    count = arc_client(HTTP / "get-count-000provider")
    count.get("/count/jwe", route="/count/:provider")
    count.get("/count/jwe", route="/count/:provider")
    stranger = Client(HTTP / "get-count-000provider")
    assert stranger.get("/count/jwe", route="/count/:provider").json()["count"] == 1


def test_an_unknown_provider_is_a_404(arc_client: ClientFactory) -> None:
    count = arc_client(HTTP / "get-count-000provider")
    reply = count.get("/count/redis", route="/count/:provider")
    assert reply.status == 404
    assert reply.json() == {"error": "providers: jwe, ddb"}
    assert reply.cookies == {}


def test_logging_out_starts_the_visits_page_again(arc_client: ClientFactory) -> None:
    visits = arc_client(HTTP / "get-visits")
    logout = arc_client(HTTP / "post-logout")
    assert [COUNT.findall(visits.get("/visits").text) for _ in range(2)] == [["1"], ["2"]]
    reply = logout.post("/logout")
    assert reply.status == 303
    assert reply.headers["location"] == "/visits"
    assert COUNT.findall(visits.get("/visits").text) == ["1"]


def test_the_dynamodb_counter_keeps_its_session_in_the_sandboxes_table(
    arc_sandbox_env: dict[str, str], arc_client: ClientFactory
) -> None:
    # In-process handlers, the sandbox's database (arc_sandbox_env points them there).
    count = arc_client(HTTP / "get-count-000provider")
    replies = [count.get("/count/ddb", route="/count/:provider") for _ in range(2)]
    assert [reply.json()["count"] for reply in replies] == [1, 2]
    # The cookie holds only the row's signed id, so it stays the same.
    assert replies[0].cookies["_idx"] == replies[1].cookies["_idx"]
