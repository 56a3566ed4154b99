"""The viewer (`--role viewer`): the moderator's screen, read-only, following the file; served links keep to a role."""

from __future__ import annotations

import string
import time
from pathlib import Path

from textual.widgets import Static

from pmtui.commands import open_app
from pmtui.domain.changes import AddEntry, SetField
from pmtui.storage.roles import current_holder, lease_path
from pmtui.storage.store import SessionFile
from pmtui.ui.app import PmtuiApp
from pmtui.ui.screens.moderator import ModeratorScreen
from pmtui.ui.widgets.phase_content import PhaseContent
from pmtui.ui.widgets.status_bar import DiskWarning

# Every key a moderator uses, plus every printable character, the app's own keys and mouse-less editing keys.
MODERATOR_KEYS = ["n", "p", "right", "left", "pagedown", "pageup", "space", "plus", "minus", "s", "enter", "escape"]
APP_KEYS = ["ctrl+s", "ctrl+z", "f5", "f4", "f8", "delete", "backspace"]


def _snapshot(path: Path) -> tuple[bytes, int]:
    return path.read_bytes(), path.stat().st_mtime_ns


async def _until(pilot, condition, seconds: float = 3.0) -> float:  # type: ignore[no-untyped-def]
    started = time.monotonic()
    while not condition():
        assert time.monotonic() - started < seconds, "timed out"
        await pilot.pause(0.02)
    return time.monotonic() - started


def _palette_titles(app: PmtuiApp) -> set[str]:
    return {command.title for command in app.get_system_commands(app.screen)}


async def test_no_key_in_a_viewer_changes_the_file_or_takes_a_role(demo_copy: Path) -> None:
    before = _snapshot(demo_copy)
    app = PmtuiApp(demo_copy, "viewer")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ModeratorScreen)
        assert app.session.meeting.phase.value == "summary"
        for key in [*MODERATOR_KEYS, *[str(n) for n in range(1, 8)], *APP_KEYS, *string.printable.strip()]:
            await pilot.press(key)
            if not isinstance(app.screen, ModeratorScreen):
                await pilot.press("escape")  # a help or palette screen opened by ? or ctrl+p: back to the view
        # A direct request is refused too (the palette, a click on a row): nothing ever reaches the store.
        assert not app.submit(SetField("meeting", "phase", "whys"))
        assert app.session.meeting.phase.value == "summary"
        assert not app.session_file.has_pending  # type: ignore[union-attr]
        assert app.save_status.state.value == "saved"
        # No role lease: the real moderator and notetaker can still join.
        assert not lease_path(demo_copy, "moderator").exists()
        assert not lease_path(demo_copy, "notetaker").exists()
    assert _snapshot(demo_copy) == before


async def test_viewer_shows_no_editing_keys_or_commands(demo_copy: Path) -> None:
    app = PmtuiApp(demo_copy, "viewer")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        shown = {binding.action for (_, binding, enabled, _) in app.active_bindings.values() if enabled}
        assert not shown & {"next_phase", "toggle_timer", "spotlight", "save", "undo", "take_role"}
        titles = _palette_titles(app)
        assert "Help: keys" in titles
        assert not titles & {"Save", "Save as…", "Undo", "Choose role", "Paste chat log…", "Export…",
                             "Open another session…", "Next phase", "Start / pause the timer"}  # fmt: skip
        bar = app.screen.query_one("#mod-bar", Static)
        assert "view only" in str(bar.content)


async def test_viewer_follows_every_change_within_a_second(demo_copy: Path) -> None:
    app = PmtuiApp(demo_copy, "viewer")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        moderator = SessionFile.open(demo_copy)
        moderator.submit(SetField("meeting", "phase", "timeline"))
        moderator.save()
        await _until(pilot, lambda: app.session.meeting.phase.value == "timeline")
        moderator.submit(AddEntry("timeline", {"at": "2026-11-20T14:41:00Z", "text": "seen by the viewer"}))
        moderator.save()
        await _until(pilot, lambda: app.session.timeline[-1].text == "seen by the viewer")
        await pilot.pause()
        assert app.screen.query_one(PhaseContent).display


async def test_viewer_shows_the_broken_file_warning_and_takes_it_away_once_fixed(demo_copy: Path) -> None:
    app = PmtuiApp(demo_copy, "viewer")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        good = demo_copy.read_text()
        demo_copy.write_text(good.replace('kind = "action"', 'kind = "acton"', 1))  # as an editor saves
        await _until(pilot, lambda: bool(app.disk_error))
        await pilot.pause()
        warning = app.screen.query_one(DiskWarning)
        assert warning.has_class("-shown") and "acton" in str(warning.content)
        demo_copy.write_text(good)
        await _until(pilot, lambda: not app.disk_error)
        await pilot.pause()
        assert not warning.has_class("-shown")


