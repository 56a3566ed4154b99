"""Edits to a session as small operations applied in place to the tomlkit document.

An operation, not a whole document, is what travels from a screen to the file: the store
applies it to the freshest file state under the lock, so two processes never overwrite
each other's work, and a person's comments and layout survive every edit.
Each `apply` returns the operation that undoes it.
"""

from __future__ import annotations

import copy
import datetime as dt
import tomllib
from collections.abc import Callable, Iterable, MutableMapping
from dataclasses import dataclass, field
from enum import Enum
from itertools import compress, count, repeat
from operator import attrgetter, eq
from typing import Any, ClassVar

import tomlkit
from pydantic import BaseModel, ValidationError
from tomlkit.container import Container
from tomlkit.items import AoT, Array, String, Table, Whitespace
from tomlkit.toml_document import TOMLDocument

from pmtui.domain.errors import ChangeError
from pmtui.domain.model import ENTRY_TYPES, LINKABLE_SECTIONS, PREVIOUS, Incident, Meeting, Roles, Session
from pmtui.domain.splice import changed_span

TABLE_MODELS: dict[str, type[BaseModel]] = {"incident": Incident, "roles": Roles, "meeting": Meeting}
"""Top-level tables that SetField may change, with the model that checks them."""


def to_toml(value: Any) -> Any:
    """Convert a Python value into something tomlkit writes the way a person would."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, str) and "\n" in value and "\r" not in value:
        # Not with a carriage return: TOML readers turn a written CRLF into LF, so "\r\n" would
        # not come back as typed. The escaped one-line form keeps every character.
        return tomlkit.string(value, multiline=True)
    if isinstance(value, dict):
        table = tomlkit.inline_table()
        table.update({str(to_toml(k)): to_toml(v) for k, v in value.items()})
        return table
    if isinstance(value, list | tuple):
        return [to_toml(v) for v in value]
    if isinstance(value, float) and value.is_integer():
        return value
    return value


def _plain(value: Any) -> Any:
    return value.unwrap() if hasattr(value, "unwrap") else value


def _edit_list_in_place(item: Any, new: Any) -> bool:
    """Turn a list of strings into `new` by removing and appending, if that is all it takes."""
    if not isinstance(item, Array) or not isinstance(new, list) or not all(isinstance(v, str) for v in new):
        return False
    old = list(_plain(item))
    if len(set(old)) != len(old) or len(set(new)) != len(new):
        return False
    if [v for v in old if v in new] + [v for v in new if v not in old] != new:
        return False  # reordered: write it afresh
    for index in reversed(range(len(old))):
        if old[index] not in new:
            del item[index]
    for value in new:
        if value not in old:
            item.append(value)
    return True


def _restored(value: Any, original: Any) -> Any:
    """The item an undo puts back: the person's own item (its quotes, layout and comments) when
    it still holds this value, else a freshly formatted one. A copy, as an undo may be replayed
    on a re-read document."""
    if original is not None and _plain(original) == value:
        return copy.deepcopy(original)
    return to_toml(value)


def end_with_newline(doc: TOMLDocument) -> None:
    """Give the document's last line its newline if the file had none (editors often leave it
    off): otherwise the next key or [[header]] added or moved to the end is glued onto that
    line, and the saved file no longer parses."""
    item: Any = doc
    while True:
        if isinstance(item, Container | AoT):
            body = item.body
        elif isinstance(item, Table):
            body = item.value.body
        else:
            break
        if not body:
            break
        item = body[-1][1] if isinstance(body[-1], tuple) else body[-1]
    if item is doc or isinstance(item, Whitespace):
        return
    trivia = getattr(item, "trivia", None)
    if trivia is not None and not trivia.trail.endswith("\n"):
        trivia.trail += "\n"


class Change:
    """An edit to a session document."""

    #: the sections whose models must be rebuilt after this change
    sections: tuple[str, ...] = ()
    #: ids of the entries whose content apply() changed; None means "rebuild the sections whole"
    touched: set[str] | None = None

    def apply(self, doc: TOMLDocument) -> Change:
        """Apply the change in place and return the change that undoes it."""
        raise NotImplementedError

    def apply_knowing_ids(self, doc: TOMLDocument, ids: EntryIds) -> Change:
        """Apply, given the document's entry ids (a copy this may change) as the caller already
        knows them: an add then need not read every table's id (~7 ms on a 2,500-entry session)."""
        return self.apply(doc)

    def describe(self) -> str:
        """A few words for the undo message, e.g. 'delete timeline t4'."""
        return type(self).__name__


