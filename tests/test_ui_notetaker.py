"""The notetaker's screen, driven with keys: add, edit, delete, undo, reorder; following the meeting's phase."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from textual.widgets import TextArea

from pmtui.domain.changes import AddEntry, SetField
from pmtui.domain.model import Phase
from pmtui.domain.timeline_import import insert_position
from pmtui.storage.parsing import load_session_fast
from pmtui.storage.store import SessionFile
from pmtui.ui.app import PmtuiApp
from pmtui.ui.dialogs.entry_form import DiscardChangesDialog, EntryForm
from pmtui.ui.screens.notetaker import NotetakerScreen, tab_id
from pmtui.ui.widgets.entry_pane import EntryPane
from pmtui.ui.widgets.observation_panes import WentWellPane
from pmtui.ui.widgets.questions_pane import QuestionsPane
from pmtui.ui.widgets.summary_pane import SummaryPane
from pmtui.ui.widgets.timeline_pane import TimelinePane
from tests.pilot_support import settle, until

CLOCK = dt.datetime(2026, 11, 23, 15, 5, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _private_state(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))  # keep the recent list out of ~


def notetaker_app(path: Path) -> PmtuiApp:
    return PmtuiApp(path, "notetaker", clock=lambda: CLOCK)


async def show(pilot, phase: Phase) -> None:  # type: ignore[no-untyped-def]
    pilot.app.screen.action_show_phase(phase.value)
    await pilot.pause()


def on_disk(path: Path):  # type: ignore[no-untyped-def]
    return load_session_fast(path)


async def test_timeline_quick_entry_inserts_in_time_order_and_reaches_the_file(demo_copy: Path) -> None:
    app = notetaker_app(demo_copy)
    async with app.run_test(size=(120, 40)) as pilot:
        await show(pilot, Phase.TIMELINE)
        pane = app.screen.query_one(TimelinePane)
        assert pane.quick_input.has_focus
        pane.quick_input.value = "14:50 comm Status page says resolved"
        await pilot.press("enter")
        await settle(app, pilot)
        timeline = on_disk(demo_copy).timeline
        new = next(e for e in timeline if e.text == "Status page says resolved")
        assert new.kind.value == "communication"
        assert new.at == dt.datetime(2026, 11, 20, 14, 50, tzinfo=dt.UTC)
        ids = [e.id for e in timeline]
        assert ids.index(new.id) == ids.index("t13") + 1  # between 14:45 and 15:10
        assert pane.selected_id == new.id and pane.quick_input.value == ""
        # +5m counts from the entry just added
        pane.quick_input.value = "+5m note follow-up posted"
        await pilot.press("enter")
        await settle(app, pilot)
        follow = next(e for e in on_disk(demo_copy).timeline if e.text == "follow-up posted")
        assert follow.at == dt.datetime(2026, 11, 20, 14, 55, tzinfo=dt.UTC)


async def test_the_line_is_explained_while_typing_and_plus_counts_from_the_latest_entry(demo_copy: Path) -> None:
    app = notetaker_app(demo_copy)
    async with app.run_test(size=(120, 40)) as pilot:
        await show(pilot, Phase.TIMELINE)
        pane = app.screen.query_one(TimelinePane)
        assert pane.selected_id == "t14"  # the timeline opens at its latest entry
        await pilot.press(*"+3m ack")
        hint = pane.query_one(".quick-hint")
        assert not hint.display  # "ack" alone is not an entry yet: no guess, no error
        await pilot.press(*" bridge joined")
        assert hint.display
        assert str(hint.render()) == "→ Fri 20 Nov 15:13:00 GMT · acknowledged · goes after t14"
        # A time typed equal to an entry's goes after it, where a paste (the domain's rule) puts it too.
        timeline = pane.session.timeline
        tied = timeline[3]
        quick = pane.parse_quick_entry(f"{tied.at.astimezone(pane.session.incident.tz):%H:%M:%S} note same time")
        assert quick.position == insert_position(timeline, tied.at) == 4


async def test_a_bad_time_shows_an_error_and_keeps_the_text(demo_copy: Path) -> None:
    before = demo_copy.read_text()
    app = notetaker_app(demo_copy)
    async with app.run_test(size=(120, 40)) as pilot:
        await show(pilot, Phase.TIMELINE)
        pane = app.screen.query_one(TimelinePane)
        pane.quick_input.value = "25:00 PagerDuty paged"
        await pilot.press("enter")
        await pilot.pause()
        error = pane.query_one(".quick-error")
        assert "25:00 is not a time; use HH:MM" in str(error.render())
        assert error.display
        assert pane.quick_input.value == "25:00 PagerDuty paged"
        await settle(app, pilot)
    assert demo_copy.read_text() == before


async def test_edit_a_timeline_entry_in_the_form_moves_it_to_its_new_time(demo_copy: Path) -> None:
    app = notetaker_app(demo_copy)
    async with app.run_test(size=(120, 40)) as pilot:
        await show(pilot, Phase.TIMELINE)
        pane = app.screen.query_one(TimelinePane)
        pane.select("t4")
        pane.table.focus()
        await pilot.press("enter")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, EntryForm)
        assert form.current_values()["at"] == "14:12"
        form.query_one("#field-at").value = "14:20"  # type: ignore[attr-defined]
        form.query_one("#field-source").value = "https://oncall.example.com/4471"  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        timeline = on_disk(demo_copy).timeline
        t4 = next(e for e in timeline if e.id == "t4")
        assert t4.at == dt.datetime(2026, 11, 20, 14, 20, tzinfo=dt.UTC)
        assert t4.source == "https://oncall.example.com/4471"
        ids = [e.id for e in timeline]
        assert ids.index("t4") == ids.index("t7") + 1  # after 14:19
        assert isinstance(app.screen, NotetakerScreen) and pane.selected_id == "t4"


async def test_the_form_refuses_a_bad_time_and_stays_open(demo_copy: Path) -> None:
    app = notetaker_app(demo_copy)
    async with app.run_test(size=(120, 40)) as pilot:
        await show(pilot, Phase.TIMELINE)
        pane = app.screen.query_one(TimelinePane)
        pane.select("t2")
        pane.action_edit()
        await pilot.pause()
        form = app.screen
        form.query_one("#field-at").value = "14:99"  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form
        assert "14:99 is not a time" in str(form.query_one(".form-error").render())
        await pilot.press("escape")  # the form was changed: Esc asks before losing it
        await pilot.pause()
        assert isinstance(app.screen, DiscardChangesDialog)
        await pilot.press("enter")  # keep editing
        await pilot.pause()
        assert app.screen is form and form.query_one("#field-at").value == "14:99"  # type: ignore[attr-defined]
        await pilot.press("escape", "ctrl+d")
        await pilot.pause()
        assert isinstance(app.screen, NotetakerScreen)


async def test_delete_then_undo_restores_the_entry_in_place(demo_copy: Path) -> None:
    app = notetaker_app(demo_copy)
    async with app.run_test(size=(120, 40)) as pilot:
        await show(pilot, Phase.TIMELINE)
        pane = app.screen.query_one(TimelinePane)
        pane.select("t4")
        pane.table.focus()
        await pilot.press("delete")
        await settle(app, pilot)
        assert "t4" not in [e.id for e in on_disk(demo_copy).timeline]
        assert any("Deleted t4 — press ctrl+z to undo" in n.message for n in app._notifications)
        assert pane.selected_id == "t5"  # the cursor stays where the entry was
        await pilot.press("ctrl+z")
        await settle(app, pilot)
        ids = [e.id for e in on_disk(demo_copy).timeline]
        assert ids[3] == "t4"
        assert pane.selected_id == "t4"  # the entry brought back is selected
        await pilot.press("delete", "ctrl+z")
        await settle(app, pilot)
        assert [e.id for e in on_disk(demo_copy).timeline][3] == ids[3]


async def test_reorder_and_add_observations(demo_copy: Path) -> None:
    app = notetaker_app(demo_copy)
    async with app.run_test(size=(120, 40)) as pilot:
        await show(pilot, Phase.WENT_WELL)
        pane = app.screen.query_one(WentWellPane)
        pane.quick_input.value = "Support had a macro reply ready within 5 minutes"
        await pilot.press("enter")
        await settle(app, pilot)
        ids = [e.id for e in on_disk(demo_copy).went_well]
        assert ids == ["g1", "g2", "g3", "g4"] and pane.selected_id == "g4"
        pane.table.focus()
        await pilot.press("ctrl+up", "alt+up")
        await settle(app, pilot)
        assert [e.id for e in on_disk(demo_copy).went_well] == ["g1", "g4", "g2", "g3"]
        await pilot.press("alt+down")
        await settle(app, pilot)
        assert [e.id for e in on_disk(demo_copy).went_well] == ["g1", "g2", "g4", "g3"]
        assert pane.selected_id == "g4"


async def test_answer_a_question_by_editing_it(demo_copy: Path) -> None:
    app = notetaker_app(demo_copy)
    async with app.run_test(size=(120, 40)) as pilot:
        await show(pilot, Phase.WRAP_UP)
        pane = app.screen.query_one(QuestionsPane)
        pane.quick_input.value = "Who approves base config changes on Fridays?"
        await pilot.press("enter")
        await settle(app, pilot)
        question = on_disk(demo_copy).questions[-1]
        assert question.answer == ""
        pane.table.focus()
        await pilot.press("enter")  # enter on the list edits, like e
        await pilot.pause()
        form = app.screen
        assert isinstance(form, EntryForm)
        form.query_one("#field-answer").load_text("Any two platform engineers")  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert on_disk(demo_copy).questions[-1].answer == "Any two platform engineers"


async def test_summary_typing_is_saved_after_a_short_pause(demo_copy: Path) -> None:
    app = notetaker_app(demo_copy)
    async with app.run_test(size=(120, 40)) as pilot:
        await show(pilot, Phase.SUMMARY)
        area = app.screen.query_one("#incident-impact")
        area.focus()
        area.move_cursor(area.document.end)  # type: ignore[attr-defined]
        await pilot.press(*" Plus 3 retries.")
        # Sent after a pause in the typing, then saved.
        await until(pilot, lambda: on_disk(demo_copy).incident.impact.endswith("Plus 3 retries."), "the impact on disk")


async def test_a_late_echo_of_earlier_summary_typing_does_not_move_the_cursor_or_the_text(demo_copy: Path) -> None:
    """On a busy machine two pauses' worth of typing can be sent before the first comes back from the
    store: that first echo is older than the text in the box and must not be loaded over it."""
    app = notetaker_app(demo_copy)
    async with app.run_test(size=(120, 40)) as pilot:
        await show(pilot, Phase.SUMMARY)
        pane = app.screen.query_one(SummaryPane)
        area = app.screen.query_one("#incident-summary", TextArea)
        area.focus()
        area.load_text("")
        area.insert("Checkout")
        pane.flush("summary")  # the first pause: "Checkout" is on its way
        area.insert(" failed")
        pane.flush("summary")  # the second, before the first came back
        await pilot.pause()
        assert area.text == "Checkout failed"
        assert area.cursor_location == (0, len("Checkout failed")), "typing goes on where it stopped"
        await pilot.press(*" twice")
        typed = "Checkout failed twice"
        assert area.text == typed
        await until(pilot, lambda: on_disk(demo_copy).incident.summary == typed, "the summary on disk")
        assert area.text == typed


def write_elsewhere(path: Path, change) -> None:  # type: ignore[no-untyped-def]
    """What the moderator's process does: change the file through its own SessionFile."""
    other = SessionFile.open(path)
    other.submit(change)
    other.save()


