"""Timeline lines as postmortem documents write them: a time at the start, a zone, a label.

Pure functions over the text of one line or cell (markup already removed by the reader):

- `read_line_time("2026-11-20 10:01 UTC: (Detection) alert fired")` -> the date, clock, zone
  and the rest of the line; also `10:01 - …`, `10:01:30 …`, `2:05 PM …`, `Nov 5, 23:20 …`,
  `20 Nov 2026 10:01 …`, ISO 8601 `2026-11-20T10:01:00Z` / `+01:00`.
- `read_date_line("Friday, November 20, 2026")` -> the date a line or heading sets for the bare
  times below it.
- `zone_in_words("All times are in PT")` -> the zone a document, a column header or a line names:
  an IANA name, `UTC`, `UTC+2`, or an abbreviation from ZONE_ABBREVIATIONS.
- `take_label("(Detection) PagerDuty alert")` -> (kind, text without the label), through LABEL_KINDS.

Abbreviations map to IANA zones, so daylight saving comes out right on both sides of a change
(`PT` in March and in November); a daylight or standard abbreviation (`PDT`, `PST`) also picks
the right side of the repeated hour when clocks go back.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pmtui.domain.kind_rules import LABELS
from pmtui.domain.model import TimelineKind
from pmtui.domain.time_entry import kind_named

ZONE_ABBREVIATIONS: dict[str, tuple[str, int | None]] = {
    # abbreviation: (IANA zone, fold for the repeated hour: 0 daylight side, 1 standard side, None either)
    "UTC": ("UTC", None), "GMT": ("UTC", None), "Z": ("UTC", None),
    "PT": ("America/Los_Angeles", None), "PST": ("America/Los_Angeles", 1), "PDT": ("America/Los_Angeles", 0),
    "MT": ("America/Denver", None), "MST": ("America/Denver", 1), "MDT": ("America/Denver", 0),
    "CT": ("America/Chicago", None), "CST": ("America/Chicago", 1), "CDT": ("America/Chicago", 0),
    "ET": ("America/New_York", None), "EST": ("America/New_York", 1), "EDT": ("America/New_York", 0),
    "BST": ("Europe/London", 0), "WET": ("Europe/Lisbon", 1), "WEST": ("Europe/Lisbon", 0),
    "CET": ("Europe/Berlin", 1), "CEST": ("Europe/Berlin", 0),
    "EET": ("Europe/Helsinki", 1), "EEST": ("Europe/Helsinki", 0),
    "IST": ("Asia/Kolkata", None), "JST": ("Asia/Tokyo", None), "KST": ("Asia/Seoul", None),
    "SGT": ("Asia/Singapore", None), "AEST": ("Australia/Sydney", 1), "AEDT": ("Australia/Sydney", 0),
    "NZST": ("Pacific/Auckland", 1), "NZDT": ("Pacific/Auckland", 0),
}  # fmt: skip
"""Zone abbreviations people write in postmortems, and the IANA zone each stands for."""

LABEL_KINDS = LABELS
"""Labels and markers documents put on timeline lines (kind_rules.LABELS, beside the chat import's rules)."""

_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
_WEEKDAY = r"(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?"
_ABBREVIATION = "|".join(sorted((a for a in ZONE_ABBREVIATIONS if a != "Z"), key=len, reverse=True))
_OFFSET_ZONE = r"(?:UTC|GMT)\s?[+-−]\s?\d{1,2}(?::?\d{2})?"
_ZONE = rf"(?-i:Z|[+-]\d{{2}}:?\d{{2}}|{_OFFSET_ZONE}|\(?(?:{_ABBREVIATION})\)?)"
_DATE = (
    rf"(?:(?P<iso>\d{{4}}-\d{{1,2}}-\d{{1,2}})"
    rf"|{_WEEKDAY}(?P<mon>{_MONTH})\s+(?P<md>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(?P<my>\d{{4}}))?"
    rf"|{_WEEKDAY}(?P<dm>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<mon2>{_MONTH})(?:,?\s+(?P<dy>\d{{4}}))?)"
)
_CLOCK = r"(?P<h>\d{1,2}):(?P<m>\d{2})(?::(?P<s>\d{2})(?:[.,]\d{1,9})?)?(?:\s?(?P<ampm>[ap]\.?m\.?))?"
_LINE_TIME = re.compile(
    rf"^\s*[\[(]?\s*(?:{_DATE}(?:T|,?\s+|,?\s*@\s*|\s+at\s+))?{_CLOCK}"
    rf"(?![\d:])(?:\s?(?P<zone>{_ZONE})(?!\w))?\s*[\])]?\s*(?:[-–—:|]+\s*|(?=\s)|$)(?P<rest>.*)$",
    re.IGNORECASE | re.DOTALL,
)
_DATE_ONLY = re.compile(rf"^\s*(?:{_DATE})\s*[.:]?\s*$", re.IGNORECASE)
_US_DATE_ONLY = re.compile(r"^\s*(?:\w+day,?\s+)?(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<y>\d{4})\s*:?\s*$")
_IANA = re.compile(r"\b[A-Z][A-Za-z_]+/[A-Z][A-Za-z_]+(?:/[A-Z][A-Za-z_]+)?\b")
_ZONE_WORD = re.compile(rf"(?<![\w/])(?:(?P<offset>{_OFFSET_ZONE})|(?P<abbr>{_ABBREVIATION}))(?![\w/])")
_BRACKET_LABEL = re.compile(r"\s*[\[(](?P<label>[^\])(\[]{2,40})[\])]\s*[-–—:]?\s*")
_BRACKET_END = re.compile(r"\s*[\[(](?P<label>[^\])(\[]{2,40})[\])]\s*$")
_CAPS_LABEL = re.compile(r"^\s*(?P<label>[A-Z][A-Z ]{2,40}[A-Z])\s*(?:[-–—:!.]+\s*|$)(?=\S|$)")
_COLON_LABEL = re.compile(r"^\s*(?P<label>[A-Za-z][A-Za-z' ]{1,30}?)\s*(?::|\s[-–—])\s+")


@dataclass(frozen=True)
class Zone:
    """A zone a document names: a tzinfo, and which side of a repeated hour its abbreviation means."""

    tz: dt.tzinfo
    fold: int | None = None


@dataclass(frozen=True)
class LineTime:
    """The time at the start of a line, as written: date parts and zone only where the line has them."""

    clock: dt.time
    rest: str
    """The line after the time and its separator."""
    date: dt.date | None = None
    month_day: tuple[int, int] | None = None
    """A date without a year (`Nov 5`): the year comes from the document."""
    zone: Zone | None = None
    twelve_hour: bool = False


def _month(name: str) -> int:
    return _MONTHS.index(name[:3].lower()) + 1


def _date_parts(parts: dict[str, str | None]) -> tuple[dt.date | None, tuple[int, int] | None] | None:
    """(date, month_day) from the date groups of a match; None when the date does not exist."""
    try:
        if parts.get("iso"):
            return dt.date.fromisoformat("-".join(p.zfill(2) for p in parts["iso"].split("-"))), None  # type: ignore[union-attr]
        month_name = parts.get("mon") or parts.get("mon2")
        if month_name:
            month, day = _month(month_name), int(parts.get("md") or parts.get("dm") or 0)
            year = parts.get("my") or parts.get("dy")
            if year:
                return dt.date(int(year), month, day), None
            dt.date(2000, month, day)  # a leap year: 29 February is a real date
            return None, (month, day)
    except ValueError:
        return None
    return None, None


def zone_named(word: str) -> Zone | None:
    """The zone one word or short phrase names: `UTC`, `(PT)`, `CEST`, `UTC+2`, `+01:00`, `Europe/London`."""
    word = word.strip().strip("()[]").strip().replace("−", "-")
    if not word:
        return None
    upper = word.upper()
    if upper in ZONE_ABBREVIATIONS:
        name, fold = ZONE_ABBREVIATIONS[upper]
        return Zone(ZoneInfo(name), fold)
    offset = re.fullmatch(r"(?:UTC|GMT)?\s?([+-])\s?(\d{1,2})(?::?(\d{2}))?", upper)
    if offset:
        hours, minutes = int(offset.group(2)), int(offset.group(3) or 0)
        if hours > 14 or minutes > 59:
            return None
        sign = -1 if offset.group(1) == "-" else 1
        return Zone(dt.timezone(sign * dt.timedelta(hours=hours, minutes=minutes)))
    if "/" in word:
        try:
            return Zone(ZoneInfo(word))
        except (ZoneInfoNotFoundError, ValueError):
            return None
    return None


def zone_in_words(text: str) -> Zone | None:
    """The zone a sentence or header names (`All times UTC`, `Time (PT)`, `Times are in Europe/London (GMT)`).

    An IANA name wins over an abbreviation on the same line: it carries the daylight saving rules.
    """
    for match in _IANA.finditer(text):
        zone = zone_named(match.group())
        if zone is not None:
            return zone
    for match in _ZONE_WORD.finditer(text):
        zone = zone_named(match.group())
        if zone is not None:
            return zone
    return None


def states_zone(text: str) -> Zone | None:
    """The zone of a sentence that says which zone times are in (`All times UTC`, `Times in PT.`)."""
    lowered = text.lower()
    if "time" not in lowered and "zone" not in lowered:
        return None
    if len(text) > 120:  # a paragraph that happens to mention a zone is not a statement about the times
        return None
    return zone_in_words(text)


def read_line_time(text: str) -> LineTime | None:
    """The time a line starts with, or None when it does not start with a real time."""
    match = _LINE_TIME.match(text)
    if match is None:
        return None
    parts = match.groupdict()
    hour, minute, second = int(parts["h"]), int(parts["m"]), int(parts["s"] or 0)
    ampm = parts["ampm"]
    if ampm:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if ampm[0] in "pP" else 0)
    if hour > 23 or minute > 59 or second > 59:
        return None
    dated = _date_parts(parts)
    if dated is None:
        return None
    zone = zone_named(parts["zone"]) if parts["zone"] else None
    return LineTime(
        clock=dt.time(hour, minute, second),
        rest=parts["rest"].strip(),
        date=dated[0],
        month_day=dated[1],
        zone=zone,
        twelve_hour=bool(ampm),
    )


