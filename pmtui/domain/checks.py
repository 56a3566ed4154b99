"""Completeness, timeline and blameless-language findings on a session, and the metrics derived from its timeline."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache
from typing import Any

from pydantic import BaseModel

from pmtui.domain.model import ENTRY_TYPES, ActionStatus, Phase, Session, TimelineEvent, TimelineKind, WhyLayer
from pmtui.domain.people import is_attendee, same_person, tidy
from pmtui.domain.text_fit import clip
from pmtui.domain.text_safety import CONTROL, control_characters
from pmtui.domain.time_entry import format_local

ERROR, WARNING = "error", "warning"

OWNER_NOT_ATTENDEE = "actions.owner-not-attendee"
"""The rule the app offers a one-key fix for: add the owner to the attendees."""

WHYS_WANTED = 5
"""How many whys a complete analysis has."""

SIMILAR_WHYS_RATIO = 0.75
"""SequenceMatcher ratio (on lower-cased words) from which two consecutive whys say the same thing.

Measured: consecutive whys in the three samples score 0.11-0.37; a why asked again in other
words ("answer 503" / "return 503", "DB" / "database") scores 0.79, and one with a word or
two changed above 0.9.
"""

# Sections in file order; findings are sorted by section, then by entry.
SECTION_ORDER = (
    "incident",
    "roles",
    "attendees",
    "timeline",
    "whys",
    "went_well",
    "went_wrong",
    "lucky",
    "actions",
    "questions",
)

SECTION_PHASE: dict[str, Phase] = {
    "incident": Phase.SUMMARY,
    "roles": Phase.SUMMARY,
    "attendees": Phase.SUMMARY,
    "timeline": Phase.TIMELINE,
    "went_well": Phase.WENT_WELL,
    "went_wrong": Phase.WENT_WRONG,
    "lucky": Phase.WENT_WRONG,
    "whys": Phase.WHYS,
    "actions": Phase.ACTIONS,
    "questions": Phase.WRAP_UP,
}
"""The agenda phase in which each section is discussed: where the moderator shows its findings."""


@dataclass(frozen=True)
class Finding:
    """One problem found in a session: short, one line, about one entry where there is one."""

    rule: str
    """Stable rule id such as "actions.no-owner"."""
    severity: str
    """"error" (the document is not done) or "warning" (worth a look)."""
    message: str
    """One line; quotes the phrase or value it is about."""
    entry_id: str | None = None
    """The id of the entry it is about, if it is about one."""
    section: str | None = None
    """The section: "incident", "roles", "timeline", "whys", "went_well", "actions", ..."""

    @property
    def phase(self) -> Phase | None:
        """The meeting phase the finding belongs to."""
        return SECTION_PHASE.get(self.section) if self.section else None

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR


# ---------------------------------------------------------------------------------------------
# Metrics


@dataclass(frozen=True)
class Metrics:
    """Durations derived from the timeline's milestones; None where a milestone is missing."""

    time_to_detect: dt.timedelta | None = None
    time_to_acknowledge: dt.timedelta | None = None
    time_to_mitigate: dt.timedelta | None = None
    time_to_resolve: dt.timedelta | None = None
    impact_duration: dt.timedelta | None = None

    LABELS = (
        ("time_to_detect", "Time to detect"),
        ("time_to_acknowledge", "Time to acknowledge"),
        ("time_to_mitigate", "Time to mitigate"),
        ("time_to_resolve", "Time to resolve"),
        ("impact_duration", "Impact duration"),
    )

    def rows(self) -> list[tuple[str, str]]:
        """(label, formatted duration) for each metric, "—" when unknown."""
        return [(label, format_duration(getattr(self, name))) for name, label in self.LABELS]

    def seconds(self) -> dict[str, float | None]:
        """Each metric in seconds (None when unknown), for machine-readable output."""
        values = {name: getattr(self, name) for name, _ in self.LABELS}
        return {name: (v.total_seconds() if v is not None else None) for name, v in values.items()}


