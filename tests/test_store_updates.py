"""Immutable sessions and what the store says changed: the sections, and who changed them."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from pmtui.domain.changes import AddEntry, DeleteEntry, SetField, UpdateEntry
from pmtui.resources import DEMO_SESSION
from pmtui.storage import store
from pmtui.storage.parsing import load_session_fast
from pmtui.storage.store import SessionFile
from pmtui.storage.updates import Origin


def test_models_are_frozen_a_change_makes_a_new_object() -> None:
    session = load_session_fast(DEMO_SESSION)
    with pytest.raises(ValidationError, match="frozen"):
        session.incident.title = "changed in place"  # type: ignore[misc]
    with pytest.raises(ValidationError, match="frozen"):
        session.timeline[0].text = "changed in place"  # type: ignore[misc]
    with pytest.raises(ValidationError, match="frozen"):
        session.meeting = session.meeting  # type: ignore[misc]
    renamed = session.incident.model_copy(update={"title": "a new object"})
    assert renamed.title == "a new object" and session.incident.title != "a new object"


# ----------------------------------------------------------------- what the store says changed

TITLE = 'title = "Checkout returned errors for 38 minutes"'


def _edit_by_hand(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


def test_a_local_edit_of_the_timeline_changes_the_timeline_only(demo_copy: Path) -> None:
    sf = SessionFile.open(demo_copy)
    sf.submit(UpdateEntry("timeline", "t1", {"text": "edited here"}))
    update = sf.take_update()
    assert update is not None
    assert update.changed == {"timeline"} and update.origin is Origin.LOCAL
    assert update.session == sf.session and update.session.timeline[0].text == "edited here"
    assert sf.take_update() is None, "each change is reported once"


def test_changed_is_what_differs_not_what_a_change_might_touch(demo_copy: Path) -> None:
    sf = SessionFile.open(demo_copy)
    delete = DeleteEntry("timeline", "t3")
    assert "actions" in delete.sections  # a delete may remove links from actions; none point at t3
    sf.submit(delete)
    update = sf.take_update()
    assert update is not None and update.changed == {"timeline"}

    undo = sf.submit(SetField("meeting", "phase", "whys"))
    sf.submit(undo)  # back where it was before anyone was told
    assert sf.take_update() is None


def test_another_pmtui_process_is_told_apart_from_an_editor(demo_copy: Path) -> None:
    sf = SessionFile.open(demo_copy)
    other = SessionFile.open(demo_copy)
    other.submit(SetField("meeting", "phase", "timeline"))
    other.save()
    assert sf.reload_if_changed()
    update = sf.take_update()
    assert update is not None
    assert update.changed == {"meeting"} and update.origin is Origin.OTHER_TERMINAL

    _edit_by_hand(demo_copy, TITLE, 'title = "Checkout failed"')
    assert sf.reload_if_changed()
    update = sf.take_update()
    assert update is not None
    assert update.changed == {"incident"} and update.origin is Origin.DISK


def test_a_full_reread_reports_only_the_sections_that_differ(demo_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    sf = SessionFile.open(demo_copy)
    monkeypatch.setattr(store, "resync", lambda *args: None)  # as for a file resync cannot follow
    _edit_by_hand(demo_copy, TITLE, 'title = "Checkout failed"')
    assert sf.reload_if_changed()
    update = sf.take_update()
    assert update is not None
    # Every entry is a new object after a full read; only the incident has other content.
    assert update.changed == {"incident"} and update.origin is Origin.DISK


def test_a_save_that_rebases_reports_the_other_terminals_sections(demo_copy: Path) -> None:
    sf = SessionFile.open(demo_copy)
    other = SessionFile.open(demo_copy)
    sf.submit(AddEntry("timeline", {"at": "2026-11-20T14:50:00Z", "text": "typed here"}))
    assert sf.take_update() is not None  # the screens were told at once
    other.submit(SetField("meeting", "spotlight", "t2"))
    other.save()
    assert sf.save()  # rebased on the other terminal's write
    update = sf.take_update()
    assert update is not None
    assert update.changed == {"meeting"} and update.origin is Origin.OTHER_TERMINAL
    assert update.session.timeline[-1].text == "typed here" and update.session.meeting.spotlight == "t2"


def test_the_whole_session_once_then_what_changes(demo_copy: Path) -> None:
    sf = SessionFile.open(demo_copy, lazy=True)
    first = sf.take_whole_session()
    assert {"incident", "meeting", "timeline", "actions", "attendees"} <= first.changed
    assert first.origin is Origin.DISK
    sf.load_document()  # the comment-keeping parse: new objects, the same content
    assert sf.take_update() is None


def test_parsing_the_document_of_the_version_shown_is_no_change(demo_copy: Path) -> None:
    """The app opens with the fast reader and parses the comment-keeping document later: the same
    file is not a disk change, so this terminal's next edit is still reported as its own."""
    sf = SessionFile.open(demo_copy, lazy=True)
    sf.take_whole_session()
    sf.load_document()  # in a worker; the screens take no update in between
    sf.submit(AddEntry("timeline", {"at": "2026-11-20T14:50:00Z", "text": "typed here"}))
    update = sf.take_update()
    assert update is not None and update.changed == {"timeline"} and update.origin is Origin.LOCAL


def test_parsing_the_document_after_an_editor_wrote_reports_the_disk(demo_copy: Path) -> None:
    sf = SessionFile.open(demo_copy, lazy=True)
    sf.take_whole_session()
    _edit_by_hand(demo_copy, TITLE, 'title = "Renamed in vim"')
    sf.load_document()
    update = sf.take_update()
    assert update is not None and update.changed == {"incident"} and update.origin is Origin.DISK
