"""SessionScreen: what both role screens share: header, status bar, footer, and applying pane intents."""

from __future__ import annotations

from typing import Any

from textual import on
from textual.screen import Screen

from pmtui.changes import AddEntry, Batch, DeleteEntry, MoveEntry, UpdateEntry
from pmtui.model import Session
from pmtui.widgets.entry_pane import EntryPane


class SessionScreen(Screen[None]):
    """A screen that shows the app's session and turns its panes' messages into changes."""

    @property
    def pmtui(self) -> Any:
        """The PmtuiApp (typed loosely so this module does not import the app)."""
        return self.app

    def on_mount(self) -> None:
        self.watch(self.app, "session", self.show_session)

    def show_session(self, session: Session) -> None:
        """Bring every pane up to date; subclasses extend it."""
        for pane in self.query(EntryPane):
            pane.show_session(session)

    @on(EntryPane.ItemAdded)
    def _item_added(self, message: EntryPane.ItemAdded) -> None:
        message.stop()
        if not self.pmtui.submit(AddEntry(message.section, message.fields, position=message.position)):
            message.pane.add_refused(self.pmtui.last_refusal)

    @on(EntryPane.ItemEdited)
    def _item_edited(self, message: EntryPane.ItemEdited) -> None:
        message.stop()
        change: Any = UpdateEntry(message.section, message.id, message.fields)
        if message.position is not None:
            change = Batch([change, MoveEntry(message.section, message.id, message.position)])
        self.pmtui.submit(change)

    @on(EntryPane.ItemDeleted)
    def _item_deleted(self, message: EntryPane.ItemDeleted) -> None:
        message.stop()
        if self.pmtui.submit(DeleteEntry(message.section, message.id)):
            self.notify(f"Deleted {message.id} — press ctrl+z to undo", timeout=5)

    @on(EntryPane.ItemMoved)
    def _item_moved(self, message: EntryPane.ItemMoved) -> None:
        message.stop()
        self.pmtui.submit(MoveEntry(message.section, message.id, message.to_index))
