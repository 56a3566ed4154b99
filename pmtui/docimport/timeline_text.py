"""A timeline copied out of a Markdown postmortem, read into entries for an existing session.

For `pmtui import-timeline` (and the F4 paste): a table with a time column, bullets that start
with a time, `**2026-11-20 10:01 UTC:** (Detection) …` lines. The same reader as `pmtui import`.
"""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

from pmtui.docimport.entries import EntryReader
from pmtui.docimport.mapper import Group, Mapped
from pmtui.docimport.markdown_reader import read_markdown
from pmtui.domain.model import Session, TimelineKind
from pmtui.domain.timeline_import import ImportResult, parse_chat_log
from pmtui.domain.timeline_lines import Zone, states_zone


def markdown_timeline(text: str, session: Session, kind: TimelineKind | str | None = None) -> ImportResult:
    """New timeline entry fields for `session` from Markdown timeline text; duplicates skipped.

    Times without a zone are in the zone the text states (`All times UTC`), else the incident's;
    times without a date are on the incident's day (started_at, else its first entry).
    """
    document = read_markdown(text, "")
    zone = Zone(ZoneInfo(session.incident.timezone))
    for block in document.blocks:
        for line in getattr(block, "lines", [getattr(block, "text", "")]):
            stated = states_zone(line) if isinstance(line, str) and len(line) < 80 else None
            if stated is not None:
                zone = stated
                break
    tz = session.incident.tz
    day = None
    if session.incident.started_at is not None:
        day = session.incident.started_at.astimezone(tz).date()
    elif session.timeline:
        day = min(event.at for event in session.timeline).astimezone(tz).date()
    mapped = Mapped()
    reader = EntryReader(mapped, zone, day)
    group = Group("timeline", "", 1, list(document.blocks))
    _drop_zone_statements(group)
    reader.read(group)
    result = ImportResult()
    seen = {(event.at, _normalise(event.text)) for event in session.timeline}
    for fields in mapped.entries.get("timeline", []):
        key = (fields["at"], _normalise(fields["text"]))
        if key in seen:
            result.skipped_duplicates += 1
            continue
        seen.add(key)
        entry = {k: v for k, v in fields.items() if k != "id"}
        if kind:
            entry["kind"] = TimelineKind(kind).value
        result.entries.append(entry)
        result.guessed_from.append(None)  # the kind came from the document's own label, not a guess
    result.unreadable_lines = sorted(_numbered(problem) for problem in [*mapped.kept, *mapped.unreadable])
    if day is None and mapped.unreadable and not result.entries:
        result.problem = (
            "the timeline has times without a date and the session has neither incident.started_at "
            "nor timeline entries to take the date from; set started_at first"
        )
    return result


def read_pasted_timeline(
    text: str, session: Session, kind: TimelineKind | str | None = None, today: dt.date | None = None
) -> ImportResult:
    """A chat log or a Markdown timeline, whichever the text is: the chat reader first; when it leaves
    lines unread and the text has Markdown structure, the document reader, if it reads more."""
    result = parse_chat_log(text, session, kind=kind, today=today)
    if result.unreadable_lines and looks_like_markdown(text):
        from_document = markdown_timeline(text, session, kind=kind)
        if len(from_document.entries) > len(result.entries):
            return from_document
    return result


def looks_like_markdown(text: str) -> bool:
    """Whether pasted text has Markdown structure worth reading as a document (a table, bullets, bold)."""
    for line in text.splitlines():
        stripped = line.lstrip()
        if stripped.startswith(("|", "- ", "* ", "+ ", "**")):
            return True
    return False


def _drop_zone_statements(group: Group) -> None:
    for block in group.blocks:
        lines = getattr(block, "lines", None)
        if lines is not None:
            lines[:] = [line for line in lines if not (len(line) < 80 and states_zone(line) is not None)]
    group.blocks[:] = [b for b in group.blocks if getattr(b, "lines", True)]


def _normalise(text: str) -> str:
    return " ".join(text.split()).casefold()


def _numbered(problem: str) -> tuple[int, str]:
    """(line number, what) from `line 12, row 3: text`."""
    where, _, what = problem.partition(": ")
    found = re.match(r"line (\d+)", where)
    return (int(found.group(1)), what) if found else (0, problem)
