"""Two real processes edit one session file at once: every change lands, and the file is
valid, comments included, after every single write; killing one side never corrupts it."""

from __future__ import annotations

import multiprocessing
import os
import random
import signal
import threading
import time
import tomllib
from pathlib import Path
from typing import Any

import pytest

from pmtui.domain.errors import SessionReadError
from pmtui.storage.parsing import load_session_fast
from pmtui.storage.roles import claim
from pmtui.storage.store import SessionFile
from tests import sync_driver

pytestmark = pytest.mark.slow

COMMENTS = (
    "# Postmortem — safe to edit by hand",
    "# Times below are from the config-sync audit log and Grafana",
    "# runs the meeting; must not be the notetaker",
    "# The 7 minutes here were spent finding a second approver",
)
FORK = multiprocessing.get_context("fork")


def check_text(text: str, where: str) -> None:
    tomllib.loads(text)
    for comment in COMMENTS:
        assert comment in text, f"{where}: comment lost: {comment}"


class FilePoller(threading.Thread):
    """Reads and validates the file as fast as it can while the others write it."""

    def __init__(self, path: Path) -> None:
        super().__init__(daemon=True)
        self.path, self.stop, self.problems, self.versions = path, threading.Event(), [], set()

    def run(self) -> None:
        while not self.stop.is_set():
            try:
                before = os.stat(self.path)
                version = (before.st_ino, before.st_mtime_ns, before.st_size)
                if version not in self.versions:  # parse each new version once: the writers need the CPU
                    text = self.path.read_text()
                    check_text(text, "poll")
                    load_session_fast(self.path)
                    self.versions.add(version)
            except (AssertionError, tomllib.TOMLDecodeError, SessionReadError, OSError) as problem:
                self.problems.append(f"{type(problem).__name__}: {problem}")
            time.sleep(0.002)


def check_history(folder: Path) -> int:
    writes = sorted((folder / "history").glob("*.toml"))
    for write in writes:
        check_text(write.read_text(), write.name)
    numbers = [int(w.name.split("-")[0]) for w in writes]
    assert len(numbers) == len(set(numbers)), "two writes got the same number: the lock let both in"
    return len(writes)


def expected_timeline(records: list[dict[str, Any]]) -> tuple[dict[str, str], set[str]]:
    alive: dict[str, str] = {}
    deleted: set[str] = set()
    for record in records:
        if record["op"] in ("add", "edit"):
            alive[record["id"]] = record["text"]
        elif record["op"] == "delete":
            alive.pop(record["id"], None)
            deleted.add(record["id"])
    return alive, deleted - set(alive)


def last(records: list[dict[str, Any]], op: str, key: str | None = None) -> Any:
    values = [r["value"] for r in records if r["op"] == op and (key is None or r.get("key") == key)]
    return values[-1] if values else None


def test_two_processes_interleaved_every_change_lands(demo_copy: Path, tmp_path: Path) -> None:
    folder = tmp_path / "run"
    folder.mkdir()
    original_ids = {e.id for e in SessionFile.open(demo_copy).session.timeline}
    poller = FilePoller(demo_copy)
    poller.start()
    notes = FORK.Process(target=sync_driver.notetaker, args=(str(demo_copy), str(folder), 11, 300))
    meeting = FORK.Process(target=sync_driver.moderator, args=(str(demo_copy), str(folder), 22, 250))
    started = time.monotonic()
    notes.start()
    meeting.start()
    notes.join(60)
    meeting.join(60)
    poller.stop.set()
    poller.join()
    assert notes.exitcode == 0 and meeting.exitcode == 0
    assert poller.problems == []
    writes = check_history(folder)
    assert writes >= 250 and len(poller.versions) > 20
    print(f"{writes} writes, {len(poller.versions)} versions polled, {time.monotonic() - started:.1f} s")

    notetaker_log = sync_driver.read_log(folder, "notetaker")
    moderator_log = sync_driver.read_log(folder, "moderator")
    assert [r["granted"] for r in notetaker_log + moderator_log if r["op"] == "lease"] == [True, True]
    session = SessionFile.open(demo_copy).session
    by_id = {e.id: e for e in session.timeline}
    alive, deleted = expected_timeline(notetaker_log)
    for entry_id, text in alive.items():
        assert by_id[entry_id].text == text
    assert not deleted & set(by_id)
    assert set(by_id) == original_ids | set(alive)
    for key in ("phase", "spotlight", "timer_started_at", "timeboxes"):
        wanted = last(moderator_log, "meeting", key)
        got = getattr(session.meeting, key)
        if key == "timer_started_at":
            got = got.isoformat() if got else None
        elif key == "timeboxes":
            got = {phase.value: minutes for phase, minutes in got.items()}
        elif key == "phase":
            got = got.value
        assert got == wanted, key
    action = next(a for a in session.actions if a.id == sync_driver.SHARED_ACTION)
    assert action.owner == last(notetaker_log, "owner")  # different fields of one entry: both kept
    assert action.tracker == last(moderator_log, "tracker")
    # The same field from both sides: the change in the later write wins.
    priorities = [
        (r["seq"], n, r["value"]) for n, r in enumerate(notetaker_log + moderator_log) if r["op"] == "priority"
    ]
    assert action.priority.value == max(priorities)[2]


