"""A document's blocks mapped to a session: sections by heading, properties, timeline, lists and tables.

Written once for every format (readers produce the same blocks). Nothing is dropped: whatever
has no field of its own goes to incident.notes under its heading, and `Mapped.kept` says so.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any
from zoneinfo import ZoneInfo

from pmtui.docimport import fields as f
from pmtui.docimport.document import Block, Document, Heading, ListItem, Paragraph, Table
from pmtui.docimport.entries import EntryReader
from pmtui.docimport.sections import normalise_heading, section_for
from pmtui.domain.timeline_lines import Zone, read_date_line, read_line_time, states_zone, zone_in_words, zone_named

_TITLE_PREFIX = re.compile(
    r"^(?:incident\s+)?(?:post-?mortem|post-incident review|incident review|incident report|pir|rca)"
    r"(?:\s+report)?\s*[:—–-]\s*",
    re.IGNORECASE,
)
_TITLE_DATE = re.compile(r"^(?P<date>\d{4}-\d{2}-\d{2})\s*[:—–-]?\s+(?P<rest>\S.*)$")


@dataclass
class Group:
    """The blocks under one heading, and the section that heading leads to (None: unknown)."""

    section: str | None
    heading: str
    level: int
    blocks: list[Block] = field(default_factory=list)


@dataclass
class Mapped:
    """What a document became, and what it could not place."""

    incident: dict[str, Any] = field(default_factory=dict)
    roles: dict[str, str] = field(default_factory=dict)
    attendees: list[dict[str, str]] = field(default_factory=list)
    meeting: dict[str, Any] = field(default_factory=dict)
    entries: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    """Paragraphs for incident.notes (narrative sections, and everything kept as text)."""
    narrative: int = 0
    """Paragraphs from narrative sections (root cause, trigger…): notes is their place."""
    kept: list[str] = field(default_factory=list)
    """`where: text` for blocks that had a place in no field and were kept in the notes."""
    unreadable: list[str] = field(default_factory=list)
    """`where: what` for lines that could not be read (also kept in the notes)."""
    warnings: list[str] = field(default_factory=list)
    derived: list[str] = field(default_factory=list)
    """Headings of sections pmtui computes itself (metrics, meeting times): not imported."""

    def count(self, section: str) -> int:
        return len(self.entries.get(section, ()))


def split_sections(document: Document) -> tuple[str, list[Group]]:
    """(title, groups): the first level-1 heading is the title; other headings start groups.

    A heading the synonym table does not know, below a known section's level, stays inside that
    section (a sub-heading of a timeline is often a date).
    """
    title = ""
    groups = [Group(None, "", 0)]
    for block in document.blocks:
        if isinstance(block, Heading):
            current = groups[-1]
            first = not title and block.level == 1 and len(groups) == 1
            if first and section_for(block.text, exact=True) is None:
                title = block.text  # the document's first heading names the incident
                continue
            section = section_for(block.text)
            if section is None and current.section is not None and block.level > current.level:
                current.blocks.append(block)  # a sub-heading of a known section stays in it
                continue
            if section is None and current.section == "timeline" and read_date_line(block.text) is not None:
                current.blocks.append(block)  # a date heading inside a timeline sets the day
                continue
            groups.append(Group(section, block.text, block.level))
        else:
            groups[-1].blocks.append(block)
    return title, [g for g in groups if g.blocks or g.section == "derived"]


def map_document(document: Document, timezone: str | None = None) -> Mapped:
    """Map a document's blocks to session fields; `timezone` is the zone for times the document does not qualify."""
    mapped = Mapped()
    title, groups = split_sections(document)
    facts = _Facts(mapped, default_zone=timezone)
    if title:
        facts.title(title)
    for group in groups:
        if group.section not in ("timeline", "notes", "derived"):
            facts.consume_properties(group)
        facts.consume_zone_statements(group)
    if not mapped.incident.get("title"):
        stem = PurePath(document.name).stem if document.name not in ("", "-") else "Imported postmortem"
        mapped.incident["title"] = stem.replace("-", " ").replace("_", " ").strip() or "Imported postmortem"
        mapped.warnings.append(f'no title found; named it "{mapped.incident["title"]}" after the file')
    facts.finish()
    zone = facts.zone()
    mapped.incident["timezone"] = _zone_name(zone, timezone)
    reader = EntryReader(mapped, zone, facts.day())
    for group in groups:
        reader.read(group)
    reader.finish()
    if mapped.notes:
        mapped.incident["notes"] = "\n\n".join(mapped.notes)
    return mapped


