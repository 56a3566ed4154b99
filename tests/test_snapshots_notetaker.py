"""How the start and notetaker screens look, at 80x24 and 120x40 (regenerate on purpose: --snapshot-update)."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, TextArea

from pmtui.resources import DEMO_SESSION
from pmtui.ui.app import PmtuiApp

FROZEN = dt.datetime(2026, 11, 23, 15, 5, tzinfo=dt.UTC)
SIZES = [(80, 24), (120, 40)]


@pytest.fixture
def demo_here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The demo in a temporary folder that is also the current one, so no tmp path shows."""
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.chdir(tmp_path)
    target = tmp_path / DEMO_SESSION.name
    shutil.copyfile(DEMO_SESSION, target)
    return target


async def steady(pilot: Pilot[None]) -> None:
    """No blinking cursors, nothing still moving."""
    await pilot.pause()
    for widget in pilot.app.screen.query("Input, TextArea"):
        if isinstance(widget, Input | TextArea):
            widget.cursor_blink = False
    await pilot.wait_for_scheduled_animations()
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_start_screen(snap_compare, demo_here: Path, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    app = PmtuiApp(demo_here, None, clock=lambda: FROZEN)
    assert snap_compare(app, terminal_size=size, run_before=steady)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_notetaker_timeline(snap_compare, demo_here: Path, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    app = PmtuiApp(demo_here, "notetaker", clock=lambda: FROZEN)

    async def timeline(pilot: Pilot[None]) -> None:
        await pilot.press("alt+2")
        await steady(pilot)

    assert snap_compare(app, terminal_size=size, run_before=timeline)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_notetaker_summary(snap_compare, demo_here: Path, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    app = PmtuiApp(demo_here, "notetaker", clock=lambda: FROZEN)
    assert snap_compare(app, terminal_size=size, run_before=steady)


def test_notetaker_wrong_and_lucky(snap_compare, demo_here: Path) -> None:  # type: ignore[no-untyped-def]
    app = PmtuiApp(demo_here, "notetaker", clock=lambda: FROZEN)

    async def wrong(pilot: Pilot[None]) -> None:
        await pilot.press("alt+4")
        await steady(pilot)

    assert snap_compare(app, terminal_size=(120, 40), run_before=wrong)
