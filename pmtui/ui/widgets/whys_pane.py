"""The five whys: numbered questions and answers with their layer, typed in one line each.

Quick entry (the line under the table):

    Why did checkout fail? Because payments-service answered 62% of requests with 503
    [precondition] Why was the pool 8? cfg-7731 edited the base file
    Why do config changes skip the canary? !u

- The line splits at its first "?": the question keeps the "?", the rest is the answer.
  Without a "?" the whole line is the question. The answer may be left empty and filled
  in later: a line that starts with "?" (``? Because the pool was 8``) answers the selected
  why if it has no answer yet, else the latest why still without one; or use the form
  (Enter on the list).
- The layer is given by a prefix in brackets — ``[immediate]``, ``[precondition]``,
  ``[underlying]`` or any start of one (``[p]``) — or by a flag word anywhere:
  ``!i``, ``!p``, ``!u`` (or ``!immediate`` …).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.widgets import Input

from pmtui.domain.model import Entry, Session, Why, WhyLayer
from pmtui.domain.text_safety import visible
from pmtui.ui.widgets.entry_pane import EntryPane, PaneColumn, QuickEntry, QuickEntryError, clip
from pmtui.ui.widgets.form_fields import FormField

WHYS_TARGET = 5
"""How many whys the method asks for; the pane counts towards it."""

LAYER_NAMES = ", ".join(layer.value for layer in WhyLayer)
_PREFIX = re.compile(r"^\s*\[([^\]]*)\]\s*")
_FLAG = re.compile(r"(?<!\S)!([A-Za-z]+)(?!\S)")
_BRACKET = re.compile(r"(?<!\S)\[([A-Za-z]+)\](?!\S)")
"""A layer in brackets anywhere in the line, e.g. at its end: "… Because Y [immediate]"."""


def parse_layer(word: str) -> WhyLayer:
    """A layer from its name or any start of it (i, pre, under); ValueError naming the choices."""
    word = word.strip().lower()
    matches = [layer for layer in WhyLayer if word and layer.value.startswith(word)]
    if len(matches) == 1:
        return matches[0]
    raise ValueError(f'"{word}" is not a layer; use {LAYER_NAMES} (or [i], [p], [u], !i, !p, !u)')


def parse_why(line: str) -> dict[str, Any]:
    """The fields of a why from a quick-entry line; ValueError saying how to write it."""
    layers: list[WhyLayer] = []
    if match := _PREFIX.match(line):
        layers.append(parse_layer(match[1]))
        line = line[match.end() :]

    def take_flag(match: re.Match[str]) -> str:
        try:
            layers.append(parse_layer(match[1]))
        except ValueError:
            return match[0]  # an exclamation that is not a layer flag stays in the text
        return ""

    line = _FLAG.sub(take_flag, line)
    line = _BRACKET.sub(take_flag, line)  # "[u]" or "[immediate]" after the answer is a layer too
    if len(set(layers)) > 1:
        raise ValueError(
            "give one layer: " + " and ".join(dict.fromkeys(layer.value for layer in layers)) + " both given"
        )
    question, mark, answer = line.partition("?")
    question = " ".join(question.split())
    answer = " ".join(answer.split())
    if not question:
        raise ValueError('a why needs its question before the "?", e.g. "Why did X? Because Y"')
    fields: dict[str, Any] = {"question": question + mark}
    if answer:
        fields["answer"] = answer
    if layers:
        fields["layer"] = layers[0]
    return fields


def answer_target(whys: Sequence[Why], selected_id: str | None) -> Why | None:
    """The why a "? answer" line answers: the selected one if unanswered, else the latest unanswered."""
    selected = next((why for why in whys if why.id == selected_id), None)
    if selected is not None and not selected.answer.strip():
        return selected
    return next((why for why in reversed(whys) if not why.answer.strip()), None)


def progress(session: Session) -> str:
    """How far the whys have come, e.g. "3 of 5 whys" or "6 whys, 1 without an answer"."""
    count = len(session.whys)
    text = f"{count} of {WHYS_TARGET} whys" if count < WHYS_TARGET else f"{count} whys"
    unanswered = sum(1 for why in session.whys if not why.answer.strip())
    if unanswered:
        text += f", {unanswered} without an answer"
    return text


class WhysPane(EntryPane):
    """The five whys: number, layer, question and answer; the border title shows the progress."""

    SECTION: ClassVar[str] = "whys"
    TITLE: ClassVar[str] = "Five whys"
    NOUN: ClassVar[str] = "why"
    PLACEHOLDER: ClassVar[str] = "Why did X? Because Y   ·  [p] or !u for the layer  ·  Enter adds"
    COLUMNS: ClassVar[Sequence[PaneColumn]] = (
        PaneColumn("number", "#", 2),
        PaneColumn("layer", "Layer", 12),
        PaneColumn("question", "Question", 36),
        PaneColumn("answer", "Answer"),
    )

    def show_session(self, session: Session, *, redraw: bool = True, local: bool = False) -> None:
        if redraw:
            numbers = {why.id: index for index, why in enumerate(session.whys, start=1)}
            if numbers != getattr(self, "_numbers", None):
                # A row's number depends on its neighbours, so cells cached per entry are stale.
                self.forget_rows()
                self._numbers = numbers
        super().show_session(session, redraw=redraw, local=local)
        if redraw:
            self.border_title = f"{self.TITLE} · {progress(session)}"

    def on_resize(self) -> None:
        # Question and answer share the width the narrow columns leave (the base gives it all to one).
        self.call_after_refresh(self._share_width)

    def on_show(self) -> None:
        # A pane in a hidden tab is measured when its tab first shows.
        self.call_after_refresh(self._share_width)

    def _share_width(self) -> None:
        table = self.table
        if not table.size.width or "question" not in table.visible_columns:
            return
        narrow = sum(
            table.column_width(key) + 2 * table.cell_padding
            for key in table.visible_columns
            if key not in ("question", "answer")
        )
        question = max(16, (table.size.width - narrow - 4 * table.cell_padding - 1) * 2 // 5)
        table.set_column_width("question", question)

    def cells(self, entry: Entry) -> tuple[Any, ...]:
        assert isinstance(entry, Why)
        numbers: dict[str, int] = getattr(self, "_numbers", {})
        return (
            clip(numbers.get(entry.id, "")),
            clip(entry.layer) if entry.layer else clip("—", "dim"),
            clip(entry.question),
            clip(entry.answer) if entry.answer.strip() else clip("(no answer yet)", "italic dim"),
        )

    def detail(self, entry: Entry) -> str | Text:
        assert isinstance(entry, Why)
        text = Text()
        text.append(visible(entry.question), style="bold")
        text.append("\n")
        text.append(visible(entry.answer) or "No answer yet: Enter on it (or a line starting with ?) adds one.")
        return text

    @on(Input.Submitted, ".quick-entry")
    def _answer_submitted(self, event: Input.Submitted) -> None:
        # "? answer" fills in an open why instead of adding one; anything else goes to the base.
        line = event.value.strip()
        if not line.startswith("?"):
            return
        event.stop()
        event.prevent_default()  # the base handler would add it as a new why
        answer = " ".join(line[1:].split())
        target = answer_target(self.session.whys, self.selected_id)
        if not answer:
            self.show_error('Write the answer after the "?", e.g. "? Because the pool held 8 connections".')
        elif target is None:
            self.show_error("Every why has an answer: select one and press Enter to change it.")
        else:
            self.show_error("")
            self.post_message(self.ItemEdited(self, self.SECTION, target.id, {"answer": answer}))
            self.select(target.id)
            event.input.value = ""

    def parse_quick_entry(self, line: str) -> QuickEntry:
        try:
            return QuickEntry(parse_why(line))
        except ValueError as error:
            raise QuickEntryError(str(error)) from None

    def form_fields(self, entry: Entry) -> list[FormField]:
        return [
            FormField("question", "Question", required=True),
            FormField("answer", "Answer", kind="text", hint="A fact about the system or the process."),
            FormField(
                "layer",
                "Layer",
                kind="choice",
                choices=[layer.value for layer in WhyLayer],
                hint="immediate cause, precondition, or underlying cause",
            ),
        ]

    def fields_from_form(self, entry: Entry, values: dict[str, str]) -> dict[str, Any]:
        question = " ".join(values.get("question", "").split())
        if not question:
            raise ValueError("Question cannot be empty")
        answer = values.get("answer", "").strip()
        layer = values.get("layer", "").strip()
        # An empty answer stays "" (not a removed key) so an untouched form changes nothing.
        return {"question": question, "answer": answer, "layer": WhyLayer(layer) if layer else None}
