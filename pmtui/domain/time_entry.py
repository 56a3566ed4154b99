"""Times as people type and read them in the meeting: `14:05 alert PagerDuty paged`, `+5m`, `now`.

Pure functions, no Textual. Wall-clock times are read in the incident's time zone, on the
incident's day (or the day of the entry they follow); results are aware UTC datetimes.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from pmtui.domain.model import TimelineKind

KIND_ALIASES: dict[str, TimelineKind] = {
    "ack": TimelineKind.ACKNOWLEDGED,
    "acked": TimelineKind.ACKNOWLEDGED,
    "acknowledge": TimelineKind.ACKNOWLEDGED,
    "alerted": TimelineKind.ALERT,
    "detect": TimelineKind.DETECTED,
    "mitigate": TimelineKind.MITIGATED,
    "mitigation": TimelineKind.MITIGATED,
    "resolve": TimelineKind.RESOLVED,
    "comm": TimelineKind.COMMUNICATION,
    "comms": TimelineKind.COMMUNICATION,
    "communicate": TimelineKind.COMMUNICATION,
    "realized": TimelineKind.REALIZATION,
    "realised": TimelineKind.REALIZATION,
    "realisation": TimelineKind.REALIZATION,
    "impact-started": TimelineKind.IMPACT_START,
    "impact-ended": TimelineKind.IMPACT_END,
    "done": TimelineKind.ACTION_DONE,
}
"""Short or British spellings accepted for timeline kinds; the canonical names always work."""

TIME_HINT = "use HH:MM, HH:MM:SS, 2:05pm, now, +5m after the previous entry, or -2m before now"
EXAMPLE = "e.g. 14:05 alert PagerDuty paged the on-call"

_CLOCK = re.compile(r"^(\d{1,2}):(\d{2})(?::(\d{2}))?(am|pm)?$", re.IGNORECASE)
_HOUR_AMPM = re.compile(r"^(\d{1,2})(am|pm)$", re.IGNORECASE)
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_RELATIVE = re.compile(r"^([+-])((?:\d+(?:h|m|min|s))+)$", re.IGNORECASE)
_RELATIVE_PART = re.compile(r"(\d+)(h|min|m|s)", re.IGNORECASE)
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{1,2}:\d{2}")
_UNIT_SECONDS = {"h": 3600, "m": 60, "min": 60, "s": 1}


class TimeEntryError(ValueError):
    """A typed time or timeline line could not be understood; the message says how to write it."""


def kind_named(word: str) -> TimelineKind | None:
    """The timeline kind a word names (canonical or alias, any case, '_' for '-'), or None."""
    name = word.strip().rstrip(":").lower().replace("_", "-")
    try:
        return TimelineKind(name)
    except ValueError:
        return KIND_ALIASES.get(name)


_INFLECTIONS = ("s", "es", "d", "ed", "ing")
"""Endings that make a kind's name an ordinary word of the text ("alerts fired"), not a typo."""
_NOT_TYPOS = frozenset({"alter", "alters", "altered", "alerting", "reaction", "actin", "nodes", "noted", "votes"})
"""Real words that happen to be one or two letters from a kind's name."""


def near_kind(word: str) -> TimelineKind | None:
    """The kind a first word almost names ("alrt", "mitgated"), or None if it is no near miss.

    A near miss is one or two edits (two only for names of seven letters or more) from a kind's
    name or alias of five letters or more. Such a word is refused rather than stored as note text.
    """
    name = word.strip().rstrip(":").lower().replace("_", "-")
    if len(name) < 4 or name in _NOT_TYPOS or kind_named(name) is not None:
        return None
    targets = [*((k.value, k) for k in TimelineKind), *KIND_ALIASES.items()]
    if any(name == target + ending for target, _ in targets for ending in _INFLECTIONS):
        return None
    best: tuple[int, TimelineKind] | None = None
    for target, kind in targets:
        if len(target) < 5:
            continue
        distance = _edit_distance(name, target)
        if distance <= (2 if len(target) >= 7 else 1) and (best is None or distance < best[0]):
            best = (distance, kind)
    return best[1] if best else None


def _edit_distance(a: str, b: str) -> int:
    """Edits (insert, delete, change, swap two neighbours) that turn a into b."""
    if abs(len(a) - len(b)) > 2:
        return 3
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        row = [i]
        for j, cb in enumerate(b, 1):
            cost = min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cost = min(cost, previous2[j - 2] + 1)
            row.append(cost)
        previous2, previous = previous, row
    return previous[-1]


