"""The postmortem session: pydantic models for every section of the session file."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from operator import attrgetter
from typing import Annotated, Any, ClassVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    ValidationInfo,
    field_validator,
    model_validator,
)

from pmtui.domain.splice import changed_span

SCHEMA_VERSION = 1


class Severity(StrEnum):
    """How bad the incident was: SEV1 is the worst."""

    SEV1 = "SEV1"
    SEV2 = "SEV2"
    SEV3 = "SEV3"
    SEV4 = "SEV4"
    SEV5 = "SEV5"


class DocumentStatus(StrEnum):
    """Where the postmortem document is in its life."""

    DRAFT = "draft"
    IN_REVIEW = "in-review"
    PUBLISHED = "published"


class Phase(StrEnum):
    """The meeting's agenda, in order."""

    SUMMARY = "summary"
    TIMELINE = "timeline"
    WENT_WELL = "went-well"
    WENT_WRONG = "went-wrong"
    WHYS = "whys"
    ACTIONS = "actions"
    WRAP_UP = "wrap-up"

    @property
    def title(self) -> str:  # type: ignore[override]
        return PHASE_TITLES[self]


PHASE_TITLES: dict[Phase, str] = {
    Phase.SUMMARY: "Summary & impact",
    Phase.TIMELINE: "Timeline",
    Phase.WENT_WELL: "Went well",
    Phase.WENT_WRONG: "Went wrong & lucky",
    Phase.WHYS: "Five whys",
    Phase.ACTIONS: "Action items",
    Phase.WRAP_UP: "Wrap-up",
}

# Share of the meeting each phase gets by default; scaled to meeting.timebox_minutes.
DEFAULT_PHASE_WEIGHTS: dict[Phase, int] = {
    Phase.SUMMARY: 3,
    Phase.TIMELINE: 6,
    Phase.WENT_WELL: 2,
    Phase.WENT_WRONG: 4,
    Phase.WHYS: 7,
    Phase.ACTIONS: 6,
    Phase.WRAP_UP: 2,
}


class TimelineKind(StrEnum):
    """What a timeline entry marks; some kinds are the milestones metrics are derived from."""

    IMPACT_START = "impact-start"
    DETECTED = "detected"
    ALERT = "alert"
    ACKNOWLEDGED = "acknowledged"
    ACTION = "action"
    ACTION_DONE = "action-done"
    REALIZATION = "realization"
    COMMUNICATION = "communication"
    MITIGATED = "mitigated"
    IMPACT_END = "impact-end"
    RESOLVED = "resolved"
    NOTE = "note"


class WhyLayer(StrEnum):
    """How deep a why goes: the immediate cause, a precondition, or the underlying cause."""

    IMMEDIATE = "immediate"
    PRECONDITION = "precondition"
    UNDERLYING = "underlying"


class ActionKind(StrEnum):
    """What an action item improves."""

    PREVENTION = "prevention"
    DETECTION = "detection"
    ACKNOWLEDGEMENT = "acknowledgement"
    MITIGATION = "mitigation"
    COMMUNICATION = "communication"
    DOCUMENTATION = "documentation"


class Priority(StrEnum):
    """How urgent an action item is: P1 first."""

    P1 = "P1"
    P2 = "P2"
    P3 = "P3"


class ActionStatus(StrEnum):
    """Where an action item stands."""

    OPEN = "open"
    IN_PROGRESS = "in-progress"
    DONE = "done"
    WONT_DO = "wont-do"

    @property
    def is_open(self) -> bool:
        return self in (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)


def _require_offset(value: dt.datetime) -> dt.datetime:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError("needs a UTC offset, e.g. 2026-11-20T14:02:00Z or 2026-11-20T14:02:00+01:00")
    return value


AwareDatetime = Annotated[dt.datetime, AfterValidator(_require_offset)]

# Numbers must be TOML numbers: lax pydantic would take "30" or true, which no other TOML tool would.
StrictNumber = Annotated[float, Field(strict=True)]


class _Part(BaseModel):
    """Base of every table in the file: unknown keys are allowed and kept on save.

    Frozen: a change makes new objects (the store rebuilds the sections a change touched), so a
    session handed to the screens never changes under them.
    """

    model_config = ConfigDict(extra="allow", frozen=True)
    # The docstrings under the fields are read by pmtui.domain.field_docs when a page shows them.


