"""The meeting app: owns the open session file, applies changes, autosaves, and follows the disk."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import gc
import os
import signal
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from textual import events, work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.filter import LineFilter
from textual.notifications import SeverityLevel
from textual.reactive import reactive
from textual.screen import Screen
from textual.signal import Signal
from textual.timer import Timer

from pmtui.domain.changes import Change
from pmtui.domain.errors import ChangeError, SessionError, SessionReadError
from pmtui.domain.model import Session
from pmtui.domain.text_safety import visible, visible_line
from pmtui.resources import STYLES_DIR
from pmtui.storage.store import SessionFile
from pmtui.storage.updates import SessionUpdate
from pmtui.ui.autosave import RETRY_SECONDS, Autosaver, SaveState, SaveStatus
from pmtui.ui.live import TAKE_ROLE_KEY, DiskChanged, LiveLink
from pmtui.ui.messages import SessionUpdated
from pmtui.ui.terminal_keys import read_esc_digits_as_alt
from pmtui.ui.widgets.inert_text import InertText

if TYPE_CHECKING:
    from pmtui.ui.contract import SessionHost
    from pmtui.ui.screens.base import SessionScreen

SAVE_RETRY_SECONDS = RETRY_SECONDS
"""How long to wait before retrying a save that failed (disk full, read-only, folder gone)."""
SAVE_AFTER_FRAME_CPU_SECONDS = 0.004
"""A save whose last run kept the CPU (and so the GIL) longer than this starts after the frame that
shows the change. CPU time, not wall time: waiting on the lock or the disk lets the screen paint.
Measured: 10 entries 0.8 ms, 2,500 entries 6.6 ms. By wall time (8 ms) a slow fsync made small
saves wait a frame too, and the other screen saw the entry a frame later."""
DISK_CHECK_SECONDS = 0.25
"""How often to look for changes another process or an editor made to the file."""
UNDO_LIMIT = 500
DOCUMENT_LOAD_DELAY = 0.5
"""Seconds after the first frame before the comment-keeping document is parsed.

