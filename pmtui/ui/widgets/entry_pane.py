"""EntryPane: a table of one section's entries with a quick-entry line; posts intent, never saves.

Subclasses set SECTION, TITLE, COLUMNS and PLACEHOLDER and override `cells`,
`parse_quick_entry`, `form_fields` / `form_values` / `fields_from_form` (or `edit_entry`).
The screen turns the nested messages into Changes with `app.submit`, and opens the edit form
a pane asks for (EditRequested): a pane never opens a dialog itself.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum
from functools import partial
from typing import Any, ClassVar

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, Static

from pmtui.domain.model import Entry, Session
from pmtui.domain.splice import changed_span, extreme_after
from pmtui.domain.text_safety import visible
from pmtui.ui.contract import host
from pmtui.ui.messages import Origin, SessionUpdated, WidgetMessage
from pmtui.ui.widgets.entry_list import MARK_COLUMN, EntryList, ListColumn, ListRow
from pmtui.ui.widgets.form_fields import FormField
from pmtui.ui.widgets.list_rows import LazyCells
from pmtui.ui.widgets.redraw import show_in_place


class QuickEntryError(ValueError):
    """The quick-entry line could not be understood; the message says how to write it."""


@dataclass
class QuickEntry:
    """What a quick-entry line adds: the entry's fields and, optionally, where it goes."""

    fields: dict[str, Any]
    position: int | None = None


@dataclass(frozen=True)
class PaneColumn:
    """A table column: key, header label, and width (None: takes the room left)."""

    key: str
    label: str
    width: int | None = None


ID_COLUMN = "_id"
ID_WIDTH, ID_WIDTH_MAX = 4, 10
"""The id column: wide enough for t999, and for longer ids up to ten characters."""


class PaneList(EntryList):
    """A notetaker list: one line a row, zebra stripes; Enter edits the entry under the cursor."""

    HELP_TITLE: ClassVar[str] = "On a list"
    BINDINGS: ClassVar = [
        Binding("enter", "select_cursor", "Edit", id="entry.edit", tooltip="Edit the selected entry in a form"),
    ]


@dataclass
class PaneMessage(WidgetMessage["EntryPane"]):
    """Something the person did in an entry pane (the control); the screen turns it into a change or a dialog."""


