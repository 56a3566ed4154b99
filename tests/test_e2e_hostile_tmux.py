"""End to end: a session full of terminal escapes opened by the real command in tmux leaves the terminal alone.

tmux honours what the file tries: OSC 2 sets the pane title, OSC 52 (with set-clipboard on)
stores a paste buffer. A control pane that prints the same text raw proves both checks can
fail; the moderator and notetaker panes must change neither.
"""

from __future__ import annotations

import shlex
import shutil
import time
from pathlib import Path

import pytest

from tests.hostile_text import CLIPBOARD, WINDOW_TITLE, write_hostile_session
from tests.test_e2e_tmux import Tmux, _command

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed (.ci/run installs it)"),
]


def pane_title(tmux: Tmux, name: str) -> str:
    return tmux.run("display-message", "-p", "-t", name, "#{pane_title}").strip()


def buffers(tmux: Tmux) -> str:
    return tmux.run("list-buffers", "-F", "#{buffer_sample}")


def wait_until(check, what: str, seconds: float = 10.0) -> None:  # type: ignore[no-untyped-def]
    started = time.monotonic()
    while not check():
        if time.monotonic() - started > seconds:
            raise AssertionError(f"{what} did not happen within {seconds} s")
        time.sleep(0.05)


def test_the_pane_title_and_the_paste_buffers_stay_untouched(tmp_path: Path) -> None:
    session = write_hostile_session(tmp_path)
    original = session.read_bytes()
    raw = tmp_path / "raw.txt"
    raw.write_text(WINDOW_TITLE + CLIPBOARD)
    tmux = Tmux(tmp_path)
    try:
        tmux.start("base", ["sleep", "600"])  # a server to set the option on before anything prints
        tmux.run("set-option", "-g", "set-clipboard", "on")  # tmux then keeps OSC 52 as a paste buffer
        assert buffers(tmux) == ""

        # The control: the same sequences printed raw do reach tmux, so the checks below can fail.
        tmux.start("control", ["sh", "-c", f"cat {shlex.quote(str(raw))}; sleep 600"])
        wait_until(lambda: pane_title(tmux, "control") == "pwned-title", "the raw OSC 2 setting the pane title")
        wait_until(lambda: "echo pwned" in buffers(tmux), "the raw OSC 52 making a paste buffer")
        tmux.run("delete-buffer")
        assert buffers(tmux) == ""

        tmux.start("moderator", [*_command(), str(session), "--role", "moderator"])
        tmux.start("notetaker", [*_command(), str(session), "--role", "notetaker"])
        # Both open at the meeting's phase, the timeline: escapes in the title, entries, authors, links.
        tmux.wait_for("moderator", "\\x1b]52;c;ZWNobyBwd25lZA==", 20)  # the title, shown inert
        tmux.wait_for("moderator", "p99 rose \\x1b[2J", 5)
        tmux.wait_for("notetaker", "paged \\x1b]52;c;", 20)
        tmux.keys("moderator", "p")  # back to the summary: summary, impact, roles
        tmux.wait_for("moderator", "cr\\x0d!abc\\u202eevil", 5)
        for name in ("moderator", "notetaker"):
            assert "pwned-title" in tmux.screen(name)  # shown as text…
            assert pane_title(tmux, name) != "pwned-title"  # …never obeyed
        assert buffers(tmux) == ""
        # The moderator's phase change is saved; every line holding hostile text stays byte for byte.
        hostile_lines = [line for line in original.splitlines() if b"\\u00" in line or b"\\u20" in line]
        assert len(hostile_lines) > 15 and set(hostile_lines) <= set(session.read_bytes().splitlines())
    finally:
        tmux.kill()