async def wait_for_disk(app: PmtuiApp, pilot) -> None:  # type: ignore[no-untyped-def]
    app.check_disk()
    await app.workers.wait_for_complete()
    await pilot.pause()


async def test_the_pane_follows_the_moderators_phase_unless_the_notetaker_chose_another(demo_copy: Path) -> None:
    app = notetaker_app(demo_copy)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        tabs = app.screen.query_one("#phases")
        assert tabs.active == tab_id(Phase.SUMMARY)  # the file's phase
        write_elsewhere(demo_copy, SetField("meeting", "phase", "timeline"))
        await wait_for_disk(app, pilot)
        assert tabs.active == tab_id(Phase.TIMELINE)
        await pilot.press("f3")  # the notetaker looks at went-well
        assert tabs.active == tab_id(Phase.WENT_WELL)
        write_elsewhere(demo_copy, AddEntry("went_wrong", {"text": "Typed by someone else"}))
        await wait_for_disk(app, pilot)
        assert tabs.active == tab_id(Phase.WENT_WELL)  # same phase: the manual choice stays
        write_elsewhere(demo_copy, SetField("meeting", "phase", "whys"))
        await wait_for_disk(app, pilot)
        assert tabs.active == tab_id(Phase.WHYS)
        assert "● Whys" in str(tabs.get_tab(tab_id(Phase.WHYS)).label)


