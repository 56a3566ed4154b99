"""Sections of a document read into entries: timeline, whys, observations, actions, questions, attendees."""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, Any

from pmtui.docimport import fields as f
from pmtui.docimport.document import Heading, ListItem, Paragraph, Table
from pmtui.docimport.sections import section_for
from pmtui.model import ENTRY_TYPES, TimelineKind
from pmtui.timeline_import import guess_kind
from pmtui.timeline_lines import LineTime, Zone, combine, label_kind, read_date_line, read_line_time, take_label
from pmtui.timeline_lines import zone_in_words as header_zone

if TYPE_CHECKING:
    from pmtui.docimport.mapper import Group, Mapped

_ID = re.compile(r"^[A-Za-z0-9_.-]{1,32}$")
_PARENS = re.compile(r"\s*\((?P<inner>[^()]*)\)")
_DUE = re.compile(
    r"\b(?:due|by|eta|deadline)\s*[:=]?\s*(?P<date>\d{4}-\d{1,2}-\d{1,2}|\d{1,2}/\d{1,2}/\d{4}"
    r"|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2}(?:,?\s+\d{4})?"
    r"|\d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?(?:\s+\d{4})?)",
    re.IGNORECASE,
)
_TRACKER_END = re.compile(r"\s*[\[(]?(?P<t>#\d+|[A-Z][A-Z0-9]{1,9}-\d+|https?://\S+)[\])]?\s*$")
_TRACKER_LABEL = re.compile(r"\s*\b(?:ticket|jira|bug|issue|tracker)\s*[:=]\s*(?P<t>\S+)\s*", re.IGNORECASE)
_PRIORITY_TAG = re.compile(r"\s*(?:[\[(](?P<a>P[0-5])[\])]|!(?P<b>P?[0-5])\b)", re.IGNORECASE)
_LAYER_END = re.compile(r"\s*[\[(](?P<layer>immediate|precondition|underlying)[\])]\s*$", re.IGNORECASE)
_TIMEBOX = re.compile(r"\btimebox\s+(?P<minutes>\d{1,3})\s*min", re.IGNORECASE)
_DUTIES = re.compile(r"\s*\((?P<duties>(?:moderator|notetaker)(?:\s*,\s*(?:moderator|notetaker))?)\)\s*", re.I)
_NAME_ROLE = re.compile(r"^(?P<name>[^—–:(,]+?)\s*(?:[—–:,]|\s-\s)\s*(?P<role>.+)$")
_STATUS_IN_CELL = re.compile(r"\s*\b(?P<status>DONE|FIXED|CLOSED|COMPLETE|WONTFIX)\b\s*$")


