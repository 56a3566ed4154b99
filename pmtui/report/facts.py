"""What a report needs from each postmortem in a folder, read fast (tomllib) and kept small enough to pickle."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from pmtui.domain.checks import compute_metrics
from pmtui.domain.errors import SessionReadError
from pmtui.export._common import incident_date
from pmtui.storage.followup import read_session_files
from pmtui.storage.parsing import load_session_fast

NOTE_SECTIONS = ("whys", "went_wrong", "lucky")
"""The sections whose entries are grouped across incidents: contributing factors and luck."""


@dataclass(frozen=True)
class ActionFact:
    """One action item as the report counts it."""

    id: str
    text: str
    owner: str
    kind: str
    status: str
    due: dt.date | None
    done_on: dt.date | None
    days_overdue: int
    addresses: tuple[str, ...]


@dataclass(frozen=True)
class NoteFact:
    """A why (question and answer), a went-wrong or a lucky entry."""

    id: str
    section: str
    text: str


@dataclass(frozen=True)
class IncidentFacts:
    """One postmortem, reduced to what the report aggregates."""

    path: str
    title: str
    date: dt.date | None
    severity: str
    metrics: dict[str, float | None]
    actions: tuple[ActionFact, ...] = ()
    notes: tuple[NoteFact, ...] = ()

    @property
    def month(self) -> str:
        """`2026-11`, or `undated` when the file gives no start time and no timeline."""
        return f"{self.date:%Y-%m}" if self.date else "undated"


@dataclass
class Corpus:
    """Every postmortem read from a folder, and the files that could not be read."""

    incidents: list[IncidentFacts]
    problems: list[SessionReadError] = field(default_factory=list)
    files: int = 0


def facts_of(path: Path, shown: str, today: dt.date) -> IncidentFacts:
    """Read one session file into the facts a report needs; raises SessionReadError on a broken file."""
    session = load_session_fast(path)
    notes = [NoteFact(why.id, "whys", f"{why.question} {why.answer}".strip()) for why in session.whys]
    notes += [NoteFact(entry.id, "went_wrong", entry.text) for entry in session.went_wrong]
    notes += [NoteFact(entry.id, "lucky", entry.text) for entry in session.lucky]
    actions = tuple(
        ActionFact(
            id=action.id,
            text=action.text,
            owner=" ".join(action.owner.split()),
            kind=action.kind.value if action.kind else "",
            status=action.status.value,
            due=action.due,
            done_on=action.done_on,
            days_overdue=action.days_overdue(today),
            addresses=tuple(action.addresses),
        )
        for action in session.actions
    )
    return IncidentFacts(
        path=shown,
        title=" ".join(session.incident.title.split()) or path.stem,
        date=incident_date(session),
        severity=session.incident.severity.value,
        metrics=compute_metrics(session).seconds(),
        actions=actions,
        notes=tuple(notes),
    )


def read_folder(
    folder: Path,
    today: dt.date,
    since: dt.date | None = None,
    until: dt.date | None = None,
    workers: int | None = None,
) -> Corpus:
    """Every session file under folder (as `pmtui actions` finds them) whose incident date is in [since, until].

    An undated incident is kept only when no date bound is given.
    """
    found = read_session_files(folder, partial(facts_of, today=today), workers)
    incidents = [facts for facts in found.results if _within(facts.date, since, until)]
    incidents.sort(key=lambda facts: (facts.date or dt.date.max, facts.path))
    return Corpus(incidents, found.problems, found.files)


def _within(date: dt.date | None, since: dt.date | None, until: dt.date | None) -> bool:
    if date is None:
        return since is None and until is None
    return (since is None or date >= since) and (until is None or date <= until)
