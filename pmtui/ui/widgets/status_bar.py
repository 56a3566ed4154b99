"""The save state line, the broken-file warning and the read-only banner: what the app says about the file."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Static

from pmtui.domain.text_safety import visible
from pmtui.ui.autosave import SaveState
from pmtui.ui.contract import host


class SaveStatus(Static):
    """'● saved 14:05:12', '○ unsaved' or '✖ error: … (retrying)'."""

    DEFAULT_CSS = """
    SaveStatus {
        width: auto; min-width: 18; max-width: 80%; height: 1; padding: 0 1; text-align: right;
        text-wrap: nowrap; text-overflow: ellipsis;
    }
    """
    SHORT = 16
    """Texts up to this long ("● saved 14:05:12", "○ saving…") fit the least width: no layout between them."""

    _shown_length = 0

    def on_mount(self) -> None:
        for name in ("save_status", "read_only"):
            self.watch(self.app, name, self._refresh_state, init=False)
        self._refresh_state()

    def _refresh_state(self, *_: Any) -> None:
        app = host(self)
        status = app.save_status
        state = status.state
        # One class for the state, set at once: each class added or removed restyles the widget.
        if state is SaveState.SAVED:
            self.set_classes("-saved")
        elif state.is_problem:
            self.set_classes("-error")
        else:
            self.set_classes("-unsaved")
        if state is SaveState.FILE_BROKEN:
            text = f"✖ not saved until the file is fixed: {status.error}"
        elif state is SaveState.RETRYING:
            text = f"✖ not saved, retrying (ctrl+p → Save as…): {status.error}"
        elif state is SaveState.SAVING:
            text = "○ saving…"
        elif state is SaveState.UNSAVED:
            text = "○ unsaved"
        elif status.saved_at is None:
            text = "● saved"
        else:
            text = f"● saved {status.saved_at.astimezone(app.session.incident.tz):%H:%M:%S}"
        if app.read_only:
            text = "read-only · " + text
        content = Content(visible(text))  # the save error names a file: never markup
        # "saving…" and "saved" alternate at every edit: in the same width, a new text moves nothing
        # else, and a layout would draw the notetaker's whole screen again in the frame of the entry.
        fits = content.cell_length <= self.SHORT and self._shown_length <= self.SHORT
        self._shown_length = content.cell_length
        self.update(content, layout=not fits)


class DiskWarning(Static):
    """A persistent warning while the file on disk cannot be read (someone's broken hand edit)."""

    DEFAULT_CSS = """
    DiskWarning { height: auto; padding: 0 1; display: none; }
    DiskWarning.-shown { display: block; }
    """

    def on_mount(self) -> None:
        self.watch(self.app, "disk_error", self._refresh_warning)

    def _refresh_warning(self, message: str) -> None:
        self.set_class(bool(message), "-shown")
        if message:
            self.update(
                Content(
                    f"⚠ The file on disk is broken: {visible(message)}\n"
                    "Your notes are kept here and saved as soon as the file is fixed."
                )
            )


class RoleBanner(Static):
    """A line at the top of a read-only screen: who holds the role, and how to take it over."""

    DEFAULT_CSS = """
    RoleBanner { height: auto; padding: 0 1; background: $warning 30%; color: $text; text-style: bold; }
    RoleBanner.-free { background: $success 30%; }
    """

    def __init__(self) -> None:
        super().__init__(markup=False)

    def show(self, text: str, *, free: bool) -> None:
        """Say who holds the role; `free`: its holder has gone and it can be taken now."""
        self.update(visible(text))  # the holder's name comes from the lease file
        self.set_class(free, "-free")


class StatusBar(Horizontal):
    """One line under the panes: what this screen is about on the left, save state on the right."""

    DEFAULT_CSS = """
    StatusBar { height: 1; }
    StatusBar > .status-left { width: 1fr; height: 1; padding: 0 1; }
    """

    def __init__(self, left: str = "", **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.left = left

    def compose(self) -> ComposeResult:
        yield Static(self.left, classes="status-left", markup=False)
        yield SaveStatus()

    def set_left(self, text: str) -> None:
        self.query_one(".status-left", Static).update(visible(text))
