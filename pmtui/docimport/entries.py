"""Sections of a document read into entries: whys, observations, questions, attendees, text fields.

The timeline and actions have modules of their own (timeline_section.py, action_section.py).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, Any

from pmtui.docimport import fields as f
from pmtui.docimport.action_section import ActionSection
from pmtui.docimport.document import Heading, ListItem, Paragraph, Table
from pmtui.docimport.sections import section_for
from pmtui.docimport.timeline_section import TimelineSection
from pmtui.domain.model import ENTRY_TYPES
from pmtui.domain.timeline_lines import Zone

if TYPE_CHECKING:
    from pmtui.docimport.mapper import Group, Mapped

_ID = re.compile(r"^[A-Za-z0-9_.-]{1,32}$")
_LAYER_END = re.compile(r"\s*[\[(](?P<layer>immediate|precondition|underlying)[\])]\s*$", re.IGNORECASE)
_TIMEBOX = re.compile(r"\btimebox\s+(?P<minutes>\d{1,3})\s*min", re.IGNORECASE)
_DUTIES = re.compile(r"\s*\((?P<duties>(?:moderator|notetaker)(?:\s*,\s*(?:moderator|notetaker))?)\)\s*", re.I)
_NAME_ROLE = re.compile(r"^(?P<name>[^—–:(,]+?)\s*(?:[—–:,]|\s-\s)\s*(?P<role>.+)$")


class EntryReader(TimelineSection, ActionSection):
    """Reads each group's blocks into the mapped session, keeping what fits no field in the notes."""

    def __init__(self, mapped: Mapped, zone: Zone, day: dt.date | None) -> None:
        self.m = mapped
        self.zone = zone
        self.day = day
        self.date = day
        self.previous_at: dt.datetime | None = None
        self.addresses: list[tuple[dict[str, Any], list[str], str]] = []
        self.used: dict[str, set[str]] = {}
        self._last_label: str | None = None
        self.highest: dict[str, int] = {}

    # -- dispatch ----------------------------------------------------------------------------

    def read(self, group: Group) -> None:
        section = group.section
        if section == "derived":
            self._derived(group)
        elif section == "timeline":
            self._timeline(group)
        elif section in ("summary", "impact"):
            self._text_field(group, section)
        elif section in ("went_well", "went_wrong", "lucky"):
            self._observations(group, section)
        elif section == "whys":
            self._whys(group)
        elif section == "actions":
            self._actions(group)
        elif section == "questions":
            self._questions(group)
        elif section == "attendees":
            self._attendees(group)
        elif section == "notes":
            self._notes(group, kept=False)
        else:  # unknown headings, the preamble, leftovers of a properties section
            self._notes(group, kept=True)

    def finish(self) -> None:
        """Resolve the whys and went-wrong entries actions address (`y4: Why did…` or just `y4`)."""
        targets = {e["id"]: e for section in ("whys", "went_wrong") for e in self.m.entries.get(section, [])}
        for action, refs, where in self.addresses:
            found = []
            for ref in refs:
                key = ref.split(":", 1)[0].strip()
                if key in targets:
                    found.append(key)
                else:
                    self.m.unreadable.append(f"{where}: addresses {ref!r}, which is no why or went-wrong entry here")
            if found:
                action["addresses"] = found

    # -- helpers -----------------------------------------------------------------------------

    def add(self, section: str, fields: dict[str, Any]) -> dict[str, Any]:
        """Add an entry with the id the document gave it (an action's ID column), else the next free one."""
        entries = self.m.entries.setdefault(section, [])
        prefix = ENTRY_TYPES[section].PREFIX
        used = self.used.setdefault(section, set())
        wanted = fields.pop("id", None)
        if not (wanted and wanted.startswith(prefix) and wanted not in used and _ID.match(wanted)):
            number = self.highest.get(section, 0) + 1
            while f"{prefix}{number}" in used:
                number += 1
            wanted = f"{prefix}{number}"
        suffix = wanted[len(prefix) :]
        if suffix.isdigit():
            self.highest[section] = max(self.highest.get(section, 0), int(suffix))
        used.add(wanted)
        entry = {"id": wanted, **fields}
        entries.append(entry)
        return entry

    def keep(self, group: Group, text: str, where: str, *, kept: bool = True) -> None:
        """Put text in the notes under its heading; `kept` counts it as having no field."""
        if not text.strip():
            return
        from pmtui.docimport.mapper import heading_label

        label = heading_label(group.heading)
        if label and (not self.m.notes or self._last_label != label):
            self.m.notes.append(f"{label}:\n{text}")
        else:
            self.m.notes.append(text)
        self._last_label = label
        if kept:
            shown = " ".join(text.split())
            self.m.kept.append(f"{where}: {shown[:70] + '…' if len(shown) > 70 else shown}")
        else:
            self.m.narrative += 1

    def keep_block(self, group: Group, block: Any, *, kept: bool = True) -> None:
        if isinstance(block, Paragraph) and kept and not block.code:
            # "**Root Causes:** …" in a header: narrative with a heading of its own, so notes is its place.
            pair = f.key_value(block.lines[0])
            if pair and section_for(pair[0]) == "notes":
                from pmtui.docimport.mapper import Group as _Group

                text = "\n".join([pair[1], *block.lines[1:]])
                self.keep(_Group("notes", pair[0], 0), text, block.where, kept=False)
                return
        if isinstance(block, Table):
            for row in block.rows:
                if any(cell.strip() for cell in row):
                    self.keep(group, " | ".join(cell for cell in row), block.where, kept=kept)
        elif isinstance(block, Heading):
            self.keep(group, block.text, block.where, kept=kept)
        elif isinstance(block, ListItem):
            self.keep(
                group, "- " + block.text if not block.text.startswith("- ") else block.text, block.where, kept=kept
            )
        else:
            self.keep(group, block.text, block.where, kept=kept)

    # -- sections ----------------------------------------------------------------------------

    def _derived(self, group: Group) -> None:
        self.m.derived.append(group.heading)
        for block in group.blocks:
            if isinstance(block, Paragraph):
                match = _TIMEBOX.search(block.text)
                if match and 5 <= int(match["minutes"]) <= 480:
                    self.m.meeting["timebox_minutes"] = int(match["minutes"])

    def _text_field(self, group: Group, name: str) -> None:
        parts = []
        for block in group.blocks:
            if isinstance(block, Paragraph) and not f.is_placeholder(block.text):
                parts.append(block.text)
            elif isinstance(block, ListItem):
                parts.append("  " * block.depth + "- " + block.text.replace("\n", "\n  "))
            elif isinstance(block, Heading):
                parts.append(block.text)
            elif isinstance(block, Table):
                self.keep_block(group, block)
        if parts:
            existing = self.m.incident.get(name, "")
            self.m.incident[name] = "\n\n".join([existing, *parts] if existing else parts)

    def _notes(self, group: Group, kept: bool) -> None:
        for block in group.blocks:
            if isinstance(block, Paragraph) and f.is_placeholder(block.text):
                continue
            self.keep_block(group, block, kept=kept)

    def _observations(self, group: Group, section: str) -> None:
        for block in group.blocks:
            if isinstance(block, ListItem | Paragraph):
                if not f.is_placeholder(block.text):
                    self.add(section, {"text": block.text})
            elif isinstance(block, Table):
                for row in block.rows[1 if block.has_header else 0 :]:
                    text = " — ".join(c for c in row if c.strip())
                    if text:
                        self.add(section, {"text": text})
            elif isinstance(block, Heading):
                self.keep_block(group, block)

    def _whys(self, group: Group) -> None:
        for block in group.blocks:
            if isinstance(block, Table) and block.rows:
                columns = f.column_map(block.rows[0], f.WHY_COLUMNS)
                if "question" in columns:
                    for row in block.rows[1:]:
                        cell = f.cells(row)
                        fields = {"question": cell(columns["question"]), "answer": cell(columns.get("answer"))}
                        layer = f.why_layer(cell(columns.get("layer")))
                        if layer:
                            fields["layer"] = layer.value
                        if fields["question"]:
                            self.add("whys", fields)
                    continue
                self.keep_block(group, block)
            elif isinstance(block, ListItem | Paragraph):
                self._why(block.lines)
            else:
                self.keep_block(group, block)

    def _why(self, lines: list[str]) -> None:
        first, rest = lines[0], [line for line in lines[1:]]
        layer = None
        match = _LAYER_END.search(first)
        if match:
            layer = match["layer"].lower()
            first = first[: match.start()]
        if "?" in first and not first.rstrip().endswith("?"):
            cut = first.index("?") + 1
            first, rest = first[:cut], [first[cut:].strip(), *rest]
        answer = "\n".join(rest).strip()
        fields: dict[str, Any] = {"question": first.strip(), "answer": "" if f.is_placeholder(answer) else answer}
        if layer:
            fields["layer"] = layer
        if fields["question"]:
            self.add("whys", fields)

    def _questions(self, group: Group) -> None:
        for block in group.blocks:
            if isinstance(block, ListItem | Paragraph) and not f.is_placeholder(block.text):
                first, rest = block.lines[0], block.lines[1:]
                if "?" in first and not first.rstrip().endswith("?"):
                    cut = first.index("?") + 1
                    first, rest = first[:cut], [first[cut:].strip(), *rest]
                answer = "\n".join(rest).strip()
                self.add("questions", {"text": first.strip(), "answer": "" if f.is_placeholder(answer) else answer})
            elif not isinstance(block, ListItem | Paragraph):
                self.keep_block(group, block)

    def _attendees(self, group: Group) -> None:
        for block in group.blocks:
            if isinstance(block, ListItem):
                self._attendee_line(block.text)
            elif isinstance(block, Paragraph):
                for line in block.lines:
                    for name in line.split(","):
                        if name.strip() and not f.is_placeholder(name):
                            self._attendee_line(name.strip())
            elif isinstance(block, Table) and block.rows:
                columns = f.column_map(block.rows[0], {"name": ("name", "person", "who"), "role": ("role", "team")})
                for row in block.rows[1:] if "name" in columns else block.rows:
                    cell = f.cells(row)
                    name = cell(columns.get("name", 0))
                    if name:
                        self._add_person(name, cell(columns.get("role")))
            else:
                self.keep_block(group, block)

    def _attendee_line(self, line: str) -> None:
        duties = _DUTIES.search(line)
        if duties:
            for duty in duties["duties"].split(","):
                self.m.roles.setdefault(duty.strip().lower(), _NAME_ROLE.sub(r"\g<name>", line[: duties.start()]))
            line = line[: duties.start()] + line[duties.end() :]
        match = _NAME_ROLE.match(line)
        name, role = (match["name"], match["role"]) if match else (line, "")
        self._add_person(name.strip(), role.strip())

    def _add_person(self, name: str, role: str) -> None:
        for person in self.m.attendees:
            if person["name"].lower() == name.lower():
                if role:
                    person["role"] = role
                return
        self.m.attendees.append({"name": name, "role": role} if role else {"name": name})
