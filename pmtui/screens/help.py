"""HelpScreen: every key of the app and of the screen underneath, generated from their bindings."""

from __future__ import annotations

from typing import Any

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.dom import DOMNode
from textual.screen import ModalScreen, Screen
from textual.widgets import Static


def _own_bindings(node_type: type[DOMNode]) -> list[Binding]:
    return [b for b in node_type.__dict__.get("BINDINGS", []) if isinstance(b, Binding)]


def binding_groups(app: Any, screen: Screen[Any]) -> list[tuple[str, list[Binding]]]:
    """(group title, bindings) for the app, the screen, and each kind of pmtui widget on it."""
    groups: list[tuple[str, list[Binding]]] = [("Everywhere", _own_bindings(type(app)))]
    for klass in type(screen).__mro__:
        if klass.__module__.startswith("pmtui") and _own_bindings(klass):
            groups.append((getattr(screen, "HELP_TITLE", "This screen"), _own_bindings(klass)))
            break
    seen: set[type[Any]] = set()
    for widget in screen.query("*"):
        for klass in type(widget).__mro__:
            if klass in seen or not klass.__module__.startswith("pmtui"):
                continue
            seen.add(klass)
            bindings = _own_bindings(klass)
            if bindings:
                title = getattr(klass, "HELP_TITLE", "") or getattr(klass, "TITLE", "") or klass.__name__
                groups.append((str(title), bindings))
    return groups


class HelpScreen(ModalScreen[None]):
    """The key map; esc, q or F1 closes it."""

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > Vertical { width: 90%; max-width: 100; height: 90%; padding: 0 1; }
    HelpScreen VerticalScroll { height: 1fr; }
    """
    BINDINGS = [Binding("escape,q,f1,question_mark", "close", "Close", id="help.close")]

    def __init__(self, under: Screen[Any]) -> None:
        super().__init__()
        self.under = under

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog") as box:
            box.border_title = "Keys"
            box.border_subtitle = "esc to close"
            with VerticalScroll():
                yield Static(self._key_table(), id="help-keys")

    def _key_table(self) -> Table:
        table = Table.grid(padding=(0, 2))
        table.add_column(justify="right", style="bold", no_wrap=True)
        table.add_column()
        for title, bindings in binding_groups(self.app, self.under):
            table.add_row("", "")
            table.add_row(Text(title, style="bold underline"), "")
            for binding in bindings:
                keys = " / ".join(self.app.get_key_display(Binding(key, "")) for key in binding.key.split(","))
                description = binding.tooltip or binding.description or binding.action
                table.add_row(keys, description)
        table.add_row("", "")
        table.add_row("ctrl+p", "Command palette: every action by name, themes, save as…")
        table.add_row("tab / shift+tab", "Move between fields and panes")
        return table

    def action_close(self) -> None:
        self.dismiss(None)
