"""Turn a pasted chat transcript, log or pager export into timeline entries (pure: text in, entry fields out).

The line formats are in chat_lines (Slack, Teams, Discord, Mattermost, Zoom, IRC, ISO 8601,
syslog, journalctl) and pager_csv (PagerDuty and Opsgenie incident log exports); this module
groups lines into messages and decides each message's moment:
- a day divider (`Friday, November 27th`, `Today`) sets the day of the messages under it;
- a date without a year (a divider, `Nov 20` in syslog, Teams `27/11`) takes the year that puts
  it nearest the day before it (so a copy running from 31 December into January works), else
  nearest the incident's start;
- `Today` and `Yesterday` count from the day of the import (`today`), which the CLI's --today sets;
- `27/11` or `05/11/2026` dates are read day first or month first for the whole copy: day first
  when some first number is above 12 or the clock is 24-hour, month first otherwise;
- times without a date take the day of the message before (or of the incident's start,
  incident.started_at, else the first timeline entry); a time more than six hours earlier than
  the one before it means the log crossed midnight;
- times without an offset are in the incident's time zone.
A line without a timestamp continues the message above it; lines before the first message,
and timestamps that are not real times (25:70), are reported with their line numbers.
Kinds are guessed from clear words by kind_rules; a message they do not clearly cover is a note.
"""

from __future__ import annotations

import bisect
import contextlib
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from pmtui.domain import chat_lines
from pmtui.domain.changes import AddEntry, Batch
from pmtui.domain.chat_lines import Divider, Stamp
from pmtui.domain.kind_rules import guess_kind
from pmtui.domain.model import Session, TimelineEvent, TimelineKind
from pmtui.domain.pager_csv import read_pager_csv
from pmtui.domain.time_entry import kind_named, near_kind_problem

ROLLOVER = dt.timedelta(hours=6)
"""A dateless time this much earlier than the previous one means the log crossed midnight."""


@dataclass
class ImportResult:
    """What a log turned into: entry fields for AddEntry("timeline", …), and what was left out."""

    entries: list[dict[str, Any]] = field(default_factory=list)
    """Fields of each new entry (at, kind, text, optionally author), in the log's order."""
    guessed_from: list[str | None] = field(default_factory=list)
    """For each entry, the kind-rule phrase its kind was guessed from, or None (a note, or a forced kind)."""
    skipped_duplicates: int = 0
    """Messages already in the timeline (same moment, same text) or repeated in the log."""
    unreadable_lines: list[tuple[int, str]] = field(default_factory=list)
    """(line number from 1, the line) for lines that belong to no message."""
    problem: str = ""
    """Set when nothing could be imported at all, e.g. no date to put dateless times on."""


@dataclass
class Message:
    """One message of a paste: where it starts, its timestamp as written, who wrote it, its lines."""

    line_no: int
    stamp: Stamp
    author: str
    lines: list[str]
    from_header: bool = False
    """Written under a name-and-time header: a later dateless time with no name is the same person."""


def _is_follow_up(stamp: Stamp) -> bool:
    return stamp.date is None and stamp.slash is None and stamp.month_day is None and stamp.offset is None


