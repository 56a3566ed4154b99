"""PagerDuty and Opsgenie incident log exports (CSV): one row is one message, its time in a column.

Recognised by the header row: a time column (`created_at`, `Created At`, `Date`, `Time`,
`Timestamp`, `Created On`) and a text column (`summary`, `Description`, `Log`, `Message`,
`Details`, `Note`). The author comes from `agent`, `User`, `Owner`, `Performed By` or `Actor`
when there is one. The time cell is read like a chat timestamp (ISO 8601, `2026-11-27 15:02:11`,
`11/27/2026 3:02:11 PM`); without an offset it is in the incident's time zone.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass

from pmtui.domain.chat_lines import Stamp, read_timestamped_line

_TIME_COLUMNS = ("created_at", "created at", "date", "time", "timestamp", "created on", "created_on", "at")
_TEXT_COLUMNS = ("summary", "description", "log", "message", "details", "note", "channel summary")
_AUTHOR_COLUMNS = ("agent", "user", "owner", "performed by", "actor", "agent name", "user name")


@dataclass
class Row:
    """One row of the export as a message."""

    line_no: int
    stamp: Stamp
    author: str
    text: str


def _column(header: list[str], names: tuple[str, ...]) -> int | None:
    normalised = [cell.strip().lower().replace("-", " ") for cell in header]
    for name in names:
        if name in normalised:
            return normalised.index(name)
    return None


def read_pager_csv(lines: list[str], unreadable: list[tuple[int, str]]) -> list[Row] | None:
    """The rows of a pager export, or None when the text is not one (then it is read as chat).

    A row whose time cannot be read goes to `unreadable` with its line number.
    """
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None or "," not in lines[first]:
        return None
    header = next(csv.reader([lines[first]]))
    time_col, text_col = _column(header, _TIME_COLUMNS), _column(header, _TEXT_COLUMNS)
    if time_col is None or text_col is None:
        return None
    author_col = _column(header, _AUTHOR_COLUMNS)
    rows: list[Row] = []
    for line_no, cells in _records(lines, first + 1):
        if not any(cell.strip() for cell in cells):
            continue
        if max(time_col, text_col) >= len(cells):
            unreadable.append((line_no, lines[line_no - 1]))
            continue
        stamped = read_timestamped_line(cells[time_col].strip())
        text = cells[text_col].strip()
        if stamped is None or stamped.text or not text:
            unreadable.append((line_no, lines[line_no - 1]))
            continue
        author = cells[author_col].strip() if author_col is not None and author_col < len(cells) else ""
        rows.append(Row(line_no, stamped.stamp, author, text))
    return rows


def _records(lines: list[str], start: int) -> Iterator[tuple[int, list[str]]]:
    """(line number of the record's first line, cells); a quoted cell may span lines."""
    reader = csv.reader(line + "\n" for line in lines[start:])
    line_no = start + 1
    for cells in reader:
        yield line_no, cells
        line_no = start + reader.line_num + 1
