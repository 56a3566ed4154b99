"""When to save the session: one save at a time, bursts of changes coalesced, failures retried.

Headless (no Textual): the app gives the Autosaver three things, how to start a save in the
background, how to wait before a retry, and the clock; the Autosaver keeps the one `SaveStatus`
that the status line shows. Unit tests drive it with a fake clock and a fake disk.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, replace
from enum import Enum

RETRY_SECONDS = 3.0
"""How long to wait before retrying a save that failed (disk full, read-only, folder gone)."""


class SaveState(Enum):
    """Where the session stands with the disk."""

    SAVED = "saved"
    """Everything is on disk."""
    UNSAVED = "unsaved"
    """A change waits for its save to start."""
    SAVING = "saving"
    """A save is being written."""
    RETRYING = "retrying"
    """The last save failed (the error says why); it is retried every few seconds."""
    FILE_BROKEN = "file-broken"
    """The file on disk cannot be read (a broken hand edit); changes wait until it is fixed."""

    @property
    def is_problem(self) -> bool:
        return self in (SaveState.RETRYING, SaveState.FILE_BROKEN)


@dataclass(frozen=True)
class SaveStatus:
    """What the status line says: the state, the problem in words, when the last save landed."""

    state: SaveState = SaveState.SAVED
    error: str = ""
    saved_at: dt.datetime | None = None


class Autosaver:
    """Coalesces saves: while one runs, further changes wait and are written by the next one.

    `start_save()` must run the save in the background and call `finished()` when it is done;
    `wait(seconds, callback)` must call `callback` once after a pause (a Textual timer in the app).
    """

    def __init__(
        self,
        start_save: Callable[[], None],
        wait: Callable[[float, Callable[[], None]], object],
        clock: Callable[[], dt.datetime],
        *,
        retry_seconds: float = RETRY_SECONDS,
    ) -> None:
        self._start_save = start_save
        self._wait = wait
        self._clock = clock
        self.retry_seconds = retry_seconds
        self.status = SaveStatus()
        self.running = False
        """A save is under way (a disk check should wait for it)."""
        self._wanted = False
        self._retry_waiting = False
        self.on_status: Callable[[SaveStatus], None] = lambda status: None
        """Called with every new status (the app copies it into a reactive)."""

    def _set(self, status: SaveStatus) -> None:
        if status != self.status:
            self.status = status
            self.on_status(status)

    def reset(self) -> None:
        """A session was just opened: it is as on disk."""
        self._wanted = False
        self._set(SaveStatus())

    def changed(self) -> None:
        """A change is waiting to be written."""
        self._wanted = True
        if not self.status.state.is_problem:
            self._set(replace(self.status, state=SaveState.UNSAVED))
        if not self.running:
            self._start()

    def _start(self) -> None:
        self._wanted = False
        self.running = True
        if not self.status.state.is_problem:
            self._set(replace(self.status, state=SaveState.SAVING))
        self._start_save()

    def finished(self, error: str | None, *, file_broken: bool = False, still_pending: bool = False) -> bool:
        """The save ended (error: the problem in words). True when this is a new failure to announce."""
        self.running = False
        announce = False
        if error is not None:
            announce = not self.status.state.is_problem
            state = SaveState.FILE_BROKEN if file_broken else SaveState.RETRYING
            self._set(replace(self.status, state=state, error=error))
            if not self._retry_waiting:
                self._retry_waiting = True
                self._wait(self.retry_seconds, self._retry)
        elif still_pending:
            self._wanted = True  # changes arrived while it was writing, or were rebased: once more
        else:
            self._set(SaveStatus(SaveState.SAVED, "", self._clock()))
        if self._wanted:
            self._start()
        return announce

    def _retry(self) -> None:
        self._retry_waiting = False
        if self.status.state.is_problem and not self.running:
            self._start()

    def disk_readable(self, *, pending: bool) -> None:
        """A disk check read the file fine: a problem with nothing left to write is over."""
        if self.status.state.is_problem and not pending and not self.running:
            self._set(SaveStatus(SaveState.SAVED, "", self.status.saved_at))

    def saved_elsewhere(self) -> None:
        """The session was just written in full (save as, or a synchronous save before quitting)."""
        self._set(SaveStatus(SaveState.SAVED, "", self._clock()))
