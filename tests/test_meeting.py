"""Running the meeting without a UI: phases, the timer with a fake clock, timeboxes, spotlight."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from pmtui.domain import meeting as m
from pmtui.domain.changes import Change, SetField
from pmtui.domain.model import Meeting, Phase, default_timeboxes
from pmtui.domain.prompts import BLAMELESS_REMINDER, PROMPTS
from pmtui.storage.store import SessionFile

T0 = dt.datetime(2026, 11, 23, 15, 0, 0, tzinfo=dt.UTC)


def at(seconds: float) -> dt.datetime:
    return T0 + dt.timedelta(seconds=seconds)


class Room:
    """A session file driven the way the moderator's screen drives it."""

    def __init__(self, path: Path) -> None:
        self.file = SessionFile.open(path)

    @property
    def meeting(self) -> Meeting:
        return self.file.session.meeting

    def do(self, change: Change) -> None:
        self.file.submit(change)


@pytest.fixture
def room(demo_copy: Path) -> Room:
    return Room(demo_copy)


def test_default_timeboxes_add_up_to_the_meeting() -> None:
    for total in (5, 30, 45, 60, 90, 121):
        boxes = default_timeboxes(total)
        assert list(boxes) == list(Phase)
        assert sum(boxes.values()) == total
        assert all(minutes >= 0 for minutes in boxes.values())


def test_phase_navigation_stops_at_both_ends(room: Room) -> None:
    assert room.meeting.phase == Phase.SUMMARY
    room.do(m.previous_phase(room.meeting, at(0)))
    assert room.meeting.phase == Phase.SUMMARY
    seen = [room.meeting.phase]
    for _ in range(8):
        room.do(m.next_phase(room.meeting, at(0)))
        seen.append(room.meeting.phase)
    assert seen[:7] == list(Phase)
    assert seen[-1] == Phase.WRAP_UP
    room.do(m.previous_phase(room.meeting, at(0)))
    assert room.meeting.phase == Phase.ACTIONS


def test_spent_time_is_banked_on_phase_change_and_pause(room: Room) -> None:
    room.do(m.start_timer(room.meeting, at(0)))
    assert m.timer_state(room.meeting, at(1)) == "running"
    room.do(m.next_phase(room.meeting, at(200)))
    assert room.meeting.spent_seconds == {Phase.SUMMARY: 200}
    assert m.is_running(room.meeting), "the timer keeps running into the next phase"
    room.do(m.pause_timer(room.meeting, at(290)))
    assert room.meeting.spent_seconds == {Phase.SUMMARY: 200, Phase.TIMELINE: 90}
    assert not m.is_running(room.meeting)
    # Paused time does not count, and going back adds to what the phase already had.
    room.do(m.previous_phase(room.meeting, at(1000)))
    room.do(m.start_timer(room.meeting, at(1000)))
    room.do(m.next_phase(room.meeting, at(1030)))
    assert room.meeting.spent_seconds[Phase.SUMMARY] == 230
    assert m.elapsed(room.meeting, Phase.TIMELINE, at(1040)) == dt.timedelta(seconds=100)


def test_phase_change_while_paused_writes_no_time(room: Room) -> None:
    change = m.next_phase(room.meeting, at(500))
    assert [c.key for c in change.changes] == ["phase"]  # type: ignore[attr-defined]


def test_spent_seconds_are_written_as_whole_numbers_in_agenda_order(room: Room) -> None:
    room.do(m.go_to_phase(room.meeting, Phase.WHYS, at(0)))
    room.do(m.start_timer(room.meeting, at(0)))
    room.do(m.go_to_phase(room.meeting, Phase.TIMELINE, at(61.4)))
    room.do(m.pause_timer(room.meeting, at(100)))
    room.file.save()
    text = room.file.path.read_text(encoding="utf-8")
    assert "spent_seconds = {timeline = 39, whys = 61}" in text
    assert "timer_started_at" not in text


