"""EntryForm: a modal form that edits one entry's fields as text, checked before it closes."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, Static, TextArea


@dataclass(frozen=True)
class FormField:
    """One field of a form: 'line' (Input), 'text' (several lines) or 'choice' (Select)."""

    name: str
    label: str
    kind: str = "line"
    choices: Sequence[str] = ()
    required: bool = False
    hint: str = ""


class EntryForm(ModalScreen[dict[str, Any] | None]):
    """Edit fields; ctrl+s or Save checks them with `validate` and closes with the result."""

    DEFAULT_CSS = """
    EntryForm { align: center middle; }
    EntryForm > Vertical { width: 90%; max-width: 100; height: auto; max-height: 100%; padding: 0 1; }
    EntryForm VerticalScroll { height: auto; max-height: 70vh; }
    EntryForm .form-label { margin-top: 1; }
    EntryForm .form-hint { color: $text-muted; }
    EntryForm TextArea { height: 4; border: none; padding: 0 1; }
    EntryForm Input { padding: 0 1; }
    EntryForm .form-error { height: auto; display: none; }
    EntryForm .form-error.-shown { display: block; }
    EntryForm .form-buttons { height: auto; align-horizontal: right; margin-top: 1; }
    EntryForm .form-buttons Button { margin-left: 1; }
    """

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", priority=True, id="form.save"),
        Binding("escape", "cancel", "Cancel", id="form.cancel"),
    ]

    def __init__(
        self,
        title: str,
        fields: Sequence[FormField],
        values: dict[str, str],
        validate: Callable[[dict[str, str]], dict[str, Any]],
    ) -> None:
        super().__init__()
        self.form_title = title
        self.fields = list(fields)
        self.values = values
        self.validate = validate

    def compose(self) -> ComposeResult:
        with Vertical(classes="form dialog") as box:
            box.border_title = self.form_title
            with VerticalScroll():
                for spec in self.fields:
                    yield Label(spec.label + (" *" if spec.required else ""), classes="form-label")
                    value = self.values.get(spec.name, "")
                    widget_id = f"field-{spec.name}"
                    if spec.kind == "text":
                        yield TextArea(value, id=widget_id, soft_wrap=True, tab_behavior="focus")
                    elif spec.kind == "choice":
                        options = [(choice, choice) for choice in spec.choices]
                        yield Select(
                            options,
                            value=value if value in spec.choices else Select.NULL,
                            allow_blank=not spec.required,
                            id=widget_id,
                            compact=True,
                        )
                    else:
                        yield Input(value, id=widget_id, compact=True)
                    if spec.hint:
                        yield Static(spec.hint, classes="form-hint", markup=False)
            yield Static("", classes="form-error", markup=False)
            with Horizontal(classes="form-buttons"):
                yield Button("Cancel", id="form-cancel")
                yield Button("Save  ctrl+s", id="form-save", variant="primary")

    def on_mount(self) -> None:
        # What the editors made of the values: a TextArea turns U+0085 into a line break and
        # drops some control characters. A field still showing exactly that was not edited, and
        # keeps the value from the file byte for byte.
        self._as_loaded = self._widget_values()

    def current_values(self) -> dict[str, str]:
        """Every field's text as it is now; a field the person did not touch gives its value unchanged."""
        loaded = getattr(self, "_as_loaded", {})
        return {
            name: self.values.get(name, "") if name in loaded and text == loaded[name] else text
            for name, text in self._widget_values().items()
        }

    def _widget_values(self) -> dict[str, str]:
        values: dict[str, str] = {}
        for spec in self.fields:
            widget = self.query_one(f"#field-{spec.name}")
            if isinstance(widget, TextArea):
                values[spec.name] = widget.text
            elif isinstance(widget, Select):
                values[spec.name] = "" if widget.value is Select.NULL else str(widget.value)
            elif isinstance(widget, Input):
                values[spec.name] = widget.value
        return values

    def action_save(self) -> None:
        try:
            result = self.validate(self.current_values())
        except ValueError as error:
            label = self.query_one(".form-error", Static)
            label.update(f"✖ {error}")
            label.add_class("-shown")
            return
        self.dismiss(result)

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#form-save")
    def _save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#form-cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()

    @on(Input.Submitted)
    def _input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()
