"""Edits of a long session: what the screens are given is always what the file reads as afresh.

An edit re-reads only the entries it names and carries the highest id number over from the edit
before (pmtui/domain/changes.py: TableModels, EntryIds). A slip there would show a stale entry
or hand out an id already in use, so every step below is checked against a fresh read.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from pmtui.domain.changes import (
    AddEntry,
    Batch,
    Change,
    DeleteEntry,
    EntryIds,
    MoveEntry,
    TableModels,
    UpdateEntry,
    apply_to_session,
)
from pmtui.storage.parsing import load_text
from pmtui.storage.store import SessionFile
from tests.test_properties import SETTINGS, scratch_folder

START = dt.datetime(2026, 11, 20, 14, 0, tzinfo=dt.UTC)


def long_session(entries: int = 40) -> str:
    lines = ["schema_version = 1", "", "[incident]", 'title = "Checkout errors"', ""]
    for n in range(1, entries + 1):
        at = (START + dt.timedelta(minutes=n)).isoformat()
        lines += ["[[timeline]]", f'id = "t{n}"', f"at = {at}", f'text = "step {n}"  # as typed', ""]
    lines += ["[[whys]]", 'id = "y1"', 'question = "Why?"', 'answer = "Because."', ""]
    return "\n".join(lines)


def _timeline_numbers(session: Any) -> list[int]:
    ids = [entry.id for _, entry in session.iter_entries()]
    return [int(i[1:]) for i in ids if i.startswith("t") and i[1:].isdigit()]


step = st.one_of(
    st.tuples(st.just("add"), st.integers(0, 60) | st.none()),
    st.tuples(st.just("add-as"), st.sampled_from(["t3", "t77", "t1000", "note"])),
    st.tuples(st.just("delete"), st.integers(0, 10_000)),
    st.tuples(st.just("delete-last"), st.just(0)),
    st.tuples(st.just("move"), st.tuples(st.integers(0, 10_000), st.integers(0, 60))),
    st.tuples(st.just("edit"), st.integers(0, 10_000)),
    st.tuples(st.just("paste"), st.integers(1, 4)),
    st.tuples(st.just("undo"), st.just(0)),
)


@SETTINGS
@given(st.lists(step, min_size=1, max_size=20))
@example([("delete-last", 0), ("add", None)])  # the highest number is gone: the next add works it out again
@example([("add-as", "t1000"), ("edit", 7), ("add", 3)])  # an id past the highest, then an edit in place
def test_every_edit_leaves_the_session_as_the_file_reads(steps: list[tuple[str, Any]]) -> None:
    with scratch_folder() as folder:
        path = folder / "long.toml"
        path.write_text(long_session(), encoding="utf-8")
        session_file = SessionFile.open(path)
        undos: list[Change] = []
        for n, (kind, arg) in enumerate(steps):
            ids = [e.id for e in session_file.session.timeline]
            fields = {"at": START + dt.timedelta(seconds=n), "text": f"typed {n}"}
            highest = max(_timeline_numbers(session_file.session), default=0)
            change: Change
            if kind == "add":
                change = AddEntry("timeline", fields, position=arg)
            elif kind == "add-as":
                change = AddEntry("timeline", fields, id=arg)
            elif kind == "paste":
                change = Batch([AddEntry("timeline", {**fields, "text": f"pasted {k}"}) for k in range(arg)])
            elif kind == "undo":
                if not undos:
                    continue
                change = undos.pop()
            elif not ids:
                continue
            elif kind == "delete":
                change = DeleteEntry("timeline", ids[arg % len(ids)])
            elif kind == "delete-last":
                change = DeleteEntry("timeline", max(ids, key=lambda i: int(i[1:]) if i[1:].isdigit() else 0))
            elif kind == "move":
                change = MoveEntry("timeline", ids[arg[0] % len(ids)], arg[1] % len(ids))
            else:
                change = UpdateEntry("timeline", ids[arg % len(ids)], {"text": f"edited {n}"})
            undo = session_file.submit(change)
            if kind != "undo":
                undos.append(undo)

            _, fresh = load_text(session_file.document_text(), path)
            assert session_file.session == fresh, f"after {kind} {arg}"
            # The ids are carried over from the session before (model.Session._ids_after): a slip
            # would hand out an id in use, or refuse one that is free.
            assert session_file.session.entry_ids() == fresh.entry_ids(), f"after {kind} {arg}"
            if kind == "add":
                # One past the highest number in use, worked out afresh here.
                assert isinstance(change, AddEntry) and change.added_id == f"t{highest + 1}"
        session_file.save()
        assert SessionFile.open(path).session == session_file.session


def test_after_another_terminal_inserts_entries_an_edit_still_lands_on_its_entry() -> None:
    """The store guesses where an entry's table is from its last read; the other terminal's
    inserts move every table down, and the edit must still change t30, not what took its place."""
    with scratch_folder() as folder:
        path = folder / "long.toml"
        path.write_text(long_session(), encoding="utf-8")
        mine, theirs = SessionFile.open(path), SessionFile.open(path)
        mine.submit(UpdateEntry("timeline", "t30", {"text": "read once"}))  # the store has read the section
        mine.save()
        theirs.reload_if_changed()
        for n in range(3):
            theirs.submit(
                AddEntry("timeline", {"at": START - dt.timedelta(minutes=n + 1), "text": f"earlier {n}"}, position=0)
            )
        theirs.save()
        assert mine.reload_if_changed()

        mine.submit(UpdateEntry("timeline", "t30", {"text": "edited after their inserts"}))
        mine.submit(DeleteEntry("timeline", "t31"))
        mine.save()

        texts = {entry.id: entry.text for entry in SessionFile.open(path).session.timeline}
        assert texts["t30"] == "edited after their inserts"
        assert "t31" not in texts and texts["t29"] == "step 29" and texts["t32"] == "step 32"
        assert sum(text.startswith("earlier") for text in texts.values()) == 3


def test_a_wrong_guess_of_where_an_entry_is_never_edits_another() -> None:
    """Whoever gives a position guess may be out of date (the file changed since): it is checked."""
    doc, _ = load_text(long_session(), Path("long.toml"))
    everything_at_the_top = EntryIds(set(), positions=lambda section, entry_id: 0)
    UpdateEntry("timeline", "t30", {"text": "edited"}).apply_knowing_ids(doc, everything_at_the_top)
    DeleteEntry("timeline", "t31").apply_knowing_ids(doc, everything_at_the_top)
    texts = {str(table["id"]): str(table["text"]) for table in doc["timeline"]}
    assert texts["t1"] == "step 1" and texts["t30"] == "edited" and "t31" not in texts


def test_an_id_used_twice_after_an_edit_is_refused_and_named() -> None:
    """The ids of the entries an edit did not touch are carried over; one that comes in with the
    edit and is already used elsewhere (here by the timeline) is still caught, and named."""
    doc, session = load_text(long_session(), Path("long.toml"))
    doc["whys"][0]["id"] = "t3"
    with pytest.raises(ValueError, match='id "t3" is used twice \\(timeline and whys\\)'):
        apply_to_session(session, doc, ("whys",), touched={"t3"})
    doc["whys"][0]["id"] = "y9"
    assert "y9" in apply_to_session(session, doc, ("whys",), touched={"y9"}).entry_ids()


def test_the_position_guess_is_where_the_entry_was_read() -> None:
    """The guess saves a scan of the document's tables; a wrong one is checked, but costs the scan."""
    doc, session = load_text(long_session(5), Path("long.toml"))
    read = TableModels()
    read.remember("timeline", list(doc["timeline"].body), list(session.timeline))
    assert [read.position("timeline", f"t{n}") for n in (1, 3, 5)] == [0, 2, 4]
    assert read.position("timeline", "t9") is None and read.position("whys", "y1") is None
