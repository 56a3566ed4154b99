"""QuestionsPane: open questions raised in the meeting; answering one is editing its answer."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from rich.text import Text

from pmtui.domain.model import Entry, Question
from pmtui.domain.text_safety import visible
from pmtui.ui.widgets.entry_pane import EntryPane, PaneColumn, QuickEntry, clip
from pmtui.ui.widgets.form_fields import FormField


class QuestionsPane(EntryPane):
    """Questions nobody could answer in the room; `?` marks those still open."""

    SECTION: ClassVar[str] = "questions"
    TITLE: ClassVar[str] = "Open questions"
    NOUN: ClassVar[str] = "question"
    COLUMNS: ClassVar[Sequence[PaneColumn]] = (
        PaneColumn("state", "", 1),
        PaneColumn("text", "Question"),
    )
    PLACEHOLDER: ClassVar[str] = "A question to follow up (Enter on a question answers it)"

    def cells(self, entry: Entry) -> tuple[Any, ...]:
        assert isinstance(entry, Question)
        state = Text("✔", style="bold") if entry.answer else Text("?", style="bold")
        return (state, clip(entry.text))

    def detail(self, entry: Entry) -> str | Text:
        assert isinstance(entry, Question)
        text = Text()
        text.append("Q: ", style="bold")
        text.append(visible(entry.text))
        text.append("\nA: ", style="bold")
        text.append(
            visible(entry.answer) or "not answered yet — Enter on it to answer", style="" if entry.answer else "dim"
        )
        return text

    def parse_quick_entry(self, line: str) -> QuickEntry:
        return QuickEntry({"text": line})

    def form_fields(self, entry: Entry) -> list[FormField]:
        return [
            FormField("text", "Question", kind="text", required=True),
            FormField("answer", "Answer", kind="text", hint="leave empty while the question is open"),
        ]
