"""The suite leaves the user's home alone: HOME and the XDG folders are temporary for every test."""

from __future__ import annotations

import datetime as dt
import os
import sys
import tempfile
from pathlib import Path

from pmtui.storage.recent import load_recent, recent_file
from pmtui.ui.app import PmtuiApp

CLOCK = dt.datetime(2026, 11, 23, 15, 5, tzinfo=dt.UTC)
WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_TRUNC

_recording: list[list[str]] = []
"""While a list sits here, the audit hook below appends every path written to it."""


def _audit(event: str, args: tuple) -> None:  # type: ignore[type-arg]
    if not _recording:
        return
    paths: list[object] = []
    if event == "open" and len(args) >= 3:
        path, mode, flags = args[0], args[1], args[2]
        writing = any(c in str(mode or "") for c in "wax+") or bool((flags or 0) & WRITE_FLAGS)
        if writing:
            paths.append(path)
    elif event in ("os.rename", "os.replace", "os.link", "os.symlink"):
        paths.extend(args[:2])
    elif event in ("os.mkdir", "os.remove", "os.rmdir", "os.truncate", "os.chmod", "os.utime"):
        paths.append(args[0])
    for path in paths:
        if isinstance(path, str | bytes | os.PathLike):
            _recording[-1].append(os.fsdecode(path))


sys.addaudithook(_audit)  # audit hooks cannot be removed; it records only while a test asks it to


def test_the_suite_runs_with_a_temporary_home(test_home: Path) -> None:
    assert Path(os.environ["HOME"]).resolve() == test_home
    assert Path.home().resolve() == test_home
    assert Path(tempfile.gettempdir()).resolve() in test_home.parents
    assert recent_file().resolve().is_relative_to(test_home)


async def test_running_the_app_writes_only_in_its_temporary_folders(
    demo_copy: Path, tmp_path: Path, test_home: Path
) -> None:
    written: list[str] = []
    app = PmtuiApp(demo_copy, "moderator", clock=lambda: CLOCK)
    _recording.append(written)
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            await pilot.press("space", "n")  # timer and phase: the session file is written
            for _ in range(50):
                await app.workers.wait_for_complete()
                await pilot.pause()
                if not app.session_file.has_pending and not app._save_running:
                    break
            await pilot.press("ctrl+q")
    finally:
        _recording.remove(written)
    assert written, "the audit hook saw no write: the test would prove nothing"
    assert any(Path(p).resolve() == demo_copy.resolve() for p in written)
    outside = sorted(
        {
            p
            for p in written
            if p != os.devnull  # the headless driver's output goes there
            and not Path(p).resolve().is_relative_to(tmp_path.resolve())
            and not Path(p).resolve().is_relative_to(test_home)
        }
    )
    assert outside == []
    # The recent list the app wrote is the suite's, not the user's.
    assert demo_copy.resolve() in [p.resolve() for p in load_recent()]
    assert recent_file().resolve().is_relative_to(test_home)
