"""What the app promises the screens, dialogs and widgets it hosts, so that none of them imports the app."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol, cast

from textual.dom import DOMNode
from textual.message import Message
from textual.signal import Signal

from pmtui.domain.changes import Change
from pmtui.domain.model import Session
from pmtui.storage.store import SessionFile
from pmtui.ui.autosave import SaveStatus
from pmtui.ui.messages import SessionUpdated


class SessionHost(Protocol):
    """The app as its screens, dialogs and widgets see it: the open session and how to change it.

    PmtuiApp (pmtui/ui/app.py) implements it, and mypy checks that it does. Its reactives
    (save_status, read_only, disk_error) can be watched by name as well; the session is not one:
    screens follow it through SessionUpdated (pmtui/ui/messages.py), which says what changed.
    """

    @property
    def session_updated(self) -> Signal[SessionUpdated]:
        """Published with every change of the session, after the role screens have shown it.

        A dialog that shows part of the session subscribes (not immediate: it takes the update
        in its own queue). The role screens are called directly instead, to paint in the next frame.
        """

    @property
    def session(self) -> Session:
        """The session as this process sees it; replaced, never mutated, on every change."""

    @property
    def session_file(self) -> SessionFile | None:
        """The open session file (None on the picker, before one is open)."""

    @property
    def save_status(self) -> SaveStatus:
        """Saved, unsaved, saving, retrying or file broken; the problem in words; when the last save landed."""

    @property
    def disk_error(self) -> str:
        """Why the file on disk cannot be read; empty when it is fine."""

    @property
    def read_only(self) -> bool:
        """Another process holds this role: changes are refused."""

    @property
    def viewer(self) -> bool:
        """A viewer's screen (`--role viewer`, a served viewer link): it changes nothing, ever."""

    @property
    def served(self) -> bool:
        """Started by `pmtui serve` for one link: files are written beside the session only."""

    @property
    def last_refusal(self) -> str:
        """Why the last refused change was refused."""

    @property
    def clock(self) -> Callable[[], dt.datetime]:
        """Now, in UTC (tests give the app a fixed clock)."""

    def submit(self, change: Change, *, undoable: bool = True) -> bool:
        """Apply a change now and save it soon; False (and a notice) if refused."""

    def undo(self) -> bool:
        """Undo the last change made in this process; False when there is nothing to undo."""

    def add_attendees(self, names: list[str]) -> bool:
        """Add people to the attendees in one undoable step."""

    def show_role(self, role: str) -> None:
        """Switch to the moderator's or the notetaker's screen."""

    def enter_session(self, session_file: SessionFile) -> None:
        """Start working on an open session file."""


def host(node: DOMNode) -> SessionHost:
    """The app a screen, dialog or widget runs in, as the SessionHost it is."""
    return cast(SessionHost, node.app)


@dataclass
class RoleChecked(Message, bubble=False):
    """Sent to each screen when this process's hold on its role was checked (pmtui/ui/live.py).

    A role screen shows `banner` at its top while it is read-only, and no banner otherwise.
    """

    read_only: bool
    """Another process holds the role: this screen may change nothing."""
    banner: str
    """Who holds the role and how to take it over ("" when not read-only)."""
    free: bool
    """The holder has gone: the role can be taken now."""
