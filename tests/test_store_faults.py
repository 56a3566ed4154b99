"""Saving when the disk says no: a clear SessionWriteError, every change kept, nothing half-written.

Each fault is injected, the save must fail cleanly (file untouched, no temp file, changes still
pending and visible), and once the fault is gone the same SessionFile saves everything.
"""

from __future__ import annotations

import errno
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest

from pmtui.domain.changes import AddEntry, SetField, UpdateEntry
from pmtui.domain.errors import SessionWriteError
from pmtui.storage.store import SessionFile

NEW_TITLE = "Checkout failed for 38 minutes after a config push"
QUESTION = "Which retry budget did the clients use?"


def edited(path: Path) -> SessionFile:
    """The session at path, open, with three changes not yet on disk."""
    session_file = SessionFile.open(path)
    session_file.submit(SetField("incident", "title", NEW_TITLE))
    session_file.submit(AddEntry("questions", {"text": QUESTION}))
    first = session_file.session.timeline[0].id
    session_file.submit(UpdateEntry("timeline", first, {"source": "https://logs.example.com/q/1"}))
    return session_file


def has_all_changes(session_file_or_path: SessionFile | Path) -> bool:
    session = (
        session_file_or_path.session
        if isinstance(session_file_or_path, SessionFile)
        else SessionFile.open(session_file_or_path).session
    )
    return (
        session.incident.title == NEW_TITLE
        and session.questions[-1].text == QUESTION
        and session.timeline[0].source == "https://logs.example.com/q/1"
    )


def temp_files(folder: Path) -> list[Path]:
    return sorted(folder.glob(".*.tmp"))


def assert_refused_cleanly(session_file: SessionFile, original: bytes, mtime_ns: int, fragment: str) -> None:
    path = session_file.path
    with pytest.raises(SessionWriteError) as caught:
        session_file.save()
    message = str(caught.value)
    assert message.startswith(str(path)) and fragment in message, message
    assert "\n" not in message
    assert session_file.last_error is caught.value
    assert session_file.has_pending, "the changes wait to be saved again"
    assert has_all_changes(session_file), "and are all still in memory"
    assert temp_files(path.parent) == [], "no temp file is left behind"
    assert path.read_bytes() == original, "the file on disk is untouched"
    assert path.stat().st_mtime_ns == mtime_ns


def assert_saves_once_fixed(session_file: SessionFile) -> None:
    assert session_file.save() is True
    assert not session_file.has_pending
    assert session_file.last_error is None
    assert has_all_changes(session_file.path), "every change reached the file"
    assert temp_files(session_file.path.parent) == []


def _raise_enospc(*_: object, **__: object) -> None:
    raise OSError(errno.ENOSPC, "No space left on device")


class _FullDisk:
    """A temp file object whose writes fail as on a full disk."""

    def __init__(self, real: object) -> None:
        self._real = real

    def __enter__(self) -> _FullDisk:
        return self

    def __exit__(self, *exc: object) -> None:
        self._real.close()  # type: ignore[attr-defined]

    def write(self, data: bytes) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    def __getattr__(self, name: str) -> object:
        return getattr(self._real, name)


def _inject_write(monkeypatch: pytest.MonkeyPatch) -> None:
    real_fdopen = os.fdopen
    monkeypatch.setattr(os, "fdopen", lambda *a, **k: _FullDisk(real_fdopen(*a, **k)))


def _inject_fsync(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "fsync", _raise_enospc)


def _inject_mkstemp(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tempfile, "mkstemp", _raise_enospc)


def _inject_replace_eio(monkeypatch: pytest.MonkeyPatch) -> None:
    def eio(*_: object) -> None:
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(os, "replace", eio)


