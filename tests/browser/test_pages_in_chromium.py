"""The example app's HTML front end as a user sees it, in a real headless Chromium.

Sessions (a visit counter that survives reloads and a browser restart), a CSRF form that
redirects back, a tampered token refused with a readable page, logout, a compressed page,
two tabs talking over WebSockets, and one JWE session cookie read by Python and Node.
"""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlencode

import brotli
from selenium import webdriver
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from tools.example import HOST, Browser, Sandbox

if TYPE_CHECKING:
    from .conftest import Chromiums

Screenshot = Callable[[webdriver.Chrome, str], Path]
# Seconds to wait for what a script or a WebSocket message puts on a page.
WAIT_SECONDS = 30
FORM = "application/x-www-form-urlencoded"
# What looking at a page can raise while a form post or a redirect replaces it: no such
# element yet, a stale one, or "Node with given id does not belong to the document".
PAGE_CHANGES = (WebDriverException,)


def wait(driver: webdriver.Chrome) -> WebDriverWait[webdriver.Chrome]:
    """A wait that also sees through a page being replaced while it looks (a navigation)."""
    return WebDriverWait(driver, WAIT_SECONDS, ignored_exceptions=PAGE_CHANGES)


def text_of(driver: webdriver.Chrome, css: str) -> str:
    return str(driver.find_element(By.CSS_SELECTOR, css).text)


def visit_count(driver: webdriver.Chrome, sandbox: Sandbox) -> int:
    driver.get(f"{sandbox.http_url}/visits")
    return int(text_of(driver, "#count"))


def test_counter_survives_reloads_and_a_browser_restart(
    chromiums: Chromiums, tmp_path: Path, sandbox: Sandbox, screenshot: Screenshot
) -> None:
    profile = tmp_path / "profile"
    driver = chromiums.start(profile)
    assert visit_count(driver, sandbox) == 1
    driver.refresh()
    assert int(text_of(driver, "#count")) == 2
    assert driver.title == "Visits"
    screenshot(driver, "visits")
    cookie = driver.get_cookie("_idx")
    assert cookie is not None
    assert cookie["httpOnly"] is True
    assert "expiry" in cookie, "a session cookie (no Max-Age/Expires) would not outlive the browser"
    chromiums.quit(driver)

    restarted = chromiums.start(profile)
    assert visit_count(restarted, sandbox) == 3


def test_static_stylesheet_applies(chromium: webdriver.Chrome, sandbox: Sandbox) -> None:
    visit_count(chromium, sandbox)
    link = chromium.find_element(By.CSS_SELECTOR, "link[rel=stylesheet]")
    assert link.get_attribute("href") == f"{sandbox.http_url}/_static/app.css"
    # app.css: `max-width: 40rem`, 16 px each.
    assert chromium.execute_script("return getComputedStyle(document.body).maxWidth") == "640px"


def test_csrf_form_saves_a_note_and_redirects_back(
    chromium: webdriver.Chrome, sandbox: Sandbox, screenshot: Screenshot
) -> None:
    assert visit_count(chromium, sandbox) == 1
    chromium.find_element(By.ID, "note-input").send_keys("bring milk")
    chromium.find_element(By.ID, "save").click()
    wait(chromium).until(lambda d: text_of(d, "#note") == "bring milk")
    assert chromium.current_url == f"{sandbox.http_url}/visits"
    # The redirect's GET /visits counted a visit: the note and the counter share one session.
    assert int(text_of(chromium, "#count")) == 2
    screenshot(chromium, "visits-note")


def test_form_post_answers_303_see_other(sandbox: Sandbox) -> None:
    client = Browser(HOST, sandbox.ports["http"])
    page = client.get("/visits").text
    found = re.search(r'name="_csrf" value="([^"]+)"', page)
    assert found is not None
    reply = client.post("/visits/note", urlencode({"_csrf": found[1], "note": "hi"}).encode(), FORM)
    assert reply.status == 303
    assert reply.header("location") == "/visits"


def test_tampered_token_is_refused_with_a_readable_page(
    chromium: webdriver.Chrome, sandbox: Sandbox, screenshot: Screenshot
) -> None:
    visit_count(chromium, sandbox)
    chromium.execute_script(
        # The first character, in the signed hex part: a changed last character of the
        # base64 signature may decode to the same bytes.
        "const token = document.querySelector('input[name=_csrf]');"
        "token.value = (token.value[0] === 'a' ? 'b' : 'a') + token.value.slice(1);"
    )
    chromium.find_element(By.ID, "note-input").send_keys("sneaky")
    chromium.find_element(By.ID, "save").click()
    wait(chromium).until(lambda d: d.title == "Form refused")
    assert "security token is not valid" in text_of(chromium, "#error")
    screenshot(chromium, "form-refused")
    assert visit_count(chromium, sandbox) == 2
    assert text_of(chromium, "#note") == "(none)"


