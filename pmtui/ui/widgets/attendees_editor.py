"""The attendees list, edited from one line: "Name, role" and Enter adds; ↑/↓ pick a name, which
Enter on the empty line renames and Delete on the empty line removes.

Used on the start screen, in the notetaker's Summary tab and in the Attendees dialog (command
palette). Focus stays in the line (the list itself takes no focus), so on the notetaker's screen,
where printable keys are always text, every key typed here lands here; the commands are Enter,
Delete, ↑/↓ and Escape. Changes go through app.submit like every edit: undo, the role rule and
the other terminal all work as for entries.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.events import Key
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from pmtui.domain.attendees import AddAttendee, RemoveAttendee, UpdateAttendee
from pmtui.domain.model import Attendee, Session
from pmtui.domain.text_safety import visible_line
from pmtui.ui.contract import SessionHost, host
from pmtui.ui.messages import SessionUpdated

ADD_HINT = "Name, role + Enter adds · ↑↓ then Enter renames, Delete removes"
"""The empty line's placeholder: it says every key while they apply (the line is empty)."""


def split_entry(text: str) -> tuple[str, str]:
    """ "Ravi Menon, SRE on call" → ("Ravi Menon", "SRE on call"); the role is optional."""
    name, _, role = text.partition(",")
    return " ".join(name.split()), " ".join(role.split())


def attendee_label(person: Attendee) -> Text:
    """A list row: the name in bold, the role dim (built as Text: names are data, never markup)."""
    label = Text.assemble((visible_line(person.name), "bold"))  # a span, not the base style
    if person.role:
        label.append(f" — {visible_line(person.role)}", style="dim")
    return label


class AttendeesEditor(Vertical):
    """Who is in the meeting, with add / rename / remove."""

    DEFAULT_CSS = """
    AttendeesEditor { height: auto; }
    AttendeesEditor > #attendees-title { text-style: bold; height: 1; }
    AttendeesEditor > OptionList { height: auto; max-height: 8; }
    /* Under the summary and impact texts, which need the room more (80x24 too). */
    AttendeesEditor#summary-attendees > OptionList { max-height: 3; }
    AttendeesEditor > Input { margin-top: 0; }
    AttendeesEditor > .attendees-hint { color: $text-muted; height: auto; display: none; }
    AttendeesEditor > .attendees-hint.-shown { display: block; }
    AttendeesEditor > .attendees-hint.-error { color: $error; }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._shown: tuple[tuple[str, str], ...] | None = None
        self.editing: str | None = None
        """The name being renamed (its text is in the input), or None while adding."""

    @property
    def pmtui(self) -> SessionHost:
        return host(self)

    def compose(self) -> ComposeResult:
        yield Static("Attendees", id="attendees-title")
        listing = OptionList(id="attendees-list", compact=True)
        listing.can_focus = False  # focus stays in the line: no typed key can land on the list
        yield listing
        yield Input(placeholder=ADD_HINT, id="attendees-input", compact=True)
        yield Static("", classes="attendees-hint", markup=False)

    def on_mount(self) -> None:
        self.show_session(self.pmtui.session)

    def show_update(self, update: SessionUpdated) -> None:
        """Follow the session (the screen holding this editor hands it every update)."""
        if update.touches("attendees"):
            self.show_session(update.session)

    def show_session(self, session: Session) -> None:
        """List the session's attendees (only when they changed: the cursor stays put)."""
        people = tuple((p.name, p.role) for p in session.attendees)
        if people == self._shown:
            return
        self._shown = people
        listing = self.query_one(OptionList)
        highlighted = listing.highlighted
        listing.set_options(Option(attendee_label(p), id=f"a{i}") for i, p in enumerate(session.attendees))
        if people:
            listing.highlighted = min(highlighted or 0, len(people) - 1)
        count = len(people)
        title = f"Attendees ({count})" if count else "Attendees — nobody yet"
        self.query_one("#attendees-title", Static).update(title)

    def _hint(self, text: str = "", error: bool = False) -> None:
        """Say what just happened (or what is wrong) under the line; "" hides it."""
        hint = self.query_one(".attendees-hint", Static)
        hint.update(visible_line(text))  # it may quote a name from the file
        hint.set_class(bool(text), "-shown")
        hint.set_class(error, "-error")

    def _selected(self) -> Attendee | None:
        listing = self.query_one(OptionList)
        attendees = self.pmtui.session.attendees
        index = listing.highlighted
        return attendees[index] if index is not None and 0 <= index < len(attendees) else None

    def _submit(self, change: Any, done: str) -> bool:
        if self.pmtui.submit(change):
            self._hint(done)
            return True
        self._hint(f"Not changed: {self.pmtui.last_refusal}", error=True)
        return False

    @on(Input.Submitted, "#attendees-input")
    def _entered(self, event: Input.Submitted) -> None:
        event.stop()
        name, role = split_entry(event.value)
        if self.editing is not None:
            if not name:
                self.cancel_edit()
                return
            if self._submit(UpdateAttendee(self.editing, name, role), f"Saved {name}."):
                self.editing = None
                event.input.value = ""
            return
        if not name:
            self.start_rename()
            return
        if self._submit(AddAttendee(name, role), f"Added {name}."):
            event.input.value = ""

    @on(OptionList.OptionSelected, "#attendees-list")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()  # a click on a name
        self.start_rename()

    def start_rename(self) -> None:
        """Put the highlighted person in the line to rename them or change their role."""
        person = self._selected()
        if person is None:
            self._hint("Type a name first, e.g. “Ravi Menon, SRE”.", error=True)
            return
        self.editing = person.name
        field = self.query_one("#attendees-input", Input)
        field.value = f"{person.name}, {person.role}" if person.role else person.name
        field.cursor_position = len(field.value)
        field.focus()
        self._hint(f"Renaming {person.name}: change name or role, Enter saves, Escape cancels")

    def cancel_edit(self) -> None:
        """Stop renaming: the input goes back to adding."""
        self.editing = None
        self.query_one("#attendees-input", Input).value = ""
        self._hint()

    def on_key(self, event: Key) -> None:
        field = self.query_one("#attendees-input", Input)
        if not field.has_focus:
            return
        if event.key == "escape" and self.editing is not None:
            self.cancel_edit()  # otherwise Escape goes on to the screen, which may use it
        elif event.key in ("up", "down"):
            listing = self.query_one(OptionList)
            listing.action_cursor_up() if event.key == "up" else listing.action_cursor_down()
        elif event.key == "delete" and not field.value and self.editing is None:
            self.remove_highlighted()
        else:
            return
        event.stop()
        event.prevent_default()

    def remove_highlighted(self) -> None:
        """Remove the highlighted person (ctrl+z brings them back)."""
        person = self._selected()
        if person is not None:
            self._submit(RemoveAttendee(person.name), f"Removed {person.name} (ctrl+z brings them back).")