def test_remaining_counts_down_then_goes_negative(room: Room) -> None:
    room.do(m.add_minutes(room.meeting, Phase.SUMMARY, 10 - room.meeting.timebox_for(Phase.SUMMARY)))
    assert room.meeting.timebox_for(Phase.SUMMARY) == 10
    assert m.remaining(room.meeting, at(0)) == dt.timedelta(minutes=10)
    assert m.timer_state(room.meeting, at(0)) == "paused"
    room.do(m.start_timer(room.meeting, at(0)))
    assert m.format_clock(m.remaining(room.meeting, at(0))) == "10:00"
    assert m.format_clock(m.remaining(room.meeting, at(0.25))) == "10:00"
    assert m.format_clock(m.remaining(room.meeting, at(1))) == "09:59"
    assert m.timer_state(room.meeting, at(7 * 60)) == "running"
    # 2 minutes left on a 10-minute box: 20% and 2 minutes coincide.
    assert m.timer_state(room.meeting, at(8 * 60 - 1)) == "running"
    assert m.timer_state(room.meeting, at(8 * 60)) == "near-end"
    assert m.format_clock(m.remaining(room.meeting, at(600))) == "00:00"
    assert m.timer_state(room.meeting, at(600)) == "near-end"
    assert m.timer_state(room.meeting, at(601)) == "over"
    assert m.remaining(room.meeting, at(601)) == dt.timedelta(seconds=-1)
    assert m.format_clock(m.remaining(room.meeting, at(601))) == "+00:01"
    assert m.format_clock(m.remaining(room.meeting, at(600 + 75 * 60))) == "+75:00"


def test_near_end_uses_twenty_percent_on_long_timeboxes(room: Room) -> None:
    room.do(m.add_minutes(room.meeting, Phase.SUMMARY, 30 - room.meeting.timebox_for(Phase.SUMMARY)))
    room.do(m.start_timer(room.meeting, at(0)))
    assert m.timer_state(room.meeting, at(24 * 60 - 1)) == "running"
    assert m.timer_state(room.meeting, at(24 * 60)) == "near-end"  # 6 of 30 minutes left


def test_paused_near_the_end_still_warns(room: Room) -> None:
    room.do(m.start_timer(room.meeting, at(0)))
    box = room.meeting.timebox_for(Phase.SUMMARY) * 60
    room.do(m.pause_timer(room.meeting, at(box + 5)))
    assert m.timer_state(room.meeting, at(box + 500)) == "over"
    assert m.format_clock(m.remaining(room.meeting, at(box + 500))) == "+00:05"


def test_clock_going_backwards_takes_no_time_away(room: Room) -> None:
    room.do(m.start_timer(room.meeting, at(100)))
    assert m.elapsed(room.meeting, Phase.SUMMARY, at(50)) == dt.timedelta()


def test_start_and_pause_are_idempotent(room: Room) -> None:
    assert m.pause_timer(room.meeting, at(0)).changes == []
    room.do(m.toggle_timer(room.meeting, at(0)))
    assert m.start_timer(room.meeting, at(5)).changes == []
    room.do(m.toggle_timer(room.meeting, at(30)))
    assert room.meeting.spent_seconds == {Phase.SUMMARY: 30}


def test_timer_start_is_stamped_in_whole_seconds(room: Room) -> None:
    room.do(m.start_timer(room.meeting, at(0.75)))
    assert room.meeting.timer_started_at == T0


def test_add_minutes_changes_only_that_phase_and_stays_in_bounds(room: Room) -> None:
    before = {p: room.meeting.timebox_for(p) for p in Phase}
    room.do(m.add_minutes(room.meeting, Phase.WHYS, +1))
    room.do(m.add_minutes(room.meeting, Phase.TIMELINE, -1))
    after = {p: room.meeting.timebox_for(p) for p in Phase}
    assert after[Phase.WHYS] == before[Phase.WHYS] + 1
    assert after[Phase.TIMELINE] == before[Phase.TIMELINE] - 1
    assert {p for p in Phase if after[p] != before[p]} == {Phase.WHYS, Phase.TIMELINE}
    for _ in range(20):
        change = m.add_minutes(room.meeting, Phase.WENT_WELL, -1)
        if change.changes:
            room.do(change)
    assert room.meeting.timebox_for(Phase.WENT_WELL) == m.MIN_TIMEBOX_MINUTES
    assert m.add_minutes(room.meeting, Phase.WENT_WELL, -1).changes == []


