"""SessionUpdated: the screens hear what changed and where from, and each pane redraws only its own sections."""

from __future__ import annotations

import datetime as dt
import gc
from pathlib import Path
from typing import Any

from textual.widgets import OptionList

from pmtui.domain.attendees import AddAttendee
from pmtui.domain.changes import AddEntry, SetField, UpdateEntry
from pmtui.domain.model import Phase
from pmtui.storage.store import SessionFile
from pmtui.ui.app import PmtuiApp
from pmtui.ui.dialogs.attendees_dialog import AttendeesDialog
from pmtui.ui.messages import Origin, SessionUpdated
from pmtui.ui.screens.notetaker import NotetakerScreen
from pmtui.ui.widgets.attendees_editor import AttendeesEditor
from pmtui.ui.widgets.entry_pane import ID_COLUMN, EntryPane
from pmtui.ui.widgets.timeline_pane import TimelinePane
from pmtui.ui.widgets.whys_pane import WhysPane
from tests.pilot_support import until

CLOCK = dt.datetime(2026, 11, 23, 15, 5, tzinfo=dt.UTC)


class Heard:
    """The SessionUpdated the app gave its screens, in order (subscribed to the app's signal)."""

    def __init__(self, app: PmtuiApp) -> None:
        self.updates: list[SessionUpdated] = []
        app.session_updated.subscribe(app, self.updates.append, immediate=True)

    def kinds(self) -> set[tuple[frozenset[str], Origin]]:
        return {(update.changed, update.origin) for update in self.updates}


def notetaker_app(path: Path) -> PmtuiApp:
    return PmtuiApp(path, "notetaker", clock=lambda: CLOCK)


async def notetaker(app: PmtuiApp, pilot: Any, phase: Phase) -> NotetakerScreen:
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, NotetakerScreen)
    screen.action_show_phase(phase.value)
    await pilot.pause()
    return screen


async def follow_disk(app: PmtuiApp, pilot: Any, heard: Heard, origin: Origin) -> SessionUpdated:
    """Look at the file now (the watcher would too), and wait until the screen has taken the update."""
    app.check_disk()
    for _ in range(20):
        await app.workers.wait_for_complete()
        await pilot.pause()
        found = [u for u in heard.updates if u.origin is origin]
        if found:
            return found[-1]
    raise AssertionError(f"no update from {origin} reached the screen: {heard.updates}")


