"""SummaryPane: the incident's summary and impact paragraphs, saved shortly after typing stops."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.timer import Timer
from textual.widgets import Static, TextArea

from pmtui.domain.model import Session
from pmtui.ui.contract import host
from pmtui.ui.messages import WidgetMessage
from pmtui.ui.widgets.attendees_editor import AttendeesEditor

TYPING_PAUSE = 0.5
"""Seconds without a key press before a paragraph is saved (so it is on disk within a second)."""

FIELDS = {
    "summary": ("Summary", "One paragraph: what happened, its impact, when (with times and numbers)."),
    "impact": ("Impact", "Who and what was affected, with numbers: requests, customers, money, duration."),
}


class SummaryPane(Vertical):
    """Two text areas editing incident.summary and incident.impact."""

    DEFAULT_CSS = """
    SummaryPane { height: 1fr; }
    SummaryPane TextArea { height: 1fr; }
    SummaryPane .field-hint { height: auto; padding: 0 1; }
    SummaryPane .hint-impact { margin-top: 1; }
    """

    @dataclass
    class FieldEdited(WidgetMessage["SummaryPane"]):
        """The person typed a new value for a field of [incident]."""

        table: str
        key: str
        value: str

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.border_title = "Summary & impact"
        self._typing_timers: dict[str, Timer] = {}
        self._sent: dict[str, str] = {}
        self._in_flight: dict[str, list[str]] = {}
        """Texts sent and not seen back in a session yet, oldest first, per field."""
        self._loaded: dict[str, tuple[str, str]] = {}
        """(value from the file, text the editor made of it): TextArea turns U+0085, U+001C-U+001E and
        U+2028 into line breaks, and that alone must not count as an edit (the file keeps what was written)."""

    def compose(self) -> ComposeResult:
        for key, (label, hint) in FIELDS.items():
            yield Static(Text.assemble((label, "bold"), f" — {hint}"), classes=f"field-hint hint-{key}")
            yield TextArea("", id=f"incident-{key}", soft_wrap=True, tab_behavior="focus")
        yield AttendeesEditor(id="summary-attendees")

    def on_mount(self) -> None:
        self.watch(self.app, "read_only", self._follow_read_only)
        # mounted after its screen's first view (none is today), the screen's first update would miss it
        self.show_session(host(self).session)

    def _follow_read_only(self, read_only: bool) -> None:
        # A second notetaker watches; typing that could never be saved would only be lost.
        for area in self.query(TextArea):
            area.read_only = read_only

    def show_session(self, session: Session) -> None:
        """Show the file's text, except in a field the person is typing in or whose text is on its way."""
        for key in FIELDS:
            area = self.query_one(f"#incident-{key}", TextArea)
            value = getattr(session.incident, key)
            if self._older_than_sent(key, value):
                continue  # our own earlier text coming back while a newer one is on its way
            if self._in_flight.get(key) and value not in self._in_flight[key]:
                # A session from before our text was applied (the impact's change, sent in the same
                # breath, or another terminal's save read meanwhile): it still holds the old text,
                # and loaded it would empty the box mid-sentence. Ours is applied on top of it.
                continue
            if key in self._typing_timers or (key in self._sent and self._edited(key, area.text)):
                # Unsent typing wins; it is sent within half a second. (A key just typed may not
                # have started its timer yet: its Changed message is still on its way.)
                continue
            self._sent[key] = value
            if area.text != value and self._loaded.get(key) != (value, area.text):
                cursor = area.cursor_location
                area.load_text(value)
                self._loaded[key] = (value, area.text)
                if area is self.screen.focused:  # someone else edited it: keep our cursor where it was
                    area.cursor_location = cursor

    @on(TextArea.Changed)
    def _typed(self, event: TextArea.Changed) -> None:
        event.stop()
        key = (event.text_area.id or "").removeprefix("incident-")
        if key not in FIELDS or not self._edited(key, event.text_area.text):
            return
        if key in self._typing_timers:
            self._typing_timers[key].stop()
        self._typing_timers[key] = self.set_timer(TYPING_PAUSE, lambda: self.flush(key))

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        key = (event.widget.id or "").removeprefix("incident-")
        if key in self._typing_timers:
            self.flush(key)

    @property
    def has_unsent_text(self) -> bool:
        """Whether typing waits for its pause before it is sent."""
        return bool(self._typing_timers)

    def take_unsent(self, key: str | None = None) -> dict[str, str]:
        """The fields whose text differs from what was last sent, marked as sent (the caller sends them)."""
        unsent: dict[str, str] = {}
        for name in [key] if key else FIELDS:
            timer = self._typing_timers.pop(name, None)
            if timer is not None:
                timer.stop()
            text = self.query_one(f"#incident-{name}", TextArea).text
            if self._edited(name, text):
                self._sent[name] = unsent[name] = text
                if text != getattr(host(self).session.incident, name):  # no change, no echo to wait for
                    self._in_flight.setdefault(name, []).append(text)
        return unsent

    def refused(self, key: str, text: str) -> None:
        """A text this pane sent was not applied: no echo of it will come."""
        in_flight = self._in_flight.get(key, [])
        if text in in_flight:
            in_flight.remove(text)

    def _older_than_sent(self, key: str, value: str) -> bool:
        """Whether `value` is a text this pane sent before the last one it sent (that one is still to come).

        On a busy machine two pauses' worth of typing can both be sent before the first comes back:
        loaded over the box, that first echo moved the cursor back into the sentence.
        """
        in_flight = self._in_flight.get(key, [])
        if value not in in_flight:
            return False  # someone else's text, an undo, or our latest: shown as usual
        del in_flight[: in_flight.index(value) + 1]
        return bool(in_flight)

    def _edited(self, key: str, text: str) -> bool:
        """Whether the editor's text differs from what was last sent or loaded from the file."""
        sent = self._sent.get(key)
        return text != sent and self._loaded.get(key) != (sent, text)

    def flush(self, key: str | None = None) -> None:
        """Send typed text now (all fields, or one)."""
        for name, text in self.take_unsent(key).items():
            self.post_message(self.FieldEdited(self, "incident", name, text))
