"""The paste-a-chat-log dialog and the export preview: preview, add in one undo, copy, save."""

from __future__ import annotations

import json
from pathlib import Path

import pyperclip
import pytest
from textual.widgets import DataTable, Input, TabbedContent, TextArea

from pmtui.domain.timeline_import import ImportResult, as_change, parse_chat_log
from pmtui.export import export
from pmtui.storage.parsing import load_session_fast
from pmtui.ui.clipboard import CopyResult
from pmtui.ui.dialogs.export_preview import OSC52_ONLY, ExportPreviewDialog, copy_message, save_problem
from pmtui.ui.dialogs.paste_log import PasteLogDialog, summary, unreadable_text
from pmtui.ui.widgets.whys_pane import WhysPane
from tests.pilot_support import until

LOG = """Morning all, pasting the channel
[14:12] Payments on-call acknowledged the page, 3 minutes after it fired
[14:05] priya: pool wait p99 at 1,600 ms
[14:20] sam: scaled to 36 pods
  503 rate now 48%
[25:70] not a time
"""


def test_copy_messages_say_plainly_what_happened() -> None:
    assert copy_message(CopyResult(True, "xclip", "")) == "Copied with xclip."
    assert copy_message(CopyResult(False, "", "no clipboard")) == OSC52_ONLY


def test_save_problem_refuses_the_session_file_and_folders(tmp_path: Path) -> None:
    session = tmp_path / "incident.toml"
    assert "session file itself" in save_problem(session, session)
    assert "is a folder" in save_problem(tmp_path, session)
    assert "does not exist" in save_problem(tmp_path / "nope" / "x.md", session)
    assert save_problem(tmp_path / "incident.md", session) == ""


def test_a_paste_numbers_new_ids_after_the_highest_and_keeps_time_order(demo_copy: Path) -> None:
    session = load_session_fast(demo_copy)
    result = parse_chat_log("[14:20] sam: scaled up\n[13:00] early note\n[14:21] sam: scaled more", session)
    batch = as_change(session, result.entries)
    assert [(change.id, change.position) for change in batch.changes] == [("t15", 7), ("t16", 0), ("t17", 9)]


def test_summary_and_unreadable_lines_in_words() -> None:
    result = ImportResult(entries=[{}], skipped_duplicates=2, unreadable_lines=[(3, "hello"), (9, "  bye  ")])
    assert summary(result) == "1 new entry · 2 duplicates skipped · 2 unreadable lines"
    assert unreadable_text(result) == "line 3: hello\nline 9: bye"
    many = ImportResult(unreadable_lines=[(n, "x") for n in range(1, 61)])
    assert unreadable_text(many).endswith("line 50: x\n… and 10 more")
    assert summary(ImportResult(problem="set started_at first")) == "set started_at first"


async def settle(app, pilot) -> None:
    await app.workers.wait_for_complete()
    await pilot.pause()


async def test_paste_previews_adds_in_time_order_and_undoes_in_one_step(pane_app) -> None:
    app = pane_app(WhysPane)
    async with app.run_test(size=(120, 40)) as pilot:
        before = [event.id for event in app.session.timeline]
        app.push_screen(PasteLogDialog())
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, PasteLogDialog)
        dialog.query_one("#paste-text", TextArea).load_text(LOG)
        await until(pilot, lambda: dialog.preview_is_current, "the preview of the paste")
        summary = str(dialog.query_one("#paste-summary").content)
        assert summary.startswith("2 new entries · 1 duplicate skipped · 2 unreadable lines")
        assert "all on 2026-11-20" in summary
        unreadable = str(dialog.query_one("#paste-unreadable").content)
        assert "line 1: Morning all" in unreadable and "line 6: [25:70] not a time" in unreadable
        table = dialog.query_one("#paste-preview", DataTable)
        assert [str(table.get_row_at(i)[0]) for i in range(table.row_count)] == ["14:05", "14:20"]
        assert str(table.get_row_at(1)[3]) == "scaled to 36 pods 503 rate now 48%"

        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, PasteLogDialog)
        timeline = app.session.timeline
        assert len(timeline) == len(before) + 2
        times = [event.at for event in timeline]
        assert times == sorted(times)
        added = [event for event in timeline if event.id not in before]
        assert [(e.at.strftime("%H:%M"), e.author, e.text) for e in added] == [
            ("14:05", "priya", "pool wait p99 at 1,600 ms"),
            ("14:20", "sam", "scaled to 36 pods\n503 rate now 48%"),
        ]
        app.undo()
        await pilot.pause()
        assert [event.id for event in app.session.timeline] == before


async def test_paste_of_nothing_new_cannot_be_added_and_escape_cancels(pane_app) -> None:
    app = pane_app(WhysPane)
    async with app.run_test(size=(120, 40)) as pilot:
        count = len(app.session.timeline)
        app.push_screen(PasteLogDialog(text="[14:12] Payments on-call acknowledged the page, 3 minutes after it fired"))
        await pilot.pause()
        await settle(app, pilot)
        dialog = app.screen
        assert str(dialog.query_one("#paste-summary").content).startswith("0 new entries · 1 duplicate skipped")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is dialog
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, PasteLogDialog)
        assert len(app.session.timeline) == count