class Entry(_Part):
    """A list entry; its id is short, unique in the file and stable forever."""

    id: str = Field(min_length=1, max_length=32, pattern=r"^[A-Za-z0-9_.-]+$")
    """Short id, unique in the file and never reused: other entries link to it."""

    SECTION: ClassVar[str] = ""
    PREFIX: ClassVar[str] = "e"


class Incident(_Part):
    """What happened, in a few lines: the header of the postmortem."""

    title: str = ""
    """One line that says what users saw, e.g. "Checkout returned errors for 38 minutes"."""
    severity: Severity = Severity.SEV3
    """SEV1 (worst) to SEV5."""
    status: DocumentStatus = DocumentStatus.DRAFT
    """draft, in-review or published."""
    timezone: str = "UTC"
    """IANA time zone name used to show and enter times, e.g. Europe/London."""
    started_at: AwareDatetime | None = None
    """When the incident started (an offset date-time)."""
    owner: str = ""
    """The incident owner, who prepares the document."""
    summary: str = ""
    """One paragraph: what happened, its impact, when."""
    impact: str = ""
    """Who and what was affected, with numbers."""
    notes: str = ""
    """Background, root cause, trigger and any other narrative without a field of its own, as
    paragraphs (`pmtui import` keeps here, under their headings, the parts of a document it
    could not map to entries)."""

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f'"{value}" is not an IANA time zone name such as "Europe/London" or "UTC"') from None
        return value

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


class Roles(_Part):
    """The two people who run the meeting; they must be different people."""

    moderator: str = ""
    """Runs the meeting and keeps it on track; must not be the notetaker."""
    notetaker: str = ""
    """Types the notes during the meeting."""


class Attendee(_Part):
    """Someone who took part in the meeting."""

    name: str
    """The person's name."""
    role: str = ""
    """Their role in the incident or the team."""


class Meeting(_Part):
    """The state of the meeting: phase, timeboxes, timer and spotlight."""

    phase: Phase = Phase.SUMMARY
    """The agenda item in progress."""
    timebox_minutes: int = Field(default=30, ge=5, le=480, strict=True)
    """Length of the whole meeting in minutes."""
    timeboxes: dict[Phase, StrictNumber] = Field(default_factory=dict)
    """Minutes per phase where they differ from the defaults (which add up to timebox_minutes)."""
    spent_seconds: dict[Phase, StrictNumber] = Field(default_factory=dict)
    """Time really spent in each phase, in seconds."""
    timer_started_at: AwareDatetime | None = None
    """When the running timer last started or last banked its time in spent_seconds; absent while paused."""
    spotlight: str = ""
    """The id of the entry under discussion, marked on both screens."""

    def timebox_for(self, phase: Phase) -> float:
        """Minutes set aside for a phase: its own timebox or its share of the meeting."""
        if phase in self.timeboxes:
            return self.timeboxes[phase]
        return default_timeboxes(self.timebox_minutes)[phase]


def default_timeboxes(total_minutes: int) -> dict[Phase, float]:
    """Split a meeting's minutes over the phases, in whole minutes that add up to the total."""
    weight_sum = sum(DEFAULT_PHASE_WEIGHTS.values())
    shares = {phase: total_minutes * w / weight_sum for phase, w in DEFAULT_PHASE_WEIGHTS.items()}
    minutes = {phase: float(int(share)) for phase, share in shares.items()}
    # Hand the leftover minutes to the phases that lost most to rounding down.
    leftover = total_minutes - int(sum(minutes.values()))
    for phase in sorted(shares, key=lambda p: shares[p] - minutes[p], reverse=True)[:leftover]:
        minutes[phase] += 1
    return minutes


class TimelineEvent(Entry):
    """Something that happened, at a precise time."""

    SECTION: ClassVar[str] = "timeline"
    PREFIX: ClassVar[str] = "t"

    at: AwareDatetime
    """When it happened (an offset date-time)."""
    kind: TimelineKind = TimelineKind.NOTE
    """What the entry marks; milestones drive the metrics."""
    text: str
    """What happened, with numbers where there are any."""
    source: str = ""
    """Optional link to evidence: a dashboard, a log query, a chat message."""
    author: str = ""
    """Optional: who reported this entry (not who caused anything)."""


class Why(Entry):
    """One step of the five whys."""

    SECTION: ClassVar[str] = "whys"
    PREFIX: ClassVar[str] = "y"

    question: str
    """The why being asked."""
    answer: str = ""
    """The answer: a fact, about the system or the process."""
    layer: WhyLayer | None = None
    """immediate, precondition or underlying."""


