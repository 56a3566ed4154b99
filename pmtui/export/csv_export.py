"""Action items as CSV with the columns issue trackers import (Jira, GitHub, Linear, spreadsheets).

Priority keeps pmtui's P1/P2/P3: trackers name priorities differently (Jira: Highest..Lowest),
so map them in the tracker's import dialog. A cell that starts with = + - @ (or a tab or
carriage return) gets a leading apostrophe, so a spreadsheet shows it as text instead of
running it as a formula (CSV injection); the apostrophe is visible in a plain text editor.
"""

from __future__ import annotations

import csv
import io

from pmtui.domain.model import Session
from pmtui.domain.text_safety import for_document
from pmtui.export._common import addressed, incident_date

COLUMNS = ["Summary", "Description", "Assignee", "Due Date", "Priority", "Labels", "Status", "Incident", "ID"]

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def defuse(value: str) -> str:
    """A cell's text: control characters as visible escapes, a formula prefixed with an apostrophe."""
    value = for_document(value)  # controls as escapes, overrides closed: the CSV may be read on a terminal
    return "'" + value if value.startswith(_FORMULA_START) else value


def rows(session: Session) -> list[dict[str, str]]:
    """One dict per action item, keyed by COLUMNS, before formula defusing."""
    date = incident_date(session)
    incident = f"{date.isoformat()} {session.incident.title}".strip() if date else session.incident.title
    out = []
    for action in session.actions:
        description = [action.text]
        if action.addresses:
            description.append("Addresses:\n" + "\n".join(f"- {addressed(session, t, 120)}" for t in action.addresses))
        description.append(f"From the postmortem: {incident} ({session.incident.severity.value})")
        if action.tracker:
            description.append(f"Tracker: {action.tracker}")
        labels = ["postmortem", action.kind.value if action.kind else "", session.incident.severity.value.lower()]
        out.append(
            {
                "Summary": " ".join(action.text.split()),
                "Description": "\n\n".join(description),
                "Assignee": action.owner,
                "Due Date": action.due.isoformat() if action.due else "",
                "Priority": action.priority.value,
                "Labels": " ".join(label for label in labels if label),
                "Status": action.status.value,
                "Incident": incident,
                "ID": action.id,
            }
        )
    return out


def render(session: Session) -> str:
    """The action items as CSV text (header row first; RFC 4180 quoting, CRLF line ends)."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, quoting=csv.QUOTE_MINIMAL)
    writer.writeheader()
    for row in rows(session):
        writer.writerow({key: defuse(value) for key, value in row.items()})
    return buffer.getvalue()
