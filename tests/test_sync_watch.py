"""The watcher sees other processes' and editors' writes within a fraction of a second."""

from __future__ import annotations

import sys
import threading
import time
from pathlib import Path

import pytest

from pmtui.storage import watch
from pmtui.storage.store import atomic_write
from pmtui.storage.watch import FileWatcher

BACKENDS = ["notify", "notify-watchfiles", "poll"]
"""notify: Linux's inotify read directly (elsewhere watchfiles); notify-watchfiles: watchfiles on Linux too."""


def _watch(path: Path, backend: str):  # type: ignore[no-untyped-def]
    seen = threading.Event()
    watcher = FileWatcher(path, seen.set, backend=backend).start()  # watching when start() returns
    return watcher, seen


@pytest.fixture
def without_inotify(monkeypatch: pytest.MonkeyPatch) -> None:
    """As on macOS or Windows, or where inotify_simple is missing: watchfiles does the watching."""

    monkeypatch.setattr(watch, "_linux_notifier", lambda folder: None)


@pytest.mark.parametrize("backend", BACKENDS)
def test_atomic_replace_and_in_place_edit_are_seen_unrelated_files_are_not(
    tmp_path: Path, backend: str, request: pytest.FixtureRequest
) -> None:
    if backend == "notify-watchfiles":
        request.getfixturevalue("without_inotify")
        backend = "notify"
    session = tmp_path / "s.toml"
    session.write_text("a = 1\n")
    watcher, seen = _watch(session, backend)
    try:
        for write in (
            lambda: atomic_write(session, "a = 2\n"),  # how pmtui saves: rename over the file
            lambda: session.write_text("a = 3\n"),  # how some editors save: in place
        ):
            seen.clear()
            write()
            assert seen.wait(1), "change not seen (the 2 s safety check would be too late)"
        seen.clear()
        (tmp_path / "other.toml").write_text("x = 1\n")
        atomic_write(tmp_path / "other.toml", "x = 2\n")
        assert not seen.wait(0.3), "a write to another file woke the watcher"
    finally:
        watcher.stop()
    assert watcher._thread is not None and not watcher._thread.is_alive()


def test_the_systems_notifications_are_used(tmp_path: Path) -> None:
    session = tmp_path / "s.toml"
    session.write_text("a = 1\n")
    watcher = FileWatcher(session, lambda: None)
    try:
        assert watcher.backend == "notify"
        if sys.platform == "linux":  # read directly: nothing wakes the thread but a change
            assert isinstance(watcher._notifier, watch._Inotify)
    finally:
        watcher.stop()


@pytest.mark.usefixtures("without_inotify")
def test_folder_removed_falls_back_to_polling_with_watchfiles_too(tmp_path: Path) -> None:
    test_folder_removed_falls_back_to_polling_without_crashing(tmp_path)


def test_symlinked_session_is_watched_where_saves_land(tmp_path: Path) -> None:
    real_folder = tmp_path / "real"
    real_folder.mkdir()
    real = real_folder / "s.toml"
    real.write_text("a = 1\n")
    link = tmp_path / "link.toml"
    link.symlink_to(real)
    watcher, seen = _watch(link, "auto")
    try:
        atomic_write(real, "a = 2\n")
        assert seen.wait(1)
    finally:
        watcher.stop()


def test_folder_removed_falls_back_to_polling_without_crashing(tmp_path: Path) -> None:
    folder = tmp_path / "gone"
    folder.mkdir()
    session = folder / "s.toml"
    session.write_text("a = 1\n")
    watcher, seen = _watch(session, "auto")
    try:
        session.unlink()
        folder.rmdir()
        time.sleep(0.2)
        folder.mkdir()
        seen.clear()
        session.write_text("a = 2\n")
        assert seen.wait(1), "the poll fallback did not see the file come back"
    finally:
        watcher.stop()