def _section(doc: TOMLDocument, section: str, create: bool = False) -> AoT | None:
    if section not in ENTRY_TYPES:
        raise ChangeError(f"unknown section {section!r}")
    return tables_of(doc, section, create)


def tables_of(doc: TOMLDocument, section: str, create: bool = False) -> AoT | None:
    """The [[section]] tables of a document: None when there are none, created when asked.

    A ChangeError when the key holds something else (a hand edit such as `timeline = "x"`).
    """
    items = doc.get(section)
    if items is None:
        if not create:
            return None
        if len(doc):
            doc.add(tomlkit.nl())  # a blank line before the new section's first header
        doc.append(section, tomlkit.aot())
        items = doc[section]
    if not isinstance(items, AoT):
        raise ChangeError(f"[{section}] in the file is not a list of [[{section}]] tables")
    return items


def remove_table(doc: TOMLDocument, section: str, items: AoT, index: int) -> None:
    """Delete one of the [[section]] tables; the key goes with the last one (an empty array of
    tables cannot be written back as TOML)."""
    del items[index]
    if len(items) == 0:
        del doc[section]


def _find(doc: TOMLDocument, section: str, wanted: str, guess: int | None = None) -> tuple[AoT, int]:
    """The section's tables and where entry `wanted` is among them; a ChangeError when it is gone.

    `guess`, where the caller last saw the entry, is checked first: reading every table's id
    to find one near the end of 2,000 took 5 ms of each edit, delete or undo.
    """
    items = _section(doc, section)
    if items is not None:
        if guess is not None and 0 <= guess < len(items) and entry_id(items[guess]) == wanted:
            return items, guess
        for index, table in enumerate(items):
            if entry_id(table) == wanted:
                return items, index
    raise ChangeError(f"entry {wanted} no longer exists (deleted elsewhere?)")


def _check_text(where: str, value: Any) -> None:
    """Refuse text that cannot be written as UTF-8 (lone surrogates from a mangled paste):
    accepted, it would make every later save fail."""
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise ChangeError(f"{where}: the text has invalid characters (broken Unicode); type it again") from None
    elif isinstance(value, dict):
        for item in value.values():
            _check_text(where, item)
    elif isinstance(value, list | tuple):
        for item in value:
            _check_text(where, item)


def _check_entry(section: str, fields: dict[str, Any]) -> None:
    _check_text(f"{section} {fields.get('id', '')}".strip(), fields)
    try:
        ENTRY_TYPES[section].model_validate(fields)
    except ValidationError as error:
        problem = error.errors()[0]
        name = ".".join(str(p) for p in problem["loc"])
        raise ChangeError(f"{section} {fields.get('id', '')}: {name}: {problem['msg']}") from None


def entry_id(table: Any) -> str | None:
    """An entry table's id, read from its body directly: tomlkit's key lookup builds objects
    on every call, which made id scans the main cost of an edit in a 2,000-entry session."""
    if not isinstance(table, Table):
        value = table.get("id") if isinstance(table, dict) else None
        return None if value is None else str(value)
    for key, item in table.value.body:
        if key is not None and key.key == "id":
            return str(item)
    return None


