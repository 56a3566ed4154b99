"""What the timeline and action readers, parts of EntryReader, use of the reader they belong to."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pmtui.docimport.mapper import Group, Mapped


class ReaderPart:
    """The base of each part of EntryReader: the state and the methods EntryReader provides."""

    m: Mapped
    day: dt.date | None

    def add(self, section: str, fields: dict[str, Any]) -> dict[str, Any]:
        """Add an entry to a section of the mapped session; the fields as added."""
        raise NotImplementedError

    def keep(self, group: Group, text: str, where: str, *, kept: bool = True) -> None:
        """Keep text that fits no field in the notes (kept: say so in the import report)."""
        raise NotImplementedError

    def keep_block(self, group: Group, block: Any, *, kept: bool = True) -> None:
        """Keep a whole block that fits no field in the notes."""
        raise NotImplementedError
