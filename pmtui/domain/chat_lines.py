"""What one line of a pasted chat or log is: a timestamped message, a message header, a day divider, or noise.

Pure and line by line; turning stamps into moments (which day, which year, which zone) is
timeline_import's job. Formats, as the products copy or save them:
- leading timestamps: `[14:05] sam: …`, `14:05:11 <sam> …`, `[2:05 PM] …`, ISO 8601 with or
  without offset, `2026/11/20 14:05`, `[11/20/2026, 2:05 PM]`, Teams `[27/11 15:02] Name: …`,
  syslog `Nov 20 14:05:11 host app: …`, RFC 5424 `<34>1 2026-…`, journalctl short-iso
  `2026-11-27T15:02:11+0000 host app[22]: …`, Zoom saves `15:02:11 From Sam to Everyone: …`,
  Discord follow-ups `[15:04]text`;
- headers, the message on the lines below: Slack / Mattermost `Sam Ortega  3:02 PM` (also with an
  `APP` or `BOT` badge and 24-hour clocks), Teams `Sam Ortega, 27/11/2026 15:02`, Discord
  `Sam — 27/11/2026 15:02` and `Sam — Today at 3:02 PM`;
- day dividers: `Friday, November 27th`, `Monday, December 1st, 2025`, `Fri, Nov 27, 2026`,
  `Today`, `Yesterday`;
- noise that is understood and dropped: reaction lines (`:+1: 2`, `👀 1`), thread summaries
  (`3 replies`, `View thread`), `(edited)` marks, journalctl's `-- Boot … --` lines.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

_TIME = r"(?P<h>\d{1,2}):(?P<m>\d{2})(?::(?P<s>\d{2})(?:[.,]\d{1,9})?)?(?:\s?(?P<ampm>[AaPp]\.?[Mm]\.?))?"
_ISO_DATE = r"(?P<y>\d{4})[-/](?P<mo>\d{1,2})[-/](?P<d>\d{1,2})"
_SLASH_DATE = r"(?P<a>\d{1,2})[/.](?P<b>\d{1,2})(?:[/.](?P<yy>\d{4}))?"
MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_MONTH = "|".join(MONTHS)
_WEEKDAY = r"(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?"
# syslog and journald "Nov 20 14:05:11", "Nov 20, 2026 2:05 PM", "20 Nov 2026 14:05"
_NAMED_DATE = (
    rf"(?:(?P<mon>(?i:{_MONTH}))[a-z]*\.?\s+(?P<md>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(?P<my>\d{{4}}))?"
    rf"|(?P<dm>\d{{1,2}})\s+(?P<mon2>(?i:{_MONTH}))[a-z]*\.?(?:\s+(?P<dy>\d{{4}}))?)"
)
_OFFSET = r"(?P<tz>Z|[+-]\d{2}(?::?\d{2})?|\s?UTC|\s?GMT)?"
_RELATIVE_DAY = r"(?P<rel>(?i:today|yesterday))\s+(?i:at)\s+"

# A timestamp at the start of a line, bracketed or not, with or without a date.
_LEADING = re.compile(
    r"^\s*(?:<\d{1,3}>\d?\s+)?"  # RFC 5424's <priority>version
    r"(?P<open>[\[(])?\s*"
    rf"(?:(?:{_ISO_DATE}|{_SLASH_DATE}|{_NAMED_DATE})(?:T|,?\s+))?"
    rf"{_TIME}{_OFFSET}"
    r"(?:\s*(?P<close>[\])]))?"
    r"(?P<rest>.*)$"
)
_NAME = r"[^\W\d_][\w.'’-]*(?:\s+[^\W\d_][\w.'’-]*){0,4}"
_BADGE = r"(?:\s+(?P<badge>APP|BOT|App|Bot))?"
# A name, maybe a badge, maybe a date, then a time and nothing else: a message header.
_HEADER = re.compile(
    rf"^\s*(?P<name>{_NAME}?){_BADGE}\s*(?P<sep>[,—–]|\s-)?\s*"
    rf"(?:{_RELATIVE_DAY}|(?:{_ISO_DATE}|{_SLASH_DATE})(?:,?\s+))?"
    rf"\[?{_TIME}\]?\s*$"
)
_SPEAKER = re.compile(rf"^(?:<(?P<irc>[^<>\s][^<>]{{0,40}})>|(?P<name>{_NAME})\s*:)\s+(?P<text>\S.*)$")
_ZOOM = re.compile(r"^From\s+(?P<name>\S.{0,60}?)(?:\s+to\s+(?P<to>\S.{0,60}?))?\s*:(?:\s+(?P<text>.*))?$")
_NAME_ONLY = re.compile(rf"^{_NAME}$")
_USERNAME = re.compile(r"^@?[a-z][a-z0-9]*[._-][a-z0-9._-]*$")
_NAME_PARTICLES = {"de", "da", "di", "del", "van", "von", "der", "den", "la", "le", "bin", "al", "y"}

_DIVIDER = re.compile(
    rf"^\s*(?:(?P<rel>today|yesterday)"
    rf"|(?:{_WEEKDAY},?\s+)?(?:(?P<mon>{_MONTH})[a-z]*\.?\s+(?P<md>\d{{1,2}})(?:st|nd|rd|th)?"
    rf"|(?P<dm>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<mon2>{_MONTH})[a-z]*\.?)(?:,?\s+(?P<year>\d{{4}}))?)\s*$",
    re.IGNORECASE,
)
_EMOJI = "\u00a9\u00ae\u203c-\u3299\U0001f000-\U0001faff\ufe0f\u200d"
# One emoji or :shortcode: a step (no nested repeats: a long line of emoji must not backtrack for ever).
_REACTIONS = re.compile(rf"^\s*(?:(?::[\w+'-]{{1,60}}:|[{_EMOJI}])(?:\s*\d{{1,4}})?\s*)+$")
_NOISE = re.compile(
    r"^\s*(?:\d+\s+repl(?:y|ies)\b.*|view thread|last reply\b.*|also sent to the channel|new messages?"
    r"|\(edited\)|edited|show more|show less|-- (?:boot|logs begin|journal begins|no entries)\b.*--)\s*$",
    re.IGNORECASE,
)
_EDITED = re.compile(r"\s*\((?:edited)\)\s*$", re.IGNORECASE)


@dataclass
class Stamp:
    """A timestamp as written; which day it falls on is decided with the lines around it."""

    hour: int
    minute: int
    second: int
    date: dt.date | None = None
    """A full date written on the line."""
    offset: dt.tzinfo | None = None
    """The line's own UTC offset; without one the incident's time zone applies."""
    twelve_hour: bool = False
    month_day: tuple[int, int] | None = None
    """A date without a year (syslog `Nov 20`): the year comes from the copy or the incident."""
    slash: tuple[int, int, int | None] | None = None
    """A 27/11(/2026) date whose order (day or month first) is decided for the whole copy."""
    relative_day: int | None = None
    """0 for "Today at …", -1 for "Yesterday at …"."""


@dataclass
class TimestampedLine:
    """A line that starts with a timestamp: who wrote it (maybe nobody) and what it says (maybe nothing yet)."""

    stamp: Stamp
    author: str
    text: str


@dataclass
class Header:
    """`Sam Ortega  3:02 PM`: a message whose text is on the lines below."""

    stamp: Stamp
    author: str


@dataclass
class Divider:
    """A day divider: a month and day (maybe a year), or a day relative to the copy (0 today, -1 yesterday)."""

    month_day: tuple[int, int] | None
    year: int | None
    relative_day: int | None


def read_timestamped_line(line: str) -> TimestampedLine | None:
    """The timestamp, author and text of a line that starts with a time, or None.

    A timestamp that is not a real time (25:70) gives None as well; `is_timestamp_like`
    tells the two apart. The text is empty when the message continues on the next line.
    """
    match = _LEADING.match(line)
    if match is None or not _ends_well(match):
        return None
    stamp = _stamp(match)
    if stamp is None:
        return None
    author, text = _split_speaker(match.group("rest"), bracketed=bool(match.group("close")), stamp=stamp)
    return TimestampedLine(stamp, author, clean_text(text))


def is_timestamp_like(line: str) -> bool:
    """Whether the line starts with something shaped like a timestamp, real or not (`[25:70] …`)."""
    match = _LEADING.match(line)
    return bool(match and _ends_well(match))


def read_header(line: str) -> Header | None:
    """A chat header line (name and time, the message below), or None. Check the next line is text."""
    match = _HEADER.match(line)
    if match is None:
        return None
    name = match.group("name").strip()
    dated = bool(match.group("y") or match.group("a") or match.group("rel"))
    if not name or not (match.group("badge") or dated or looks_like_name(name) or _USERNAME.match(name)):
        return None
    stamp = _stamp(match)
    return Header(stamp, name) if stamp else None


def read_divider(line: str) -> Divider | None:
    """A day divider line, or None."""
    match = _DIVIDER.match(line)
    if match is None:
        return None
    if match.group("rel"):
        return Divider(None, None, 0 if match.group("rel").lower() == "today" else -1)
    month = MONTHS.index((match.group("mon") or match.group("mon2")).lower()[:3]) + 1
    day = int(match.group("md") or match.group("dm"))
    try:
        dt.date(2000, month, day)  # a leap year: 29 February is a real date
    except ValueError:
        return None
    return Divider((month, day), int(match.group("year")) if match.group("year") else None, None)


def is_noise(line: str) -> bool:
    """Reactions, thread summaries, edit marks and log-viewer banners: understood and dropped."""
    return bool(_NOISE.match(line) or _REACTIONS.match(line))


def is_reaction(line: str) -> bool:
    """A line of reactions (`:+1: 2`, `👀 1`); Slack may put each count on the line below."""
    return bool(_REACTIONS.match(line))


def clean_text(text: str) -> str:
    """A message line without Slack's or Discord's trailing `(edited)` mark."""
    return _EDITED.sub("", text.strip())


def looks_like_name(text: str) -> bool:
    """Title-case words such as "Sam Ortega" or "Jan de Vries": a chat header, not a message."""
    if not _NAME_ONLY.match(text) or len(text) > 40:
        return False
    words = text.split()
    return words[0][0].isupper() and all(w[0].isupper() or w in _NAME_PARTICLES for w in words)


def _ends_well(match: re.Match[str]) -> bool:
    if match.group("open") and not match.group("close"):
        return False
    rest = match.group("rest")
    # "[15:04]text" (Discord) is a message; "14:05text" is not a timestamp.
    return not rest or bool(match.group("close")) or rest[0] in " \t:|>-–—,"


def _stamp(match: re.Match[str]) -> Stamp | None:
    """The timestamp a match holds, or None when it is not a real time or date."""
    parts = match.groupdict()
    hour, minute, second = int(parts["h"]), int(parts["m"]), int(parts["s"] or 0)
    if parts.get("ampm"):
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if parts["ampm"][0] in "Pp" else 0)
    if hour > 23 or minute > 59 or second > 59:
        return None
    stamp = Stamp(hour, minute, second, offset=_offset(parts.get("tz")), twelve_hour=bool(parts.get("ampm")))
    try:
        if parts.get("y"):
            stamp.date = dt.date(int(parts["y"]), int(parts["mo"]), int(parts["d"]))
        elif parts.get("a"):
            first, second_number = int(parts["a"]), int(parts["b"])
            if first > 31 or second_number > 31 or (first > 12 and second_number > 12):
                return None
            stamp.slash = (first, second_number, int(parts["yy"]) if parts.get("yy") else None)
        elif parts.get("mon") or parts.get("mon2"):
            month = MONTHS.index((parts.get("mon") or parts["mon2"]).lower()) + 1
            day = int(parts.get("md") or parts["dm"])
            year = parts.get("my") or parts.get("dy")
            if year:
                stamp.date = dt.date(int(year), month, day)
            else:
                dt.date(2000, month, day)  # a leap year: 29 Feb is a real date
                stamp.month_day = (month, day)
        elif parts.get("rel"):
            stamp.relative_day = 0 if parts["rel"].lower() == "today" else -1
    except ValueError:
        return None
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


def _split_speaker(rest: str, *, bracketed: bool, stamp: Stamp) -> tuple[str, str]:
    """(author, text) from what follows a timestamp: `sam: text`, `<sam> text`, Zoom's `From sam to Everyone:`."""
    rest = rest.strip().lstrip("|-–—,").strip()
    zoom = _ZOOM.match(rest) if not bracketed else None
    if zoom and (zoom.group("to") or zoom.group("text")):
        return zoom.group("name").strip(), (zoom.group("text") or "").strip()
    match = _SPEAKER.match(rest)
    if match and not match.group("text").startswith("//"):
        return (match.group("irc") or match.group("name")).strip(), match.group("text").strip()
    return "", rest