def format_duration(delta: dt.timedelta | None) -> str:
    """A duration as people say it: "45 s", "38 min", "1 h 12 min", "2 d 3 h"; "—" when unknown."""
    if delta is None:
        return "—"
    seconds = int(delta.total_seconds())
    sign = "-" if seconds < 0 else ""
    seconds = abs(seconds)
    if seconds < 60:
        return f"{sign}{seconds} s"
    minutes = seconds // 60
    if minutes < 60:
        return f"{sign}{minutes} min"
    hours, minutes = divmod(minutes, 60)
    if hours < 24:
        return f"{sign}{hours} h {minutes} min" if minutes else f"{sign}{hours} h"
    days, hours = divmod(hours, 24)
    return f"{sign}{days} d {hours} h" if hours else f"{sign}{days} d"


def _first(timeline: Iterable[TimelineEvent], *kinds: TimelineKind) -> dt.datetime | None:
    # "First" is the earliest time, not the first in the file: the file may be out of order.
    times = [event.at for event in timeline if event.kind in kinds]
    return min(times) if times else None


def impact_start(session: Session) -> dt.datetime | None:
    """When impact began: the earliest impact-start entry, else the incident's started_at."""
    return _first(session.timeline, TimelineKind.IMPACT_START) or session.incident.started_at


def compute_metrics(session: Session) -> Metrics:
    """Time to detect, acknowledge, mitigate and resolve, and how long impact lasted."""
    start = impact_start(session)
    if start is None:
        return Metrics()
    timeline = session.timeline

    def since_start(moment: dt.datetime | None) -> dt.timedelta | None:
        if moment is None:
            return None
        delta = moment - start
        # A milestone before impact start is an error reported by the checks; no metric from it.
        return delta if delta >= dt.timedelta(0) else None

    detected = _first(timeline, TimelineKind.DETECTED, TimelineKind.ALERT)
    # An alert may fire just before users feel it: detection was then immediate, not negative.
    time_to_detect = max(detected - start, dt.timedelta(0)) if detected is not None else None
    mitigated = _first(timeline, TimelineKind.MITIGATED)
    end = _first(timeline, TimelineKind.IMPACT_END) or mitigated
    return Metrics(
        time_to_detect=time_to_detect,
        time_to_acknowledge=since_start(_first(timeline, TimelineKind.ACKNOWLEDGED)),
        time_to_mitigate=since_start(mitigated),
        time_to_resolve=since_start(_first(timeline, TimelineKind.RESOLVED)),
        impact_duration=since_start(end),
    )


# ---------------------------------------------------------------------------------------------
# Wording

_NUMBER = re.compile(
    r"\d|\b(?:zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty"
    r"|hundred|thousand|million|half|dozen|all|none|every)\b",
    re.IGNORECASE,
)

_VAGUE_CHANGE = re.compile(
    r"\b(?:rose|rise|rising|risen|fell|fall(?! back)|falling|fallen|increased?|increasing|decreased?|decreasing"
    r"|dropped|drop|dropping|spiked?|spiking|slow|slower|slowed|slowness|degraded|degradation|elevated"
    r"|errors|timeouts|some users|some customers|many|a few|several|a lot|lots of|higher|lower)\b",
    re.IGNORECASE,
)

_VAGUE_ACTION = re.compile(
    r"\b(?:investigate|look into|looking into|improve|consider|explore|revisit|think about|look at"
    r"|evaluate|assess|discuss|research|review)\b",
    re.IGNORECASE,
)

# Phrases that judge people rather than describe the system. Whole words; "blameless" and
# "default" never match, nor technical uses such as "fault tolerance", "git blame", "lazy loading".
_BLAME_PHRASES = re.compile(
    r"\b(?:human error|operator error"
    r"|should(?: not|n't)? have|should've|ought to have|failed to|neglected to|forgot to|didn't bother"
    r"|did not bother|dropped the ball|not paying attention|wasn't paying attention|fat[- ]finger(?:ed|s)?"
    r"|careless(?:ly|ness)?|negligen(?:t|ce)|incompeten(?:t|ce)|sloppy|lazy(?![- ](?:load|init|eval))|laziness"
    r"|reckless(?:ly)?|stupid(?:ly|ity)?|dumb|idiot(?:ic)?|screwed up|messed up|(?<!git )blame[ds]?|blaming"
    r"|(?<!page )(?<!segmentation )fault(?!(?:[- ](?:toleran|injection|domain|isolation|line|tree)))s?)\b",
    re.IGNORECASE,
)