async def test_viewer_opens_even_when_the_roles_are_not_named(tmp_path: Path, demo_copy: Path) -> None:
    text = demo_copy.read_text(encoding="utf-8").replace('moderator = "Sam Ortega"', 'moderator = ""')
    demo_copy.write_text(text, encoding="utf-8")
    app = PmtuiApp(demo_copy, "viewer")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ModeratorScreen)  # not the start screen, where m or n would take a role


async def test_a_served_link_keeps_to_its_role_and_its_file(demo_copy: Path) -> None:
    app = PmtuiApp(demo_copy, "moderator", served=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ModeratorScreen)
        app.show_role("notetaker")
        await pilot.pause()
        assert isinstance(app.screen, ModeratorScreen) and app.role == "moderator"
        assert current_holder(demo_copy, "notetaker") is None
        titles = _palette_titles(app)
        assert "Open another session…" not in titles and "Save as…" not in titles
        assert "Next phase" in titles  # the moderator keeps the moderator's commands
        await pilot.press("n")
        assert app.session.meeting.phase.value == "timeline"


async def test_an_unserved_app_still_offers_every_command(demo_copy: Path) -> None:
    app = PmtuiApp(demo_copy, "moderator")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert {"Open another session…", "Save as…", "Choose role", "Next phase"} <= _palette_titles(app)


def test_served_needs_a_file_and_a_role(capsys) -> None:  # type: ignore[no-untyped-def]
    assert open_app.main(["--served"]) == 2
    assert "--served needs FILE and --role" in capsys.readouterr().err


async def test_a_served_screen_saves_what_is_pending_when_its_tab_closes(demo_copy: Path) -> None:
    app = PmtuiApp(demo_copy, "notetaker", served=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app.autosaver.running = True  # an autosave in flight: the change waits, as it would while the tab closes
        assert app.submit(AddEntry("timeline", {"at": "2026-11-20T14:41:00Z", "text": "typed as the tab closed"}))
        assert app.session_file.has_pending  # type: ignore[union-attr]
        app.exit()
    assert "typed as the tab closed" in demo_copy.read_text(encoding="utf-8")


async def test_a_viewers_help_lists_only_the_keys_it_has(demo_copy: Path) -> None:
    from pmtui.ui.dialogs.help import binding_groups

    app = PmtuiApp(demo_copy, "viewer")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        actions = {binding.action for _, bindings in binding_groups(app, app.screen) for binding in bindings}
        assert "toggle_large" in actions and "help" in actions
        assert not actions & {"next_phase", "toggle_timer", "go_to_phase(1)", "save", "undo", "take_role"}


async def test_a_served_export_is_saved_beside_the_session_only(demo_copy: Path, tmp_path: Path) -> None:
    from textual.widgets import Input

    from pmtui.ui.dialogs.export_preview import ExportPreviewDialog

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    app = PmtuiApp(demo_copy, "notetaker", served=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app.push_screen(ExportPreviewDialog(app.session, demo_copy))
        await _until(pilot, lambda: isinstance(app.screen, ExportPreviewDialog) and bool(app.screen.text))
        dialog = app.screen
        path_input = dialog.query_one("#export-path", Input)
        for outside in (elsewhere / "x.md", demo_copy.parent / ".." / "x.md"):
            path_input.value = str(outside)
            dialog.action_save()
            await app.workers.wait_for_complete()
            assert "beside the session file" in str(dialog.query_one("#export-status").content)
        assert list(elsewhere.iterdir()) == [] and not (demo_copy.parent.parent / "x.md").exists()
        path_input.value = "beside.md"
        dialog.action_save()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert (demo_copy.parent / "beside.md").exists()


async def test_a_role_link_on_a_file_without_names_can_name_them_first(tmp_path: Path) -> None:
    from pmtui.domain.template import new_session_text
    from pmtui.ui.screens.start import StartScreen

    path = tmp_path / "unnamed.toml"
    path.write_text(new_session_text("Unnamed roles"), encoding="utf-8")
    app = PmtuiApp(path, "moderator", served=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, StartScreen)
        from textual.widgets import Input

        for role, name in (("moderator", "Sam"), ("notetaker", "Lee")):  # as typed in the start screen's fields
            app.screen.query_one(f"#role-{role}", Input).value = name
            app.screen.save_names()
        assert app.session.roles.moderator == "Sam" and app.session.roles.notetaker == "Lee"
        app.screen.action_choose("notetaker")  # the moderator's link cannot become the notetaker
        await pilot.pause()
        assert isinstance(app.screen, StartScreen)
        app.screen.action_choose("moderator")
        await pilot.pause()
        assert isinstance(app.screen, ModeratorScreen) and app.role == "moderator"
        assert not app.submit(SetField("roles", "notetaker", "Kim"))  # from here on, the meeting only
    assert 'moderator = "Sam"' in path.read_text(encoding="utf-8")
