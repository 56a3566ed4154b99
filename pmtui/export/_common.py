"""What every export format shares: local times, the title line, short texts for links, phase times."""

from __future__ import annotations

import datetime as dt
import re

from pmtui.domain.model import Phase, Session
from pmtui.domain.text_fit import shorten
from pmtui.domain.time_entry import format_local

DASH = "—"


def export_date(session: Session, today: dt.date | None = None) -> dt.date:
    """The date an export measures overdue actions against: today where the incident happened."""
    return today or dt.datetime.now(session.incident.tz).date()


def overdue_note(session: Session, today: dt.date) -> str:
    """'2 overdue as of 2026-12-04: a2, a3', or '' when no open action is past its due date."""
    late = [action.id for action in session.actions if action.days_overdue(today)]
    return f"{len(late)} overdue as of {today.isoformat()}: {', '.join(late)}" if late else ""


def local(at: dt.datetime, session: Session) -> dt.datetime:
    """A moment in the incident's time zone."""
    return at.astimezone(session.incident.tz)


def local_time(at: dt.datetime, session: Session, with_date: bool = True) -> str:
    """`2026-11-20 14:02` (or `14:02:05` when the seconds matter) in the incident's time zone."""
    return format_local(at, session.incident.tz, with_date)


def timeline_spans_days(session: Session) -> bool:
    """Whether the timeline covers more than one local day (then every row shows its date)."""
    days = {local(event.at, session).date() for event in session.timeline}
    return len(days) > 1


def incident_date(session: Session) -> dt.date | None:
    """The local date the incident started: started_at, else the first timeline entry."""
    if session.incident.started_at is not None:
        return local(session.incident.started_at, session).date()
    if session.timeline:
        return local(min(event.at for event in session.timeline), session).date()
    return None


def title_line(session: Session) -> str:
    """`YYYY-MM-DD — SEVn — title`, leaving out what is unknown."""
    date = incident_date(session)
    parts = [date.isoformat()] if date else []
    parts.append(session.incident.severity.value)
    parts.append(session.incident.title.strip() or "Untitled incident")
    return f" {DASH} ".join(parts)


def addressed(session: Session, entry_id: str, limit: int = 50) -> str:
    """`y4: Why did the change reach…` for an id an action addresses."""
    found = session.find(entry_id)
    if found is None:
        return entry_id
    _, entry = found
    text = str(getattr(entry, "question", None) or getattr(entry, "text", ""))
    return f"{entry_id}: {shorten(text, limit)}"


def zone_label(session: Session) -> str:
    """`Europe/London (GMT)`: the zone name and its abbreviation on the incident's date."""
    name = session.incident.timezone
    moment = session.incident.started_at or (session.timeline[0].at if session.timeline else None)
    if moment is None:
        return name
    abbreviation = local(moment, session).tzname() or ""
    if not abbreviation or abbreviation == name or re.fullmatch(r"[+-]\d+", abbreviation):
        return name
    return f"{name} ({abbreviation})"


def minutes(seconds: float) -> str:
    """Time spent, written the way the checks module writes durations (`12 min`, `1 h 5 min`)."""
    from pmtui.domain.checks import format_duration

    return format_duration(dt.timedelta(seconds=round(seconds)))


def phase_rows(session: Session) -> list[tuple[str, str, str, bool]]:
    """(phase title, time spent, timebox, over?) for each phase of the meeting agenda."""
    meeting = session.meeting
    rows = []
    for phase in Phase:
        spent = meeting.spent_seconds.get(phase, 0.0)
        box = meeting.timebox_for(phase)
        over = spent > box * 60 + 30  # half a minute of grace: the timer is not a stopwatch race
        rows.append((phase.title, minutes(spent) if spent else DASH, f"{box:g} min", over))
    return rows


def meeting_note(session: Session) -> str:
    """`Timebox 45 min, 38 min spent`: the meeting's timebox and, once the timer has run, the time spent."""
    spent = sum(session.meeting.spent_seconds.values())
    note = f"Timebox {session.meeting.timebox_minutes} min"
    return f"{note}, {round(spent / 60)} min spent" if spent else note


def metric_rows(session: Session) -> list[tuple[str, str]]:
    """(label, value) for each key metric, as `pmtui check` shows them."""
    from pmtui.domain.checks import compute_metrics  # the checks module owns the definitions

    return compute_metrics(session).rows()


def is_web_link(value: str) -> bool:
    """Whether a source or tracker value is a plain http(s) URL that is safe to link."""
    return bool(re.fullmatch(r"https?://[^\s<>\"'`|\\]+", value.strip(), flags=re.IGNORECASE))