class EntryPane(Vertical):
    """A list section: table (cursor row = selected entry), detail line, quick-entry input."""

    DEFAULT_CSS = """
    EntryPane { height: 1fr; }
    EntryPane > .entry-detail { height: auto; max-height: 3; padding: 0 1; }
    EntryPane > .quick-entry { height: 1; }
    EntryPane > .quick-error { height: auto; padding: 0 1; display: none; }
    EntryPane > .quick-error.-shown { display: block; }
    """

    # No printable key is a command here: the notetaker types prose, and a letter pressed on the
    # list goes to the entry line below it ("type to add", NotetakerScreen.typing_target).
    BINDINGS: ClassVar = [
        Binding("delete", "delete", "Delete", id="entry.delete", tooltip="Delete the selected entry (undo: ctrl+z)"),
        Binding(
            "ctrl+z",
            "undo",
            "Undo",
            id="entry.undo",
            tooltip="Undo the last change (an entry brought back is selected)",
        ),
        Binding(
            "alt+up,ctrl+up", "move(-1)", "Move up", show=False, id="entry.up", tooltip="Move the selected entry up"
        ),
        Binding(
            "alt+down,ctrl+down",
            "move(1)",
            "Move down",
            show=False,
            id="entry.down",
            tooltip="Move the selected entry down",
        ),
        Binding(
            "escape,up",
            "focus_table",
            "To list",
            show=False,
            id="entry.to-list",
            tooltip="From the entry line to the list above it",
        ),
    ]

    HELP_TITLE: ClassVar[str] = "Every list (timeline, went well, whys, actions, questions…)"
    SECTION: ClassVar[str] = ""
    TITLE: ClassVar[str] = ""
    COLUMNS: ClassVar[Sequence[PaneColumn]] = (PaneColumn("text", "Text"),)
    PLACEHOLDER: ClassVar[str] = "Type and press Enter to add"
    NOUN: ClassVar[str] = "entry"
    START_AT_END: ClassVar[bool] = False
    """Put the cursor on the last entry when the list is first shown (a timeline grows at the end)."""
    DRAWN_FROM: ClassVar[frozenset[str]] = frozenset()
    """Sections besides SECTION the rows are drawn from (the timeline's times follow the incident's zone)."""

    # ----------------------------------------------------------------- messages

    @dataclass
    class ItemAdded(PaneMessage):
        """The person asked to add an entry."""

        section: str
        fields: dict[str, Any]
        position: int | None = None

    @dataclass
    class ItemEdited(PaneMessage):
        """The person changed some fields of an entry (None removes a key); position moves it too."""

        section: str
        id: str
        fields: dict[str, Any]
        position: int | None = None

    @dataclass
    class EditRequested(PaneMessage):
        """The person asked to edit an entry in a form; the screen opens it and posts what it saves here."""

        entry: Entry

    @dataclass
    class ItemDeleted(PaneMessage):
        """The person asked to delete an entry."""

        section: str
        id: str

    @dataclass
    class ItemMoved(PaneMessage):
        """The person moved an entry to another position in its section."""

        section: str
        id: str
        to_index: int

    # ----------------------------------------------------------------- set-up

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.session = Session()
        self._seen: dict[str, tuple[Entry, ListRow]] = {}
        """Each shown entry and its row: an entry equal to the one shown keeps its row."""
        self._shown: dict[str, tuple[Entry, ListRow]] = {}
        """Each listed entry (and its row) by id, as last filled: _seen may be emptied to rebuild rows."""
        self._listed: list[Entry] = []
        self._rows: list[ListRow] = []
        """The entries as last filled, and their rows in the same order."""
        self._widest_id = 0
        """The length of the longest id listed."""
        self.rows_built = 0
        """Rows made afresh from entries (the others were kept): adding one entry builds one row."""
        self._expect_new = False
        """The next entry this screen adds here gets the cursor (one typed, or brought back by undo)."""
        self._last_line = ""
        self._stale = False
        """The rows must be rebuilt: their section changed while the pane was hidden (filled when it shows)."""
        if self.TITLE:
            self.border_title = self.TITLE

    @property
    def table(self) -> PaneList:
        return self.query_one(PaneList)

    @property
    def quick_input(self) -> Input:
        return self.query_one(".quick-entry", Input)

    def compose(self) -> ComposeResult:
        columns = [
            ListColumn(MARK_COLUMN, " ", 1),
            ListColumn(ID_COLUMN, "id", ID_WIDTH),
            *(ListColumn(c.key, c.label, c.width) for c in self.COLUMNS),
        ]
        yield PaneList(columns, zebra_stripes=True, classes="entry-table")
        yield Static("", classes="entry-detail", markup=False)
        # select_on_focus off: a key that moves focus here from the list must not replace the line
        yield Input(placeholder=self.PLACEHOLDER, classes="quick-entry", compact=True, select_on_focus=False)
        yield Static("", classes="quick-error", markup=False)

    def on_mount(self) -> None:
        # A pane mounted after its screen's first view (none is today; the tabs are built with the
        # screen) would not have been shown a session yet.
        self.session = host(self).session
        # is_mounted turns true only after this handler: fill the table right after it.
        self._stale = True
        self.call_next(self.fill_if_stale)
        # Some cells carry the theme's colours (overdue actions): rebuild them when the theme changes.
        self.watch(self.app, "theme", lambda _: self._rebuild_rows(), init=False)

    def _rebuild_rows(self) -> None:
        self.forget_rows()
        self.show_session(self.session)

    def forget_rows(self) -> None:
        """Build every row afresh at the next fill (what the cells show depends on more than the entry)."""
        self._seen = {}
        self._listed, self._rows = [], []

    # ----------------------------------------------------------------- what subclasses say

    def entries_of(self, session: Session) -> Sequence[Entry]:
        """The entries this pane lists."""
        return getattr(session, self.SECTION)  # type: ignore[no-any-return]

    def cells(self, entry: Entry) -> tuple[Any, ...]:
        """The cells of an entry's row, one per COLUMNS item."""
        return tuple(clip(getattr(entry, column.key, "")) for column in self.COLUMNS)

    def detail(self, entry: Entry) -> str | Text:
        """The full text of the selected entry, shown under the table."""
        return visible(str(getattr(entry, "text", "") or ""))

    def parse_quick_entry(self, line: str) -> QuickEntry:
        """Turn the quick-entry line into an entry; raise QuickEntryError to say what is wrong."""
        return QuickEntry({"text": line})

    def form_title(self, entry: Entry) -> str:
        """The edit form's title."""
        return f"Edit {self.NOUN} {entry.id}"

    def form_fields(self, entry: Entry) -> list[FormField]:
        """The fields of the edit form."""
        return [FormField("text", "Text", kind="text", required=True)]

    def form_values(self, entry: Entry) -> dict[str, str]:
        """The edit form's starting values, as text."""
        return {f.name: _as_text(getattr(entry, f.name, "")) for f in self.form_fields(entry)}

    def fields_from_form(self, entry: Entry, values: dict[str, str]) -> dict[str, Any]:
        """Turn the form's text back into fields (None removes an optional key); raise ValueError."""
        result: dict[str, Any] = {}
        for spec in self.form_fields(entry):
            value = values.get(spec.name, "").strip()
            if spec.required and not value:
                raise ValueError(f"{spec.label} cannot be empty")
            result[spec.name] = value or (None if not spec.required else value)
        return result

    def edited_position(self, entry: Entry, fields: dict[str, Any]) -> int | None:
        """Where an edited entry should move to (e.g. to keep time order); None to stay."""
        return None

    # ----------------------------------------------------------------- following the session

    def show_update(self, update: SessionUpdated) -> None:
        """Follow a session update: the rows are rebuilt only if a section they are drawn from changed."""
        self.show_session(
            update.session,
            redraw=update.touches(self.SECTION, *self.DRAWN_FROM),
            local=update.origin is Origin.LOCAL,
        )

    def show_session(self, session: Session, *, redraw: bool = True, local: bool = False) -> None:
        """Show a session: the spotlight follows it, and with `redraw` the rows (only changed ones are built).

        `local`: the session comes from this screen's own change, which may be the entry it just added.
        """
        self.session = session
        self._stale = self._stale or redraw
        if not self.is_mounted:
            return
        self.table.spotlight = session.meeting.spotlight
        if not self._stale:
            return
        if self._hidden():
            return  # a pane in a tab not shown is filled when the tab shows (a 500-row table costs ~0.2 s)
        self._stale = False
        self._fill(self.entries_of(session), local)

    def _fill(self, entries: Sequence[Entry], local: bool) -> None:
        table = self.table
        # The entries the store did not touch are the very objects shown last time (found at C
        # speed), and keep their rows; in the span between, an entry equal to the one shown keeps
        # its row too, and the list draws that from its cache: an entry added to 2,000 builds one row.
        listed, rows_before = self._listed, self._rows
        start, old_stop, new_stop = changed_span(listed, entries)
        seen = self._seen
        shown = dict(self._shown) if seen else {}
        for entry in listed[start:old_stop]:
            shown.pop(entry.id, None)
        keys = [ID_COLUMN, *(c.key for c in self.COLUMNS)]
        middle = []
        for entry in entries[start:new_stop]:
            before = seen.get(entry.id)
            if before is not None and (before[0] is entry or before[0] == entry):
                row = before[1]
            else:
                row = ListRow(entry.id, LazyCells(partial(self._row_cells, entry, keys)))
            shown[entry.id] = (entry, row)
            middle.append(row)
        rows = [*rows_before[:start], *middle, *rows_before[old_stop:]]
        self._listed, self._rows = list(entries), rows
        self._seen = self._shown = shown
        # As wide as the longest id (t2001 in a long incident), up to a point: the ids are how a
        # notetaker tells entries apart, and the text column still needs the room.
        gone = {len(entry.id) for entry in listed[start:old_stop] if entry.id not in shown}
        came = [len(entry.id) for entry in entries[start:new_stop]]
        known = self._widest_id if listed else None
        self._widest_id = extreme_after(known, gone, came, lambda: map(len, shown), highest=True) or 0
        table.set_column_width(ID_COLUMN, min(ID_WIDTH_MAX, max(ID_WIDTH, self._widest_id)))
        was_empty = table.row_count == 0
        added = table.set_rows(rows)
        if self._expect_new and local and len(added) == 1:
            table.select(added[0])  # the entry just typed
        elif was_empty and rows and self.START_AT_END:
            table.select(rows[-1].key)  # first time shown: the latest entry, where typing continues
        elif added:
            table.scroll_to_row(table.cursor_index)  # the selected entry may have moved down
        if local and added:
            self._expect_new = False  # the entry expected came (an edit or a delete made before it did not)
        self._show_detail()

    def _row_cells(self, entry: Entry, keys: list[str]) -> dict[str, Text]:
        self.rows_built += 1
        cells = (Text(entry.id), *(c if isinstance(c, Text) else clip(c) for c in self.cells(entry)))
        return dict(zip(keys, cells, strict=True))

    def _hidden(self) -> bool:
        """Whether the pane sits in a tab (or other container) that is not displayed."""
        node: Any = self
        while node is not None and node is not self.screen:
            if not node.display:
                return True
            node = node.parent
        return False

    @on(events.Show)
    def fill_if_stale(self) -> None:
        """Fill the table now if its section changed while it was hidden (its tab was just shown)."""
        if self._stale:
            self.show_session(self.session)

    @property
    def selected_id(self) -> str | None:
        """The id of the entry under the cursor."""
        return self.table.selected_key

    def selected_entry(self) -> Entry | None:
        entry_id = self.selected_id
        found = self._shown.get(entry_id) if entry_id is not None else None
        return found[0] if found is not None else None

    def select(self, entry_id: str) -> None:
        """Put the cursor on an entry."""
        self.table.select(entry_id)

    @on(EntryList.RowHighlighted)
    def _row_highlighted(self, event: EntryList.RowHighlighted) -> None:
        event.stop()
        self._show_detail()

    def _show_detail(self) -> None:
        entry = self.selected_entry()
        # A detail as tall as the last moves nothing else: no layout, which would draw the whole
        # screen again in the frame that shows a typed entry.
        show_in_place(self.query_one(".entry-detail", Static), self.detail(entry) if entry is not None else "")

    # ----------------------------------------------------------------- quick entry

    @on(Input.Submitted, ".quick-entry")
    def _quick_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.submit_line()

    def submit_line(self) -> None:
        """Enter: ask to add what the entry line says; a line that can't be read stays, with the problem."""
        quick = self.read_line()
        if quick is None:
            return
        self._expect_new = True
        self._last_line = self.quick_input.value
        self.quick_input.value = ""
        self.post_message(self.ItemAdded(self, self.SECTION, quick.fields, quick.position))

    def read_line(self) -> QuickEntry | None:
        """What the entry line would add; None if it is empty or can't be read (the problem is shown)."""
        line = self.quick_input.value.strip()
        if not line:
            return None
        try:
            quick = self.parse_quick_entry(line)
        except QuickEntryError as error:
            self.show_error(str(error))  # the text stays in the line: nothing typed is lost
            return None
        self.show_error("")
        return quick

    def add_refused(self, reason: str) -> None:
        """The screen could not add the entry: put the line back so nothing typed is lost."""
        self._expect_new = False
        if not self.quick_input.value:
            self.quick_input.value = self._last_line
        self.show_error(f"Not added: {reason}")

    @on(Input.Changed, ".quick-entry")
    def _quick_changed(self, event: Input.Changed) -> None:
        event.stop()

    def show_error(self, message: str) -> None:
        """Show (or clear, with "") a problem under the quick-entry line."""
        label = self.query_one(".quick-error", Static)
        show_in_place(label, message)  # cleared at every Enter: mostly it already was
        label.set_class(bool(message), "-shown")

    # ----------------------------------------------------------------- actions

    # Focus moves at once (screen.set_focus), not at the next idle as widget.focus() does: keys sent
    # in one burst ("Up Delete") must reach the widget the first key chose.
    def action_focus_input(self) -> None:
        self.screen.set_focus(self.quick_input)

    def action_focus_table(self) -> None:
        self.show_error("")
        self.screen.set_focus(self.table)

    @on(EntryList.RowSelected)
    def _row_selected(self, event: EntryList.RowSelected) -> None:
        event.stop()
        self.action_edit()

    def action_edit(self) -> None:
        entry = self.selected_entry()
        if entry is None:
            self.notify(f"No {self.NOUN} selected.", timeout=2)
            return
        self.edit_entry(entry)

    def edit_entry(self, entry: Entry) -> None:
        """Ask the screen for the edit form (form_title, form_fields, form_values, fields_from_form)."""
        self.post_message(self.EditRequested(self, entry))

    def edit_intent(self, entry: Entry, fields: dict[str, Any]) -> Message | None:
        """What a saved edit form asks for: ItemEdited with the fields that changed, or None if none did."""
        # "" on the entry and None (remove the key) in the form both mean "nothing": not a change
        changed = {k: v for k, v in fields.items() if (getattr(entry, k, None) or None) != (v or None)}
        if not changed:
            return None
        return self.ItemEdited(self, self.SECTION, entry.id, changed, self.edited_position(entry, fields))

    def action_delete(self) -> None:
        entry_id = self.selected_id
        if entry_id is None:
            self.notify(f"No {self.NOUN} selected.", timeout=2)
            return
        self.post_message(self.ItemDeleted(self, self.SECTION, entry_id))

    def action_undo(self) -> None:
        self._expect_new = True  # a deleted entry that comes back gets the cursor: the update comes within undo()
        host(self).undo()
        self._expect_new = False

    def action_move(self, step: int) -> None:
        entry_id = self.selected_id
        if entry_id is None:
            return
        index = self.table.row_index(entry_id)
        if index is None:
            return
        target = index + step
        if 0 <= target < self.table.row_count:
            self.post_message(self.ItemMoved(self, self.SECTION, entry_id, target))


def clip(value: Any, style: str = "") -> Text:
    """A one-line cell that ends in … when the column is too narrow."""
    text = " ".join(visible(_as_text(value)).split())  # newlines would be lost in a one-line row anyway
    return Text(text, style=style, overflow="ellipsis", no_wrap=True, end="")


def _as_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Enum):
        return str(value.value)
    return str(value)
