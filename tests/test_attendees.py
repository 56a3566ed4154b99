"""Attendees: added, renamed and removed in the app (start screen, Summary tab, palette) by either role,
synced like any entry; `@Ravi` completes to an attendee; an owner who is not one is a warning with a
one-key fix."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest
from textual.widgets import Input, OptionList

from pmtui.domain.action_entry import parse_action
from pmtui.domain.attendees import AddAttendee, RemoveAttendee, UpdateAttendee
from pmtui.domain.changes import AddEntry, UpdateEntry
from pmtui.domain.checks import OWNER_NOT_ATTENDEE, missing_attendees, run_checks
from pmtui.domain.errors import ChangeError
from pmtui.domain.model import Phase
from pmtui.storage.store import SessionFile
from pmtui.ui.app import PmtuiApp
from pmtui.ui.dialogs.attendees_dialog import AttendeesDialog
from pmtui.ui.screens.start import StartScreen
from pmtui.ui.widgets.attendees_editor import AttendeesEditor
from pmtui.ui.widgets.checks_panel import ChecksPanel
from tests.pilot_support import settle

CLOCK = dt.datetime(2026, 11, 23, 15, 5, tzinfo=dt.UTC)
REPO = Path(__file__).resolve().parent.parent
DEMO_PEOPLE = ["Priya Natarajan", "Sam Ortega", "Lee Chen", "Amara Okafor", "Jonas Weber"]


def names(path_or_file: Path | SessionFile) -> list[str]:
    sf = path_or_file if isinstance(path_or_file, SessionFile) else SessionFile.open(path_or_file)
    return [person.name for person in sf.session.attendees]


def owned_by_ravi(path: Path) -> Path:
    sf = SessionFile.open(path)
    sf.submit(UpdateEntry("actions", "a5", {"owner": "Ravi Menon"}))
    sf.save()
    return path


# ----------------------------------------------------------------- the operations


def test_add_rename_remove_each_undo_and_comments_survive(demo_copy: Path) -> None:
    sf = SessionFile.open(demo_copy)
    undo_add = sf.submit(AddAttendee("  Ravi   Menon ", "SRE"))
    assert names(sf)[-1] == "Ravi Menon" and sf.session.attendees[-1].role == "SRE"
    with pytest.raises(ChangeError, match="Ravi Menon is already among the attendees"):
        sf.submit(AddAttendee("ravi menon"))
    undo_rename = sf.submit(UpdateAttendee("RAVI MENON", "Ravi K. Menon", "SRE lead"))
    assert sf.session.attendees[-1].model_dump() == {"name": "Ravi K. Menon", "role": "SRE lead"}
    with pytest.raises(ChangeError, match="Lee Chen is already among the attendees"):
        sf.submit(UpdateAttendee("Ravi K. Menon", "lee chen"))
    sf.submit(undo_rename)
    assert sf.session.attendees[-1].model_dump() == {"name": "Ravi Menon", "role": "SRE"}
    sf.submit(undo_add)
    assert names(sf) == DEMO_PEOPLE

    undo_remove = sf.submit(RemoveAttendee("sam ortega"))
    assert "Sam Ortega" not in names(sf)
    sf.submit(undo_remove)
    assert names(sf) == DEMO_PEOPLE, "undo puts them back where they were"
    for person in DEMO_PEOPLE:
        sf.submit(RemoveAttendee(person))
    assert sf.session.attendees == []
    sf.save()
    assert "[[attendees]]" not in demo_copy.read_text(encoding="utf-8")
    assert "# Review meeting:" in demo_copy.read_text(encoding="utf-8"), "the person's comments stay"
    with pytest.raises(ChangeError, match="needs a name"):
        sf.submit(AddAttendee("   "))


def test_an_attendee_added_in_one_terminal_reaches_the_other_and_both_edits_land(demo_copy: Path) -> None:
    notetaker, moderator = SessionFile.open(demo_copy), SessionFile.open(demo_copy)
    notetaker.submit(AddAttendee("Ravi Menon", "SRE"))
    notetaker.save()
    moderator.submit(AddAttendee("Dana Reyes"))  # made before it saw the notetaker's
    moderator.save()  # rebased on the file: both are kept
    assert notetaker.reload_if_changed()
    assert names(notetaker)[-2:] == ["Ravi Menon", "Dana Reyes"] == names(demo_copy)[-2:]


# ----------------------------------------------------------------- checks and the entry line


def test_owner_not_among_the_attendees_is_a_warning_naming_them(demo_copy: Path) -> None:
    owned_by_ravi(demo_copy)
    sf = SessionFile.open(demo_copy)
    found = [f for f in run_checks(sf.session, today=CLOCK.date()) if f.rule == OWNER_NOT_ATTENDEE]
    assert [(f.entry_id, f.severity) for f in found] == [("a5", "warning")]
    assert "Ravi Menon is not among the attendees" in found[0].message
    assert missing_attendees(sf.session) == ["Ravi Menon"]
    sf.submit(AddAttendee("ravi  menon"))
    assert not [f for f in run_checks(sf.session, today=CLOCK.date()) if f.rule == OWNER_NOT_ATTENDEE]

    check = subprocess.run(
        [sys.executable, "-m", "pmtui", "check", str(demo_copy)], capture_output=True, text=True, cwd=REPO, timeout=60
    )
    assert "warning actions.owner-not-attendee [a5]: owner Ravi Menon is not among the attendees" in check.stdout


def test_at_ravi_completes_to_the_attendee_once_added(demo_copy: Path) -> None:
    sf = SessionFile.open(demo_copy)
    line = "Add a pool-size alert @Ravi due:2026-12-20"
    assert parse_action(line, sf.session, CLOCK.date()).fields["owner"] == "Ravi"  # nobody by that name yet
    sf.submit(AddAttendee("Ravi Menon", "SRE"))
    assert parse_action(line, sf.session, CLOCK.date()).fields["owner"] == "Ravi Menon"
    sf.submit(AddAttendee("Ravi Shankar"))
    parsed = parse_action(line, sf.session, CLOCK.date())
    assert parsed.problems and "Ravi Menon or Ravi Shankar" in parsed.problems[0]


# ----------------------------------------------------------------- in the app


def editor_input(app: PmtuiApp) -> Input:
    return app.screen.query_one(AttendeesEditor).query_one("#attendees-input", Input)


async def test_start_screen_adds_renames_removes_and_undoes(demo_copy: Path) -> None:
    app = PmtuiApp(demo_copy, None, clock=lambda: CLOCK)
    async with app.run_test(size=(100, 50)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, StartScreen)
        field = editor_input(app)
        field.focus()
        await pilot.press(*"Ravi Menon, SRE on call", "enter")
        assert app.session.attendees[-1].model_dump() == {"name": "Ravi Menon", "role": "SRE on call"}
        assert field.value == ""

        listing = app.screen.query_one("#attendees-list", OptionList)
        await pilot.press(*["down"] * 5)  # focus stays in the line; ↓ moves through the names
        assert listing.highlighted == 5 and field.has_focus
        await pilot.press("enter")  # on the empty line: rename the highlighted person
        assert field.value == "Ravi Menon, SRE on call"
        await pilot.press("ctrl+u", *"Ravi K. Menon, SRE lead", "enter")
        assert app.session.attendees[-1].model_dump() == {"name": "Ravi K. Menon", "role": "SRE lead"}

        await pilot.press(*["up"] * 4, "delete")  # Delete on the empty line removes the highlighted one
        assert "Sam Ortega" not in [p.name for p in app.session.attendees]
        await pilot.press("ctrl+z")
        assert [p.name for p in app.session.attendees][1] == "Sam Ortega"
        await settle(app, pilot)
    assert names(demo_copy) == [*DEMO_PEOPLE, "Ravi K. Menon"]


async def test_notetaker_summary_tab_keeps_typing_in_the_attendee_line(demo_copy: Path) -> None:
    app = PmtuiApp(demo_copy, "notetaker", clock=lambda: CLOCK)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        summary_before = app.session.incident.summary
        editor = app.screen.query_one("#summary-attendees", AttendeesEditor)
        field = editor.query_one("#attendees-input", Input)
        field.focus()
        await pilot.press(*"Dana Reyes", "enter", "down")
        await pilot.press(*"x, y")  # printable keys stay text in this line, whatever is highlighted
        assert field.value == "x, y" and field.has_focus
        await pilot.press("ctrl+u", "enter")  # the empty line: rename the highlighted (Sam Ortega)
        assert editor.editing == "Sam Ortega"
        await pilot.press("escape")
        assert editor.editing is None and field.value == ""
        await settle(app, pilot)
        assert app.session.incident.summary == summary_before
    assert names(demo_copy)[-1] == "Dana Reyes"


async def test_palette_dialog_and_one_step_fix_work_for_the_moderator_too(demo_copy: Path) -> None:
    owned_by_ravi(demo_copy)
    app = PmtuiApp(demo_copy, "moderator", clock=lambda: CLOCK)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        titles = [command.title for command in app.attendee_commands()]
        assert titles == ["Attendees…", "Add Ravi Menon to the attendees"]
        app.action_attendees()
        await pilot.pause()
        assert isinstance(app.screen, AttendeesDialog)
        await pilot.press(*"jonas weber", "enter")  # the input has focus; Jonas Weber is there already
        hint = str(app.screen.query_one(".attendees-hint").content)
        assert "Not changed: Jonas Weber is already among the attendees" in hint
        assert len(app.session.attendees) == len(DEMO_PEOPLE)
        await pilot.press("ctrl+u", *"Dana Reyes", "enter")
        assert app.session.attendees[-1].name == "Dana Reyes", "the moderator may add attendees"
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, AttendeesDialog)

        await pilot.press("6")  # Actions: the checks name Ravi and offer the fix
        await pilot.pause()
        panel = app.screen.query_one(ChecksPanel)
        assert any(f.rule == OWNER_NOT_ATTENDEE for f in panel.findings)
        assert panel.fix == "a: add Ravi Menon to the attendees"
        assert "press a: add Ravi Menon to the attendees" in str(panel.query_one("#checks-list").content)
        assert "press a: add Ravi Menon" in str(panel.query_one("#checks-line").content)  # the 80x24 line
        await pilot.press("a")
        assert app.session.attendees[-1].name == "Ravi Menon"
        assert missing_attendees(app.session) == []
        await settle(app, pilot)
    assert names(demo_copy)[-2:] == ["Dana Reyes", "Ravi Menon"]


async def test_an_attendee_added_elsewhere_shows_in_the_open_editor(demo_copy: Path) -> None:
    app = PmtuiApp(demo_copy, None, clock=lambda: CLOCK)
    async with app.run_test(size=(100, 50)) as pilot:
        await pilot.pause()
        other = SessionFile.open(demo_copy)  # the other terminal
        other.submit(AddAttendee("Ravi Menon"))
        other.save()
        app.check_disk()
        await app.workers.wait_for_complete()
        await pilot.pause()
        listing = app.screen.query_one("#attendees-list", OptionList)
        assert listing.option_count == 6
        assert "Ravi Menon" in str(listing.get_option_at_index(5).prompt)


def test_attendee_text_is_shown_literally() -> None:
    from pmtui.domain.model import Attendee
    from pmtui.ui.widgets.attendees_editor import attendee_label, split_entry

    assert split_entry(" Ravi  Menon ,  SRE, on call ") == ("Ravi Menon", "SRE, on call")
    label = attendee_label(Attendee(name="[bold]Eve[/bold]", role="x"))
    assert label.plain == "[bold]Eve[/bold] — x"
    hostile = attendee_label(Attendee(name="Eve\x1b]2;pwned\x07", role="\x1b[31mred"))
    assert "\x1b" not in hostile.plain and "\x07" not in hostile.plain


def test_an_unknown_owner_is_not_flagged_on_a_phase_other_than_actions(demo_copy: Path) -> None:
    owned_by_ravi(demo_copy)
    finding = next(f for f in run_checks(SessionFile.open(demo_copy).session) if f.rule == OWNER_NOT_ATTENDEE)
    assert finding.phase is Phase.ACTIONS


def test_adding_an_entry_and_an_attendee_in_one_batch_is_refused_for_a_role(demo_copy: Path) -> None:
    from pmtui.domain.changes import Batch
    from pmtui.storage.roles import refusal

    assert refusal("moderator", AddAttendee("X")) == ""
    assert refusal("notetaker", Batch([AddAttendee("X"), AddAttendee("Y")])) == ""
    assert refusal("moderator", Batch([AddAttendee("X"), AddEntry("lucky", {"text": "y"})])) != ""
