"""End to end: the real installed command in two tmux terminals, a moderator and a notetaker on one file."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from pmtui.resources import DEMO_SESSION

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed (.ci/run installs it)"),
]


def _command() -> list[str]:
    installed = Path(sys.executable).parent / "pmtui"
    return [str(installed)] if installed.exists() else [sys.executable, "-m", "pmtui"]


class Tmux:
    def __init__(self, tmp: Path) -> None:
        self.name = f"pmtui-test-{uuid.uuid4().hex[:8]}"
        self.base = ["tmux", "-L", self.name, "-f", "/dev/null"]
        self.env = {**os.environ, "TERM": "xterm-256color", "XDG_STATE_HOME": str(tmp / "state")}
        self.env.pop("TMUX", None)

    def run(self, *args: str) -> str:
        done = subprocess.run([*self.base, *args], env=self.env, capture_output=True, text=True, timeout=10)
        return done.stdout

    def start(self, name: str, argv: list[str]) -> None:
        self.run("new-session", "-d", "-s", name, "-x", "120", "-y", "40", shlex.join(argv))

    def screen(self, name: str) -> str:
        return self.run("capture-pane", "-p", "-t", name)

    def keys(self, name: str, *keys: str, literal: bool = False) -> None:
        self.run("send-keys", "-t", name, *(["-l"] if literal else []), *keys)

    def wait_for(self, name: str, text: str, seconds: float = 10.0) -> float:
        started = time.monotonic()
        while text not in self.screen(name):
            if time.monotonic() - started > seconds:
                raise AssertionError(f"{text!r} not on the {name} screen after {seconds} s:\n{self.screen(name)}")
            time.sleep(0.05)
        return time.monotonic() - started

    def kill(self) -> None:
        subprocess.run([*self.base, "kill-server"], env=self.env, capture_output=True, timeout=10)
        # tmux leaves its socket file behind; it lives in TMUX_TMPDIR (default /tmp)/tmux-UID/.
        folder = Path(self.env.get("TMUX_TMPDIR") or "/tmp") / f"tmux-{os.getuid()}"
        (folder / self.name).unlink(missing_ok=True)


def test_moderator_and_notetaker_in_two_terminals_follow_each_other(tmp_path: Path) -> None:
    session = tmp_path / "checkout.toml"
    shutil.copyfile(DEMO_SESSION, session)
    tmux = Tmux(tmp_path)
    try:
        tmux.start("moderator", [*_command(), str(session), "--role", "moderator"])
        tmux.start("notetaker", [*_command(), str(session), "--role", "notetaker"])
        tmux.wait_for("moderator", "Summary & impact", 20)
        tmux.wait_for("notetaker", "Summary & impact", 20)

        # The moderator moves the meeting on; the notetaker's screen follows to the timeline.
        tmux.keys("moderator", "n")
        tmux.wait_for("notetaker", "─ Timeline ─", 5)

        # The notetaker types a timeline entry; it appears on the moderator's (projected) screen.
        # (13:59 sorts near the top of the moderator's table, so the row is on screen.)
        marker = f"typed in tmux {uuid.uuid4().hex[:6]}"
        time.sleep(1.0)  # let the tab switch finish moving the focus before typing
        for key in ("Escape", "a", "C-u"):  # focus the quick entry line, empty it
            tmux.keys("notetaker", key)
            time.sleep(0.4)
        tmux.keys("notetaker", f"13:59 {marker}", literal=True)
        tmux.wait_for("notetaker", marker, 5)
        tmux.keys("notetaker", "Enter")
        try:
            waited = tmux.wait_for("moderator", marker, 5)
        except AssertionError as error:
            raise AssertionError(f"{error}\n--- notetaker:\n{tmux.screen('notetaker')}") from None
        assert waited < 3
        assert marker in session.read_text()
    finally:
        tmux.kill()
