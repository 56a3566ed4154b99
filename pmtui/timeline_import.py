"""Turn a pasted chat transcript or log into timeline entries (pure: text in, entry fields out).

Understood, one message per timestamp:
- `[14:05] sam: rolled back`, `14:05 sam: …`, `14:05:11 <sam> …`, `[2:05 PM] …`
- `2026-11-20 14:05:11 …`, `2026/11/20 14:05 …`, ISO 8601 `2026-11-20T14:05:11.123Z` / `+01:00` / no offset
- `[11/20/2026, 2:05:11 PM] sam: …` (month first; day first when the first number is above 12)
- syslog and journald `Nov 20 14:05:11 host app: …` (the year is the incident's), `20 Nov 2026 14:05 …`
- chat clients that put the name and time on one line and the message below it:
  Slack `Sam Ortega  2:05 PM` / `Sam Ortega [2:05 PM]`, Teams `Sam Ortega 14:05` / `[14:05] Sam Ortega`;
  a line holding only a time starts another message by the same person (Slack does that).

Times without a date take the incident's date (incident.started_at, else the first timeline
entry, in the incident's time zone); times without an offset are in the incident's time zone.
When a dateless time is more than six hours earlier than the one before it, the log has crossed
midnight and the date moves on a day. A line without a timestamp continues the message above
it. Lines before the first timestamp, and timestamps that are not real times (25:70), are
reported with their line numbers, never dropped silently.

Kinds are guessed only from unambiguous words, and never when the message has a negation
(not, no, never, yet, n't):
"paged" / "alert fired" -> alert; "acknowledged" / "ack'd" -> acknowledged; "mitigated" ->
mitigated; "rolled back" / "reverted" -> action-done. Everything else is a note.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from pmtui.changes import AddEntry, Batch
from pmtui.model import Session, TimelineKind

_TIME = r"(?P<h>\d{1,2}):(?P<m>\d{2})(?::(?P<s>\d{2})(?:[.,]\d{1,9})?)?(?:\s?(?P<ampm>[AaPp]\.?[Mm]\.?))?"
_ISO_DATE = r"(?P<y>\d{4})[-/](?P<mo>\d{1,2})[-/](?P<d>\d{1,2})"
_US_DATE = r"(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<yy>\d{4})"
_MONTHS = "jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec"
# syslog and journald "Nov 20 14:05:11", "Nov 20, 2026 2:05 PM", "20 Nov 2026 14:05"
_NAMED_DATE = (
    rf"(?:(?P<mon>(?i:{_MONTHS}))[a-z]*\.?\s+(?P<md>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(?P<my>\d{{4}}))?"
    rf"|(?P<dm>\d{{1,2}})\s+(?P<mon2>(?i:{_MONTHS}))[a-z]*\.?(?:\s+(?P<dy>\d{{4}}))?)"
)
_OFFSET = r"(?P<tz>Z|[+-]\d{2}(?::?\d{2})?|\s?UTC|\s?GMT)?"

# A timestamp at the start of a line, bracketed or not, with or without a date.
_LEADING = re.compile(
    r"^\s*(?P<open>[\[(])?\s*"
    rf"(?:(?:{_ISO_DATE}|{_US_DATE}|{_NAMED_DATE})(?:T|,?\s+))?"
    rf"{_TIME}{_OFFSET}"
    r"\s*(?P<close>[\])])?"
    r"(?P<rest>(?:[\s:|>-].*)?)$"
)
# A name followed by a time and nothing else: how Slack and Teams copy a message header.
_NAME = r"[^\W\d_][\w.'’-]*(?:\s+[^\W\d_][\w.'’-]*){0,4}"
_TRAILING = re.compile(rf"^\s*(?P<name>{_NAME})\s*,?\s+\[?{_TIME}\]?\s*$")
_SPEAKER = re.compile(rf"^(?:<(?P<irc>[^<>\s][^<>]{{0,40}})>|(?P<name>{_NAME})\s*:)\s+(?P<text>\S.*)$")
_NAME_ONLY = re.compile(rf"^{_NAME}$")
_NAME_PARTICLES = {"de", "da", "di", "del", "van", "von", "der", "den", "la", "le", "bin", "al", "y"}

ROLLOVER = dt.timedelta(hours=6)
"""A dateless time this much earlier than the previous one means the log crossed midnight."""

_NEGATION = re.compile(r"\b(?:not|no|never|yet)\b|n['’]t\b", re.IGNORECASE)
_KIND_RULES: list[tuple[re.Pattern[str], TimelineKind]] = [
    (re.compile(r"\b(?:paged|alert (?:fired|triggered)|alerts? firing)\b", re.IGNORECASE), TimelineKind.ALERT),
    (re.compile(r"\b(?:acknowledged|ack'?d)\b", re.IGNORECASE), TimelineKind.ACKNOWLEDGED),
    (re.compile(r"\bmitigated\b", re.IGNORECASE), TimelineKind.MITIGATED),
    (re.compile(r"\b(?:rolled back|reverted)\b", re.IGNORECASE), TimelineKind.ACTION_DONE),
]


@dataclass
class ImportResult:
    """What a log turned into: entry fields for AddEntry("timeline", …), and what was left out."""

    entries: list[dict[str, Any]] = field(default_factory=list)
    """Fields of each new entry (at, kind, text, optionally author), in the log's order."""
    skipped_duplicates: int = 0
    """Messages already in the timeline (same moment, same text) or repeated in the log."""
    unreadable_lines: list[tuple[int, str]] = field(default_factory=list)
    """(line number from 1, the line) for lines that belong to no message."""
    problem: str = ""
    """Set when nothing could be imported at all, e.g. no date to put dateless times on."""


