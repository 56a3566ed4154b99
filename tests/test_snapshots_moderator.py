"""What the room sees: the moderator's screen on a projector (120×40) and a small terminal (80×24)."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import pytest
from textual.widgets import Digits

from pmtui.ui.app import PmtuiApp
from pmtui.ui.widgets.phase_timer import PhaseTimer
from tests.pilot_support import until

T0 = dt.datetime(2026, 11, 23, 15, 4, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def room_in_berlin(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """The header shows the machine's time: pin the machine's zone so the picture never depends on it.

    Berlin, an hour ahead of the demo's London, so the header shows both clocks.
    """
    monkeypatch.setenv("TZ", "Europe/Berlin")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


class Clock:
    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> dt.datetime:
        return self.now


def _run_before(clock: Clock, phase_key: str):  # type: ignore[no-untyped-def]
    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        app = pilot.app
        await pilot.pause()
        await pilot.press(phase_key, "space")
        digits = app.screen.query_one(PhaseTimer).query_one(Digits)
        shown = digits.value
        clock.now += dt.timedelta(minutes=7, seconds=12)  # the timeline's 9 minutes: near the end
        await pilot.press("down", "down", "s")
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline and (app.save_status.state.value != "saved" or app.session_file.has_pending):
            await pilot.pause(0.05)
        await until(pilot, lambda: digits.value != shown, "a timer tick with the advanced clock")

    return run_before


@pytest.mark.parametrize("size", [(120, 40), (80, 24)], ids=["projector", "small"])
@pytest.mark.parametrize("phase_key", ["2", "5"], ids=["timeline", "whys"])
def test_moderator_screen(snap_compare, demo_copy: Path, size: tuple[int, int], phase_key: str) -> None:  # type: ignore[no-untyped-def]
    clock = Clock()
    app = PmtuiApp(demo_copy, "moderator", clock=clock)
    assert snap_compare(app, terminal_size=size, run_before=_run_before(clock, phase_key))


def _at_actions(clock: Clock):  # type: ignore[no-untyped-def]
    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        app = pilot.app
        await pilot.pause()
        await pilot.press("6", "space")
        digits = app.screen.query_one(PhaseTimer).query_one(Digits)
        shown = digits.value
        clock.now += dt.timedelta(minutes=31, seconds=40)  # 45-minute meeting: 13 left
        await pilot.press("down", "s")  # spotlight the overdue one (a2)
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline and (app.save_status.state.value != "saved" or app.session_file.has_pending):
            await pilot.pause(0.05)
        await until(pilot, lambda: digits.value != shown, "a timer tick with the advanced clock")

    return run_before


@pytest.mark.parametrize("size", [(120, 40), (80, 24)], ids=["projector", "small"])
def test_moderator_actions_with_an_overdue_action(snap_compare, demo_copy: Path, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    # 7 December: a2 (due 4 December, open) is overdue; a3 (due 2 December) is done.
    clock = Clock()
    clock.now = dt.datetime(2026, 12, 7, 15, 4, 0, tzinfo=dt.UTC)
    app = PmtuiApp(demo_copy, "moderator", clock=clock)
    assert snap_compare(app, terminal_size=size, run_before=_at_actions(clock))