(An edit before then parses it at once.)"""
VIEWER = "viewer"
"""The role of a read-only moderator's screen (`--role viewer`, a `pmtui serve` viewer link): it changes nothing."""
VIEWER_REFUSED_ACTIONS = frozenset(
    {"save", "save_as", "undo", "take_role", "choose_role", "open_file", "paste_log", "export_preview"}
)
"""App actions a viewer may not run: each would write a file, take a role or open another file."""
VIEWER_REFUSAL = "This is a viewer's screen: it follows the meeting and changes nothing."


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class PmtuiApp(App[int]):
    """pmtui: a moderator's screen for the room and a notetaker's screen, on one session file."""

    CSS_PATH = [STYLES_DIR / "app.tcss", STYLES_DIR / "notetaker.tcss", STYLES_DIR / "moderator.tcss"]
    TITLE = "pmtui"
    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", priority=True, id="quit", tooltip="Quit (asks first if work is unsaved)"),
        Binding("ctrl+s", "save", "Save", show=False, id="save", tooltip="Save now (pmtui also saves on every change)"),
        Binding("ctrl+z", "undo", "Undo", id="undo", tooltip="Undo the last change made here"),
        # F1 only: "?" is text on the notetaker's screen (the moderator's screen adds it).
        Binding("f1", "help", "Help", id="help", tooltip="List every key"),
        Binding("ctrl+t", "change_theme", "Theme", show=False, id="theme", tooltip="Pick a colour theme"),
        Binding(
            TAKE_ROLE_KEY,
            "take_role",
            "Take role",
            show=False,
            id="take_role",
            tooltip="Read-only screen: take the role once its holder has left",
        ),
    ]

    # repaint=False: the widgets that show these watch them; the app's own repaint would draw the
    # whole screen again, three times per edit for save_status (unsaved, saving, saved).
    save_status: reactive[SaveStatus] = reactive(SaveStatus, init=False, repaint=False)
    """Saved, unsaved, saving, retrying or file broken; the problem in words; when the last save landed."""
    disk_error: reactive[str] = reactive("", init=False, repaint=False)
    """Why the file on disk cannot be read (a broken hand edit); empty when it is fine."""
    read_only: reactive[bool] = reactive(False, init=False, repaint=False)
    """True when another process holds this role: edits are refused."""

    def __init__(
        self,
        path: Path | None = None,
        role: str | None = None,
        *,
        session_file: SessionFile | None = None,
        clock: Callable[[], dt.datetime] | None = None,
        served: bool = False,
    ) -> None:
        super().__init__()
        read_esc_digits_as_alt()  # the notetaker's alt+1…7 tab keys, as most terminals send them
        self.clock: Callable[[], dt.datetime] = clock or _utc_now
        self.role: str | None = role
        self.requested_role = role
        self.viewer = role == VIEWER
        """Read-only for good: submit() refuses every change, no lease is taken, no file is written."""
        self.served = served
        """Started by `pmtui serve` for one link: only the requested role, only this file."""
        if session_file is None and path is not None:
            session_file = SessionFile.open(path)  # raises SessionReadError; the CLI reports it
        self.session_file: SessionFile | None = session_file
        self._undo: list[tuple[Change, str]] = []
        self.last_refusal = ""
        """Why the last refused change was refused (for a pane that wants to say so in place)."""
        self._last_save_cpu_seconds = 0.0
        """CPU time the last save took (written by the save worker, read when the next one starts)."""
        self._unmounted = False
        """Set as the app ends: a document worker finishing after that must not freeze the heap."""
        self.autosaver = Autosaver(self._start_save, self.set_timer, self.clock, retry_seconds=SAVE_RETRY_SECONDS)
        self.autosaver.on_status = lambda status: setattr(self, "save_status", status)
        self._disk_check_running = False
        self._disk_timer: Timer | None = None
        self._disk_check_wanted = False
        self.live = LiveLink(self)
        """The file watcher and this process's role lease (pmtui/ui/live.py)."""
        self.session: Session = session_file.session if session_file is not None else Session()
        """The session as this process sees it, for reading; screens follow it through SessionUpdated."""
        self.session_updated: Signal[SessionUpdated] = Signal(self, "session-updated")
        """Every SessionUpdated, after the role screens have shown it (dialogs subscribe)."""

    # ----------------------------------------------------------------- text from files is inert

    _inert_text = InertText()

    def get_line_filters(self) -> Sequence[LineFilter]:
        """Textual's filters, then ours: whatever a widget renders, no control character leaves raw."""
        return [*super().get_line_filters(), self._inert_text]

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """A toast; its text often names a file or quotes an entry, so it is shown literally and inert.

        Every screen's and widget's `notify` ends here, and Widget.notify passes markup=True by
        default: markup is therefore always off (no pmtui message uses it).
        """
        del markup
        super().notify(visible(message), title=visible_line(title), severity=severity, timeout=timeout, markup=False)

    # ----------------------------------------------------------------- start-up

    def on_mount(self) -> None:
        self._install_signal_handlers()
        if self.session_file is None:
            from pmtui.ui.screens.picker import PickerScreen

            self.push_screen(PickerScreen())
            # `pmtui` starts with the collector off (cli.py); with a session, _load_document turns it on.
            self.screen.call_after_refresh(self.set_timer, DOCUMENT_LOAD_DELAY, gc.enable)
        else:
            self.enter_session(self.session_file)

    def enter_session(self, session_file: SessionFile) -> None:
        """Start working on an open session file: start screen or straight to the role screen."""
        self.session_file = session_file
        self._undo.clear()
        self._publish(session_file.take_whole_session())
        self.autosaver.reset()
        self.disk_error = ""
        # Other processes' and editors' writes arrive as DiskChanged from the file watcher (pmtui/storage/watch.py).
        self.live.watch(session_file.path)
        self._remember(session_file.path)
        from pmtui.storage.roles import roles_problem

        if self.requested_role and (self.viewer or roles_problem(self.session.roles) is None):
            self.show_role(self.requested_role)
        else:
            from pmtui.ui.screens.start import StartScreen

            # No role until one is taken: with --role and unnamed roles, the start screen must
            # still save the names (the moderator's role may change only [meeting]).
            self.role = None
            self._replace_top(StartScreen())
        # Opened with the fast reader (SessionFile.open(lazy=True)): parse the comment-keeping
        # document in a thread once the first screen is up, so the first edit need not wait.
        # Half a second later: the parser holds the GIL, and the first frames come first.
        self.screen.call_after_refresh(self.set_timer, DOCUMENT_LOAD_DELAY, self._load_document)

    @work(thread=True, exclusive=False, group="recent", exit_on_error=False)
    def _remember(self, path: Path) -> None:
        """Put the file on the recent list (a home folder on a slow network disk must not hold the screen)."""
        from pmtui.storage.recent import remember

        remember(path)

    @work(thread=True, exclusive=True, group="load", exit_on_error=False)
    def _load_document(self) -> None:
        self._after_first_frame()

    def _after_first_frame(self) -> None:
        """Parse the editable document and settle the garbage collector, once the first screen is up."""
        # `pmtui FILE` starts with the collector off (cli.py): start-up is over, and the parse
        # leaves ~15,000 objects in cycles (2.7 MB of a 2,500-entry session) for it to free.
        gc.enable()
        if self.session_file is not None:
            # A file broken meanwhile is reported by the disk check and at the next edit.
            with contextlib.suppress(SessionError):
                self.session_file.load_document()
        # What exists now (modules, screens, the session and its document) lives as long as the
        # session is open, so the garbage collector's full passes need not walk it again: with
        # 2,500 entries a full pass walked ~300,000 objects and stopped the screen for up to
        # 265 ms while the notetaker typed; frozen, the longest was 35 ms. One full pass first, so
        # no garbage is frozen. The cost: should a later full re-read replace this document, its
        # objects stay in memory until the app ends (once, its own size).
        if not self._unmounted:
            gc.collect()
            gc.freeze()

    def show_role(self, role: str) -> None:
        """Switch to the moderator's or the notetaker's screen (a viewer gets the moderator's, read-only)."""
        if self.served and role != self.requested_role:
            # A served link is for one role: the moderator's link must not become the notetaker's.
            self.notify(f"This link opens the {self.requested_role}'s screen only.", severity="warning")
            return
        screen: Screen
        if role in ("moderator", VIEWER):
            from pmtui.ui.screens.moderator import ModeratorScreen

            screen = ModeratorScreen()
        else:
            from pmtui.ui.screens.notetaker import NotetakerScreen

            screen = NotetakerScreen()
        self.role = role
        self._update_titles()
        self._replace_top(screen)
        if not self.viewer:  # a viewer holds no lease: any number may watch
            self.live.take_role(role)

    def _replace_top(self, screen: Screen) -> None:
        # The default screen stays at the bottom; one working screen sits on it at a time.
        while len(self.screen_stack) > 2:
            self.pop_screen()
        if len(self.screen_stack) > 1:
            self.switch_screen(screen)
        else:
            self.push_screen(screen)
        if os.environ.get("PMTUI_BENCH_EXIT_AFTER_PAINT"):
            screen.call_after_refresh(self._bench_exit_after_paint, screen)

    def _bench_exit_after_paint(self, screen: Screen) -> None:
        """For bench/run.py: note when the first working screen reached the terminal, then exit."""
        if not self.is_running:
            # A frame drawn while the app is still starting up is never written: paint again once it runs.
            self.call_later(self._bench_exit_after_paint, screen)
            return

        def painted() -> None:
            with open(os.environ["PMTUI_BENCH_EXIT_AFTER_PAINT"], "a", encoding="utf-8") as out:
                out.write(f"{time.monotonic()}\n")  # CLOCK_MONOTONIC: comparable across processes
            if os.environ.get("PMTUI_BENCH_PARSE_DOCUMENT"):
                # The memory figure counts the comment-keeping document too, which a working app
                # parses half a second after its first frame.
                self._after_first_frame()
            self.exit()

        screen.refresh()
        screen.call_after_refresh(painted)

    # ----------------------------------------------------------------- typing

    async def on_event(self, event: events.Event) -> None:
        # alt+2 comes with the character "2": a key held with alt is a command, never typing.
        if isinstance(event, events.Key) and event.is_printable and not event.key.startswith("alt+"):
            self._route_typing(event)
        await super().on_event(event)

    def _route_typing(self, key: events.Key) -> None:
        """Focus the line a printable key belongs in before Textual delivers the key to the focused widget.

        Done here, in the app's own queue, so that every key of a fast burst reaches the same
        line in the order typed (moving focus from a widget's handler would race the next keys).
        """
        from pmtui.ui.screens.base import SessionScreen, arrive_at

        screen = self.screen
        if isinstance(screen, SessionScreen):
            target = screen.typing_target(key.key, key.character)
            if target is not None and target is not screen.focused:
                screen.set_focus(arrive_at(target))

    # ----------------------------------------------------------------- changes

    def submit(self, change: Change, *, undoable: bool = True) -> bool:
        """Apply a change now, remember its undo, and save it soon. False (and a notice) if refused."""
        if self.session_file is None:
            return False
        refused = VIEWER_REFUSAL if self.viewer else self.live.refusal(change)
        if refused:
            self.last_refusal = refused
            self.notify(refused, title="Not changed", severity="warning")
            return False
        try:
            undo = self.session_file.submit(change)
        except ChangeError as error:
            self.last_refusal = str(error)
            self.notify(str(error), title="Not changed", severity="error")
            return False
        if undoable:
            self._undo.append((undo, change.describe()))
            del self._undo[:-UNDO_LIMIT]
        self._publish(self.session_file.take_update())
        self.request_save()
        return True

    def undo(self) -> bool:
        """Undo the last change made in this process; False when there is nothing to undo."""
        if not self._undo:
            self.notify("Nothing to undo.", timeout=2)
            return False
        undo, description = self._undo.pop()
        if self.submit(undo, undoable=False):
            self.notify(f"Undone: {description}", timeout=2)
            return True
        return False

    def action_undo(self) -> None:
        self.undo()

    # ----------------------------------------------------------------- saving

    def request_save(self) -> None:
        """Ask for a save; bursts coalesce into one save running at a time, then one more if needed."""
        self.autosaver.changed()

    def _start_save(self) -> None:
        if self._last_save_cpu_seconds > SAVE_AFTER_FRAME_CPU_SECONDS:
            # A save that keeps the GIL for milliseconds (rendering and checking a large
            # document) would delay painting the change: start it after that frame.
            self.call_after_refresh(self._save_worker)
        else:
            self._save_worker()  # a short one at once: the other terminal sees the change sooner

    @work(thread=True, exclusive=False, group="io", exit_on_error=False)
    def _save_worker(self) -> None:
        error: Exception | None = None
        started = time.thread_time()
        try:
            assert self.session_file is not None
            self.session_file.save()
        except Exception as problem:  # anything at all: the work stays in memory and we retry
            error = problem
        self._last_save_cpu_seconds = time.thread_time() - started
        with contextlib.suppress(RuntimeError):  # the app is closing
            self.call_from_thread(self._save_finished, error)

    def _save_finished(self, error: Exception | None) -> None:
        sf = self.session_file
        if sf is None:
            return
        self._publish(sf.take_update())  # the save may have rebased our changes on someone else's
        broken = isinstance(error, SessionReadError)
        if broken:
            self.disk_error = str(error)
        elif error is None and self.disk_error and sf.last_error is None:
            self.disk_error = ""
        new_failure = self.autosaver.finished(
            None if error is None else _short(error), file_broken=broken, still_pending=sf.has_pending
        )
        if new_failure and error is not None and not broken:
            # Once per failure, not at every retry: the status line keeps saying it.
            self.notify(
                f"{_describe(error)}\nYour notes are kept here; saving is retried every few seconds. "
                "ctrl+p → Save as… writes them elsewhere.",
                title="Not saved",
                severity="error",
                timeout=10,
            )
        if not self.autosaver.running and self._disk_check_wanted:
            self.check_disk()

    @property
    def _save_running(self) -> bool:
        return self.autosaver.running

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """A viewer's keys and palette never write, take a role or open another file (the keys are hidden too)."""
        if self.viewer and action in VIEWER_REFUSED_ACTIONS:
            return False
        # A remote person works on the served file only, never elsewhere on this machine.
        return not (self.served and action in ("open_file", "save_as"))

    def action_save(self) -> None:
        if self.session_file is None:
            return
        if not self.session_file.has_pending and self.save_status.state is SaveState.SAVED:
            self.notify("Everything is saved.", timeout=2)
            return
        self.request_save()

    def save_as(self, path: Path) -> bool:
        """Write the session to another file and keep editing that one."""
        if self.session_file is None:
            return False
        try:
            self.session_file.save_as(path)
        except SessionError as error:
            self.notify(str(error), title="Save as failed", severity="error")
            return False
        self.autosaver.saved_elsewhere()
        self.disk_error = ""
        # This process edits the new file now: follow its writes there, hold the role there, and
        # free the old file's role for whoever works on it next.
        self.live.watch(path)
        if self.role is not None and not self.viewer:
            self.live.take_role(self.role)
        self._remember(path)
        self._update_titles()
        self.notify(f"Saved as {path}; pmtui now edits that file.")
        return True

    def action_save_as(self) -> None:
        from pmtui.ui.dialogs.common import SaveAsDialog

        if self.session_file is None:
            return

        def done(path: Path | None) -> None:
            if path is not None:
                self.save_as(path)

        self.push_screen(SaveAsDialog(self.session_file.path), done)

    # ----------------------------------------------------------------- the disk

    def check_disk(self) -> None:
        """Pick up writes by the other screen or an editor (one small method the file watcher can replace)."""
        if self.session_file is None:
            return
        if self._disk_check_running or self._save_running:
            self._disk_check_wanted = True  # look again when they finish: this event may be newer
            return
        self._disk_check_wanted = False
        self._disk_check_running = True
        self._disk_worker()

    @work(thread=True, exclusive=False, group="io", exit_on_error=False)
    def _disk_worker(self) -> None:
        error = None
        try:
            assert self.session_file is not None
            self.session_file.reload_if_changed()  # what changed is taken from the store afterwards
        except Exception as problem:
            error = problem
        with contextlib.suppress(RuntimeError):  # the app is closing
            self.call_from_thread(self._disk_checked, error)

    def _disk_checked(self, error: Exception | None) -> None:
        self._disk_check_running = False
        if self._disk_check_wanted:
            self.call_later(self.check_disk)
        sf = self.session_file
        if sf is None:
            return
        if isinstance(error, SessionReadError):
            self.disk_error = str(error)
        elif error is not None:
            self.notify(_describe(error), title="Cannot read the file", severity="error", timeout=6)
        else:
            self.disk_error = ""
            self.autosaver.disk_readable(pending=sf.has_pending)
        self._publish(sf.take_update())

    def on_disk_changed(self, _message: DiskChanged) -> None:
        self.check_disk()
        self.live.refresh_banner()

    def action_take_role(self) -> None:
        self.live.retry()

    def on_unmount(self) -> None:
        self._unmounted = True
        gc.unfreeze()  # what _load_document froze may be collected again (many apps run in one test process)
        self._remove_signal_handlers()
        sf = self.session_file
        if self.served and sf is not None and sf.has_pending:
            # A served screen ends when its browser tab closes, with no chance to ask: save what is left.
            with contextlib.suppress(Exception):  # the file keeps its last saved state
                sf.save()
        self.live.stop()

    # ----------------------------------------------------------------- following the session

    def _publish(self, update: SessionUpdate | None) -> None:
        """Tell every screen what changed: the one shown and those under a dialog (None: nothing did)."""
        if update is None:
            return
        self.session = update.session
        if "incident" in update.changed:
            self._update_titles()
        from pmtui.ui.screens.base import RoleScreen

        message = SessionUpdated.of(update)
        for screen in self.screen_stack:
            if isinstance(screen, RoleScreen):
                # Called, not posted: through the screen's queue the change was painted two frames
                # later (adding to a 10-entry timeline took 42 ms to the screen instead of 13).
                screen.show_update(message)
        # Dialogs subscribe. Not a message to every screen: a message wakes the screen it is posted
        # to, and a woken screen under the one shown has Textual repaint the whole screen above it
        # (the default screen did so at every change, in both terminals: a full frame, often one late).
        self.session_updated.publish(message)

    # ----------------------------------------------------------------- titles

    def _update_titles(self) -> None:
        incident = self.session.incident
        self.title = visible_line(incident.title) or "Untitled incident"
        parts = [incident.severity.value, incident.status.value]
        if self.role:
            parts.append(self.role)
        if self.read_only:
            parts.append("read-only")
        self.sub_title = " · ".join(parts)

    def watch_read_only(self, read_only: bool) -> None:
        self._update_titles()

    # ----------------------------------------------------------------- commands

    def action_help(self) -> None:
        from pmtui.ui.dialogs.help import HelpScreen
        from pmtui.ui.screens.base import RoleScreen

        screen = self.screen
        if not isinstance(screen, HelpScreen):
            self.push_screen(HelpScreen(screen, typing_is_text=isinstance(screen, RoleScreen) and screen.TYPE_TO_ADD))

    def action_paste_log(self) -> None:
        """Paste a chat or alert log; its timeline entries are added after a preview (panes helper)."""
        from pmtui.ui.dialogs.paste_log import PasteLogDialog

        def added(count: int | None) -> None:
            from pmtui.ui.screens.notetaker import NotetakerScreen

            if count and isinstance(self.screen, NotetakerScreen):
                self.screen.action_show_phase("timeline")  # the notetaker sees the new entries where they landed

        if self.session_file is not None and not isinstance(self.screen, PasteLogDialog):
            self.push_screen(PasteLogDialog(), added)

    def action_export_preview(self) -> None:
        """Preview an export, then copy it or save it beside the session (panes helper)."""
        from pmtui.ui.dialogs.export_preview import ExportPreviewDialog

        if self.session_file is not None and not isinstance(self.screen, ExportPreviewDialog):
            self.push_screen(ExportPreviewDialog(self.session, self.session_file.path))

    def action_choose_role(self) -> None:
        if self.session_file is None:
            return
        from pmtui.ui.screens.start import StartScreen

        self.role = None
        self.live.take_role(None)
        self._update_titles()
        self._replace_top(StartScreen())

    def action_open_file(self) -> None:
        from pmtui.ui.screens.picker import PickerScreen

        if self.session_file is not None and (self.session_file.has_pending or self._save_running):
            self.notify("Wait for the save to finish before opening another file.", severity="warning")
            return
        self.requested_role = self.role
        self._replace_top(PickerScreen())

    def attendee_commands(self) -> Iterable[SystemCommand]:
        """Attendees… (add, rename, remove), and a one-step fix for each action owner not among them."""
        from pmtui.domain.checks import missing_attendees
        from pmtui.domain.text_safety import visible_line

        yield SystemCommand("Attendees…", "Add, rename or remove the people in the meeting", self.action_attendees)
        for name in missing_attendees(self.session):
            yield SystemCommand(
                f"Add {visible_line(name)} to the attendees",
                "An action's owner who is not among the attendees",
                lambda name=name: self.add_attendees([name]),  # type: ignore[misc]
            )

    def action_attendees(self) -> None:
        from pmtui.ui.dialogs.attendees_dialog import AttendeesDialog

        if self.session_file is not None and not isinstance(self.screen, AttendeesDialog):
            self.push_screen(AttendeesDialog())

    def add_attendees(self, names: list[str]) -> bool:
        """Add people to the attendees in one undoable step (either role may)."""
        from pmtui.domain.attendees import AddAttendee
        from pmtui.domain.changes import Batch
        from pmtui.domain.text_safety import visible_line

        if not names or not self.submit(Batch([AddAttendee(name) for name in names])):
            return False
        self.notify(f"Added {visible_line(', '.join(names))} to the attendees.", timeout=3)
        return True

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand("Help: keys", "List every key of the app and this screen", self.action_help)
        mine: list[tuple[str, str, str, Callable[[], object]]] = []
        if self.session_file is not None:
            mine += [
                ("save", "Save", "Save now (changes are also saved automatically)", self.action_save),
                ("save_as", "Save as…", "Write the session to another file and edit that one", self.action_save_as),
                ("undo", "Undo", "Undo the last change made on this screen", self.action_undo),
                ("choose_role", "Choose role", "Back to the start screen: moderator or notetaker",
                 self.action_choose_role),
                ("paste_log", "Paste chat log…",
                 "Add timeline entries from a pasted chat or alert log, after a preview", self.action_paste_log),
                ("export_preview", "Export…",
                 "Preview the postmortem as Markdown, HTML, JSON or CSV; copy it or save it",
                 self.action_export_preview),
            ]  # fmt: skip
        mine.append(("open_file", "Open another session…", "Pick a session file or create one", self.action_open_file))
        # The palette calls these directly, so the check that guards their keys decides which are offered.
        for action, title, help_text, callback in mine:
            if self.check_action(action, ()):
                yield SystemCommand(title, help_text, callback)
        if self.session_file is not None and not self.viewer:
            yield from self.attendee_commands()
        # A role screen may offer its own actions (the moderator's phase, timer and spotlight); a viewer has none.
        from pmtui.ui.screens.base import RoleScreen

        if isinstance(screen, RoleScreen) and not self.viewer:
            yield from screen.screen_commands()

    # ----------------------------------------------------------------- quitting

    async def action_quit(self) -> None:
        """Quit without losing typing: send what waits, ask about lines not added, then save and exit."""
        from pmtui.ui.dialogs.common import QuitDialog, UnaddedTypingDialog

        if isinstance(self.screen, QuitDialog | UnaddedTypingDialog):
            return
        working = self._working_screen()
        if working is None:
            await self._save_and_exit()
            return
        working.flush_typing()
        drafts = working.drafts()
        if not drafts:
            await self._save_and_exit()
            return

        async def decided(choice: str | None) -> None:
            # A line that can't be read stays where it is, with its problem shown: quitting waits.
            # (Every draft is tried, so each shows its own problem: a list, not a generator.)
            if choice == "add" and not all([draft.add() for draft in drafts]):
                self.notify(
                    "Some typing could not be added; it is still there. Fix it, or quit and discard it.",
                    title="Not quit",
                    severity="warning",
                )
                return
            if choice in ("add", "discard"):
                await self._save_and_exit()

        self.push_screen(UnaddedTypingDialog([(draft.where, draft.text) for draft in drafts]), decided)

    def _working_screen(self) -> SessionScreen | None:
        """The role screen under any dialogs (the one holding the panes), if one is open."""
        from pmtui.ui.screens.base import SessionScreen

        return next((s for s in reversed(self.screen_stack) if isinstance(s, SessionScreen)), None)

    async def _save_and_exit(self) -> None:
        """Write every change to the file, then exit; if that fails, ask (save again, discard, or stay)."""
        from pmtui.ui.dialogs.common import QuitDialog

        sf = self.session_file
        if sf is None:
            self.exit(0)
            return
        await self._io_finished()
        try:
            if sf.has_pending:
                sf.save()
        except Exception as error:

            def decided(choice: str | None) -> None:
                if choice == "save":
                    self.call_later(self._save_and_exit)
                elif choice == "discard":
                    self.exit(0)

            if not isinstance(self.screen, QuitDialog):
                self.push_screen(QuitDialog(_describe(error)), decided)
            return
        self.exit(0)

    async def _io_finished(self) -> None:
        """Wait for a save or disk check under way: the session file is not shared between threads."""
        for worker in [w for w in self.workers if w.group == "io"]:
            await worker.wait()

    async def quit_now(self, *, hung_up: bool = False) -> None:
        """The terminal closed or the process was told to stop: keep everything typed, then exit.

        Nobody can answer a question now, so typing not added yet is added wherever it can be read.
        After a hang-up there is no terminal left to restore, and Textual's shutdown can block
        writing to it: once the file is saved the process ends at once (the kernel frees the locks).
        """
        working = self._working_screen()
        if working is not None:
            working.flush_typing()
            for draft in working.drafts():
                draft.add()
        await self._io_finished()
        self._pause_timer_before_quitting()  # a hang-up ends the process without unmounting the screens
        sf = self.session_file
        with contextlib.suppress(Exception):  # while dying, the last good file on disk is the best left
            if sf is not None and sf.has_pending:
                sf.save()
        if hung_up:
            self.live.stop()
            os._exit(0)
        self.exit(0)

    def _pause_timer_before_quitting(self) -> None:
        """The moderator's screen pauses its timer and saves that (it does so on unmount too)."""
        from pmtui.ui.screens.base import RoleScreen

        for screen in self.screen_stack:
            if isinstance(screen, RoleScreen):
                screen.pause_timer_on_leaving()

    _SIGNALS = (signal.SIGTERM, signal.SIGHUP)

    def _install_signal_handlers(self) -> None:
        loop = asyncio.get_running_loop()
        for signum in self._SIGNALS:
            hung_up = signum == signal.SIGHUP
            with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                loop.add_signal_handler(signum, lambda h: asyncio.ensure_future(self.quit_now(hung_up=h)), hung_up)

    def _remove_signal_handlers(self) -> None:
        with contextlib.suppress(RuntimeError):
            loop = asyncio.get_running_loop()
            for signum in self._SIGNALS:
                with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                    loop.remove_signal_handler(signum)


def _short(error: Exception) -> str:
    """The problem without the file name, for the status line (the file is the one open)."""
    return error.message if isinstance(error, SessionError) else _describe(error)


def _describe(error: Exception) -> str:
    return str(error) if isinstance(error, SessionError) else f"{type(error).__name__}: {error}"


if TYPE_CHECKING:
    # The app keeps the promise its screens, dialogs and widgets rely on (pmtui/ui/contract.py): mypy checks it here.
    _host: type[SessionHost] = PmtuiApp
