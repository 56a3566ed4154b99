"""The report as JSON: every number, for other tools (durations in seconds, dates as YYYY-MM-DD)."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from pmtui.report import Recurring, Report
from pmtui.report.facts import ActionFact, IncidentFacts
from pmtui.report.figures import SEVERITIES


def _incident(facts: IncidentFacts) -> dict[str, Any]:
    return {
        "file": facts.path,
        "title": facts.title,
        "date": facts.date.isoformat() if facts.date else None,
        "severity": facts.severity,
    }


def _action(facts: IncidentFacts, action: ActionFact) -> dict[str, Any]:
    return {
        "file": facts.path,
        "id": action.id,
        "text": action.text,
        "owner": action.owner,
        "kind": action.kind or None,
        "status": action.status,
        "due": action.due.isoformat() if action.due else None,
        "done_on": action.done_on.isoformat() if action.done_on else None,
        "days_overdue": action.days_overdue,
    }


def _group(group: Recurring) -> dict[str, Any]:
    return {
        "name": group.name,
        "incident_count": len(group.incidents),
        "incidents": [_incident(facts) for facts in group.incidents],
        "entries": [
            {"file": facts.path, "id": note.id, "section": note.section, "text": note.text}
            for facts, note in group.entries
        ],
        "actions": [_action(facts, action) for facts, action in group.actions],
    }


def as_data(report: Report) -> dict[str, Any]:
    """The report as plain data."""
    figures = report.figures
    per_month = {
        month: {**{sev: counts.get(sev, 0) for sev in SEVERITIES}, "total": sum(counts.values())}
        for month, counts in figures.severities.items()
    }
    times = {
        name: {
            month: {"count": s.count, "median_seconds": s.median, "p90_seconds": s.p90} for month, s in by_month.items()
        }
        for name, by_month in figures.times.items()
    }
    return {
        "folder": report.folder,
        "today": report.today.isoformat(),
        "since": report.since.isoformat() if report.since else None,
        "until": report.until.isoformat() if report.until else None,
        "files": report.corpus.files,
        "incident_count": len(report.corpus.incidents),
        "unreadable": [str(problem) for problem in report.corpus.problems],
        "months": figures.months,
        "incidents_per_month": per_month,
        "times": times,
        "actions": {
            "by_owner": {owner: asdict(follow) for owner, follow in figures.by_owner.items()},
            "by_kind": {kind: asdict(follow) for kind, follow in figures.by_kind.items()},
        },
        "recurring_factors": [_group(group) for group in report.factors],
        "lucky": [_group(group) for group in report.lucky],
    }


def render(report: Report) -> str:
    """The report as indented JSON (UTF-8 text kept as is; escapes are JSON's own)."""
    return json.dumps(as_data(report), indent=2, ensure_ascii=False) + "\n"