# "failed to" describes machines as often as people ("the probe failed to connect"); it is
# blameful only with a person as its subject.
_PERSON_WORDS = frozenset(
    "i we you he she they someone somebody nobody everyone engineer engineers developer developers dev devs"
    " operator operators on-call oncall responder responders reviewer reviewers team person people manager"
    " admin sre staff human humans".split()
)

# Cheap prefilters: a text is matched against the patterns above only if it holds one of these
# words. Scanning 2,000 timeline entries with the full patterns took 110 ms; with the
# prefilter the whole check stays well under the 50 ms a keystroke can afford.
_BLAME_TRIGGERS = frozenset(
    "human operator should shouldn't should've ought failed neglected forgot didn't bother"
    " dropped ball attention fat finger fingered fingers careless carelessly carelessness negligent"
    " negligence incompetent incompetence sloppy lazy laziness reckless recklessly stupid stupidly stupidity"
    " dumb idiot idiotic screwed messed blame blamed blames blaming fault faults".split()
)
_CAUSE_TRIGGERS = frozenset(
    "caused causing broke forgot forgotten missed mistake mistakes fault blunder screwed messed"
    " overlooked neglected ignored responsible blame".split()
)
_TOKEN = re.compile(r"[a-z]+(?:['’][a-z]+)?")


def _words(text: str) -> set[str]:
    return set(_TOKEN.findall(text.lower().replace("’", "'")))


_CAUSE_WORDS = (
    r"caused|causing|broke|forgot|forgotten|missed|mistake|mistakes|fault|blunder|screwed|messed|overlooked"
    r"|neglected|ignored|to blame"
    r"|responsible for (?:the |this )?(?:outage|incident|failure|errors?|problem|issue|breakage|mistake)"
)

# Words that are part of a team's or role's name rather than a person's: never matched alone.
_NOT_NAMES = frozenset("team squad group the on-call oncall sre ops platform support lead".split())


@lru_cache(maxsize=32)
def _person_as_cause(names: tuple[str, ...]) -> re.Pattern[str] | None:
    """A pattern finding a person's name within a few words of a word that makes them the cause.

    Full names match in any case; a first or last name alone only as written, so that a
    "Will" or a "May" among the attendees does not turn every "will" into a person.
    """
    if not names:
        return None
    full = [name for name in names if " " in name]
    single = [name for name in names if " " not in name]
    parts = [re.escape(name) for name in sorted(full, key=len, reverse=True)]
    parts += [f"(?-i:{re.escape(name)})" for name in sorted(single, key=len, reverse=True)]
    alternatives = "|".join(parts)
    gap = r"(?:['’]s)?\W+(?:[\w'’-]+\W+){0,3}?"
    return re.compile(
        rf"\b(?:(?P<n1>{alternatives}){gap}(?:{_CAUSE_WORDS})\b"
        rf"|(?:{_CAUSE_WORDS})\W+(?:[\w'’-]+\W+){{0,3}}?(?P<n2>{alternatives})\b)",
        re.IGNORECASE,
    )


def _people(session: Session) -> tuple[str, ...]:
    # Full names, and first and last names on their own, of everyone the file names.
    full = {session.roles.moderator, session.roles.notetaker, session.incident.owner}
    full |= {a.name for a in session.attendees}
    full |= {a.owner for a in session.actions}
    full |= {t.author for t in session.timeline}
    names: set[str] = set()
    for name in full:
        name = " ".join(name.split())
        if not name:
            continue
        names.add(name)
        parts = name.split()
        if len(parts) > 1:
            names.update(
                part
                for part in (parts[0], parts[-1])
                if len(part) >= 3 and part[0].isupper() and part.lower() not in _NOT_NAMES
            )
    return tuple(sorted(names))


