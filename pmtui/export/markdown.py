"""The postmortem as GitHub-flavoured Markdown: the document people publish.

Whatever the session text contains, the output is valid GFM in which user text shows
literally: Markdown punctuation is backslash-escaped, nothing renders as HTML, and a table
cell never breaks its table (pipes escaped, newlines become <br>, the only HTML we emit).
"""

from __future__ import annotations

import datetime as dt
import re

from pmtui.domain.model import Session
from pmtui.domain.text_safety import for_document
from pmtui.export._common import (
    DASH,
    addressed,
    export_date,
    incident_date,
    is_web_link,
    local_time,
    meeting_note,
    metric_rows,
    overdue_note,
    phase_rows,
    timeline_spans_days,
    title_line,
    zone_label,
)

# Characters that start Markdown syntax anywhere in a line. `&` only matters before an
# entity name and is handled apart so that "R&D" stays readable in the source.
_INLINE = re.compile(r"([\\`*_\[\]<>|~])")
_ENTITY = re.compile(r"&(?=#?[A-Za-z0-9]+;)")
# What makes a line a heading, list item, quote, thematic break or setext underline.
_LINE_START = re.compile(r"^([#+=-]|\d+(?=[.)]))")


def inline(text: str) -> str:
    """Escape text for use inside a line: all Markdown punctuation shows literally."""
    text = for_document(text)  # control characters as visible escapes, overrides closed
    text = _INLINE.sub(r"\\\1", text)
    return _ENTITY.sub(r"\\&", text)


def _line(text: str) -> str:
    text = inline(text.strip())
    match = _LINE_START.match(text)
    if match and match.group(1).isdigit():
        # "1. item" -> "1\. item": escape the dot or parenthesis after the number.
        end = match.end()
        return text[:end] + "\\" + text[end:]
    return ("\\" + text) if match else text


