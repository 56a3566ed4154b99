"""The messages every screen and pane share: SessionUpdated (the session changed, and where) and
WidgetMessage (the base of what a widget posts about itself)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

from textual.message import Message
from textual.widget import Widget

from pmtui.domain.model import Session
from pmtui.storage.updates import Origin, SessionUpdate, section_names

__all__ = ["Origin", "SessionUpdated", "WidgetMessage"]

WidgetT = TypeVar("WidgetT", bound=Widget)


@dataclass
class WidgetMessage(Message, Generic[WidgetT]):
    """Something a person did in a widget, posted by that widget.

    The widget is the message's `control`, typed as its own class: `@on(Message, "#selector")`
    selects by it, and a handler reads `message.control` to answer the widget.
    """

    widget: WidgetT

    @property
    def control(self) -> WidgetT:
        return self.widget


@dataclass
class SessionUpdated(Message, bubble=False):
    """The session changed: the new session, the sections that differ, and where the change came from.

    The app gives one to every role screen in its stack (the one shown and those under a dialog)
    by a direct call, which paints the change in the next frame, then publishes it on its
    `session_updated` signal, to which a dialog that shows the session subscribes; a screen hands
    it to the panes it holds, and each pane redraws only if a section it is drawn from is in
    `changed`. Sessions are immutable, so nobody compares them.
    """

    session: Session
    changed: frozenset[str]
    """Names of the sections whose content changed: "incident", "meeting", "timeline", "actions" …"""
    origin: Origin
    """LOCAL (this screen), OTHER_TERMINAL (another pmtui process saved the file) or DISK (an editor)."""

    def touches(self, *sections: str) -> bool:
        """Whether any of these sections changed."""
        return not self.changed.isdisjoint(sections)

    @classmethod
    def of(cls, update: SessionUpdate) -> SessionUpdated:
        """The message for an update the store reported."""
        return cls(update.session, update.changed, update.origin)

    @classmethod
    def first_view(cls, session: Session) -> SessionUpdated:
        """Every section, for a screen that shows the session for the first time (as read from the file)."""
        return cls(session, section_names(session), Origin.DISK)
