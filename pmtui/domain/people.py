"""People's names as written in a session: the same person whatever the case and spacing, found by a few letters.

Pure and light (no tomlkit): `pmtui check` and the action entry line use it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from pmtui.domain.model import Attendee


def same_person(a: str, b: str) -> bool:
    """Whether two written names are the same person's ("ravi  menon" is "Ravi Menon")."""
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def tidy(name: str) -> str:
    """A name as it is stored: spaces collapsed, nothing around it."""
    return " ".join(name.split())


def is_attendee(attendees: Iterable[Attendee], name: str) -> bool:
    """Whether `name` is among the attendees."""
    return any(same_person(person.name, name) for person in attendees)


def matching(attendees: Sequence[Attendee], typed: str) -> list[Attendee]:
    """Attendees whose name, or a word of it, starts with what was typed ("Rav", "men", "ravi m")."""
    wanted = " ".join(typed.split()).casefold()
    if not wanted:
        return []
    found = []
    for person in attendees:
        name = " ".join(person.name.split()).casefold()
        if name.startswith(wanted) or any(word.startswith(wanted) for word in name.split()):
            found.append(person)
    return found
