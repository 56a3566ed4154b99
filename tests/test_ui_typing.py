"""The notetaker's typing: no printable key is a command, Tab goes line to line, quitting never drops text."""

from __future__ import annotations

import datetime as dt
import unicodedata
from pathlib import Path

import pytest
from textual import events
from textual._xterm_parser import XTermParser
from textual.widgets import Input, Select, TabbedContent, Tabs, TextArea

from pmtui.domain.changes import SetField
from pmtui.domain.model import Phase, TimelineKind
from pmtui.storage.parsing import load_session_fast
from pmtui.storage.store import SessionFile
from pmtui.ui.app import PmtuiApp
from pmtui.ui.dialogs.action_form import ActionForm
from pmtui.ui.dialogs.common import UnaddedTypingDialog
from pmtui.ui.dialogs.entry_form import EntryForm
from pmtui.ui.screens.notetaker import PHASES, NotetakerScreen, tab_id
from pmtui.ui.widgets.entry_pane import EntryPane
from pmtui.ui.widgets.observation_panes import LuckyPane, WentWrongPane
from pmtui.ui.widgets.summary_pane import SummaryPane
from pmtui.ui.widgets.timeline_pane import TimelinePane
from pmtui.ui.widgets.whys_pane import parse_why
from tests.pilot_support import settle, until

CLOCK = dt.datetime(2026, 11, 23, 15, 5, tzinfo=dt.UTC)
SENTENCE = "undo, add, edit: fix J/K? lx"
"""Keys that were commands before (u a e d f x l n J K / ?), with spaces and punctuation."""


@pytest.fixture(autouse=True)
def _private_state(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))


def notetaker_app(path: Path) -> PmtuiApp:
    return PmtuiApp(path, "notetaker", clock=lambda: CLOCK)


def _is_printable(key: str) -> bool:
    try:
        character = key if len(key) == 1 else unicodedata.lookup(key.upper().replace("_", " "))
    except KeyError:
        return False
    return character.isprintable()


def keys_of(text: str) -> list[str]:
    return [{" ": "space", "?": "question_mark", ",": "comma", ":": "colon", "/": "slash"}.get(ch, ch) for ch in text]


async def type_text(pilot, text: str) -> None:  # type: ignore[no-untyped-def]
    await pilot.press(*keys_of(text))
    await pilot.pause()


# ----------------------------------------------------------------- no printable key is a command


@pytest.mark.parametrize("phase", PHASES, ids=lambda p: p.value)
async def test_a_sentence_typed_with_focus_anywhere_on_a_tab_lands_in_its_entry_line(
    demo_copy: Path, phase: Phase
) -> None:
    app = notetaker_app(demo_copy)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        assert isinstance(screen, NotetakerScreen)
        screen.action_show_phase(phase.value)
        await pilot.pause()
        tab = screen.query_one(f"#{tab_id(phase)}")
        before = demo_copy.read_text()
        # every widget of the tab that can take focus but is not itself a line to type in, the tab bar
        # above it, and the tab's first line
        lines = [w for w in tab.query("Input, TextArea")]
        targets = [w for w in tab.query("*") if w.can_focus and w not in lines] + [screen.query_one(Tabs), lines[0]]
        assert targets
        for widget in targets:
            for line in tab.query(Input):
                line.value = ""
            for area in tab.query(TextArea):
                area.load_text("")
            screen.set_focus(widget)
            await pilot.pause()
            await type_text(pilot, SENTENCE)
            typed = [w.value for w in tab.query(Input) if w.value] + [a.text for a in tab.query(TextArea) if a.text]
            assert typed == [SENTENCE], f"focus on {widget!r}: {typed}"
            assert isinstance(app.screen, NotetakerScreen)  # no form, dialog or help opened
            assert not app._notifications, [n.message for n in app._notifications]
        await settle(app, pilot)
        for area in tab.query(TextArea):
            area.load_text("")  # the summary sends what it holds; nothing else may have changed
        if phase != Phase.SUMMARY:
            assert demo_copy.read_text() == before


