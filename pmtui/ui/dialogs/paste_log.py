"""Paste a chat transcript or log; preview the timeline entries it gives; add them in one undoable step."""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.coordinate import Coordinate
from textual.screen import ModalScreen
from textual.timer import Timer
from textual.widgets import Button, DataTable, Label, Select, Static, TextArea

from pmtui.docimport.timeline_text import read_pasted_timeline
from pmtui.domain.model import Session, TimelineKind
from pmtui.domain.text_safety import visible
from pmtui.domain.time_entry import format_local
from pmtui.domain.timeline_import import ImportResult, as_change
from pmtui.ui.contract import host
from pmtui.ui.dialogs.kind_picker import KindPicker

PREVIEW_ROWS = 500
"""Rows shown in the preview; a longer paste is still added whole (building 10,000 rows takes seconds)."""
UNREADABLE_SHOWN = 50
PARSE_DELAY = 0.25
"""Seconds of quiet typing before the paste is read again."""

GUESS = "guess"
GUESSED_MARK = " ≈"
"""After a kind in the preview: guessed from the words (the line under the table says which)."""
CHANGED_MARK = " ✎"
"""After a kind in the preview: set by the notetaker on this row."""


def entry_key(fields: dict[str, Any]) -> tuple[dt.datetime, str]:
    """What identifies a previewed entry across re-reads of the paste: its moment and its text."""
    return fields["at"], " ".join(fields["text"].split())


def with_kinds(entries: list[dict[str, Any]], chosen: dict[tuple[dt.datetime, str], str]) -> list[dict[str, Any]]:
    """The entries with the kinds the notetaker chose in the preview."""
    return [
        {**fields, "kind": chosen[entry_key(fields)]} if entry_key(fields) in chosen else fields for fields in entries
    ]


def kind_note(fields: dict[str, Any], phrase: str | None, chosen: str | None) -> str:
    """One line about a previewed entry's kind: where it came from, and how to change it."""
    if chosen is not None:
        return f"{chosen}: chosen here · Enter changes it"
    if phrase:
        return f'{fields["kind"]}: guessed from "{phrase.removeprefix("^")}" · Enter changes it'
    return f"{fields['kind']} · Enter changes it"


def summary(result: ImportResult) -> str:
    """One line: how many entries, duplicates and unreadable lines a paste gave."""
    if result.problem:
        return result.problem
    count = len(result.entries)
    parts = [f"{count} new entr{'y' if count == 1 else 'ies'}"]
    parts.append(f"{result.skipped_duplicates} duplicate{'' if result.skipped_duplicates == 1 else 's'} skipped")
    unreadable = len(result.unreadable_lines)
    parts.append(f"{unreadable} unreadable line{'' if unreadable == 1 else 's'}")
    return " · ".join(parts)


def unreadable_text(result: ImportResult, limit: int = UNREADABLE_SHOWN) -> str:
    """The lines that belong to no message, with their numbers, so nothing is dropped unseen."""
    lines = [f"line {number}: {visible(text.strip()[:100])}" for number, text in result.unreadable_lines[:limit]]
    if len(result.unreadable_lines) > limit:
        lines.append(f"… and {len(result.unreadable_lines) - limit} more")
    return "\n".join(lines)


def one_day(result: ImportResult, session: Session) -> dt.date | None:
    """The local date every new entry falls on, or None when they span days (then each row shows its date)."""
    days = {fields["at"].astimezone(session.incident.tz).date() for fields in result.entries}
    return days.pop() if len(days) == 1 else None