class EntryIds:
    """The entry ids in use, and the highest number in use per prefix once worked out.

    Adding an entry takes one past the highest number: working that out walks every id (0.7 ms
    at 2,500 entries, and a 1,000-line paste asks 1,000 times). The numbers are kept current as
    entries are added here, and `after()` carries them over a change for the next one.
    """

    def __init__(
        self,
        ids: set[str],
        highest: dict[str, int] | None = None,
        positions: Callable[[str, str], int | None] | None = None,
    ) -> None:
        self.ids = ids
        self.highest = dict(highest or {})
        self._positions = positions

    def position(self, section: str, entry_id: str) -> int | None:
        """Where the entry's table was when the caller last read the section (a guess, to check)."""
        return self._positions(section, entry_id) if self._positions is not None else None

    def __contains__(self, entry_id: object) -> bool:
        return entry_id in self.ids

    def add(self, entry_id: str) -> None:
        self.ids.add(entry_id)
        for prefix, top in self.highest.items():
            number = _number(entry_id, prefix)
            if number is not None and number > top:
                self.highest[prefix] = number

    def next_free(self, prefix: str) -> str:
        """One past the highest number in use, so a deleted entry's id is not handed out again at once."""
        top = self.highest.get(prefix)
        if top is None:
            numbers = (_number(entry_id, prefix) for entry_id in self.ids)
            top = self.highest[prefix] = max((n for n in numbers if n is not None), default=0)
        n = top + 1
        while f"{prefix}{n}" in self.ids:
            n += 1
        return f"{prefix}{n}"

    def after(self, ids: set[str], touched: set[str] | None) -> EntryIds:
        """The ids once a change that touched these has been applied (`ids`: all of them then),
        keeping each highest number that the change cannot have lowered."""
        if touched is None:
            return EntryIds(ids, positions=self._positions)
        highest = {}
        for prefix, top in self.highest.items():
            for entry_id in touched:
                number = _number(entry_id, prefix)
                if number is None:
                    continue
                if entry_id in ids:
                    top = max(top, number)
                elif number == top:
                    break  # the highest was deleted (or renamed): work it out again when asked
            else:
                highest[prefix] = top
        return EntryIds(ids, highest, self._positions)


def _number(entry_id: str, prefix: str) -> int | None:
    rest = entry_id[len(prefix) :]
    return int(rest) if entry_id.startswith(prefix) and rest.isdigit() else None


def _all_ids(doc: TOMLDocument) -> EntryIds:
    ids: set[str] = set()
    for section in ENTRY_TYPES:
        for table in doc.get(section) or ():
            found = entry_id(table)
            if found is not None:
                ids.add(found)
    return EntryIds(ids)


def next_free_id(doc: TOMLDocument, section: str, used: EntryIds | None = None) -> str:
    """The next unused id for a section, e.g. t13 (computed on the document, under the lock)."""
    return (_all_ids(doc) if used is None else used).next_free(ENTRY_TYPES[section].PREFIX)


@dataclass
class AddEntry(Change):
    """Add an entry to a list section; the id is chosen under the lock unless given."""

    section: str
    fields: dict[str, Any]
    id: str | None = None
    position: int | None = None
    #: filled in by apply: the id the entry got
    added_id: str = field(default="", compare=False)
    #: for the undo of a delete: the removed table, put back as it was (comments and all)
    original: Any = field(default=None, compare=False, repr=False)

    def __post_init__(self) -> None:
        self.sections = (self.section,)

    def apply(self, doc: TOMLDocument, used: EntryIds | None = None) -> Change:
        """Add the entry; `used` (the document's ids, kept current by a Batch) saves a scan per entry."""
        end_with_newline(doc)
        items = _section(doc, self.section, create=True)
        assert items is not None
        used = _all_ids(doc) if used is None else used
        new_id = self.id if self.id and self.id not in used else next_free_id(doc, self.section, used)
        fields = {"id": new_id, **{k: v for k, v in self.fields.items() if v is not None and k != "id"}}
        _check_entry(self.section, fields)
        position = len(items) if self.position is None else max(0, min(self.position, len(items)))
        if self.original is not None and {k: _plain(v) for k, v in self.original.items()} == fields:
            table = copy.deepcopy(self.original)  # it carries its own comments and blank lines
        else:
            table = tomlkit.table()
            for key, value in fields.items():
                table[key] = to_toml(value)
            if position < len(items):
                # A blank line before the next entry's [[header]], as people write it; not "fixed", so
                # keys added later go above it, as they do in a parsed table.
                table.add(Whitespace("\n"))
        items.insert(position, table)
        self.added_id = new_id
        self.touched = {new_id}
        return DeleteEntry(self.section, new_id)

    def apply_knowing_ids(self, doc: TOMLDocument, ids: EntryIds) -> Change:
        return self.apply(doc, ids)

    def describe(self) -> str:
        return f"add {self.section} {self.added_id or ''}".strip()


