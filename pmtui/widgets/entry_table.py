"""A read-only table of entries with wrapped text, cheap to update when one entry is added or changed.

DataTable draws only the rows on screen, but measuring auto-height rows renders every
row (1.8 s for 2,000 timeline entries here). Giving each row an explicit height, measured
with Rich's own wrapping at the column's width, costs 0.3 s for 2,000 rows; appending or
editing one entry touches only its row.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.widgets import DataTable
from textual.widgets.data_table import CellDoesNotExist, RowDoesNotExist


@dataclass(frozen=True)
class Column:
    """One column of an entry table."""

    key: str
    label: str
    width: int | None = None
    """Cells wide; None for the one column that takes the remaining width and wraps."""
    secondary: bool = False
    """Hidden in large mode and on a narrow screen."""
    min_width: int = 12


@dataclass
class Row:
    """One entry as table cells (by column key)."""

    key: str
    cells: dict[str, Text] = field(default_factory=dict)


_WRAP_CACHE: dict[tuple[str, int], int] = {}


def wrapped_height(text: Text, width: int, console: object) -> int:
    """How many lines Rich needs for this text at this width (cached: rebuilds re-measure often)."""
    plain = text.plain
    if len(plain) <= width and "\n" not in plain and plain.isascii():
        return 1  # most fixed-width cells: no need to ask Rich
    key = (plain, width)
    lines = _WRAP_CACHE.get(key)
    if lines is None:
        if len(_WRAP_CACHE) > 50_000:
            _WRAP_CACHE.clear()
        lines = max(1, len(text.wrap(console, max(1, width))))  # type: ignore[arg-type]
        _WRAP_CACHE[key] = lines
    return lines


def _same_text(a: Text | None, b: Text | None) -> bool:
    # Rich's Text.__eq__ ignores the base style: a colour change alone would go unseen.
    if a is b:
        return True
    if a is None or b is None:
        return False
    return a.plain == b.plain and a.style == b.style and a.spans == b.spans


def _same_cells(a: dict[str, Text], b: dict[str, Text]) -> bool:
    return a.keys() == b.keys() and all(_same_text(a[key], b[key]) for key in a)


class EntryTable(DataTable[Text]):
    """Rows are entries (keyed by id), one column wraps; the cursor selects the row to spotlight."""

    BINDINGS = [
        Binding("home", "first_row", "First", show=False),
        Binding("end", "last_row", "Last", show=False),
    ]

    class SpotlightRequested(Message):
        """The moderator asked to spotlight (or un-spotlight) the entry under the cursor."""

        def __init__(self, table: EntryTable, entry_id: str) -> None:
            super().__init__()
            self.table = table
            self.entry_id = entry_id

        @property
        def control(self) -> EntryTable:
            return self.table

    def __init__(self, *, id: str | None = None) -> None:
        # The cells' own colours (spotlight accent, red "no owner") win over the cursor's.
        super().__init__(
            id=id, cursor_type="row", zebra_stripes=False, show_row_labels=False, cursor_foreground_priority="renderable"
        )
        self._columns: list[Column] = []
        self._rows: list[Row] = []
        self._layout_key: tuple[object, ...] = ()
        self.row_gap = 0
        """Blank lines under each row (large mode spaces rows out)."""
        self.show_secondary = True

    # ------------------------------------------------------------------ layout

    def _visible(self) -> list[Column]:
        return [c for c in self._columns if self.show_secondary or not c.secondary]

    def _widths(self) -> dict[str, int]:
        columns = self._visible()
        scrollbar = self.styles.scrollbar_size_vertical
        total = max(20, self.size.width - scrollbar) if self.size.width else 100
        pad = 2 * self.cell_padding
        fixed = sum((c.width or 0) + pad for c in columns if c.width is not None)
        # In display order: rows are added cell by cell in this order.
        return {c.key: c.width if c.width is not None else max(c.min_width, total - fixed - pad) for c in columns}

    def _height(self, row: Row, widths: dict[str, int]) -> int:
        height = max(wrapped_height(row.cells.get(key, Text()), width, self.app.console) for key, width in widths.items())
        return height + self.row_gap

    # ------------------------------------------------------------------ content

    def show_rows(self, columns: Sequence[Column], rows: Sequence[Row], *, follow_new: bool = True) -> None:
        """Show these rows, touching only what changed when the columns and layout are the same."""
        columns, rows = list(columns), list(rows)
        layout_key = self._layout_for(columns)
        if layout_key != self._layout_key or not self._incremental(rows, follow_new):
            self._rebuild(columns, rows, layout_key, follow_new)
        self._rows = rows

    def _layout_for(self, columns: Sequence[Column]) -> tuple[object, ...]:
        return (tuple(columns), self.size.width, self.cell_padding, self.row_gap, self.show_secondary)

    def reset(self) -> None:
        """Forget the rows (another phase is about to be shown)."""
        self.clear(columns=True)
        self._rows = []
        self._layout_key = ()

    def _incremental(self, rows: list[Row], follow_new: bool) -> bool:
        old_keys = [r.key for r in self._rows]
        new_keys = [r.key for r in rows]
        if new_keys[: len(old_keys)] != old_keys:
            return False
        widths = self._widths()
        for old, new in zip(self._rows, rows, strict=False):
            if old is new or _same_cells(old.cells, new.cells):
                continue
            if self._height(old, widths) != self._height(new, widths):
                return False  # a DataTable row cannot change height in place
            for key in widths:
                if not _same_text(old.cells.get(key), new.cells.get(key)):
                    self.update_cell(new.key, key, new.cells.get(key, Text()))
        added = rows[len(old_keys) :]
        for row in added:
            self.add_row(*(row.cells.get(k, Text()) for k in widths), key=row.key, height=self._height(row, widths))
        if added and follow_new:
            self.move_cursor(row=len(rows) - 1, animate=False)
        return True

    def _rebuild(self, columns: list[Column], rows: list[Row], layout_key: tuple[object, ...], follow_new: bool) -> None:
        selected = self.selected_key()
        new_ids = {r.key for r in rows} - {r.key for r in self._rows} if self._rows else set()
        self._columns = columns
        self._layout_key = layout_key
        self.clear(columns=True)
        widths = self._widths()
        for column in self._visible():
            self.add_column(column.label, width=widths[column.key], key=column.key)
        for row in rows:
            self.add_row(*(row.cells.get(k, Text()) for k in widths), key=row.key, height=self._height(row, widths))
        target = None
        if follow_new and new_ids:
            target = max(i for i, r in enumerate(rows) if r.key in new_ids)
        elif selected is not None:
            target = next((i for i, r in enumerate(rows) if r.key == selected), None)
        if target is not None:
            self.move_cursor(row=target, animate=False)

    def update_row(self, row: Row) -> None:
        """Redraw one row whose height did not change (the spotlight marker moved)."""
        for index, old in enumerate(self._rows):
            if old.key == row.key:
                self._rows[index] = row
                for column in self._visible():
                    try:
                        self.update_cell(row.key, column.key, row.cells.get(column.key, Text()))
                    except (CellDoesNotExist, RowDoesNotExist, KeyError):
                        pass
                return

    def on_resize(self) -> None:
        # Shown for the first time, or the window changed: the wrapping width changed with it.
        if self._columns and self._layout_key and self._layout_key[1] != self.size.width:
            self.relayout()

    def relayout(self) -> None:
        """Re-measure after a resize or a change of mode."""
        if self._columns:
            self._rebuild(self._columns, self._rows, self._layout_for(self._columns), follow_new=False)

    def selected_key(self) -> str | None:
        """The id of the entry under the cursor."""
        if not self.row_count:
            return None
        try:
            return str(self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value)
        except (CellDoesNotExist, RowDoesNotExist):
            return None

    @property
    def row_keys(self) -> list[str]:
        """Entry ids in display order."""
        return [r.key for r in self._rows]

    # ------------------------------------------------------------------ actions

    def action_first_row(self) -> None:
        self.move_cursor(row=0)

    def action_last_row(self) -> None:
        self.move_cursor(row=max(0, self.row_count - 1))

    def action_select_cursor(self) -> None:
        # Enter spotlights the entry under the cursor; the screen decides what that changes.
        key = self.selected_key()
        if key is not None:
            self.post_message(self.SpotlightRequested(self, key))
