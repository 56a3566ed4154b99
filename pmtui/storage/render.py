"""Render a session document exactly as tomlkit does, re-rendering only the entry tables that changed.

tomlkit renders every [[timeline]] table on every save although a change touches one or two:
about 35 ms of a 40 ms save at 2,500 entries. The text of each entry table is kept, keyed by
the table object, and reused until a change names the entry (`Change.touched`, the contract the
session's models already rely on), names its section whole (`touched=None`), or the document's
top-level layout changes. tomlkit still renders everything around the tables, so the result
is byte for byte `doc.as_string()`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from tomlkit.items import AoT, Item, Table
from tomlkit.toml_document import TOMLDocument

from pmtui.domain.changes import entry_id
from pmtui.domain.model import ENTRY_TYPES

_Rendered = tuple[Table, str, str, str]
"""(table, prefix, entry id, text) of one entry table as last rendered."""


class DocumentRenderer:
    """`doc.as_string()` of one document at a time, with the text of unchanged entry tables reused.

    Whoever changes the document calls `forget()` with every change applied (undos included)
    and `reset()` when it replaces the document. Not thread-safe: the store calls it under its lock.

    Only tables of the top-level entry lists (`[[timeline]]`, `[[actions]]` …) that tomlkit
    read from the file are kept: tomlkit edits a neighbour's layout when a table is inserted
    in a list it built itself (`AoT.insert` on an unparsed array), which no change names.
    A text not ending in a newline is not kept either: `end_with_newline` may add one
    to the document's last table behind any change's back.
    """

    def __init__(self) -> None:
        self._texts: dict[int, _Rendered] = {}
        """By id() of the table; each entry holds its table, so an id is not reused while it is here."""
        self._dirty_ids: set[str] = set()
        """Entries changed since the last render: their tables are rendered again."""
        self._dirty_sections: set[str] = set()
        """Sections changed whole since the last render."""
        self._layout: list[Item] = []
        """The document's top-level items at the last render."""

    def reset(self) -> None:
        """Forget every text (the document was replaced, or changed in a way nobody described)."""
        self._texts = {}
        self._dirty_ids.clear()
        self._dirty_sections.clear()
        self._layout = []

    def forget(self, touched: set[str] | None, sections: Iterable[str]) -> None:
        """A change was applied: `touched` entries changed (None: every entry of `sections` may have)."""
        if touched is None:
            self._dirty_sections.update(sections)
        else:
            self._dirty_ids.update(touched)

    def render(self, doc: TOMLDocument) -> str:
        """The document's text, the same as `doc.as_string()`."""
        layout = [item for _, item in doc.body]
        if len(layout) != len(self._layout) or any(a is not b for a, b in zip(layout, self._layout, strict=True)):
            self.reset()  # a section added or removed: tomlkit may have adjusted the layout around it
            self._layout = layout
        cacheable = {
            section
            for section in ENTRY_TYPES
            if isinstance(tables := doc.get(section), AoT) and getattr(tables, "_parsed", False)
        }
        reusable = cacheable - self._dirty_sections
        texts, dirty = self._texts, self._dirty_ids
        seen: dict[int, _Rendered] = {}
        render_table = type(doc)._render_aot_table

        def table_text(table: Table, prefix: str | None = None) -> str:
            # Only the top level passes a bare section name: a nested list gets "section.key".
            if prefix in reusable:
                found = texts.get(id(table))
                if found is not None and found[0] is table and found[1] == prefix and found[2] not in dirty:
                    seen[id(table)] = found
                    return found[3]
            text: str = render_table(doc, table, prefix=prefix)
            if prefix in cacheable and text.endswith("\n"):
                found_id = entry_id(table)
                if found_id is not None:
                    seen[id(table)] = (table, prefix, found_id, text)
            return text

        # Container._render_aot calls self._render_aot_table for each table of a list: an instance
        # attribute stands in for the method during this one call, and tomlkit does the rest.
        hooked: Any = doc
        hooked._render_aot_table = table_text
        try:
            text = doc.as_string()
        finally:
            del hooked._render_aot_table
        self._texts = seen  # tables no longer in the document are let go
        self._dirty_ids = set()
        self._dirty_sections = set()
        return text
