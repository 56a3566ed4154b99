"""Forms that edit one entry: ready to type, nothing changed lost by a stray Esc."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, Static, TextArea

from pmtui.ui.widgets.form_fields import FormField, TypeSelect


class DiscardChangesDialog(ModalScreen[bool]):
    """Asks before a changed form is closed without saving: True means discard."""

    DEFAULT_CSS = """
    DiscardChangesDialog { align: center middle; }
    DiscardChangesDialog > Vertical { width: 60; max-width: 95%; height: auto; padding: 1 2; }
    DiscardChangesDialog .dialog-buttons { height: auto; margin-top: 1; align-horizontal: right; }
    DiscardChangesDialog Button { margin-left: 1; }
    """
    BINDINGS = [
        Binding("escape", "keep", "Keep editing", id="discard.keep"),
        Binding("ctrl+d", "discard", "Discard", id="discard.discard", tooltip="Close the form and lose the changes"),
    ]

    def __init__(self, what: str) -> None:
        super().__init__()
        self.what = what

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog") as box:
            box.border_title = "Discard your changes?"
            yield Static(f"{self.what} has changes that are not saved.", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Discard (ctrl+d)", id="discard", variant="error")
                yield Button("Keep editing (enter)", id="keep", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#keep", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "discard")

    def action_keep(self) -> None:
        self.dismiss(False)

    def action_discard(self) -> None:
        self.dismiss(True)


class FormScreen(ModalScreen[dict[str, Any] | None]):
    """A form for one entry: opens with the first field focused; Esc asks before losing changes.

    Subclasses say what they hold (`snapshot`), check it (`validated`), and what they are (`form_title`).
    """

    form_title = "Form"

    def on_mount(self) -> None:
        self._initial = self.snapshot()
        first = next((w for w in self.query("Input, TextArea, Select") if w.focusable), None)
        if first is not None:
            first.focus()

    def snapshot(self) -> Any:
        """Everything the form holds now, comparable with ==."""
        raise NotImplementedError

    def validated(self) -> dict[str, Any] | None:
        """The fields to save; None (with the problems shown in the form) when they can't be saved."""
        raise NotImplementedError

    def is_changed(self) -> bool:
        """Whether anything was typed or chosen since the form opened."""
        return self.is_mounted and self.snapshot() != getattr(self, "_initial", self.snapshot())

    def action_save(self) -> None:
        result = self.validated()
        if result is not None:
            self.dismiss(result)

    def action_cancel(self) -> None:
        if not self.is_changed():
            self.dismiss(None)
            return

        def decided(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(DiscardChangesDialog(self.form_title), decided)

    # Every form has a Save and a Cancel button; Enter in a one-line field saves.
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


class EntryForm(FormScreen):
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
                        yield TypeSelect(
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

    def snapshot(self) -> Any:
        return self.current_values()

    def validated(self) -> dict[str, Any] | None:
        try:
            return self.validate(self.current_values())
        except ValueError as error:
            label = self.query_one(".form-error", Static)
            label.update(f"✖ {error}")
            label.add_class("-shown")
            return None
