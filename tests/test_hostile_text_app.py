"""Hostile text through every screen: what the app writes to its terminal never holds a control character from the file.

The app runs with a driver that records every byte it would send to a terminal (Textual's
headless driver renders nothing, so this one says it is not headless and keeps the output).
Each test then asserts that none of the file's escape sequences, C1 controls or bidi
overrides is in it, and that their visible replacements are (so the text was on screen).
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
from textual.drivers.headless_driver import HeadlessDriver
from textual.widgets import OptionList, Select, TabbedContent

from pmtui.domain.model import Phase
from pmtui.ui.app import PmtuiApp
from pmtui.ui.dialogs.action_form import ActionForm
from pmtui.ui.dialogs.common import ErrorDialog
from pmtui.ui.dialogs.entry_form import EntryForm
from pmtui.ui.dialogs.export_preview import ExportPreviewDialog
from pmtui.ui.dialogs.link_dialog import LinkDialog
from pmtui.ui.dialogs.paste_log import PasteLogDialog
from pmtui.ui.screens.picker import PickerScreen
from pmtui.ui.screens.start import StartScreen
from pmtui.ui.widgets.actions_pane import ActionsPane
from pmtui.ui.widgets.entry_pane import EntryPane
from pmtui.ui.widgets.summary_pane import SummaryPane
from tests.hostile_text import ALL, CLIPBOARD, FILE_NAME, MARKUP, raw_found, write_hostile_session

CLOCK = dt.datetime(2026, 11, 23, 15, 5, tzinfo=dt.UTC)
SIZE = (120, 40)


class RecordingDriver(HeadlessDriver):
    """A headless driver that keeps what the app writes, as a terminal would receive it."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.written: list[str] = []

    @property
    def is_headless(self) -> bool:
        return False  # so the app renders each frame and writes it here

    def write(self, data: str) -> None:
        self.written.append(data)


@pytest.fixture(autouse=True)
def _private_state(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    return write_hostile_session(tmp_path)


def recording_app(path: Path | None, role: str | None) -> PmtuiApp:
    app = PmtuiApp(path, role, clock=lambda: CLOCK)
    app.driver_class = RecordingDriver
    return app


# Textual's own sequence that ends in BEL: the mouse pointer's shape (OSC 22), not from the file.
POINTER_SHAPE = re.compile(r"\x1b\]22;[a-z-]*\x07")


def output(app: PmtuiApp) -> str:
    """Everything the app wrote to its terminal, less Textual's pointer-shape sequences."""
    driver = app._driver
    assert isinstance(driver, RecordingDriver)
    return POINTER_SHAPE.sub("", "".join(driver.written))


async def settle(app: PmtuiApp, pilot: Any) -> None:
    await app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.wait_for_scheduled_animations()
    await pilot.pause()


def assert_clean(app: PmtuiApp, *shown: str) -> None:
    """Nothing raw from the file, and these visible forms are on screen (so the text was shown)."""
    out = output(app)
    assert raw_found(out) == []
    for text in shown:
        assert text in out, f"{text!r} was never shown"


async def test_start_screen_and_header_show_the_title_inert(hostile: Path) -> None:
    app = recording_app(hostile, None)
    async with app.run_test(headless=False, size=SIZE, notifications=True) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, StartScreen)
        assert "\\x1b]2;pwned-title\\x07" in app.title  # the header's title, which Textual draws
        assert_clean(app, "\\x1b[2J", "\\x1b]52;c;ZWNobyBwd25lZA==\\x07", MARKUP)


