"""The moderator's screen driven by keys: phases, the timer on a fake clock, spotlight, checks, large text."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

from textual.widgets import Digits, Static

from pmtui.domain.changes import AddEntry, DeleteEntry
from pmtui.domain.model import Phase
from pmtui.storage.store import SessionFile
from pmtui.ui.app import PmtuiApp
from pmtui.ui.widgets.checks_panel import ChecksPanel
from pmtui.ui.widgets.entry_list import EntryList
from pmtui.ui.widgets.phase_content import SPOTLIGHT_MARK, PhaseContent
from pmtui.ui.widgets.phase_timer import PhaseTimer
from tests.pilot_support import until

T0 = dt.datetime(2026, 11, 23, 15, 0, 0, tzinfo=dt.UTC)


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += dt.timedelta(seconds=seconds)


def moderator_app(path: Path, clock: Clock | None = None) -> PmtuiApp:
    return PmtuiApp(path, "moderator", clock=clock or Clock())


async def saved(pilot, app: PmtuiApp, timeout: float = 3.0) -> None:  # type: ignore[no-untyped-def]
    """Wait until the autosave has reached the disk."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        await pilot.pause(0.05)
        if app.save_status.state.value == "saved" and not app.session_file.has_pending:  # type: ignore[union-attr]
            return
    raise AssertionError(f"not saved after {timeout} s: {app.save_status}")


def table_of(app: PmtuiApp) -> EntryList:
    return app.screen.query_one(EntryList)


def marked(table: EntryList, entry_id: str) -> bool:
    """Whether the entry's row, as drawn, starts with the spotlight mark."""
    return table.row_text(entry_id).lstrip().startswith(SPOTLIGHT_MARK)


async def test_phase_keys_move_the_meeting_and_reach_the_file(demo_copy: Path) -> None:
    app = moderator_app(demo_copy)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert app.session.meeting.phase == Phase.SUMMARY
        await pilot.press("n")
        await pilot.press("right")  # works while the content table has focus
        assert app.session.meeting.phase == Phase.WENT_WELL
        await pilot.press("p")
        assert app.session.meeting.phase == Phase.TIMELINE
        await pilot.press("5")
        assert app.session.meeting.phase == Phase.WHYS
        await saved(pilot, app)
    assert SessionFile.open(demo_copy).session.meeting.phase == Phase.WHYS
    assert 'phase = "whys"' in demo_copy.read_text(encoding="utf-8")