class PasteLogDialog(ModalScreen[int | None]):
    """Paste, check the preview, Add: returns how many entries were added (None when cancelled)."""

    DEFAULT_CSS = """
    PasteLogDialog { align: center middle; }
    PasteLogDialog > #paste-box {
        width: 100%; height: 100%; max-width: 140;
        border: thick $primary; background: $panel; padding: 0 1;
    }
    PasteLogDialog #paste-help { color: $text-muted; width: 100%; }
    PasteLogDialog #paste-text { height: 2fr; min-height: 4; }
    PasteLogDialog .paste-row { height: auto; }
    PasteLogDialog .paste-label { width: auto; padding: 0 1 0 0; color: $text-muted; }
    PasteLogDialog #paste-kind { width: 26; }
    PasteLogDialog #paste-summary { width: 1fr; padding: 0 2; }
    PasteLogDialog #paste-preview { height: 3fr; min-height: 4; }
    PasteLogDialog #paste-row-note { color: $text-muted; height: 1; }
    PasteLogDialog #paste-unreadable { height: auto; max-height: 4; color: $warning; overflow-y: auto; }
    PasteLogDialog #paste-buttons { height: auto; align-horizontal: right; margin-top: 1; }
    PasteLogDialog #paste-buttons Button { margin-left: 1; }
    """

    BINDINGS: ClassVar = [
        Binding("escape", "cancel", "Cancel", id="paste.cancel"),
        Binding("ctrl+s", "add", "Add entries", priority=True, id="paste.add", tooltip="Add the previewed entries"),
    ]

    def __init__(self, text: str = "") -> None:
        super().__init__()
        self._initial = text
        self.result = ImportResult()
        self._generation = 0
        self._shown = 0
        self._read_text = ""
        """The text the last reading was of."""
        self._timer: Timer | None = None
        self.chosen_kinds: dict[tuple[dt.datetime, str], str] = {}
        """Kinds the notetaker set on previewed rows, kept while the paste is edited."""

    @property
    def session(self) -> Session:
        """The app's current session (it may change while the dialog is open)."""
        return host(self).session

    def compose(self) -> ComposeResult:
        with Vertical(id="paste-box", classes="dialog") as box:
            box.border_title = "Paste a chat log or alert log into the timeline"
            box.border_subtitle = "ctrl+s add · esc cancel"
            yield Label(
                f"Paste with your terminal (ctrl+shift+v): Slack, Teams, Discord, Mattermost, Zoom, logs, pager CSV; "
                f"times are {self.session.incident.timezone} unless they say otherwise. "
                "Kinds marked ≈ are guessed from the words: Enter on a row changes one.",
                id="paste-help",
                markup=False,
            )
            yield TextArea(self._initial, soft_wrap=False, show_line_numbers=True, id="paste-text")
            with Horizontal(classes="paste-row"):
                yield Label("Kind", classes="paste-label")
                yield Select(
                    [("guess from the words", GUESS)] + [(kind.value, kind.value) for kind in TimelineKind],
                    value=GUESS,
                    allow_blank=False,
                    compact=True,
                    id="paste-kind",
                )
                yield Static("Nothing pasted yet.", id="paste-summary", markup=False)
            table: DataTable[Any] = DataTable(cursor_type="row", zebra_stripes=True, id="paste-preview")
            yield table
            yield Static("", id="paste-row-note", markup=False)
            yield Static("", id="paste-unreadable", markup=False)
            with Horizontal(id="paste-buttons"):
                yield Button("Add", variant="primary", id="paste-add", disabled=True, compact=True)
                yield Button("Cancel", id="paste-cancel", compact=True)

    def on_mount(self) -> None:
        table = self.query_one("#paste-preview", DataTable)
        table.add_column("When", width=16, key="at")
        table.add_column("Kind", width=15, key="kind")
        table.add_column("Who", width=12, key="author")
        table.add_column("Text", width=40, key="text")
        self.query_one("#paste-text", TextArea).focus()
        if self._initial:
            self._parse()

    # ----------------------------------------------------------------- reading the paste

    @on(TextArea.Changed, "#paste-text")
    def _text_changed(self) -> None:
        # A paste arrives as many small changes in some terminals: read once things settle.
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(PARSE_DELAY, self._parse)

    @on(Select.Changed, "#paste-kind")
    def _kind_changed(self) -> None:
        self._parse()

    def _parse(self) -> None:
        self._timer = None
        self._generation += 1
        text = self._read_text = self.query_one("#paste-text", TextArea).text
        kind_value = self.query_one("#paste-kind", Select).value
        kind = None if kind_value in (GUESS, Select.NULL) else str(kind_value)
        self.query_one("#paste-add", Button).disabled = True
        self._parse_worker(self._generation, text, self.session, kind, self._today())

    def _today(self) -> dt.date:
        """The day of the paste in the incident's zone, for "Today" and "Yesterday" dividers (the app's clock)."""
        return host(self).clock().astimezone(self.session.incident.tz).date()

    @work(thread=True, exclusive=True, group="paste-parse", exit_on_error=False)
    def _parse_worker(self, generation: int, text: str, session: Session, kind: str | None, today: dt.date) -> None:
        try:
            result = read_pasted_timeline(text, session, kind=kind, today=today)  # chat logs and Markdown timelines
        except Exception as error:  # a reader bug must not take the meeting down
            result = ImportResult(problem=f"Could not read the paste: {type(error).__name__}: {error}")
        self.app.call_from_thread(self._show, generation, result)

    def _show(self, generation: int, result: ImportResult) -> None:
        if generation != self._generation or not self.is_attached:
            return  # the text changed again while this was read
        self._shown = generation
        self.result = result
        has_text = bool(self.query_one("#paste-text", TextArea).text.strip())
        session = self.session
        day = one_day(result, session)
        line = summary(result) + (f" · all on {day.isoformat()}" if day and not result.problem else "")
        self.query_one("#paste-summary", Static).update(line if has_text else "Nothing pasted yet.")
        unreadable = unreadable_text(result)
        self.query_one("#paste-unreadable", Static).update(f"Not read — {visible(unreadable)}" if unreadable else "")
        table = self.query_one("#paste-preview", DataTable)
        table.clear()
        table.columns["at"].width = 8 if day is not None else 16  # type: ignore[index]
        self._fit_text_column()
        for fields, phrase in zip(result.entries[:PREVIEW_ROWS], result.guessed_from, strict=False):
            table.add_row(
                format_local(fields["at"], session.incident.tz, with_date=day is None),
                self._kind_cell(fields, phrase),
                # Pasted text is data: a str cell would be read as markup, escapes are shown, never sent.
                Text(visible(fields.get("author", "")), overflow="ellipsis", no_wrap=True),
                Text(" ".join(visible(fields["text"]).split()), overflow="ellipsis", no_wrap=True),
            )
        self._show_row_note()
        if len(result.entries) > PREVIEW_ROWS:
            table.add_row("", "", "", Text(f"… and {len(result.entries) - PREVIEW_ROWS} more", style="dim"))
        add = self.query_one("#paste-add", Button)
        add.disabled = not result.entries
        count = len(result.entries)
        add.label = f"Add {count} entr{'y' if count == 1 else 'ies'}" if count else "Add"

    def _kind_cell(self, fields: dict[str, Any], phrase: str | None) -> Text:
        chosen = self.chosen_kinds.get(entry_key(fields))
        if chosen is not None:
            return Text(chosen + CHANGED_MARK, style="bold")
        return Text(fields["kind"] + (GUESSED_MARK if phrase else ""), style="italic" if phrase else "")

    # ----------------------------------------------------------------- changing a row's kind

    @on(DataTable.RowHighlighted, "#paste-preview")
    def _show_row_note(self) -> None:
        row = self.query_one("#paste-preview", DataTable).cursor_row
        entries = self.result.entries
        note = ""
        if 0 <= row < min(len(entries), PREVIEW_ROWS):
            fields = entries[row]
            phrase = self.result.guessed_from[row] if row < len(self.result.guessed_from) else None
            note = f"Row {row + 1}: " + kind_note(fields, phrase, self.chosen_kinds.get(entry_key(fields)))
        self.query_one("#paste-row-note", Static).update(note)

    @on(DataTable.RowSelected, "#paste-preview")
    def _change_kind(self, event: DataTable.RowSelected) -> None:
        row = event.cursor_row
        if not 0 <= row < min(len(self.result.entries), PREVIEW_ROWS):
            return
        key = entry_key(self.result.entries[row])
        current = self.chosen_kinds.get(key, self.result.entries[row]["kind"])

        def chosen(kind: str | None) -> None:
            if kind is None or row >= len(self.result.entries) or entry_key(self.result.entries[row]) != key:
                return  # cancelled, or the paste changed meanwhile
            self.chosen_kinds[key] = kind
            table = self.query_one("#paste-preview", DataTable)
            phrase = self.result.guessed_from[row] if row < len(self.result.guessed_from) else None
            table.update_cell_at(Coordinate(row, 1), self._kind_cell(self.result.entries[row], phrase))
            self._show_row_note()

        self.app.push_screen(KindPicker(current), chosen)

    def on_resize(self) -> None:
        self._fit_text_column()

    def _fit_text_column(self) -> None:
        # The text takes the width the other columns leave, so no sideways scrolling is needed.
        table = self.query_one("#paste-preview", DataTable)
        if not table.size.width or "text" not in table.columns:
            return
        others = sum(c.get_render_width(table) for key, c in table.columns.items() if key != "text")
        width = max(12, table.size.width - others - 2 * table.cell_padding - 1)
        table.columns["text"].width = width  # type: ignore[index]
        table.refresh()

    # ----------------------------------------------------------------- add / cancel

    def _reading_done(self) -> bool:
        """No reading waits for a pause in typing, and the last one started is shown."""
        return self._timer is None and self._shown == self._generation

    @property
    def preview_is_current(self) -> bool:
        """Whether the preview shows the text as it is now (not waiting for a pause in typing or for the reader)."""
        return self._reading_done() and self._read_text == self.query_one("#paste-text", TextArea).text

    def action_add(self) -> None:
        if not self._reading_done():
            # Asked before the preview caught up: what is added must be what is shown.
            if self._timer is not None:
                self._parse()
            self.notify("Still reading the paste; press Add again when the preview shows it.", timeout=3)
            return
        entries = with_kinds(self.result.entries, self.chosen_kinds)
        if not entries:
            self.notify("Nothing to add: the preview is empty.", severity="warning", timeout=3)
            return
        if not host(self).submit(as_change(self.session, entries)):
            return  # the app said why; the paste stays so nothing is lost
        self.notify(f"Added {len(entries)} timeline entries — ctrl+z undoes them all.", timeout=4)
        self.dismiss(len(entries))

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#paste-add")
    def _add_pressed(self) -> None:
        self.action_add()

    @on(Button.Pressed, "#paste-cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()