@pytest.fixture
def clipboard(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    copied: list[str] = []

    def copy_xclip(text: str) -> None:
        copied.append(text)

    monkeypatch.setattr(pyperclip, "copy", copy_xclip)
    return copied


async def test_export_preview_copies_with_the_system_clipboard_and_osc52(pane_app, clipboard: list[str]) -> None:
    app = pane_app(WhysPane)
    async with app.run_test(size=(120, 40)) as pilot:
        app.push_screen(ExportPreviewDialog(app.session, app.session_file.path))
        await pilot.pause()
        await settle(app, pilot)
        dialog = app.screen
        expected = export(app.session, "md")
        assert dialog.query_one("#export-text", TextArea).text == expected
        await pilot.press("c")
        await settle(app, pilot)
        assert clipboard == [expected]
        assert app.clipboard == expected  # the OSC 52 fallback got it too
        assert str(dialog.query_one("#export-status").content) == "Copied with xclip."


async def test_export_preview_without_a_clipboard_says_so(pane_app, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(text: str) -> None:
        raise pyperclip.PyperclipException("could not find a copy/paste mechanism for your system")

    monkeypatch.setattr(pyperclip, "copy", broken)
    app = pane_app(WhysPane)
    async with app.run_test(size=(120, 40)) as pilot:
        app.push_screen(ExportPreviewDialog(app.session, app.session_file.path, fmt="csv"))
        await pilot.pause()
        await settle(app, pilot)
        await pilot.press("c")
        await settle(app, pilot)
        assert str(app.screen.query_one("#export-status").content) == OSC52_ONLY
        assert app.clipboard == export(app.session, "csv")


async def test_export_preview_switches_format_and_saves_beside_the_session(pane_app) -> None:
    app = pane_app(WhysPane)
    async with app.run_test(size=(120, 40)) as pilot:
        session_path: Path = app.session_file.path
        app.push_screen(ExportPreviewDialog(app.session, session_path))
        await pilot.pause()
        await settle(app, pilot)
        dialog = app.screen
        path_input = dialog.query_one("#export-path", Input)
        assert path_input.value == str(session_path.with_suffix(".md"))

        await pilot.press("j")
        await settle(app, pilot)
        target = session_path.with_suffix(".json")
        assert path_input.value == str(target)
        assert json.loads(dialog.query_one("#export-text", TextArea).text)["incident"]["severity"] == "SEV1"

        await pilot.press("s")
        await settle(app, pilot)
        assert target.read_text(encoding="utf-8") == export(app.session, "json")
        assert str(dialog.query_one("#export-status").content) == f"Saved to {target}"

        # saving again asks first; the second press replaces the file
        target.write_text("old", encoding="utf-8")
        await pilot.press("s")
        await settle(app, pilot)
        assert "exists; press Save again" in str(dialog.query_one("#export-status").content)
        assert target.read_text(encoding="utf-8") == "old"
        await pilot.press("s")
        await settle(app, pilot)
        assert target.read_text(encoding="utf-8") == export(app.session, "json")

        # the session file itself is never overwritten by an export
        original = session_path.read_bytes()
        path_input.value = str(session_path)
        await pilot.press("s")
        await settle(app, pilot)
        assert "session file itself" in str(dialog.query_one("#export-status").content)
        assert session_path.read_bytes() == original


async def test_notetaker_keys_and_palette_open_the_dialogs(demo_copy: Path) -> None:
    import datetime as dt

    from pmtui.ui.app import PmtuiApp

    app = PmtuiApp(demo_copy, "notetaker", clock=lambda: dt.datetime(2026, 11, 23, 10, tzinfo=dt.UTC))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("f4")
        await pilot.pause()
        assert isinstance(app.screen, PasteLogDialog)
        dialog = app.screen
        dialog.query_one("#paste-text", TextArea).load_text("[14:21] sam: 503 rate at 48%")
        await until(pilot, lambda: dialog.preview_is_current, "the preview of the paste")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.session.timeline[7].text == "503 rate at 48%"  # between t7 (14:19) and t8 (14:22)
        assert app.screen.query_one(TabbedContent).active == "tab-timeline"  # shown where it landed
        await pilot.press("f8")
        await settle(app, pilot)
        assert isinstance(app.screen, ExportPreviewDialog)
        await pilot.press("escape")
        await pilot.pause()
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert "Paste chat log…" in titles and "Export…" in titles


async def test_export_preview_renders_markdown_on_request(pane_app, clipboard: list[str]) -> None:
    app = pane_app(WhysPane)
    async with app.run_test(size=(120, 40)) as pilot:
        app.push_screen(ExportPreviewDialog(app.session, app.session_file.path))
        await pilot.pause()
        await settle(app, pilot)
        dialog = app.screen
        assert not dialog.rendered
        await pilot.press("r")
        await pilot.pause()
        assert dialog.rendered
        await pilot.press("c")  # keys still reach the dialog from the rendered view
        await settle(app, pilot)
        assert app.clipboard == export(app.session, "md")
        await pilot.press("j")  # another format shows its source
        await settle(app, pilot)
        assert not dialog.rendered
        await pilot.press("r")
        await pilot.pause()
        assert not dialog.rendered
        assert "Only Markdown has a rendered view" in str(dialog.query_one("#export-status").content)
