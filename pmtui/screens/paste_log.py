"""Paste a chat transcript or log; preview the timeline entries it gives; add them in one undoable step."""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.timer import Timer
from textual.widgets import Button, DataTable, Label, Select, Static, TextArea

from pmtui.changes import AddEntry, Batch
from pmtui.docimport.timeline_text import read_pasted_timeline
from pmtui.model import Session, TimelineEvent, TimelineKind
from pmtui.timeline_import import ImportResult, insertion_positions

PREVIEW_ROWS = 500
"""Rows shown in the preview; a longer paste is still added whole (building 10,000 rows takes seconds)."""
UNREADABLE_SHOWN = 50
PARSE_DELAY = 0.25
"""Seconds of quiet typing before the paste is read again."""

GUESS = "guess"


def import_changes(session: Session, entries: list[dict[str, Any]]) -> Batch:
    """One Batch adding every entry where it keeps the timeline in time order (one undo removes them all)."""
    positions = insertion_positions(session, entries)
    # Ids chosen here, one past the highest t-number, spare AddEntry a search per entry (a 1,000-line
    # paste took seconds); one taken meanwhile by another process is replaced by a free one.
    prefix = TimelineEvent.PREFIX
    numbers = [
        int(e.id[len(prefix) :])
        for _, e in session.iter_entries()
        if e.id[len(prefix) :].isdigit() and e.id.startswith(prefix)
    ]
    first = max(numbers, default=0) + 1
    return Batch(
        [
            AddEntry("timeline", fields, id=f"{prefix}{first + n}", position=position)
            for n, (fields, position) in enumerate(zip(entries, positions, strict=True))
        ]
    )


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
    lines = [f"line {number}: {text.strip()[:100]}" for number, text in result.unreadable_lines[:limit]]
    if len(result.unreadable_lines) > limit:
        lines.append(f"… and {len(result.unreadable_lines) - limit} more")
    return "\n".join(lines)


def local_time(at: dt.datetime, session: Session, with_date: bool = True) -> str:
    """A moment in the incident's time zone: `2026-11-20 14:05`, seconds only when they matter."""
    moment = at.astimezone(session.incident.tz)
    clock = moment.strftime("%H:%M:%S" if moment.second else "%H:%M")
    return f"{moment:%Y-%m-%d} {clock}" if with_date else clock


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
    PasteLogDialog #paste-unreadable { height: auto; max-height: 4; color: $warning; overflow-y: auto; }
    PasteLogDialog #paste-buttons { height: auto; align-horizontal: right; margin-top: 1; }
    PasteLogDialog #paste-buttons Button { margin-left: 1; }
    """

    BINDINGS: ClassVar = [
        Binding("escape", "cancel", "Cancel", id="paste.cancel"),
        Binding("ctrl+s", "add", "Add entries", priority=True, id="paste.add", tooltip="Add the previewed entries"),
    ]

    def __init__(self, session: Session | None = None, text: str = "") -> None:
        super().__init__()
        self._session = session
        self._initial = text
        self.result = ImportResult()
        self._generation = 0
        self._shown = 0
        self._timer: Timer | None = None

    @property
    def session(self) -> Session:
        """The app's current session (it may change while the dialog is open), else the one given."""
        app_session = getattr(self.app, "session", None)
        if isinstance(app_session, Session):
            return app_session
        return self._session if self._session is not None else Session()

    def compose(self) -> ComposeResult:
        with Vertical(id="paste-box", classes="dialog") as box:
            box.border_title = "Paste a chat log or alert log into the timeline"
            box.border_subtitle = "ctrl+s add · esc cancel"
            yield Label(
                f"Paste with your terminal (ctrl+shift+v). Lines like [14:05] sam: rolled back; "
                f"times are {self.session.incident.timezone} unless they say otherwise.",
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
            yield Static("", id="paste-unreadable", markup=False)
            with Horizontal(id="paste-buttons"):
                yield Button("Add", variant="primary", id="paste-add", disabled=True, compact=True)
                yield Button("Cancel", id="paste-cancel", compact=True)

    def on_mount(self) -> None:
        table = self.query_one("#paste-preview", DataTable)
        table.add_column("When", width=16, key="at")
        table.add_column("Kind", width=13, key="kind")
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
        text = self.query_one("#paste-text", TextArea).text
        kind_value = self.query_one("#paste-kind", Select).value
        kind = None if kind_value in (GUESS, Select.NULL) else str(kind_value)
        self.query_one("#paste-add", Button).disabled = True
        self._parse_worker(self._generation, text, self.session, kind)

    @work(thread=True, exclusive=True, group="paste-parse", exit_on_error=False)
    def _parse_worker(self, generation: int, text: str, session: Session, kind: str | None) -> None:
        try:
            result = read_pasted_timeline(text, session, kind=kind)  # chat logs and Markdown timelines
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
        self.query_one("#paste-unreadable", Static).update(f"Not read — {unreadable}" if unreadable else "")
        table = self.query_one("#paste-preview", DataTable)
        table.clear()
        table.columns["at"].width = 8 if day is not None else 16  # type: ignore[index]
        self._fit_text_column()
        for fields in result.entries[:PREVIEW_ROWS]:
            table.add_row(
                local_time(fields["at"], session, with_date=day is None),
                fields["kind"],
                fields.get("author", ""),
                Text(" ".join(fields["text"].split()), overflow="ellipsis", no_wrap=True),
            )
        if len(result.entries) > PREVIEW_ROWS:
            table.add_row("", "", "", Text(f"… and {len(result.entries) - PREVIEW_ROWS} more", style="dim"))
        add = self.query_one("#paste-add", Button)
        add.disabled = not result.entries
        count = len(result.entries)
        add.label = f"Add {count} entr{'y' if count == 1 else 'ies'}" if count else "Add"

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

    def action_add(self) -> None:
        if self._timer is not None or self._shown != self._generation:
            # Asked before the preview caught up: what is added must be what is shown.
            if self._timer is not None:
                self._parse()
            self.notify("Still reading the paste; press Add again when the preview shows it.", timeout=3)
            return
        entries = self.result.entries
        if not entries:
            self.notify("Nothing to add: the preview is empty.", severity="warning", timeout=3)
            return
        submit = getattr(self.app, "submit", None)
        if submit is None or not submit(import_changes(self.session, entries)):
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
