"""The pieces an entry form is made of: a field's description, and a Select chosen by typing.

Panes describe their forms with FormField; the dialogs (pmtui/ui/dialogs/entry_form.py,
action_form.py) build them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from textual import events
from textual.widgets import Select


@dataclass(frozen=True)
class FormField:
    """One field of a form: 'line' (Input), 'text' (several lines) or 'choice' (Select)."""

    name: str
    label: str
    kind: str = "line"
    choices: Sequence[str] = ()
    required: bool = False
    hint: str = ""


class TypeSelect(Select[Any]):
    """A Select whose value is chosen by typing the first letters of an option, without opening it.

    Each key narrows the prefix typed so far; a key that fits no option with that prefix starts
    a new prefix. So "m" picks mitigated, and "a", "c", "k" walks alert → action → acknowledged.
    """

    def __init__(self, options: Iterable[tuple[str, Any]], **kwargs: Any) -> None:
        options = list(options)
        self._choices = [(str(label).lower(), value) for label, value in options]
        super().__init__(options, **kwargs)
        self._typed = ""

    def _labels(self) -> list[tuple[str, Any]]:
        return self._choices

    def on_key(self, event: events.Key) -> None:
        if self.expanded or not event.is_printable or event.character is None:
            return
        event.stop()
        event.prevent_default()
        options = self._labels()
        for prefix in (self._typed + event.character.lower(), event.character.lower()):
            # "1" finds P1: the start of a label first, else anywhere in it
            matches = [value for label, value in options if label.startswith(prefix)] or [
                value for label, value in options if prefix in label
            ]
            if matches:
                current = self.value
                again = prefix == self._typed and current in matches  # the same prefix: the next that fits
                index = (matches.index(current) + 1) % len(matches) if again else 0
                self._typed = prefix
                self.value = matches[index]
                return
        self.app.bell()

    def on_blur(self) -> None:
        self._typed = ""
