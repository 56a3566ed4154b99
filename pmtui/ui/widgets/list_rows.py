"""What an entry list shows: its columns, its rows, and how tall a wrapped row is (no Textual here)."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field

from rich.text import Text

SPOTLIGHT_MARK = "▶"
MARK_COLUMN = "mark"
"""A column with this key shows the spotlight mark (drawn by the list, in the theme's colour)."""


@dataclass(frozen=True)
class ListColumn:
    """One column of an entry list."""

    key: str
    label: str
    width: int | None = None
    """Cells wide; None for the column that takes the width the others leave."""
    wrap: bool = False
    """Wrap long text onto more lines (the row grows); otherwise cut it with …"""
    secondary: bool = False
    """Hidden when the list's `show_secondary` is off (large mode, narrow screens)."""
    min_width: int = 12
    """The least a flexible column shrinks to."""


class LazyCells(Mapping[str, Text]):
    """A row's cells, built when first read: a list of 2,000 one-line rows builds the ones drawn."""

    __slots__ = ("_build", "_cells")

    def __init__(self, build: Callable[[], Mapping[str, Text]]) -> None:
        self._build: Callable[[], Mapping[str, Text]] | None = build
        self._cells: Mapping[str, Text] | None = None

    def _built(self) -> Mapping[str, Text]:
        if self._cells is None:
            assert self._build is not None
            self._cells, self._build = self._build(), None
        return self._cells

    def __getitem__(self, key: str) -> Text:
        return self._built()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._built())

    def __len__(self) -> int:
        return len(self._built())


@dataclass(frozen=True, eq=False)
class ListRow:
    """One entry as cells, by column key."""

    key: str
    cells: Mapping[str, Text] = field(default_factory=dict)


_WRAP_CACHE: dict[tuple[str, int], int] = {}


def wrapped_height(text: Text, width: int, console: object) -> int:
    """How many lines Rich needs for this text at this width (cached: a relayout re-measures every row)."""
    plain = text.plain
    if len(plain) <= width and "\n" not in plain and plain.isascii():
        return 1  # most cells: no need to ask Rich
    key = (plain, width)
    lines = _WRAP_CACHE.get(key)
    if lines is None:
        if len(_WRAP_CACHE) > 50_000:
            _WRAP_CACHE.clear()
        lines = max(1, len(text.wrap(console, max(1, width))))  # type: ignore[arg-type]
        _WRAP_CACHE[key] = lines
    return lines


def same_text(a: Text | None, b: Text | None) -> bool:
    """Equal text and styles (Rich's Text.__eq__ ignores the base style: a colour change alone would go unseen)."""
    if a is b:
        return True
    if a is None or b is None:
        return False
    return a.plain == b.plain and a.style == b.style and a.spans == b.spans


def same_cells(a: Mapping[str, Text], b: Mapping[str, Text]) -> bool:
    """The same cells, text and styles."""
    return a is b or (a.keys() == b.keys() and all(same_text(a[key], b[key]) for key in a))