def near_kind_problem(word: str) -> str | None:
    """What to say about a first word that almost names a kind; None when it is fine as text."""
    kind = near_kind(word)
    if kind is None:
        return None
    return (
        f"unknown kind '{word}' — did you mean {kind.value}? Write '{kind.value} …', "
        f"or 'note {word} …' to keep the word as text"
    )


@dataclass(frozen=True)
class TimeContext:
    """What a typed time is read against: the incident's zone, the entry it follows, and now."""

    tz: ZoneInfo
    """The incident's time zone: wall-clock times are read there."""
    previous: dt.datetime | None
    """The entry the new one follows (for `+5m`, and to roll past midnight), if any."""
    now: dt.datetime
    """The clock's time, for `now` and `-2m`."""
    day: dt.date | None = None
    """The incident's day in `tz`, for a bare `14:05` (default: today there)."""


def parse_timeline_line(line: str, context: TimeContext) -> tuple[dt.datetime, TimelineKind | None, str]:
    """Read `TIME [KIND] TEXT` into (when, kind or None, text)."""
    words = line.split()
    if not words:
        raise TimeEntryError(f"Type a time and what happened, {EXAMPLE}")
    at, used = parse_time_words(words, context)
    rest = words[used:]
    kind = kind_named(rest[0]) if rest else None
    if kind is not None:
        rest = rest[1:]
    elif rest and (problem := near_kind_problem(rest[0])):
        raise TimeEntryError(problem)  # a typo in the kind is caught, never stored as the note's text
    # keep the person's own spacing inside the text: cut the original line after the time and kind
    text = _tail(line, len(words) - len(rest)) if rest else ""
    if not text:
        raise TimeEntryError(f"Say what happened after the time, {EXAMPLE}")
    return at, kind, text


def parse_time(text: str, context: TimeContext) -> dt.datetime:
    """Read a time on its own (as in an edit form); the whole text must be the time."""
    words = text.split()
    if not words:
        raise TimeEntryError(f"Type a time: {TIME_HINT}")
    at, used = parse_time_words(words, context)
    if used != len(words):
        raise TimeEntryError(f'"{text.strip()}" is not a time; {TIME_HINT}')
    return at


def parse_time_words(words: list[str], context: TimeContext) -> tuple[dt.datetime, int]:
    """Read the time at the start of `words`; returns (UTC time, number of words used)."""
    tz, previous, now = context.tz, context.previous, context.now
    first = words[0]
    lowered = first.lower()
    if lowered == "now":
        return _utc(now), 1
    relative = _RELATIVE.match(first)
    if relative:
        delta = dt.timedelta(seconds=sum(int(n) * _UNIT_SECONDS[u.lower()] for n, u in _RELATIVE_PART.findall(first)))
        if relative.group(1) == "-":
            return _utc(now - delta), 1
        if previous is None:
            raise TimeEntryError(
                f"{first} counts from the previous entry and there is none yet; type a time like 14:05"
            )
        return _utc(previous + delta), 1
    if first[:1] in "+-" and first[1:2].isdigit():
        raise TimeEntryError(f"{first} is not a time offset; write +5m, +90s, +1h or +1h30m (or -2m before now)")
    if _ISO.match(first) and ("T" in first or "t" in first):
        return _parse_iso(first, tz), 1
    if _DATE.match(first):
        try:
            date = dt.date.fromisoformat(first)
        except ValueError:
            raise TimeEntryError(f"{first} is not a date; write it as YYYY-MM-DD, e.g. 2026-11-20 14:05") from None
        if len(words) < 2:
            raise TimeEntryError(f"{first} needs a time after it, e.g. {first} 14:05")
        clock, used = _parse_clock(words[1:], first_of_line=False)
        return _on_day(date, clock, tz, previous), 1 + used
    clock, used = _parse_clock(words, first_of_line=True)
    return _resolve_clock(clock, context), used


def _parse_iso(word: str, tz: ZoneInfo) -> dt.datetime:
    try:
        value = dt.datetime.fromisoformat(word.replace("z", "Z").replace("Z", "+00:00"))
    except ValueError:
        raise TimeEntryError(
            f"{word} is not a date and time; write e.g. 2026-11-20 14:05 or 2026-11-20T14:05Z"
        ) from None
    if value.tzinfo is None:
        return _on_day(value.date(), value.time(), tz, None)
    return _utc(value)


