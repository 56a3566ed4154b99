"""Bring the in-memory document up to date with a new file text by re-parsing only what changed.

The other terminal usually changes one entry or the [meeting] table per write, yet parsing a
2,000-entry session with tomlkit takes about a second. Both texts are cut into blocks at
their table headers (`[meeting]`, `[[timeline]]` …); blocks that are identical keep their
parsed tables, and only new or changed blocks are parsed and put in place. Anything out of
the ordinary (a changed preamble, a section appearing or vanishing, dotted headers that
belong to another table) returns None, and the caller parses the whole file as before.
"""

from __future__ import annotations

import functools
import re
import tomllib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Any

import tomlkit
from tomlkit.exceptions import TOMLKitError
from tomlkit.items import AoT, Table
from tomlkit.toml_document import TOMLDocument

from pmtui.domain.changes import entry_id

# A header line of a top-level table or array of tables, with an optional comment. Dotted or
# quoted headers are not split points: they stay inside the block above, which must then parse
# alone. Lines end at \n only, as in TOML (str.splitlines would also cut at \x0c, \u2028 …).
_HEADER = re.compile(r"[ \t]*(\[\[?)[ \t]*([A-Za-z0-9_-]+)[ \t]*(\]\]?)[ \t]*(?:#[^\r\n]*)?\r?")
_BRACKET_LINE = re.compile(r"[ \t]*\[[^\n]*")
"""A line (up to \\n) whose first non-blank is "["."""
_NEXT_BRACKET_LINE = re.compile(r"\n([ \t]*\[[^\n]*)")
"""The same after a line break: a literal first character lets the regex engine skip ahead
(four times faster than ^ in MULTILINE mode, which tries every position)."""


def _bracket_lines(text: str) -> Iterator[tuple[int, str]]:
    """(offset, line) of every line whose first non-blank is "["; lines end at \\n only."""
    first = _BRACKET_LINE.match(text)
    if first is not None:
        yield 0, first.group()
    for found in _NEXT_BRACKET_LINE.finditer(text):
        yield found.start(1), found.group(1)


@dataclass(frozen=True)
class Group:
    """Consecutive blocks of one top-level name: a [table] (one block) or an [[array]] (one per entry)."""

    name: str
    array: bool
    blocks: tuple[str, ...]


def split(text: str) -> tuple[str, list[Group]] | None:
    """(preamble, groups) of a session text, or None if its headers are not all simple."""
    parts = _split(text)
    return None if parts is None else (parts[0], parts[1])


@functools.lru_cache(maxsize=4)
def _split(text: str) -> tuple[str, list[Group], bool] | None:
    """split(), and whether every line that starts with "[" is a simple header.

    Cached: the text just read is the one diffed against at the next change.
    """
    # Header candidates: lines whose first non-blank is "[", found in C rather than line by line
    # in Python (5 ms of every 2,500-entry save went to that loop).
    matches: list[tuple[int, re.Match[str]]] = []
    plain = True
    for start, line in _bracket_lines(text):
        match = _HEADER.fullmatch(line)
        if match is not None:
            matches.append((start, match))
        else:
            plain = False  # a dotted header, or a line of a multi-line value
    starts = [start for start, _ in matches]
    ends = starts[1:] + ([len(text)] if starts else [])  # no header at all: no block (zip is strict)
    groups: list[tuple[str, bool, list[str]]] = []
    for (start, match), end in zip(matches, ends, strict=True):
        opening, name, closing = match.group(1), match.group(2), match.group(3)
        if len(opening) != len(closing):
            return None
        array = opening == "[["
        block = text[start:end]
        if groups and groups[-1][0] == name and array and groups[-1][1]:
            groups[-1][2].append(block)
        else:
            groups.append((name, array, [block]))
    result = [Group(name, array, tuple(blocks)) for name, array, blocks in groups]
    names = [group.name for group in result]
    if len(names) != len(set(names)):
        return None  # a table split in two places, or a duplicate: leave it to the full parser
    return text[: starts[0]] if starts else text, result, plain


def check_toml_text(text: str, known_good: str | None = None) -> None:
    """Raise tomllib.TOMLDecodeError unless `text` is TOML; blocks also in `known_good` are not parsed again.

    A save changes an entry or two of a file that was valid a moment ago: checking only the
    changed blocks costs a few milliseconds instead of a full parse (about 90 ms on 2,000
    entries). Only for files whose every "[" line is a simple header, where blocks are
    independent: each must parse alone into its own name, and the names must not repeat.
    """
    new = _split(text)
    old = _split(known_good) if known_good is not None else None
    if new is None or old is None or not new[2] or not old[2]:
        tomllib.loads(text)
        return
    preamble, groups, _ = new
    names = {group.name for group in groups}
    if names & set(tomllib.loads(preamble)):
        tomllib.loads(text)  # a key that is also a table: let the parser say so
        return
    verified = {block for group in old[1] for block in group.blocks}
    try:
        for group in groups:
            for block in group.blocks:
                if block not in verified and list(tomllib.loads(block)) != [group.name]:
                    tomllib.loads(text)
                    return
    except tomllib.TOMLDecodeError:
        tomllib.loads(text)  # the same error, with the line and column of the whole file