class Observation(Entry):
    """A note on what went well, what went wrong, or where we got lucky."""

    text: str
    """The observation, about the system or the process."""


class WentWell(Observation):
    """Something that helped: worth keeping or spreading."""

    SECTION: ClassVar[str] = "went_well"
    PREFIX: ClassVar[str] = "g"


class WentWrong(Observation):
    """Something in the system or the process that made the incident worse or longer."""

    SECTION: ClassVar[str] = "went_wrong"
    PREFIX: ClassVar[str] = "b"


class Lucky(Observation):
    """Something that limited the damage by chance: a risk to remove before luck runs out."""

    SECTION: ClassVar[str] = "lucky"
    PREFIX: ClassVar[str] = "l"


class ActionItem(Entry):
    """A change we commit to, with an owner and a due date."""

    SECTION: ClassVar[str] = "actions"
    PREFIX: ClassVar[str] = "a"

    text: str
    """What will change, with a bounded outcome."""
    owner: str = ""
    """The one person accountable for it."""
    due: dt.date | None = None
    """When it is due (a date)."""
    kind: ActionKind | None = None
    """prevention, detection, acknowledgement, mitigation, communication or documentation."""
    priority: Priority = Priority.P2
    """P1, P2 or P3."""
    status: ActionStatus = ActionStatus.OPEN
    """open, in-progress, done or wont-do."""
    addresses: list[str] = Field(default_factory=list)
    """Ids of the whys and went-wrong entries this action answers."""
    tracker: str = ""
    """Optional ticket key or URL."""
    done_on: dt.date | None = None
    """Optional: the date it was done; `pmtui report` counts it done on time when this is on or before due."""

    @field_validator("due", "done_on", mode="before")
    @classmethod
    def _date_not_datetime(cls, value: Any) -> Any:
        if isinstance(value, dt.datetime):
            raise ValueError("must be a date such as 2026-12-05, not a date and time")
        return value

    def days_overdue(self, today: dt.date) -> int:
        """Days past due for an open action; 0 when not overdue."""
        if self.due is None or not self.status.is_open:
            return 0
        return max(0, (today - self.due).days)


class Question(Entry):
    """An open question raised in the meeting, and its answer once known."""

    SECTION: ClassVar[str] = "questions"
    PREFIX: ClassVar[str] = "q"

    text: str
    """The question."""
    answer: str = ""
    """The answer, once someone has it."""


_ENTRY_ID = attrgetter("id")

LINKABLE_SECTIONS = ("whys", "went_wrong")
"""What an action item may address: a cause (a why) or something that went wrong."""


class _IdIndex:
    """A session's entry ids (id -> section), keyed by the identities of the lists they were read
    from: a copy with other lists (model_copy keeps private attributes) is never answered from it.
    Always equal to another: it is derived data, and pydantic compares private attributes."""

    __slots__ = ("lists", "sections")

    def __init__(self, lists: tuple[int, ...], sections: dict[str, str]) -> None:
        self.lists = lists
        self.sections = sections

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _IdIndex)

    __hash__ = None  # type: ignore[assignment]


PREVIOUS = "previous"
"""Validation context key: the session a new one was made from by an edit (its ids are reused)."""

_LINKS = ("actions", *LINKABLE_SECTIONS)
"""The sections an action's links are checked against."""

ENTRY_TYPES: dict[str, type[Entry]] = {
    cls.SECTION: cls for cls in (TimelineEvent, Why, WentWell, WentWrong, Lucky, ActionItem, Question)
}
"""Every list section of the file and the model of its entries, in file order."""