async def test_tab_from_went_wrong_reaches_the_lucky_line_and_the_sentence_is_added_whole(demo_copy: Path) -> None:
    app = notetaker_app(demo_copy)
    async with app.run_test(size=(120, 40)) as pilot:
        app.screen.action_show_phase(Phase.WENT_WRONG.value)
        await pilot.pause()
        wrong, lucky = app.screen.query_one(WentWrongPane), app.screen.query_one(LuckyPane)
        assert wrong.quick_input.has_focus
        await pilot.press("tab")
        assert lucky.quick_input.has_focus
        await type_text(pilot, "unlucky the rollback was fast")
        await pilot.press("enter")
        await settle(app, pilot)
        assert [e.text for e in load_session_fast(demo_copy).lucky][-1] == "unlucky the rollback was fast"
        await pilot.press("shift+tab")
        assert wrong.quick_input.has_focus
        # from a list, Tab goes to that list's own line
        lucky.table.focus()
        await pilot.pause()
        await pilot.press("tab")
        assert lucky.quick_input.has_focus
        await pilot.press("escape")
        assert lucky.table.has_focus


async def test_list_commands_are_on_keys_text_cannot_produce(demo_copy: Path) -> None:
    app = notetaker_app(demo_copy)
    async with app.run_test(size=(120, 40)) as pilot:
        app.screen.action_show_phase(Phase.TIMELINE.value)
        await pilot.pause()
        pane = app.screen.query_one(TimelinePane)
        pane.select("t4")
        pane.table.focus()
        await pilot.pause()
        printable = [key for key in app.screen.active_bindings if _is_printable(key)]
        assert not printable, printable
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, EntryForm)


# ----------------------------------------------------------------- quitting never drops typing


async def test_ctrl_q_with_a_half_typed_line_asks_and_enter_adds_it(demo_copy: Path) -> None:
    app = notetaker_app(demo_copy)
    async with app.run_test(size=(120, 40)) as pilot:
        app.screen.action_show_phase(Phase.TIMELINE.value)
        await pilot.pause()
        await type_text(pilot, "09:55 note half typed line")
        await pilot.press("ctrl+q")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, UnaddedTypingDialog)
        assert ("Timeline", "09:55 note half typed line") in dialog.drafts
        await pilot.press("escape")  # stay: the line is still there
        await pilot.pause()
        assert app.screen.query_one(TimelinePane).quick_input.value == "09:55 note half typed line"
        await pilot.press("ctrl+q")
        await pilot.pause()
        await pilot.press("enter")  # add it and quit
        await pilot.pause()
    assert app.return_code == 0
    assert "half typed line" in [e.text for e in load_session_fast(demo_copy).timeline]


async def test_ctrl_q_then_discard_quits_without_the_line(demo_copy: Path) -> None:
    app = notetaker_app(demo_copy)
    before = demo_copy.read_text()
    async with app.run_test(size=(120, 40)) as pilot:
        app.screen.action_show_phase(Phase.WENT_WELL.value)
        await pilot.pause()
        await type_text(pilot, "not worth keeping")
        await pilot.press("ctrl+q")
        await pilot.pause()
        await type_text(pilot, "dq")  # letters typed on in a hurry choose nothing
        assert isinstance(app.screen, UnaddedTypingDialog) and app.is_running
        await pilot.press("ctrl+d")
        await pilot.pause()
    assert not app.is_running
    assert demo_copy.read_text() == before


async def test_ctrl_q_with_a_line_that_cannot_be_read_stays_and_says_why(demo_copy: Path) -> None:
    app = notetaker_app(demo_copy)
    async with app.run_test(size=(120, 40)) as pilot:
        app.screen.action_show_phase(Phase.TIMELINE.value)
        await pilot.pause()
        await type_text(pilot, "25:00 no such time")
        await pilot.press("ctrl+q")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert app.is_running and isinstance(app.screen, NotetakerScreen)
        pane = app.screen.query_one(TimelinePane)
        assert pane.quick_input.value == "25:00 no such time"
        assert "25:00 is not a time" in str(pane.query_one(".quick-error").render())


