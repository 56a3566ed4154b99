"""NewSessionDialog: title, severity, start, time zone, owner, the two roles and the file; it writes the file."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Select, Static

from pmtui.domain.errors import SessionError
from pmtui.domain.model import Severity
from pmtui.domain.new_session import START_HINT, NewSession, machine_zone_name, parse_start, start_text, zone_problem
from pmtui.storage.store import create_session_file
from pmtui.ui.contract import host


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
        return host(self).clock()

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
