"""StartScreen: the incident at a glance, the two roles, and which one you are playing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Horizontal, Vertical, VerticalScroll
from textual.timer import Timer
from textual.widgets import Button, Footer, Header, Input, Label, Static

from pmtui.domain.changes import SetField
from pmtui.domain.model import Session
from pmtui.domain.text_safety import visible
from pmtui.domain.time_entry import format_moment
from pmtui.storage.roles import roles_problem
from pmtui.ui.messages import SessionUpdated
from pmtui.ui.screens.base import SessionScreen
from pmtui.ui.widgets.attendees_editor import AttendeesEditor
from pmtui.ui.widgets.status_bar import DiskWarning, StatusBar

WHY_TWO_PEOPLE = (
    "The moderator and the notetaker must be two different people: "
    "one person cannot steer the discussion and capture it at the same time."
)
ROLE_SAVE_DELAY = 0.5
"""Seconds after the last key press before a typed name is saved."""
FACT_SECTIONS = ("incident", "meeting", "timeline", "whys", "actions", "questions")
"""What the incident's facts are drawn from (incident_facts)."""


class StartScreen(SessionScreen):
    """Shows the incident, lets you name the two roles, and asks which one you are playing."""

    DEFAULT_CSS = """
    StartScreen VerticalScroll { align-horizontal: center; }
    StartScreen .start-card { width: 100%; max-width: 96; height: auto; padding: 0 2; }
    StartScreen .role-row { height: auto; }
    StartScreen .role-row { margin-bottom: 1; }
    StartScreen .role-row Label { width: 12; }
    StartScreen .role-row Input { width: 1fr; }
    StartScreen .start-buttons { height: auto; width: auto; margin-top: 1; }
    StartScreen .start-buttons Button { margin: 0 1; min-width: 22; }
    StartScreen .roles-problem { height: auto; }
    StartScreen .start-heading { margin-top: 1; text-style: bold; }
    """

    BINDINGS = [
        Binding("m", "choose('moderator')", "Moderator", id="start.moderator", tooltip="Run the meeting"),
        Binding("n", "choose('notetaker')", "Notetaker", id="start.notetaker", tooltip="Type the notes"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._role_timer: Timer | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield DiskWarning()
        with VerticalScroll(), Vertical(classes="start-card"):
            yield Static("", id="incident-facts", markup=False)
            yield Label("Roles", classes="start-heading")
            with Horizontal(classes="role-row"):
                yield Label("Moderator")
                yield Input(placeholder="who runs the meeting", id="role-moderator", compact=True)
            with Horizontal(classes="role-row"):
                yield Label("Notetaker")
                yield Input(placeholder="who types the notes", id="role-notetaker", compact=True)
            yield Static(WHY_TWO_PEOPLE, classes="roles-why", markup=False)
            yield Static("", classes="roles-problem", markup=False)
            yield Label("Which role are you playing?", classes="start-heading")
            with Center(), Horizontal(classes="start-buttons"):
                yield Button("Moderator (m)", id="choose-moderator", variant="primary")
                yield Button("Notetaker (n)", id="choose-notetaker", variant="primary")
            yield AttendeesEditor(id="start-attendees", classes="start-heading")
        yield StatusBar("")
        yield Footer()

    def shown_first_view(self) -> None:
        sf = self.pmtui.session_file
        self.query_one(StatusBar).set_left(display_path(sf.path) if sf else "")
        if roles_problem(self.pmtui.session.roles):
            empty = [i for i in self.query(".role-row Input").results(Input) if not i.value.strip()]
            (empty[0] if empty else self.query_one("#role-notetaker", Input)).focus()
        else:
            self.query_one("#choose-notetaker", Button).focus()

    def show_update(self, update: SessionUpdated) -> None:
        super().show_update(update)
        if update.touches(*FACT_SECTIONS, "roles"):
            self.show_session(update.session)

    def show_session(self, session: Session) -> None:
        """Show the incident's facts and the role names."""
        self.query_one("#incident-facts", Static).update(incident_facts(session))
        for role in ("moderator", "notetaker"):
            field = self.query_one(f"#role-{role}", Input)
            if not field.has_focus:  # never overwrite what someone is typing
                field.value = getattr(session.roles, role)
        self._show_problem(session)

    def _show_problem(self, session: Session) -> None:
        problem = roles_problem(session.roles)
        label = self.query_one(".roles-problem", Static)
        label.update(f"✖ {problem}." if problem else "✔ Two different people: ready to start.")
        label.set_class(bool(problem), "-problem")
        label.set_class(not problem, "-ok")
        for button in self.query(".start-buttons Button").results(Button):
            button.disabled = bool(problem)

    # ----------------------------------------------------------------- names

    @on(Input.Changed, ".role-row Input")
    def _name_typed(self, event: Input.Changed) -> None:
        event.stop()
        if self._role_timer is not None:
            self._role_timer.stop()
        self._role_timer = self.set_timer(ROLE_SAVE_DELAY, self.save_names)

    @on(Input.Submitted, ".role-row Input")
    def _name_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.save_names()
        if event.input.id == "role-moderator":
            self.query_one("#role-notetaker", Input).focus()
        elif not roles_problem(self.pmtui.session.roles):
            self.query_one("#choose-notetaker", Button).focus()

    @on(Input.Blurred, ".role-row Input")
    def _name_left(self, event: Input.Blurred) -> None:
        self.save_names()

    def save_names(self) -> None:
        """Save the typed names that differ from the file's."""
        if self._role_timer is not None:
            self._role_timer.stop()
            self._role_timer = None
        roles = self.pmtui.session.roles
        for role in ("moderator", "notetaker"):
            value = self.query_one(f"#role-{role}", Input).value.strip()
            if value != getattr(roles, role):
                self.pmtui.submit(SetField("roles", role, value))
        self._show_problem(self.pmtui.session)

    # ----------------------------------------------------------------- choosing

    @on(Button.Pressed, ".start-buttons Button")
    def _role_pressed(self, event: Button.Pressed) -> None:
        self.action_choose((event.button.id or "").removeprefix("choose-"))

    def action_choose(self, role: str) -> None:
        self.save_names()
        problem = roles_problem(self.pmtui.session.roles)
        if problem:
            self.notify(f"{problem}. {WHY_TWO_PEOPLE}", title="Roles first", severity="warning")
            return
        self.pmtui.show_role(role)


def display_path(path: Path) -> str:
    """A path as short as it can be read: relative to the current folder, or with ~ for home."""
    absolute = path.absolute()
    for base, prefix in ((Path.cwd(), ""), (Path.home(), "~/")):
        try:
            return prefix + str(absolute.relative_to(base))
        except ValueError:
            continue
    return str(absolute)


def incident_facts(session: Session) -> Any:
    """The incident's title, severity, status, start and owner, as a few lines."""
    from rich.text import Text

    incident = session.incident
    incident = incident.model_copy(update={"title": visible(incident.title), "owner": visible(incident.owner)})
    text = Text()
    text.append(incident.title or "Untitled incident", style="bold")
    text.append("\n")
    text.append(f"{incident.severity.value}", style="bold")
    text.append(f" · {incident.status.value}")
    if incident.started_at is not None:
        text.append(f" · started {format_moment(incident.started_at, incident.tz)}")
    text.append(f" · times in {incident.timezone}")
    if incident.owner:
        text.append(f"\nIncident owner: {incident.owner}")
    counts = [
        (len(session.timeline), "timeline entries"),
        (len(session.whys), "whys"),
        (len(session.actions), "actions"),
        (len(session.questions), "open questions"),
    ]
    text.append("\n" + " · ".join(f"{n} {label}" for n, label in counts))
    meeting = session.meeting
    text.append(f"\nMeeting: {meeting.timebox_minutes} minutes, now at “{meeting.phase.title}”")
    return text