def block(text: str) -> str:
    """Escape a multi-line text as paragraphs; blank lines separate paragraphs as the author wrote."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    out = []
    for raw in lines:
        # A hard line break ("  " or "\" at the end) keeps the author's line breaks in one paragraph.
        out.append(_line(raw) + ("  " if raw.strip() else ""))
    return "\n".join(line.rstrip() if not line.strip() else line for line in out).strip()


def cell(text: str) -> str:
    """Escape text for one table cell: one line, pipes escaped, line breaks as <br>."""
    lines = [inline(line.strip()) for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    joined = "<br>".join(line for line in lines)
    return joined.strip() or " "


def heading(text: str) -> str:
    """Escape heading text: also `#`, which would otherwise close the heading."""
    return inline(" ".join(text.split())).replace("#", "\\#")


def link(value: str) -> str:
    """An autolink for an http(s) URL, escaped plain text for anything else."""
    value = value.strip()
    return f"<{value}>" if is_web_link(value) else inline(value)


def table(header: list[str], rows: list[list[str]]) -> str:
    """A GFM table from already escaped cells."""
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def render(session: Session, today: dt.date | None = None) -> str:
    """The whole postmortem as GitHub-flavoured Markdown."""
    incident = session.incident
    out: list[str] = [f"# {heading(title_line(session))}", ""]
    facts = [f"**Status:** {inline(incident.status.value)}", f"**Severity:** {incident.severity.value}"]
    if incident.owner:
        facts.append(f"**Incident owner:** {inline(incident.owner)}")
    if incident.started_at:
        facts.append(f"**Started:** {local_time(incident.started_at, session)} ({inline(incident.timezone)})")
    out += [" · ".join(facts), ""]

    out += ["## Summary", "", block(incident.summary) or "_No summary yet._", ""]
    out += ["## Impact", "", block(incident.impact) or "_No impact statement yet._", ""]
    if incident.notes.strip():  # background and root-cause narrative, often from an imported document
        out += ["## Notes", "", block(incident.notes), ""]

    out += [
        "## Key metrics",
        "",
        table(["Metric", "Value"], [[inline(k), inline(v)] for k, v in metric_rows(session)]),
        "",
    ]

    out += ["## Timeline", "", f"Times are in {inline(zone_label(session))}.", ""]
    if session.timeline:
        with_date = timeline_spans_days(session)
        rows = [
            [
                inline(local_time(event.at, session, with_date)),
                inline(event.kind.value),
                cell(event.text),
                cell(event.author) if event.author else " ",
                link(event.source) if event.source else " ",
            ]
            for event in session.timeline
        ]
        out += [table(["Time", "Kind", "What happened", "Reported by", "Source"], rows), ""]
    else:
        out += ["_No timeline entries._", ""]

    for title, entries in (
        ("What went well", session.went_well),
        ("What went wrong", session.went_wrong),
        ("Where we got lucky", session.lucky),
    ):
        out += [f"## {title}", ""]
        out += [f"- {_item(entry.text)}" for entry in entries] or ["_None recorded._"]
        out.append("")

    out += ["## Five whys", ""]
    if session.whys:
        for number, why in enumerate(session.whys, start=1):
            layer = f" _({why.layer.value})_" if why.layer else ""
            out.append(f"{number}. **{inline(' '.join(why.question.split()))}**{layer}  ")
            out.append(f"   {_item(why.answer, indent='   ') if why.answer else '_No answer yet._'}")
        out.append("")
    else:
        out += ["_No whys recorded._", ""]

    out += ["## Action items", ""]
    as_of = export_date(session, today)
    if session.actions:
        rows = [
            [
                inline(action.id),
                cell(action.text),
                inline(action.kind.value) if action.kind else DASH,
                cell(action.owner) if action.owner else DASH,
                _due(action.due, action.days_overdue(as_of)),
                action.priority.value,
                inline(action.status.value),
                "<br>".join(inline(addressed(session, target)) for target in action.addresses) or DASH,
                link(action.tracker) if action.tracker else DASH,
            ]
            for action in session.actions
        ]
        header = ["ID", "Action", "Type", "Owner", "Due", "Priority", "Status", "Addresses", "Tracker"]
        out += [table(header, rows), ""]
        note = overdue_note(session, as_of)
        if note:
            out += [f"**{inline(note[0].upper() + note[1:])}.**", ""]
    else:
        out += ["_No action items._", ""]

    out += ["## Open questions", ""]
    for question in session.questions:
        answer = _item(question.answer, indent="  ") if question.answer.strip() else "_Open._"
        out.append(f"- **{inline(' '.join(question.text.split()))}**  ")
        out.append(f"  {answer}")
    if not session.questions:
        out.append("_None._")
    out.append("")

    out += ["## Attendees", ""]
    roles = session.roles
    out.append(f"Moderator: {inline(roles.moderator) or DASH} · Notetaker: {inline(roles.notetaker) or DASH}")
    out.append("")
    for person in session.attendees:
        duties = [
            duty
            for duty, name in (("moderator", roles.moderator), ("notetaker", roles.notetaker))
            if name == person.name
        ]
        duty = f" ({', '.join(duties)})" if duties else ""
        role = f" {DASH} {inline(person.role)}" if person.role else ""
        out.append(f"- {inline(person.name)}{duty}{role}")
    out.append("")

    out += ["## Meeting", ""]
    date = incident_date(session)
    out += [meeting_note(session) + ".", ""]
    rows = [[inline(t), f"**{s}** (over)" if over else s, b] for t, s, b, over in phase_rows(session)]
    out += [table(["Phase", "Spent", "Timebox"], rows), ""]
    out.append(f"_Exported by pmtui{f' for the incident of {date.isoformat()}' if date else ''}._")
    return "\n".join(out) + "\n"


def _due(due: dt.date | None, days_overdue: int) -> str:
    if due is None:
        return DASH
    return f"{due.isoformat()} **overdue**" if days_overdue else due.isoformat()


def _item(text: str, indent: str = "  ") -> str:
    """A multi-line text inside a list item: continuation lines indented under the item."""
    escaped = block(text)
    return escaped.replace("\n", "\n" + indent) if escaped else DASH