def _read_items(lines: list[str], result: ImportResult) -> list[Message | Divider]:
    """Group lines into messages and day dividers; lines that belong to none go to result.unreadable_lines."""
    items: list[Message | Divider] = []
    last: Message | None = None  # the message continuation lines go to
    pending: Message | None = None  # a header still waiting for its text
    after_reaction = False
    for index, raw in enumerate(lines):
        line_no = index + 1
        line = raw.rstrip()
        if not line.strip():
            continue
        reaction_count = after_reaction and line.strip().isdigit() and len(line.strip()) <= 4
        after_reaction = chat_lines.is_reaction(line)
        if chat_lines.is_noise(line) or reaction_count:
            continue
        divider = chat_lines.read_divider(line)
        if divider is not None and (
            pending is not None or (last is not None and not _next_starts_message(lines, index))
        ):
            divider = None  # "Today" answering a question is text: a real divider has a message under it
        if divider is not None:
            if pending is not None:
                result.unreadable_lines.append((pending.line_no, lines[pending.line_no - 1]))
                pending = None
            items.append(divider)
            last = None  # text under a divider belongs to no message until a new one starts
            continue
        stamped = chat_lines.read_timestamped_line(line)
        header = None
        if stamped is None and not chat_lines.is_timestamp_like(line):
            header = chat_lines.read_header(line)
            if header is not None and not _next_is_text(lines, index):
                header = None  # "Restarted at 14:05" inside a message is text, not a header
        if stamped is None and header is None:
            if chat_lines.is_timestamp_like(line):
                result.unreadable_lines.append((line_no, raw))  # [25:70]: shaped like a time, is not one
            elif pending is not None:
                pending.lines.append(chat_lines.clean_text(line))
                pending.from_header = True
                items.append(pending)
                last, pending = pending, None
            elif last is not None:
                last.lines.append(chat_lines.clean_text(line))
            else:
                result.unreadable_lines.append((line_no, raw))
            continue
        if pending is not None:
            result.unreadable_lines.append((pending.line_no, lines[pending.line_no - 1]))
            pending = None
        if header is not None:
            pending = Message(line_no, header.stamp, header.author, [])
            continue
        assert stamped is not None
        if not stamped.text:
            # A bare time (Slack: the same person again) or Zoom's "From sam to Everyone:": text below.
            author = stamped.author or (last.author if last else "")
            pending = Message(line_no, stamped.stamp, author, [])
        elif not stamped.author and chat_lines.looks_like_name(stamped.text) and _next_is_text(lines, index):
            pending = Message(line_no, stamped.stamp, stamped.text, [])  # Teams: "[14:05] Sam Ortega"
        else:
            # Discord's "[15:04]text" under "sam — 27/11/2026 15:02" is sam again.
            if not stamped.author and last is not None and last.from_header and _is_follow_up(stamped.stamp):
                last = Message(line_no, stamped.stamp, last.author, [stamped.text], from_header=True)
            else:
                last = Message(line_no, stamped.stamp, stamped.author, [stamped.text])
            items.append(last)
    if pending is not None:
        result.unreadable_lines.append((pending.line_no, lines[pending.line_no - 1]))
    return items


def _next_starts_message(lines: list[str], index: int) -> bool:
    """Whether the next line that says something starts a message (a header or a timestamped line)."""
    for line in lines[index + 1 :]:
        if line.strip() and not chat_lines.is_noise(line):
            return chat_lines.is_timestamp_like(line) or chat_lines.read_header(line) is not None
    return False


def _next_is_text(lines: list[str], index: int) -> bool:
    """Whether the next line that says something is message text, not a time or header.

    A divider-like line counts as text here: a header is always followed by its message.
    """
    for line in lines[index + 1 :]:
        if line.strip() and not chat_lines.is_noise(line):
            return not (chat_lines.is_timestamp_like(line) or chat_lines.read_header(line))
    return False


def _normalise(text: str) -> str:
    return " ".join(text.split()).casefold()


def base_date(session: Session) -> dt.date | None:
    """The incident's day in its time zone: from started_at, else the first timeline entry."""
    tz = session.incident.tz
    if session.incident.started_at is not None:
        return session.incident.started_at.astimezone(tz).date()
    if session.timeline:
        return min(event.at for event in session.timeline).astimezone(tz).date()
    return None


def nearest_date(month: int, day: int, reference: dt.date) -> dt.date | None:
    """The month and day in the year that puts it nearest the reference day (None: 29 Feb in no year near)."""
    candidates = []
    for year in (reference.year - 1, reference.year, reference.year + 1):
        with contextlib.suppress(ValueError):  # 29 February
            candidates.append(dt.date(year, month, day))
    return min(candidates, key=lambda d: abs(d - reference), default=None)


def _day_first(items: list[Message | Divider]) -> bool:
    """Whether the copy's 27/11 dates are day first: yes if some first number is above 12 or clocks are 24-hour."""
    slashes = [item.stamp for item in items if isinstance(item, Message) and item.stamp.slash]
    if any(s.slash[0] > 12 for s in slashes if s.slash):
        return True
    if any(s.slash[1] > 12 for s in slashes if s.slash):
        return False
    return not any(s.twelve_hour for s in slashes)