def _parse_clock(words: list[str], *, first_of_line: bool) -> tuple[dt.time, int]:
    word = words[0]
    suffix = ""
    used = 1
    # "2:05 pm" written with a space
    if len(words) > 1 and words[1].lower() in ("am", "pm") and (_CLOCK.match(word) or word.isdigit()):
        suffix, used = words[1].lower(), 2
        word = word + suffix
    match = _CLOCK.match(word)
    hour_only = _HOUR_AMPM.match(word)
    if match:
        hour, minute, second = int(match.group(1)), int(match.group(2)), int(match.group(3) or 0)
        ampm = (match.group(4) or "").lower()
    elif hour_only:
        hour, minute, second, ampm = int(hour_only.group(1)), 0, 0, hour_only.group(2).lower()
    else:
        if first_of_line and not any(ch.isdigit() for ch in words[0]):
            raise TimeEntryError(f'Start with a time ("{words[0]}" is not one): {TIME_HINT}')
        raise TimeEntryError(f"{words[0]} is not a time; {TIME_HINT}")
    shown = word
    if ampm:
        if not 1 <= hour <= 12:
            raise TimeEntryError(f"{shown} is not a time; with am/pm the hour is 1 to 12 ({TIME_HINT})")
        hour = hour % 12 + (12 if ampm == "pm" else 0)
    if hour > 23 or minute > 59 or second > 59:
        raise TimeEntryError(f"{shown} is not a time; {TIME_HINT}")
    return dt.time(hour, minute, second), used


def _resolve_clock(clock: dt.time, context: TimeContext) -> dt.datetime:
    tz, previous, day = context.tz, context.previous, context.day
    base_day = previous.astimezone(tz).date() if previous is not None else day or context.now.astimezone(tz).date()
    at = _on_day(base_day, clock, tz, previous)
    if previous is not None and at < previous - dt.timedelta(hours=12):
        # 00:10 typed after 23:55: the incident went past midnight
        at = _on_day(base_day + dt.timedelta(days=1), clock, tz, previous)
    return at


def _on_day(day: dt.date, clock: dt.time, tz: ZoneInfo, previous: dt.datetime | None) -> dt.datetime:
    """A wall-clock time on a day in tz, as UTC; refuses times a DST change skipped."""
    first = dt.datetime.combine(day, clock, tzinfo=tz)
    second = first.replace(fold=1)
    # A time the clocks jumped over does not survive a round trip through UTC.
    if first.astimezone(dt.UTC).astimezone(tz).replace(tzinfo=None) != first.replace(tzinfo=None):
        raise TimeEntryError(
            f"{clock:%H:%M} did not happen on {day} in {tz.key}: the clocks went forward; "
            "type the time as shown after the change"
        )
    a, b = _utc(first), _utc(second)
    if a != b and previous is not None and a < previous <= b:
        return b  # a time the clocks went through twice: the later one follows the previous entry
    return a


def _utc(value: dt.datetime) -> dt.datetime:
    return value.astimezone(dt.UTC).replace(microsecond=0)


def _tail(line: str, skip_words: int) -> str:
    """The line after its first `skip_words` words, spacing inside kept."""
    rest = line.strip()
    for _ in range(skip_words):
        rest = rest.split(None, 1)[1] if len(rest.split(None, 1)) > 1 else ""
    return rest.strip()


# ----------------------------------------------------------------- showing times


def incident_day(started_at: dt.datetime | None, tz: ZoneInfo, now: dt.datetime) -> dt.date:
    """The incident's day in its time zone: the day it started, else today there."""
    return (started_at or now).astimezone(tz).date()


def format_clock(at: dt.datetime, tz: ZoneInfo, day: dt.date | None) -> str:
    """HH:MM:SS in tz, with the date in front when it is not the incident's day."""
    local = at.astimezone(tz)
    if day is not None and local.date() != day:
        return f"{local:%Y-%m-%d %H:%M:%S}"
    return f"{local:%H:%M:%S}"


def format_local(at: dt.datetime, tz: dt.tzinfo, with_date: bool = False) -> str:
    """A moment as pmtui writes it for people: `14:02` in tz, `14:02:05` when the seconds matter,
    `2026-11-20 14:02` with the date. Typed back into a time field it gives the same moment."""
    local = at.astimezone(tz)
    clock = f"{local:%H:%M:%S}" if local.second else f"{local:%H:%M}"
    return f"{local:%Y-%m-%d} {clock}" if with_date else clock


def format_for_entry(at: dt.datetime, tz: ZoneInfo, day: dt.date | None) -> str:
    """The text that, typed back, gives the same time: '14:05', or '2026-11-21 00:10:30' off the incident's day."""
    return format_local(at, tz, with_date=day is not None and at.astimezone(tz).date() != day)


def format_moment(at: dt.datetime, tz: ZoneInfo) -> str:
    """A time for a sentence: 'Fri 2026-11-20 14:02 GMT'."""
    local = at.astimezone(tz)
    return f"{local:%a %Y-%m-%d %H:%M} {local.tzname() or tz.key}"
