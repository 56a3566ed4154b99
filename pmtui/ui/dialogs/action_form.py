"""The form for one action item: every field, checked before it closes, nothing typed ever lost."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.suggester import SuggestFromList
from textual.validation import ValidationResult, Validator
from textual.widgets import Button, Input, Label, Select, Static

from pmtui.domain.action_entry import parse_due, people, relative_day, resolve_owner
from pmtui.domain.model import ActionItem, ActionKind, ActionStatus, Priority, Session
from pmtui.ui.dialogs.entry_form import FormScreen
from pmtui.ui.dialogs.link_dialog import LinkDialog
from pmtui.ui.widgets.form_fields import TypeSelect


class DueDate(Validator):
    """A due date in any form the quick syntax knows; empty means no due date."""

    def __init__(self, today: dt.date) -> None:
        super().__init__()
        self.today = today

    def validate(self, value: str) -> ValidationResult:
        if not value.strip():
            return self.success()
        try:
            parse_due(value, self.today)
        except ValueError as error:
            return self.failure(str(error))
        return self.success()


def _choice(options: type[StrEnum], value: StrEnum | None, field_id: str, blank: str | None = None) -> TypeSelect:
    """A field that takes one of an enum's values, picked by typing its first letters; `blank`
    names the empty choice where the field may stay empty."""
    return TypeSelect(
        [(option.value, option) for option in options],
        prompt=blank or "",
        allow_blank=blank is not None,
        value=Select.NULL if value is None else value,
        compact=True,
        id=field_id,
    )


class ActionForm(FormScreen):
    """Edit or create an action; returns its fields (None for a field to remove) or None if cancelled."""

    DEFAULT_CSS = """
    ActionForm { align: center middle; }
    ActionForm > #form-box {
        width: 100; max-width: 100%; height: auto; max-height: 100%;
        border: thick $primary; background: $panel; padding: 1 2 0 2;
    }
    ActionForm .form-row { height: auto; margin-bottom: 1; }
    ActionForm .form-label { width: 10; color: $text-muted; }
    ActionForm .form-label-inner { width: auto; padding: 0 1 0 2; color: $text-muted; }
    ActionForm Input { width: 1fr; background: $surface; }
    ActionForm Input:focus { background: $boost; text-style: none; }
    ActionForm Select { width: 1fr; }
    ActionForm #form-kind { width: 1fr; min-width: 20; }
    ActionForm #form-priority { width: 8; }
    ActionForm #form-status { width: 16; }
    ActionForm #form-due { width: 12; }
    ActionForm #form-due-hint { width: auto; max-width: 24; padding: 0 0 0 1; color: $text-muted; }
    ActionForm #form-due-hint.-invalid { color: $error; }
    ActionForm #form-addresses { width: 1fr; }
    ActionForm #form-problems { color: $error; height: auto; }
    ActionForm #form-buttons { height: auto; align-horizontal: right; }
    ActionForm #form-buttons Button { margin-left: 1; }
    """

    BINDINGS: ClassVar = [
        Binding("escape", "cancel", "Cancel", id="form.cancel", tooltip="Close without changing the action"),
        Binding("ctrl+s", "save", "Save action", id="form.save", tooltip="Check the fields and save the action"),
        Binding(
            "ctrl+l", "link", "Link…", id="form.link", tooltip="Choose the whys and went-wrong entries it addresses"
        ),
    ]

    def __init__(self, session: Session, action: ActionItem | None = None, *, today: dt.date | None = None) -> None:
        super().__init__()
        self._session = session
        self._action = action
        self._today = today or dt.date.today()
        self.addresses: list[str] = list(action.addresses) if action else []

    def compose(self) -> ComposeResult:
        action = self._action
        names = [name for name, _ in people(self._session)]
        with Vertical(id="form-box", classes="dialog") as box:
            box.border_title = f"Action {action.id}" if action else "New action"
            box.border_subtitle = "ctrl+s save · ctrl+l link · esc cancel"
            with Horizontal(classes="form-row"):
                yield Label("Action", classes="form-label")
                yield Input(
                    action.text if action else "",
                    placeholder="What will change, with a bounded outcome",
                    select_on_focus=False,
                    compact=True,
                    id="form-text",
                )
            with Horizontal(classes="form-row"):
                yield Label("Owner", classes="form-label")
                yield Input(
                    action.owner if action else "",
                    placeholder="One accountable person",
                    suggester=SuggestFromList(names, case_sensitive=False),
                    compact=True,
                    id="form-owner",
                )
                yield Label("Due", classes="form-label-inner")
                yield Input(
                    action.due.isoformat() if action and action.due else "",
                    placeholder="fri, +2w, 12-05",
                    validators=[DueDate(self._today)],
                    valid_empty=True,
                    compact=True,
                    id="form-due",
                )
                yield Static("", id="form-due-hint")
            with Horizontal(classes="form-row"):
                yield Label("Kind", classes="form-label")
                yield _choice(ActionKind, action.kind if action and action.kind else None, "form-kind", "(no kind)")
                yield Label("Priority", classes="form-label-inner")
                yield _choice(Priority, action.priority if action else Priority.P2, "form-priority")
                yield Label("Status", classes="form-label-inner")
                yield _choice(ActionStatus, action.status if action else ActionStatus.OPEN, "form-status")
            with Horizontal(classes="form-row"):
                yield Label("Tracker", classes="form-label")
                yield Input(
                    action.tracker if action else "", placeholder="PAY-1432 or a URL", compact=True, id="form-tracker"
                )
            with Horizontal(classes="form-row"):
                yield Label("Addresses", classes="form-label")
                yield Static(self._addresses_text(), id="form-addresses")
                yield Button("Link…", id="form-link", compact=True)
            yield Static("", id="form-problems", markup=False)
            with Horizontal(id="form-buttons"):
                yield Button("Save", variant="primary", id="form-save", compact=True)
                yield Button("Cancel", id="form-cancel", compact=True)

    @property
    def form_title(self) -> str:  # type: ignore[override]
        return f"Action {self._action.id}" if self._action else "The new action"

    def on_mount(self) -> None:
        # FormScreen.on_mount runs next, called by Textual: the first field, the action's text, gets the focus.
        self._show_due_hint()

    # ----------------------------------------------------------------- live hints

    def _addresses_text(self) -> str:
        if not self.addresses:
            return "nothing yet (ctrl+l to link whys and went-wrong entries)"
        return ", ".join(self.addresses)

    @on(Input.Changed, "#form-due")
    def _show_due_hint(self) -> None:
        hint = self.query_one("#form-due-hint", Static)
        value = self.query_one("#form-due", Input).value
        if not value.strip():
            hint.update("no due date")
            hint.set_class(False, "-invalid")
            return
        try:
            due = parse_due(value, self._today)
        except ValueError as error:
            # The short mark fits beside the field; the full message goes on the problems line.
            hint.update("✖ not a date")
            hint.set_class(True, "-invalid")
            self.query_one("#form-problems", Static).update(f"Due: {error}")
            self._due_problem_shown = True
            return
        if getattr(self, "_due_problem_shown", False):
            self.query_one("#form-problems", Static).update("")
            self._due_problem_shown = False
        days = (due - self._today).days
        when = relative_day(due, self._today)
        year = "" if due.year == self._today.year else f" {due.year}"
        hint.update(f"{due:%a} {due.day} {due:%b}{year}, {when}")
        hint.set_class(days < 0, "-invalid")

    # ----------------------------------------------------------------- result

    def collect(self) -> tuple[dict[str, Any], list[str]]:
        """The fields as typed, and what is wrong with them (an empty list when they can be saved)."""
        problems: list[str] = []
        text = " ".join(self.query_one("#form-text", Input).value.split())
        if not text:
            problems.append("Action: say what will change.")
        owner_typed = self.query_one("#form-owner", Input).value.strip()
        owner, owner_problem = resolve_owner(owner_typed, self._session) if owner_typed else ("", None)
        if owner_problem:
            problems.append(f"Owner: {owner_problem}")
        due: dt.date | None = None
        due_typed = self.query_one("#form-due", Input).value
        if due_typed.strip():
            try:
                due = parse_due(due_typed, self._today)
            except ValueError as error:
                problems.append(f"Due: {error}")
        kind = self.query_one("#form-kind", Select).value
        fields: dict[str, Any] = {
            "text": text,
            "owner": owner or None,
            "due": due,
            "kind": ActionKind(kind) if isinstance(kind, str) else None,  # not Select.NULL
            "priority": Priority(str(self.query_one("#form-priority", Select).value)),  # never blank
            "status": ActionStatus(str(self.query_one("#form-status", Select).value)),  # never blank
            "tracker": self.query_one("#form-tracker", Input).value.strip() or None,
            "addresses": list(self.addresses) or None,
        }
        return fields, problems

    def snapshot(self) -> Any:
        texts = tuple(widget.value for widget in self.query(Input))
        choices = tuple(widget.value for widget in self.query(Select))
        return texts, choices, tuple(self.addresses)

    def validated(self) -> dict[str, Any] | None:
        fields, problems = self.collect()
        if problems:
            # Stay open with everything as typed, and say what to fix.
            self.query_one("#form-problems", Static).update("\n".join(problems))
            return None
        return fields

    def action_link(self) -> None:
        def linked(chosen: list[str] | None) -> None:
            if chosen is not None and set(chosen) != set(self.addresses):  # order alone is no change
                self.addresses = chosen
                self.query_one("#form-addresses", Static).update(self._addresses_text())

        about = f"action {self._action.id}" if self._action else "the new action"
        self.app.push_screen(LinkDialog(self._session, self.addresses, about), linked)

    @on(Button.Pressed, "#form-link")
    def _link_pressed(self) -> None:
        self.action_link()
