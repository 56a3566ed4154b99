"""The app's last line of defence: no control character from a file reaches the terminal, whatever widget shows it.

Screens already pass session text through `pmtui.domain.text_safety.visible` where they build their
Text/Content (so layout counts the escapes). This line filter is applied by Textual to every
rendered line of every widget (Header, Toast, DataTable, Input, TextArea, borders…), so a
path that was missed still shows `\\x1b` instead of sending ESC. Textual's own escape
sequences (colours, cursor moves, links) are added after filters run and are not touched.
"""

from __future__ import annotations

from typing import TypeVar

from rich.segment import Segment
from rich.text import Span as RichSpan
from rich.text import Text
from textual.color import Color
from textual.content import Content
from textual.content import Span as ContentSpan
from textual.filter import LineFilter
from textual.strip import Strip

from pmtui.domain.text_safety import CONTROL, visible

Styled = TypeVar("Styled", Text, Content)


def inert(styled: Styled) -> Styled:
    """A Text or Content built from session text, with its control characters shown as escapes, styles kept.

    The same object back when there is nothing to replace (the common case, and cheap), so
    callers that compare rows by identity keep working.
    """
    plain = styled.plain
    if not CONTROL.search(plain):
        return styled
    # Map every old offset to its new one, so styles stay on the characters they covered.
    offsets = [0]
    pieces = []
    for ch in plain:
        shown = visible(ch) if CONTROL.match(ch) else ch
        pieces.append(shown)
        offsets.append(offsets[-1] + len(shown))
    text = "".join(pieces)
    if isinstance(styled, Content):
        spans = [ContentSpan(offsets[s.start], offsets[s.end], s.style) for s in styled.spans]
        return Content(text, spans)
    copy = styled.blank_copy(text)
    copy.spans = [RichSpan(offsets[s.start], offsets[s.end], s.style) for s in styled.spans]
    return copy


class InertText(LineFilter):
    """Replaces control characters in rendered text with the same visible escapes as everywhere else."""

    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:
        if not any(CONTROL.search(segment.text) for segment in segments if not segment.control):
            return segments  # almost every line: one scan, no copy
        width = sum(segment.cell_length for segment in segments)
        shown = [
            segment if segment.control else Segment(visible(segment.text), segment.style, segment.control)
            for segment in segments
        ]
        # The layout counted a control character as zero cells; keep the line as wide as the
        # layout made it, or it would spill into the next widget.
        return list(Strip(shown).crop(0, width))