def _quote(text: str, limit: int = 40) -> str:
    return f'"{clip(" ".join(text.split()), limit)}"'


@lru_cache(maxsize=16384)
def _blame_matches(text: str, names: tuple[str, ...]) -> tuple[tuple[str, str, str], ...]:
    """(rule, name or "", quoted phrase) for each blameful phrase in a text.

    Cached: the live panel re-checks the whole session on every change, and most texts
    have not changed since the last run.
    """
    words = _words(text)
    found: list[tuple[str, str, str]] = []
    person = _person_as_cause(names)
    if person is not None and not words.isdisjoint(_CAUSE_TRIGGERS):
        match = person.search(text)
        if match:
            found.append(("blameless.person-as-cause", match.group("n1") or match.group("n2"), match.group(0)))
    if not words.isdisjoint(_BLAME_TRIGGERS):
        seen: set[str] = set()
        for match in _BLAME_PHRASES.finditer(text):
            phrase = match.group(0).lower()
            if phrase in seen or (phrase == "failed to" and not _person_before(text, match.start(), names)):
                continue
            seen.add(phrase)
            found.append(("blameless.wording", "", match.group(0)))
    return tuple(found)


def _person_before(text: str, index: int, names: tuple[str, ...]) -> bool:
    """Whether one of the two words before index is a person: a pronoun, a role or a name."""
    before = re.findall(r"[\w'’-]+", text[:index])[-2:]
    named = {part for name in names for part in name.split()}
    return any(word.lower() in _PERSON_WORDS or word in named for word in before)


def _blame_findings(
    text: str, section: str, entry_id: str | None, where: str, names: tuple[str, ...]
) -> Iterator[Finding]:
    if not text:
        return
    for rule, name, phrase in _blame_matches(text, names):
        if name:
            message = f"{where} names {name} as the cause ({_quote(phrase)}); describe what the system allowed"
        else:
            message = f'{where} says "{phrase}"; describe the system and the process, not people'
        yield Finding(rule, WARNING, message, entry_id, section)


@lru_cache(maxsize=16384)
def _vague_change(text: str) -> str | None:
    """The word of change in a text that gives no number ("rose", "errors", "some users"), if any."""
    vague = _VAGUE_CHANGE.search(text)
    return vague.group(0) if vague and not _NUMBER.search(text) else None


@lru_cache(maxsize=4096)
def _vague_action(text: str) -> str | None:
    """The open-ended verb of an action with no measurable target ("investigate", "improve"), if any."""
    vague = _VAGUE_ACTION.search(text)
    return vague.group(0) if vague and not re.search(r"\d", text) else None


# ---------------------------------------------------------------------------------------------
# Rules, one function per section; each yields findings in entry order


def _check_incident(session: Session, names: tuple[str, ...]) -> Iterator[Finding]:
    incident = session.incident
    if not incident.title.strip():
        yield Finding("incident.no-title", ERROR, "the incident has no title", None, "incident")
    if not incident.summary.strip():
        yield Finding("incident.no-summary", WARNING, "the summary is empty", None, "incident")
    if not incident.impact.strip():
        yield Finding("incident.no-impact", WARNING, "the impact is empty", None, "incident")
    elif not re.search(r"\d", incident.impact):
        yield Finding(
            "incident.vague-impact", WARNING, "the impact has no numbers: how many, how long", None, "incident"
        )
    first_impact = _first(session.timeline, TimelineKind.IMPACT_START)
    if incident.started_at is not None and first_impact is not None and incident.started_at != first_impact:
        yield Finding(
            "incident.start-mismatch",
            WARNING,
            f"started_at {_clock(incident.started_at, incident.tz, first_impact)} differs from the first"
            f" impact-start at {_clock(first_impact, incident.tz, incident.started_at)}; make them agree",
            None,
            "incident",
        )
    for field in ("title", "summary", "impact"):
        yield from _blame_findings(getattr(incident, field), "incident", None, field, names)


