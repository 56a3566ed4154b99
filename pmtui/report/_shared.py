"""What every report format says the same way: the scope line, durations, an action's standing, column names."""

from __future__ import annotations

import datetime as dt

from pmtui.domain.checks import format_duration
from pmtui.report import Report
from pmtui.report.facts import ActionFact, IncidentFacts

FOLLOW_COLUMNS = (
    ("total", "Actions"),
    ("open", "Open"),
    ("overdue", "Overdue"),
    ("overdue_days", "Days overdue"),
    ("oldest_overdue_days", "Oldest"),
    ("done", "Done"),
    ("done_on_time", "On time"),
    ("done_late", "Late"),
    ("wont_do", "Won't do"),
)
"""Follow-through figures in the order every format shows them."""

SHORT_TIMES = {
    "time_to_detect": "Detect",
    "time_to_acknowledge": "Acknowledge",
    "time_to_mitigate": "Mitigate",
    "time_to_resolve": "Resolve",
}


def duration(seconds: float | None) -> str:
    """`12 min`, `1 h 5 min`; `—` when there is nothing to measure."""
    return format_duration(None if seconds is None else dt.timedelta(seconds=round(seconds)))


def scope(report: Report) -> str:
    """One sentence: how many incidents from when to when, read from where, as of which date."""
    incidents = report.corpus.incidents
    dated = [facts.date for facts in incidents if facts.date]
    span = f" from {min(dated)} to {max(dated)}" if dated else ""
    bounds = []
    if report.since:
        bounds.append(f"since {report.since}")
    if report.until:
        bounds.append(f"until {report.until}")
    kept = f" ({', '.join(bounds)}; {report.corpus.files} files read)" if bounds else ""
    unread = len(report.corpus.problems)
    problems = f"; {unread} file{'s' if unread != 1 else ''} could not be read" if unread else ""
    plural = "s" if len(incidents) != 1 else ""
    return f"{len(incidents)} incident{plural}{span}{kept}, as of {report.today}{problems}."


def standing(action: ActionFact) -> str:
    """`open, 40 d overdue`, `done on 2026-03-02 (on time)`, `wont-do` …"""
    if action.status in ("open", "in-progress"):
        late = f", {action.days_overdue} d overdue" if action.days_overdue else ""
        due = f", due {action.due}" if action.due and not action.days_overdue else ""
        return f"{action.status}{late}{due}"
    if action.status == "done" and action.done_on:
        if action.due:
            return f"done on {action.done_on} ({'on time' if action.done_on <= action.due else 'late'})"
        return f"done on {action.done_on}"
    return action.status


def incident_line(facts: IncidentFacts) -> str:
    """`2026-03-02 · SEV2 · Checkout errors (2026/checkout.toml)`."""
    return f"{facts.date or 'undated'} · {facts.severity} · {facts.title} ({facts.path})"
