"""The app shell: opening files, the roles rule, saving (and failing to), quitting, help, the picker."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest
from textual.widgets import Button, Input, OptionList

from pmtui.commands import open_app
from pmtui.domain.errors import SessionWriteError
from pmtui.storage.parsing import load_session_fast
from pmtui.storage.recent import load_recent, remember
from pmtui.storage.roles import current_holder
from pmtui.ui.app import PmtuiApp
from pmtui.ui.dialogs.common import ErrorDialog, QuitDialog
from pmtui.ui.dialogs.help import HelpScreen
from pmtui.ui.dialogs.new_session import NewSessionDialog
from pmtui.ui.screens.notetaker import NotetakerScreen
from pmtui.ui.screens.picker import PickerScreen, describe_file, session_candidates
from pmtui.ui.screens.start import StartScreen
from pmtui.ui.widgets.observation_panes import WentWellPane
from pmtui.ui.widgets.status_bar import DiskWarning, SaveStatus
from tests.pilot_support import settle, until

CLOCK = dt.datetime(2026, 11, 23, 15, 5, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _private_state(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))


def make_app(path: Path | None, role: str | None = "notetaker") -> PmtuiApp:
    return PmtuiApp(path, role, clock=lambda: CLOCK)


def with_roles(path: Path, moderator: str, notetaker: str) -> Path:
    text = path.read_text()
    text = text.replace('moderator = "Sam Ortega"', f'moderator = "{moderator}"')
    text = text.replace('notetaker = "Lee Chen"', f'notetaker = "{notetaker}"')
    path.write_text(text)
    return path


# ----------------------------------------------------------------- opening


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "no such file"),
        ("title = [unclosed", "TOML syntax error"),
        ('schema_version = 1\n[incident]\nseverity = "SEV9"\n', 'severity "SEV9" is not one of'),
    ],
)
def test_an_unreadable_file_is_one_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str | None, message: str
) -> None:
    path = tmp_path / "broken.toml"
    if content is not None:
        path.write_text(content)
    assert open_app.main([str(path), "--role", "notetaker"]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"pmtui: {path}") and message in err
    assert err.count("\n") == 1 and "Traceback" not in err
    if content is not None:
        assert path.read_text() == content  # never touched


async def test_the_start_screen_shows_the_incident_and_starts_a_role(demo_copy: Path) -> None:
    app = make_app(demo_copy, role=None)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, StartScreen)
        facts = str(app.screen.query_one("#incident-facts").render())
        assert "Checkout returned errors for 38 minutes" in facts and "SEV1" in facts
        assert "started Fri 2026-11-20 14:02 GMT" in facts
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, NotetakerScreen) and app.role == "notetaker"
        assert "notetaker" in app.sub_title


async def test_a_moderator_screen_that_fails_to_import_is_an_error_not_a_notice(
    demo_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The screen ships in every build: an ImportError is a bug to see, not "not available yet".
    app = make_app(demo_copy, None)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        monkeypatch.setitem(sys.modules, "pmtui.ui.screens.moderator", None)  # importing it raises
        with pytest.raises(ImportError):
            app.show_role("moderator")


async def test_the_same_person_in_both_roles_cannot_start(demo_copy: Path) -> None:
    with_roles(demo_copy, "Sam Ortega", "sam ortega")
    app = make_app(demo_copy, role="notetaker")  # --role does not skip the rule
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, StartScreen)
        problem = str(screen.query_one(".roles-problem").render())
        assert "cannot be both moderator and notetaker" in problem
        assert "one person cannot steer the discussion and capture it" in str(screen.query_one(".roles-why").render())
        assert all(b.disabled for b in screen.query(".start-buttons Button").results(Button))
        screen.action_choose("notetaker")
        await pilot.pause()
        assert app.screen is screen
        field = screen.query_one("#role-notetaker", Input)
        field.focus()
        field.value = "Lee Chen"
        await pilot.press("enter")
        await settle(app, pilot)
        assert load_session_fast(demo_copy).roles.notetaker == "Lee Chen"
        assert not any(b.disabled for b in screen.query(".start-buttons Button").results(Button))
        await pilot.press("escape")  # leave the input so n is a key, not a letter
        screen.query_one("#choose-notetaker", Button).focus()  # (the next widget is the attendees' line)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, NotetakerScreen)


async def test_missing_roles_are_asked_for(demo_copy: Path) -> None:
    with_roles(demo_copy, "", "")
    app = make_app(demo_copy, role="moderator")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, StartScreen)
        assert "Name the moderator and the notetaker" in str(app.screen.query_one(".roles-problem").render())
        assert app.screen.query_one("#role-moderator", Input).has_focus


# ----------------------------------------------------------------- saving


async def test_a_failing_save_shows_the_error_keeps_the_work_and_retries(
    demo_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import pmtui.ui.app as app_module

    monkeypatch.setattr(app_module, "SAVE_RETRY_SECONDS", 0.2)
    app = make_app(demo_copy)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        sf = app.session_file
        assert sf is not None
        real_save = sf.save
        disk = {"full": True}

        def flaky_save() -> bool:
            if disk["full"]:
                raise SessionWriteError(demo_copy, "the disk is full; free some space")
            return real_save()

        monkeypatch.setattr(sf, "save", flaky_save)
        app.screen.action_show_phase("went-well")
        await pilot.pause()
        pane = app.screen.query_one(WentWellPane)
        pane.quick_input.value = "Kept in memory while the disk was full"
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.save_status.state.value in ("retrying", "file-broken")
        status = str(app.screen.query_one(SaveStatus).render())
        assert "✖ not saved" in status and "the disk is full" in status and "Save as" in status
        assert [n.title for n in app._notifications].count("Not saved") == 1
        assert any(e.text == "Kept in memory while the disk was full" for e in app.session.went_well)
        disk["full"] = False
        await until(pilot, lambda: app.save_status.state.value == "saved", "the retry to save")  # its timer
        assert "● saved 15:05:00" in str(app.screen.query_one(SaveStatus).render())
        assert any(e.text == "Kept in memory while the disk was full" for e in load_session_fast(demo_copy).went_well)


async def test_save_as_writes_another_file_and_edits_it(demo_copy: Path, tmp_path: Path) -> None:
    app = make_app(demo_copy)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app.action_save_as()
        await pilot.pause()
        field = app.screen.query_one("#save-as-path", Input)
        target = tmp_path / "elsewhere.toml"
        field.value = str(target)
        await pilot.press("enter")
        await pilot.pause()
        assert app.session_file is not None and app.session_file.path == target
        assert load_session_fast(target).incident.title == "Checkout returned errors for 38 minutes"
        # The screen follows the new file: its role is held there and freed on the old one …
        assert current_holder(target, "notetaker") is not None
        assert current_holder(demo_copy, "notetaker") is None, "the old file's notetaker role is free to take"
        # … and an edit of the new file by hand reaches it, as the old file's did.
        text = target.read_text()
        target.write_text(text.replace("Checkout returned errors for 38 minutes", "Edited in the new file", 1))
        await until(pilot, lambda: app.session.incident.title == "Edited in the new file", "the hand edit to show")


async def test_quitting_with_unsaved_work_asks_first(demo_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    app = make_app(demo_copy)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        sf = app.session_file
        assert sf is not None

        def failing_save() -> bool:
            raise SessionWriteError(demo_copy, "no permission to write")

        monkeypatch.setattr(sf, "save", failing_save)
        app.screen.action_show_phase("went-well")
        await pilot.pause()
        app.screen.query_one(WentWellPane).quick_input.value = "Not on disk yet"
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, QuitDialog)
        assert "no permission to write" in str(app.screen.query_one("Static").render())
        await pilot.press("escape")  # stay
        await pilot.pause()
        assert isinstance(app.screen, NotetakerScreen) and app.is_running
        await pilot.press("ctrl+q")
        await pilot.pause()
        await pilot.press("q")  # quit without saving
        await pilot.pause()
        assert not app.is_running
    assert "Not on disk yet" not in demo_copy.read_text()


async def test_quitting_when_everything_is_saved_does_not_ask(demo_copy: Path) -> None:
    app = make_app(demo_copy)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert not app.is_running


async def test_a_broken_file_on_disk_shows_a_warning_and_keeps_the_last_good_state(demo_copy: Path) -> None:
    app = make_app(demo_copy)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        good = demo_copy.read_text()
        demo_copy.write_text(good.replace('kind = "alert"', 'kind = "alrt"'))
        app.check_disk()
        await app.workers.wait_for_complete()
        await pilot.pause()
        warning = app.screen.query_one(DiskWarning)
        assert warning.display
        text = str(warning.render())
        assert "The file on disk is broken" in text and 'kind "alrt" is not one of' in text
        assert str(demo_copy) in text
        assert len(app.session.timeline) == 14
        demo_copy.write_text(good)
        app.check_disk()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert not warning.display


# ----------------------------------------------------------------- help, picker, recent


async def test_help_lists_the_keys_of_the_app_and_the_screen(demo_copy: Path) -> None:
    app = make_app(demo_copy)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        rows = app.screen.key_rows()
        described = {description for _, _, description in rows}
        assert {"Save now (pmtui also saves on every change)", "Delete the selected entry (undo: ctrl+z)"} <= described
        assert any(group == "Typing" and "never a command" in text for group, _, text in rows)
        assert "Show Timeline" in described and "Next tab" in described
        groups = {group for group, _, _ in rows}
        assert {"Everywhere", "Notetaker"} <= groups and any(g.startswith("Every list") for g in groups)
        keys = " ".join(keys for _, keys, _ in rows).lower()
        for expected in ("^q", "f9", "f1", "alt+"):
            assert expected in keys, expected
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, NotetakerScreen)


async def test_every_app_action_is_in_the_command_palette(demo_copy: Path) -> None:
    app = make_app(demo_copy)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app.screen.action_show_phase("timeline")
        await pilot.pause()
        commands = {command.title: command for command in app.get_system_commands(app.screen)}
        assert {"Save", "Save as…", "Undo", "Help: keys", "Choose role", "Theme", "Quit"} <= set(commands)
        assert {"Show Five whys", "Follow the meeting", "Edit the selected timeline entry"} <= set(commands)
        commands["Show Went well"].callback()
        await pilot.pause()
        assert app.screen.query_one("#phases").active == "tab-went-well"
        commands = {command.title: command for command in app.get_system_commands(app.screen)}
        assert "Delete the selected went-well note" in commands


def test_the_picker_says_where_a_broken_file_is_broken(tmp_path: Path) -> None:
    broken = tmp_path / "broken.toml"
    broken.write_text("schema_version = 1\n[incident\n", encoding="utf-8")
    text = describe_file(broken).plain
    assert "cannot be opened" in text
    assert "broken.toml:2:10: TOML syntax error" in text


def test_the_picker_lists_session_files_but_not_hidden_or_temp_ones(tmp_path: Path) -> None:
    for name in ("a.toml", ".hidden.toml", ".a.toml.x1.tmp", "b.toml~", "notes.txt", "z.toml"):
        (tmp_path / name).write_text("x")
    assert [p.name for p in session_candidates(tmp_path)] == ["a.toml", "z.toml"]


async def test_the_picker_opens_a_file_and_a_broken_one_shows_an_error(
    demo_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    broken = tmp_path / "aaa-broken.toml"
    broken.write_text("schema_version = [")
    monkeypatch.chdir(tmp_path)
    app = make_app(None, role=None)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        picker = app.screen
        assert isinstance(picker, PickerScreen)
        await app.workers.wait_for_complete()
        await pilot.pause()
        options = picker.query_one(OptionList)
        prompts = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert any("SEV1" in p and "Checkout returned errors" in p for p in prompts)
        assert any("aaa-broken.toml" in p and "TOML syntax error" in p for p in prompts)
        picker.open_path(broken)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, ErrorDialog)
        assert f"pmtui: {broken}" in str(app.screen.query_one("#error-message").render())
        await pilot.press("enter")
        await pilot.pause()
        picker.open_path(demo_copy)
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, StartScreen)
    assert demo_copy.resolve() in [p.resolve() for p in load_recent()]


async def test_new_session_from_the_picker(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    app = make_app(None, role=None)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, NewSessionDialog)
        dialog.query_one("#new-title", Input).value = "Search was slow for 2 hours"
        await pilot.pause()
        assert dialog.query_one("#new-path", Input).value == str(tmp_path / "search-was-slow-for-2-hours.toml")
        dialog.query_one("#new-timezone", Input).value = "Mars/Olympus"
        dialog._create()
        await pilot.pause()
        assert "not an IANA time zone" in str(dialog.query_one(".dialog-error").render())
        dialog.query_one("#new-timezone", Input).value = "Europe/Berlin"
        dialog._create()
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, StartScreen)
    session = load_session_fast(tmp_path / "search-was-slow-for-2-hours.toml")
    assert session.incident.title == "Search was slow for 2 hours" and session.incident.timezone == "Europe/Berlin"


def test_recent_files_survive_an_unwritable_state_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "state-is-a-file"
    blocker.write_text("")
    monkeypatch.setenv("XDG_STATE_HOME", str(blocker))
    remember(tmp_path / "x.toml")  # no exception
    assert load_recent() == []
