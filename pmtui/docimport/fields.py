"""Values as documents write them: properties, severities, statuses, table columns, owners, due dates.

Regular expressions here read the text of one line or cell only, never markup.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from pmtui.domain.model import ActionKind, ActionStatus, DocumentStatus, Priority, Severity, WhyLayer
from pmtui.domain.timeline_lines import read_date_line

PROPERTY_KEYS: dict[str, str] = {
    **dict.fromkeys(("title", "incident title", "incident name"), "title"),
    **dict.fromkeys(("date", "incident date", "date of incident", "day", "date of the incident"), "date"),
    **dict.fromkeys(("started", "start", "start time", "started at", "incident start", "impact start time"), "started"),
    **dict.fromkeys(("severity", "sev", "severity level", "incident severity", "level", "incident level"), "severity"),
    **dict.fromkeys(("status", "document status", "postmortem status", "review status", "state"), "status"),
    **dict.fromkeys(("owner", "incident owner", "postmortem owner", "document owner", "dri", "prepared by"), "owner"),
    **dict.fromkeys(("author", "authors", "written by", "postmortem author", "postmortem authors"), "authors"),
    **dict.fromkeys(("incident commander", "incident commanders", "ic", "commander", "incident lead"), "commander"),
    **dict.fromkeys(("timezone", "time zone", "tz", "times"), "timezone"),
    **dict.fromkeys(("moderator", "facilitator"), "moderator"),
    **dict.fromkeys(("notetaker", "note taker", "scribe"), "notetaker"),
    **dict.fromkeys(("summary", "tl;dr", "tldr"), "summary"),
    **dict.fromkeys(("impact", "customer impact"), "impact"),
    **dict.fromkeys(("attendees", "participants"), "attendees"),
}
"""Property keys (lower case) -> what they fill. Other `Key: value` lines in a header are kept as notes."""

SEVERITY_WORDS = {"critical": 1, "major": 2, "high": 2, "medium": 3, "moderate": 3, "minor": 4, "low": 4}
_SEVERITY = re.compile(r"^(?:sev(?:erity)?|s|p|priority|level)?\s*[-_ ]?\s*(\d)\b", re.IGNORECASE)

STATUS_WORDS: dict[str, DocumentStatus] = {
    **dict.fromkeys(("draft", "wip", "work in progress", "in progress", "in-progress", "open", "new"),
                    DocumentStatus.DRAFT),
    **dict.fromkeys(("in review", "in-review", "review", "under review", "pending review", "reviewing",
                     "ready for review", "in_review"), DocumentStatus.IN_REVIEW),
    **dict.fromkeys(("published", "final", "complete", "completed", "approved", "closed", "done", "reviewed"),
                    DocumentStatus.PUBLISHED),
}  # fmt: skip

ACTION_STATUS_WORDS: dict[str, ActionStatus] = {
    **dict.fromkeys(("open", "todo", "to do", "to-do", "not started", "new", "backlog", "planned", "pending", "tbd",
                     "[ ]", "☐"), ActionStatus.OPEN),
    **dict.fromkeys(("in progress", "in-progress", "doing", "started", "wip", "ongoing", "in review", "blocked"),
                    ActionStatus.IN_PROGRESS),
    **dict.fromkeys(("done", "complete", "completed", "closed", "fixed", "resolved", "shipped", "merged", "[x]",
                     "✅", "☑", "✓", "yes"), ActionStatus.DONE),
    **dict.fromkeys(("wont-do", "won't do", "wont do", "won't fix", "wontfix", "wont fix", "cancelled", "canceled",
                     "rejected", "declined", "obsolete", "dropped"), ActionStatus.WONT_DO),
}  # fmt: skip

PRIORITY_WORDS: dict[str, Priority] = {
    **dict.fromkeys(("p0", "p1", "0", "1", "high", "critical", "urgent", "highest"), Priority.P1),
    **dict.fromkeys(("p2", "2", "medium", "normal", "mid"), Priority.P2),
    **dict.fromkeys(("p3", "p4", "p5", "3", "4", "low", "lowest", "minor"), Priority.P3),
}

ACTION_KIND_WORDS: dict[str, ActionKind] = {
    **{kind.value: kind for kind in ActionKind},
    **dict.fromkeys(("prevent", "preventive", "preventative", "repair", "fix", "eliminate"), ActionKind.PREVENTION),
    **dict.fromkeys(("detect", "monitoring", "alerting", "observability"), ActionKind.DETECTION),
    **dict.fromkeys(("ack", "acknowledgment", "response", "on-call", "oncall"), ActionKind.ACKNOWLEDGEMENT),
    **dict.fromkeys(("mitigate", "mitigate/repair", "recovery", "resilience"), ActionKind.MITIGATION),
    **dict.fromkeys(("comms", "communicate", "comm"), ActionKind.COMMUNICATION),
    **dict.fromkeys(("docs", "doc", "runbook", "process", "documentation/process"), ActionKind.DOCUMENTATION),
}

ACTION_COLUMNS: dict[str, tuple[str, ...]] = {
    "id": ("id", "#", "no", "no.", "number", "ref"),
    "text": ("action", "action item", "item", "task", "description", "what", "title", "follow-up", "follow up",
             "remediation", "summary", "corrective action", "next step"),
    "owner": ("owner", "assignee", "assigned to", "who", "dri", "responsible", "owned by"),
    "due": ("due", "due date", "eta", "deadline", "target date", "by when", "when", "target"),
    "status": ("status", "state", "done", "progress"),
    "kind": ("type", "kind", "category", "action type"),
    "priority": ("priority", "prio", "p", "severity"),
    "tracker": ("ticket", "bug", "issue", "jira", "link", "tracker", "tracking", "url", "jira ticket",
                "ticket link", "bug link", "issue link"),
    "addresses": ("addresses", "addressed", "related", "related to"),
}  # fmt: skip
"""Action table columns: field -> the header words that name it (in any order in the table)."""

TIMELINE_COLUMNS: dict[str, tuple[str, ...]] = {
    "time": ("time", "when", "timestamp", "date/time", "datetime", "date and time", "time stamp", "at", "hh:mm"),
    "date": ("date", "day"),
    "kind": ("kind", "type", "event type", "category", "label", "phase", "milestone"),
    "text": ("what happened", "event", "description", "action", "details", "activity", "summary", "what",
             "notes", "update", "message", "entry"),
    "author": ("reported by", "author", "who", "by", "person", "owner", "actor"),
    "source": ("source", "link", "evidence", "reference", "ref", "url"),
}  # fmt: skip
"""Timeline table columns: field -> the header words that name it; a zone in the header (`Time (UTC)`) counts."""

WHY_COLUMNS: dict[str, tuple[str, ...]] = {
    "question": ("why", "question", "why?"),
    "answer": ("answer", "because", "reason"),
    "layer": ("layer", "level", "depth"),
}

PLACEHOLDERS = {
    "no summary yet.", "no impact statement yet.", "no timeline entries.", "none recorded.", "no whys recorded.",
    "no action items.", "none.", "no answer yet.", "open.", "—", "-", "n/a", "tbd", "none", "",
}  # fmt: skip
"""Texts that mean "nothing here" (pmtui's own export writes some): an empty value, not an entry."""

_KEY_VALUE = re.compile(r"^\s*(?P<key>[A-Za-z][\w ./&'()-]{0,40}?)\s*[:：]\s*(?P<value>.*?)\s*$")
_SEPARATOR = re.compile(r"\s+[·|]\s+")
_OWNER_MENTION = re.compile(r"(?<![\w@])@(?:\"(?P<quoted>[^\"]+)\"|(?P<name>[\w.'-]+))")


def header_key(text: str) -> str:
    """A header cell or property key compared in lower case, brackets and end punctuation gone."""
    text = re.sub(r"\s*\([^)]*\)\s*", " ", text.lower()).strip(" :*")
    return " ".join(text.split())


def column_map(header: list[str], columns: dict[str, tuple[str, ...]]) -> dict[str, int]:
    """Field -> column index for the header cells a column table names (first match wins)."""
    found: dict[str, int] = {}
    for index, cell in enumerate(header):
        key = header_key(cell)
        for name, words in columns.items():
            if name not in found and key in words:
                found[name] = index
                break
    return found


def is_placeholder(text: str) -> bool:
    return " ".join(text.split()).lower() in PLACEHOLDERS


def property_pairs(line: str) -> list[tuple[str, str, str]] | None:
    """(field, key as written, value) for each `Key: value` of a property line, or None if it is not one.

    A line may hold several, separated by `·` or `|` (pmtui's own export writes them that way).
    Every part must be a known key, so prose such as "Note: the pool was full" is not a property.
    """
    if ":" not in line and "：" not in line:
        return None
    parts = [p for p in _SEPARATOR.split(line) if p.strip()]
    pairs = []
    for part in parts:
        match = _KEY_VALUE.match(part)
        if not match:
            return None
        field = PROPERTY_KEYS.get(header_key(match["key"]))
        if field is None:
            return None
        pairs.append((field, match["key"].strip(), match["value"].strip()))
    return pairs or None


def key_value(line: str) -> tuple[str, str] | None:
    """(key, value) of any `Key: value` line with a short key, known or not."""
    match = _KEY_VALUE.match(line)
    return (match["key"].strip(), match["value"].strip()) if match and match["value"].strip() else None


def severity(text: str) -> Severity | None:
    """SEV1, Sev 1, S1, P1, Severity 1, SEV-2, 1, critical… -> a severity (SEV0/P0 are SEV1, the worst there is)."""
    text = text.strip().strip("*").strip()
    match = _SEVERITY.match(text)
    if match:
        number = max(1, min(5, int(match.group(1))))
        return Severity(f"SEV{number}")
    word = text.split()[0].lower().strip(".,;()") if text.split() else ""
    return Severity(f"SEV{SEVERITY_WORDS[word]}") if word in SEVERITY_WORDS else None


def document_status(text: str) -> DocumentStatus | None:
    return STATUS_WORDS.get(" ".join(text.lower().split()).strip(" .*"))


def action_status(text: str) -> ActionStatus | None:
    return ACTION_STATUS_WORDS.get(" ".join(text.lower().split()).strip(" .*"))


def priority(text: str) -> Priority | None:
    return PRIORITY_WORDS.get(text.strip().lower().strip(" .*!"))


def action_kind(text: str) -> ActionKind | None:
    return ACTION_KIND_WORDS.get(text.strip().lower().strip(" .*#"))


def why_layer(text: str) -> WhyLayer | None:
    try:
        return WhyLayer(text.strip().lower())
    except ValueError:
        return None


_OVERDUE_MARK = re.compile(r"[\s*_(\[]*overdue[\s*_)\]!.]*$", re.IGNORECASE)
"""`2026-12-04 **overdue**` (pmtui's own Markdown and HTML exports mark late actions so)."""

OVERDUE_NOTE = re.compile(r"\d+ overdue as of \d{4}-\d{2}-\d{2}: [\w.,\s-]+\.?", re.IGNORECASE)
"""`2 overdue as of 2026-12-04: a2, a3.`: the line pmtui's exports put under the actions table,
worked out from the due dates on the day of the export, so not data of its own."""


def due_date(text: str, incident_day: dt.date | None) -> dt.date | None:
    """A due date as written (`2026-12-05`, `Dec 5, 2026`, `5 December`, `12/05/2026`), marked
    overdue or not (whether it is depends on the day it is read)."""
    text = _OVERDUE_MARK.sub("", text)
    found = read_date_line(text.strip().rstrip("."))
    if isinstance(found, tuple):
        if incident_day is None:
            return None
        month, day = found
        candidate = dt.date(incident_day.year, month, day) if (month, day) != (2, 29) else None
        if candidate is not None and candidate < incident_day:
            candidate = candidate.replace(year=incident_day.year + 1)
        return candidate
    if found is None:
        try:
            return dt.date.fromisoformat(text.strip().replace("/", "-"))
        except ValueError:
            return None
    return found


def owner_name(text: str) -> str:
    """`@priya` -> `priya`; `@"Priya N"` -> `Priya N`; `@Priya_Natarajan` -> `Priya Natarajan`."""
    text = text.strip()
    match = _OWNER_MENTION.fullmatch(text)
    if match:
        return match["quoted"] or match["name"].replace("_", " ")
    return text


def mentions(text: str) -> list[re.Match[str]]:
    """`@name` mentions in a line."""
    return list(_OWNER_MENTION.finditer(text))


def cells(row: list[str]) -> Any:
    """`cell(index)`: a row's cell text by column index ("" for a missing column or a dash)."""

    def cell(index: int | None) -> str:
        if index is None or index < 0 or index >= len(row):
            return ""
        value = row[index].strip()
        return "" if value in ("—", "–") else value

    return cell
