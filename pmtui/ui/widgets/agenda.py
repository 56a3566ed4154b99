"""The meeting's agenda: each phase with its timebox, done ones ticked with the time they took."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.reactive import reactive
from textual.widgets import Static

from pmtui.domain import meeting as m
from pmtui.domain.model import Meeting

TITLE_WIDTH = 18
"""The longest phase title ("Went wrong & lucky") fits without wrapping."""


def agenda_content(meeting: Meeting, now: dt.datetime) -> Content:
    """The full agenda, one line per phase and a totals line."""
    lines: list[Content] = []
    for index, row in enumerate(m.agenda(meeting, now), start=1):
        spent = m.format_spent(row.spent) if row.spent.total_seconds() >= 1 or row.state == "current" else ""
        spent_style = "$error" if row.over else ("" if row.state == "current" else "$text-muted")
        if row.state == "done":
            marker, title_style = ("✓ ", "$success"), "$text-muted"
        elif row.state == "current":
            marker, title_style = ("▶ ", "bold"), "bold"
        else:
            marker, title_style = (f"{index} ", "$text-muted"), ""
        line = Content.assemble(
            marker,
            (row.title.ljust(TITLE_WIDTH), title_style),
            (f"{row.timebox_minutes:>3g}m", "$text-muted" if row.state != "current" else "bold"),
            (f"{spent:>7}", spent_style),
        )
        if row.state == "current":
            line = line.stylize("on $boost")
        lines.append(line)
    totals = m.totals(meeting, now)
    plan = f"{totals.agenda_minutes:g} of {totals.planned_minutes} min planned"
    plan_style = "$warning" if totals.agenda_minutes > totals.planned_minutes else "$text-muted"
    lines.append(Content(""))
    lines.append(Content.assemble((plan, plan_style)))
    lines.append(meeting_left_line(totals))
    return Content("\n").join(lines)


def meeting_left_line(totals: m.AgendaTotals) -> Content:
    """'spent 31:40 · left ≈ 13 min', the booked meeting's remainder turning red once it is over."""
    return Content.assemble(
        (f"spent {m.format_spent(totals.spent)}", "$text-muted"),
        " · ",
        (totals.left_text(), "bold $error" if totals.over else "$text-muted"),
    )


def agenda_line(meeting: Meeting, now: dt.datetime) -> Content:
    """The agenda folded for a small terminal: where we are and what comes next; then the booked meeting."""
    phases = m.PHASES
    index = phases.index(meeting.phase)
    parts: list[Content | tuple[str, str] | str] = [
        ("▶ " if m.is_running(meeting) else "‖ paused · ", "bold"),
        (f"{index + 1}/{len(phases)} ", "$text-muted"),
        (meeting.phase.title, "bold"),
        (f" {meeting.timebox_for(meeting.phase):g}m", "$text-muted"),
    ]
    if index + 1 < len(phases):
        upcoming = phases[index + 1]
        parts.append((f" · next: {upcoming.title} {meeting.timebox_for(upcoming):g}m", "$text-muted"))
    return Content("\n").join([Content.assemble(*parts), meeting_left_line(m.totals(meeting, now))])


class Agenda(Vertical):
    """The agenda, refreshed from the meeting state and the clock (the current row's time ticks)."""

    DEFAULT_CSS = """
    Agenda { height: auto; }
    Agenda > Static { height: auto; }
    """

    meeting: reactive[Meeting] = reactive(Meeting, always_update=True, init=False)
    """The meeting state to show."""

    def __init__(self, clock: Callable[[], dt.datetime], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._clock = clock
        self._shown: tuple[str, str] = ("", "")

    def compose(self) -> ComposeResult:
        yield Static(id="agenda-full")
        yield Static(id="agenda-line")

    def on_mount(self) -> None:
        self.tick()
        # The current phase's time spent ticks with the clock; nothing is written to the file.
        self.set_interval(1.0, self.tick)

    def watch_meeting(self) -> None:
        self.tick()

    def tick(self) -> None:
        """Redraw if anything visible changed (once a second at most while the timer runs)."""
        if not self.is_mounted:
            return
        now = self._clock()
        full, line = agenda_content(self.meeting, now), agenda_line(self.meeting, now)
        key = (full.markup, line.markup)
        if key == self._shown:
            return
        self._shown = key
        self.query_one("#agenda-full", Static).update(full)
        self.query_one("#agenda-line", Static).update(line)
