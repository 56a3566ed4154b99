"""EntryList on its own: keys, mouse, what rows look like, and that unchanged rows are not drawn again."""

from __future__ import annotations

from rich.text import Text
from textual.app import App, ComposeResult

from pmtui.ui.widgets.entry_list import MARK_COLUMN, SPOTLIGHT_MARK, EntryList, ListColumn, ListRow

COLUMNS = [
    ListColumn(MARK_COLUMN, "", 1),
    ListColumn("id", "Id", 4),
    ListColumn("text", "What happened"),
    ListColumn("who", "Who", 8, secondary=True),
]


def rows(count: int, prefix: str = "event") -> list[ListRow]:
    return [
        ListRow(f"t{n}", {"id": Text(f"t{n}"), "text": Text(f"{prefix} {n}"), "who": Text("Lee")}) for n in range(count)
    ]


class ListApp(App[None]):
    def __init__(self, columns: list[ListColumn] = COLUMNS, **options: object) -> None:
        super().__init__()
        self.columns, self.options = columns, options
        self.messages: list[tuple[str, str]] = []

    def compose(self) -> ComposeResult:
        yield EntryList(self.columns, **self.options)  # type: ignore[arg-type]

    def on_entry_list_row_highlighted(self, message: EntryList.RowHighlighted) -> None:
        self.messages.append(("highlighted", message.key))

    def on_entry_list_row_selected(self, message: EntryList.RowSelected) -> None:
        self.messages.append(("selected", message.key))


async def test_keys_move_the_cursor_and_enter_or_a_click_selects() -> None:
    app = ListApp()
    async with app.run_test(size=(60, 12)) as pilot:
        entries = app.query_one(EntryList)
        entries.set_rows(rows(50))
        entries.focus()
        await pilot.pause()
        assert entries.selected_key == "t0"
        await pilot.press("down", "down")
        assert entries.selected_key == "t2"
        await pilot.press("end")
        assert entries.selected_key == "t49"
        assert entries.scroll_offset.y == entries.max_scroll_y > 0, "the last row is in view"
        await pilot.press("pageup")
        assert 30 < entries.cursor_index < 49
        await pilot.press("home", "up")
        assert entries.selected_key == "t0" and entries.scroll_offset.y == 0
        await pilot.press("pagedown")
        assert entries.cursor_index > 5
        await pilot.press("home", "enter")
        await pilot.pause()
        assert app.messages[-1] == ("selected", "t0")
        await pilot.click(EntryList, offset=(10, 3))  # line 0 is the header: line 3 is the third row
        await pilot.pause()
        assert entries.selected_key == "t2"
        assert app.messages[-2:] == [("highlighted", "t2"), ("selected", "t2")]


async def test_the_cursor_stays_on_its_entry_and_in_place_after_a_delete() -> None:
    app = ListApp()
    async with app.run_test(size=(60, 12)) as pilot:
        entries = app.query_one(EntryList)
        listed = rows(10)
        entries.set_rows(listed)
        entries.select("t5")
        listed = [ListRow("new", {"text": Text("inserted")}), *listed]
        added = entries.set_rows(listed)
        assert added == ["new"] and entries.selected_key == "t5" and entries.cursor_index == 6
        entries.set_rows([row for row in listed if row.key != "t5"])
        assert entries.selected_key == "t6", "the entry after the deleted one"
        entries.set_rows([])
        assert entries.selected_key is None and entries.cursor_index == -1
        await pilot.pause()


async def test_rows_as_drawn_cut_wrap_space_out_and_hide_secondary_columns() -> None:
    app = ListApp()
    async with app.run_test(size=(40, 12)) as pilot:
        entries = app.query_one(EntryList)
        long = "a sentence far too long for the column it has to fit in"
        entries.set_rows([ListRow("t1", {"id": Text("t1"), "text": Text(long), "who": Text("Lee")})])
        await pilot.pause()
        assert entries.header_text.split() == ["Id", "What", "happened", "Who"]
        shown = entries.cell_text("t1", "text")
        assert shown.endswith("…") and long.startswith(shown[:-1]) and "\n" not in shown
        assert entries.cell_text("t1", "who") == "Lee"
        entries.show_secondary = False
        assert "who" not in entries.visible_columns and "Lee" not in entries.row_text("t1")

    wrapped = [ListColumn("id", "Id", 4, wrap=True), ListColumn("text", "Text", wrap=True)]
    app = ListApp(wrapped)
    async with app.run_test(size=(40, 12)) as pilot:
        entries = app.query_one(EntryList)
        entries.set_rows([ListRow("t1", {"text": Text(long)}), ListRow("t2", {"text": Text("short")})])
        await pilot.pause()
        lines = entries.row_text("t1").split("\n")
        assert len(lines) > 1 and " ".join(line.strip() for line in lines).endswith(long)
        assert entries.virtual_size.height == 1 + len(lines) + 1, "header, the wrapped row, the short row"
        entries.row_gap = 1
        assert entries.virtual_size.height == 1 + len(lines) + 1 + 2, "a blank line under each row"


