"""The timeline section: entries from tables with a time column and from lines that start with a time."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from pmtui.docimport import fields as f
from pmtui.docimport.document import Heading, ListItem, Paragraph, Table
from pmtui.docimport.reader_part import ReaderPart
from pmtui.domain.kind_rules import guess_kind
from pmtui.domain.model import TimelineKind
from pmtui.domain.timeline_lines import LineTime, Zone, combine, label_kind, read_date_line, read_line_time, take_label
from pmtui.domain.timeline_lines import zone_in_words as header_zone

if TYPE_CHECKING:
    from pmtui.docimport.mapper import Group


class TimelineSection(ReaderPart):
    """Part of EntryReader: reads a timeline group. The date of bare times carries from block to block."""

    zone: Zone
    date: dt.date | None
    previous_at: dt.datetime | None

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
            cell = f.cells(row)
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
        if not text.strip():
            self.m.notes.append(written)
            self.m.unreadable.append(f"{where}: {written.strip()[:40]!r} has a time but no text (kept in the notes)")
            return None
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
            kind = guess_kind(text).kind or TimelineKind.NOTE  # the chat import's rules, one table
        fields: dict[str, Any] = {"at": at, "kind": kind.value, "text": text.strip()}
        if author and not f.is_placeholder(author):
            fields["author"] = author
        if source and not f.is_placeholder(source):
            fields["source"] = source
        return self.add("timeline", fields)


def _time_column(rows: list[list[str]]) -> int | None:
    """The column of a header-less table whose cells are mostly times."""
    width = max(len(r) for r in rows)
    for index in range(width):
        cells = [r[index] for r in rows if index < len(r) and r[index].strip()]
        times = [c for c in cells if (s := read_line_time(c)) is not None and not s.rest]
        if cells and len(times) * 2 > len(cells):
            return index
    return None