async def test_timer_counts_down_changes_colour_and_counts_up(demo_copy: Path) -> None:
    clock = Clock()
    app = moderator_app(demo_copy, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        timer = app.screen.query_one(PhaseTimer)
        digits = timer.query_one(Digits)
        box = app.session.meeting.timebox_for(Phase.SUMMARY)  # 5 minutes in the demo
        assert box == 5
        assert digits.value == "05:00"
        assert timer.has_class("-paused")
        await pilot.press("space")
        clock.advance(61)
        agenda = app.screen.query_one("#agenda-full", Static)
        # The timer refreshes four times a second, the agenda once.
        await until(pilot, lambda: digits.value == "03:59" and "1:01" in str(agenda.content), "the minute to tick")
        assert timer.has_class("-running")
        clock.advance(120)  # 1:59 left: under 2 minutes
        await until(pilot, lambda: digits.value == "01:59", "the timer at 01:59")
        assert timer.has_class("-near-end") and not timer.has_class("-running")
        clock.advance(125)
        await until(pilot, lambda: digits.value == "+00:06", "the timer over time")
        assert timer.has_class("-over") and not timer.has_class("-near-end")
        # The file is not rewritten while the timer runs.
        assert app.session.meeting.spent_seconds == {}


async def test_pause_records_spent_seconds_and_plus_minus_change_the_timebox(demo_copy: Path) -> None:
    clock = Clock()
    app = moderator_app(demo_copy, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("space")
        clock.advance(95)
        await pilot.press("space")
        assert app.session.meeting.spent_seconds == {Phase.SUMMARY: 95}
        assert app.session.meeting.timer_started_at is None
        await pilot.press("plus", "plus", "minus")
        assert app.session.meeting.timebox_for(Phase.SUMMARY) == 6
        digits = app.screen.query_one(PhaseTimer).query_one(Digits)
        await until(pilot, lambda: digits.value == "04:25", "the timer to show the new timebox")
        await saved(pilot, app)
    text = demo_copy.read_text(encoding="utf-8")
    assert "spent_seconds = {summary = 95}" in text
    assert "timeboxes = {summary = 6}" in text


async def test_phase_change_with_the_timer_running_banks_the_time(demo_copy: Path) -> None:
    clock = Clock()
    app = moderator_app(demo_copy, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("space")
        clock.advance(130)
        await pilot.press("n")
        meeting = app.session.meeting
        assert meeting.spent_seconds == {Phase.SUMMARY: 130}
        assert meeting.timer_started_at == clock.now, "the timer keeps running in the next phase"


async def test_spotlight_marks_the_selected_entry_and_s_again_clears(demo_copy: Path) -> None:
    app = moderator_app(demo_copy)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("n")  # timeline
        await pilot.pause()
        table = table_of(app)
        await pilot.press("down", "down", "s")
        chosen = table.row_keys[2]
        assert app.session.meeting.spotlight == chosen
        await pilot.pause()
        assert marked(table, chosen)
        assert [key for key in table.row_keys if marked(table, key)] == [chosen]
        await pilot.press("s")
        assert app.session.meeting.spotlight == ""
        await pilot.pause()
        assert not marked(table, chosen)
        await pilot.press("up", "enter")  # enter spotlights too
        assert app.session.meeting.spotlight == table.row_keys[1]
        await pilot.press("1", "2")  # through the summary (no table) and back
        await pilot.pause()
        await pilot.press("down", "s")
        assert app.session.meeting.spotlight == table.row_keys[2]


async def test_content_follows_the_notetaker_and_scrolls_to_the_new_entry(demo_copy: Path) -> None:
    app = moderator_app(demo_copy)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        table = table_of(app)
        assert table.row_count == len(app.session.timeline)
        # The notetaker's process writes the file; the moderator's app reloads it.
        notetaker = SessionFile.open(demo_copy)
        notetaker.submit(
            AddEntry(
                "timeline",
                {
                    "at": dt.datetime(2026, 11, 20, 16, 0, tzinfo=dt.UTC),
                    "kind": "note",
                    "text": "Post-incident review scheduled",
                },
            )
        )
        notetaker.submit(DeleteEntry("whys", "y6"))
        notetaker.save()
        assert app.session_file is not None
        app.session_file.reload_if_changed()
        app.session = app.session_file.session
        await pilot.pause()
        assert table.row_count == len(app.session.timeline)
        assert table.selected_key == table.row_keys[-1], "the newest entry is selected and in view"
        assert table.max_scroll_y > 0 and table.scroll_target_y == table.max_scroll_y


async def test_checks_panel_shows_this_phases_findings(demo_copy: Path) -> None:
    app = moderator_app(demo_copy)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        panel = app.screen.query_one(ChecksPanel)
        await pilot.press("5")  # whys: the demo has six
        await pilot.pause()
        assert panel.findings == []
        sf = SessionFile.open(demo_copy)
        for why in ("y4", "y5", "y6"):
            sf.submit(DeleteEntry("whys", why))
        sf.submit(AddEntry("actions", {"text": "Add a pool-size alert at 50% of max", "due": dt.date(2026, 12, 9)}))
        sf.save()
        app.session_file.reload_if_changed()  # type: ignore[union-attr]
        app.session = app.session_file.session  # type: ignore[union-attr]
        app.check_disk()  # as the file watcher would
        # The checks rerun shortly after an edit.
        await until(pilot, lambda: "3 of 5 whys" in [f.message for f in panel.findings], "the whys finding")
        assert all(f.phase == Phase.WHYS for f in panel.findings)
        await pilot.pause()
        assert any("3 of 5 whys" in line for line in checks_lines(panel)), "the finding is on screen"
        await pilot.press("n")  # actions: the new one has no owner
        await pilot.pause()
        assert any(f.rule == "actions.no-owner" for f in panel.findings)
        await pilot.pause()
        shown = checks_lines(panel)
        assert not any("whys" in line for line in shown), "the last phase's finding is gone"
        assert all(shown), "as tall as its lines: no gap left from the last phase's list"
        listed = {line.split()[1] for line in shown if line.startswith(("!", "✗"))}  # "✗ a6 no owner: …"
        assert listed == {f.entry_id for f in panel.findings}


def checks_lines(panel: ChecksPanel) -> list[str]:
    """The checks list as drawn: every line of its current height."""
    listing = panel.query_one("#checks-list")
    return [listing.render_line(y).text.rstrip() for y in range(listing.size.height)]


async def test_large_mode_and_narrow_screen_hide_secondary_details(demo_copy: Path) -> None:
    app = moderator_app(demo_copy)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("6")  # actions: the id column is secondary
        await pilot.pause()
        table = table_of(app)
        assert "id" in table.visible_columns
        await pilot.press("z")
        await pilot.pause()
        assert app.screen.query_one(PhaseContent).large
        assert table.cell_padding == 2
        assert "id" not in table.visible_columns
        await pilot.press("z")
        await pilot.pause()
        assert table.cell_padding == 1
        assert "id" in table.visible_columns
        assert not app.screen.has_class("-narrow")
        await pilot.resize_terminal(80, 24)
        await until(pilot, lambda: app.screen.has_class("-narrow"), "the narrow layout")
        assert "id" not in table.visible_columns
        assert table.virtual_size.width <= table.size.width, "columns fit an 80-column screen"


async def test_a_large_timeline_shows_grows_and_spotlights() -> None:
    from textual.app import App, ComposeResult

    from pmtui.domain.model import Session, TimelineEvent

    start_at = dt.datetime(2026, 11, 20, 14, 0, tzinfo=dt.UTC)
    events = [
        TimelineEvent(
            id=f"t{i}",
            at=start_at + dt.timedelta(seconds=7 * i),
            kind="note",
            text=f"payments-service: 5xx rate rose from {i % 97}.5% to 41% on {i % 48} of 48 pods; p99 1.2 s",
        )
        for i in range(2000)
    ]
    session = Session.model_validate({"meeting": {"phase": "timeline"}, "timeline": events})

    class ContentApp(App[None]):
        def compose(self) -> ComposeResult:
            yield PhaseContent()

    app = ContentApp()
    async with app.run_test(size=(120, 40)) as pilot:
        content = app.query_one(PhaseContent)
        content.show(session)
        await pilot.pause()
        table = content.table
        assert table.row_count == 2000
        newest = TimelineEvent(id="t2000", at=start_at + dt.timedelta(hours=5), text="Incident closed")
        grown = session.model_copy(update={"timeline": [*events, newest]})
        content.show(grown)
        await pilot.pause()
        assert table.row_count == 2001
        assert table.selected_key == "t2000", "the newest entry is selected and scrolled into view"
        content.show(grown.model_copy(update={"meeting": grown.meeting.model_copy(update={"spotlight": "t5"})}))
        await pilot.pause()
        assert marked(table, "t5") and not marked(table, "t2000")
    # How fast: bench/run.py (open_large_ratio, add_latency_ratio), not a timed test.


async def test_moderator_actions_are_in_the_command_palette(demo_copy: Path) -> None:
    app = moderator_app(demo_copy)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        commands = {c.title: c for c in app.get_system_commands(app.screen)}
        assert {"Next phase", "Start / pause the timer", "Large / normal text"} <= set(commands)
        commands["Go to phase 5: Five whys"].callback()
        assert app.session.meeting.phase == Phase.WHYS


async def test_table_colours_follow_the_theme(demo_copy: Path) -> None:
    app = moderator_app(demo_copy)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("2", "s")
        await pilot.pause()
        table = table_of(app)
        spotlit = app.session.meeting.spotlight

        def mark_colour() -> str:
            line = table.render_row(spotlit)[0]
            return next(str(segment.style) for segment in line if segment.text == SPOTLIGHT_MARK)

        before = mark_colour()
        app.theme = "textual-light"
        await pilot.pause()
        assert mark_colour() != before
        assert app.theme_variables["text-accent"].upper() in mark_colour().upper()
