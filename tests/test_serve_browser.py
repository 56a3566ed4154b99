"""`pmtui serve` in a real browser: Debian's Chromium, driven by playwright, against the real command.

The terminal in the page is drawn on a canvas, so each page records what its app wrote to it
(the websocket's bytes, escape sequences removed) in window.__screen; tests wait on that text,
on the session file and on serve's child processes, never on a fixed delay.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from pmtui.domain.template import new_session_text
from tests.serve_driver import ServeProcess

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip
WAIT_MS = 20_000
"""Longest wait for a page to show something: an app process starts in about a second here, more on a busy CI."""

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="Debian's Chromium is not installed (apt-get install chromium; .ci/run does)"
    ),
]

# Runs in every page before its scripts: keeps the text the app writes to the terminal.
RECORD_SCREEN = r"""
window.__screen = "";
const NativeWebSocket = window.WebSocket;
window.WebSocket = function (url, protocols) {
  const socket = new NativeWebSocket(url, protocols);
  const decoder = new TextDecoder();
  socket.addEventListener("message", (event) => {
    if (typeof event.data === "string") return;
    window.__screen += decoder.decode(new Uint8Array(event.data), { stream: true })
      .replace(/\x1b\][^\x07\x1b]*(\x07|\x1b\\)/g, "")
      .replace(/\x1b\[[0-9;?<>=]*[ -\/]*[@-~]/g, "")
      .replace(/\x1b[@-_]/g, "");
  });
  return socket;
};
window.WebSocket.prototype = NativeWebSocket.prototype;
"""


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def session(tmp_path: Path) -> Path:
    """A small session whose meeting is at the five whys, both roles named."""
    text = new_session_text("Browser test")
    text = text.replace('moderator = ""', 'moderator = "Sam"').replace('notetaker = ""', 'notetaker = "Lee"')
    text = text.replace('phase = "summary"', 'phase = "whys"')
    path = tmp_path / "browser.toml"
    path.write_text(text, encoding="utf-8")
    return path


def open_screen(browser: Browser, link: str, expect: str) -> Page:
    """Open a printed link in a fresh browser profile; wait until its screen shows `expect`."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    context.add_init_script(RECORD_SCREEN)
    page = context.new_page()
    page.goto(link)
    wait_for_text(page, expect)
    assert "token" not in page.url  # the address bar lost the token
    page.focus(".xterm-helper-textarea")  # keys go to the terminal, as after a click
    return page


def wait_for_text(page: Page, text: str) -> None:
    page.wait_for_function("text => window.__screen.includes(text)", arg=text, timeout=WAIT_MS)


def wait_for_file(path: Path, text: str, seconds: float = 20.0) -> float:
    started = time.monotonic()
    while text not in path.read_text(encoding="utf-8"):
        assert time.monotonic() - started < seconds, f"{text!r} not in {path.name} after {seconds} s"
        time.sleep(0.05)
    return time.monotonic() - started


def close(page: Page) -> None:
    page.context.close()


def test_notetaker_types_a_why_the_viewer_sees_and_cannot_change(browser: Browser, session: Path) -> None:
    with ServeProcess(session) as serve:
        viewer = open_screen(browser, serve.links["viewer"], "view only")
        notetaker = open_screen(browser, serve.links["notetaker"], "Five whys")
        serve.wait_for_children(2)

        # The whys tab opens with its entry line ready: type, Enter.
        notetaker.keyboard.type("Why did the pool shrink? Because cfg-7731 set it to 8", delay=10)
        notetaker.keyboard.press("Enter")
        wait_for_file(session, "Because cfg-7731 set it to 8")
        wait_for_text(viewer, "Why did the pool shrink?")

        # Everything a viewer might press: phase, timer, spotlight and editing keys, then text.
        before = session.read_bytes()
        for key in ["n", "p", "ArrowRight", "PageDown", "Space", "+", "-", "5", "s", "Enter",
                    "Control+s", "Control+z", "F5", "Delete", "F4"]:  # fmt: skip
            viewer.keyboard.press(key)
        # (No "?" or Escape: ? opens the help, and Escape with the next key reads as alt+key.)
        viewer.keyboard.type("a why from the viewer because d u e", delay=10)
        # z is the one key a viewer has (large text, on its own screen): once its notice shows,
        # every key before it has been handled by the viewer's app.
        viewer.keyboard.press("z")
        wait_for_text(viewer, "Large text")
        assert session.read_bytes() == before
        assert "from the viewer" not in session.read_text(encoding="utf-8")

        close(viewer)
        close(notetaker)
        serve.wait_for_children(0)  # a closed tab ends its app process


def test_moderator_phase_keys_reach_the_viewer(browser: Browser, session: Path) -> None:
    with ServeProcess(session) as serve:
        viewer = open_screen(browser, serve.links["viewer"], "phase 5/7")
        moderator = open_screen(browser, serve.links["moderator"], "phase 5/7")
        viewer.evaluate("window.__screen = ''")
        moderator.keyboard.press("n")
        wait_for_file(session, 'phase = "actions"')
        wait_for_text(viewer, "phase 6/7")
        close(moderator)
        close(viewer)
        serve.wait_for_children(0)


def test_a_link_clicked_in_another_site_opens_the_screen(browser: Browser, session: Path) -> None:
    """The SameSite=Strict cookie still reaches the page and its websocket after a cross-site click (a chat)."""
    with ServeProcess(session) as serve:
        context = browser.new_context()
        context.add_init_script(RECORD_SCREEN)
        page = context.new_page()
        chat = "http://chat.example/"
        page.route(chat, lambda route: route.fulfill(
            content_type="text/html", body=f'<a id="link" href="{serve.links["viewer"]}">viewer link</a>'
        ))  # fmt: skip
        page.goto(chat)
        page.click("#link")
        wait_for_text(page, "view only")
        assert page.url == serve.base + "/viewer/"
        # The address with the token is not kept in the tab's history: back goes straight to the chat.
        page.go_back()
        assert page.url == chat
        context.close()
        serve.wait_for_children(0)


def test_viewers_beyond_the_limit_get_a_message_and_no_process(browser: Browser, session: Path) -> None:
    with ServeProcess(session, "--max-viewers", "1") as serve:
        first = open_screen(browser, serve.links["viewer"], "view only")
        second = open_screen(browser, serve.links["viewer"], "1 viewers are watching already")
        assert len(serve.children()) == 1
        close(second)
        close(first)
        serve.wait_for_children(0)


def test_reloading_does_not_pile_up_processes(browser: Browser, session: Path) -> None:
    with ServeProcess(session) as serve:
        page = open_screen(browser, serve.links["notetaker"], "Whys")
        for _ in range(3):
            page.evaluate("window.__screen = ''")
            page.reload()
            wait_for_text(page, "Whys")
        serve.wait_for_children(1)
        close(page)
        serve.wait_for_children(0)


def test_stopping_serve_ends_every_screen(browser: Browser, session: Path) -> None:
    with ServeProcess(session) as serve:
        pages = [open_screen(browser, serve.links[role], "phase 5/7") for role in ("moderator", "viewer")]
        serve.wait_for_children(2)
        screens = serve.children()
    # ServeProcess has sent SIGTERM (as ctrl+c would) and waited for serve to exit.
    assert serve.process is not None and serve.process.returncode == 0
    assert [pid for pid in screens if Path(f"/proc/{pid}").exists()] == []
    for page in pages:
        close(page)
