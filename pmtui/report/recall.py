"""Seen before: past incidents in the same folder whose whys or went-wrong entries say what is being discussed now."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from pmtui.domain.model import ActionItem, Session, WentWrong, Why
from pmtui.report.factors import SIMILARITY, Vectors
from pmtui.report.facts import ActionFact, IncidentFacts, NoteFact, facts_of

FACTOR_SECTIONS = ("whys", "went_wrong")


@dataclass(frozen=True)
class SeenBefore:
    """A past entry like the one under discussion, its incident, and what was promised about it."""

    incident: IncidentFacts
    note: NoteFact
    score: float
    actions: tuple[ActionFact, ...]


class PastIncidents:
    """The whys and went-wrong entries of the other postmortems in a folder, ready to be matched."""

    def __init__(self, incidents: list[IncidentFacts]) -> None:
        self.incidents = incidents
        self.notes = [(facts, note) for facts in incidents for note in facts.notes if note.section in FACTOR_SECTIONS]
        self.vectors = Vectors([note.text for _, note in self.notes])

    @classmethod
    def load(cls, current: Path, today: dt.date) -> PastIncidents | None:
        """The other session files in current's folder; None when there are none to learn from.

        Only that folder, not below it: a session kept in a home folder must not start a walk of the
        whole home. Files that cannot be read are skipped: the meeting is no place to report them
        (`pmtui report` does).
        """
        here = current.resolve()
        folder = here.parent
        incidents = []
        for path in sorted(folder.glob("*.toml")):
            if path.name.startswith(".") or path.resolve() == here or not path.is_file():
                continue
            try:
                incidents.append(facts_of(path, str(path.relative_to(folder)), today))
            except Exception:
                continue
        return cls(incidents) if incidents else None

    def match(self, text: str, limit: int = 3, threshold: float = SIMILARITY) -> list[SeenBefore]:
        """The past entries most like text, one per incident, most similar first."""
        if not text.strip() or not self.notes:
            return []
        found: list[SeenBefore] = []
        seen: set[str] = set()
        for i, score in self.vectors.nearest(self.vectors.query(text), threshold):
            facts, note = self.notes[i]
            if facts.path in seen:
                continue
            seen.add(facts.path)
            actions = tuple(action for action in facts.actions if note.id in action.addresses)
            found.append(SeenBefore(facts, note, score, actions))
            if len(found) == limit:
                break
        return found


def discussed_text(session: Session, entry_id: str | None) -> str:
    """The words to look for in past incidents: a why or went-wrong entry, or what an action addresses.

    With no such entry under discussion, the last why (the one the room is on, as whys are asked in order).
    """
    found = session.find(entry_id) if entry_id else None
    entry = found[1] if found else None
    if isinstance(entry, Why):
        return f"{entry.question} {entry.answer}"
    if isinstance(entry, WentWrong):
        return entry.text
    if isinstance(entry, ActionItem):
        parts = [discussed_text(session, target) for target in entry.addresses]
        return " ".join([*parts, entry.text])
    return f"{session.whys[-1].question} {session.whys[-1].answer}" if session.whys else ""
