"""The app's link to the other terminal: the file watcher and the role lease.

Kept out of app.py so the app stays a thin owner of the session: it creates one LiveLink,
tells it when a session is opened and which role the person takes, and calls
check_disk() when the link posts DiskChanged. Who holds the role reaches the screens as
RoleChecked; each screen shows its own banner.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from textual.message import Message
from textual.timer import Timer

from pmtui.domain.changes import Change
from pmtui.storage.roles import Claim, claim, current_holder, refusal
from pmtui.storage.watch import FileWatcher
from pmtui.ui.contract import RoleChecked

if TYPE_CHECKING:
    from pmtui.ui.app import PmtuiApp

LEASE_CHECK_SECONDS = 2.0
"""How often a read-only screen looks whether the role has been freed (its holder quit or crashed)."""
TAKE_ROLE_KEY = "f5"


class DiskChanged(Message):
    """The session file may have been written by another process or an editor."""

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, DiskChanged)  # a burst of writes needs one re-read


class LiveLink:
    """Follows the session file on disk and holds this process's role lease."""

    def __init__(self, app: PmtuiApp) -> None:
        self.app = app
        self.watcher: FileWatcher | None = None
        self.claim: Claim | None = None
        self.path: Path | None = None
        self._lease_timer: Timer | None = None

    # ------------------------------------------------------------ watching

    def watch(self, path: Path) -> None:
        """Watch `path` (the folder, filtered by name) and post DiskChanged to the app on writes."""
        if self.watcher is not None and self.watcher.path == Path(os.path.realpath(path)):
            return
        self.stop_watching()
        self.release()
        self.path = path
        self.watcher = FileWatcher(path, self._on_disk_event).start()

    def _on_disk_event(self) -> None:
        # Runs in the watcher's thread; post_message is thread-safe.
        self.app.post_message(DiskChanged())

    def stop_watching(self) -> None:
        if self.watcher is not None:
            self.watcher.stop()
            self.watcher = None

    # ------------------------------------------------------------ roles

    def take_role(self, role: str | None) -> bool:
        """Claim the lease of `role` for this process; read-only (the screens say so) if someone holds it.

        Returns True if this process may edit as that role. role=None gives any lease up.
        """
        if self.claim is not None and self.claim.granted and self.claim.role == role:
            self.app.call_after_refresh(self._announce)  # to the new screen
            return True
        self.release()
        if role is None or self.path is None:
            self._set_read_only(False)
            return True
        name = getattr(self.app.session.roles, role, "")  # the role's name field: moderator or notetaker
        self.claim = claim(self.path, role, name=name)
        self._set_read_only(not self.claim.granted)
        if not self.claim.granted:
            self.app.notify(self.claim.message(), title="Read-only", severity="warning", timeout=8)
        return self.claim.granted

    def retry(self) -> None:
        """Take the role if it is free now (its holder quit or crashed); say who holds it otherwise."""
        role = self.claim.role if self.claim is not None else None
        if role is None or (self.claim is not None and self.claim.granted):
            self.app.notify("This screen is not read-only.", timeout=2)
            return
        if self.take_role(role):
            self.app.notify(f"You are the {role} now; your changes are saved to the file.", timeout=4)

    def release(self) -> None:
        if self.claim is not None and self.claim.lease is not None:
            self.claim.lease.release()
        self.claim = None

    def refusal(self, change: Change) -> str:
        """Why this screen may not make `change` (read-only, or the other role's part), or ""."""
        if self.app.read_only:
            return self.banner_text(short=True)
        return refusal(self.app.role, change)

    def banner_text(self, short: bool = False) -> str:
        claimed = self.claim
        if claimed is None or claimed.granted:
            return ""
        key = TAKE_ROLE_KEY.upper()
        if self.path is not None and not claimed.problem and current_holder(self.path, claimed.role) is None:
            return f"The {claimed.role} role is free now: press {key} to take it. Until then this screen is read-only."
        if short:
            return f"{claimed.message()} Press {key} to take the role once it is free."
        return f"{claimed.message()}  Press {key} to take the role once it is free."

    def _set_read_only(self, read_only: bool) -> None:
        self.app.read_only = read_only
        if read_only and self._lease_timer is None:
            self._lease_timer = self.app.set_interval(LEASE_CHECK_SECONDS, self.refresh_banner)
        elif not read_only and self._lease_timer is not None:
            self._lease_timer.stop()
            self._lease_timer = None
        # The screen may still be composing: tell the screens once it is on the screen.
        self.app.call_after_refresh(self._announce)

    def _announce(self) -> None:
        """Tell every screen on the stack who holds the role (a role screen under a dialog keeps its banner true)."""
        from pmtui.ui.screens.base import RoleScreen

        read_only = bool(self.app.read_only)
        text = self.banner_text() if read_only else ""
        for screen in self.app.screen_stack:
            # Role screens only: a message wakes the screen it goes to, and Textual's default screen,
            # woken under the one shown, has the whole screen above it drawn again (every 2 s here).
            if isinstance(screen, RoleScreen):
                screen.post_message(RoleChecked(read_only, text, free=text.startswith("The ")))

    def refresh_banner(self) -> None:
        """Re-check who holds the role (a timer while read-only, and after each disk change)."""
        if self.app.read_only:
            self._announce()

    def stop(self) -> None:
        """Stop watching and give the role up (the app is closing)."""
        self.stop_watching()
        self.release()