async def test_a_phase_change_waits_while_the_notetaker_is_mid_sentence(demo_copy: Path) -> None:
    app = notetaker_app(demo_copy)
    async with app.run_test(size=(120, 40)) as pilot:
        await show(pilot, Phase.TIMELINE)
        pane = app.screen.query_one(TimelinePane)
        pane.quick_input.value = "14:30 half a sentence"
        write_elsewhere(demo_copy, SetField("meeting", "phase", "actions"))
        await wait_for_disk(app, pilot)
        tabs = app.screen.query_one("#phases")
        assert tabs.active == tab_id(Phase.TIMELINE)
        await pilot.press("enter")
        await settle(app, pilot)
        await pilot.pause()
        assert tabs.active == tab_id(Phase.ACTIONS)


async def test_spotlight_is_marked_in_the_pane(demo_copy: Path) -> None:
    write_elsewhere(demo_copy, SetField("meeting", "spotlight", "t7"))
    app = notetaker_app(demo_copy)
    async with app.run_test(size=(120, 40)) as pilot:
        await show(pilot, Phase.TIMELINE)
        pane = app.screen.query_one(TimelinePane)

        def marked(entry_id: str) -> bool:
            return pane.table.row_text(entry_id).lstrip().startswith("▶")  # the mark column comes first

        assert marked("t7") and not marked("t6")
        assert [key for key in pane.table.row_keys if marked(key)] == ["t7"]
        write_elsewhere(demo_copy, SetField("meeting", "spotlight", "t8"))
        await wait_for_disk(app, pilot)
        assert marked("t8") and not marked("t7")


