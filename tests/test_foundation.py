"""The session file foundation: samples load, saves are byte-identical, edits keep comments."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import tomlkit

from pmtui.domain.changes import AddEntry, DeleteEntry, MoveEntry, SetField, UpdateEntry
from pmtui.domain.errors import ChangeError
from pmtui.storage.store import SessionFile


def test_sample_loads_and_saves_byte_for_byte(sample_path: Path) -> None:
    session_file = SessionFile.open(sample_path)
    assert session_file.document_text() == sample_path.read_text(encoding="utf-8")
    assert session_file.session.timeline, "a sample session has a timeline"


def test_edit_keeps_comments_and_unknown_keys(tmp_path: Path) -> None:
    path = tmp_path / "s.toml"
    path.write_text(
        '# my header comment\nschema_version = 1\ncustom_top = "kept"\n\n[incident]\ntitle = "x"  # inline\n'
        'team = "payments"\n\n[[timeline]]\nid = "t1"\n# why this matters\nat = 2026-11-20T14:02:00Z\n'
        'text = "p99 rose to 4 s"\nseverity_note = "kept too"\n',
        encoding="utf-8",
    )
    session_file = SessionFile.open(path)
    session_file.submit(UpdateEntry("timeline", "t1", {"text": "p99 rose to 4.1 s"}))
    session_file.submit(SetField("incident", "title", "Checkout errors"))
    session_file.save()
    text = path.read_text(encoding="utf-8")
    for kept in (
        "# my header comment",
        'custom_top = "kept"',
        "# inline",
        'team = "payments"',
        "# why this matters",
        'severity_note = "kept too"',
        'text = "p99 rose to 4.1 s"',
        'title = "Checkout errors"',
    ):
        assert kept in text


def test_add_delete_undo_and_move(demo_copy: Path) -> None:
    session_file = SessionFile.open(demo_copy)
    before = [e.id for e in session_file.session.whys]
    undo_delete = session_file.submit(DeleteEntry("whys", before[0]))
    linked = [a for a in session_file.session.actions if before[0] in a.addresses]
    assert not linked, "links to a deleted why are removed with it"
    session_file.submit(undo_delete)
    assert [e.id for e in session_file.session.whys] == before
    session_file.submit(MoveEntry("whys", before[0], 2))
    assert [e.id for e in session_file.session.whys][2] == before[0]
    added = AddEntry("questions", {"text": "How many retries happened?"})
    session_file.submit(added)
    session_file.save()
    reopened = SessionFile.open(demo_copy)
    assert reopened.session.questions[-1].id == added.added_id
    assert [e.id for e in reopened.session.whys][2] == before[0]


def test_invalid_change_is_refused_and_leaves_the_session_alone(demo_copy: Path) -> None:
    session_file = SessionFile.open(demo_copy)
    before = session_file.session
    with pytest.raises(ChangeError):
        session_file.submit(UpdateEntry("timeline", before.timeline[0].id, {"kind": "alrt"}))
    with pytest.raises(ChangeError):
        session_file.submit(AddEntry("timeline", {"at": dt.datetime(2026, 11, 20, 14, 0), "text": "naive"}))
    assert session_file.session == before
    assert not session_file.has_pending


def test_incremental_session_matches_a_full_reload(demo_copy: Path) -> None:
    """Edits rebuild only the entries they touch; the result must equal reading the file afresh."""
    session_file = SessionFile.open(demo_copy)
    whys = [e.id for e in session_file.session.whys]
    actions = [e.id for e in session_file.session.actions]
    session_file.submit(AddEntry("timeline", {"at": dt.datetime(2026, 11, 20, 15, 0, tzinfo=dt.UTC), "text": "5 pods"}))
    session_file.submit(UpdateEntry("actions", actions[0], {"owner": "Lee Chen", "addresses": [whys[1]]}))
    session_file.submit(DeleteEntry("whys", whys[1]))
    session_file.submit(MoveEntry("actions", actions[0], 3))
    session_file.submit(SetField("meeting", "phase", "actions"))
    session_file.save()
    assert session_file.session == SessionFile.open(demo_copy).session


def test_new_ids_follow_the_highest_so_a_deleted_id_is_not_reused(demo_copy: Path) -> None:
    session_file = SessionFile.open(demo_copy)
    first = session_file.session.questions[0].id
    highest = max(int(q.id[1:]) for q in session_file.session.questions)
    session_file.submit(DeleteEntry("questions", first))
    added = AddEntry("questions", {"text": "Which dashboards showed the pool size?"})
    session_file.submit(added)
    assert added.added_id != first
    assert added.added_id == f"q{highest + 1}"


def test_lazy_open_reads_fast_and_parses_the_document_on_first_edit(demo_copy: Path) -> None:
    eager = SessionFile.open(demo_copy)
    lazy = SessionFile.open(demo_copy, lazy=True)
    assert lazy.session == eager.session
    lazy.submit(SetField("meeting", "phase", "whys"))
    lazy.save()
    text = demo_copy.read_text(encoding="utf-8")
    assert 'phase = "whys"' in text
    assert "# Postmortem" in text, "comments survive an edit made after a lazy open"


def test_editing_never_waits_for_a_save_that_waits_for_the_lock(demo_copy: Path) -> None:
    """The notetaker keeps typing while another process holds the file lock (its save is slow)."""
    import threading

    from pmtui.storage.store import file_lock

    session_file = SessionFile.open(demo_copy)
    session_file.submit(SetField("meeting", "phase", "whys"))
    outcome: list[object] = []

    def save() -> None:
        try:
            outcome.append(session_file.save())
        except Exception as error:  # a save that timed out waiting for the lock
            outcome.append(error)

    with file_lock(demo_copy):  # another writer is in the middle of its save
        saver = threading.Thread(target=save)
        saver.start()
        saver.join(0.2)
        assert saver.is_alive(), "the save waits for the lock"
        session_file.submit(SetField("meeting", "phase", "actions"))  # must not wait for the save
        assert session_file.session.meeting.phase == "actions"
    saver.join(10)
    assert outcome == [True], "the save went through once the other writer let go"
    session_file.save()
    assert 'phase = "actions"' in demo_copy.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "text",
    [
        '[incident]\ntitle = "x"\n',
        'incident = { title = "x" }\n',
        '[incident]\ntitle = "x"\n\n[roles]\nmoderator = "Ana"\n\n[incident.extra]\nnote = "kept"\n',
    ],
    ids=["table", "inline-table", "table-in-parts"],
)
def test_set_field_edits_every_shape_of_table_and_undoes(text: str) -> None:
    doc = tomlkit.parse(text)
    undo = SetField("incident", "title", "Checkout errors").apply(doc)
    assert doc["incident"]["title"] == "Checkout errors"
    undo.apply(doc)
    assert tomlkit.dumps(doc) == text


def test_set_field_on_a_value_that_is_not_a_table_is_refused() -> None:
    doc = tomlkit.parse('incident = "not a table"\n')
    with pytest.raises(ChangeError, match="not a table"):
        SetField("incident", "title", "Checkout errors").apply(doc)
