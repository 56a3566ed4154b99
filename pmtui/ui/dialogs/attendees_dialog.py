"""AttendeesDialog: the attendees editor on its own, from the command palette on any screen."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input

from pmtui.ui.contract import host
from pmtui.ui.messages import SessionUpdated
from pmtui.ui.widgets.attendees_editor import AttendeesEditor


class AttendeesDialog(ModalScreen[None]):
    """Add, rename and remove attendees; Escape or Done closes."""

    DEFAULT_CSS = """
    AttendeesDialog { align: center middle; }
    AttendeesDialog > Vertical { width: 80; max-width: 98%; height: auto; max-height: 100%; padding: 0 1; }
    AttendeesDialog .dialog-buttons { height: auto; margin-top: 1; align-horizontal: right; }
    """
    BINDINGS = [Binding("escape", "close", "Close")]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog") as box:
            box.border_title = "Attendees"
            yield AttendeesEditor()
            with Horizontal(classes="dialog-buttons"):
                yield Button("Done", id="done", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#attendees-input", Input).focus()
        host(self).session_updated.subscribe(self, self._session_updated)

    def _session_updated(self, message: SessionUpdated) -> None:
        self.query_one(AttendeesEditor).show_update(message)  # e.g. the other terminal added someone

    @on(Button.Pressed, "#done")
    def action_close(self) -> None:
        self.dismiss(None)
