"""PickerScreen: choose a session file in the current folder or a recent one, or create a new one."""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from pathlib import Path
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, Footer, Header, Input, OptionList, Select, Static
from textual.widgets.option_list import Option

from pmtui.domain.errors import SessionError
from pmtui.domain.model import Severity
from pmtui.domain.new_session import START_HINT, NewSession, machine_zone_name, parse_start, start_text, zone_problem
from pmtui.domain.text_safety import visible
from pmtui.storage.parsing import load_session_fast
from pmtui.storage.recent import load_recent
from pmtui.storage.store import SessionFile, create_session_file
from pmtui.ui.dialogs.common import ErrorDialog
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
        app: Any = self.app
        app.enter_session(session_file)


def slug(title: str) -> str:
    """A file name from a title: 'Checkout returned errors' -> 'checkout-returned-errors'."""
    words = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")
    return words[:60].rstrip("-") or "postmortem"


class NewSessionDialog(ModalScreen[Path | None]):
    """Asks for title, severity, start time, time zone, owner, the two roles and the file; writes it."""

    DEFAULT_CSS = """
    NewSessionDialog { align: center middle; }
    NewSessionDialog > Vertical { width: 84; max-width: 98%; height: auto; max-height: 100%; padding: 0 1; }
    NewSessionDialog .form-row { height: auto; margin-top: 1; }
    NewSessionDialog .form-row.-tight { margin-top: 0; }
    NewSessionDialog .form-row > .form-label { width: 12; padding-right: 1; text-style: bold; }
    NewSessionDialog .form-row > Input, NewSessionDialog .form-row > Select { width: 1fr; }
    NewSessionDialog Input { padding: 0 1; }
    NewSessionDialog .form-hint { color: $text-muted; height: auto; padding-left: 12; }
    NewSessionDialog .dialog-buttons { height: auto; margin-top: 1; align-horizontal: right; }
    NewSessionDialog Button { margin-left: 1; }
    NewSessionDialog .dialog-error { color: $error; height: auto; }
    """
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, folder: Path) -> None:
        super().__init__()
        self.folder = folder
        self._path_edited = False
        self._start_edited = False
        self._zone = machine_zone_name()

    def _now(self) -> dt.datetime:
        clock = getattr(self.app, "clock", None)
        return clock() if callable(clock) else dt.datetime.now(dt.UTC)

    def compose(self) -> ComposeResult:
        def row(label: str, widget: Input | Select[str], tight: bool = False) -> Horizontal:
            # The people and the file sit close together: the whole form fits on an 80x24 terminal.
            classes = "form-row -tight" if tight else "form-row"
            return Horizontal(Static(label, classes="form-label"), widget, classes=classes)

        with Vertical(classes="dialog") as box:
            box.border_title = "New session"
            yield row("Title", Input(id="new-title", compact=True, placeholder="what users saw"), tight=True)
            yield Static("e.g. “Checkout returned errors for 38 minutes”", classes="form-hint")
            severities = [(s.value, s.value) for s in Severity]
            yield row("Severity", Select(severities, value="SEV3", allow_blank=False, id="new-severity", compact=True))
            yield row("Started", Input(start_text(self._now(), self._zone), id="new-started", compact=True))
            examples = START_HINT.removeprefix("e.g. ")
            yield Static(f"when impact began, in the zone below: {examples}", classes="form-hint")
            yield row("Time zone", Input(self._zone, id="new-timezone", compact=True))
            yield Static("IANA name, e.g. Europe/London; the machine's by default", classes="form-hint")
            yield row("Owner", Input(id="new-owner", compact=True, placeholder="the incident owner"))
            yield row("Moderator", Input(id="new-moderator", compact=True, placeholder="runs the meeting"), tight=True)
            yield row("Notetaker", Input(id="new-notetaker", compact=True, placeholder="types the notes"), tight=True)
            yield row("File", Input(str(self.folder / "postmortem.toml"), id="new-path", compact=True))
            yield Static("", classes="dialog-error", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Cancel", id="cancel")
                yield Button("Create", id="create", variant="primary")

    @on(Input.Changed, "#new-title")
    def _title_changed(self, event: Input.Changed) -> None:
        if not self._path_edited:
            self.query_one("#new-path", Input).value = str(self.folder / f"{slug(event.value)}.toml")

    @on(Input.Changed, "#new-path")
    def _path_changed(self, event: Input.Changed) -> None:
        expected = str(self.folder / f"{slug(self.query_one('#new-title', Input).value)}.toml")
        self._path_edited = event.value != expected

    @on(Input.Changed, "#new-started")
    def _start_changed(self, event: Input.Changed) -> None:
        self._start_edited = event.value != start_text(self._now(), self._zone)

    @on(Input.Changed, "#new-timezone")
    def _zone_changed(self, event: Input.Changed) -> None:
        # An untouched start time stays "now": shown again in the newly chosen zone.
        zone = event.value.strip()
        if not zone_problem(zone):
            self._zone = zone
            if not self._start_edited:
                self.query_one("#new-started", Input).value = start_text(self._now(), zone)

    def answers(self) -> NewSession:
        """What the dialog holds now (the start time read in the chosen zone); ValueError if unreadable."""

        def value(name: str) -> str:
            return self.query_one(f"#new-{name}", Input).value.strip()

        timezone = value("timezone") or "UTC"
        started_at = parse_start(value("started"), timezone, self._now()) if not zone_problem(timezone) else None
        return NewSession(
            title=value("title"),
            severity=Severity(str(self.query_one("#new-severity", Select).value)),
            started_at=started_at,
            timezone=timezone,
            owner=value("owner"),
            moderator=value("moderator"),
            notetaker=value("notetaker"),
        )

    @on(Input.Submitted)
    @on(Button.Pressed, "#create")
    def _create(self) -> None:
        error = self.query_one(".dialog-error", Static)
        try:
            answers = self.answers()
        except ValueError as problem:
            error.update(f"{str(problem)[:1].upper()}{str(problem)[1:]}")
            return
        if answers.problem():
            error.update(answers.problem())
            return
        path = Path(self.query_one("#new-path", Input).value.strip()).expanduser()
        if path.suffix != ".toml":
            path = path.with_name(path.name + ".toml")
        try:
            create_session_file(path, answers.text())
        except SessionError as problem:
            error.update(str(problem))
            return
        self.dismiss(path)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
