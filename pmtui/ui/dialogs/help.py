"""HelpScreen: every key of the app and of the screen underneath, generated from their bindings."""

from __future__ import annotations

from typing import Any

from rich.console import Group
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


def _usable(node: DOMNode, bindings: list[Binding]) -> list[Binding]:
    """The keys this node allows now (a viewer's screen refuses the moderator's phase keys)."""
    return [b for b in bindings if node.check_action(b.action.split("(", 1)[0], ()) is not False]


def _help_title(klass: type[DOMNode], default: str) -> str:
    """The heading of a class's keys: its own HELP_TITLE or TITLE (an inherited one would name the base's keys)."""
    return str(klass.__dict__.get("HELP_TITLE") or klass.__dict__.get("TITLE") or default)


def binding_groups(app: Any, screen: Screen[Any]) -> list[tuple[str, list[Binding]]]:
    """(group title, bindings) for the app, the screen, and each kind of pmtui widget on it."""
    groups: list[tuple[str, list[Binding]]] = [("Everywhere", _usable(app, _own_bindings(type(app))))]
    for klass in type(screen).__mro__:
        if klass.__module__.startswith("pmtui") and _own_bindings(klass):
            groups.append((_help_title(klass, "This screen"), _usable(screen, _own_bindings(klass))))
            break
    seen: set[type[Any]] = set()
    for widget in screen.query("*"):
        for klass in type(widget).__mro__:
            if klass in seen or not klass.__module__.startswith("pmtui"):
                continue
            seen.add(klass)
            bindings = _own_bindings(klass)
            if bindings:
                groups.append((_help_title(klass, klass.__name__), bindings))
    return groups


class HelpScreen(ModalScreen[None]):
    """The key map; esc, q or F1 closes it."""

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > Vertical { width: 90%; max-width: 100; height: 90%; padding: 0 1; }
    HelpScreen VerticalScroll { height: 1fr; }
    """
    BINDINGS = [Binding("escape,q,f1,question_mark", "close", "Close", id="help.close")]

    def __init__(self, under: Screen[Any], *, typing_is_text: bool = False) -> None:
        super().__init__()
        self.under = under
        self.typing_is_text = typing_is_text
        """Printable keys on the screen under are text, never commands (the notetaker's type-to-add)."""

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog") as box:
            box.border_title = "Keys"
            box.border_subtitle = "esc to close"
            with VerticalScroll():
                yield Static(self._key_table(), id="help-keys")

    def key_rows(self) -> list[tuple[str, str, str]]:
        """(group, keys, what they do) for every binding, as shown."""
        rows = []
        if self.typing_is_text:
            rows.append(
                (
                    "Typing",
                    "letters, digits, …",
                    "Always text, never a command: typed on a list, they go to the entry line below it",
                )
            )
        for title, bindings in binding_groups(self.app, self.under):
            for binding in bindings:
                keys = " / ".join(self.app.get_key_display(Binding(key, "")) for key in binding.key.split(","))
                rows.append((title, keys, binding.tooltip or binding.description or binding.action))
        rows.append(("Everywhere", "ctrl+p", "Command palette: every action by name, themes, save as…"))
        if not self.typing_is_text:
            rows.append(("Everywhere", "tab / shift+tab", "Move between fields and panes"))
        return rows

    def _key_table(self) -> Group:
        rows = self.key_rows()
        key_width = min(22, max(len(keys) for _, keys, _ in rows))
        parts: list[Any] = []
        table: Table | None = None
        group = None
        for title, keys, description in rows:
            if title != group:
                group = title
                parts.append(Text("\n" + title, style="bold underline"))
                table = Table.grid(padding=(0, 2))
                table.add_column(justify="right", style="bold", width=key_width)
                table.add_column()
                parts.append(table)
            assert table is not None
            table.add_row(keys, description)
        return Group(*parts)

    def action_close(self) -> None:
        self.dismiss(None)
