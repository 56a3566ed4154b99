"""What changed in the session since the screens were last told: its sections, and who changed them.

The store notes the sections each change may have touched (an edit's own sections, what a
re-read of the file rebuilt) with where the change came from. Taking the update then keeps
the sections whose content really differs, compared by equality with the session last
handed out, so the screens redraw what changed and nothing else. No Textual here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from pmtui.domain.model import Session


class Origin(StrEnum):
    """Where a change to the session came from."""

    LOCAL = "local"
    """This process: an edit or an undo made on this screen."""
    OTHER_TERMINAL = "other terminal"
    """Another pmtui process saved the file (the other role's screen, a CLI command)."""
    DISK = "disk"
    """The file changed and no pmtui wrote it (an editor, git, a script); also the file as opened."""


@dataclass(frozen=True)
class SessionUpdate:
    """A new session, the names of the sections that differ from the last one, and where they came from."""

    session: Session
    changed: frozenset[str]
    origin: Origin


def section_names(session: Session) -> frozenset[str]:
    """Every top-level name of a session: its sections and any unknown tables the file carries."""
    return frozenset(type(session).model_fields) | frozenset(session.model_extra or ())


def changed_sections(before: Session, after: Session, among: Iterable[str] | None = None) -> frozenset[str]:
    """The sections (of `among`, else all) whose content differs between two sessions.

    By equality: a list whose entries were reused compares quickly, item by item.
    """
    names = section_names(before) | section_names(after) if among is None else among
    missing = object()
    return frozenset(name for name in names if getattr(before, name, missing) != getattr(after, name, missing))


class UpdateLog:
    """The sections changed since the last update was taken, each with its origin.

    A section changed from elsewhere keeps that origin when a local change follows before the
    update is taken (a rebase replays our own changes on the other terminal's).
    """

    def __init__(self, shown: Session) -> None:
        self._shown = shown
        self._hints: dict[str, Origin] = {}
        self._latest_external = Origin.DISK

    def note(self, sections: Iterable[str], origin: Origin) -> None:
        """Sections a change may have altered (a superset is fine: take() checks each)."""
        if origin is not Origin.LOCAL:
            self._latest_external = origin
        for name in sections:
            if origin is not Origin.LOCAL or name not in self._hints:
                self._hints[name] = origin

    def note_all(self, session: Session, origin: Origin) -> None:
        """Anything may have changed (the whole file was read again)."""
        self.note(section_names(session) | section_names(self._shown), origin)

    def take(self, session: Session) -> SessionUpdate | None:
        """What differs in `session` from the last one taken; None if nothing does."""
        hints, self._hints = self._hints, {}
        shown, self._shown = self._shown, session
        changed = changed_sections(shown, session, hints)
        if not changed:
            return None
        external = any(hints[name] is not Origin.LOCAL for name in changed)
        return SessionUpdate(session, changed, self._latest_external if external else Origin.LOCAL)

    def take_all(self, session: Session, origin: Origin) -> SessionUpdate:
        """Every section, as for a session shown for the first time."""
        self._hints = {}
        self._shown = session
        return SessionUpdate(session, section_names(session), origin)
