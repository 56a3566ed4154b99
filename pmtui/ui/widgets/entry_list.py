"""EntryList: the one list of entries every pane shows, drawn line by line on Textual's Line API.

Rows are entries keyed by id; columns are configured (fixed or flexible width, wrapped or cut
with …, secondary ones hidden on demand). Each row is rendered once and kept in an LRU cache
keyed by (id, revision, layout, styles, cursor, stripe, spotlight): adding one entry to a
2,000-entry list renders one row; the others are drawn from the cache (the way toolong's
LogLines draws millions of log lines). Colours come from component classes, so themes apply.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import accumulate, count
from operator import attrgetter
from typing import ClassVar, Literal

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.cache import LRUCache
from textual.geometry import Region, Size, Spacing
from textual.reactive import var
from textual.scroll_view import ScrollView
from textual.strip import Strip

from pmtui.domain.splice import changed_span
from pmtui.ui.messages import WidgetMessage
from pmtui.ui.widgets.list_rows import (
    MARK_COLUMN,
    SPOTLIGHT_MARK,
    ListColumn,
    ListRow,
    same_cells,
    wrapped_height,
)

__all__ = ["MARK_COLUMN", "SPOTLIGHT_MARK", "EntryList", "ListColumn", "ListRow", "RowMessage"]


_ROW_KEY = attrgetter("key")


@dataclass
class RowMessage(WidgetMessage["EntryList"]):
    """Something happened on a row of an EntryList (the control): the row's place and its entry id."""

    index: int
    key: str


@dataclass(frozen=True)
class _FrameStyles:
    base: Style
    even: Style
    odd: Style
    cursor: Style
    hover: Style
    header: Style
    spotlight: Style


