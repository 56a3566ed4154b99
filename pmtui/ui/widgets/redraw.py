"""Redraw a Static in place: Textual's `Static.update` lays the whole screen out by default.

A layout draws every widget on the screen again: about 7 ms of the moderator's frame when the
checks panel rewrote its four lines after every edit, most often with the very same text.
"""

from __future__ import annotations

from rich.text import Text
from textual.content import Content
from textual.widgets import Static


def show_in_place(static: Static, content: Content | Text | str) -> None:
    """Show `content` in a Static as wide as its container and as tall as its text: nothing if it
    is already shown, no layout unless the height it needs changed (Textual's own measure says).

    Only the height is measured: a Static whose width follows its text (`width: auto`, such as
    the status line's SaveStatus) needs a layout when that width changes, and has its own rule."""
    shown = static.content
    if isinstance(shown, Content) and isinstance(content, Content):
        if shown.is_same(content):  # Content's == compares the text alone, not its styles
            return
    elif isinstance(shown, Text) and isinstance(content, Text):
        if shown == content and shown.style == content.style:  # Text's == leaves out its base style
            return
    elif isinstance(shown, str) and shown == content:
        return
    static.update(content, layout=False)
    width, height = static.content_size
    if not width or static.get_content_height(static.container_size, static.screen.size, width) != height:
        static.refresh(layout=True)