def _inject_folder_not_writable(monkeypatch: pytest.MonkeyPatch) -> None:
    # Root ignores folder permissions: the refusal a user would get from the kernel, simulated.
    def eacces(*_: object, **__: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", eacces)


@pytest.mark.parametrize(
    ("inject", "fragment"),
    [
        (_inject_write, "the disk is full"),
        (_inject_fsync, "the disk is full"),
        (_inject_mkstemp, "the disk is full"),
        (_inject_replace_eio, "cannot be written: Input/output error"),
        (_inject_folder_not_writable, "no permission to write in"),
    ],
    ids=["write-enospc", "fsync-enospc", "mkstemp-enospc", "replace-eio", "folder-eacces"],
)
def test_injected_fault_keeps_every_change(
    inject: Callable[[pytest.MonkeyPatch], None], fragment: str, demo_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    session_file = edited(demo_copy)
    original, mtime = demo_copy.read_bytes(), demo_copy.stat().st_mtime_ns
    with monkeypatch.context() as patch:
        inject(patch)
        assert_refused_cleanly(session_file, original, mtime, fragment)
        assert_refused_cleanly(session_file, original, mtime, fragment)  # a retry fails the same way
    assert_saves_once_fixed(session_file)


def test_read_only_file_is_not_replaced_even_by_root(demo_copy: Path) -> None:
    session_file = edited(demo_copy)
    original, mtime = demo_copy.read_bytes(), demo_copy.stat().st_mtime_ns
    demo_copy.chmod(0o444)
    assert_refused_cleanly(session_file, original, mtime, "read-only; make it writable (chmod u+w)")
    demo_copy.chmod(0o640)
    assert_saves_once_fixed(session_file)
    assert demo_copy.stat().st_mode & 0o777 == 0o640, "the saved file keeps its permissions"


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes in any folder; folder-eacces covers it")
def test_read_only_folder(tmp_path: Path, demo_copy: Path) -> None:
    session_file = edited(demo_copy)
    original, mtime = demo_copy.read_bytes(), demo_copy.stat().st_mtime_ns
    demo_copy.parent.chmod(0o555)
    try:
        assert_refused_cleanly(session_file, original, mtime, "no permission to write in")
    finally:
        demo_copy.parent.chmod(0o755)
    assert_saves_once_fixed(session_file)


def test_folder_deleted_under_a_running_session(tmp_path: Path) -> None:
    folder = tmp_path / "incidents"
    folder.mkdir()
    path = folder / "s.toml"
    shutil.copyfile(Path(__file__).parent.parent / "sample_sessions" / "cert-expiry.toml", path)
    session_file = edited(path)
    shutil.rmtree(folder)
    with pytest.raises(SessionWriteError) as caught:
        session_file.save()
    assert str(caught.value) == f"{path}: the folder {folder} no longer exists; recreate it or save elsewhere"
    assert session_file.has_pending and has_all_changes(session_file)
    folder.mkdir()
    assert_saves_once_fixed(session_file)


def test_file_replaced_by_a_folder(demo_copy: Path) -> None:
    session_file = edited(demo_copy)
    demo_copy.unlink()
    demo_copy.mkdir()
    (demo_copy / "keep.txt").write_text("someone's file", encoding="utf-8")
    with pytest.raises(SessionWriteError) as caught:
        session_file.save()
    assert str(caught.value) == f"{demo_copy}: is now a folder, not a file; move it away or save elsewhere"
    assert session_file.has_pending and has_all_changes(session_file)
    assert (demo_copy / "keep.txt").read_text(encoding="utf-8") == "someone's file"
    assert temp_files(demo_copy.parent) == []
    shutil.rmtree(demo_copy)
    assert_saves_once_fixed(session_file)


def test_save_as_writes_everything_and_leaves_the_original(demo_copy: Path, tmp_path: Path) -> None:
    original = demo_copy.read_bytes()
    session_file = edited(demo_copy)
    target = tmp_path / "elsewhere" / "copy.toml"
    target.parent.mkdir()
    session_file.save_as(target)
    assert session_file.path == target and not session_file.has_pending
    assert has_all_changes(target)
    assert demo_copy.read_bytes() == original
    session_file.submit(SetField("incident", "owner", "Priya Shah"))
    session_file.save()
    assert SessionFile.open(target).session.incident.owner == "Priya Shah"
    assert demo_copy.read_bytes() == original, "later saves go to the new file"


def test_save_as_into_a_missing_folder_keeps_the_changes(demo_copy: Path, tmp_path: Path) -> None:
    original = demo_copy.read_bytes()
    session_file = edited(demo_copy)
    target = tmp_path / "missing" / "copy.toml"
    with pytest.raises(SessionWriteError) as caught:
        session_file.save_as(target)
    assert "no longer exists" in str(caught.value) or "missing" in str(caught.value)
    assert session_file.path == demo_copy and session_file.has_pending and has_all_changes(session_file)
    assert demo_copy.read_bytes() == original
    assert_saves_once_fixed(session_file)


def test_text_that_cannot_be_saved_is_refused_when_typed(demo_copy: Path) -> None:
    # A lone surrogate (a mangled paste) cannot be encoded: accepted, it would fail every save.
    from pmtui.domain.errors import ChangeError

    session_file = SessionFile.open(demo_copy)
    before = session_file.session
    first = before.timeline[0].id
    for change in (
        SetField("incident", "title", "broken \udc80 paste"),
        AddEntry("questions", {"text": "broken \udc80 paste"}),
        UpdateEntry("timeline", first, {"text": "ok", "source": "broken \udc80 paste"}),
    ):
        with pytest.raises(ChangeError, match="invalid characters"):
            session_file.submit(change)
    assert session_file.session == before and not session_file.has_pending
    assert session_file.document_text() == demo_copy.read_text(encoding="utf-8"), "nothing half-applied"


def test_saving_through_a_symlink_updates_its_target(demo_copy: Path, tmp_path: Path) -> None:
    # Replacing the link itself would cut it off: the target (say, in a git checkout) would
    # silently stop receiving notes.
    link = tmp_path / "link.toml"
    link.symlink_to(demo_copy)
    session_file = edited(link)
    session_file.save()
    assert link.is_symlink(), "the link is still a link"
    assert has_all_changes(demo_copy), "the notes reached the real file"
    assert temp_files(tmp_path) == []
    other = SessionFile.open(demo_copy)  # a process that opened the real path shares the lock
    other.submit(SetField("incident", "owner", "Through the target"))
    other.save()
    session_file.submit(SetField("roles", "moderator", "Through the link"))
    session_file.save()
    both = SessionFile.open(demo_copy).session
    assert (both.incident.owner, both.roles.moderator) == ("Through the target", "Through the link")


def test_a_save_that_could_not_be_opened_again_is_refused(demo_copy: Path) -> None:
    from pmtui.storage.parsing import MAX_FILE_BYTES

    session_file = edited(demo_copy)
    original, mtime = demo_copy.read_bytes(), demo_copy.stat().st_mtime_ns
    undo = session_file.submit(SetField("incident", "impact", "x" * (MAX_FILE_BYTES + 1)))
    assert_refused_cleanly(session_file, original, mtime, "undo the last large paste")
    session_file.submit(undo)
    assert_saves_once_fixed(session_file)


def test_a_file_without_a_final_newline_stays_valid_through_edits(tmp_path: Path) -> None:
    # Editors often leave the last newline off; the next [[header]] must not be glued onto it.
    import datetime as dt

    from pmtui.domain.changes import MoveEntry

    path = tmp_path / "no-newline.toml"
    path.write_text(
        'schema_version = 1\n[[timeline]]\nid = "t1"\nat = 2026-11-20T14:02:00Z\ntext = "a"\n\n'
        '[[timeline]]\nid = "t2"\nat = 2026-11-20T14:05:00Z\ntext = "b"  # last line, no newline',
        encoding="utf-8",
    )
    session_file = SessionFile.open(path)
    session_file.submit(MoveEntry("timeline", "t2", 0))
    session_file.submit(AddEntry("whys", {"question": "Why?"}))
    session_file.submit(AddEntry("timeline", {"at": dt.datetime(2026, 11, 20, 14, 9, tzinfo=dt.UTC), "text": "c"}))
    session_file.submit(SetField("incident", "title", "Glued"))
    session_file.save()
    reopened = SessionFile.open(path).session
    assert [e.text for e in reopened.timeline] == ["b", "a", "c"]
    assert reopened.whys[0].question == "Why?" and reopened.incident.title == "Glued"
    assert "# last line, no newline\n" in path.read_text(encoding="utf-8")


def test_invalid_toml_from_a_rendering_bug_is_never_written(demo_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    session_file = edited(demo_copy)
    original, mtime = demo_copy.read_bytes(), demo_copy.stat().st_mtime_ns
    rendered = session_file.document_text()
    with monkeypatch.context() as patch:
        # Stand-in for a tomlkit rendering bug: the document renders as text that does not parse.
        patch.setattr(type(session_file._doc), "as_string", lambda self: rendered + "\n[broken\n")
        assert_refused_cleanly(session_file, original, mtime, "pmtui produced invalid TOML")
    assert_saves_once_fixed(session_file)