async def test_notetaker_tabs_forms_and_dialogs(hostile: Path) -> None:
    original = hostile.read_bytes()
    app = recording_app(hostile, "notetaker")
    async with app.run_test(headless=False, size=SIZE, notifications=True) as pilot:
        await settle(app, pilot)
        screen: Any = app.screen
        for phase in Phase:
            screen.action_show_phase(phase.value)
            await settle(app, pilot)
            active = screen.query_one(TabbedContent).active_pane
            for pane in active.query(EntryPane):
                entries = pane.entries_of(pane.session)
                if not entries:
                    continue
                pane.select(entries[0].id)
                await settle(app, pilot)
                pane.action_edit()  # EntryForm, or ActionForm for actions: inputs hold the raw value
                await settle(app, pilot)
                form: Any = app.screen
                assert isinstance(form, EntryForm | ActionForm)
                form.action_save()  # saved untouched: nothing may change in the file
                await settle(app, pilot)
                assert app.screen is screen, "the form refused its own untouched values"
                if isinstance(pane, ActionsPane):
                    pane.action_link()
                    await settle(app, pilot)
                    assert isinstance(app.screen, LinkDialog)
                    await pilot.press("escape")
                    await settle(app, pilot)
        assert_clean(app, "\\x9b31mred\\x9b0m", "\\u202eevil\\u2066", "\\x1b]8;;https://evil.example/")
        # The summary's editor shows U+0085 as a line break; that is not an edit either.
        screen.query_one(SummaryPane).flush()
        await settle(app, pilot)
        assert app.save_status.state.value == "saved"
    assert hostile.read_bytes() == original


async def test_paste_log_export_preview_and_toasts(hostile: Path) -> None:
    app = recording_app(hostile, "notetaker")
    async with app.run_test(headless=False, size=SIZE, notifications=True) as pilot:
        await settle(app, pilot)
        log = f"[14:30] sam{CLIPBOARD}: {ALL}\n{CLIPBOARD} no time here\n"
        app.push_screen(PasteLogDialog(text=log))  # as F4 opens it, with the paste already in
        await settle(app, pilot)
        dialog = app.screen
        assert isinstance(dialog, PasteLogDialog) and dialog.result.entries
        assert_clean(app, "sam\\x1b]52;c;", "\\x9b31mred")
        await pilot.press("escape")
        await settle(app, pilot)
        app.action_export_preview()
        await settle(app, pilot)
        preview = app.screen
        assert isinstance(preview, ExportPreviewDialog)
        for fmt in ("md", "html", "json", "csv"):
            preview.query_one("#export-format", Select).value = fmt
            await settle(app, pilot)
        preview.action_toggle_rendered()
        await settle(app, pilot)
        await pilot.press("escape")
        await settle(app, pilot)
        # A toast naming a file or quoting an entry: every screen's notify ends in the app's.
        app.notify(f"Cannot read {FILE_NAME}: {ALL}", title=f"t4 {CLIPBOARD}", severity="error")
        app.screen.notify("quoted [b]x[/b] [@click=app.quit]q[/]")  # Widget.notify asks for markup by default
        await settle(app, pilot)
        assert_clean(app, "evil\\x1b]2;file-title\\x07.toml", "quoted [b]x[/b] [@click=app.quit]q[/]")


async def test_moderator_every_phase_large_and_spotlit(hostile: Path) -> None:
    app = recording_app(hostile, "moderator")
    async with app.run_test(headless=False, size=SIZE, notifications=True) as pilot:
        await settle(app, pilot)
        screen: Any = app.screen
        for number in range(1, len(Phase) + 1):
            screen.action_go_to_phase(number)
            await settle(app, pilot)
            screen.action_spotlight()
            await settle(app, pilot)
        screen.action_toggle_large()
        screen.action_go_to_phase(1)
        await settle(app, pilot)
        assert_clean(app, "\\x1b]52;c;ZWNobyBwd25lZA==\\x07", "\\x9b31mred", "\\u202eevil")


async def test_picker_file_names_and_the_error_dialog(
    tmp_path: Path, hostile: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_hostile_session(tmp_path, FILE_NAME)
    (tmp_path / f"broken{CLIPBOARD}.toml").write_text(f'[incident]\ntitle = "unterminated {ALL}\n')
    monkeypatch.chdir(tmp_path)
    app = recording_app(None, None)
    async with app.run_test(headless=False, size=SIZE, notifications=True) as pilot:
        await settle(app, pilot)
        picker = app.screen
        assert isinstance(picker, PickerScreen)
        assert picker.query_one(OptionList).option_count >= 4
        broken = next(p for p in picker.paths if p.name.startswith("broken"))
        picker.open_path(broken)
        await settle(app, pilot)
        assert isinstance(app.screen, ErrorDialog)
        assert_clean(app, "evil\\x1b]2;file-title\\x07.toml", "broken\\x1b]52;c;")