def test_a_token_from_another_visitors_page_is_refused(
    chromium: webdriver.Chrome, sandbox: Sandbox
) -> None:
    # Another visitor (a client with a session of its own) gets a valid token for itself.
    other = Browser(HOST, sandbox.ports["http"])
    found = re.search(r'name="_csrf" value="([^"]+)"', other.get("/visits").text)
    assert found is not None
    reply = other.post("/visits/note", urlencode({"_csrf": found[1], "note": "hi"}).encode(), FORM)
    assert reply.status == 303  # valid for its own session
    visit_count(chromium, sandbox)
    chromium.execute_script(
        "document.querySelector('input[name=_csrf]').value = arguments[0];", found[1]
    )
    chromium.find_element(By.ID, "note-input").send_keys("planted")
    chromium.find_element(By.ID, "save").click()
    wait(chromium).until(lambda d: d.title == "Form refused")
    assert visit_count(chromium, sandbox) == 2
    assert text_of(chromium, "#note") == "(none)"


def test_logout_clears_the_session(
    chromium: webdriver.Chrome, sandbox: Sandbox, screenshot: Screenshot
) -> None:
    visit_count(chromium, sandbox)
    assert visit_count(chromium, sandbox) == 2
    before = chromium.get_cookie("_idx")
    chromium.find_element(By.ID, "logout").click()
    wait(chromium).until(lambda d: text_of(d, "#count") == "1")
    after = chromium.get_cookie("_idx")
    assert before is not None
    assert after is not None
    assert after["value"] != before["value"]
    screenshot(chromium, "logged-out")


def test_compressed_page_renders(
    chromium: webdriver.Chrome, sandbox: Sandbox, screenshot: Screenshot
) -> None:
    chromium.get(f"{sandbox.http_url}/article")
    assert text_of(chromium, "h1") == "A long article"
    assert len(chromium.find_elements(By.CSS_SELECTOR, "p")) == 41
    assert text_of(chromium, "#end") == "The end."
    screenshot(chromium, "article")
    # What Chromium was sent: compressed with the best coding it accepts.
    client = Browser(HOST, sandbox.ports["http"])
    sent = client.get("/article", headers={"accept-encoding": "gzip, deflate, br, zstd"})
    assert sent.header("content-encoding") == "br"
    assert "The end." in brotli.decompress(sent.body).decode()
    sent = client.get("/article", headers={"accept-encoding": "gzip"})
    assert sent.header("content-encoding") == "gzip"
    assert "The end." in gzip.decompress(sent.body).decode()


def _connection_id(driver: webdriver.Chrome) -> str:
    wait(driver).until(lambda d: d.find_element(By.ID, "me").get_attribute("data-id"))
    return str(driver.find_element(By.ID, "me").get_attribute("data-id"))


def _say(driver: webdriver.Chrome, to: str, text: str) -> None:
    driver.find_element(By.ID, "to").send_keys(to)
    driver.find_element(By.ID, "say").send_keys(text)
    driver.find_element(By.ID, "send").click()


def _messages(driver: webdriver.Chrome) -> list[str]:
    return [str(item.text) for item in driver.find_elements(By.CSS_SELECTOR, "#messages li")]


def _told_one(driver: webdriver.Chrome) -> bool:
    """True once @ws default has answered that it delivered one message."""
    return any('"told":1' in message for message in _messages(driver))


def test_two_tabs_exchange_websocket_messages(
    chromium: webdriver.Chrome, sandbox: Sandbox, screenshot: Screenshot
) -> None:
    chromium.get(f"{sandbox.http_url}/chat")
    first_tab, first = chromium.current_window_handle, _connection_id(chromium)
    chromium.switch_to.new_window("tab")
    chromium.get(f"{sandbox.http_url}/chat")
    second = _connection_id(chromium)
    assert first != second

    _say(chromium, first, "hello from tab 2")
    wait(chromium).until(_told_one)
    chromium.switch_to.window(first_tab)
    wait(chromium).until(lambda d: f"{second}: hello from tab 2" in _messages(d))
    _say(chromium, second, "hello back from tab 1")
    wait(chromium).until(_told_one)
    screenshot(chromium, "chat")
    chromium.switch_to.window(chromium.window_handles[1])
    wait(chromium).until(lambda d: f"{first}: hello back from tab 1" in _messages(d))


def test_node_reads_the_jwe_cookie_of_the_python_page(
    chromium: webdriver.Chrome, sandbox: Sandbox, screenshot: Screenshot
) -> None:
    visit_count(chromium, sandbox)
    assert visit_count(chromium, sandbox) == 2
    chromium.get(f"{sandbox.http_url}/node/count/jwe")
    answer = json.loads(chromium.find_element(By.TAG_NAME, "pre").text)
    assert answer == {"count": 3, "trail": ["python", "python", "node"]}
    screenshot(chromium, "node-count")
    assert visit_count(chromium, sandbox) == 4
