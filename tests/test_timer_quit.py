"""Quitting the moderator screen pauses the timer; a moderator that dies loses at most its last checkpoint."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from textual.widgets import Digits

from pmtui.domain import meeting as m
from pmtui.domain.changes import SetField
from pmtui.domain.model import Phase
from pmtui.resources import DEMO_SESSION
from pmtui.storage.roles import claim
from pmtui.storage.store import SessionFile
from pmtui.ui.app import PmtuiApp
from pmtui.ui.screens.start import StartScreen
from pmtui.ui.widgets.phase_timer import PhaseTimer
from tests.pilot_support import settle

T0 = dt.datetime(2026, 11, 23, 15, 0, 0, tzinfo=dt.UTC)
REPO = Path(__file__).resolve().parent.parent


class Clock:
    def __init__(self, now: dt.datetime = T0) -> None:
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += dt.timedelta(seconds=seconds)


def on_disk(path: Path):  # type: ignore[no-untyped-def]
    return SessionFile.open(path).session.meeting


def with_running_timer(path: Path, started: dt.datetime, spent: int) -> None:
    sf = SessionFile.open(path)
    sf.submit(SetField("meeting", "spent_seconds", {"summary": spent}))
    sf.submit(SetField("meeting", "timer_started_at", started))
    sf.save()


async def test_quitting_pauses_the_timer_and_reopening_shows_it_paused(demo_copy: Path) -> None:
    clock = Clock()
    app = PmtuiApp(demo_copy, "moderator", clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("space")
        await settle(app, pilot)
        assert on_disk(demo_copy).timer_started_at == T0
        clock.advance(95)
        await pilot.press("ctrl+q")
    meeting = on_disk(demo_copy)
    assert meeting.timer_started_at is None
    assert meeting.spent_seconds == {Phase.SUMMARY: 95}
    assert "timer_started_at" not in demo_copy.read_text(encoding="utf-8")

    clock.advance(600)  # ten minutes later someone reopens it: none of them is counted
    again = PmtuiApp(demo_copy, "moderator", clock=clock)
    async with again.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        timer = again.screen.query_one(PhaseTimer)
        assert timer.has_class("-paused")
        assert timer.query_one(Digits).value == "03:25"  # 5 minutes less the 95 s
        assert "paused" in str(timer.query_one("#timer-caption").content)


async def test_leaving_for_the_start_screen_pauses_the_timer(demo_copy: Path) -> None:
    clock = Clock()
    app = PmtuiApp(demo_copy, "moderator", clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("space")
        clock.advance(42)
        app.action_choose_role()
        await pilot.pause()
        assert isinstance(app.screen, StartScreen)
        assert app.session.meeting.timer_started_at is None
        assert app.session.meeting.spent_seconds == {Phase.SUMMARY: 42}
        await settle(app, pilot)
    assert on_disk(demo_copy).spent_seconds == {Phase.SUMMARY: 42}


async def test_a_timer_left_running_by_a_dead_moderator_stops_at_its_last_save(demo_copy: Path) -> None:
    with_running_timer(demo_copy, T0, spent=40)
    clock = Clock(T0 + dt.timedelta(minutes=20))  # the moderator died; twenty minutes later it is reopened
    app = PmtuiApp(demo_copy, "moderator", clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert app.session.meeting.timer_started_at is None
        assert app.session.meeting.spent_seconds == {Phase.SUMMARY: 40}
        assert app.screen.query_one(PhaseTimer).query_one(Digits).value == "04:20"
        assert any("Timer paused" in (n.title or "") for n in app._notifications)
        await settle(app, pilot)
    assert on_disk(demo_copy).timer_started_at is None


async def test_a_read_only_moderator_screen_leaves_the_running_timer_alone(demo_copy: Path) -> None:
    with_running_timer(demo_copy, T0, spent=40)
    holder = claim(demo_copy, "moderator", name="Someone else")  # a live moderator in another terminal
    assert holder.granted
    try:
        app = PmtuiApp(demo_copy, "moderator", clock=Clock(T0 + dt.timedelta(minutes=3)))
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            assert app.read_only
            assert app.session.meeting.timer_started_at == T0
            await pilot.press("ctrl+q")
        assert on_disk(demo_copy).timer_started_at == T0, "quitting a read-only screen must not pause it"
    finally:
        holder.lease.release()  # type: ignore[union-attr]


async def test_checkpoint_banks_the_running_time_in_the_file(demo_copy: Path) -> None:
    clock = Clock()
    app = PmtuiApp(demo_copy, "moderator", clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("space")
        clock.advance(31)
        app.screen.checkpoint_timer()  # what the screen's CHECKPOINT_SECONDS interval calls
        await settle(app, pilot)
        meeting = on_disk(demo_copy)
        assert meeting.spent_seconds == {Phase.SUMMARY: 31}
        assert meeting.timer_started_at == clock.now
        # The countdown the room sees does not jump.
        assert app.screen.query_one(PhaseTimer).query_one(Digits).value == "04:29"


def test_checkpoint_and_abandoned_timer_as_pure_functions(demo_copy: Path) -> None:
    sf = SessionFile.open(demo_copy)
    assert m.checkpoint(sf.session.meeting, T0).changes == []  # paused: nothing to bank
    sf.submit(m.start_timer(sf.session.meeting, T0))
    assert m.checkpoint(sf.session.meeting, T0 + dt.timedelta(seconds=0.5)).changes == []
    sf.submit(m.checkpoint(sf.session.meeting, T0 + dt.timedelta(seconds=30)))
    sf.submit(m.checkpoint(sf.session.meeting, T0 + dt.timedelta(seconds=75)))
    meeting = sf.session.meeting
    assert meeting.spent_seconds == {Phase.SUMMARY: 75}
    assert m.elapsed(meeting, Phase.SUMMARY, T0 + dt.timedelta(seconds=80)) == dt.timedelta(seconds=80)
    sf.submit(m.stop_abandoned_timer(meeting))
    assert sf.session.meeting.timer_started_at is None
    assert sf.session.meeting.spent_seconds == {Phase.SUMMARY: 75}


KILLED_MODERATOR = textwrap.dedent(
    """
    import asyncio, datetime as dt, sys, time
    from pathlib import Path
    from pmtui.ui.app import PmtuiApp

    now = [dt.datetime(2026, 11, 23, 15, 0, tzinfo=dt.UTC)]

    async def main():
        app = PmtuiApp(Path(sys.argv[1]), "moderator", clock=lambda: now[0])
        async with app.run_test() as pilot:
            await pilot.pause()
            await pilot.press("space")
            now[0] += dt.timedelta(seconds=50)
            app.screen.checkpoint_timer()
            while app._save_running or app.session_file.has_pending:
                await app.workers.wait_for_complete()
                await pilot.pause()
            print("checkpointed", flush=True)
            now[0] += dt.timedelta(minutes=5)  # runs on, then dies without a word
            time.sleep(600)

    asyncio.run(main())
    """
)


async def test_a_killed_moderator_process_leaves_only_the_time_until_its_last_save(demo_copy: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    process = subprocess.Popen(
        [sys.executable, "-c", KILLED_MODERATOR, str(demo_copy)], stdout=subprocess.PIPE, text=True, env=env
    )
    try:
        assert process.stdout is not None
        assert process.stdout.readline().strip() == "checkpointed"
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait()
    assert on_disk(demo_copy).timer_started_at is not None, "killed: nobody paused it"
    app = PmtuiApp(demo_copy, "moderator", clock=Clock(T0 + dt.timedelta(hours=1)))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert app.session.meeting.spent_seconds == {Phase.SUMMARY: 50}
        assert app.session.meeting.timer_started_at is None
        await settle(app, pilot)
    assert on_disk(demo_copy).spent_seconds == {Phase.SUMMARY: 50}


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed (.ci/run installs it)")
def test_ctrl_q_in_a_real_terminal_pauses_the_timer(tmp_path: Path) -> None:
    from tests.test_e2e_tmux import Tmux, _command

    session = tmp_path / "checkout.toml"
    shutil.copyfile(DEMO_SESSION, session)
    tmux = Tmux(tmp_path)
    try:
        tmux.start("room", [*_command(), str(session), "--role", "moderator"])
        tmux.wait_for("room", "Summary & impact", 20)
        tmux.keys("room", "Space")
        tmux.wait_for("room", "▶ of 5 min", 5)
        deadline = time.monotonic() + 10
        while on_disk(session).timer_started_at is None and time.monotonic() < deadline:
            time.sleep(0.05)  # the start reaches the file through the autosave
        assert on_disk(session).timer_started_at is not None
        tmux.keys("room", "C-q")
        deadline = time.monotonic() + 10
        while "room" in tmux.run("ls") and time.monotonic() < deadline:
            time.sleep(0.05)  # the process has exited when its tmux session is gone
        assert "room" not in tmux.run("ls")
    finally:
        tmux.kill()
    meeting = on_disk(session)
    assert meeting.timer_started_at is None, "quitting must pause the timer"
    assert Phase.SUMMARY in meeting.spent_seconds


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed (.ci/run installs it)")
def test_closing_the_terminal_pauses_the_timer_too(tmp_path: Path) -> None:
    from tests.test_e2e_tmux import Tmux, _command

    session = tmp_path / "checkout.toml"
    shutil.copyfile(DEMO_SESSION, session)
    tmux = Tmux(tmp_path)
    try:
        tmux.start("room", [*_command(), str(session), "--role", "moderator"])
        tmux.wait_for("room", "Summary & impact", 20)
        tmux.keys("room", "Space")
        deadline = time.monotonic() + 10
        while on_disk(session).timer_started_at is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert on_disk(session).timer_started_at is not None
        tmux.run("kill-session", "-t", "room")  # the terminal goes away: SIGHUP
        deadline = time.monotonic() + 10
        while on_disk(session).timer_started_at is not None and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        tmux.kill()
    assert on_disk(session).timer_started_at is None, "a hang-up must pause the timer as quitting does"
