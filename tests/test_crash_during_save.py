"""SIGKILL a writer at random moments, hundreds of times: the file is always a whole, valid session.

A forked writer (cheap: pmtui is already imported) opens the session and loops: add question
"note N+1", drop the oldest beyond 20, save, say so on a pipe. The test kills it 0-30 ms after
its first save, then checks that the file parses, holds notes k..n with no gap, never went
backwards and holds every note the writer said it saved. The next writer's
SessionFile.open (the full tomlkit parse) runs beside the temp files earlier kills left behind.
"""

from __future__ import annotations

import os
import random
import select
import signal
import time
from pathlib import Path
from typing import BinaryIO

from pmtui.domain.changes import AddEntry, Batch, DeleteEntry
from pmtui.domain.template import new_session_text
from pmtui.storage.parsing import load_session_fast
from pmtui.storage.store import SessionFile

KILLS = 210
KEEP = 20


def _writer(path: Path, ready_fd: int) -> None:
    """The child: open (report how it went), then add and save notes until killed."""
    try:
        session_file = SessionFile.open(path)
    except Exception as error:
        os.write(ready_fd, f"open failed: {error}".encode()[:500])
        return
    os.write(ready_fd, b"ready")
    while True:
        notes = [q for q in session_file.session.questions if q.text.startswith("note ")]
        last = _number(notes[-1].text) if notes else 0
        changes = [AddEntry("questions", {"text": f"note {last + 1}"})]
        if len(notes) >= KEEP:
            changes.append(DeleteEntry("questions", notes[0].id))
        session_file.submit(Batch(changes))
        session_file.save()
        os.write(ready_fd, f"saved {last + 1}\n".encode())  # what the file must hold from now on


def _number(text: str) -> int:
    return int(text.removeprefix("note "))


def _notes(path: Path) -> list[int]:
    session = load_session_fast(path)  # raises if the file is not a whole, valid session
    return [_number(q.text) for q in session.questions if q.text.startswith("note ")]


def _start_writer(path: Path) -> tuple[int, str, BinaryIO]:
    """Fork a writer; returns its pid, how its open went, and the pipe it reports its saves on."""
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # child: never return into pytest
        os.close(read_fd)
        try:
            _writer(path, write_fd)
        finally:
            os._exit(0)
    os.close(write_fd)
    reports = os.fdopen(read_fd, "rb")
    # Bounded: a child forked while another thread of the test process held a lock could hang.
    if not select.select([reports], [], [], 10)[0]:
        return pid, "no answer within 10 s", reports
    status = os.read(read_fd, 5).decode(errors="replace")
    if status != "ready":
        status += reports.read().decode(errors="replace")
    return pid, status, reports


def _wait_for_first_save(reports: BinaryIO) -> None:
    """Until the writer has saved once: on a busy machine a child may get no CPU for 30 ms."""
    if not select.select([reports], [], [], 10)[0]:
        raise AssertionError("the writer saved nothing within 10 s")


def _saved(reports: BinaryIO) -> int:
    """The highest note the killed writer said it had saved (the pipe is at its end now)."""
    lines = reports.read().decode().split()
    reports.close()
    return max((int(word) for word in lines if word.isdigit()), default=0)


def test_killed_writer_never_leaves_a_broken_or_partial_file(tmp_path: Path) -> None:
    # A fresh, small session: opening it is quick, so most of the time goes to kills and checks.
    path = tmp_path / "crash.toml"
    path.write_text(new_session_text("Writer killed at random"), encoding="utf-8")
    rng = random.Random(2026)
    started = time.monotonic()
    highest = 0
    kills_mid_save = 0
    for kill in range(KILLS):
        pid, status, reports = _start_writer(path)
        if status != "ready":
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            raise AssertionError(f"kill {kill}: the next writer could not open the file: {status}")
        _wait_for_first_save(reports)
        time.sleep(rng.uniform(0.0, 0.030))  # not a wait: it picks the moment of the kill
        temp_before = set(path.parent.glob(f".{path.name}.*.tmp"))
        os.kill(pid, signal.SIGKILL)
        _, wait_status = os.waitpid(pid, 0)
        assert os.WIFSIGNALED(wait_status), f"kill {kill}: the writer stopped by itself (an exception?)"
        saved = _saved(reports)
        if set(path.parent.glob(f".{path.name}.*.tmp")) - temp_before:
            kills_mid_save += 1  # killed between creating the temp file and renaming it
        notes = _notes(path)
        assert notes == list(range(notes[0], notes[0] + len(notes))) if notes else True, f"gap after kill {kill}"
        assert len(notes) <= KEEP
        current = notes[-1] if notes else 0
        assert current >= highest, f"kill {kill}: the file went back from note {highest} to {current}"
        assert current >= saved, f"kill {kill}: note {saved} was saved, the file holds only up to {current}"
        highest = current
    elapsed = time.monotonic() - started
    assert kills_mid_save >= 2, f"only {kills_mid_save} kills landed inside a save; the test lost its teeth"
    # Left for the report: python -m pytest tests/test_crash_during_save.py -s
    print(f"\n{KILLS} kills in {elapsed:.1f} s, {kills_mid_save} inside a save, {highest} notes written")
    # Whatever the kills left behind, a normal open and save still work.
    session_file = SessionFile.open(path)
    session_file.submit(AddEntry("questions", {"text": f"note {highest + 1}"}))
    assert session_file.save()
    assert _notes(path)[-1] == highest + 1


def test_open_ignores_temp_files_and_removes_only_stale_ones(tmp_path: Path) -> None:
    path = tmp_path / "s [1].toml"  # glob characters in the name must not widen the match
    path.write_text(new_session_text("Temp files"), encoding="utf-8")
    stale = tmp_path / f".{path.name}.k1ll3d00.tmp"
    stale.write_text('schema_version = 1\n[incident]\ntitle = "half', encoding="utf-8")  # a torn write
    fresh = tmp_path / f".{path.name}.s4v1ng00.tmp"
    fresh.write_text("", encoding="utf-8")
    other = tmp_path / ".other.toml.0ld00000.tmp"
    other.write_text("", encoding="utf-8")
    two_minutes_ago = time.time() - 120
    for old in (stale, other):
        os.utime(old, (two_minutes_ago, two_minutes_ago))
    session_file = SessionFile.open(path)
    assert session_file.session.incident.title == "Temp files"
    assert not stale.exists(), "a temp file left by a killed save a while ago is removed"
    assert fresh.exists(), "a temp file a live save may be writing right now is left alone"
    assert other.exists(), "another session's temp files are not ours to remove"
    assert load_session_fast(path).incident.title == "Temp files"