def test_killing_the_notetaker_mid_write_never_corrupts_and_the_moderator_carries_on(
    demo_copy: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "run"
    folder.mkdir()
    rng = random.Random(5)
    poller = FilePoller(demo_copy)
    poller.start()
    stop = FORK.Event()
    meeting = FORK.Process(target=sync_driver.moderator, args=(str(demo_copy), str(folder), 33, 10**6, stop, 0.03))
    meeting.start()
    kills = 0
    deadline = time.monotonic() + 40  # about 12 s on an idle 2-core machine; the bound is for busy ones
    try:
        while kills < 55 and time.monotonic() < deadline:
            started = FORK.Event()
            victim = FORK.Process(
                target=sync_driver.notetaker, args=(str(demo_copy), str(folder), 100 + kills, 10**6, started)
            )
            victim.start()
            assert started.wait(10), "the notetaker never wrote"
            time.sleep(rng.uniform(0.0, 0.04))  # somewhere in a parse, a write, an fsync or a rename
            os.kill(victim.pid, signal.SIGKILL)
            victim.join()
            kills += 1
            # The kernel dropped its lease with it: the role can be taken again at once.
            again = claim(demo_copy, "notetaker", name="next notetaker")
            assert again.granted, f"kill {kills}: lease still held by {again.holder}"
            again.lease.release()  # type: ignore[union-attr]
    finally:
        stop.set()
        meeting.join(30)
        poller.stop.set()
        poller.join()
    assert kills >= 50
    assert meeting.exitcode == 0
    assert poller.problems == []
    check_history(folder)
    moderator_log = sync_driver.read_log(folder, "moderator")
    assert not [r for r in moderator_log if r["op"] == "save-error"], "a dead notetaker blocked the moderator"
    session = SessionFile.open(demo_copy).session
    assert session.meeting.phase.value == last(moderator_log, "meeting", "phase")
    assert session.meeting.spotlight == last(moderator_log, "meeting", "spotlight")
    action = next(a for a in session.actions if a.id == sync_driver.SHARED_ACTION)
    assert action.tracker == last(moderator_log, "tracker")
    # Notes the killed processes saved are in the file (each victim's log line follows its save).
    saved_notes = [r for r in sync_driver.read_log(folder, "notetaker") if r["op"] == "add" and "seq" in r]
    texts = {e.text for e in session.timeline}
    lost = [r for r in saved_notes if r["text"] not in texts and not _edited_or_deleted(r, folder)]
    assert not lost
    print(f"{kills} kills, {len(list((folder / 'history').glob('*.toml')))} writes, {len(poller.versions)} versions")


def _edited_or_deleted(record: dict[str, Any], folder: Path) -> bool:
    return any(
        r.get("id") == record["id"] and r["op"] in ("edit", "delete")
        for r in sync_driver.read_log(folder, "notetaker")
        if r is not record
    )
