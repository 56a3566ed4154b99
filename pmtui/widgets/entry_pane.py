"""EntryPane: a table of one section's entries with a quick-entry line; posts intent, never saves.

Subclasses set SECTION, TITLE, COLUMNS and PLACEHOLDER and override `cells`,
`parse_quick_entry`, `form_fields` / `form_values` / `fields_from_form` (or `edit_entry`).
The screen turns the nested messages into Changes with `app.submit`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import islice
from typing import Any, ClassVar

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.cache import LRUCache
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import DataTable, Input, Static

from pmtui.model import Entry, Session
from pmtui.text_safety import visible
from pmtui.widgets.entry_form import EntryForm, FormField, FormScreen


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


SPOTLIGHT_MARK = "▶"
MARKER_COLUMN, ID_COLUMN = "_mark", "_id"


class EntryTable(DataTable[Any]):
    """A row-cursor DataTable whose flexible column takes the width left by the others."""

    DEFAULT_CSS = """
    EntryTable { height: 1fr; }
    """

    HELP_TITLE: ClassVar[str] = "On a list"
    BINDINGS: ClassVar = [
        Binding("enter", "select_cursor", "Edit", id="entry.edit", tooltip="Edit the selected entry in a form"),
    ]

    _frame_style: Any = None
    """The table's own style while a frame is drawn (see render_lines)."""

    def __init__(self, flex_column: str | None, **kwargs: Any) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, **kwargs)
        self.flex_column = flex_column
        self._rows_rendered: LRUCache[tuple[Any, ...], Any] = LRUCache(1000)
        """Rendered rows that survive adding a row or moving the cursor (see _render_line_in_row)."""
        self._row_versions: dict[Any, int] = {}
        self._version = 0
        self._lines_rendered: LRUCache[tuple[Any, ...], Any] = LRUCache(1000)

    # DataTable keys its rendered rows on a counter that every added row and every cursor move
    # changes, so adding one entry repainted each visible row (about 2 ms a row here: cell styles
    # are looked up through the whole DOM). A row's look depends only on its cells, its place,
    # the column widths and whether the cursor or the mouse is on it: key on those instead.
    # Textual is pinned (8.2.8); tests/test_ui_* cover what this must not break.

    def _render_line_in_row(  # type: ignore[override]
        self, row_key: Any, line_no: int, base_style: Any, cursor_location: Any, hover_location: Any
    ) -> Any:
        if self.cursor_type != "row":
            return super()._render_line_in_row(row_key, line_no, base_style, cursor_location, hover_location)
        row_index = self._row_locations.get(row_key) if row_key in self._row_locations else -1
        key = (
            row_key, self._row_versions.get(row_key, 0), self._version, row_index, line_no, base_style,
            cursor_location.row == row_index, hover_location.row == row_index,
            self.show_cursor, self._show_hover_cursor, self._pseudo_class_state, self.size.width,
            self.fixed_rows, self.fixed_columns, self.show_row_labels, self._labelled_row_exists,
            self._row_label_column_width, self.cell_padding,
            tuple((column.key, column.get_render_width(self)) for column in self.ordered_columns),
        )
        rendered = self._rows_rendered.get(key)
        if rendered is None:
            rendered = super()._render_line_in_row(row_key, line_no, base_style, cursor_location, hover_location)
            self._rows_rendered[key] = rendered
        return rendered

    def _render_line(self, y: int, x1: int, x2: int, base_style: Any) -> Any:
        # A line is its row's rendering cropped to the view: when the row's rendering is the
        # cached one, so is the line, wherever the row now sits on screen (after a scroll).
        try:
            row_key, line_no = self._get_offsets(y)
        except LookupError:
            return super()._render_line(y, x1, x2, base_style)
        rendered = self._render_line_in_row(row_key, line_no, base_style, self.cursor_coordinate,
                                            self.hover_coordinate)
        key = (id(rendered), x1, x2, self.size.width, base_style)
        hit = self._lines_rendered.get(key)
        if hit is not None and hit[0] is rendered:
            return hit[1]
        strip = super()._render_line(y, x1, x2, base_style)
        self._lines_rendered[key] = (rendered, strip)  # holding `rendered` keeps its id from being reused
        return strip

    def render_lines(self, crop: Any) -> Any:
        # DataTable asks for its own style once a line; it walks the whole DOM each time.
        self._frame_style = super().rich_style
        try:
            return super().render_lines(crop)
        finally:
            self._frame_style = None

    @property
    def rich_style(self) -> Any:
        return self._frame_style if self._frame_style is not None else super().rich_style

    def _bump_row(self, row_key: Any) -> None:
        self._row_versions[row_key] = self._row_versions.get(row_key, 0) + 1

    def update_cell(self, row_key: Any, column_key: Any, value: Any, *, update_width: bool = False) -> None:
        self._bump_row(row_key)
        super().update_cell(row_key, column_key, value, update_width=update_width)

    def add_row(self, *cells: Any, **kwargs: Any) -> Any:
        row_key = super().add_row(*cells, **kwargs)
        self._bump_row(row_key)  # a key used again (a deleted entry brought back) gets fresh cells
        return row_key

    def remove_row(self, row_key: Any) -> None:
        self._bump_row(row_key)
        super().remove_row(row_key)

    def clear(self, columns: bool = False) -> Any:
        self._version += 1
        return super().clear(columns)

    def notify_style_update(self) -> None:
        self._version += 1  # a new theme or CSS: the component styles of every row changed
        super().notify_style_update()

    def fit_flex_column(self) -> None:
        """Give the flexible column whatever width the fixed ones leave (long text ends in …)."""
        if self.flex_column is None or self.flex_column not in self.columns or not self.size.width:
            return
        column = self.columns[self.flex_column]  # type: ignore[index]
        others = sum(c.get_render_width(self) for key, c in self.columns.items() if key != self.flex_column)
        # room for the vertical scrollbar that appears once the rows overflow
        scrollbar = self.styles.scrollbar_size_vertical
        width = max(12, self.size.width - others - 2 * self.cell_padding - scrollbar)
        if column.width != width or column.auto_width:
            column.width, column.auto_width = width, False
            # DataTable has no public call to re-measure one column; these invalidate its caches.
            self._update_count += 1
            self._require_update_dimensions = True
            self.refresh()

    def set_column_width(self, key: str, width: int) -> None:
        """Give a fixed column another width (e.g. the time column once dates are shown)."""
        column = self.columns.get(key)  # type: ignore[call-overload]
        if column is None or (column.width == width and not column.auto_width):
            return
        column.width, column.auto_width = width, False
        self._update_count += 1
        self._require_update_dimensions = True
        self.fit_flex_column()
        self.refresh()

    def on_resize(self) -> None:
        self.fit_flex_column()

    def measure_new_rows(self, limit: int = 20) -> None:
        """Measure a few just-added rows now rather than when idle, as DataTable would.

        Scrolling to a new row waits for that measurement; done here, the row is scrolled
        into view in the same frame instead of one frame later (two full repaints of the table).
        A big batch (the first fill) is left to DataTable's idle handler.
        """
        if self._require_update_dimensions and len(self._new_rows) <= limit:
            self._require_update_dimensions = False
            new_rows = self._new_rows.copy()
            self._new_rows.clear()
            self._update_dimensions(new_rows)


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
        Binding("ctrl+z", "undo", "Undo", id="entry.undo",
                tooltip="Undo the last change (an entry brought back is selected)"),
        Binding("alt+up,ctrl+up", "move(-1)", "Move up", show=False, id="entry.up",
                tooltip="Move the selected entry up"),
        Binding("alt+down,ctrl+down", "move(1)", "Move down", show=False, id="entry.down",
                tooltip="Move the selected entry down"),
        Binding("escape,up", "focus_table", "To list", show=False, id="entry.to-list",
                tooltip="From the entry line to the list above it"),
    ]

    HELP_TITLE: ClassVar[str] = "Every list (timeline, went well, whys, actions, questions…)"
    SECTION: ClassVar[str] = ""
    TITLE: ClassVar[str] = ""
    COLUMNS: ClassVar[Sequence[PaneColumn]] = (PaneColumn("text", "Text"),)
    PLACEHOLDER: ClassVar[str] = "Type and press Enter to add"
    NOUN: ClassVar[str] = "entry"
    START_AT_END: ClassVar[bool] = False
    """Put the cursor on the last entry when the list is first shown (a timeline grows at the end)."""

    # ----------------------------------------------------------------- messages

    @dataclass
    class ItemAdded(Message):
        """The person asked to add an entry."""

        pane: EntryPane
        section: str
        fields: dict[str, Any]
        position: int | None = None

        @property
        def control(self) -> EntryPane:
            return self.pane

    @dataclass
    class ItemEdited(Message):
        """The person changed some fields of an entry (None removes a key); position moves it too."""

        pane: EntryPane
        section: str
        id: str
        fields: dict[str, Any]
        position: int | None = None

        @property
        def control(self) -> EntryPane:
            return self.pane

    @dataclass
    class ItemDeleted(Message):
        """The person asked to delete an entry."""

        pane: EntryPane
        section: str
        id: str

        @property
        def control(self) -> EntryPane:
            return self.pane

    @dataclass
    class ItemMoved(Message):
        """The person moved an entry to another position in its section."""

        pane: EntryPane
        section: str
        id: str
        to_index: int

        @property
        def control(self) -> EntryPane:
            return self.pane

    # ----------------------------------------------------------------- set-up

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.session = Session()
        self._entries: Sequence[Entry] | None = None
        self._spotlight = ""
        self._cells: dict[str, tuple[Any, ...]] = {}
        self._seen: dict[str, tuple[Entry, tuple[Any, ...]]] = {}
        self._order: list[str] = []
        self._expect_new = False
        self._last_line = ""
        self._stale = False
        """Sessions arrived while the pane was hidden: the table is filled when it shows."""
        self.open_form_draft: tuple[FormScreen, Callable[[dict[str, Any]], Message | None]] | None = None
        """The form this pane opened and still shows, and how its fields become an intent (see quitting)."""
        if self.TITLE:
            self.border_title = self.TITLE

    @property
    def table(self) -> EntryTable:
        return self.query_one(EntryTable)

    @property
    def quick_input(self) -> Input:
        return self.query_one(".quick-entry", Input)

    def compose(self) -> ComposeResult:
        flex = next((c.key for c in self.COLUMNS if c.width is None), None)
        yield EntryTable(flex, classes="entry-table")
        yield Static("", classes="entry-detail", markup=False)
        # select_on_focus off: a key that moves focus here from the list must not replace the line
        yield Input(placeholder=self.PLACEHOLDER, classes="quick-entry", compact=True, select_on_focus=False)
        yield Static("", classes="quick-error", markup=False)

    def on_mount(self) -> None:
        table = self.table
        table.add_column(" ", width=1, key=MARKER_COLUMN)
        table.add_column("id", width=4, key=ID_COLUMN)
        for column in self.COLUMNS:
            table.add_column(column.label, width=column.width or 12, key=column.key)
        table.fit_flex_column()
        app_session = getattr(self.app, "session", None)
        if isinstance(app_session, Session):
            # A pane mounted after its screen (a tab built lazily) has not been shown a session yet.
            self.session = app_session
        # is_mounted turns true only after this handler: fill the table right after it.
        self._stale = True
        self.call_next(self.fill_if_stale)
        # The spotlight mark is drawn in the theme's accent colour: redraw it when the theme changes.
        self.watch(self.app, "theme", lambda _: self.show_session(self.session, force=True), init=False)

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

    def show_session(self, session: Session, *, force: bool = False) -> None:
        """Bring the table up to date with a new session: only changed rows are touched."""
        self.session = session
        entries = self.entries_of(session)
        spotlight = session.meeting.spotlight
        if not self.is_mounted:
            return
        if self._hidden():
            # A pane in a tab not shown is filled when the tab shows (a 500-row table costs ~0.2 s).
            self._stale = True
            return
        self._stale = False
        if not force and spotlight == self._spotlight and _same_entries(entries, self._entries):
            # A change elsewhere: the store keeps untouched entries as the same objects.
            self._entries = entries
            return
        # The leading entries that are the very objects shown before keep their rows as they are
        # (an entry added at the end of a 2,000-entry timeline then costs one row, not 2,000).
        seen = self._seen
        old_rows = self._cells
        kept = 0
        old_entries = self._entries
        if (not force and spotlight == self._spotlight and old_entries is not None
                and len(seen) == len(old_rows) == len(old_entries)):
            limit = min(len(entries), len(old_entries))
            while kept < limit and entries[kept] is old_entries[kept]:
                kept += 1
        self._entries, self._spotlight = entries, spotlight
        table = self.table
        selected = self.selected_id
        selected_index = table.cursor_row
        accent = self.app.current_theme.accent if self.app.current_theme else "yellow"
        new_rows: dict[str, tuple[Any, ...]] = dict(islice(old_rows.items(), kept))
        self._seen = dict(islice(seen.items(), kept))
        for entry in islice(entries, kept, None):
            # Entries a change did not touch are the same objects as before: reuse their cells,
            # and their whole row when the spotlight mark did not move (a 2,000-row list stays cheap).
            before = seen.get(entry.id)
            marked = entry.id == spotlight
            if before is not None and before[0] is entry:
                cells = before[1]
                old_row = old_rows.get(entry.id)
                if not marked and old_row is not None and old_row[0] == "" and old_row[1:] == cells:
                    self._seen[entry.id] = before
                    new_rows[entry.id] = old_row
                    continue
            else:
                cells = (entry.id, *self.cells(entry))
            self._seen[entry.id] = (entry, cells)
            mark = Text(SPOTLIGHT_MARK, style=f"bold {accent}") if marked else ""
            new_rows[entry.id] = (mark, *cells)
        keys = [MARKER_COLUMN, ID_COLUMN, *(c.key for c in self.COLUMNS)]
        for gone in [key for key in self._order if key not in new_rows]:
            table.remove_row(gone)
            del self._cells[gone]
        added = []
        for entry_id, row in new_rows.items():
            old = self._cells.get(entry_id)
            if old is None:
                table.add_row(*row, key=entry_id)
                added.append(entry_id)
            elif not _same_row(old, row):
                for key, before, after in zip(keys, old, row, strict=True):
                    if not _same_cell(before, after):
                        table.update_cell(entry_id, key, after)
        self._cells = new_rows
        order = list(new_rows)
        shown_order = [key for key in self._order if key in new_rows] + added
        if shown_order != order:
            position = {entry_id: index for index, entry_id in enumerate(order)}
            table.sort(ID_COLUMN, key=lambda value: position[value])
        filled_before = bool(self._order)
        self._order = order
        if added and filled_before and table.size.height:
            # an entry added to a list on screen (a first fill is measured when idle, as DataTable does)
            table.measure_new_rows()
        if self._expect_new and len(added) == 1:
            selected = added[0]
        elif selected is None and order and self.START_AT_END:
            selected = order[-1]  # first time shown: the latest entry, where typing continues
        self._expect_new = False
        if selected in new_rows:
            index = position_of(order, selected)
            if index != table.cursor_row or added:
                # only when the entry moved: a list scrolled by hand stays where it is otherwise
                table.move_cursor(row=index, scroll=True)
        elif order:
            table.move_cursor(row=min(selected_index, len(order) - 1))
        self._show_detail()

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
        """Fill the table now if sessions arrived while it was hidden (its tab was just shown)."""
        if self._stale:
            self.show_session(self.session, force=True)

    @property
    def selected_id(self) -> str | None:
        """The id of the entry under the cursor."""
        table = self.table
        if not self._order or table.cursor_row < 0 or table.cursor_row >= len(self._order):
            return None
        return self._order[table.cursor_row]

    def selected_entry(self) -> Entry | None:
        entry_id = self.selected_id
        if entry_id is None or self._entries is None:
            return None
        return next((e for e in self._entries if e.id == entry_id), None)

    def select(self, entry_id: str) -> None:
        """Put the cursor on an entry."""
        if entry_id in self._cells:
            self.table.move_cursor(row=position_of(self._order, entry_id), scroll=True)

    @on(DataTable.RowHighlighted)
    def _row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        self._show_detail()

    def _show_detail(self) -> None:
        entry = self.selected_entry()
        detail = self.query_one(".entry-detail", Static)
        detail.update(self.detail(entry) if entry is not None else "")

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
        label.update(message)
        label.set_class(bool(message), "-shown")

    # ----------------------------------------------------------------- actions

    def action_focus_input(self) -> None:
        self.quick_input.focus()

    def action_focus_table(self) -> None:
        self.show_error("")
        self.table.focus()

    @on(DataTable.RowSelected)
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_edit()

    def action_edit(self) -> None:
        entry = self.selected_entry()
        if entry is None:
            self.notify(f"No {self.NOUN} selected.", timeout=2)
            return
        self.edit_entry(entry)

    def edit_entry(self, entry: Entry) -> None:
        """Open the edit form for an entry; saving it posts ItemEdited with what changed."""
        specs = self.form_fields(entry)

        def validate(values: dict[str, str]) -> dict[str, Any]:
            return self.fields_from_form(entry, values)

        def edited(fields: dict[str, Any]) -> Message | None:
            # "" on the entry and None (remove the key) in the form both mean "nothing": not a change
            changed = {k: v for k, v in fields.items() if (getattr(entry, k, None) or None) != (v or None)}
            if not changed:
                return None
            return self.ItemEdited(self, self.SECTION, entry.id, changed, self.edited_position(entry, fields))

        title = f"Edit {self.NOUN} {entry.id}"
        self.open_form(EntryForm(title, specs, self.form_values(entry), validate), edited)

    def open_form(self, form: FormScreen, intent: Callable[[dict[str, Any]], Message | None]) -> None:
        """Show a form; what it saves becomes the intent message `intent` makes of its fields."""

        def done(fields: dict[str, Any] | None) -> None:
            if self.open_form_draft is not None and self.open_form_draft[0] is form:
                self.open_form_draft = None
            message = intent(fields) if fields is not None else None
            if message is not None:
                self.post_message(message)

        self.open_form_draft = (form, intent)
        self.app.push_screen(form, done)

    def action_delete(self) -> None:
        entry_id = self.selected_id
        if entry_id is None:
            self.notify(f"No {self.NOUN} selected.", timeout=2)
            return
        self.post_message(self.ItemDeleted(self, self.SECTION, entry_id))

    def action_undo(self) -> None:
        undo = getattr(self.app, "undo", None)  # PmtuiApp.undo; panes may be hosted elsewhere in tests
        if undo is not None:
            self._expect_new = True  # a deleted entry that comes back gets the cursor
            undo()
            self._expect_new = False

    def action_move(self, step: int) -> None:
        entry_id = self.selected_id
        if entry_id is None:
            return
        index = position_of(self._order, entry_id)
        target = index + step
        if 0 <= target < len(self._order):
            self.post_message(self.ItemMoved(self, self.SECTION, entry_id, target))