async def test_a_session_change_touches_only_the_rows_that_changed(tmp_path: Path) -> None:
    path = tmp_path / "big.toml"
    lines = [
        "schema_version = 1",
        "[incident]",
        'title = "Big"',
        "started_at = 2026-11-20T00:00:00Z",
        "[roles]",
        'moderator = "A"',
        'notetaker = "B"',
    ]
    start = dt.datetime(2026, 11, 20, tzinfo=dt.UTC)
    for n in range(2000):
        at = (start + dt.timedelta(seconds=20 * n)).isoformat().replace("+00:00", "Z")
        lines += ["[[timeline]]", f'id = "t{n + 1}"', f"at = {at}", f'text = "event {n + 1}"']
    path.write_text("\n".join(lines) + "\n")
    app = notetaker_app(path)
    async with app.run_test(size=(120, 40)) as pilot:
        await show(pilot, Phase.TIMELINE)
        pane = app.screen.query_one(TimelinePane)
        table = pane.table
        assert table.row_count == 2000
        pane.select("t1000")
        pane.quick_input.value = "05:33:10 note inserted in the middle"
        await pilot.press("enter")
        await pilot.pause()
        assert table.row_count == 2001 and pane.selected_id == "t2001"
        assert table.row_index("t2001") == 1000, "in time order, right after t1000"
        assert "inserted in the middle" in table.row_text("t2001")
        await settle(app, pilot)
        # An entry added at the end of a list in view draws its own row (and the cursor's), no other.
        table.action_last_row()
        await pilot.pause()
        drawn = table.rows_rendered
        pane.quick_input.value = "11:59:59 the newest entry"
        await pilot.press("enter")
        await pilot.pause()
        assert pane.selected_id == "t2002" and table.row_index("t2002") == 2001
        assert table.rows_rendered - drawn <= 3
        await settle(app, pilot)
        table.select("t2001")
        table.focus()
        await pilot.press("delete")
        await pilot.pause()
        assert not table.has_row("t2001") and table.row_count == 2001
        assert pane.selected_id == "t1001", "the cursor stays in place: on the entry after the deleted one"
        await settle(app, pilot)


def test_every_entry_pane_has_a_section() -> None:
    for pane in (TimelinePane, WentWellPane, QuestionsPane):
        assert issubclass(pane, EntryPane) and pane.SECTION
    assert SummaryPane.FieldEdited


async def test_a_refused_line_is_put_back(demo_copy: Path) -> None:
    app = notetaker_app(demo_copy)
    async with app.run_test(size=(120, 40)) as pilot:
        await show(pilot, Phase.WENT_WELL)
        pane = app.screen.query_one(WentWellPane)
        app.read_only = True  # what a second notetaker sees (the role lease is someone else's)
        app.live.refusal = lambda change: "Read-only: Lee Chen is taking notes"  # type: ignore[method-assign]
        pane.quick_input.value = "A line worth keeping"
        await pilot.press("enter")
        await pilot.pause()
        assert pane.quick_input.value == "A line worth keeping"
        assert "Not added: Read-only: Lee Chen is taking notes" in str(pane.query_one(".quick-error").render())


async def test_saving_an_unchanged_form_changes_nothing(demo_copy: Path) -> None:
    before = demo_copy.read_text()
    app = notetaker_app(demo_copy)
    async with app.run_test(size=(120, 40)) as pilot:
        await show(pilot, Phase.TIMELINE)
        pane = app.screen.query_one(TimelinePane)
        pane.select("t4")  # has no source and no author: empty fields must not count as edits
        pane.action_edit()
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, NotetakerScreen)
        assert app._undo == [] and not app.session_file.has_pending  # type: ignore[union-attr]
    assert demo_copy.read_text() == before
