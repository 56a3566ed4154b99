"""The action quick syntax: one typed line becomes the fields of an action item.

    Add alert on 5xx > 2% for 3 min @priya due:2026-12-05 #detection !P1 ->y3,b1 tracker:PAY-1432

Markers may stand anywhere in the line, each as its own word; the words that are not
markers are the action's text.

- ``@owner`` — one word (``@priya``), or several in quotes (``@"Priya Natarajan"``) or joined
  with underscores (``@Priya_Natarajan``). Matched case-insensitively against the attendees,
  the roles and the incident owner: a first name, a last name or the start of a name expands
  to the full name when only one person fits; a role such as ``@moderator`` or ``@sre`` names
  the one person with it. A name nobody has is kept as typed (owners may be absent).
- ``due:DATE`` — ``2026-12-05``, ``12-05`` (the next such day), ``today``, ``tomorrow``,
  a weekday (``fri``, ``friday``: the next one after today), ``+7d``, ``+2w`` or ``+10``
  (days from today).
- ``#kind`` — prevention, detection, acknowledgement (``#ack``), mitigation, communication
  (``#comms``), documentation (``#docs``), or any unambiguous start of one (``#prev``).
  ``#`` followed by a digit (``PR #2291``) stays in the text.
- ``!P1`` / ``!p2`` / ``!3`` — priority.
- ``->y3,b1`` — the ids of the whys and went-wrong entries the action addresses.
- ``tracker:KEY`` — a ticket key or URL.
- A backslash keeps a marker as text: ``\\#payments`` is written ``#payments``.

`parse_action` never raises: it returns the fields it understood and a list of problems,
each one line that says what to write instead.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from pmtui.domain.model import LINKABLE_SECTIONS, ActionItem, ActionKind, Priority, Session

KIND_ALIASES: dict[str, ActionKind] = {
    "ack": ActionKind.ACKNOWLEDGEMENT,
    "acknowledgment": ActionKind.ACKNOWLEDGEMENT,
    "comms": ActionKind.COMMUNICATION,
    "comm": ActionKind.COMMUNICATION,
    "docs": ActionKind.DOCUMENTATION,
    "doc": ActionKind.DOCUMENTATION,
}
"""Short names for action kinds, besides the kinds' own names and their unambiguous starts."""

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
WEEKDAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

DUE_FORMS = "YYYY-MM-DD, MM-DD, today, tomorrow, a weekday (fri), +7d or +2w"
KIND_NAMES = ", ".join(kind.value for kind in ActionKind)
KIND_SHORT_NAMES = "#prevention, #detection, #ack, #mitigation, #comms or #docs"