def test_adding_a_minute_to_a_running_phase_extends_its_countdown(room: Room) -> None:
    room.do(m.start_timer(room.meeting, at(0)))
    before = m.remaining(room.meeting, at(60))
    room.do(m.add_minutes(room.meeting, room.meeting.phase, +1))
    assert m.remaining(room.meeting, at(60)) == before + dt.timedelta(minutes=1)


def test_spotlight_set_toggle_and_clear(room: Room) -> None:
    room.do(m.set_spotlight(room.meeting, "t3"))
    assert room.meeting.spotlight == "t3"
    room.do(m.toggle_spotlight(room.meeting, "t4"))
    assert room.meeting.spotlight == "t4"
    room.do(m.toggle_spotlight(room.meeting, "t4"))
    assert room.meeting.spotlight == ""
    assert m.set_spotlight(room.meeting, "").changes == []


def test_agenda_rows_and_totals(room: Room) -> None:
    room.do(m.start_timer(room.meeting, at(0)))
    room.do(m.go_to_phase(room.meeting, Phase.TIMELINE, at(300)))
    rows = m.agenda(room.meeting, at(360))
    assert [r.phase for r in rows] == list(Phase)
    assert [r.state for r in rows][:3] == ["done", "current", "next"]
    assert rows[0].spent == dt.timedelta(seconds=300)
    assert rows[1].spent == dt.timedelta(seconds=60)
    assert rows[0].title == "Summary & impact"
    assert rows[0].over == (rows[0].timebox_minutes * 60 < 300)
    totals = m.totals(room.meeting, at(360))
    assert totals.planned_minutes == 45
    assert totals.agenda_minutes == 45
    assert totals.spent == dt.timedelta(seconds=360)
    timeline_box = room.meeting.timebox_for(Phase.TIMELINE)
    assert totals.left_in_meeting == dt.timedelta(minutes=45, seconds=-360)
    assert totals.left_text() == "left ≈ 39 min"
    assert timeline_box > 1


def test_format_spent() -> None:
    assert m.format_spent(dt.timedelta(seconds=425)) == "7:05"
    assert m.format_spent(dt.timedelta(seconds=3725)) == "1:02:05"
    assert m.format_spent(dt.timedelta()) == "0:00"


def test_every_phase_has_prompts_and_the_reminder_is_short() -> None:
    assert set(PROMPTS) == set(Phase)
    for prompts in PROMPTS.values():
        assert prompts.questions and prompts.goal and prompts.done_when
    assert len(BLAMELESS_REMINDER) <= 76, "fits one line at 80 columns"
    assert "past five" in " ".join(PROMPTS[Phase.WHYS].questions)


def test_meeting_logic_does_not_load_textual() -> None:
    import subprocess
    import sys

    code = (
        "import sys, pmtui.domain.meeting, pmtui.domain.prompts;"
        " print(any(m.split('.')[0] == 'textual' for m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.stdout.strip() == "False", result.stderr


def test_left_counts_the_booked_meeting_not_the_phases_still_to_come(room: Room) -> None:
    # A 30-minute meeting at the start of the whys with nothing spent: all 30 minutes are left,
    # not the whys' and later phases' timeboxes.
    room.do(SetField("meeting", "timebox_minutes", 30))
    room.do(m.go_to_phase(room.meeting, Phase.WHYS, at(0)))
    totals = m.totals(room.meeting, at(0))
    assert totals.left_text() == "left ≈ 30 min" and not totals.over
    room.do(m.start_timer(room.meeting, at(0)))
    assert m.totals(room.meeting, at(29 * 60 + 50)).left_text() == "left ≈ 0 min"
    late = m.totals(room.meeting, at(30 * 60 + 10))
    assert late.over and late.left_text() == "over by 1 min"
    assert m.totals(room.meeting, at(34 * 60)).left_text() == "over by 4 min"
    # The phase timer keeps its own countdown: the whys' timebox, not the meeting's.
    assert m.remaining(room.meeting, at(60)) == m.timebox(room.meeting) - dt.timedelta(seconds=60)
