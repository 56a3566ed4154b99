"""Learning from many postmortems: the figures and recurring factors of a folder of session files (no Textual)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from pmtui.report.factors import SIMILARITY, Text, group_texts
from pmtui.report.facts import ActionFact, Corpus, IncidentFacts, NoteFact, read_folder
from pmtui.report.figures import Figures, compute_figures


@dataclass
class Recurring:
    """A factor that came back: the entries that say it, their incidents, and the actions that answer it."""

    name: str
    entries: list[tuple[IncidentFacts, NoteFact]]
    actions: list[tuple[IncidentFacts, ActionFact]] = field(default_factory=list)

    @property
    def incidents(self) -> list[IncidentFacts]:
        """Each incident once, earliest first."""
        seen: dict[str, IncidentFacts] = {}
        for facts, _ in self.entries:
            seen.setdefault(facts.path, facts)
        return sorted(seen.values(), key=lambda f: (f.date or dt.date.max, f.path))


@dataclass
class Report:
    """Everything `pmtui report` shows, in domain terms; renderers only lay it out."""

    folder: str
    today: dt.date
    since: dt.date | None
    until: dt.date | None
    corpus: Corpus
    figures: Figures
    factors: list[Recurring]
    lucky: list[Recurring]


def recurring(
    incidents: list[IncidentFacts], sections: tuple[str, ...], threshold: float = SIMILARITY
) -> list[Recurring]:
    """Groups of entries of these sections from at least two incidents that say the same thing."""
    texts = [
        Text((n, note), n, note.text)
        for n, facts in enumerate(incidents)
        for note in facts.notes
        if note.section in sections and note.text.strip()
    ]
    found = []
    for group in group_texts(texts, threshold):
        entries = [member.key for member in group.members]  # (incident number, note)
        entries.sort(key=lambda e: (incidents[e[0]].date or dt.date.max, incidents[e[0]].path, e[1].id))
        ids_by_incident: dict[int, set[str]] = {}
        for n, note in entries:
            ids_by_incident.setdefault(n, set()).add(note.id)
        actions = [
            (incidents[n], action)
            for n in sorted(ids_by_incident)
            for action in incidents[n].actions
            if ids_by_incident[n].intersection(action.addresses)
        ]
        found.append(Recurring(group.name, [(incidents[n], note) for n, note in entries], actions))
    return found


def build_report(
    folder: Path,
    today: dt.date,
    since: dt.date | None = None,
    until: dt.date | None = None,
    workers: int | None = None,
) -> Report:
    """Read every session file under folder and work out the report."""
    corpus = read_folder(folder, today, since, until, workers)
    incidents = corpus.incidents
    return Report(
        folder=str(folder),
        today=today,
        since=since,
        until=until,
        corpus=corpus,
        figures=compute_figures(incidents),
        factors=recurring(incidents, ("whys", "went_wrong")),
        lucky=recurring(incidents, ("lucky",)),
    )