@dataclass
class _Stamp:
    hour: int
    minute: int
    second: int
    date: dt.date | None
    offset: dt.tzinfo | None
    twelve_hour: bool = False
    month_day: tuple[int, int] | None = None
    """A date without a year (syslog); the year comes from the incident."""


@dataclass
class _Message:
    line_no: int
    stamp: _Stamp
    author: str
    lines: list[str]


def guess_kind(text: str) -> TimelineKind:
    """A conservative guess of a message's kind from its words; NOTE unless a rule clearly fits."""
    if _NEGATION.search(text):
        return TimelineKind.NOTE
    for pattern, kind in _KIND_RULES:
        if pattern.search(text):
            return kind
    return TimelineKind.NOTE


def _stamp(match: re.Match[str]) -> _Stamp | None:
    """The timestamp a match holds, or None when it is not a real time or date."""
    parts = match.groupdict()
    hour, minute, second = int(parts["h"]), int(parts["m"]), int(parts["s"] or 0)
    if parts.get("ampm"):
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if parts["ampm"][0] in "Pp" else 0)
    if hour > 23 or minute > 59 or second > 59:
        return None
    date = None
    month_day = None
    try:
        if parts.get("y"):
            date = dt.date(int(parts["y"]), int(parts["mo"]), int(parts["d"]))
        elif parts.get("yy"):
            first, second_number = int(parts["a"]), int(parts["b"])
            month, day = (second_number, first) if first > 12 else (first, second_number)
            date = dt.date(int(parts["yy"]), month, day)
        elif parts.get("mon") or parts.get("mon2"):
            month = _MONTHS.split("|").index((parts.get("mon") or parts["mon2"]).lower()) + 1
            day = int(parts.get("md") or parts["dm"])
            year = parts.get("my") or parts.get("dy")
            if year:
                date = dt.date(int(year), month, day)
            else:
                dt.date(2000, month, day)  # a leap year: 29 Feb is a real date
                month_day = (month, day)
    except ValueError:
        return None
    stamp = _Stamp(hour, minute, second, date, _offset(parts.get("tz")), bool(parts.get("ampm")))
    stamp.month_day = month_day
    return stamp


def _offset(text: str | None) -> dt.tzinfo | None:
    if not text:
        return None
    text = text.strip()
    if text in ("Z", "UTC", "GMT"):
        return dt.UTC
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    hours, mins = int(digits[:2]), int(digits[2:4] or 0)
    if hours > 23 or mins > 59:
        return None
    return dt.timezone(sign * dt.timedelta(hours=hours, minutes=mins))


def _looks_like_name(text: str) -> bool:
    """Title-case words such as "Sam Ortega" or "Jan de Vries": a chat header, not a message."""
    if not _NAME_ONLY.match(text) or len(text) > 40:
        return False
    words = text.split()
    return words[0][0].isupper() and all(w[0].isupper() or w in _NAME_PARTICLES for w in words)


def _split_speaker(rest: str) -> tuple[str, str]:
    """(author, text) from what follows a timestamp: `sam: text`, `<sam> text`, or just text."""
    rest = rest.strip().lstrip("|-–—").strip()
    match = _SPEAKER.match(rest)
    if match and not match.group("text").startswith("//"):
        return (match.group("irc") or match.group("name")).strip(), match.group("text").strip()
    return "", rest


def _base_date(session: Session) -> dt.date | None:
    tz = session.incident.tz
    if session.incident.started_at is not None:
        return session.incident.started_at.astimezone(tz).date()
    if session.timeline:
        return min(event.at for event in session.timeline).astimezone(tz).date()
    return None


