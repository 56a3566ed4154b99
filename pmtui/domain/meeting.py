"""Running the meeting: phase navigation, the timebox timer and the spotlight, as pure functions.

Every function takes the [meeting] state and the current time and returns the Change that
moves the meeting on (or a value derived from it); nothing here reads a clock or touches
Textual, so a fake clock drives the tests.

The timer is running while `timer_started_at` is set. Time already spent in a phase lives
in `spent_seconds`; the time since `timer_started_at` is added to the current phase only
when the phase changes or the timer pauses, so the file is written on those moments and
never once a second. While it runs, the moderator also banks it every CHECKPOINT_SECONDS
(checkpoint()), so a moderator that dies leaves at most that much time uncounted, and the
next moderator stops the left-over timer where the last save left it (stop_abandoned_timer()).
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Any, Literal

from pmtui.domain.changes import Batch, Change, SetField
from pmtui.domain.model import Meeting, Phase

PHASES: tuple[Phase, ...] = tuple(Phase)
"""The agenda in order."""

NEAR_END_SECONDS = 120
"""The timer warns when this little is left of a phase's timebox…"""
NEAR_END_SHARE = 0.2
"""…or when this share of it is left, whichever comes first."""

CHECKPOINT_SECONDS = 30.0
"""How often a running timer's time is banked in the file (what a crashed moderator can lose)."""

MIN_TIMEBOX_MINUTES = 1
MAX_TIMEBOX_MINUTES = 240

TimerState = Literal["running", "paused", "near-end", "over"]
RowState = Literal["done", "current", "next"]


def is_running(meeting: Meeting) -> bool:
    """Whether the phase timer is running."""
    return meeting.timer_started_at is not None


def _since_start(meeting: Meeting, now: dt.datetime) -> float:
    if meeting.timer_started_at is None:
        return 0.0
    # A clock that moved backwards (or a start time edited into the future) never takes time away.
    return max(0.0, (now - meeting.timer_started_at).total_seconds())


def elapsed(meeting: Meeting, phase: Phase, now: dt.datetime) -> dt.timedelta:
    """Time spent in a phase so far, including the running timer if it is the current phase."""
    seconds = meeting.spent_seconds.get(phase, 0.0)
    if phase == meeting.phase:
        seconds += _since_start(meeting, now)
    return dt.timedelta(seconds=seconds)


def timebox(meeting: Meeting, phase: Phase | None = None) -> dt.timedelta:
    """The timebox of a phase (the current one by default)."""
    return dt.timedelta(minutes=meeting.timebox_for(meeting.phase if phase is None else phase))


def remaining(meeting: Meeting, now: dt.datetime) -> dt.timedelta:
    """What is left of the current phase's timebox; negative once it is over."""
    return timebox(meeting) - elapsed(meeting, meeting.phase, now)


def timer_state(meeting: Meeting, now: dt.datetime) -> TimerState:
    """How the current phase's timer stands: over and near-end win over running/paused."""
    left = remaining(meeting, now)
    if _whole_seconds(left) < 0:
        return "over"
    seconds = left.total_seconds()
    if seconds <= NEAR_END_SECONDS or seconds <= timebox(meeting).total_seconds() * NEAR_END_SHARE:
        return "near-end"
    return "running" if is_running(meeting) else "paused"


def _whole_seconds(delta: dt.timedelta) -> int:
    # Round towards the countdown's next tick, so a timer shows 05:00 for the whole first second.
    return math.ceil(delta.total_seconds() - 1e-9)


def format_clock(delta: dt.timedelta) -> str:
    """A countdown as MM:SS, or +MM:SS counting up once the time is over (minutes may exceed 59)."""
    seconds = _whole_seconds(delta)
    sign = "+" if seconds < 0 else ""
    minutes, secs = divmod(abs(seconds), 60)
    return f"{sign}{minutes:02d}:{secs:02d}"


def format_spent(delta: dt.timedelta) -> str:
    """Time spent, short: '7:05' (minutes:seconds), '1:02:05' past an hour."""
    seconds = max(0, int(delta.total_seconds()))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


# ---------------------------------------------------------------------------------------------
# Changes


def _set(meeting: Meeting, key: str, value: Any) -> list[Change]:
    return [] if getattr(meeting, key) == value else [SetField("meeting", key, value)]