@dataclass
class EntryChange(Change):
    """A change to one entry that is already in the file, named by its section and id."""

    section: str
    id: str
    _guess: int | None = field(default=None, init=False, repr=False, compare=False)
    """Where the entry was when the session was last read, during apply_knowing_ids: checked first."""
    VERB: ClassVar[str] = "change"
    """What the change does, for describe(): "edit", "delete", "move"."""

    def __post_init__(self) -> None:
        self.sections = (self.section,)

    def apply_knowing_ids(self, doc: TOMLDocument, ids: EntryIds) -> Change:
        self._guess = ids.position(self.section, self.id)
        try:
            return self.apply(doc)
        finally:
            self._guess = None

    def _locate(self, doc: TOMLDocument) -> tuple[AoT, int]:
        """The entry's section and its place there; ChangeError if the file has no such entry."""
        end_with_newline(doc)
        return _find(doc, self.section, self.id, self._guess)

    def describe(self) -> str:
        return f"{self.VERB} {self.section} {self.id}"


@dataclass
class UpdateEntry(EntryChange):
    """Change some fields of one entry, keeping its other keys and its comments; None removes a key."""

    fields: dict[str, Any]
    #: for an undo: the items the fields had, put back as the person wrote them
    originals: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)
    VERB: ClassVar[str] = "edit"

    def __post_init__(self) -> None:
        super().__post_init__()
        self.touched = {self.id}

    def apply(self, doc: TOMLDocument) -> Change:
        items, index = self._locate(doc)
        table = items[index]
        old = {key: _plain(table[key]) if key in table else None for key in self.fields}
        originals = {key: copy.deepcopy(table[key]) for key in self.fields if key in table}
        merged = {key: _plain(value) for key, value in table.items()}
        for key, value in self.fields.items():
            if value is None:
                merged.pop(key, None)
            else:
                merged[key] = value
        _check_entry(self.section, merged)
        for key, value in self.fields.items():
            if key == "id":
                raise ChangeError("an entry's id never changes")
            if value is None:
                table.pop(key, None)
            elif key in table and _plain(table[key]) == value:
                continue  # unchanged: leave the person's formatting alone
            elif key not in self.originals and _edit_list_in_place(table.get(key), value):
                continue  # links added or removed: the others keep their comments and layout
            else:
                table[key] = _restored(value, self.originals.get(key))
        return UpdateEntry(self.section, self.id, old, originals)


@dataclass
class DeleteEntry(EntryChange):
    """Remove an entry; links to it from action items are removed too (and restored on undo)."""

    VERB: ClassVar[str] = "delete"

    def __post_init__(self) -> None:
        self.sections = (self.section, "actions")

    def apply(self, doc: TOMLDocument) -> Change:
        items, index = self._locate(doc)
        fields = {key: _plain(value) for key, value in items[index].items()}
        undo: list[Change] = [AddEntry(self.section, fields, id=self.id, position=index, original=items[index])]
        self.touched = {self.id}
        # Only whys and went-wrong entries can be addressed (the session's validator sees to it):
        # deleting anything else skips reading 500 actions' links (~5 ms).
        linked = self.section in LINKABLE_SECTIONS
        for action in (doc.get("actions") or ()) if linked else ():
            links = list(_plain(action.get("addresses", [])))
            if self.id in links:
                addresses = action["addresses"]
                undo.append(
                    UpdateEntry(
                        "actions", str(entry_id(action)), {"addresses": links}, {"addresses": copy.deepcopy(addresses)}
                    )
                )
                self.touched.add(str(entry_id(action)))
                if isinstance(addresses, Array):  # in place: the other links keep their comments
                    for position in reversed([i for i, link in enumerate(links) if link == self.id]):
                        del addresses[position]
                else:
                    action["addresses"] = [link for link in links if link != self.id]
        remove_table(doc, self.section, items, index)
        return Batch(undo)


@dataclass
class MoveEntry(EntryChange):
    """Move an entry to another position in its section."""

    to_index: int
    VERB: ClassVar[str] = "move"

    def apply(self, doc: TOMLDocument) -> Change:
        items, index = self._locate(doc)
        self.touched = set()  # order changes, content does not
        target = max(0, min(self.to_index, len(items) - 1))
        if target != index:
            table = items[index]
            del items[index]
            # Re-insert the same table object so its comments move with it.
            items.insert(target, table)
        return MoveEntry(self.section, self.id, index)


