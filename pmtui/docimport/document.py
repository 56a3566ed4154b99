"""The structure every reader produces: headings, paragraphs, list items and tables, in reading order.

Markdown, HTML and Word readers each turn their format into these blocks (text only, markup
gone), so finding sections, timelines and actions is written once, in mapper.py.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Heading:
    """A heading; level 1 is the document's title."""

    level: int
    text: str
    where: str = ""


@dataclass
class Paragraph:
    """A paragraph (or a code block), one string per line as the author broke them."""

    lines: list[str]
    where: str = ""
    code: bool = False

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


@dataclass
class ListItem:
    """One list item; checked is True/False for a task list item, None for a plain one."""

    lines: list[str]
    where: str = ""
    checked: bool | None = None
    depth: int = 0
    ordered: bool = False

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


@dataclass
class Table:
    """A table: rows of cell texts; the first row is the header when the format marks one."""

    rows: list[list[str]]
    where: str = ""
    has_header: bool = True


Block = Heading | Paragraph | ListItem | Table


@dataclass
class Document:
    """A whole document as blocks, with the name it was read from (for messages)."""

    name: str
    blocks: list[Block] = field(default_factory=list)


def clean_lines(text: str) -> list[str]:
    """Lines of a text with trailing spaces removed and leading/trailing blank lines dropped."""
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    while lines and not lines[0].strip():
        lines.pop(0)
    while lines and not lines[-1].strip():
        lines.pop()
    return lines