def _stamp(now: dt.datetime) -> dt.datetime:
    # Whole seconds keep the file readable; the at most one second lost is counted, not dropped,
    # because the running time is measured from the truncated stamp.
    return now.astimezone(dt.UTC).replace(microsecond=0)


def _spent_with_running(meeting: Meeting, now: dt.datetime) -> dict[Phase, float]:
    spent = dict(meeting.spent_seconds)
    if is_running(meeting):
        spent[meeting.phase] = float(round(spent.get(meeting.phase, 0.0) + _since_start(meeting, now)))
    return spent


def _spent_for_file(spent: dict[Phase, float]) -> dict[str, int | float]:
    # In agenda order, and whole seconds written as integers: "timeline = 412", not "412.0".
    return {
        phase.value: int(spent[phase]) if float(spent[phase]).is_integer() else spent[phase]
        for phase in PHASES
        if phase in spent
    }


def _batch(changes: list[Change]) -> Batch:
    return Batch(changes)


def go_to_phase(meeting: Meeting, phase: Phase, now: dt.datetime) -> Batch:
    """Move to a phase: bank the time spent in the phase being left; a running timer keeps running."""
    phase = Phase(phase)
    if phase == meeting.phase:
        return _batch([])
    changes: list[Change] = []
    if is_running(meeting):
        changes += _set_spent(meeting, _spent_with_running(meeting, now))
        changes.append(SetField("meeting", "timer_started_at", _stamp(now)))
    changes.append(SetField("meeting", "phase", phase.value))
    return _batch(changes)


def _set_spent(meeting: Meeting, spent: dict[Phase, float]) -> list[Change]:
    if spent == meeting.spent_seconds:
        return []
    return [SetField("meeting", "spent_seconds", _spent_for_file(spent))]


def next_phase(meeting: Meeting, now: dt.datetime) -> Batch:
    """Go to the next agenda item (nothing happens at wrap-up)."""
    index = PHASES.index(meeting.phase)
    return go_to_phase(meeting, PHASES[min(index + 1, len(PHASES) - 1)], now)


def previous_phase(meeting: Meeting, now: dt.datetime) -> Batch:
    """Go back to the previous agenda item (nothing happens at the summary)."""
    index = PHASES.index(meeting.phase)
    return go_to_phase(meeting, PHASES[max(index - 1, 0)], now)


def start_timer(meeting: Meeting, now: dt.datetime) -> Batch:
    """Start (or resume) the current phase's timer; no change if it already runs."""
    if is_running(meeting):
        return _batch([])
    return _batch([SetField("meeting", "timer_started_at", _stamp(now))])


def pause_timer(meeting: Meeting, now: dt.datetime) -> Batch:
    """Pause the timer and record the time spent in the current phase."""
    if not is_running(meeting):
        return _batch([])
    return _batch(
        [*_set_spent(meeting, _spent_with_running(meeting, now)), SetField("meeting", "timer_started_at", None)]
    )


def checkpoint(meeting: Meeting, now: dt.datetime) -> Batch:
    """Bank the running timer's time and restart it from now: the file says how far it got.

    No change when the timer is paused or less than a second has passed.
    """
    if not is_running(meeting) or _since_start(meeting, now) < 1:
        return _batch([])
    banked = _set_spent(meeting, _spent_with_running(meeting, now))
    return _batch([*banked, SetField("meeting", "timer_started_at", _stamp(now))])


def stop_abandoned_timer(meeting: Meeting) -> Batch:
    """Pause a timer left running by a moderator that is gone, counting nothing after its last save.

    The time since `timer_started_at` is dropped: the moderator that started it banked its
    time at every checkpoint, so what is lost is at most the seconds after its last save.
    """
    if not is_running(meeting):
        return _batch([])
    return _batch([SetField("meeting", "timer_started_at", None)])


def toggle_timer(meeting: Meeting, now: dt.datetime) -> Batch:
    """Start a paused timer, pause a running one."""
    return pause_timer(meeting, now) if is_running(meeting) else start_timer(meeting, now)


