"""Action items: owned, dated changes, typed in the quick syntax (pmtui.domain.action_entry) or a form."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Input, Static

from pmtui.domain.action_entry import describe, parse_action
from pmtui.domain.model import ActionItem, ActionKind, ActionStatus, Entry, Session
from pmtui.domain.text_fit import clip_line
from pmtui.domain.text_safety import visible
from pmtui.ui.contract import host
from pmtui.ui.messages import WidgetMessage
from pmtui.ui.widgets.entry_pane import EntryPane, PaneColumn, QuickEntry, QuickEntryError, clip
from pmtui.ui.widgets.redraw import show_in_place

KIND_SHORT: dict[ActionKind, str] = {
    ActionKind.PREVENTION: "prevent",
    ActionKind.DETECTION: "detect",
    ActionKind.ACKNOWLEDGEMENT: "ack",
    ActionKind.MITIGATION: "mitigate",
    ActionKind.COMMUNICATION: "comms",
    ActionKind.DOCUMENTATION: "docs",
}
"""Kinds as they fit the table's narrow column."""

STATUS_CYCLE: list[ActionStatus] = [
    ActionStatus.OPEN,
    ActionStatus.IN_PROGRESS,
    ActionStatus.DONE,
    ActionStatus.WONT_DO,
]


def next_status(status: ActionStatus) -> ActionStatus:
    """The status x moves an action to: open → in-progress → done → wont-do → open."""
    return STATUS_CYCLE[(STATUS_CYCLE.index(status) + 1) % len(STATUS_CYCLE)]


def changed_fields(action: ActionItem, fields: dict[str, Any]) -> dict[str, Any]:
    """The fields that differ from the action; empty values and missing keys count as the same."""
    return {key: value for key, value in fields.items() if (getattr(action, key, None) or None) != (value or None)}


def session_today(clock: Callable[[], dt.datetime], session: Session) -> dt.date:
    """Today in the incident's time zone, by the app's clock (tests give the app a fake one)."""
    return clock().astimezone(session.incident.tz).date()


