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


def exited(pid: int, seconds: float) -> bool:
    """Wait until a process has ended (or is a zombie nobody reaped)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().split(") ")[-1][:1]
        except OSError:
            return True
        if state == "Z":
            return True
        time.sleep(0.02)
    return False


class Tmux:
    def __init__(self, tmp: Path) -> None:
        self.name = f"pmtui-test-{uuid.uuid4().hex[:8]}"
        self.base = ["tmux", "-L", self.name, "-f", "/dev/null"]
        self.env = {**os.environ, "TERM": "xterm-256color", "XDG_STATE_HOME": str(tmp / "state")}
        self.env.pop("TMUX", None)
        self.pids: dict[str, int] = {}

    def run(self, *args: str) -> str:
        done = subprocess.run([*self.base, *args], env=self.env, capture_output=True, text=True, timeout=10)
        return done.stdout

    def start(self, name: str, argv: list[str]) -> None:
        # exec: the pane's process is pmtui itself, so signals and hang-ups reach it directly
        self.run("new-session", "-d", "-s", name, "-x", "120", "-y", "40", "exec " + shlex.join(argv))
        self.pids[name] = int(self.run("display", "-p", "-t", name, "#{pane_pid}").strip())

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
        for pid in self.pids.values():  # a test that failed half-way must not leave pmtui running
            if not exited(pid, 5):
                os.kill(pid, 9)
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
        # No waiting for focus: wherever it is, typed text goes to the entry line of the tab in view.
        tmux.keys("notetaker", f"13:59 {marker}", literal=True)
        tmux.wait_for("notetaker", marker, 5)
        tmux.keys("notetaker", "Enter")
        try:
            tmux.wait_for("moderator", marker, 5)
        except AssertionError as error:
            raise AssertionError(f"{error}\n--- notetaker:\n{tmux.screen('notetaker')}") from None
        assert marker in session.read_text()
    finally:
        tmux.kill()


def _notetaker(tmux: Tmux, session: Path) -> None:
    tmux.start("notetaker", [*_command(), str(session), "--role", "notetaker"])
    tmux.wait_for("notetaker", "Summary & impact", 20)


def test_a_sentence_typed_on_the_lucky_list_and_a_half_typed_line_at_ctrl_q(tmp_path: Path) -> None:
    session = tmp_path / "checkout.toml"
    shutil.copyfile(DEMO_SESSION, session)
    tmux = Tmux(tmp_path)
    try:
        _notetaker(tmux, session)
        tmux.keys("notetaker", "F3", "F3", "F3")  # Summary -> Timeline -> Went well -> Wrong & lucky
        tmux.wait_for("notetaker", "Where we got lucky", 5)
        tmux.keys("notetaker", "Tab", "Escape")  # the lucky entry line, then the lucky list above it
        tmux.keys("notetaker", "unlucky the rollback was fast", literal=True)
        tmux.keys("notetaker", "Enter")
        tmux.wait_for("notetaker", "unlucky the rollback was fast", 5)
        tmux.keys("notetaker", "F2", "F2")  # back to the timeline
        tmux.wait_for("notetaker", "What happened", 5)
        tmux.keys("notetaker", "09:55 note half typed line", literal=True)
        tmux.wait_for("notetaker", "09:55 note half typed line", 5)
        tmux.keys("notetaker", "C-q")
        tmux.wait_for("notetaker", "Quit with typing not added?", 5)
        tmux.keys("notetaker", "Enter")
        deadline = time.monotonic() + 10
        while "half typed line" not in session.read_text() and time.monotonic() < deadline:
            time.sleep(0.05)
        text = session.read_text()
        assert 'text = "unlucky the rollback was fast"' in text
        assert 'text = "half typed line"' in text
        assert "Nothing to undo" not in tmux.screen("notetaker")
    finally:
        tmux.kill()


@pytest.mark.parametrize("how", ["SIGTERM", "hang-up"])
def test_the_terminal_going_away_keeps_the_summary_just_typed(tmp_path: Path, how: str) -> None:
    session = tmp_path / "checkout.toml"
    shutil.copyfile(DEMO_SESSION, session)
    tmux = Tmux(tmp_path)
    try:
        _notetaker(tmux, session)
        marker = f"typed a moment before {how} {uuid.uuid4().hex[:6]}"
        tmux.keys("notetaker", marker, literal=True)  # the summary's text area has the focus
        tmux.wait_for("notetaker", marker, 5)
        if how == "SIGTERM":
            os.kill(tmux.pids["notetaker"], 15)
        else:
            tmux.run("kill-session", "-t", "notetaker")  # the terminal closes: SIGHUP
        deadline = time.monotonic() + 10
        while marker not in session.read_text() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert marker in session.read_text()
        assert exited(tmux.pids["notetaker"], 10), "pmtui kept running after its terminal went away"
    finally:
        tmux.kill()