async def test_one_added_entry_draws_one_row_and_a_new_theme_draws_them_all_again() -> None:
    app = ListApp(zebra_stripes=True)
    async with app.run_test(size=(60, 20)) as pilot:
        entries = app.query_one(EntryList)
        listed = rows(500)
        entries.set_rows(listed)
        entries.action_last_row()
        await pilot.pause()
        drawn = entries.rows_rendered
        entries.set_rows([*listed, ListRow("t500", {"text": Text("newest")})])
        entries.action_last_row()
        await pilot.pause()
        # the new row, and the previous last row now without the cursor
        assert entries.rows_rendered - drawn <= 2
        assert "newest" in entries.row_text("t500")
        drawn = entries.rows_rendered
        changed = ListRow("t495", {"text": Text("edited")})
        entries.update_row(changed)
        await pilot.pause()
        assert entries.rows_rendered - drawn == 1 and "edited" in entries.row_text("t495")

        entries.spotlight = "t498"

        def mark_colour() -> str:
            line = entries.render_row("t498")[0]
            return next(str(segment.style.color) for segment in line if segment.text == SPOTLIGHT_MARK)

        before, drawn = mark_colour(), entries.rows_rendered
        app.theme = "nord"  # another accent colour
        await pilot.pause()
        assert mark_colour() != before
        assert entries.rows_rendered - drawn >= 10, "every row in view is drawn in the new colours"


class TwinListApp(App[None]):
    """Two lists side by side: one updated edit by edit, the other given each result afresh."""

    def compose(self) -> ComposeResult:
        wrapped = [ListColumn("id", "Id", 4), ListColumn("text", "What happened", wrap=True)]
        yield EntryList(wrapped, id="edited")
        yield EntryList(wrapped, id="fresh")


def _shown(entries: EntryList) -> list[str]:
    return [entries.render_line(y).text for y in range(entries.size.height)]


async def test_a_list_edited_row_by_row_shows_what_a_fresh_one_shows() -> None:
    """Rows kept from one call to the next are reused (only the changed span is measured):
    inserts, deletes, moves and taller rows must still land where a fresh list puts them."""
    app = TwinListApp()
    async with app.run_test(size=(100, 30)) as pilot:
        edited, fresh = app.query_one("#edited", EntryList), app.query_one("#fresh", EntryList)
        for entries in (edited, fresh):
            entries.styles.width = 48
        current = rows(30)
        tall = ListRow("t5", {"id": Text("t5"), "text": Text("a long line that wraps " * 4)})
        new = ListRow("n1", {"id": Text("n1"), "text": Text("inserted " * 8)})
        steps = [
            lambda r: [*r[:10], new, *r[10:]],  # insert a tall row in the middle
            lambda r: [*r[:5], tall, *r[6:]],  # a row grows
            lambda r: [*r[:2], *r[3:]],  # delete
            lambda r: [r[20], *r[:20], *r[21:]],  # move to the top
            lambda r: [*r, ListRow("t99", {"id": Text("t99"), "text": Text("last")})],  # add at the end
            lambda r: r[3:],  # several go at once
            lambda r: r[:-2],  # the last two go
            lambda r: [*r[:4], ListRow("n2", {"id": Text("n2"), "text": Text("replaced")}), *r[5:]],  # one for another
        ]
        edited.set_rows(current)
        for number, step in enumerate(steps):
            current = step(current)
            edited.set_rows(current)
            fresh.clear()
            fresh.set_rows(current)
            for entries in (edited, fresh):
                entries.move_cursor(len(current) - 1)  # scrolled to the end: every row's height counts
            await pilot.pause()
            assert edited.row_keys == [row.key for row in current]
            assert [edited.row_index(row.key) for row in current] == list(range(len(current))), f"step {number}"
            ever = {"n1", "n2", "t99", *(row.key for row in rows(30))}
            assert not any(edited.has_row(key) for key in ever - set(edited.row_keys)), "a row gone is not listed"
            assert edited.virtual_size == fresh.virtual_size, f"step {number}"
            assert _shown(edited) == _shown(fresh), f"step {number}"