async def test_ctrl_q_saves_a_changed_form_when_asked(demo_copy: Path) -> None:
    app = notetaker_app(demo_copy)
    async with app.run_test(size=(120, 40)) as pilot:
        app.screen.action_show_phase(Phase.TIMELINE.value)
        await pilot.pause()
        pane = app.screen.query_one(TimelinePane)
        pane.select("t4")
        pane.table.focus()
        await pilot.press("enter")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, EntryForm)
        assert form.focused is form.query_one("#field-at")  # the form opens ready to type
        text = form.query_one("#field-text", TextArea)
        text.load_text("Rolled back by the deploy bot, edited in the form")
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, UnaddedTypingDialog)
        await pilot.press("enter")
        await pilot.pause()
    assert app.return_code == 0
    t4 = next(e for e in load_session_fast(demo_copy).timeline if e.id == "t4")
    assert t4.text == "Rolled back by the deploy bot, edited in the form"


async def test_typing_on_the_summary_tab_goes_on_after_the_text_not_into_its_first_word(demo_copy: Path) -> None:
    """A sentence typed on the Summary tab lands after the file's summary, not glued to its first word."""
    before = load_session_fast(demo_copy).incident.summary
    app = notetaker_app(demo_copy)
    async with app.run_test(size=(120, 40)) as pilot:
        app.screen.action_show_phase(Phase.SUMMARY.value)
        await pilot.pause()
        await type_text(pilot, " Pager fired at 14:05.")  # the tab opens with the summary focused
        app.screen.query_one(Tabs).focus()  # as after a click on the tab bar: the typing moves into the text
        await pilot.pause()
        await type_text(pilot, " Rolled back at 14:33.")
        await pilot.press("ctrl+q")
        await pilot.pause()
    summary = load_session_fast(demo_copy).incident.summary
    assert summary == before + " Pager fired at 14:05. Rolled back at 14:33."


async def test_ctrl_q_right_after_typing_in_the_summary_keeps_the_last_words(demo_copy: Path) -> None:
    app = notetaker_app(demo_copy)
    async with app.run_test(size=(120, 40)) as pilot:
        app.screen.action_show_phase(Phase.SUMMARY.value)
        await pilot.pause()
        area = app.screen.query_one("#incident-impact", TextArea)
        assert area.has_focus or app.screen.query_one("#incident-summary", TextArea).has_focus
        area.focus()
        await pilot.pause()
        area.move_cursor(area.document.end)
        await type_text(pilot, " last words")
        assert app.screen.query_one(SummaryPane).has_unsent_text  # within the typing pause
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert not app.is_running
    assert load_session_fast(demo_copy).incident.impact.endswith(" last words")


async def test_the_terminal_closing_keeps_typing(demo_copy: Path) -> None:
    """What SIGTERM and SIGHUP run: summary text, readable lines and changed forms are written."""
    app = notetaker_app(demo_copy)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        screen.query_one("#incident-summary", TextArea).load_text("Summary typed just before the hang-up")
        screen.query_one(TimelinePane).quick_input.value = "15:01 note typed before the hang-up"
        await app.quit_now()
        await pilot.pause()
    session = load_session_fast(demo_copy)
    assert session.incident.summary == "Summary typed just before the hang-up"
    assert "typed before the hang-up" in [e.text for e in session.timeline]


# ----------------------------------------------------------------- forms