# A word, or @"several words" (the closing quote may be missing; that is reported).
_TOKEN = re.compile(r'@"[^"]*"?|\S+')
_PRIORITY = re.compile(r"^!(?:p)?([123])$", re.IGNORECASE)
_RELATIVE = re.compile(r"^\+(\d{1,4})([dw]?)$", re.IGNORECASE)
_MONTH_DAY = re.compile(r"^(\d{1,2})-(\d{1,2})$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_ID = re.compile(r"^[A-Za-z0-9_.-]+$")


@dataclass
class ParsedAction:
    """What a quick-syntax line says: the action's fields and what could not be understood."""

    fields: dict[str, Any] = field(default_factory=dict)
    """text, and owner, due, kind, priority, addresses, tracker where the line gives them."""
    problems: list[str] = field(default_factory=list)
    """One line each, saying what is wrong and what to write instead."""

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def text(self) -> str:
        return str(self.fields.get("text", ""))


def parse_due(value: str, today: dt.date) -> dt.date:
    """A due date from its friendly form; ValueError with a message saying what to write."""
    word = value.strip().lower()
    if not word:
        raise ValueError(f"due date is empty; write {DUE_FORMS}")
    if word == "today":
        return today
    if word in ("tomorrow", "tmr", "tmrw"):
        return today + dt.timedelta(days=1)
    if word in WEEKDAYS or word in WEEKDAY_NAMES:
        weekday = WEEKDAYS.index(word[:3])
        # The next such day after today: "fri" said on a Friday means a week later.
        return today + dt.timedelta(days=(weekday - today.weekday() - 1) % 7 + 1)
    if match := _RELATIVE.match(word):
        count, unit = int(match[1]), match[2] or "d"
        return today + dt.timedelta(days=count * (7 if unit == "w" else 1))
    if match := _ISO_DATE.match(word):
        try:
            return dt.date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            raise ValueError(f'"{value}" is not a date in the calendar; write YYYY-MM-DD such as 2026-12-05') from None
    if match := _MONTH_DAY.match(word):
        month, day = int(match[1]), int(match[2])
        for year in (today.year, today.year + 1):
            try:
                candidate = dt.date(year, month, day)
            except ValueError:
                # 02-29 may exist only next year; anything else is no date at all.
                continue
            if candidate >= today:
                return candidate
        raise ValueError(f'"{value}" is not a date in the calendar; write MM-DD such as 12-05')
    raise ValueError(f'"{value}" is not a date; write {DUE_FORMS}')


def parse_kind(value: str) -> ActionKind:
    """An action kind from its name, a short name or an unambiguous start; ValueError otherwise."""
    word = value.strip().lower()
    if word in KIND_ALIASES:
        return KIND_ALIASES[word]
    try:
        return ActionKind(word)
    except ValueError:
        pass
    starts = [kind for kind in ActionKind if word and kind.value.startswith(word)]
    if len(starts) == 1:
        return starts[0]
    if len(starts) > 1:
        names = " or ".join(kind.value for kind in starts)
        raise ValueError(f'kind "#{value}" could be {names}; write more of it')
    raise ValueError(f'unknown kind "#{value}": use {KIND_SHORT_NAMES} (\\#{value} keeps it as text)')


def people(session: Session | None) -> list[tuple[str, str]]:
    """Everyone an action could be given to, as (name, what they do), without repeats."""
    if session is None:
        return []
    found: dict[str, str] = {}
    for attendee in session.attendees:
        found.setdefault(attendee.name.strip(), attendee.role)
    extra = (
        (session.roles.moderator, "moderator"),
        (session.roles.notetaker, "notetaker"),
        (session.incident.owner, "incident owner"),
    )
    for name, role in extra:
        name = name.strip()
        if name:
            found[name] = f"{found[name]}, {role}" if found.get(name) else role
    return [(name, role) for name, role in found.items() if name]


def resolve_owner(typed: str, session: Session | None) -> tuple[str, str | None]:
    """The owner's full name for what was typed after @, and a problem when it is ambiguous."""
    name = " ".join(typed.replace("_", " ").split())
    wanted = name.casefold()
    everyone = people(session)
    if not wanted or not everyone:
        return name, None

    def one_of(matches: list[str], how: str) -> tuple[str, str | None] | None:
        matches = list(dict.fromkeys(matches))
        if len(matches) == 1:
            return matches[0], None
        if len(matches) > 1:
            listed = " or ".join(matches)
            return name, f'owner "@{typed}" {how} {listed}; write the full name, e.g. @"{matches[0]}"'
        return None

    for matches, how in (
        ([n for n, _ in everyone if n.casefold() == wanted], "is both"),
        ([n for n, _ in everyone if wanted in n.casefold().split()], "could be"),
        ([n for n, _ in everyone if n.casefold().startswith(wanted)], "could be"),
        ([n for n, role in everyone if wanted in re.split(r"[^\w-]+", role.casefold())], "could be"),
    ):
        if (result := one_of(matches, how)) is not None:
            return result
    return name, None


def _check_addresses(raw: str, session: Session | None) -> tuple[list[str], list[str]]:
    ids = [part.strip() for part in raw.split(",") if part.strip()]
    problems: list[str] = []
    if not ids:
        return [], ["-> needs the ids of whys or went-wrong entries, e.g. ->y3,b1"]
    linkable: set[str] = set()
    if session is not None:
        linkable = {e.id for section in LINKABLE_SECTIONS for e in getattr(session, section)}
    kept: list[str] = []
    for entry_id in ids:
        if not _ID.match(entry_id):
            problems.append(f'"{entry_id}" is not an entry id; write ids such as y3 or b1, separated by commas')
            continue
        if session is not None and entry_id not in linkable:
            found = session.find(entry_id)
            if found is not None:
                problems.append(
                    f"{entry_id} is a {found[0].replace('_', '-')} entry; an action can address only whys and "
                    "went-wrong entries"
                )
            else:
                known = id_ranges(linkable) or "none yet"
                problems.append(f"no why or went-wrong entry has the id {entry_id} (known: {known})")
            continue
        if entry_id not in kept:
            kept.append(entry_id)
    return kept, problems


def _id_order(entry_id: str) -> tuple[str, int, str]:
    match = re.match(r"^([A-Za-z]*)(\d*)(.*)$", entry_id)
    assert match is not None
    return match[1], int(match[2] or 0), match[3]


def id_ranges(ids: set[str] | list[str]) -> str:
    """Ids written short for a message: y1–y6, b1–b3 (runs of numbers with one prefix joined)."""
    parts: list[str] = []
    run: list[tuple[str, int, str]] = []

    def flush() -> None:
        if run:
            first, last = run[0], run[-1]
            start, end = f"{first[0]}{first[1]}", f"{last[0]}{last[1]}"
            parts.append(start if len(run) == 1 else f"{start}, {end}" if len(run) == 2 else f"{start}–{end}")
            run.clear()

    def order(entry_id: str) -> tuple[bool, tuple[str, int, str], bool, str]:
        # whys first, then by number; an odd spelling such as y03 after the plain y3
        key = _id_order(entry_id)
        return (not entry_id.startswith("y"), key, f"{key[0]}{key[1]}" != entry_id, entry_id)

    for original in sorted(ids, key=order):
        key = _id_order(original)
        prefix, number, rest = key
        if rest or not number or f"{prefix}{number}" != original:
            flush()
            parts.append(original)
        elif run and run[-1][0] == prefix and run[-1][1] == number - 1:
            run.append(key)
        else:
            flush()
            run.append(key)
    flush()
    return ", ".join(parts)


def parse_action(line: str, session: Session | None = None, today: dt.date | None = None) -> ParsedAction:
    """Split a quick-syntax line into an action's fields; problems list what could not be used."""
    today = today or dt.date.today()
    result = ParsedAction()
    fields, problems = result.fields, result.problems
    words: list[str] = []

    def once(key: str, marker: str, value: Any) -> None:
        if key in fields and fields[key] != value:
            problems.append(f"{marker} is given twice; keep one")
        fields[key] = value

    for token in _TOKEN.findall(line):
        lower = token.lower()
        if token.startswith("\\") and len(token) > 1:
            words.append(token[1:])  # escaped marker: keep as text
        elif token.startswith("@") and len(token) > 1:
            typed = token[1:]
            if typed.startswith('"'):
                if len(typed) < 2 or not typed.endswith('"'):
                    problems.append(f'owner {token} has no closing quote; write @"First Last"')
                typed = typed.strip('"')
            if not typed.strip():
                problems.append('owner "@" needs a name, e.g. @priya or @"Priya Natarajan"')
                continue
            owner, problem = resolve_owner(typed, session)
            if problem:
                problems.append(problem)
            once("owner", "owner (@)", owner)
        elif lower.startswith("due:"):
            try:
                once("due", "due:", parse_due(token[4:], today))
            except ValueError as error:
                problems.append(f"due: {error}")
        elif token.startswith("#") and len(token) > 1 and not token[1].isdigit():
            try:
                once("kind", "#kind", parse_kind(token[1:]))
            except ValueError as error:
                problems.append(str(error))
        elif token.startswith("!") and len(token) > 1 and token[1] != "!":
            if match := _PRIORITY.match(token):
                once("priority", "!priority", Priority(f"P{match[1]}"))
            else:
                problems.append(f'priority "{token}" is not one of !P1, !P2, !P3 (write \\{token} to keep it as text)')
        elif token.startswith(("->", "→")):
            raw = token[2:] if token.startswith("->") else token[1:]
            addresses, found = _check_addresses(raw, session)
            problems.extend(found)
            if addresses:
                merged = [*fields.get("addresses", []), *addresses]
                fields["addresses"] = list(dict.fromkeys(merged))
        elif lower.startswith("tracker:"):
            key = token[len("tracker:") :]
            if not key:
                problems.append("tracker: needs a ticket key or URL, e.g. tracker:PAY-1432")
            else:
                once("tracker", "tracker:", key)
        else:
            words.append(token)

    text = " ".join(words)
    if text:
        fields["text"] = text
    else:
        problems.append("the action needs a text saying what will change, besides its @owner, due: and other markers")
    # Keep fields in the order of the file's keys, so a new entry reads like the samples.
    order = ("text", "owner", "due", "kind", "priority", "status", "addresses", "tracker")
    result.fields = {key: fields[key] for key in order if key in fields}
    return result


def _quote_owner(owner: str) -> str:
    return f'@"{owner}"' if " " in owner else f"@{owner}"


def to_quick_syntax(action: ActionItem | dict[str, Any]) -> str:
    """Write an action back as one quick-syntax line (parse_action reads it back to the same fields)."""
    data = action.model_dump() if isinstance(action, ActionItem) else dict(action)
    parts: list[str] = []
    for word in str(data.get("text", "")).split():
        # A word that would read as a marker is escaped so it stays text.
        is_marker = (
            (word[:1] in "@!" and len(word) > 1)
            or (word.startswith("#") and len(word) > 1 and not word[1].isdigit())
            or word.lower().startswith(("due:", "tracker:", "->", "→", "\\"))
        )
        parts.append(f"\\{word}" if is_marker else word)
    if data.get("owner"):
        parts.append(_quote_owner(str(data["owner"])))
    if data.get("due"):
        parts.append(f"due:{data['due'].isoformat()}")
    if data.get("kind"):
        parts.append(f"#{ActionKind(data['kind']).value}")
    if data.get("priority"):
        parts.append(f"!{Priority(data['priority']).value}")
    if data.get("addresses"):
        parts.append("->" + ",".join(data["addresses"]))
    if data.get("tracker"):
        parts.append(f"tracker:{data['tracker']}")
    return " ".join(parts)


def relative_day(day: dt.date, today: dt.date) -> str:
    """ "today", "tomorrow", "in 4 days", "3 days ago"."""
    days = (day - today).days
    if days == 0:
        return "today"
    if days == 1:
        return "tomorrow"
    if days > 0:
        return f"in {days} days"
    return "yesterday" if days == -1 else f"{-days} days ago"


def describe(fields: dict[str, Any], today: dt.date | None = None) -> str:
    """A short line saying how a quick-syntax line was read, e.g. for a hint under the input."""
    bits: list[str] = []
    if fields.get("owner"):
        bits.append(f"owner {fields['owner']}")
    if fields.get("due"):
        due: dt.date = fields["due"]
        when = f", {relative_day(due, today)}" if today is not None else ""
        bits.append(f"due {due.isoformat()} ({due:%a}{when})")
    if fields.get("kind"):
        bits.append(ActionKind(fields["kind"]).value)
    if fields.get("priority"):
        bits.append(Priority(fields["priority"]).value)
    if fields.get("addresses"):
        bits.append("addresses " + ", ".join(fields["addresses"]))
    if fields.get("tracker"):
        bits.append(f"tracker {fields['tracker']}")
    return " · ".join(bits)
