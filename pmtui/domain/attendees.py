"""Who took part: adding, renaming and removing attendees as Changes, and finding a person by a few letters.

Attendees have no id in the file (`[[attendees]] name, role`), so an attendee is found by
name, compared as people write names: case and spacing do not matter. The operations travel
to the file like any entry's (pmtui/domain/changes.py): applied under the lock on the freshest file,
each returning its undo, comments kept.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

import tomlkit
from pydantic import ValidationError
from tomlkit.items import AoT
from tomlkit.toml_document import TOMLDocument

from pmtui.domain.changes import Change, _check_text, _plain, end_with_newline, remove_table, tables_of
from pmtui.domain.errors import ChangeError
from pmtui.domain.model import Attendee
from pmtui.domain.people import is_attendee, matching, same_person, tidy

__all__ = ["AddAttendee", "RemoveAttendee", "UpdateAttendee", "is_attendee", "matching", "same_person", "tidy"]

SECTION = "attendees"


def _items(doc: TOMLDocument, create: bool = False) -> AoT | None:
    return tables_of(doc, SECTION, create)


def _find(doc: TOMLDocument, name: str) -> tuple[AoT, int]:
    """The attendees' tables and where the person called `name` is among them; a ChangeError when not there."""
    items = _items(doc)
    if items is not None:
        for index, table in enumerate(items):
            if same_person(str(table.get("name", "")), name):
                return items, index
    raise ChangeError(f"{tidy(name)} is not among the attendees (removed elsewhere?)")


def _check(fields: dict[str, Any]) -> None:
    _check_text("attendee", fields)
    if not tidy(str(fields.get("name", ""))):
        raise ChangeError("an attendee needs a name")
    try:
        Attendee.model_validate(fields)
    except ValidationError as error:
        problem = error.errors()[0]
        raise ChangeError(f"attendee {fields.get('name', '')}: {problem['msg']}") from None


@dataclass
class AddAttendee(Change):
    """Add a person to the attendees (refused if they are there already)."""

    name: str
    role: str = ""
    position: int | None = None
    #: for the undo of a removal: the table as it was, comments and all
    original: Any = field(default=None, compare=False, repr=False)

    sections = (SECTION,)

    def apply(self, doc: TOMLDocument) -> Change:
        end_with_newline(doc)
        fields = {"name": tidy(self.name), **({"role": self.role.strip()} if self.role.strip() else {})}
        _check(fields)
        items = _items(doc, create=True)
        assert items is not None
        for table in items:
            if same_person(str(table.get("name", "")), self.name):
                raise ChangeError(f"{table.get('name')} is already among the attendees")
        position = len(items) if self.position is None else max(0, min(self.position, len(items)))
        if self.original is not None and {k: _plain(v) for k, v in self.original.items()} == fields:
            table = copy.deepcopy(self.original)
        else:
            table = tomlkit.table()
            for key, value in fields.items():
                table[key] = value
        items.insert(position, table)
        return RemoveAttendee(fields["name"])

    def describe(self) -> str:
        return f"add attendee {tidy(self.name)}"


@dataclass
class UpdateAttendee(Change):
    """Rename an attendee and/or change their role; an empty role removes it."""

    name: str
    new_name: str | None = None
    role: str | None = None

    sections = (SECTION,)

    def apply(self, doc: TOMLDocument) -> Change:
        end_with_newline(doc)
        items, index = _find(doc, self.name)
        table = items[index]
        old_name, old_role = str(table.get("name", "")), str(table.get("role", ""))
        name = tidy(self.new_name) if self.new_name is not None else old_name
        role = self.role.strip() if self.role is not None else old_role
        _check({"name": name, **({"role": role} if role else {})})
        for i, other in enumerate(items):
            if i != index and same_person(str(other.get("name", "")), name):
                raise ChangeError(f"{other.get('name')} is already among the attendees")
        if name != old_name:
            table["name"] = name
        if role != old_role:
            if role:
                table["role"] = role
            else:
                table.pop("role", None)
        return UpdateAttendee(name, old_name, old_role)

    def describe(self) -> str:
        return f"edit attendee {tidy(self.new_name or self.name)}"


@dataclass
class RemoveAttendee(Change):
    """Remove a person from the attendees."""

    name: str

    sections = (SECTION,)

    def apply(self, doc: TOMLDocument) -> Change:
        end_with_newline(doc)
        items, index = _find(doc, self.name)
        table = items[index]
        undo = AddAttendee(str(table.get("name", "")), str(table.get("role", "")), index, original=table)
        remove_table(doc, SECTION, items, index)
        return undo

    def describe(self) -> str:
        return f"remove attendee {tidy(self.name)}"