def _zone_name(zone: Zone, option: str | None) -> str:
    """The IANA name for incident.timezone: the document's zone when it has one, else --timezone, else UTC."""
    key = getattr(zone.tz, "key", None)
    if key:
        return str(key)
    offset = zone.tz.utcoffset(None)
    if offset is not None and offset.total_seconds() % 3600 == 0 and abs(offset.total_seconds()) <= 14 * 3600:
        hours = int(offset.total_seconds() // 3600)
        return "UTC" if hours == 0 else f"Etc/GMT{-hours:+d}"  # POSIX signs: Etc/GMT-2 is UTC+2
    return option or "UTC"


class _Facts:
    """The incident's facts from property lines, key-value tables, the title and zone statements."""

    def __init__(self, mapped: Mapped, default_zone: str | None) -> None:
        self.mapped = mapped
        self.default_zone = default_zone
        self.stated_zone: Zone | None = None
        self.property_zone: Zone | None = None
        self.date: dt.date | None = None
        self.started: str | None = None
        self.started_parts: tuple[Any, Zone | None] = (None, None)

    def title(self, text: str) -> None:
        """`2026-11-20 — SEV1 — Checkout errors`: a date and severity in the title are facts too.

        A leading `Postmortem:` or `Incident review:` is the document's kind, not the incident's title.
        """
        text = _TITLE_PREFIX.sub("", text).strip() or text
        dated = _TITLE_DATE.match(text)
        if dated and isinstance(read_date_line(dated["date"]), dt.date):
            self.date = read_date_line(dated["date"])  # type: ignore[assignment]
            text = dated["rest"]
        parts = [p.strip() for p in text.replace(" – ", " — ").split(" — ")]
        rest = []
        for part in parts:
            found = read_date_line(part)
            if isinstance(found, dt.date) and self.date is None:
                self.date = found
            elif f.severity(part) is not None and part.upper().startswith(("SEV", "S", "P")) and len(part) <= 6:
                self.mapped.incident.setdefault("severity", f.severity(part))
            else:
                rest.append(part)
        self.mapped.incident["title"] = " — ".join(rest) or text

    def zone(self) -> Zone:
        for zone in (self.stated_zone, self.property_zone):
            if zone is not None:
                return zone
        if self.default_zone:
            return Zone(ZoneInfo(self.default_zone))
        return Zone(ZoneInfo("UTC"))

    def day(self) -> dt.date | None:
        return self.date

    def consume_zone_statements(self, group: Group) -> None:
        """`All times UTC`, `Times are in Europe/London (GMT).`: the zone for times without one."""
        if group.section == "timeline" and self.stated_zone is None:
            self.stated_zone = zone_in_words(group.heading)
        for block in group.blocks:
            if isinstance(block, Paragraph | ListItem) and not getattr(block, "code", False):
                kept = []
                for line in block.lines:
                    zone = states_zone(line) if len(line) < 80 else None
                    if zone is not None and read_line_time(line) is None:
                        self.stated_zone = self.stated_zone or zone
                        continue
                    kept.append(line)
                block.lines[:] = kept
            elif isinstance(block, Heading) and self.stated_zone is None:
                self.stated_zone = states_zone(block.text)
        group.blocks[:] = [b for b in group.blocks if not isinstance(b, Paragraph | ListItem) or b.lines]

    def consume_properties(self, group: Group) -> None:
        """Take property lines and key-value tables out of a group into the incident's facts."""
        remaining: list[Block] = []
        for block in group.blocks:
            if isinstance(block, Paragraph | ListItem) and not getattr(block, "code", False):
                kept = [line for line in block.lines if not self._property_line(line, block.where)]
                if kept:
                    block.lines[:] = kept
                    remaining.append(block)
            elif isinstance(block, Table) and self._key_value_table(block):
                continue
            else:
                remaining.append(block)
        group.blocks[:] = remaining

    def _property_line(self, line: str, where: str) -> bool:
        pairs = f.property_pairs(line)
        if pairs is None:
            return False
        for name, key, value in pairs:
            self.apply(name, key, value, where)
        return True

    def _key_value_table(self, table: Table) -> bool:
        rows = [r for r in table.rows if any(c.strip() for c in r)]
        if not rows or any(len(r) != 2 for r in rows):
            return False
        known = [r for r in rows if f.PROPERTY_KEYS.get(f.header_key(r[0]))]
        if len(known) * 2 < len(rows):
            return False
        for key, value in rows:
            name = f.PROPERTY_KEYS.get(f.header_key(key))
            if name is not None:
                self.apply(name, key, value, table.where)
            elif f.header_key(key) not in ("field", "property", "key") and not f.is_placeholder(value):
                self.mapped.notes.append(f"{key}: {value}")
                self.mapped.kept.append(f"{table.where}: {key}: {value}")
        return True

    def apply(self, name: str, key: str, value: str, where: str) -> None:
        """Set one incident fact from a property; a value that cannot be read is kept as text."""
        incident, mapped = self.mapped.incident, self.mapped
        value = value.strip()
        if f.is_placeholder(value):
            return
        ok = True
        if name == "title":
            incident["title"] = value
        elif name == "severity":
            severity = f.severity(value) or f.severity(_first_phrase(value))
            ok = severity is not None
            if severity is not None:
                incident["severity"] = severity
        elif name == "status":
            status = f.document_status(value) or f.document_status(_first_phrase(value))
            ok = status is not None
            if status is not None:
                incident["status"] = status
        elif name == "owner":
            incident["owner"] = value
        elif name == "authors":
            names = [n.strip() for n in value.replace(" and ", ",").split(",") if n.strip()]
            incident.setdefault("owner", names[0] if names else value)
            for person in names:
                self._attendee(person, "postmortem author")
        elif name == "commander":
            for person in (n.strip() for n in value.replace(" and ", ",").split(",")):
                if person:
                    self._attendee(person, "incident commander")
        elif name in ("moderator", "notetaker"):
            mapped.roles[name] = value
        elif name == "attendees":
            for person in value.split(","):
                if person.strip():
                    self._attendee(person.strip(), "")
        elif name in ("summary", "impact"):
            incident[name] = value
        elif name == "timezone":
            zone = zone_named(value) or zone_in_words(value)
            ok = zone is not None
            self.property_zone = zone or self.property_zone
        elif name == "date":
            found = read_date_line(value)
            if isinstance(found, dt.date):
                self.date = found
            elif (stamp := read_line_time(value)) is not None and stamp.date is not None:
                self.date = stamp.date  # a date with a time: the incident's start as well
                self._started(stamp, value)
            else:
                ok = False
        elif name == "started":
            stamp = read_line_time(value)
            if stamp is not None and stamp.date is not None:
                self._started(stamp, value)
            else:
                ok = False
        if not ok:
            mapped.notes.append(f"{key}: {value}")
            mapped.unreadable.append(f"{where}: {key}: {value!r} could not be read; kept in the notes")

    def _started(self, stamp: Any, value: str) -> None:
        self.started = value
        self.date = stamp.date
        self.started_parts = (stamp, stamp.zone or zone_in_words(stamp.rest))
        if self.started_parts[1] is not None and self.property_zone is None:
            self.property_zone = self.started_parts[1]

    def finish(self) -> None:
        """Resolve the start time once every zone statement in the document has been seen."""
        if self.started is None:
            return
        stamp, zone = self.started_parts
        at = dt.datetime.combine(stamp.date, stamp.clock, tzinfo=(zone or self.zone()).tz)
        self.mapped.incident["started_at"] = at.astimezone(dt.UTC)
        self.date = at.astimezone(self.zone().tz).date()

    def _attendee(self, name: str, role: str) -> None:
        for person in self.mapped.attendees:
            if person["name"].lower() == name.lower():
                if role and not person.get("role"):
                    person["role"] = role
                return
        self.mapped.attendees.append({"name": name, "role": role} if role else {"name": name})


def _first_phrase(value: str) -> str:
    """`Complete, action items in progress` -> `Complete`."""
    return re.split(r"[,;(]|\s[-–—]\s", value, maxsplit=1)[0].strip()


def heading_label(heading: str) -> str:
    """The label a kept paragraph gets in the notes: its heading, unless the heading is "Notes"."""
    return "" if not heading or normalise_heading(heading) == "notes" else " ".join(heading.split())