def _same_cell(a: Any, b: Any) -> bool:
    # rich's Text.__eq__ ignores the base style; a cell that only changes colour must still update.
    if isinstance(a, Text) and isinstance(b, Text):
        return a.plain == b.plain and str(a.style) == str(b.style) and a.spans == b.spans
    return type(a) is type(b) and a == b


def _same_entries(a: Sequence[Entry], b: Sequence[Entry] | None) -> bool:
    """The same entry objects in the same order (an unchanged section after an edit elsewhere)."""
    return b is not None and len(a) == len(b) and all(x is y for x, y in zip(a, b))


def _same_row(a: tuple[Any, ...], b: tuple[Any, ...]) -> bool:
    # Untouched entries reuse their cell objects: `is` settles them without comparing text.
    return a is b or (len(a) == len(b) and all(x is y or _same_cell(x, y) for x, y in zip(a, b, strict=True)))


def clip(value: Any, style: str = "") -> Text:
    """A one-line cell that ends in … when the column is too narrow."""
    text = " ".join(visible(_as_text(value)).split())  # newlines would be lost in a one-line row anyway
    return Text(text, style=style, overflow="ellipsis", no_wrap=True, end="")


def position_of(order: list[str], entry_id: str) -> int:
    """The index of an id in a list of ids (linear, but only called for one id per update)."""
    return order.index(entry_id)


def _as_text(value: Any) -> str:
    if value is None:
        return ""
    if hasattr(value, "value"):  # enums
        return str(value.value)
    return str(value)
