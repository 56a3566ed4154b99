"""Went well, went wrong, where we got lucky: three short lists of observations."""

from __future__ import annotations

from typing import ClassVar

from pmtui.ui.widgets.entry_pane import EntryPane


class WentWellPane(EntryPane):
    """What helped: detection, tooling, people following the runbook."""

    SECTION: ClassVar[str] = "went_well"
    TITLE: ClassVar[str] = "Went well"
    NOUN: ClassVar[str] = "went-well note"
    PLACEHOLDER: ClassVar[str] = "What helped? e.g. The audit log linked the change to its PR in one click"


class WentWrongPane(EntryPane):
    """What made it worse or slower, about the system and the process (not people)."""

    SECTION: ClassVar[str] = "went_wrong"
    TITLE: ClassVar[str] = "Went wrong"
    NOUN: ClassVar[str] = "went-wrong note"
    PLACEHOLDER: ClassVar[str] = "What made it worse or slower? About the system, not people"


class LuckyPane(EntryPane):
    """What limited the damage by chance."""

    SECTION: ClassVar[str] = "lucky"
    TITLE: ClassVar[str] = "Where we got lucky"
    NOUN: ClassVar[str] = "lucky note"
    PLACEHOLDER: ClassVar[str] = "What limited the damage by chance?"