@dataclass
class SetField(Change):
    """Set one key of a top-level table such as [incident] or [meeting]; None removes it."""

    table: str
    key: str
    value: Any
    #: for an undo: the item the key had, put back as the person wrote it
    original: Any = field(default=None, compare=False, repr=False)

    def __post_init__(self) -> None:
        self.sections = (self.table,)

    def apply(self, doc: TOMLDocument) -> Change:
        end_with_newline(doc)
        model = TABLE_MODELS.get(self.table)
        if model is None:
            raise ChangeError(f"unknown table [{self.table}]")
        if self.table not in doc:
            doc.append(self.table, tomlkit.table())
        table = doc[self.table]
        if not isinstance(table, MutableMapping):  # a Table, an inline table, or a table written in parts
            raise ChangeError(f"[{self.table}] in the file is not a table")
        current = {key: _plain(value) for key, value in table.items()}
        old = current.get(self.key)
        if self.value is None:
            current.pop(self.key, None)
        else:
            current[self.key] = self.value
        _check_text(f"[{self.table}] {self.key}", self.value)
        try:
            model.model_validate(current)
        except ValidationError as error:
            raise ChangeError(f"[{self.table}] {self.key}: {error.errors()[0]['msg']}") from None
        original = table.get(self.key)
        if self.value is None:
            table.pop(self.key, None)
        elif old != self.value:
            table[self.key] = _restored(self.value, self.original)
        return SetField(self.table, self.key, old, original)

    def describe(self) -> str:
        return f"set {self.table}.{self.key}"


@dataclass
class Batch(Change):
    """Several changes applied together, undone together."""

    changes: list[Change]

    def __post_init__(self) -> None:
        self.sections = tuple(dict.fromkeys(s for c in self.changes for s in c.sections))

    def apply(self, doc: TOMLDocument) -> Change:
        return self._apply(doc, None)

    def apply_knowing_ids(self, doc: TOMLDocument, ids: EntryIds) -> Change:
        return self._apply(doc, ids)

    def _apply(self, doc: TOMLDocument, used: EntryIds | None) -> Change:
        undo: list[Change] = []
        # A run of adds (a pasted chat log: hundreds) shares one id scan instead of one per entry,
        # which made a 1,000-entry paste take 10 s.
        for change in self.changes:
            if isinstance(change, AddEntry):
                used = _all_ids(doc) if used is None else used
                undo.append(change.apply(doc, used))
                used.add(change.added_id)
            else:
                used = None
                undo.append(change.apply(doc))
        touched = [change.touched for change in self.changes]
        self.touched = None if any(t is None for t in touched) else set().union(*touched)  # type: ignore[arg-type]
        return Batch(list(reversed(undo)))

    def describe(self) -> str:
        return ", ".join(change.describe() for change in self.changes)


class TableModels:
    """The models each entry list of a document was last read as, in order with its tables.

    A rebuild then reads only the tables that are new or named by a change: the others are the
    very objects of the last read (about 5 ms per edit on 2,000 entries to read their ids instead).
    Safe because tables are edited in place only by changes, which name what they edit in
    `touched`; the tables are held here, so their identities are not reused meanwhile.
    """

    def __init__(self) -> None:
        self._read: dict[str, tuple[list[Any], list[Any]]] = {}

    def last(self, section: str) -> tuple[list[Any], list[Any]]:
        """(tables, models) of a section as last read, in the same order; empty if not known."""
        return self._read.get(section, ([], []))

    def remember(self, section: str, tables: list[Any], models: list[Any]) -> None:
        self._read[section] = (tables, models)

    def forget(self, section: str) -> None:
        """The section was read whole (its tables may have changed in place, unnamed): trust nothing."""
        self._read.pop(section, None)

    def position(self, section: str, entry_id: str) -> int | None:
        """Where the entry's table was at the last read (None: not read as such); a guess to check."""
        _, models = self.last(section)
        # From the end, lazily at C speed: the entry changed is most often one just typed.
        found = next(compress(count(), map(eq, map(_ENTRY_ID, reversed(models)), repeat(entry_id))), None)
        return None if found is None else len(models) - 1 - found