def add_minutes(meeting: Meeting, phase: Phase, minutes: int) -> Batch:
    """Lengthen (or with a negative number shorten) one phase's timebox, within 1 to 240 minutes."""
    phase = Phase(phase)
    current = meeting.timebox_for(phase)
    wanted = min(MAX_TIMEBOX_MINUTES, max(MIN_TIMEBOX_MINUTES, current + minutes))
    if wanted == current:
        return _batch([])
    boxes = {**meeting.timeboxes, phase: wanted}
    value = {p.value: _whole(boxes[p]) for p in PHASES if p in boxes}
    return _batch([SetField("meeting", "timeboxes", value)])


def _whole(minutes: float) -> int | float:
    return int(minutes) if float(minutes).is_integer() else minutes


def set_spotlight(meeting: Meeting, entry_id: str) -> Batch:
    """Put one entry in the spotlight (marked on both screens); an empty id clears it."""
    return _batch(_set(meeting, "spotlight", entry_id))


def toggle_spotlight(meeting: Meeting, entry_id: str) -> Batch:
    """Spotlight an entry, or clear the spotlight if that entry already has it."""
    return set_spotlight(meeting, "" if meeting.spotlight == entry_id else entry_id)


# ---------------------------------------------------------------------------------------------
# The room's clock


def zone_label(zone: dt.tzinfo) -> str:
    """A short name for a time zone: its city ("Europe/Dublin" → "Dublin", "America/Sao_Paulo" → "Sao Paulo")."""
    key = getattr(zone, "key", None) or str(zone)
    return key.rsplit("/", 1)[-1].replace("_", " ")


def room_clock(now: dt.datetime, incident_zone: dt.tzinfo, room_zone: dt.tzinfo | None = None) -> tuple[str, str]:
    """The time in the room (the machine's zone by default) and, when the incident's zone shows
    another time, that time labelled: ("17:08", "Dublin 16:08"); ("17:08", "") when they agree."""
    here = now.astimezone(room_zone) if room_zone is not None else now.astimezone()
    there = now.astimezone(incident_zone)
    other = "" if here.utcoffset() == there.utcoffset() else f"{zone_label(incident_zone)} {there:%H:%M}"
    return f"{here:%H:%M}", other


# ---------------------------------------------------------------------------------------------
# The agenda


@dataclass(frozen=True)
class AgendaRow:
    """One agenda item as the moderator's screen shows it."""

    phase: Phase
    title: str
    timebox_minutes: float
    spent: dt.timedelta
    state: RowState

    @property
    def over(self) -> bool:
        """Whether more time went into this phase than its timebox."""
        return self.spent.total_seconds() > self.timebox_minutes * 60


def agenda(meeting: Meeting, now: dt.datetime) -> list[AgendaRow]:
    """The agenda: each phase with its timebox, the time spent and whether it is done, current or next."""
    current = PHASES.index(meeting.phase)
    rows = []
    for index, phase in enumerate(PHASES):
        state: RowState = "done" if index < current else "current" if index == current else "next"
        rows.append(AgendaRow(phase, phase.title, meeting.timebox_for(phase), elapsed(meeting, phase, now), state))
    return rows


@dataclass(frozen=True)
class AgendaTotals:
    """The whole meeting at a glance: booked length, sum of the timeboxes and time spent."""

    planned_minutes: int
    agenda_minutes: float
    spent: dt.timedelta
    left_in_meeting: dt.timedelta
    """The booked meeting (`timebox_minutes`) less the time spent in all phases; negative once over."""

    @property
    def over(self) -> bool:
        """Whether the meeting has run past its booked length."""
        return self.left_in_meeting.total_seconds() < 0

    def left_text(self) -> str:
        """'left ≈ 23 min', or 'over by 4 min' once the booked time is used up (a started minute counts)."""
        seconds = self.left_in_meeting.total_seconds()
        if seconds < 0:
            return f"over by {math.ceil(-seconds / 60 - 1e-9)} min"
        return f"left ≈ {round(seconds / 60)} min"


def totals(meeting: Meeting, now: dt.datetime) -> AgendaTotals:
    """Totals for the agenda footer: what is left is counted from the booked meeting, not the agenda."""
    rows = agenda(meeting, now)
    spent = sum((row.spent for row in rows), dt.timedelta())
    return AgendaTotals(
        planned_minutes=meeting.timebox_minutes,
        agenda_minutes=sum(row.timebox_minutes for row in rows),
        spent=spent,
        left_in_meeting=dt.timedelta(minutes=meeting.timebox_minutes) - spent,
    )
