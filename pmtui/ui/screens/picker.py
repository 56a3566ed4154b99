"""PickerScreen: choose a session file in the current folder or a recent one, or create a new one."""

from __future__ import annotations

import contextlib
from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from pmtui.domain.errors import SessionError
from pmtui.domain.text_safety import visible
from pmtui.storage.parsing import load_session_fast
from pmtui.storage.recent import load_recent
from pmtui.storage.store import SessionFile
from pmtui.ui.contract import host
from pmtui.ui.dialogs.common import ErrorDialog
from pmtui.ui.dialogs.new_session import NewSessionDialog
from pmtui.ui.screens.start import display_path

NEW_SESSION = "__new__"


def session_candidates(folder: Path) -> list[Path]:
    """The *.toml files of a folder that could be sessions (not hidden, not editor or temp files)."""
    found = []
    for path in sorted(folder.glob("*.toml")):
        name = path.name
        if name.startswith((".", "#", "~")) or name.endswith(("~", ".tmp")) or not path.is_file():
            continue
        found.append(path)
    return found


def describe_file(path: Path, shown_name: str | None = None) -> Text:
    """One line for the list: severity, title and file name; or why the file cannot be opened."""
    # Two lines per file, always: what it is, then where it is (a long title wraps either way).
    line = Text()
    name = visible(shown_name or path.name)  # a file name can hold an escape sequence too
    try:
        session = load_session_fast(path)
    except SessionError as error:
        line.append("✖ cannot be opened\n", style="bold")
        # The same words as `pmtui check`, with the line and column, so the fix is one jump away.
        where = "".join(f":{n}" for n in (error.line, error.column) if n is not None and error.line is not None)
        line.append(f"     {name}{where}: {visible(error.message)}", style="dim")
        return line
    incident = session.incident
    line.append(f"{incident.severity.value:<5}", style="bold")
    line.append(f"{visible(incident.title) or 'Untitled incident'}\n")
    line.append(f"     {incident.status.value} · {name}", style="dim")
    return line


class PickerScreen(Screen[None]):
    """Lists session files here and recently opened ones; Enter opens, n creates."""

    HELP_TITLE = "Pick a session"
    DEFAULT_CSS = """
    PickerScreen > Vertical { padding: 0 1; }
    PickerScreen OptionList { height: 1fr; }
    PickerScreen .picker-help { height: auto; }
    """
    BINDINGS = [
        Binding("n,ctrl+n", "new_session", "New session", id="picker.new", tooltip="Create a session file"),
        Binding("r", "rescan", "Rescan", id="picker.rescan", tooltip="Look for session files again"),
    ]

    def __init__(self, folder: Path | None = None) -> None:
        super().__init__()
        self.folder = folder or Path.cwd()
        self.paths: list[Path] = []

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical():
            yield Static(
                f"Open a postmortem session (files in {visible(str(self.folder))} and recent ones), "
                "or press n for a new one.",
                classes="picker-help",
                markup=False,
            )
            yield OptionList(id="picker-list")
        yield Footer()

    def on_mount(self) -> None:
        self.app.sub_title = "choose a session"
        self.action_rescan()
        self.query_one(OptionList).focus()

    def action_rescan(self) -> None:
        here = session_candidates(self.folder)
        recent = [p for p in load_recent() if p.resolve() not in {h.resolve() for h in here}]
        self.paths = here + recent
        options = self.query_one(OptionList)
        options.clear_options()
        options.add_option(Option(Text("+ New session…", style="bold"), id=NEW_SESSION))
        if here:
            options.add_option(Option(Text(f"In {visible(str(self.folder))}", style="dim italic"), disabled=True))
        for index, path in enumerate(here):
            options.add_option(Option(Text(f"{visible(path.name)}  (reading…)"), id=str(index)))
        if recent:
            options.add_option(Option(Text("Recently opened", style="dim italic"), disabled=True))
        for index, path in enumerate(recent, start=len(here)):
            options.add_option(Option(Text(f"{visible(display_path(path))}  (reading…)"), id=str(index)))
        if not self.paths:
            options.add_option(Option(Text("No session files here yet.", style="dim"), disabled=True))
        options.highlighted = 0 if not self.paths else 2
        self._describe_all(list(self.paths))

    @work(thread=True, exclusive=True, group="picker")
    def _describe_all(self, paths: list[Path]) -> None:
        here = len(session_candidates(self.folder))
        for index, path in enumerate(paths):
            # files from elsewhere (the recent list) show where they are
            line = describe_file(path, None if index < here else display_path(path))
            self.app.call_from_thread(self._show_line, index, path, line)

    def _show_line(self, index: int, path: Path, line: Text) -> None:
        if index >= len(self.paths) or self.paths[index] != path:
            return
        options = self.query_one(OptionList)
        with contextlib.suppress(Exception):  # the list was rescanned meanwhile
            options.replace_option_prompt(str(index), line)

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        option_id = event.option.id
        if option_id == NEW_SESSION:
            self.action_new_session()
        elif option_id is not None:
            self.open_path(self.paths[int(option_id)])

    def action_new_session(self) -> None:
        def created(path: Path | None) -> None:
            if path is not None:
                self.open_path(path)

        self.app.push_screen(NewSessionDialog(self.folder), created)

    def open_path(self, path: Path) -> None:
        """Open a session file in a worker; a problem shows in a dialog and nothing else changes."""
        self._open_worker(path)

    @work(thread=True, exclusive=True, group="open")
    def _open_worker(self, path: Path) -> None:
        try:
            session_file = SessionFile.open(path, lazy=True)
        except SessionError as error:
            self.app.call_from_thread(self._open_failed, error)
            return
        self.app.call_from_thread(self._opened, session_file)

    def _open_failed(self, error: SessionError) -> None:
        self.app.push_screen(ErrorDialog("Cannot open this file", f"pmtui: {error}"))

    def _opened(self, session_file: SessionFile) -> None:
        host(self).enter_session(session_file)