def _clock(moment: dt.datetime, tz: dt.tzinfo, other: dt.datetime | None = None) -> str:
    """14:02 (14:02:10 when the seconds matter) in the incident's zone; with the date if other is another day."""
    other_day = other is not None and other.astimezone(tz).date() != moment.astimezone(tz).date()
    return format_local(moment, tz, with_date=other_day)


def _same_person(a: str, b: str) -> bool:
    return same_person(a, b)


def _check_roles(session: Session) -> Iterator[Finding]:
    roles = session.roles
    if not roles.moderator.strip():
        yield Finding(
            "roles.no-moderator",
            WARNING,
            "no moderator is named (the start screen asks before the meeting)",
            None,
            "roles",
        )
    if not roles.notetaker.strip():
        yield Finding(
            "roles.no-notetaker",
            WARNING,
            "no notetaker is named (the start screen asks before the meeting)",
            None,
            "roles",
        )
    if roles.moderator.strip() and _same_person(roles.moderator, roles.notetaker):
        yield Finding(
            "roles.same-person",
            ERROR,
            f"{' '.join(roles.moderator.split())} is both moderator and notetaker; ask someone else to take notes",
            None,
            "roles",
        )


_MUST_FOLLOW_IMPACT_START = (
    TimelineKind.DETECTED,
    TimelineKind.ACKNOWLEDGED,
    TimelineKind.MITIGATED,
    TimelineKind.IMPACT_END,
    TimelineKind.RESOLVED,
)


def _check_timeline(session: Session, names: tuple[str, ...]) -> Iterator[Finding]:
    timeline = session.timeline
    tz = session.incident.tz

    def hhmm(moment: dt.datetime, other: dt.datetime | None = None) -> str:
        return _clock(moment, tz, other)

    kinds = {event.kind for event in timeline}
    if TimelineKind.IMPACT_START not in kinds:
        yield Finding(
            "timeline.no-impact-start", WARNING, "no impact-start entry: when did impact begin?", None, "timeline"
        )
    if not kinds & {TimelineKind.DETECTED, TimelineKind.ALERT}:
        yield Finding(
            "timeline.no-detection", WARNING, "no detected or alert entry: when did we find out?", None, "timeline"
        )
    if TimelineKind.RESOLVED not in kinds:
        yield Finding(
            "timeline.no-resolved", WARNING, "no resolved entry: when was the incident closed?", None, "timeline"
        )

    start = _first(timeline, TimelineKind.IMPACT_START)
    mitigated = _first(timeline, TimelineKind.MITIGATED)
    previous: TimelineEvent | None = None
    for event in timeline:
        if start is not None and event.kind in _MUST_FOLLOW_IMPACT_START and event.at < start:
            yield Finding(
                "timeline.before-impact-start",
                ERROR,
                f"{event.kind.value} at {hhmm(event.at, start)} is before impact-start at {hhmm(start, event.at)}",
                event.id,
                "timeline",
            )
        elif mitigated is not None and event.kind is TimelineKind.RESOLVED and event.at < mitigated:
            yield Finding(
                "timeline.resolved-before-mitigated",
                ERROR,
                f"resolved at {hhmm(event.at, mitigated)} is before mitigated at {hhmm(mitigated, event.at)}",
                event.id,
                "timeline",
            )
        if previous is not None and event.at < previous.at:
            yield Finding(
                "timeline.out-of-order",
                WARNING,
                f"{hhmm(event.at, previous.at)} comes after {previous.id} at {hhmm(previous.at, event.at)}; move it up",
                event.id,
                "timeline",
            )
        vague = _vague_change(event.text)
        if vague:
            yield Finding(
                "timeline.vague",
                WARNING,
                f'"{vague}" without a number: from what to what, how many?',
                event.id,
                "timeline",
            )
        yield from _blame_findings(event.text, "timeline", event.id, "text", names)
        previous = event