def _read_messages(lines: list[str], result: ImportResult) -> list[_Message]:
    """Group lines into messages; lines that belong to none go to result.unreadable_lines."""
    messages: list[_Message] = []
    pending_header: _Message | None = None  # a name-and-time line still waiting for its text
    for index, raw in enumerate(lines):
        line_no = index + 1
        line = raw.rstrip()
        if not line.strip():
            continue
        leading = _LEADING.match(line)
        trailing = None if leading else _TRAILING.match(line)
        if trailing and not (_looks_like_name(trailing.group("name").strip()) and _next_is_text(lines, index)):
            trailing = None  # "Restarted at 14:05" inside a message is text, not a header
        if leading and leading.group("open") and not leading.group("close"):
            leading = None
        match = leading or trailing
        if match is None:
            if pending_header is not None:
                pending_header.lines.append(line.strip())
                messages.append(pending_header)
                pending_header = None
            elif messages:
                messages[-1].lines.append(line.strip())
            else:
                result.unreadable_lines.append((line_no, raw))
            continue
        stamp = _stamp(match)
        if pending_header is not None:
            result.unreadable_lines.append((pending_header.line_no, lines[pending_header.line_no - 1]))
            pending_header = None
        if stamp is None:
            result.unreadable_lines.append((line_no, raw))
            continue
        if trailing:
            pending_header = _Message(line_no, stamp, trailing.group("name").strip(), [])
            continue
        rest = leading.group("rest") if leading else ""
        author, text = _split_speaker(rest)
        if not text:
            # A bare time: the same person's next message (Slack), text on the following line.
            pending_header = _Message(line_no, stamp, messages[-1].author if messages else "", [])
        elif not author and _looks_like_name(text) and _next_is_text(lines, index):
            pending_header = _Message(line_no, stamp, text, [])  # Teams: "[14:05] Sam Ortega"
        else:
            messages.append(_Message(line_no, stamp, author, [text]))
    if pending_header is not None:
        result.unreadable_lines.append((pending_header.line_no, lines[pending_header.line_no - 1]))
    return messages


def _next_is_text(lines: list[str], index: int) -> bool:
    for line in lines[index + 1 :]:
        if line.strip():
            return not _LEADING.match(line) and not _is_name_header(line)
    return False


def _is_name_header(line: str) -> bool:
    match = _TRAILING.match(line)
    return bool(match and _looks_like_name(match.group("name").strip()))


def _normalise(text: str) -> str:
    return " ".join(text.split()).casefold()


def parse_chat_log(
    text: str, session: Session, kind: TimelineKind | str | None = None, guess: bool = True
) -> ImportResult:
    """Read a pasted chat or log into new timeline entry fields for this session.

    kind forces one kind for every entry; otherwise the kind is guessed (see the module
    docstring) when guess is true, and NOTE when it is not.
    """
    result = ImportResult()
    lines = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    messages = _read_messages(lines, result)
    tz = session.incident.tz
    current_date = _base_date(session)
    previous: dt.datetime | None = None
    seen = {(event.at, _normalise(event.text)) for event in session.timeline}
    forced = TimelineKind(kind) if kind else None
    previous_twelve_hour = False
    for message in messages:
        stamp = message.stamp
        hour = stamp.hour
        if previous_twelve_hour and not stamp.twelve_hour and 1 <= hour <= 12 and previous is not None:
            # Slack writes "2:06" under "Sam Ortega  2:05 PM": same half of the day as the message before.
            hour = hour % 12 + (12 if previous.hour >= 12 else 0)
        previous_twelve_hour = stamp.twelve_hour or (previous_twelve_hour and stamp.date is None)
        clock = dt.time(hour, stamp.minute, stamp.second)
        date = stamp.date
        if stamp.month_day is not None and current_date is not None:
            try:
                date = dt.date(current_date.year, *stamp.month_day)
            except ValueError:  # 29 February in a year without one
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
                return result
            local = dt.datetime.combine(current_date, clock, tzinfo=stamp.offset or tz)
            if previous is not None and local < previous - ROLLOVER:
                local += dt.timedelta(days=1)
        previous = local
        current_date = local.astimezone(tz).date() if stamp.offset else local.date()
        at = local.astimezone(dt.UTC)
        body = "\n".join(message.lines).strip()
        key = (at, _normalise(body))
        if key in seen:
            result.skipped_duplicates += 1
            continue
        seen.add(key)
        fields: dict[str, Any] = {
            "at": at,
            "kind": (forced or (guess_kind(body) if guess else TimelineKind.NOTE)).value,
            "text": body,
        }
        if message.author:
            fields["author"] = message.author
        result.entries.append(fields)
    result.unreadable_lines.sort()
    return result


def as_change(session: Session, entries: list[dict[str, Any]]) -> Batch:
    """One undoable change that adds the entries, each at its place in time order."""
    positions = insertion_positions(session, entries)
    return Batch([AddEntry("timeline", fields, position=pos) for fields, pos in zip(entries, positions, strict=True)])


def insertion_positions(session: Session, entries: list[dict[str, Any]]) -> list[int]:
    """Where each new entry goes so the timeline stays in time order (applied one after another)."""
    times = [event.at for event in session.timeline]
    positions = []
    for fields in entries:
        position = bisect.bisect_right(times, fields["at"])
        times.insert(position, fields["at"])
        positions.append(position)
    return positions
