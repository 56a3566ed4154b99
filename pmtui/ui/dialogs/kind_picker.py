"""A small list to pick one timeline kind, e.g. for a previewed entry whose guessed kind is wrong."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import ModalScreen
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from pmtui.domain.model import TimelineKind


class KindPicker(ModalScreen[str | None]):
    """Pick a timeline kind for one previewed entry."""

    DEFAULT_CSS = """
    KindPicker { align: center middle; }
    KindPicker > OptionList { width: 30; height: auto; max-height: 16; border: thick $primary; }
    """
    BINDINGS: ClassVar = [Binding("escape", "cancel", "Cancel", id="paste.kind.cancel")]

    def __init__(self, current: str) -> None:
        super().__init__()
        self._current = current

    def compose(self) -> ComposeResult:
        options = OptionList(*[Option(kind.value, id=kind.value) for kind in TimelineKind], id="kind-options")
        options.border_title = "Kind of this entry"
        yield options

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.highlighted = [kind.value for kind in TimelineKind].index(self._current)
        options.focus()

    @on(OptionList.OptionSelected)
    def _picked(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)