def _dated(stamp: Stamp, day_first: bool, reference: dt.date | None, today: dt.date) -> dt.date | None:
    """The day a stamp names by itself, or None; ValueError when that day does not exist."""
    if stamp.date is not None:
        return stamp.date
    if stamp.relative_day is not None:
        return today + dt.timedelta(days=stamp.relative_day)
    month_day = stamp.month_day
    if stamp.slash is not None:
        first, second, year = stamp.slash
        month_day = (second, first) if day_first else (first, second)
        if year is not None:
            return dt.date(year, *month_day)
    if month_day is None:
        return None
    date = nearest_date(*month_day, reference) if reference else None
    if date is None:
        raise ValueError(f"no year for {month_day}")
    return date


def read_line_moment(
    line: str, session: Session, *, day: dt.date | None = None, today: dt.date | None = None
) -> tuple[dt.datetime, str, str] | None:
    """(UTC moment, author, text) of one line that starts with a timestamp, or None.

    For importers that meet timestamped lines one at a time (a document's timeline table):
    a time without a date falls on `day` (default: the incident's day); no offset means the
    incident's time zone; `27/11` is day first unless the clock says AM/PM. None also when the
    time or date is not a real one, or there is no day to put a bare time on.
    """
    stamped = chat_lines.read_timestamped_line(line)
    if stamped is None:
        return None
    stamp = stamped.stamp
    tz = session.incident.tz
    reference = day or base_date(session)
    try:
        date = _dated(stamp, not stamp.twelve_hour, reference, today or dt.datetime.now(tz).date())
    except ValueError:
        return None
    date = date or reference
    if date is None:
        return None
    local = dt.datetime.combine(date, dt.time(stamp.hour, stamp.minute, stamp.second), tzinfo=stamp.offset or tz)
    return local.astimezone(dt.UTC), stamped.author, stamped.text