class Session(_Part):
    """One postmortem: everything in one session file."""

    schema_version: int = Field(default=SCHEMA_VERSION, strict=True)
    """Version of the file format; pmtui refuses files newer than it knows."""
    incident: Incident = Field(default_factory=Incident)
    """What happened: title, severity, status, timezone, start, owner, summary and impact."""
    roles: Roles = Field(default_factory=Roles)
    """Who moderates and who takes notes: two different people."""
    attendees: list[Attendee] = Field(default_factory=list)
    """Who took part in the meeting."""
    meeting: Meeting = Field(default_factory=Meeting)
    """The meeting's state: phase, timeboxes, timer and spotlight."""
    timeline: list[TimelineEvent] = Field(default_factory=list)
    """What happened, in time order."""
    whys: list[Why] = Field(default_factory=list)
    """The five whys, from the immediate cause down to the underlying one."""
    went_well: list[WentWell] = Field(default_factory=list)
    """What went well."""
    went_wrong: list[WentWrong] = Field(default_factory=list)
    """What went wrong."""
    lucky: list[Lucky] = Field(default_factory=list)
    """Where we got lucky: things that limited the damage by chance."""
    actions: list[ActionItem] = Field(default_factory=list)
    """Owned, dated action items."""
    questions: list[Question] = Field(default_factory=list)
    """Open questions, answered when someone knows."""

    @field_validator("schema_version")
    @classmethod
    def _known_version(cls, value: int) -> int:
        if value > SCHEMA_VERSION:
            raise ValueError(f"is newer than this pmtui understands ({SCHEMA_VERSION}); upgrade pmtui to open it")
        if value < 1:
            raise ValueError("must be 1")
        return value

    _ids: _IdIndex = PrivateAttr(default_factory=lambda: _IdIndex((), {}))
    """Every entry id as the validator found them: an edit asks for them all, and a 2,500-entry
    session should not be walked again for it."""

    @model_validator(mode="after")
    def _ids_unique_and_links_resolve(self, info: ValidationInfo) -> Session:
        previous = info.context.get(PREVIOUS) if isinstance(info.context, dict) else None
        seen = self._ids_after(previous) if isinstance(previous, Session) else None
        if seen is None:
            seen = self._all_ids()
        self._ids = _IdIndex(self._lists(), seen)
        if isinstance(previous, Session) and all(getattr(self, s) is getattr(previous, s) for s in _LINKS):
            return self  # no action, why or went-wrong entry changed: the links resolve as before
        linkable = {e.id for section in LINKABLE_SECTIONS for e in getattr(self, section)}
        for action in self.actions:
            for target in action.addresses:
                if target not in linkable:
                    raise ValueError(
                        f'actions {action.id}: addresses "{target}", which is not the id of a why or went-wrong entry'
                    )
        return self

    def _all_ids(self) -> dict[str, str]:
        """Every entry id and its section, walking every entry; names the first id used twice."""
        # At C speed (map, dict.update): this runs on a 2,500-entry session when a file is read.
        seen: dict[str, str] = {}
        count = 0
        for section in ENTRY_TYPES:
            ids = list(map(_ENTRY_ID, getattr(self, section)))
            count += len(ids)
            seen.update(dict.fromkeys(ids, section))
        if len(seen) != count:
            seen = {}
            for section, entry in self.iter_entries():
                if entry.id in seen:
                    raise ValueError(
                        f'id "{entry.id}" is used twice ({seen[entry.id]} and {section}); ids must be unique'
                    )
                seen[entry.id] = section
        return seen

    def _ids_after(self, previous: Session) -> dict[str, str] | None:
        """Every entry id and its section, from the previous session's and the entries that changed
        since (an edit: the store hands back the very objects of the rest); None if that can't tell."""
        known = previous._ids
        if known.lists != previous._lists():
            return None
        seen = dict(known.sections)
        spans = []
        for section in ENTRY_TYPES:
            old, new = getattr(previous, section), getattr(self, section)
            if old is not new:
                start, old_stop, new_stop = changed_span(old, new)
                spans.append((section, new[start:new_stop]))
                for entry in old[start:old_stop]:
                    seen.pop(entry.id, None)
        for section, entries in spans:
            for entry in entries:
                if entry.id in seen:
                    return None  # used twice: the whole walk says where
                seen[entry.id] = section
        if len(seen) != sum(len(getattr(self, section)) for section in ENTRY_TYPES):
            return None  # a list changed in place: trust nothing
        return seen

    def _lists(self) -> tuple[int, ...]:
        return tuple(id(getattr(self, section)) for section in ENTRY_TYPES)

    def entry_ids(self) -> set[str]:
        """Every entry id, in a new set the caller may change."""
        known = self._ids
        if known.lists != self._lists():
            return {entry.id for _, entry in self.iter_entries()}
        return set(known.sections)

    def iter_entries(self) -> Any:
        """Yield (section, entry) for every list entry, in file order."""
        for section in ENTRY_TYPES:
            for entry in getattr(self, section):
                yield section, entry

    def find(self, entry_id: str) -> tuple[str, Entry] | None:
        """The section and entry with this id, if any."""
        for section, entry in self.iter_entries():
            if entry.id == entry_id:
                return section, entry
        return None