def _normalised(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", text.casefold()))


def _similar(a: str, b: str) -> bool:
    # autojunk off: on texts over 200 characters it ignores common letters and scores
    # near-copies as different. The quick upper bounds skip the full comparison mostly.
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    return (
        matcher.real_quick_ratio() >= SIMILAR_WHYS_RATIO
        and matcher.quick_ratio() >= SIMILAR_WHYS_RATIO
        and matcher.ratio() >= SIMILAR_WHYS_RATIO
    )


def _check_whys(session: Session, names: tuple[str, ...]) -> Iterator[Finding]:
    whys = session.whys
    if len(whys) < WHYS_WANTED:
        yield Finding("whys.too-few", WARNING, f"{len(whys)} of {WHYS_WANTED} whys", None, "whys")
    if whys and not any(why.layer is WhyLayer.UNDERLYING for why in whys):
        yield Finding("whys.no-underlying", WARNING, "no why reaches an underlying cause", None, "whys")
    previous_text: str | None = None
    previous_id = ""
    for why in whys:
        if not why.answer.strip():
            yield Finding("whys.no-answer", WARNING, "the why has no answer yet", why.id, "whys")
        text = _normalised(f"{why.question} {why.answer}")
        if previous_text and text and _similar(previous_text, text):
            yield Finding(
                "whys.repeated",
                WARNING,
                f"says nearly the same as {previous_id}; go one level deeper",
                why.id,
                "whys",
            )
        previous_text, previous_id = text, why.id
        yield from _blame_findings(why.question, "whys", why.id, "question", names)
        yield from _blame_findings(why.answer, "whys", why.id, "answer", names)


def _check_observations(session: Session, names: tuple[str, ...]) -> Iterator[Finding]:
    for section, label in (("went_well", "what went well"), ("went_wrong", "what went wrong")):
        if not getattr(session, section):
            yield Finding(f"{section}.empty", WARNING, f"nothing noted on {label}", None, section)
    for section in ("went_well", "went_wrong", "lucky"):
        for entry in getattr(session, section):
            yield from _blame_findings(entry.text, section, entry.id, "text", names)


def _check_actions(session: Session, today: dt.date, names: tuple[str, ...]) -> Iterator[Finding]:
    for action in session.actions:
        closed = action.status is ActionStatus.WONT_DO
        if not action.owner.strip():
            yield Finding("actions.no-owner", ERROR, "no owner: who is accountable?", action.id, "actions")
        elif not is_attendee(session.attendees, action.owner):
            # Named, unless the name holds control characters (text.control-character reports those).
            who = "the owner" if control_characters(action.owner) else f"owner {tidy(action.owner)}"
            yield Finding(
                OWNER_NOT_ATTENDEE,
                WARNING,
                f"{who} is not among the attendees; add them, or check the name",
                action.id,
                "actions",
            )
        if action.due is None and not closed:
            yield Finding("actions.no-due", ERROR, "no due date", action.id, "actions")
        if action.kind is None:
            yield Finding(
                "actions.no-kind", WARNING, "no kind (prevention, detection, mitigation, ...)", action.id, "actions"
            )
        if not action.addresses:
            yield Finding(
                "actions.unlinked", WARNING, "not linked to any why or went-wrong entry", action.id, "actions"
            )
        overdue = action.days_overdue(today)
        if overdue:
            days = "1 day" if overdue == 1 else f"{overdue} days"
            yield Finding(
                "actions.overdue",
                WARNING,
                f"{days} overdue (due {action.due.isoformat() if action.due else '?'}, {action.status.value})",
                action.id,
                "actions",
            )
        vague = _vague_action(action.text)
        if vague:
            yield Finding(
                "actions.vague",
                WARNING,
                f'"{vague}" with no measurable outcome: what will be true when it is done?',
                action.id,
                "actions",
            )
        yield from _blame_findings(action.text, "actions", action.id, "text", names)


def _check_questions(session: Session, names: tuple[str, ...]) -> Iterator[Finding]:
    for question in session.questions:
        yield from _blame_findings(question.text, "questions", question.id, "question", names)
        yield from _blame_findings(question.answer, "questions", question.id, "answer", names)


def missing_attendees(session: Session) -> list[str]:
    """Action owners who are not among the attendees, each once, in the order of the actions."""
    names: list[str] = []
    for action in session.actions:
        owner = tidy(action.owner)
        if owner and not is_attendee(session.attendees, owner) and not any(_same_person(owner, n) for n in names):
            names.append(owner)
    return names


def run_checks(session: Session, today: dt.date | None = None) -> list[Finding]:
    """Every finding on the session, by section (file order) and then by entry."""
    today = today or dt.date.today()
    names = _people(session)
    findings = [
        *_check_incident(session, names),
        *_check_roles(session),
        *_check_timeline(session, names),
        *_check_whys(session, names),
        *_check_observations(session, names),
        *_check_actions(session, today, names),
        *_check_questions(session, names),
        *_check_control_characters(session),
    ]
    # Generated section by section already; the sort only guarantees it (stable within a section).
    order = {section: index for index, section in enumerate(SECTION_ORDER)}
    return sorted(findings, key=lambda f: order.get(f.section or "", len(order)))


def _texts(value: Any, field: str, out: list[tuple[str, str]]) -> None:
    """Add (field name, text) for every string inside a value: nested parts, lists and tables included."""
    if isinstance(value, str):
        if value:
            out.append((field, value))
    elif isinstance(value, BaseModel):
        # __dict__ holds the fields, __pydantic_extra__ the unknown keys (kept on save, so checked too).
        for name, inner in (*value.__dict__.items(), *(value.__pydantic_extra__ or {}).items()):
            if type(inner) is str:  # most fields: no call
                if inner:
                    out.append((name, inner))
            elif isinstance(inner, BaseModel | list | tuple | dict):
                _texts(inner, name, out)
    elif isinstance(value, dict):
        for key, inner in value.items():
            _texts(key, field, out)
            _texts(inner, field, out)
    elif isinstance(value, list | tuple):
        for inner in value:
            _texts(inner, field, out)


_CLEAN_PARTS: dict[int, Any] = {}
"""Parts already found free of control characters, by id: the live panel re-checks on every change."""


def _check_control_characters(session: Session) -> Iterator[Finding]:
    """A control character or bidi override in any text: shown as an escape on screen, kept in the file.

    They usually come from a pasted terminal log, or from someone who wants the file to act on
    a terminal; a warning names the entry and the character so a hand edit can find it.
    """
    for section in ("incident", "roles", "attendees", "meeting", *ENTRY_TYPES):
        parts = getattr(session, section)
        for index, part in enumerate(parts if isinstance(parts, list) else [parts], start=1):
            if _CLEAN_PARTS.get(id(part)) is part:
                continue  # the same object as last time (pmtui replaces an entry it changes, never edits it)
            texts: list[tuple[str, str]] = []
            _texts(part, section, texts)
            if not CONTROL.search("\n".join(text for _, text in texts)):
                if len(_CLEAN_PARTS) > 50_000:
                    _CLEAN_PARTS.clear()
                _CLEAN_PARTS[id(part)] = part  # holding it keeps its id from being reused
                continue
            entry_id = getattr(part, "id", None)
            where = "" if entry_id or not isinstance(parts, list) else f"{section} {index}: "
            for field, text in texts:
                found = control_characters(text)
                if found:
                    what = "a control character" if len(found) == 1 else "control characters"
                    yield Finding(
                        "text.control-character",
                        WARNING,
                        f"{where}{what} {', '.join(found)} in {field}",
                        entry_id,
                        section,
                    )


def count(findings: Iterable[Finding]) -> tuple[int, int]:
    """(errors, warnings) among findings."""
    errors = warnings = 0
    for finding in findings:
        if finding.severity == ERROR:
            errors += 1
        else:
            warnings += 1
    return errors, warnings