async def test_a_kind_is_chosen_by_typing_its_first_letters(demo_copy: Path) -> None:
    app = notetaker_app(demo_copy)
    async with app.run_test(size=(120, 40)) as pilot:
        app.screen.action_show_phase(Phase.TIMELINE.value)
        await pilot.pause()
        pane = app.screen.query_one(TimelinePane)
        pane.select("t4")
        pane.action_edit()
        await pilot.pause()
        form = app.screen
        kind = form.query_one("#field-kind", Select)
        kind.focus()
        await pilot.pause()
        await pilot.press("m")
        assert kind.value == TimelineKind.MITIGATED.value
        await pilot.press("r")  # "mr" fits nothing: a new start, realization then resolved
        assert kind.value == TimelineKind.REALIZATION.value
        await pilot.press("e", "s")
        assert kind.value == TimelineKind.RESOLVED.value
        await pilot.press("ctrl+s")
        await settle(app, pilot)
    t4 = next(e for e in load_session_fast(demo_copy).timeline if e.id == "t4")
    assert t4.kind == TimelineKind.RESOLVED


async def test_the_action_form_picks_priority_and_status_by_typing(demo_copy: Path) -> None:
    app = notetaker_app(demo_copy)
    async with app.run_test(size=(120, 40)) as pilot:
        app.screen.action_show_phase(Phase.ACTIONS.value)
        await pilot.pause()
        await pilot.press("ctrl+n")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, ActionForm) and form.focused is form.query_one("#form-text")
        form.query_one("#form-priority", Select).focus()
        await pilot.press("1")
        assert str(form.query_one("#form-priority", Select).value) == "P1"
        form.query_one("#form-status", Select).focus()
        await pilot.press("d")
        assert str(form.query_one("#form-status", Select).value) == "done"


# ----------------------------------------------------------------- near misses


async def test_a_mistyped_kind_is_refused_not_stored_as_text(demo_copy: Path) -> None:
    app = notetaker_app(demo_copy)
    async with app.run_test(size=(120, 40)) as pilot:
        app.screen.action_show_phase(Phase.TIMELINE.value)
        await pilot.pause()
        before = demo_copy.read_text()
        await type_text(pilot, "14:05 alrt pager fired")
        await pilot.press("enter")
        await settle(app, pilot)
        pane = app.screen.query_one(EntryPane)
        assert pane.quick_input.value == "14:05 alrt pager fired"
        assert "unknown kind 'alrt' — did you mean alert?" in str(pane.query_one(".quick-error").render())
        assert demo_copy.read_text() == before


def test_a_layer_marker_never_stays_in_a_whys_answer() -> None:
    assert parse_why("Why did X fail? Because the pool held 8 [immediate]") == {
        "question": "Why did X fail?",
        "answer": "Because the pool held 8",
        "layer": parse_why("[i] Q?")["layer"],
    }
    assert parse_why("Why? Because [INFO] lines flooded the log")["answer"] == "Because [INFO] lines flooded the log"


# ----------------------------------------------------------------- keys as terminals send them


def terminal_keys(raw: str) -> list[events.Key]:
    """The key events Textual's own input parser makes of what a terminal sends."""
    parser = XTermParser(debug=False)
    keys = [*parser.feed(raw), *parser.feed("")]  # "": the pause after a lone ESC+char, as the driver's timeout
    return [key for key in keys if isinstance(key, events.Key)]


@pytest.mark.parametrize("focus", ["summary text", "timeline list"])
async def test_alt_digit_as_terminals_send_it_switches_tabs_and_types_nothing(demo_copy: Path, focus: str) -> None:
    """GNOME Terminal, Konsole, tmux and xterm send alt+2 as ESC 2; Textual read that as "™", which
    landed in the note in hand while the tab stayed. Now it shows the tab, and the text is as it was."""
    before = load_session_fast(demo_copy).incident.summary
    app = notetaker_app(demo_copy)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        assert isinstance(screen, NotetakerScreen)
        if focus == "summary text":
            screen.action_show_phase(Phase.SUMMARY.value)
        else:
            screen.action_show_phase(Phase.TIMELINE.value)
            screen.query_one(TimelinePane).table.focus()
        await pilot.pause()
        for key in terminal_keys("\x1b2"):  # alt+2: the timeline
            app.post_message(key)
        await pilot.pause()
        assert screen.query_one(TabbedContent).active == tab_id(Phase.TIMELINE)
        timeline = screen.query_one(TimelinePane)
        assert timeline.quick_input.value == ""
        for key in terminal_keys("\x1b1"):  # alt+1: back to the summary
            app.post_message(key)
        await pilot.pause()
        assert screen.query_one(TabbedContent).active == tab_id(Phase.SUMMARY)
        summary = screen.query_one(SummaryPane)
        assert all("™" not in area.text and "¡" not in area.text for area in summary.query(TextArea))
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert load_session_fast(demo_copy).incident.summary == before