class ActionsPane(EntryPane):
    """Action items: text, owner, due, kind, priority, status and what each addresses."""

    SECTION: ClassVar[str] = "actions"
    TITLE: ClassVar[str] = "Action items"
    NOUN: ClassVar[str] = "action"
    # The detail line quotes the whys and went-wrong entries an action addresses: an edit there redraws it.
    DRAWN_FROM: ClassVar[frozenset[str]] = frozenset({"whys", "went_wrong"})
    PLACEHOLDER: ClassVar[str] = (
        "Add alert on 5xx > 2% @priya due:fri #detection !P1 ->y3,b1 tracker:PAY-1  ·  Enter adds"
    )
    COLUMNS: ClassVar[Sequence[PaneColumn]] = (
        PaneColumn("text", "Action"),
        PaneColumn("owner", "Owner", 14),
        PaneColumn("due", "Due", 10),
        PaneColumn("kind", "Kind", 8),
        PaneColumn("priority", "P", 2),
        PaneColumn("status", "Status", 11),
        PaneColumn("addresses", "Addresses", 9),
    )

    @dataclass
    class ActionFormRequested(WidgetMessage["ActionsPane"]):
        """The person asked for the action form: to edit `action`, or to write a new one (None)."""

        action: ActionItem | None

    @dataclass
    class LinkRequested(WidgetMessage["ActionsPane"]):
        """The person asked to choose what an action addresses; the screen asks and calls links_chosen."""

        action: ActionItem

    DEFAULT_CSS = """
    ActionsPane > .quick-hint { height: auto; padding: 0 1; color: $text-muted; display: none; }
    ActionsPane > .quick-hint.-shown { display: block; }
    """

    # ctrl chords, not letters: letters typed on the list go to the entry line (type to add).
    BINDINGS: ClassVar = [
        Binding("ctrl+n", "new_in_form", "New…", show=False, id="actions.new", tooltip="Write a new action in a form"),
        Binding(
            "ctrl+l", "link", "Link", id="actions.link", tooltip="Choose the whys and went-wrong entries it addresses"
        ),
        Binding(
            "ctrl+x",
            "cycle_status",
            "Status",
            id="actions.status",
            tooltip="Next status: open → in-progress → done → wont-do → open",
        ),
    ]

    def compose(self) -> ComposeResult:
        yield from super().compose()
        yield Static("", classes="quick-hint", markup=False)

    # ----------------------------------------------------------------- the table

    NARROW_WIDTH: ClassVar[int] = 100
    """Below this table width, kind and addresses give their room to the text (the detail line shows them)."""

    def on_resize(self) -> None:
        self.call_after_refresh(self._fit_columns)

    def on_show(self) -> None:
        # A pane in a hidden tab is measured when its tab first shows.
        self.call_after_refresh(self._fit_columns)

    def _fit_columns(self) -> None:
        table = self.table
        if not table.size.width:
            return
        narrow = table.size.width < self.NARROW_WIDTH
        for column in self.COLUMNS:
            if column.width is None:
                continue
            width = column.width
            if narrow and column.key in ("kind", "addresses"):
                width = 0
            elif narrow and column.key == "owner":
                width = 10
            table.set_column_width(column.key, width)

    @property
    def today(self) -> dt.date:
        return session_today(host(self).clock, self.session)

    def show_session(self, session: Session, *, redraw: bool = True, local: bool = False) -> None:
        today = session_today(host(self).clock, session) if self.is_attached else dt.date.today()
        if today != getattr(self, "_today", None):
            # Overdue colouring depends on the date, so cells cached per entry are stale.
            self.forget_rows()
            self._today = today
            redraw = True
        super().show_session(session, redraw=redraw, local=local)
        if not redraw:
            return  # the actions and the date are as they were (an edit elsewhere): the title stands
        overdue = sum(1 for action in session.actions if action.days_overdue(self._today) > 0)
        open_count = sum(1 for action in session.actions if action.status.is_open)
        title = f"{self.TITLE} · {open_count} open"
        if overdue:
            title += f", {overdue} overdue"
        self.border_title = title

    def _error_style(self) -> str:
        theme = self.app.current_theme if self.is_attached else None
        return f"bold {theme.error}" if theme is not None and theme.error else "bold red"

    def cells(self, entry: Entry) -> tuple[Any, ...]:
        assert isinstance(entry, ActionItem)
        today: dt.date = getattr(self, "_today", None) or dt.date.today()
        style = self._error_style() if entry.days_overdue(today) > 0 else ""
        return (
            clip(entry.text, style),
            clip(entry.owner) if entry.owner else clip("no owner", "dim"),
            clip(entry.due.isoformat(), style) if entry.due else clip("no date", "dim"),
            clip(KIND_SHORT[entry.kind] if entry.kind else ""),
            clip(entry.priority),
            clip(entry.status),
            clip(",".join(entry.addresses)),
        )

    def detail(self, entry: Entry) -> str | Text:
        assert isinstance(entry, ActionItem)
        today: dt.date = getattr(self, "_today", None) or dt.date.today()
        text = Text(visible(entry.text))
        bits = [visible(entry.owner) or "no owner", f"due {entry.due.isoformat()}" if entry.due else "no due date"]
        bits += [entry.kind.value if entry.kind else "no kind", entry.priority.value, entry.status.value]
        if entry.tracker:
            bits.append(visible(entry.tracker))
        text.append("\n" + " · ".join(bits), style="dim")
        if days := entry.days_overdue(today):
            text.append(f" · overdue by {days} day{'s' if days != 1 else ''}", style=self._error_style())
        links = []
        for target in entry.addresses:
            found = self.session.find(target)
            if found is not None:
                what = getattr(found[1], "question", None) or getattr(found[1], "text", "")
                links.append(f"{target} {clip_line(visible(str(what)), 48)}")
        if links:
            text.append("\n→ " + "; ".join(links), style="dim")
        return text

    # ----------------------------------------------------------------- quick entry

    def parse_quick_entry(self, line: str) -> QuickEntry:
        parsed = parse_action(line, self.session, self.today)
        if parsed.problems:
            self._hint("")  # the problems say it all
            raise QuickEntryError("✖ " + "\n✖ ".join(parsed.problems))
        self._hint("")
        return QuickEntry(parsed.fields)

    @on(Input.Changed, ".quick-entry")
    def _explain_line(self, event: Input.Changed) -> None:
        # Say how the line is being read while it is typed; problems wait for Enter.
        if not event.value.strip():
            self._hint("")
            return
        self.show_error("")
        today = self.today
        understood = describe(parse_action(event.value, self.session, today).fields, today)
        self._hint(f"→ {understood}" if understood else "")

    def _hint(self, message: str) -> None:
        hint = self.query_one(".quick-hint", Static)
        show_in_place(hint, message)  # at every key: a layout only when the hint's height changes
        hint.set_class(bool(message), "-shown")

    # ----------------------------------------------------------------- form, links, status

    def edit_entry(self, entry: Entry) -> None:
        assert isinstance(entry, ActionItem)
        self.post_message(self.ActionFormRequested(self, entry))

    def action_new_in_form(self) -> None:
        self.post_message(self.ActionFormRequested(self, None))

    def edit_intent(self, entry: Entry, fields: dict[str, Any]) -> Message | None:
        assert isinstance(entry, ActionItem)
        changed = changed_fields(entry, fields)
        return self.ItemEdited(self, self.SECTION, entry.id, changed) if changed else None

    def add_intent(self, fields: dict[str, Any]) -> Message | None:
        """What a saved form for a new action asks for: ItemAdded (and the new row gets the cursor)."""
        self._expect_new = True
        return self.ItemAdded(self, self.SECTION, {k: v for k, v in fields.items() if v not in (None, "", [])})

    def action_link(self) -> None:
        entry = self.selected_entry()
        if not isinstance(entry, ActionItem):
            self.notify("No action selected.", timeout=2)
            return
        self.post_message(self.LinkRequested(self, entry))

    def links_chosen(self, action: ActionItem, chosen: list[str]) -> None:
        """What the action addresses now (the screen asked): an edit, unless only the order changed."""
        if set(chosen) != set(action.addresses):  # order alone is no change
            self.post_message(self.ItemEdited(self, self.SECTION, action.id, {"addresses": chosen or None}))

    def action_cycle_status(self) -> None:
        entry = self.selected_entry()
        if not isinstance(entry, ActionItem):
            self.notify("No action selected.", timeout=2)
            return
        status = next_status(entry.status)
        self.post_message(self.ItemEdited(self, self.SECTION, entry.id, {"status": status}))