def edit_by_hand(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


def rows_built(screen: NotetakerScreen) -> dict[str, int]:
    return {pane.SECTION: pane.rows_built for pane in screen.query(EntryPane)}


async def test_a_local_edit_tells_the_screens_the_timeline_changed(demo_copy: Path) -> None:
    app = notetaker_app(demo_copy)
    async with app.run_test(size=(120, 40)) as pilot:
        heard = Heard(app)
        screen = await notetaker(app, pilot, Phase.TIMELINE)
        pane = screen.query_one(TimelinePane)
        before = rows_built(screen)
        heard.updates.clear()
        assert app.submit(UpdateEntry("timeline", "t3", {"text": "edited on this screen"}))
        await pilot.pause()
        assert heard.kinds() == {(frozenset({"timeline"}), Origin.LOCAL)}
        assert "edited on this screen" in pane.table.row_text("t3")
        after = rows_built(screen)
        assert after["timeline"] == before["timeline"] + 1, "the edited entry's row only"
        assert {k: v for k, v in after.items() if k != "timeline"} == {
            k: v for k, v in before.items() if k != "timeline"
        }


async def test_a_hand_edit_reaches_the_pane_with_origin_disk(demo_copy: Path) -> None:
    app = notetaker_app(demo_copy)
    async with app.run_test(size=(120, 40)) as pilot:
        heard = Heard(app)
        screen = await notetaker(app, pilot, Phase.TIMELINE)
        pane = screen.query_one(TimelinePane)
        built = pane.rows_built
        edit_by_hand(demo_copy, 'text = "config-sync pushed cfg-7731', 'text = "Edited in vim: cfg-7731')
        update = await follow_disk(app, pilot, heard, Origin.DISK)
        assert update.changed == {"timeline"}
        assert "Edited in vim" in pane.table.row_text("t1")
        assert pane.rows_built == built + 1


async def test_a_pane_whose_sections_did_not_change_keeps_its_rows(demo_copy: Path) -> None:
    app = notetaker_app(demo_copy)
    async with app.run_test(size=(120, 40)) as pilot:
        heard = Heard(app)
        screen = await notetaker(app, pilot, Phase.WHYS)
        await notetaker(app, pilot, Phase.TIMELINE)  # both lists filled
        before = rows_built(screen)
        assert before["timeline"] and before["whys"]
        # A changed first comment makes the whole file be read again: every entry is a new object.
        edit_by_hand(demo_copy, "# Postmortem — safe to edit by hand", "# Postmortem — edited by hand")
        edit_by_hand(demo_copy, "timebox_minutes = 45\n", 'timebox_minutes = 45\nspotlight = "t2"\n')
        update = await follow_disk(app, pilot, heard, Origin.DISK)
        assert update.changed == {"meeting"}
        assert rows_built(screen) == before, "no list section changed: no row is built again"
        assert screen.query_one(TimelinePane).table.spotlight == "t2", "the spotlight moves all the same"
        assert screen.query_one(WhysPane).table.spotlight == "t2"


async def test_another_terminals_save_reaches_a_screen_under_a_dialog(demo_copy: Path) -> None:
    app = notetaker_app(demo_copy)
    async with app.run_test(size=(120, 40)) as pilot:
        heard = Heard(app)
        screen = await notetaker(app, pilot, Phase.TIMELINE)
        app.push_screen(AttendeesDialog())
        await pilot.pause()
        other = SessionFile.open(demo_copy)  # as the moderator's terminal does
        other.submit(AddEntry("timeline", {"at": "2026-11-20T14:44:00Z", "text": "noted by the other terminal"}))
        other.submit(SetField("meeting", "phase", "timeline"))
        other.save()
        update = await follow_disk(app, pilot, heard, Origin.OTHER_TERMINAL)
        assert update.changed == {"timeline", "meeting"}
        assert isinstance(app.screen, AttendeesDialog)
        added = next(e.id for e in update.session.timeline if e.text == "noted by the other terminal")
        assert screen.query_one(TimelinePane).table.has_row(added), "the screen under the dialog followed"

        other.submit(AddAttendee("Noor Haddad"))
        other.save()
        heard.updates.clear()
        update = await follow_disk(app, pilot, heard, Origin.OTHER_TERMINAL)
        assert update.changed == {"attendees"}
        listing = app.screen.query_one(AttendeesEditor).query_one(OptionList)
        shown = [str(listing.get_option_at_index(i).prompt) for i in range(listing.option_count)]
        assert any("Noor Haddad" in line for line in shown), "the dialog's list followed"


async def test_the_time_column_shows_dates_once_the_timeline_spans_days(demo_copy: Path) -> None:
    """Clocks alone while every entry is on the incident's day; the date too once one is not."""
    app = notetaker_app(demo_copy)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await notetaker(app, pilot, Phase.TIMELINE)
        table = screen.query_one(TimelinePane).table
        assert table.cell_text("t1", "at") == "13:58:10"
        late = AddEntry("timeline", {"at": dt.datetime(2026, 11, 21, 0, 10, tzinfo=dt.UTC), "text": "Paged again"})
        assert app.submit(late)
        await pilot.pause()
        assert table.cell_text(late.added_id or "", "at") == "2026-11-21 00:10:00", "the column widens for the date"
        assert table.cell_text("t1", "at") == "13:58:10", "the incident's own day still shows its clock alone"
        assert app.undo()
        await pilot.pause()
        assert table.column_width("at") == len("14:02:00"), "back to clocks once no entry is off the day"
        early = AddEntry("timeline", {"at": dt.datetime(2026, 11, 19, 23, 50, tzinfo=dt.UTC), "text": "Config drafted"})
        assert app.submit(early)
        await pilot.pause()
        assert table.column_width("at") == len("2026-11-19 23:50:00"), "an entry the day before widens it too"
        assert app.undo()
        await pilot.pause()
        assert table.column_width("at") == len("14:02:00"), "and narrows it when it goes"


async def test_the_id_column_is_as_wide_as_the_longest_id_listed(demo_copy: Path) -> None:
    """The id is how a notetaker tells entries apart: it widens for a long one and narrows once it goes."""
    app = notetaker_app(demo_copy)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await notetaker(app, pilot, Phase.TIMELINE)
        table = screen.query_one(TimelinePane).table
        narrow = table.column_width(ID_COLUMN)
        at = dt.datetime(2026, 11, 20, 14, 50, tzinfo=dt.UTC)
        assert app.submit(AddEntry("timeline", {"at": at, "text": "from the pager"}, id="pager-0042"))
        await pilot.pause()
        assert table.cell_text("pager-0042", ID_COLUMN) == "pager-0042"
        assert table.column_width(ID_COLUMN) == len("pager-0042") > narrow
        assert app.submit(AddEntry("timeline", {"at": at, "text": "another"}, id="p-7"))
        await pilot.pause()
        assert table.column_width(ID_COLUMN) == len("pager-0042"), "a shorter id keeps the width"
        assert app.undo() and app.undo()
        await pilot.pause()
        assert table.column_width(ID_COLUMN) == narrow, "the long id is gone"


async def test_an_entry_typed_after_the_document_loads_is_selected(demo_copy: Path) -> None:
    """As `pmtui FILE` runs: the file is read the fast way and its document parsed later; the
    entry typed next is still this terminal's own, so the list's cursor goes to it."""
    session_file = SessionFile.open(demo_copy, lazy=True)
    app = PmtuiApp(demo_copy, "notetaker", session_file=session_file, clock=lambda: CLOCK)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await notetaker(app, pilot, Phase.TIMELINE)
        session_file.load_document()  # what the app's document worker does half a second in
        await pilot.press(*"14:50 note typed after the load", "enter")
        await pilot.pause()
        pane = screen.query_one(TimelinePane)
        added = pane.session.timeline
        typed = next(entry for entry in added if entry.text == "typed after the load")
        assert pane.table.selected_key == typed.id


async def test_the_collector_is_back_on_once_the_document_is_parsed(demo_copy: Path) -> None:
    """`pmtui FILE` starts with Python's garbage collector off (cli.py, for the first frame); left off,
    a meeting's app would grow for hours. It is on again once the document worker has run."""
    session_file = SessionFile.open(demo_copy, lazy=True)
    app = PmtuiApp(demo_copy, "notetaker", session_file=session_file, clock=lambda: CLOCK)
    gc.disable()
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await notetaker(app, pilot, Phase.TIMELINE)
            await until(pilot, gc.isenabled, "the collector to be turned back on")
    finally:
        gc.enable()


async def test_long_ids_show_whole_in_the_list(tmp_path: Path) -> None:
    """A long incident's ids (t1200) are how the notetaker tells entries apart: never cut to "t12…"."""
    from tests.test_long_session_edits import long_session

    path = tmp_path / "long.toml"
    roles = '[roles]\nmoderator = "Sam Ortega"\nnotetaker = "Lee Chen"\n\n'
    path.write_text(long_session(1200).replace("[[timeline]]", roles + "[[timeline]]", 1), encoding="utf-8")
    app = PmtuiApp(path, "notetaker", clock=lambda: CLOCK)
    async with app.run_test(size=(120, 40)) as pilot:
        await notetaker(app, pilot, Phase.TIMELINE)
        pane = app.screen.query_one(TimelinePane)
        await until(pilot, lambda: pane.table.has_row("t1200"), "the timeline to be listed")
        row = "".join(strip.text for strip in pane.table.render_row("t1200"))
        assert " t1200 " in row


async def test_the_detail_under_the_list_grows_and_shrinks_with_the_selected_entry(demo_copy: Path) -> None:
    """The detail is redrawn without laying the screen out while its height stays; a longer or
    shorter text must still get its lines (up to three), never a gap under the list."""
    app = PmtuiApp(demo_copy, "notetaker", clock=lambda: CLOCK)
    async with app.run_test(size=(80, 30)) as pilot:
        screen = await notetaker(app, pilot, Phase.TIMELINE)
        pane = screen.query_one(TimelinePane)
        detail = pane.query_one(".entry-detail")
        long_text = "the payments pool ran dry " * 9
        assert app.submit(AddEntry("timeline", {"at": CLOCK, "kind": "note", "text": long_text}))
        assert app.submit(AddEntry("timeline", {"at": CLOCK, "kind": "note", "text": "short"}))
        await pilot.pause()
        ids = pane.table.row_keys
        heights = []
        for entry_id in (ids[-2], ids[-1], ids[-2]):  # long, short, long again
            pane.select(entry_id)
            await pilot.wait_for_scheduled_animations()
            await pilot.pause()
            shown = " ".join(detail.render_line(y).text.strip() for y in range(detail.size.height))
            text = "the payments pool ran dry" if entry_id == ids[-2] else "short"
            assert shown.startswith(f"15:05:00 note: {text}")
            heights.append(detail.size.height)
        assert heights == [3, 1, 3]  # the long text fills the three lines the detail may take