class EntryReader:
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
                        cell = _cells(row)
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
                    cell = _cells(row)
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

    # -- timeline ----------------------------------------------------------------------------

    def _timeline(self, group: Group) -> None:
        for block in group.blocks:
            if isinstance(block, Heading):
                found = read_date_line(block.text)
                if found is not None:
                    self._set_date(found)
                else:  # "Detection phase": a phase of the story, kept with the narrative
                    self.keep(group, block.text, block.where, kept=False)
            elif isinstance(block, Table):
                self._timeline_table(group, block)
            else:
                self._timeline_lines(group, block)

    def _set_date(self, found: dt.date | tuple[int, int]) -> None:
        if isinstance(found, tuple):
            year = (self.date or self.day or dt.date.today()).year
            try:
                found = dt.date(year, *found)
            except ValueError:
                return
        self.date = found

    def _timeline_lines(self, group: Group, block: Paragraph | ListItem) -> None:
        current: dict[str, Any] | None = None
        for index, line in enumerate(block.lines):
            if not line.strip():
                continue
            stamp = read_line_time(line)
            if stamp is None:
                found = read_date_line(line)
                if found is not None:
                    self._set_date(found)
                elif current is not None and (isinstance(block, ListItem) or index > 0):
                    current["text"] = f"{current['text']}\n{line.strip()}"
                else:
                    self.keep(group, line, block.where)
                continue
            current = self._entry(stamp, stamp.rest, f"{block.where}", line)

    def _timeline_table(self, group: Group, table: Table) -> None:
        rows = table.rows
        if not rows:
            return
        columns = f.column_map(rows[0], f.TIMELINE_COLUMNS)
        body = rows[1:]
        if "time" not in columns:
            guessed = _time_column(rows)
            if guessed is None:
                self.keep_block(group, table)
                return
            columns, body = {"time": guessed}, rows if not table.has_header else rows[1:]
        zone = header_zone(rows[0][columns["time"]]) if body is not rows else None
        header = rows[0]
        mapped_columns = set(columns.values())
        if "text" not in columns:
            others = [i for i in range(len(header)) if i not in mapped_columns]
            columns["text"] = others[0] if others else -1
            mapped_columns.add(columns["text"])
        previous: dict[str, Any] | None = None
        for number, row in enumerate(body, start=2 if body is not rows else 1):
            cell = _cells(row)
            where = f"{table.where}, row {number}"
            if "date" in columns and cell(columns["date"]):
                found = read_date_line(cell(columns["date"]))
                if found is not None:
                    self._set_date(found)
            time_text = cell(columns["time"])
            text = cell(columns["text"])
            extras = [
                f"{header[i].strip() or 'column ' + str(i + 1)}: {value}"
                for i, value in enumerate(row)
                if i not in mapped_columns and i < len(header) and value.strip() and not f.is_placeholder(value)
            ]
            if extras:
                text = "\n".join([text, *extras]).strip()
            if not time_text and previous is not None and text:
                previous["text"] = f"{previous['text']}\n{text}"  # a row continuing the one above
                continue
            stamp = read_line_time(time_text)
            if stamp is None or stamp.rest:
                if time_text or text:
                    self.keep(group, " | ".join(row), where, kept=False)
                    self.m.unreadable.append(f"{where}: {time_text!r} is not a time; the row is kept in the notes")
                continue
            kind = None
            kind_text = cell(columns.get("kind"))
            if kind_text and not f.is_placeholder(kind_text):
                kind = label_kind(kind_text)
                if kind is None:
                    text = f"[{kind_text}] {text}"
            previous = self._entry(
                stamp,
                text,
                where,
                time_text,
                zone=zone,
                kind=kind,
                author=cell(columns.get("author")),
                source=cell(columns.get("source")),
            )

    def _entry(
        self,
        stamp: LineTime,
        text: str,
        where: str,
        written: str,
        zone: Zone | None = None,
        kind: TimelineKind | None = None,
        author: str = "",
        source: str = "",
    ) -> dict[str, Any] | None:
        date = stamp.date
        if date is None and stamp.month_day is not None:
            year = (self.date or self.day or dt.date.today()).year
            try:
                date = dt.date(year, *stamp.month_day)
            except ValueError:
                date = None
        explicit = date is not None
        date = date or self.date
        if date is None:
            self.m.notes.append(written)
            self.m.unreadable.append(
                f"{where}: {written.strip()[:40]!r} has a time but no date; add a date line above it or a "
                "Date: line to the document (kept in the notes)"
            )
            return None
        at = combine(date, stamp.clock, stamp.zone or zone, self.zone.tz, self.zone.fold)
        if not explicit and self.previous_at is not None and at < self.previous_at:
            self.m.warnings.append(
                f"{where}: {stamp.clock:%H:%M} is earlier than the entry before it; kept on {date.isoformat()} "
                "(add a date line above it if it is the next day)"
            )
        if explicit:
            self.date = date
        self.previous_at = at
        if kind is None:
            kind, stripped = take_label(text)
            if kind is not None and stripped:
                text = stripped
        if kind is None:
            kind = guess_kind(text)
        fields: dict[str, Any] = {"at": at, "kind": kind.value, "text": text.strip()}
        if author and not f.is_placeholder(author):
            fields["author"] = author
        if source and not f.is_placeholder(source):
            fields["source"] = source
        return self.add("timeline", fields)

    # -- actions -----------------------------------------------------------------------------

    def _actions(self, group: Group) -> None:
        for block in group.blocks:
            if isinstance(block, Table):
                self._action_table(group, block)
            elif isinstance(block, ListItem):
                self._action_line(block.text, block.checked, block.where)
            elif (isinstance(block, Paragraph) and not f.is_placeholder(block.text)) or isinstance(block, Heading):
                self.keep_block(group, block)

    def _action_table(self, group: Group, table: Table) -> None:
        rows = table.rows
        columns = f.column_map(rows[0], f.ACTION_COLUMNS)
        if "text" not in columns:
            if len(columns) < 1:
                self.keep_block(group, table)
                return
            free = [i for i in range(len(rows[0])) if i not in columns.values()]
            if not free:
                self.keep_block(group, table)
                return
            columns["text"] = free[0]
        header = rows[0]
        for number, row in enumerate(rows[1:], start=2):
            cell = _cells(row)
            where = f"{table.where}, row {number}"
            text = cell(columns["text"])
            if not text:
                if any(c.strip() for c in row):
                    self.keep(group, " | ".join(row), where)
                continue
            fields: dict[str, Any] = {}
            problems: list[str] = []
            if cell(columns.get("id")):
                fields["id"] = cell(columns["id"])
            owner = cell(columns.get("owner"))
            if owner and not f.is_placeholder(owner):
                fields["owner"] = f.owner_name(owner)
            for name, read in (
                ("due", lambda v: f.due_date(v, self.day)),
                ("status", f.action_status),
                ("kind", f.action_kind),
                ("priority", f.priority),
            ):
                value = cell(columns.get(name))
                if value and not f.is_placeholder(value):
                    found = read(value)
                    if found is None:
                        problems.append(f"{header[columns[name]].strip()}: {value}")
                    else:
                        fields[name] = found.isoformat() if isinstance(found, dt.date) else found.value
            tracker = cell(columns.get("tracker"))
            marked = _STATUS_IN_CELL.search(tracker)
            if marked and "status" not in fields:  # the SRE book marks a done item in its bug column
                fields["status"] = f.action_status(marked["status"]).value  # type: ignore[union-attr]
                tracker = tracker[: marked.start()].strip()
            if tracker and not f.is_placeholder(tracker):
                fields["tracker"] = tracker
            extras = [
                f"{header[i].strip()}: {value}"
                for i, value in enumerate(row)
                if i not in columns.values() and i < len(header) and value.strip() and not f.is_placeholder(value)
            ]
            fields["text"] = "\n".join([text, *problems, *extras])
            if problems:
                self.m.unreadable.append(f"{where}: {'; '.join(problems)} could not be read; kept in the action's text")
            if extras:
                self.m.kept.append(f"{where}: {'; '.join(extras)} (no field; kept in the action's text)")
            if "due" in fields:
                fields["due"] = dt.date.fromisoformat(fields["due"])
            entry = self.add("actions", fields)
            refs = cell(columns.get("addresses"))
            if refs and not f.is_placeholder(refs):
                self.addresses.append((entry, [r for r in refs.split("\n") if r.strip()], where))

    def _action_line(self, text: str, checked: bool | None, where: str) -> None:
        """`[ ] Add alert (@priya, due 2026-10-16) #4471`: owner, due, priority and tracker out of the text."""
        fields: dict[str, Any] = {}
        if checked is not None:
            fields["status"] = "done" if checked else "open"

        def parens(match: re.Match[str]) -> str:
            parts = [p.strip() for p in re.split(r"[,;]", match["inner"]) if p.strip()]
            taken = [self._action_part(part, fields) for part in parts]
            return "" if parts and all(taken) else match.group()

        text = _PARENS.sub(parens, text)
        for mention in reversed(f.mentions(text)):
            fields.setdefault("owner", mention["quoted"] or mention["name"].replace("_", " "))
            text = text[: mention.start()] + text[mention.end() :]
        due = _DUE.search(text)
        if due and "due" not in fields:
            found = f.due_date(due["date"], self.day)
            if found is not None:
                fields["due"] = found
                text = text[: due.start()] + text[due.end() :]
        priority = _PRIORITY_TAG.search(text)
        if priority:
            found_priority = f.priority(priority["a"] or priority["b"])
            if found_priority is not None:
                fields["priority"] = found_priority.value
                text = text[: priority.start()] + text[priority.end() :]
        label = _TRACKER_LABEL.search(text)
        if label:
            fields["tracker"] = label["t"]
            text = text[: label.start()] + " " + text[label.end() :]
        tracker = _TRACKER_END.search(text)
        if tracker and "tracker" not in fields and tracker.start() > 0:
            fields["tracker"] = tracker["t"]
            text = text[: tracker.start()]
        fields["text"] = " ".join(text.split()).strip(" -–—,;") if "\n" not in text else text.strip()
        if fields["text"]:
            self.add("actions", fields)

    def _action_part(self, part: str, fields: dict[str, Any]) -> bool:
        """One comma-separated part of `(@priya, due 2026-10-16, P1)`; False when it is ordinary text."""
        if part.startswith("@"):
            fields.setdefault("owner", f.owner_name(part))
            return True
        key, _, value = part.partition(":") if ":" in part else part.partition(" ")
        key = key.strip().lower()
        if key in ("owner", "assignee", "who", "dri") and value.strip():
            fields["owner"] = f.owner_name(value)
            return True
        if key in ("due", "by", "eta", "deadline"):
            found = f.due_date(value, self.day)
            if found is not None:
                fields["due"] = found
                return True
        if f.priority(part) is not None and part.upper().startswith("P"):
            fields["priority"] = f.priority(part).value  # type: ignore[union-attr]
            return True
        return False


def _cells(row: list[str]) -> Any:
    def cell(index: int | None) -> str:
        if index is None or index < 0 or index >= len(row):
            return ""
        value = row[index].strip()
        return "" if value in ("—", "–") else value

    return cell


def _time_column(rows: list[list[str]]) -> int | None:
    """The column of a header-less table whose cells are mostly times."""
    width = max(len(r) for r in rows)
    for index in range(width):
        cells = [r[index] for r in rows if index < len(r) and r[index].strip()]
        times = [c for c in cells if (s := read_line_time(c)) is not None and not s.rest]
        if cells and len(times) * 2 > len(cells):
            return index
    return None
