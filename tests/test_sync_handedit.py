"""Someone edits the session file by hand while pmtui has it open: valid edits show up, a broken
file is never written over, and changes made meanwhile all land once it is valid again."""

from __future__ import annotations

from pathlib import Path

import pytest

from pmtui.domain.changes import AddEntry, SetField, UpdateEntry
from pmtui.domain.errors import SessionReadError
from pmtui.storage.store import SessionFile

TITLE = 'title = "Checkout returned errors for 38 minutes"'


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


def test_a_valid_hand_edit_shows_up_and_keeps_comments(demo_copy: Path) -> None:
    sf = SessionFile.open(demo_copy)
    _edit(demo_copy, TITLE, 'title = "Checkout errors for 38 minutes"  # shortened by hand')
    assert sf.reload_if_changed() is True
    assert sf.session.incident.title == "Checkout errors for 38 minutes"
    assert sf.reload_if_changed() is False  # nothing new
    sf.submit(UpdateEntry("timeline", "t1", {"author": "Lee"}))
    sf.save()
    text = demo_copy.read_text()
    assert "# shortened by hand" in text and "# Times below are from the config-sync audit log" in text
    assert 'author = "Lee"' in text


def test_broken_edit_keeps_last_good_state_is_never_written_over_and_nothing_is_lost(demo_copy: Path) -> None:
    sf = SessionFile.open(demo_copy)
    moderator = SessionFile.open(demo_copy)
    _edit(demo_copy, 'kind = "action"', 'kind = "acton"')  # a typo in t1's kind
    broken = demo_copy.read_bytes()
    with pytest.raises(SessionReadError) as caught:
        sf.reload_if_changed()
    message = str(caught.value)
    assert "timeline t1" in message and "acton" in message and f"{demo_copy}:" in message
    assert caught.value.line is not None
    assert sf.session.timeline[0].kind.value == "action"  # the last good state stays

    # Both screens go on working in memory; neither writes over the broken file.
    sf.submit(AddEntry("timeline", {"at": "2026-11-20T14:50:00Z", "text": "written while broken"}))
    moderator.submit(SetField("meeting", "phase", "timeline"))
    for side in (sf, moderator):
        with pytest.raises(SessionReadError):
            side.save()
        assert side.has_pending
    assert demo_copy.read_bytes() == broken

    # The person fixes the typo (and changes something else meanwhile): everything lands.
    _edit(demo_copy, 'kind = "acton"', 'kind = "action"')
    _edit(demo_copy, TITLE, 'title = "Checkout failed"')
    assert sf.reload_if_changed() is True  # pending changes are saved on top of the fixed file
    assert moderator.reload_if_changed() is True
    final = SessionFile.open(demo_copy).session
    assert final.incident.title == "Checkout failed"
    assert final.meeting.phase.value == "timeline"
    assert any(e.text == "written while broken" for e in final.timeline)
    assert not sf.has_pending and not moderator.has_pending


def test_another_writers_change_is_followed_without_a_full_parse(
    demo_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Only the blocks another writer changed are parsed again; the result is the same as a full read."""
    sf = SessionFile.open(demo_copy)
    other = SessionFile.open(demo_copy)
    other.submit(SetField("meeting", "spotlight", "t2"))
    other.submit(UpdateEntry("timeline", "t3", {"text": "edited elsewhere"}))
    other.submit(AddEntry("whys", {"question": "Why else?"}))
    other.save()
    import pmtui.storage.store as store

    def no_full_parse(path: Path):  # type: ignore[no-untyped-def]
        raise AssertionError("parsed the whole file")

    monkeypatch.setattr(store, "load_path", no_full_parse)
    monkeypatch.setattr(store, "load_session_fast", no_full_parse)
    assert sf.reload_if_changed()
    sf.submit(UpdateEntry("timeline", "t1", {"author": "Lee"}))  # the document is fresh: no parse here either
    sf.save()
    monkeypatch.undo()
    fresh = SessionFile.open(demo_copy)
    assert sf.session == fresh.session
    assert sf.document_text() == fresh.document_text() == demo_copy.read_text()
    assert fresh.session.meeting.spotlight == "t2" and fresh.session.timeline[0].author == "Lee"


def test_stale_document_is_never_written_back(demo_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The fast re-read took another writer's change; if the full parse then fails, saving must
    rebase (or refuse), not write the older document with that change missing."""
    import pmtui.storage.store as store

    monkeypatch.setattr(store, "resync", lambda *args: None)  # as for a file resync cannot follow
    sf = SessionFile.open(demo_copy)
    other = SessionFile.open(demo_copy)
    other.submit(SetField("meeting", "spotlight", "t1"))
    other.save()
    assert sf.reload_if_changed()
    real = store.load_path
    calls = {"n": 0}

    def flaky(path: Path):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        if calls["n"] == 1:
            raise SessionReadError(path, "simulated transient read failure")
        return real(path)

    monkeypatch.setattr(store, "load_path", flaky)
    sf.submit(UpdateEntry("timeline", "t1", {"author": "Lee"}))
    sf.save()
    monkeypatch.undo()
    final = SessionFile.open(demo_copy).session
    assert final.meeting.spotlight == "t1"
    assert final.timeline[0].author == "Lee"