async def summary_emptied(app: PmtuiApp, pilot) -> SummaryPane:  # type: ignore[no-untyped-def]
    """The notetaker's summary tab, its summary box emptied and that saved: the file's summary is ""."""
    screen = app.screen
    assert isinstance(screen, NotetakerScreen)
    screen.action_show_phase(Phase.SUMMARY.value)
    await pilot.pause()
    pane = screen.query_one(SummaryPane)
    pane.query_one("#incident-summary", TextArea).load_text("")
    pane.flush("summary")
    await settle(app, pilot)
    return pane


async def test_summary_typing_survives_the_impact_being_sent_just_before_it(demo_copy: Path) -> None:
    """Found with a big heap (a long pause of the collector): the impact's and the summary's typing
    pauses ended together, the impact's change was applied first, and its update (still holding the
    old summary) emptied the summary box mid-sentence; the next keys went in before the first ones."""
    app = notetaker_app(demo_copy)
    async with app.run_test(size=(120, 40)) as pilot:
        pane = await summary_emptied(app, pilot)
        summary, impact = pane.query_one("#incident-summary", TextArea), pane.query_one("#incident-impact", TextArea)
        impact.load_text("")  # typed in the impact box a moment ago, not sent yet
        summary.focus()
        await pilot.pause()
        await type_text(pilot, SENTENCE[:3])
        pane.flush("impact")  # the two typing pauses end in the same tick, the impact's first
        pane.flush("summary")
        await settle(app, pilot)
        await type_text(pilot, SENTENCE[3:])
        assert summary.text == SENTENCE


async def test_summary_typing_survives_another_terminals_save_read_before_it_is_applied(demo_copy: Path) -> None:
    """The summary's typing pause ended and its text is on its way to the store when another
    terminal's save (a new title) is read: that session still holds the old summary. Loaded, it
    emptied the box mid-sentence; keys typed before our text came back went into the old text, and
    their own pause then wrote that over what was typed first."""
    app = notetaker_app(demo_copy)
    async with app.run_test(size=(120, 40)) as pilot:
        pane = await summary_emptied(app, pilot)
        summary = pane.query_one("#incident-summary", TextArea)
        summary.focus()
        await pilot.pause()
        await type_text(pilot, SENTENCE[:3])
        sent = pane.take_unsent("summary")  # the pause ended: the text is posted to the screen
        other = SessionFile.open(demo_copy)  # the moderator's terminal renames the incident
        other.submit(SetField("incident", "title", "Checkout errors (renamed)"))
        other.save()
        app.check_disk()  # as the file watcher would
        await until(pilot, lambda: app.session.incident.title.endswith("(renamed)"), "the other terminal's save")
        assert summary.text == SENTENCE[:3], "the box keeps the text on its way"
        assert app.submit(SetField("incident", "summary", sent["summary"]))  # the screen takes the posted text
        await type_text(pilot, SENTENCE[3:])
        assert summary.text == SENTENCE
        pane.flush()
        await settle(app, pilot)
        on_disk = load_session_fast(demo_copy).incident
        assert (on_disk.summary, on_disk.title) == (SENTENCE, "Checkout errors (renamed)")
