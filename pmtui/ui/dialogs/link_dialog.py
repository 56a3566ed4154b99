"""Pick the whys and went-wrong entries an action addresses."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Label, SelectionList
from textual.widgets.selection_list import Selection

from pmtui.domain.model import Session
from pmtui.domain.text_fit import clip_line
from pmtui.domain.text_safety import visible


def _line(text: str) -> str:
    """A why's question or a went-wrong entry as one inert line that fits the dialog."""
    return clip_line(visible(text), 90)


def link_choices(session: Session, selected: list[str]) -> list[Selection[str]]:
    """One choice per why and went-wrong entry, checked when its id is in selected."""
    chosen = set(selected)
    choices: list[Selection[str]] = []
    for why in session.whys:
        # Content, not str: a str prompt would be read as markup ("[@click=app.quit]" in a why).
        choices.append(Selection(Content(f"{why.id:<4} {'why':<11}{_line(why.question)}"), why.id, why.id in chosen))
    for entry in session.went_wrong:
        choices.append(
            Selection(Content(f"{entry.id:<4} {'went wrong':<11}{_line(entry.text)}"), entry.id, entry.id in chosen)
        )
    return choices


class LinkDialog(ModalScreen[list[str] | None]):
    """Tick what an action addresses; returns the chosen ids in session order, or None if cancelled."""

    DEFAULT_CSS = """
    LinkDialog { align: center middle; }
    LinkDialog > #link-box {
        width: 100; max-width: 96%; height: auto; max-height: 90%;
        border: thick $primary; background: $surface; padding: 0 1;
    }
    LinkDialog #link-list { height: auto; max-height: 20; }
    /* A long list takes the room the screen has and scrolls, so the buttons stay on screen. */
    LinkDialog > #link-box.-tall { height: 90%; }
    LinkDialog > #link-box.-tall #link-list { height: 1fr; max-height: 100%; }
    LinkDialog #link-help { color: $text-muted; }
    LinkDialog #link-ticked { margin-top: 1; }
    LinkDialog #link-buttons { height: auto; align-horizontal: right; }
    LinkDialog #link-buttons Button { margin-left: 1; }
    """

    BINDINGS: ClassVar = [
        Binding("escape", "cancel", "Cancel", id="link.cancel"),
        Binding("ctrl+s", "confirm", "Link", id="link.confirm", tooltip="Keep the ticked entries as the links"),
    ]

    def __init__(self, session: Session, selected: list[str], about: str = "") -> None:
        super().__init__()
        self._session = session
        self._selected = list(selected)
        self._about = about

    def compose(self) -> ComposeResult:
        with Vertical(id="link-box", classes="dialog") as box:
            box.border_title = f"What does {self._about or 'this action'} address?"
            choices = link_choices(self._session, self._selected)
            box.set_class(len(choices) > 10, "-tall")
            if choices:
                yield Label("space ticks or unticks · ctrl+s links · esc cancels", id="link-help")
                yield SelectionList[str](*choices, id="link-list")
                # Ticks differ only by colour in SelectionList; say the choice in words as well.
                yield Label(self._ticked_text(self._selected), id="link-ticked")
            else:
                yield Label("There are no whys or went-wrong entries yet: add them first, then link.", id="link-help")
            with Horizontal(id="link-buttons"):
                yield Button("Link", variant="primary", id="link-ok", disabled=not choices, compact=True)
                yield Button("Cancel", id="link-cancel", compact=True)

    def on_mount(self) -> None:
        for selection_list in self.query(SelectionList):
            selection_list.focus()

    def _ticked_text(self, ids: list[str]) -> str:
        return "Addresses: " + (", ".join(ids) if ids else "nothing")

    @on(SelectionList.SelectedChanged)
    def _ticked_changed(self) -> None:
        self.query_one("#link-ticked", Label).update(self._ticked_text(self.chosen()))

    def chosen(self) -> list[str]:
        """The ticked ids, in the order of the session."""
        lists = self.query(SelectionList)
        if not lists:
            return []
        ticked = set(lists.first().selected)
        return [choice.value for choice in link_choices(self._session, []) if choice.value in ticked]

    def action_confirm(self) -> None:
        if self.query(SelectionList):
            self.dismiss(self.chosen())
        else:
            self.dismiss(None)

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#link-ok")
    def _ok(self) -> None:
        self.action_confirm()

    @on(Button.Pressed, "#link-cancel")
    def _cancel(self) -> None:
        self.action_cancel()
