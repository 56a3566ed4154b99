"""Preview an export (md, html, json, csv), then copy it or save it to a file."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, ContentSwitcher, Input, Label, Markdown, Select, Static, TextArea

from pmtui.domain.errors import SessionError
from pmtui.domain.model import Session
from pmtui.export import FORMATS, export
from pmtui.storage.store import atomic_write
from pmtui.ui.clipboard import CopyResult, copy_text
from pmtui.ui.contract import host

OSC52_ONLY = (
    "No system clipboard; sent to the terminal via OSC 52 — paste may or may not work depending on your terminal."
)


RENDER_LIMIT = 150_000
"""Characters of Markdown the rendered view takes; a longer document shows as source."""


def copy_message(result: CopyResult) -> str:
    """What to tell the person after a copy: which mechanism took the text, or that only OSC 52 was tried."""
    if result.ok:
        return f"Copied with {result.how}."
    return OSC52_ONLY


def default_export_path(session_path: Path | None, fmt: str) -> Path:
    """Beside the session, named like it: incident.toml -> incident.md."""
    extension = FORMATS[fmt].extension
    if session_path is None:
        return Path.cwd() / f"postmortem{extension}"
    return session_path.with_suffix(extension)


def save_problem(path: Path, session_path: Path | None) -> str:
    """Why an export cannot be written to path, or "" when it can."""
    if session_path is not None and path.resolve() == session_path.resolve():
        return f"{path} is the session file itself; choose another name."
    if path.is_dir():
        return f"{path} is a folder; add a file name such as postmortem.md."
    if not path.parent.is_dir():
        return f"The folder {path.parent} does not exist."
    return ""


class ExportPreviewDialog(ModalScreen[None]):
    """Choose a format, read the result, copy it or save it; rendering and writing run in workers."""

    DEFAULT_CSS = """
    ExportPreviewDialog { align: center middle; }
    ExportPreviewDialog > #export-box {
        width: 100%; height: 100%; max-width: 140;
        border: thick $primary; background: $panel; padding: 0 1;
    }
    ExportPreviewDialog .export-row { height: auto; }
    ExportPreviewDialog #export-format { width: 40; }
    ExportPreviewDialog #export-size { width: 1fr; padding: 0 2; color: $text-muted; }
    ExportPreviewDialog #export-view { height: 1fr; }
    ExportPreviewDialog #export-text, ExportPreviewDialog #export-rendered { height: 1fr; }
    ExportPreviewDialog #export-rendered { background: $surface; }
    ExportPreviewDialog .export-label { width: auto; padding: 0 1 0 0; color: $text-muted; }
    ExportPreviewDialog #export-path { width: 1fr; background: $surface; }
    ExportPreviewDialog #export-status { height: auto; min-height: 1; margin-top: 1; }
    ExportPreviewDialog #export-status.-error { color: $error; }
    ExportPreviewDialog #export-buttons { height: auto; align-horizontal: right; }
    ExportPreviewDialog #export-buttons Button { margin-left: 1; }
    """

    BINDINGS: ClassVar = [
        Binding("escape", "close", "Close", id="export.close"),
        Binding("c", "copy", "Copy", id="export.copy", tooltip="Copy the whole export to the clipboard"),
        Binding("s", "save", "Save", id="export.save", tooltip="Write the export to the file named below"),
        Binding("m", "format('md')", "Markdown", show=False, id="export.md"),
        Binding("h", "format('html')", "HTML", show=False, id="export.html"),
        Binding("j", "format('json')", "JSON", show=False, id="export.json"),
        Binding("v", "format('csv')", "CSV", show=False, id="export.csv"),
        Binding("r", "toggle_rendered", "Rendered", id="export.rendered", tooltip="Markdown: rendered or source"),
    ]

    def __init__(self, session: Session, session_path: Path | None = None, fmt: str = "md") -> None:
        super().__init__()
        self._session = session
        self._session_path = session_path
        self.fmt = fmt
        self.text = ""
        self._generation = 0
        self._confirm_overwrite: Path | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="export-box", classes="dialog") as box:
            box.border_title = "Export"
            box.border_subtitle = "m md · h html · j json · v csv · r rendered · c copy · s save · esc close"
            with Horizontal(classes="export-row"):
                yield Select(
                    [(f"{spec.label}", name) for name, spec in FORMATS.items()],
                    value=self.fmt,
                    allow_blank=False,
                    compact=True,
                    id="export-format",
                )
                yield Static("Rendering…", id="export-size")
            with ContentSwitcher(initial="export-text", id="export-view"):
                yield TextArea("", read_only=True, soft_wrap=True, id="export-text")
                with VerticalScroll(id="export-rendered"):
                    yield Markdown("", id="export-markdown")
            with Horizontal(classes="export-row"):
                yield Label("Save to", classes="export-label")
                yield Input(str(default_export_path(self._session_path, self.fmt)), compact=True, id="export-path")
            yield Static("", id="export-status", markup=False)
            with Horizontal(id="export-buttons"):
                yield Button("Copy (c)", id="export-copy", variant="primary", disabled=True, compact=True)
                yield Button("Save (s)", id="export-save", disabled=True, compact=True)
                yield Button("Close (esc)", id="export-close", compact=True)

    def on_mount(self) -> None:
        self.query_one("#export-text", TextArea).focus()
        self._start_render()

    # ----------------------------------------------------------------- rendering

    def _start_render(self) -> None:
        self._generation += 1
        self.query_one("#export-size", Static).update("Rendering…")
        for button in self.query("#export-copy, #export-save").results(Button):
            button.disabled = True
        self._render_worker(self._generation, self.fmt)

    @work(thread=True, exclusive=True, group="export-render", exit_on_error=False)
    def _render_worker(self, generation: int, fmt: str) -> None:
        # A big session takes a while to render; the dialog stays responsive meanwhile.
        try:
            text, problem = export(self._session, fmt), ""
        except Exception as error:  # an exporter bug must not take the meeting down
            text, problem = "", f"Could not render {fmt}: {type(error).__name__}: {error}"
        self.app.call_from_thread(self._rendered, generation, text, problem)

    def _rendered(self, generation: int, text: str, problem: str) -> None:
        if generation != self._generation or not self.is_attached:
            return  # the format changed while this one rendered
        self.text = text
        self.query_one("#export-text", TextArea).load_text(text)
        if self.rendered:
            self._show_rendered()
        lines = text.count("\n") + (1 if text and not text.endswith("\n") else 0)
        self.query_one("#export-size", Static).update(f"{len(text):,} characters, {lines:,} lines")
        if problem:
            self._status(problem, error=True)
        for button in self.query("#export-copy, #export-save").results(Button):
            button.disabled = not text

    @on(Select.Changed, "#export-format")
    def _format_chosen(self, event: Select.Changed) -> None:
        if event.value is not Select.NULL and event.value != self.fmt:
            self._switch(str(event.value))

    def action_format(self, fmt: str) -> None:
        if fmt != self.fmt:
            self.query_one("#export-format", Select).value = fmt  # posts Changed -> _switch

    def _switch(self, fmt: str) -> None:
        path_input = self.query_one("#export-path", Input)
        # Follow the format in the file name unless the person typed a name of their own.
        if path_input.value == str(default_export_path(self._session_path, self.fmt)):
            path_input.value = str(default_export_path(self._session_path, fmt))
        self.fmt = fmt
        self._confirm_overwrite = None
        if fmt != "md" and self.rendered:
            self._show_source()
        self._start_render()

    # ----------------------------------------------------------------- rendered Markdown

    @property
    def rendered(self) -> bool:
        """Whether the rendered Markdown, not the source, is showing."""
        return self.query_one("#export-view", ContentSwitcher).current == "export-rendered"

    def action_toggle_rendered(self) -> None:
        if self.rendered:
            self._show_source()
        elif self.fmt != "md":
            self._status("Only Markdown has a rendered view; the other formats show as they are written.")
        else:
            self._show_rendered()

    def _show_rendered(self) -> None:
        if len(self.text) > RENDER_LIMIT:
            # The Markdown widget builds a widget per block: a huge document would freeze the screen.
            self._status(f"Too long to render here ({len(self.text):,} characters); showing the source.")
            self._show_source()
            return
        self.query_one("#export-markdown", Markdown).update(self.text)
        self.query_one("#export-view", ContentSwitcher).current = "export-rendered"
        self.query_one("#export-rendered", VerticalScroll).focus()

    def _show_source(self) -> None:
        self.query_one("#export-view", ContentSwitcher).current = "export-text"
        self.query_one("#export-text", TextArea).focus()

    # ----------------------------------------------------------------- copy

    def action_copy(self) -> None:
        if not self.text:
            return
        self._status("Copying…")
        self._copy_worker(self.text)

    @work(thread=True, exclusive=True, group="export-copy", exit_on_error=False)
    def _copy_worker(self, text: str) -> None:
        # pyperclip runs xclip/wl-copy/pbcopy, which can take a moment: not on the UI thread.
        result = copy_text(text)
        self.app.call_from_thread(self._copied, text, result)

    def _copied(self, text: str, result: CopyResult) -> None:
        # OSC 52 as well, always: over SSH the system clipboard is the wrong machine's.
        self.app.copy_to_clipboard(text)
        message = copy_message(result)
        self._status(message)
        self.notify(message, title="Export", severity="information" if result.ok else "warning")

    # ----------------------------------------------------------------- save

    def action_save(self) -> None:
        if not self.text:
            return
        typed = self.query_one("#export-path", Input).value.strip()
        if not typed:
            self._status("Type a file name to save to.", error=True)
            return
        path = Path(typed).expanduser()
        if not path.is_absolute() and self._session_path is not None:
            path = self._session_path.parent / path
        problem = save_problem(path, self._session_path)
        served = host(self).served and self._session_path is not None
        # From a browser (pmtui serve) the disk is someone else's machine: beside the session only.
        if not problem and served and path.resolve().parent != self._session_path.resolve().parent:  # type: ignore[union-attr]
            problem = "From a browser, exports are saved beside the session file: type a name without a folder."
        if problem:
            self._status(problem, error=True)
            return
        if path.exists() and self._confirm_overwrite != path:
            self._confirm_overwrite = path
            self._status(f"{path} exists; press Save again to replace it.", error=True)
            return
        self._confirm_overwrite = None
        self._status(f"Saving to {path}…")
        self._save_worker(path, self.text)

    @work(thread=True, exclusive=True, group="export-save", exit_on_error=False)
    def _save_worker(self, path: Path, text: str) -> None:
        try:
            atomic_write(path, text)
            message, ok = f"Saved to {path}", True
        except SessionError as error:
            message, ok = f"Not saved: {error}", False
        except OSError as error:
            message, ok = f"Not saved: {path}: {error.strerror or error}", False
        self.app.call_from_thread(self._saved, message, ok)

    def _saved(self, message: str, ok: bool) -> None:
        self._status(message, error=not ok)
        self.notify(message, title="Export", severity="information" if ok else "error")

    @on(Input.Submitted, "#export-path")
    def _path_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    # ----------------------------------------------------------------- the rest

    def _status(self, message: str, *, error: bool = False) -> None:
        status = self.query_one("#export-status", Static)
        status.update(message)
        status.set_class(error, "-error")

    def action_close(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#export-copy")
    def _copy_pressed(self) -> None:
        self.action_copy()

    @on(Button.Pressed, "#export-save")
    def _save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#export-close")
    def _close_pressed(self) -> None:
        self.action_close()