def apply_to_session(
    session: Session,
    doc: TOMLDocument,
    sections: tuple[str, ...],
    touched: set[str] | None = None,
    read: TableModels | None = None,
) -> Session:
    """Rebuild only the changed sections of a session from the document, then check the whole.

    In list sections, entries not in `touched` are reused as they are, so an edit costs the
    same in a 2,000-entry session as in a small one; `touched=None` revalidates every entry.
    `read` remembers which model each table was read as, for the next rebuild.
    """
    data: dict[str, Any] = {name: getattr(session, name) for name in Session.model_fields}
    data.update(session.model_extra or {})  # unknown top-level keys stay in the session, as in the file
    for name in sections:
        value = doc.get(name)
        if name in ENTRY_TYPES:
            data[name] = _rebuild_entries(getattr(session, name), value, touched, ENTRY_TYPES[name], name, read)
        else:
            # A list section written without ids ([[attendees]]) is gone from the file when empty.
            empty: Any = [] if isinstance(getattr(session, name, None), list) else {}
            data[name] = _read_like_tomllib(value) if value is not None else empty
    # The sections not rebuilt are the session's own lists: their ids are known already.
    return Session.model_validate(data, context={PREVIOUS: session})


def _read_like_tomllib(value: Any) -> Any:
    """A table's plain values as a fresh read gives them (the session is validated from tomllib).

    The one place the two parsers differ: a multi-line string written with CRLF line breaks
    (a file saved on Windows) reads as LF in tomllib but keeps CR in tomlkit, so after an edit
    the session would hold text a reload does not.
    """
    if not isinstance(value, Table):
        return _plain(value)
    plain = {}
    for key, item in value.items():
        if isinstance(item, String) and item.type.is_multiline() and "\r" in item.as_string():
            plain[key] = tomllib.loads(f"x = {item.as_string()}")["x"]
        else:
            plain[key] = _plain(item)
    return plain


def _rebuild_entries(
    old: list[Any], items: Any, touched: set[str] | None, model: type[Any], section: str, read: TableModels | None
) -> list[Any]:
    if items is None:
        return []
    if touched is None or not isinstance(items, AoT):
        if read is not None:
            read.forget(section)
        return [_read_like_tomllib(table) for table in items] if isinstance(items, AoT) else _plain(items)
    tables = list(items.body)
    last_tables, last_models = read.last(section) if read is not None else ([], [])
    # Around the change the tables are the very objects read last time (found at C speed):
    # only the span between is looked at table by table.
    start, old_stop, new_stop = changed_span(last_tables, tables)
    middle = _read_span(
        tables[start:new_stop],
        zip(last_tables[start:old_stop], last_models[start:old_stop], strict=True),
        old,
        touched,
        model,
    )
    models = [*last_models[:start], *middle, *last_models[old_stop:]]
    # An add names only its own entry, a delete only one that went: neither is elsewhere.
    if touched and not touched <= {entry.id for entry in (*middle, *last_models[start:old_stop])}:
        # An entry edited in place keeps its table: re-read the ones a change names.
        ids = list(map(_ENTRY_ID, models))
        for wanted in touched:
            at = -1
            while (at := _index(ids, wanted, at + 1)) >= 0:
                if not start <= at < new_stop:
                    models[at] = model.model_validate(_read_like_tomllib(tables[at]))
    if read is not None:
        read.remember(section, tables, models)
    return models


_ENTRY_ID = attrgetter("id")


def _index(values: list[str], wanted: str, start: int) -> int:
    try:
        return values.index(wanted, start)
    except ValueError:
        return -1


def _read_span(
    tables: list[Any], last: Iterable[tuple[Any, Any]], old: list[Any], touched: set[str], model: type[Any]
) -> list[Any]:
    """The models of the tables in a changed span: a table read last time (moved) keeps its model,
    an unchanged entry of a table read afresh (a new document) keeps its entry, the rest are read."""
    known = {id(table): (table, cached) for table, cached in last}
    reusable: dict[str, Any] | None = None
    models = []
    for table in tables:
        hit = known.get(id(table))
        cached = hit[1] if hit is not None and hit[0] is table else None
        if cached is None or cached.id in touched:
            found = entry_id(table)
            cached = None
            if found is not None and found not in touched:
                if reusable is None:
                    reusable = {entry.id: entry for entry in old}
                cached = reusable.get(found)
            if cached is None:
                cached = model.model_validate(_read_like_tomllib(table))
        models.append(cached)
    return models


def now_utc() -> dt.datetime:
    """The current time, with an offset (UTC)."""
    return dt.datetime.now(dt.UTC).replace(microsecond=0)
