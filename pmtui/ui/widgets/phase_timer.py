"""The big countdown of the current phase's timebox, readable from the back of the room."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.reactive import reactive
from textual.widgets import Digits, Static

from pmtui.domain import meeting as m
from pmtui.domain.model import Meeting

TICK_SECONDS = 0.25
"""How often the display is recomputed from the clock; only the screen changes, never the file."""

STATE_CLASSES = {state: f"-{state}" for state in ("running", "paused", "near-end", "over")}


class PhaseTimer(Vertical):
    """MM:SS left in the phase (+MM:SS once over), coloured near the end and after it."""

    DEFAULT_CSS = """
    PhaseTimer { height: auto; }
    PhaseTimer > Digits { width: auto; }
    PhaseTimer > #timer-caption { height: 1; }
    """

    meeting: reactive[Meeting] = reactive(Meeting, always_update=True, init=False)
    """The meeting state the countdown is computed from."""

    def __init__(self, clock: Callable[[], dt.datetime], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._clock = clock
        self._state: m.TimerState | None = None

    def compose(self) -> ComposeResult:
        yield Digits("00:00", id="timer-digits")
        yield Static("", id="timer-caption")

    def on_mount(self) -> None:
        self.tick()
        self.set_interval(TICK_SECONDS, self.tick)

    def watch_meeting(self) -> None:
        self.tick()

    @property
    def state(self) -> m.TimerState | None:
        """The timer's state as last displayed."""
        return self._state

    def tick(self) -> None:
        """Recompute the display from the clock (cheap: repaints only what changed)."""
        if not self.is_mounted:
            return
        meeting, now = self.meeting, self._clock()
        left = m.remaining(meeting, now)
        digits = self.query_one(Digits)
        text = m.format_clock(left)
        if digits.value != text:
            digits.update(text)
        state = m.timer_state(meeting, now)
        if state != self._state:
            for name, css_class in STATE_CLASSES.items():
                self.set_class(name == state, css_class)
            self._state = state
        self.set_class(not m.is_running(meeting), "-stopped")
        caption = _caption(meeting, state)
        label = self.query_one("#timer-caption", Static)
        if str(label.content) != caption:
            label.update(caption)


def _caption(meeting: Meeting, state: m.TimerState) -> str:
    # Short enough to sit under the digits (15 columns) on an 80-column screen.
    # No ⏸: terminals disagree on its width (emoji presentation), which shifts the layout.
    box = f"{meeting.timebox_for(meeting.phase):g} min"
    words = f"over {box}" if state == "over" else f"of {box}"
    return f"▶ {words}" if m.is_running(meeting) else f"‖ {words} · paused"
