"""show_in_place: a Static redrawn without a layout still shows every change of text, style and height."""

from __future__ import annotations

from rich.text import Text
from textual.app import App, ComposeResult
from textual.content import Content
from textual.widgets import Static

from pmtui.ui.widgets.redraw import show_in_place


class OneLine(App[None]):
    CSS = "Static { height: auto; }"

    def compose(self) -> ComposeResult:
        yield Static("", markup=False)


def bold_on_line(static: Static, y: int) -> bool:
    return any(segment.style is not None and segment.style.bold for segment in static.render_line(y))


async def test_a_new_style_of_the_same_words_is_drawn() -> None:
    app = OneLine()
    async with app.run_test(size=(40, 10)) as pilot:
        static = app.query_one(Static)
        show_in_place(static, Text("same words", style="bold"))
        await pilot.pause()
        assert bold_on_line(static, 0)
        show_in_place(static, Text("same words"))  # equal to the last by rich's ==, which leaves out the style
        await pilot.pause()
        assert not bold_on_line(static, 0)
        show_in_place(static, Content.styled("same words", "bold"))
        await pilot.pause()
        assert bold_on_line(static, 0)
        show_in_place(static, Content("same words"))  # equal by Content's ==, which compares the text only
        await pilot.pause()
        assert not bold_on_line(static, 0)


async def test_the_static_grows_and_shrinks_with_its_text() -> None:
    app = OneLine()
    async with app.run_test(size=(40, 10)) as pilot:
        static = app.query_one(Static)
        show_in_place(static, "one line")
        await pilot.pause()
        assert static.size.height == 1
        show_in_place(static, "three\nlines\nnow")
        await pilot.pause()
        assert static.size.height == 3
        assert static.render_line(2).text.startswith("now")
        show_in_place(static, "one again")
        await pilot.pause()
        assert static.size.height == 1