def parse_chat_log(
    text: str,
    session: Session,
    kind: TimelineKind | str | None = None,
    guess: bool = True,
    today: dt.date | None = None,
) -> ImportResult:
    """Read a pasted chat, log or pager CSV into new timeline entry fields for this session.

    kind forces one kind for every entry; otherwise the kind is guessed from clear words
    (kind_rules) when guess is true, and NOTE when it is not. today is the day the copy was
    made, for "Today" and "Yesterday" (default: today in the incident's time zone).
    """
    result = ImportResult()
    lines = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    tz = session.incident.tz
    items: list[Message | Divider]
    rows = read_pager_csv(lines, result.unreadable_lines)
    if rows is not None:
        items = [Message(row.line_no, row.stamp, row.author, [row.text]) for row in rows]
    else:
        items = _read_items(lines, result)
    today = today or dt.datetime.now(tz).date()
    day_first = _day_first(items)
    current_date = base_date(session)
    previous: dt.datetime | None = None
    seen = {(event.at, _normalise(event.text)) for event in session.timeline}
    forced = TimelineKind(kind) if kind else None
    previous_twelve_hour = False
    for item in items:
        if isinstance(item, Divider):
            if item.relative_day is not None:
                current_date = today + dt.timedelta(days=item.relative_day)
            elif item.month_day is not None:
                reference = current_date or today
                year_date = None
                if item.year is not None:
                    try:
                        year_date = dt.date(item.year, *item.month_day)
                    except ValueError:
                        year_date = None
                current_date = year_date or nearest_date(*item.month_day, reference) or current_date
            previous = None  # the divider said which day: no midnight guessing across it
            continue
        message = item
        stamp = message.stamp
        hour = stamp.hour
        if previous_twelve_hour and not stamp.twelve_hour and 1 <= hour <= 12 and previous is not None:
            # Slack writes "2:06" under "Sam Ortega  2:05 PM": same half of the day as the message before.
            hour = hour % 12 + (12 if previous.hour >= 12 else 0)
        previous_twelve_hour = stamp.twelve_hour or (previous_twelve_hour and stamp.date is None)
        clock = dt.time(hour, stamp.minute, stamp.second)
        try:
            date = _dated(stamp, day_first, current_date or base_date(session), today)
        except ValueError:  # 31/11, or 29 February in no year near the incident
            result.unreadable_lines.append((message.line_no, lines[message.line_no - 1]))
            continue
        if date is not None:
            local = dt.datetime.combine(date, clock, tzinfo=stamp.offset or tz)
        else:
            if current_date is None:
                result.problem = (
                    "the log has times without a date and the session has neither incident.started_at "
                    "nor timeline entries to take the date from; set started_at first"
                )
                result.entries.clear()
                result.guessed_from.clear()
                return result
            local = dt.datetime.combine(current_date, clock, tzinfo=stamp.offset or tz)
            if previous is not None and local < previous - ROLLOVER:
                local += dt.timedelta(days=1)
        previous = local
        current_date = local.astimezone(tz).date() if stamp.offset else local.date()
        at = local.astimezone(dt.UTC)
        body = "\n".join(line for line in message.lines if line).strip()
        if not body:
            result.unreadable_lines.append((message.line_no, lines[message.line_no - 1]))
            continue
        named: TimelineKind | None = None
        if not message.author and forced is None:
            # A plain "14:05 alert pager fired" line reads as the notetaker's entry line does:
            # a first word naming a kind is the kind, and one almost naming a kind is refused.
            first, _, rest = body.partition(" ")
            named = kind_named(first) if rest.strip() else None
            if named is not None:
                body = rest.strip()
            elif problem := near_kind_problem(first):
                result.unreadable_lines.append((message.line_no, f"{lines[message.line_no - 1]}  ← {problem}"))
                continue
        key = (at, _normalise(body))
        if key in seen:
            result.skipped_duplicates += 1
            continue
        seen.add(key)
        guessed = guess_kind(body) if guess and forced is None and named is None else None
        entry_kind = forced or named or (guessed.kind if guessed and guessed.kind else TimelineKind.NOTE)
        fields: dict[str, Any] = {"at": at, "kind": entry_kind.value, "text": body}
        if message.author:
            fields["author"] = message.author
        result.entries.append(fields)
        result.guessed_from.append(guessed.rule.phrase if guessed and guessed.rule else None)
    result.unreadable_lines.sort()
    return result


def as_change(session: Session, entries: list[dict[str, Any]]) -> Batch:
    """One undoable change that adds the entries, each at its place in time order (one undo removes them all).

    Ids are chosen here, one past the highest t-number, which spares AddEntry a search per entry
    (a 1,000-line paste took seconds); one taken meanwhile by another process is replaced by a free one.
    """
    positions = insertion_positions(session, entries)
    prefix = TimelineEvent.PREFIX
    numbers = [
        int(e.id[len(prefix) :])
        for _, e in session.iter_entries()
        if e.id[len(prefix) :].isdigit() and e.id.startswith(prefix)
    ]
    first = max(numbers, default=0) + 1
    return Batch(
        [
            AddEntry("timeline", fields, id=f"{prefix}{first + n}", position=position)
            for n, (fields, position) in enumerate(zip(entries, positions, strict=True))
        ]
    )


def insert_position(entries: Sequence[TimelineEvent], at: dt.datetime, skip: str | None = None) -> int:
    """Where an entry at `at` goes to keep time order: before the first entry later than it.

    skip: the id of an entry being moved, left out of the count.
    """
    others = [e for e in entries if e.id != skip]
    for index, entry in enumerate(others):
        if entry.at > at:
            return index
    return len(others)


def insertion_positions(session: Session, entries: list[dict[str, Any]]) -> list[int]:
    """Where each new entry goes so the timeline stays in time order (applied one after another).

    The same places as insert_position for a timeline in time order, found by bisection: a paste
    adds hundreds of entries to a timeline of thousands.
    """
    times = [event.at for event in session.timeline]
    positions = []
    for fields in entries:
        position = bisect.bisect_right(times, fields["at"])
        times.insert(position, fields["at"])
        positions.append(position)
    return positions