@dataclass
class Resynced:
    """What resync changed: sections to rebuild, entries to revalidate, and how to put it back."""

    sections: tuple[str, ...]
    touched: set[str]
    undo: Callable[[], None]


def _parse_block(block: str, name: str, array: bool) -> Table | None:
    try:
        tomllib.loads(block)  # tomlkit accepts a few things TOML does not; stay as strict as a full read
        parsed = tomlkit.parse(block)
    except (tomllib.TOMLDecodeError, TOMLKitError, RecursionError):
        return None
    if list(parsed.keys()) != [name]:
        return None
    item: Any = parsed[name]
    if array:
        if not isinstance(item, AoT) or len(item.body) != 1:
            return None
        return item.body[0]
    return item if isinstance(item, Table) else None


def resync(doc: TOMLDocument, old_text: str, new_text: str) -> Resynced | None:
    """Change `doc` (which renders exactly as `old_text`) so it renders as `new_text`, or return None.

    Only the blocks that differ are parsed. The caller validates the result and calls
    `undo()` if the new state is not a valid session.
    """
    old, new = split(old_text), split(new_text)
    if old is None or new is None or old[0] != new[0]:
        return None
    old_groups, new_groups = old[1], new[1]
    if [(g.name, g.array) for g in old_groups] != [(g.name, g.array) for g in new_groups]:
        return None
    plan: list[tuple[str, Any, Any]] = []  # (name, container, edits)
    sections: list[str] = []
    touched: set[str] = set()
    for before, after in zip(old_groups, new_groups, strict=True):
        if before.blocks == after.blocks:
            continue
        item = doc.get(before.name)
        if not before.array:
            table = _parse_block(after.blocks[0], after.name, False)
            if table is None or not isinstance(item, Table):
                return None
            plan.append((before.name, None, table))
            sections.append(before.name)
            continue
        if not isinstance(item, AoT) or len(item.body) != len(before.blocks):
            return None
        edits: list[tuple[int, int, list[Table]]] = []
        for i1, i2, j1, j2 in _changed_runs(before.blocks, after.blocks):
            tables = [_parse_block(block, after.name, True) for block in after.blocks[j1:j2]]
            if any(t is None for t in tables):
                return None
            edits.append((i1, i2, tables))  # type: ignore[arg-type]
            for table in tables:
                found = entry_id(table)
                if found is not None:
                    touched.add(found)
        plan.append((before.name, item, edits))
        sections.append(before.name)
    if not plan:
        return Resynced((), set(), lambda: None)
    undos = [_apply(doc, name, container, change) for name, container, change in plan]

    def undo() -> None:
        for step in reversed(undos):
            step()

    return Resynced(tuple(sections), touched, undo)


def _changed_runs(before: tuple[str, ...], after: tuple[str, ...]) -> Iterator[tuple[int, int, int, int]]:
    """(i1, i2, j1, j2): before[i1:i2] became after[j1:j2]; SequenceMatcher's opcodes other than "equal".

    The blocks the two have in common at the head and the tail (all but one or two of 2,500
    entries, as a rule) are left out of the matcher's work: it hashed and indexed every block.
    """
    shortest = min(len(before), len(after))
    head = 0
    while head < shortest and before[head] == after[head]:
        head += 1
    tail = 0
    while tail < shortest - head and before[-1 - tail] == after[-1 - tail]:
        tail += 1
    middle = SequenceMatcher(None, before[head : len(before) - tail], after[head : len(after) - tail], autojunk=False)
    for op, i1, i2, j1, j2 in middle.get_opcodes():
        if op != "equal":
            yield head + i1, head + i2, head + j1, head + j2


def _apply(doc: TOMLDocument, name: str, container: Any, change: Any) -> Callable[[], None]:
    if container is None:
        old_table = doc[name]
        doc[name] = change

        def put_back() -> None:
            doc[name] = old_table

        return put_back
    aot: AoT = container
    before = list(aot.body)
    # Right to left, so earlier indexes stay valid.
    for i1, i2, tables in reversed(change):
        for index in range(i2 - 1, i1 - 1, -1):
            del aot[index]
        for offset, table in enumerate(tables):
            aot.insert(i1 + offset, table)

    def restore() -> None:
        while len(aot.body):
            del aot[len(aot.body) - 1]
        for table in before:
            aot.append(table)

    return restore


def renders_as(doc: TOMLDocument, text: str) -> bool:
    """Whether `doc` has the shape of `text` (same tables, same number of entries in each list).

    A cheap check before resync after pending changes were taken out of a document.
    """
    parts = split(text)
    if parts is None:
        return False
    preamble, groups = parts
    try:
        preamble_keys = set(tomllib.loads(preamble))
    except tomllib.TOMLDecodeError:
        return False
    for group in groups:
        item = doc.get(group.name)
        if group.array:
            if not isinstance(item, AoT) or len(item.body) != len(group.blocks):
                return False
        elif not isinstance(item, Table):
            return False
    return set(doc.keys()) == preamble_keys | {group.name for group in groups}
