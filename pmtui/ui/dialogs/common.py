"""Small dialogs shared by the screens: quit with unsaved work, save as, an error message."""

from __future__ import annotations

from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from pmtui.domain.text_fit import shorten
from pmtui.domain.text_safety import visible


class QuitDialog(ModalScreen[str | None]):
    """Asks what to do with work that is not on disk: 'save', 'discard' or None (stay)."""

    DEFAULT_CSS = """
    QuitDialog { align: center middle; }
    QuitDialog > Vertical { width: 70; max-width: 95%; height: auto; padding: 1 2; }
    QuitDialog .dialog-buttons { height: auto; margin-top: 1; align-horizontal: right; }
    QuitDialog Button { margin-left: 1; }
    """
    BINDINGS = [
        Binding("escape", "stay", "Stay"),
        Binding("s", "choose('save')", "Save and quit", show=False),
        Binding("q", "choose('discard')", "Quit without saving", show=False),
    ]

    def __init__(self, problem: str) -> None:
        super().__init__()
        self.problem = problem

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog") as box:
            box.border_title = "Quit with unsaved work?"
            yield Static(visible(self.problem), markup=False)
            yield Static("Quitting now loses the changes that are not on disk.", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Stay (esc)", id="stay")
                yield Button("Quit without saving (q)", id="discard", variant="error")
                yield Button("Save and quit (s)", id="save", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#save", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(None if event.button.id == "stay" else event.button.id)

    def action_choose(self, choice: str) -> None:
        self.dismiss(choice)

    def action_stay(self) -> None:
        self.dismiss(None)


class UnaddedTypingDialog(ModalScreen[str | None]):
    """Before quitting: typing not added yet. 'add' (Enter), 'discard' (ctrl+d) or None (stay, Esc)."""

    DEFAULT_CSS = """
    UnaddedTypingDialog { align: center middle; }
    UnaddedTypingDialog > Vertical { width: 80; max-width: 95%; height: auto; padding: 1 2; }
    UnaddedTypingDialog .typed { color: $text-muted; padding-left: 2; }
    UnaddedTypingDialog .dialog-buttons { height: auto; margin-top: 1; align-horizontal: right; }
    UnaddedTypingDialog Button { margin-left: 1; }
    """
    # No letters: someone typing fast who hit ctrl+q by mistake must not discard with the next word.
    BINDINGS = [
        Binding("escape", "choose", "Stay", id="unadded.stay"),
        Binding("ctrl+d", "choose('discard')", "Discard and quit", id="unadded.discard"),
    ]

    def __init__(self, drafts: list[tuple[str, str]]) -> None:
        super().__init__()
        self.drafts = drafts

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog") as box:
            box.border_title = "Quit with typing not added?"
            for where, text in self.drafts:
                yield Static(f"{where}:", markup=False)
                yield Static(shorten(text, 200), classes="typed", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Stay (esc)", id="stay")
                yield Button("Discard and quit (ctrl+d)", id="discard", variant="error")
                yield Button("Add it and quit (enter)", id="add", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#add", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(None if event.button.id == "stay" else event.button.id)

    def action_choose(self, choice: str | None = None) -> None:
        self.dismiss(choice)


class SaveAsDialog(ModalScreen[Path | None]):
    """Asks for another path to write the session to."""

    DEFAULT_CSS = """
    SaveAsDialog { align: center middle; }
    SaveAsDialog > Vertical { width: 80; max-width: 95%; height: auto; padding: 1 2; }
    SaveAsDialog .dialog-buttons { height: auto; margin-top: 1; align-horizontal: right; }
    SaveAsDialog Button { margin-left: 1; }
    SaveAsDialog .dialog-error { color: $error; }
    """
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, current: Path) -> None:
        super().__init__()
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog") as box:
            box.border_title = "Save as…"
            yield Static("Write the session to this file, then keep editing it there:", markup=False)
            suggestion = self.current.with_name(self.current.stem + "-copy" + self.current.suffix)
            yield Input(str(suggestion), id="save-as-path")
            yield Static("", classes="dialog-error", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Cancel", id="cancel")
                yield Button("Save", id="save", variant="primary")

    @on(Input.Submitted)
    @on(Button.Pressed, "#save")
    def _save(self) -> None:
        text = self.query_one("#save-as-path", Input).value.strip()
        problem = ""
        if not text:
            problem = "Type a file path."
        else:
            path = Path(text).expanduser()
            if path.is_dir():
                problem = f"{path} is a folder; add a file name such as incident.toml."
            elif not path.parent.is_dir():
                problem = f"The folder {path.parent} does not exist."
        if problem:
            self.query_one(".dialog-error", Static).update(problem)
            return
        self.dismiss(Path(text).expanduser())

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


class ErrorDialog(ModalScreen[None]):
    """Shows a problem (e.g. a file that cannot be opened) until dismissed."""

    DEFAULT_CSS = """
    ErrorDialog { align: center middle; }
    ErrorDialog > Vertical { width: 90; max-width: 95%; height: auto; padding: 1 2; }
    ErrorDialog .dialog-buttons { height: auto; margin-top: 1; align-horizontal: right; }
    """
    BINDINGS = [Binding("escape,enter", "close", "Close")]

    def __init__(self, title: str, message: str) -> None:
        super().__init__()
        self.title_text = title
        self.message = message

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog dialog-error-box") as box:
            box.border_title = self.title_text
            yield Static(visible(self.message), markup=False, id="error-message")
            with Horizontal(classes="dialog-buttons"):
                yield Button("OK", id="ok", variant="primary")

    @on(Button.Pressed, "#ok")
    def action_close(self) -> None:
        self.dismiss(None)