def read_date_line(text: str) -> dt.date | tuple[int, int] | None:
    """The date a line holds and nothing else (`2026-11-20`, `Friday, November 20, 2026`, `Nov 20`)."""
    match = _DATE_ONLY.match(text)
    if match:
        dated = _date_parts(match.groupdict())
        if dated is None:
            return None
        return dated[0] or dated[1]
    us = _US_DATE_ONLY.match(text)
    if us:
        first, second = int(us["a"]), int(us["b"])
        month, day = (second, first) if first > 12 else (first, second)
        try:
            return dt.date(int(us["y"]), month, day)
        except ValueError:
            return None
    return None


@functools.lru_cache(maxsize=512)
def label_kind(label: str) -> TimelineKind | None:
    """The kind a label names (`Detection`, `OUTAGE BEGINS`, `mitigated`, `ack`), or None."""
    if len(label) > 48:
        return None
    words = " ".join(label.replace("_", " ").split()).strip(" .:!-").lower()
    if words in LABEL_KINDS:
        return LABEL_KINDS[words]
    return kind_named(words.replace(" ", "-")) if words else None


def take_label(text: str) -> tuple[TimelineKind | None, str]:
    """(kind, text without its label) for a line with a label or marker; (None, text) without one.

    Labels are `(Detection)` or `[Mitigated]` at the start or end, an all-capitals marker at the
    start (`OUTAGE BEGINS - …`), or a known label followed by a colon or dash (`Impact starts: …`).
    A text that is nothing but a label (`Incident resolved`) gives its kind and keeps its words.
    """
    whole = label_kind(text)
    if whole is not None:
        return whole, text
    for pattern in (_BRACKET_LABEL, _BRACKET_END, _CAPS_LABEL, _COLON_LABEL):
        if pattern is _BRACKET_END:
            match = pattern.search(text) if text.rstrip().endswith((")", "]")) else None
        else:
            match = pattern.match(text)
        if match is None:
            continue
        kind = label_kind(match.group("label"))
        if kind is not None:
            rest = (text[: match.start()] + " " + text[match.end() :]).strip()
            return kind, rest.strip(" -–—:") if rest else rest
    return None, text


def combine(
    date: dt.date, clock: dt.time, zone: Zone | None, default: dt.tzinfo, fold: int | None = None
) -> dt.datetime:
    """An aware datetime in UTC for a wall-clock time on a date in a zone (DST applied by the zone)."""
    tz = zone.tz if zone is not None else default
    chosen = zone.fold if zone is not None and zone.fold is not None else (fold or 0)
    local = dt.datetime.combine(date, clock, tzinfo=tz).replace(fold=chosen)
    return local.astimezone(dt.UTC)