class EntryList(ScrollView, can_focus=True):
    """Entries as rows under a header line, with a row cursor; posts RowHighlighted and RowSelected."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "entry-list--header",
        "entry-list--cursor",
        "entry-list--even-row",
        "entry-list--odd-row",
        "entry-list--hover",
        "entry-list--spotlight",
    }

    DEFAULT_CSS = """
    EntryList {
        background: $surface;
        color: $foreground;
        height: 1fr;
        &:focus {
            background-tint: $foreground 5%;
            & > .entry-list--cursor {
                background: $block-cursor-background;
                color: $block-cursor-foreground;
                text-style: $block-cursor-text-style;
            }
            & > .entry-list--header { background-tint: $foreground 5%; }
        }
        &:dark > .entry-list--even-row { background: $surface-darken-1 40%; }
        & > .entry-list--header { text-style: bold; background: $panel; color: $foreground; }
        &:ansi > .entry-list--header { background: ansi_bright_blue; color: ansi_default; }
        & > .entry-list--even-row { background: $surface-lighten-1 50%; }
        & > .entry-list--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
            text-style: $block-cursor-blurred-text-style;
        }
        & > .entry-list--hover { background: $block-hover-background; }
        & > .entry-list--spotlight { color: $accent; text-style: bold; }
    }
    """

    HELP_TITLE: ClassVar[str] = "Moving in a list"
    BINDINGS: ClassVar = [
        Binding("up", "cursor_up", "Up", show=False),
        Binding("down", "cursor_down", "Down", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
        Binding("pagedown", "page_down", "Page down", show=False),
        Binding("home,ctrl+home", "first_row", "First", show=False),
        Binding("end,ctrl+end", "last_row", "Last", show=False),
        Binding("enter", "select_cursor", "Select", show=False),
    ]

    class RowHighlighted(RowMessage):
        """The cursor moved to another row."""

    class RowSelected(RowMessage):
        """Enter (or a click) on a row."""

    cell_padding: var[int] = var(1, init=False)
    """Blank cells on each side of every cell."""
    row_gap: var[int] = var(0, init=False)
    """Blank lines under each row (large mode spaces rows out)."""
    show_secondary: var[bool] = var(True, init=False)
    """Whether secondary columns are shown."""

    def __init__(
        self,
        columns: Sequence[ListColumn] = (),
        *,
        zebra_stripes: bool = False,
        cursor_foreground_priority: Literal["css", "renderable"] = "css",
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.zebra_stripes = zebra_stripes
        self.cursor_foreground_priority = cursor_foreground_priority
        """"css": the cursor's colour wins over the cells' own; "renderable": the cells' colours win."""
        self._columns = list(columns)
        self._widths_set: dict[str, int] = {}
        self._rows: list[ListRow] = []
        self._index: dict[str, int] = {}
        self._revisions: dict[str, int] = {}
        self._revision = count(1)
        self._heights: list[int] = []
        self._tops: list[int] = []
        self._measured: dict[str, tuple[int, int, int]] = {}
        """key -> (revision, layout generation, height): rows re-measured only when they or the layout change."""
        self._heights_key: tuple[object, ...] = ()
        """(layout generation, row gap, measured): what the heights were worked out under."""
        self._layout: list[tuple[ListColumn, int]] = []
        self._layout_key: tuple[object, ...] = ()
        self._layout_gen = 0
        self._styles: _FrameStyles | None = None
        self._style_gen = 0
        self._cursor = -1
        self._hover = -1
        """The row under the mouse (-1: none), tinted like DataTable's hover cursor."""
        self._spotlight = ""
        self._rendered: LRUCache[tuple[object, ...], list[Strip]] = LRUCache(1000)
        self.rows_rendered = 0
        """Rows drawn afresh rather than taken from the cache (the benchmark and tests watch it)."""
        self._relayout()

    # ------------------------------------------------------------------ configuration

    @property
    def columns(self) -> list[ListColumn]:
        """All configured columns (shown or not)."""
        return list(self._columns)

    @property
    def visible_columns(self) -> list[str]:
        """Keys of the columns drawn now, left to right."""
        return [column.key for column, _ in self._layout]

    def set_columns(self, columns: Sequence[ListColumn]) -> None:
        """Use other columns (their widths set by set_column_width are forgotten)."""
        if list(columns) != self._columns:
            self._columns = list(columns)
            self._widths_set = {}
            self._relayout()

    def column_width(self, key: str) -> int:
        """The width a column's text gets now (without padding); 0 if it is not shown."""
        return next((width for column, width in self._layout if column.key == key), 0)

    def set_column_width(self, key: str, width: int) -> None:
        """Give a fixed column another width (e.g. the time column once dates are shown)."""
        if self._widths_set.get(key) != width:
            self._widths_set[key] = width
            self._relayout()

    def watch_cell_padding(self) -> None:
        self._relayout()

    def watch_row_gap(self) -> None:
        self._relayout()

    def watch_show_secondary(self) -> None:
        self._relayout()

    @property
    def spotlight(self) -> str:
        """The id of the spotlit entry: its row shows the mark in the mark column."""
        return self._spotlight

    @spotlight.setter
    def spotlight(self, entry_id: str) -> None:
        if entry_id != self._spotlight:
            old, self._spotlight = self._spotlight, entry_id
            for key in (old, entry_id):
                self._refresh_row(key)

    # ------------------------------------------------------------------ rows

    @property
    def row_count(self) -> int:
        return len(self._rows)

    @property
    def row_keys(self) -> list[str]:
        """Entry ids in display order."""
        return [row.key for row in self._rows]

    def has_row(self, key: str) -> bool:
        return key in self._index

    def row_index(self, key: str) -> int | None:
        """Where an entry is in the list (None: not listed)."""
        return self._index.get(key)

    def set_rows(self, rows: Sequence[ListRow]) -> list[str]:
        """Show these rows; returns the keys that are new. Rows with unchanged cells keep their rendering.

        The cursor stays on its entry if it is still listed, else at the same place (after a delete).
        """
        selected, old_cursor = self.selected_key, self._cursor
        old_index, revisions = self._index, self._revisions
        old_rows = self._rows
        # The rows kept from the last call are the very objects (found at C speed): only the span
        # between is looked at row by row, so adding one entry to 2,000 costs little more than to 10.
        span = changed_span(old_rows, rows)
        start, old_stop, new_stop = span
        added = []
        for row in rows[start:new_stop]:
            position = old_index.get(row.key)
            if position is None:
                added.append(row.key)
                revisions[row.key] = next(self._revision)
            else:
                old = old_rows[position]
                if old is not row and not same_cells(old.cells, row.cells):
                    revisions[row.key] = next(self._revision)
        self._rows = list(rows)
        self._reindex(old_rows, span)
        for row in old_rows[start:old_stop]:
            if row.key not in self._index:
                del revisions[row.key]
                self._measured.pop(row.key, None)
        self._measure(span)
        if selected is not None and selected in self._index:
            cursor = self._index[selected]
        else:
            cursor = min(max(old_cursor, 0), len(self._rows) - 1)
        self._set_cursor(cursor, scroll=False)
        self.refresh()
        return added

    def _reindex(self, old_rows: Sequence[ListRow], span: tuple[int, int, int]) -> None:
        """Move `_index` (key -> position) from old_rows to `_rows`: only keys at or after the span move."""
        start, old_stop, new_stop = span
        index, rows = self._index, self._rows
        for row in old_rows[start:old_stop]:
            del index[row.key]
        # Rows after the span shift only if the span changed length: an entry added at the end
        # of 2,000 indexes one row, not 2,001.
        stop = new_stop if new_stop - start == old_stop - start else len(rows)
        index.update(zip(map(_ROW_KEY, rows[start:stop]), count(start)))

    def update_row(self, row: ListRow) -> None:
        """Redraw one listed row with new cells (its height is re-measured)."""
        index = self._index.get(row.key)
        if index is None:
            return
        rows = list(self._rows)
        rows[index] = row
        self.set_rows(rows)

    def clear(self) -> None:
        """No rows."""
        self.set_rows([])

    # ------------------------------------------------------------------ cursor

    @property
    def cursor_index(self) -> int:
        """The row under the cursor (-1: the list is empty)."""
        return self._cursor

    @property
    def selected_key(self) -> str | None:
        """The id of the entry under the cursor."""
        if 0 <= self._cursor < len(self._rows):
            return self._rows[self._cursor].key
        return None

    def move_cursor(self, index: int, *, scroll: bool = True) -> None:
        """Put the cursor on a row (clamped to the list) and, by default, scroll it into view."""
        self._set_cursor(max(0, min(index, len(self._rows) - 1)), scroll=scroll)

    def select(self, key: str, *, scroll: bool = True) -> None:
        """Put the cursor on an entry, if listed."""
        index = self._index.get(key)
        if index is not None:
            self._set_cursor(index, scroll=scroll)

    def _set_cursor(self, index: int, *, scroll: bool) -> None:
        old_key = self.selected_key
        old = self._cursor
        self._cursor = index if self._rows else -1
        if old != self._cursor:
            self._refresh_index(old)
            self._refresh_index(self._cursor)
        if scroll and self._cursor >= 0:
            self.scroll_to_row(self._cursor)
        key = self.selected_key
        if key is not None and (key != old_key or old != self._cursor):
            self.post_message(self.RowHighlighted(self, self._cursor, key))

    def scroll_to_row(self, index: int) -> None:
        """Scroll the least needed to show a whole row under the header."""
        if 0 <= index < len(self._rows):
            region = Region(0, self._tops[index] + 1, 1, self._heights[index])
            # force: the scrollbar that allows scrolling appears only at the next layout, after the rows are set
            self.scroll_to_region(
                region, spacing=Spacing(top=1), animate=False, x_axis=False, immediate=True, force=True
            )
            # A scrollbar shown only by that layout missed the move: tell it afterwards.
            self.call_after_refresh(self._sync_scrollbar)

    def _sync_scrollbar(self) -> None:
        if self.show_vertical_scrollbar:
            self.vertical_scrollbar.position = self.scroll_y

    def action_cursor_up(self) -> None:
        self.move_cursor(self._cursor - 1)

    def action_cursor_down(self) -> None:
        self.move_cursor(self._cursor + 1)

    def action_first_row(self) -> None:
        self.move_cursor(0)

    def action_last_row(self) -> None:
        self.move_cursor(len(self._rows) - 1)

    def action_page_up(self) -> None:
        self._page(-1)

    def action_page_down(self) -> None:
        self._page(1)

    def _page(self, direction: int) -> None:
        if self._cursor < 0:
            return
        page = max(1, self.scrollable_content_region.height - 2)
        line = self._tops[self._cursor] + direction * page
        self.move_cursor(self._row_at(max(0, min(line, self._total() - 1))))

    def action_select_cursor(self) -> None:
        key = self.selected_key
        if key is not None:
            self.post_message(self.RowSelected(self, self._cursor, key))

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None or offset.y < 1:
            return
        line = offset.y - 1 + self.scroll_offset.y
        if line < self._total():
            self.move_cursor(self._row_at(line), scroll=False)
            self.action_select_cursor()

    def on_mouse_move(self, event: events.MouseMove) -> None:
        offset = event.get_content_offset(self)
        line = -1 if offset is None or offset.y < 1 else offset.y - 1 + self.scroll_offset.y
        self._set_hover(self._row_at(line) if 0 <= line < self._total() else -1)

    def on_leave(self) -> None:
        self._set_hover(-1)

    def _set_hover(self, index: int) -> None:
        if index != self._hover:
            old, self._hover = self._hover, index
            self._refresh_index(old)
            self._refresh_index(index)

    # ------------------------------------------------------------------ layout

    def on_resize(self) -> None:
        self._relayout()
        # A cursor set before the list had its size (the first fill) is brought into view now.
        self.scroll_to_row(self._cursor)

    def _relayout(self) -> None:
        visible = [c for c in self._columns if self.show_secondary or not c.secondary]
        pad = 2 * self.cell_padding
        width = self.size.width
        total = max(20, width - self.styles.scrollbar_size_vertical) if width else 100
        fixed = [self._widths_set.get(c.key, c.width or 0) for c in visible if c.width is not None]
        flexible = [c for c in visible if c.width is None]
        room = (total - sum(fixed) - pad * len(visible)) // max(1, len(flexible))
        self._layout = [
            (c, self._widths_set.get(c.key, c.width) if c.width is not None else max(c.min_width, room))
            for c in visible
        ]
        layout_key = (tuple(self._layout), self.cell_padding, self.row_gap, width)
        if layout_key != self._layout_key:
            self._layout_key = layout_key
            self._layout_gen += 1
            self._measure()
            self.refresh()

    def _measure(self, span: tuple[int, int, int] | None = None) -> None:
        """Work out each row's height; with `span` (from set_rows) only the rows in it are new."""
        gap, gen = self.row_gap, self._layout_gen
        wrapped = [(c.key, width) for c, width in self._layout if c.wrap]
        measuring = bool(wrapped) and self.is_attached
        heights_key = (gen, gap, measuring)
        kept = 0  # rows at the top whose heights (and so places) are as before
        if not measuring:
            # Not attached: no console to measure with, one line a row until a resize relayouts.
            self._heights = [1 + gap] * len(self._rows)
        elif span is not None and heights_key == self._heights_key and self._fits(span):
            start, old_stop, new_stop = span
            old = self._heights
            self._heights = [*old[:start], *self._row_heights(self._rows[start:new_stop], wrapped), *old[old_stop:]]
            kept = start
        else:
            self._heights = self._row_heights(self._rows, wrapped)
        self._heights_key = heights_key
        self._tops = self._positions(kept)
        table_width = sum(width + 2 * self.cell_padding for _, width in self._layout)
        self._set_virtual_size(Size(table_width, 1 + self._total()))

    def _set_virtual_size(self, size: Size) -> None:
        if size.width == self.virtual_size.width and self.is_attached:
            # Rows added or gone: only the height changes. Assigning virtual_size would lay out the
            # whole screen and draw every widget on it again (~10 ms of a moderator's frame); the
            # list repaints itself and its scrollbar is set in place. Should the scrollbar appear
            # or go, _scroll_update's change of show_vertical_scrollbar lays the screen out.
            self.set_reactive(EntryList.virtual_size, size)
            self._scroll_update(size)
        else:
            self.virtual_size = size

    def _positions(self, kept: int) -> list[int]:
        """Each row's first line, from `_heights`; the first `kept` rows keep the places they had."""
        heights, old = self._heights, self._tops
        kept = min(kept, len(old), len(heights))
        if kept == len(heights):  # rows gone from the end, or none
            return old[:kept]
        top = old[kept - 1] + heights[kept - 1] if kept else 0
        return [*old[:kept], *accumulate(heights[kept:-1], initial=top)]

    def _fits(self, span: tuple[int, int, int]) -> bool:
        """Whether the heights worked out last line up with the rows around `span`."""
        _, old_stop, new_stop = span
        return len(self._heights) - old_stop == len(self._rows) - new_stop

    def _row_heights(self, rows: Sequence[ListRow], wrapped: list[tuple[str, int]]) -> list[int]:
        gap, gen = self.row_gap, self._layout_gen
        console, measured, revisions = self.app.console, self._measured, self._revisions
        heights = []
        for row in rows:
            revision = revisions[row.key]
            known = measured.get(row.key)
            if known is not None and known[0] == revision and known[1] == gen:
                heights.append(known[2])
                continue
            cells = row.cells
            height = gap + max(
                (wrapped_height(cells[key], width, console) for key, width in wrapped if key in cells), default=1
            )
            measured[row.key] = (revision, gen, height)
            heights.append(height)
        return heights

    def _total(self) -> int:
        return self._tops[-1] + self._heights[-1] if self._heights else 0

    def _row_at(self, line: int) -> int:
        return bisect_right(self._tops, line) - 1

    # ------------------------------------------------------------------ drawing

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles = None  # a new theme, CSS or focus state: every row's colours may have changed
        self.refresh()

    def _frame_styles(self) -> _FrameStyles:
        if self._styles is None:
            style = self.get_component_rich_style
            styles = _FrameStyles(
                self.rich_style,
                style("entry-list--even-row"),
                style("entry-list--odd-row"),
                style("entry-list--cursor"),
                style("entry-list--hover"),
                style("entry-list--header"),
                style("entry-list--spotlight", partial=True),
            )
            self._styles = styles
            self._style_gen += 1
        return self._styles

    def render_line(self, y: int) -> Strip:
        styles = self._frame_styles()
        scroll_x, scroll_y = self.scroll_offset
        width = self.size.width
        if y == 0:
            strip = self._header()
            return strip.crop_extend(scroll_x, scroll_x + width, styles.header)
        line = y - 1 + scroll_y
        if line >= self._total():
            return Strip.blank(width, styles.base)
        index = self._row_at(line)
        strip = self._row_strips(index)[line - self._tops[index]]
        return strip.crop_extend(scroll_x, scroll_x + width, styles.base)

    def render_row(self, key: str) -> list[Strip]:
        """The lines of an entry's row as drawn now (what a person sees of it)."""
        index = self._index.get(key)
        return [] if index is None else list(self._row_strips(index))

    def row_text(self, key: str) -> str:
        """The plain text of an entry's row as drawn now, lines joined with newlines."""
        return "\n".join(strip.text.rstrip() for strip in self.render_row(key))

    def cell_text(self, key: str, column: str) -> str:
        """The text drawn in one column of an entry's row (lines joined with newlines; "" if hidden)."""
        start = self.cell_padding
        for listed, width in self._layout:
            if listed.key == column:
                lines = [strip.crop(start, start + width).text.rstrip() for strip in self.render_row(key)]
                return "\n".join(lines).rstrip("\n")
            start += width + 2 * self.cell_padding
        return ""

    @property
    def header_text(self) -> str:
        return self._header().text.rstrip()

    def _header(self) -> Strip:
        styles = self._frame_styles()
        key = ("\0header", self._layout_gen, self._style_gen)
        cached = self._rendered.get(key)
        if cached is None:
            cells = {c.key: Text(c.label) for c, _ in self._layout}
            cached = self._draw_lines(cells, 1, styles.header, Style.null(), wrap=False)
            self._rendered[key] = cached
        return cached[0]

    def _row_strips(self, index: int) -> list[Strip]:
        styles = self._frame_styles()
        row = self._rows[index]
        cursor = index == self._cursor
        hover = index == self._hover and not cursor
        stripe = index % 2 if self.zebra_stripes else -1
        spotlit = bool(self._spotlight) and row.key == self._spotlight
        key = (row.key, self._revisions[row.key], self._layout_gen, self._style_gen, cursor, hover, stripe, spotlit)
        cached = self._rendered.get(key)
        if cached is None:
            row_style = styles.base if stripe < 0 else (styles.odd if stripe else styles.even)
            pre = row_style + styles.cursor if cursor else (row_style + styles.hover if hover else row_style)
            post = Style.null()
            if cursor and self.cursor_foreground_priority == "css" and styles.cursor.color is not None:
                post = Style.from_color(color=styles.cursor.color)
            cells = row.cells
            if spotlit:
                cells = {**cells, MARK_COLUMN: Text(SPOTLIGHT_MARK, style=styles.spotlight)}
            cached = self._draw_lines(cells, self._heights[index], pre, post, wrap=True)
            self._rendered[key] = cached
            self.rows_rendered += 1
        return cached

    def _draw_lines(
        self, cells: Mapping[str, Text], height: int, pre: Style, post: Style, *, wrap: bool
    ) -> list[Strip]:
        console = self.app.console
        pad = " " * self.cell_padding
        lines: list[list[Segment]] = [[] for _ in range(height)]
        for column, width in self._layout:
            # Each cell carries its column in the style's meta: it stays a segment of its own (as in
            # DataTable, so terminals and snapshots see the same runs of text).
            cell_pre = pre + Style.from_meta({"column": column.key})
            text = cells.get(column.key) or Text()
            if wrap and column.wrap:
                wrapped = list(text.wrap(console, max(1, width)))
            else:
                wrapped = list(text.wrap(console, max(1, width), no_wrap=True, overflow="ellipsis"))[:1]
            blank = Segment(" " * (width + 2 * self.cell_padding), cell_pre + post)
            for y, line in enumerate(lines):
                if y < len(wrapped):
                    part = wrapped[y]
                    part.truncate(width, overflow="ellipsis")
                    # Text.render leaves out the text's own base style: put it over the row's.
                    style = cell_pre + console.get_style(part.style, default=Style.null()) if part.style else cell_pre
                    if pad:
                        line.append(Segment(pad, cell_pre + post))
                    line.extend(Segment.apply_style(part.render(console), style, post))
                    line.append(Segment(" " * (width - part.cell_len) + pad, cell_pre + post))
                else:
                    line.append(blank)
        used = sum(width + 2 * self.cell_padding for _, width in self._layout)
        filler = Segment(" " * max(0, self.size.width - used), pre)
        return [Strip([*line, filler]) for line in lines]

    def _refresh_row(self, key: str) -> None:
        index = self._index.get(key)
        if index is not None:
            self._refresh_index(index)

    def _refresh_index(self, index: int) -> None:
        # The whole list, not the row's lines: Textual renders each dirty region apart (and the
        # scrollbar with it), while unchanged rows come from the cache at the cost of a lookup.
        if 0 <= index < len(self._tops):
            self.refresh()
