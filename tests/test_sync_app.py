"""The app follows the file live, holds its role's lease, and refuses what its role may not change."""

from __future__ import annotations

import sys
import time
import types
from pathlib import Path

import pytest
from textual.widgets import Static

from pmtui.domain.changes import AddEntry, SetField
from pmtui.storage.roles import claim
from pmtui.storage.store import SessionFile
from pmtui.ui.app import PmtuiApp
from pmtui.ui.screens.base import SessionScreen
from pmtui.ui.widgets.status_bar import DiskWarning, RoleBanner


class BareRoleScreen(SessionScreen):
    """Stands in for the role screens: these tests are about the app, not the panes."""

    def compose(self):  # type: ignore[no-untyped-def]
        yield Static("role screen", id="body")


@pytest.fixture
def bare_role_screens(monkeypatch: pytest.MonkeyPatch) -> None:
    for name, cls in (("notetaker", "NotetakerScreen"), ("moderator", "ModeratorScreen")):
        module = types.ModuleType(f"pmtui.ui.screens.{name}")
        setattr(module, cls, type(cls, (BareRoleScreen,), {}))
        monkeypatch.setitem(sys.modules, f"pmtui.ui.screens.{name}", module)


async def _until(pilot, condition, seconds: float = 3.0) -> float:  # type: ignore[no-untyped-def]
    started = time.monotonic()
    while not condition():
        assert time.monotonic() - started < seconds, "timed out"
        await pilot.pause(0.02)
    return time.monotonic() - started


async def test_other_process_write_shows_up_within_a_fraction_of_a_second(
    demo_copy: Path, bare_role_screens: None
) -> None:
    app = PmtuiApp(demo_copy, "notetaker")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert app.live.watcher is not None and not app.read_only
        moderator = SessionFile.open(demo_copy)
        moderator.submit(SetField("meeting", "phase", "whys"))
        moderator.save()
        await _until(pilot, lambda: app.session.meeting.phase.value == "whys")  # speed: bench sync_median_ms
        # And this side's edits reach the other side's file.
        assert app.submit(AddEntry("timeline", {"at": "2026-11-20T14:41:00Z", "text": "from the notetaker"}))
        await _until(pilot, lambda: app.save_status.state.value == "saved")
        assert moderator.reload_if_changed()
        assert moderator.session.timeline[-1].text == "from the notetaker"


async def test_notetaker_screen_cannot_change_the_meeting(demo_copy: Path, bare_role_screens: None) -> None:
    app = PmtuiApp(demo_copy, "notetaker")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert not app.submit(SetField("meeting", "phase", "whys"))
        assert app.session.meeting.phase.value == "summary"
        await pilot.pause()
        assert any("moderator" in n.message for n in app._notifications)


async def test_moderator_screen_changes_only_the_meeting(demo_copy: Path, bare_role_screens: None) -> None:
    app = PmtuiApp(demo_copy, "moderator")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert not app.submit(AddEntry("timeline", {"at": "2026-11-20T14:41:00Z", "text": "typed on the projector"}))
        assert app.submit(SetField("meeting", "spotlight", "t2"))
        assert app.session.meeting.spotlight == "t2"


async def test_second_notetaker_is_read_only_names_the_holder_and_can_take_over(
    demo_copy: Path, bare_role_screens: None
) -> None:
    holder = claim(demo_copy, "notetaker", name="Lee Chen")  # as if another terminal had it
    assert holder.granted
    app = PmtuiApp(demo_copy, "notetaker")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.pause()
        assert app.read_only
        banner = app.screen.query_one(RoleBanner)
        assert "Lee Chen" in str(banner.content) and "taking notes" in str(banner.content)
        before = demo_copy.read_bytes()
        assert not app.submit(AddEntry("timeline", {"at": "2026-11-20T14:41:00Z", "text": "x"}))
        assert demo_copy.read_bytes() == before
        # Still follows the other side live.
        other = SessionFile.open(demo_copy)
        other.submit(AddEntry("timeline", {"at": "2026-11-20T14:42:00Z", "text": "typed by Lee"}))
        other.save()
        await _until(pilot, lambda: app.session.timeline[-1].text == "typed by Lee")
        # Retry while the holder is there: still read-only. Once it has gone: take over.
        await pilot.press("f5")
        assert app.read_only
        holder.lease.release()  # type: ignore[union-attr]
        app.live.refresh_banner()  # as its timer does every 2 s; the screen shows what it is told
        await _until(pilot, lambda: "free now" in str(app.screen.query_one(RoleBanner).content))
        await pilot.press("f5")
        await pilot.pause()
        assert not app.read_only
        assert not app.screen.query(RoleBanner)
        assert app.submit(AddEntry("timeline", {"at": "2026-11-20T14:43:00Z", "text": "mine now"}))


async def test_broken_hand_edit_shows_where_and_nothing_is_lost_once_fixed(
    demo_copy: Path, bare_role_screens: None
) -> None:
    app = PmtuiApp(demo_copy, "notetaker")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        text = demo_copy.read_text()
        demo_copy.write_text(text.replace('kind = "action"', 'kind = "acton"', 1))  # as an editor saves
        await _until(pilot, lambda: bool(app.disk_error))
        assert "timeline t1" in app.disk_error and f"{demo_copy.name}:" in app.disk_error
        await pilot.pause()
        warning = app.screen.query_one(DiskWarning)  # placed by the app on a screen without one
        assert warning.has_class("-shown") and "acton" in str(warning.content)
        assert app.submit(AddEntry("timeline", {"at": "2026-11-20T14:44:00Z", "text": "typed meanwhile"}))
        await _until(pilot, lambda: app.save_status.state.value in ("retrying", "file-broken"))
        assert "acton" in demo_copy.read_text()  # the broken file was not written over
        fixed = demo_copy.read_text().replace('kind = "acton"', 'kind = "action"', 1)
        demo_copy.write_text(fixed.replace("timebox_minutes = 45", "timebox_minutes = 50", 1))
        await _until(pilot, lambda: app.save_status.state.value == "saved" and not app.disk_error)
        await pilot.pause()
        assert not warning.has_class("-shown")
        final = SessionFile.open(demo_copy).session
        assert final.meeting.timebox_minutes == 50
        assert final.timeline[-1].text == "typed meanwhile"


@pytest.mark.parametrize("role", ["moderator", "notetaker"])
async def test_the_role_screens_say_who_holds_their_role_until_it_is_taken(demo_copy: Path, role: str) -> None:
    holder = claim(demo_copy, role, name="Lee Chen")  # another terminal has the role
    app = PmtuiApp(demo_copy, role)
    async with app.run_test(size=(120, 40)) as pilot:
        await _until(pilot, lambda: bool(app.screen.query(RoleBanner)))
        banner = app.screen.query_one(RoleBanner)
        assert app.screen.children[0] is banner, "the banner is the screen's top line"
        assert "Lee Chen" in str(banner.content) and "F5" in str(banner.content)
        holder.lease.release()  # type: ignore[union-attr]
        await pilot.press("f5")
        await _until(pilot, lambda: not app.screen.query(RoleBanner))
        assert not app.read_only
