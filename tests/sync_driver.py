"""Drivers for the multi-process sync tests: a notetaker and a moderator editing one session file.

Each runs in its own process (multiprocessing, fork) through SessionFile, like the app does,
and logs what it did as JSON lines so the test can check that every change is in the file.
Every write is numbered under the session's write lock and its text kept in a history folder,
which gives the order of writes (for last-writer-wins) and lets the test parse each one.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import time
from pathlib import Path
from typing import Any

import pmtui.storage.store as store
from pmtui.domain.changes import AddEntry, DeleteEntry, MoveEntry, SetField, UpdateEntry
from pmtui.domain.errors import ChangeError, SessionError
from pmtui.domain.model import Phase
from pmtui.storage.roles import claim

SHARED_ACTION = "a1"
"""The entry both sides edit: owner (notetaker), tracker (moderator), priority (both: last writer wins)."""

_last_seq = {"value": 0}


def record_writes(folder: Path) -> None:
    """Number every write of this process (under the session lock) and keep its text."""
    original = store.atomic_write
    history = folder / "history"
    history.mkdir(exist_ok=True)
    counter = folder / "seq"

    def recording_write(path: Path, text: str, **options: Any) -> None:
        original(path, text, **options)
        # Still under the session's write lock: the numbers give the true order of writes.
        fd = os.open(counter, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            raw = os.pread(fd, 32, 0).strip()
            seq = int(raw or 0) + 1
            os.pwrite(fd, f"{seq:<31d}\n".encode(), 0)
        finally:
            os.close(fd)
        # Renamed into place: a process killed while copying must not leave half a copy to check.
        copy = history / f"{seq:06d}-{os.getpid()}.toml"
        copy.with_suffix(".part").write_text(text)
        os.replace(copy.with_suffix(".part"), copy)
        _last_seq["value"] = seq

    store.atomic_write = recording_write  # type: ignore[assignment]


class Log:
    def __init__(self, path: Path) -> None:
        self.out = path.open("a", buffering=1)

    def write(self, **record: Any) -> None:
        self.out.write(json.dumps(record) + "\n")


def _save(sf: store.SessionFile, log: Log) -> int:
    """Save until it works (a lock held too long raises; the changes stay pending); the write's number."""
    for _attempt in range(50):
        try:
            if sf.save():
                return _last_seq["value"]
            return 0
        except SessionError as error:
            log.write(op="save-error", error=str(error))
            time.sleep(0.01)
    raise RuntimeError("could not save for 50 attempts")


def notetaker(path: str, folder: str, seed: int, count: int, started: Any = None) -> None:
    """Content: add, edit, delete and move timeline entries; edit the shared action."""
    rng = random.Random(seed)
    log = Log(Path(folder) / f"notetaker-{os.getpid()}.jsonl")
    record_writes(Path(folder))
    lease = claim(path, "notetaker", name=f"notetaker {seed}")
    log.write(op="lease", granted=lease.granted)
    sf = store.SessionFile.open(path)
    mine: list[str] = []
    for i in range(count):
        roll = rng.random()
        try:
            if roll < 0.4 or not mine:
                change: Any = AddEntry("timeline", {"at": f"2026-11-20T15:{i % 60:02d}:00Z", "text": f"n{seed}-{i}"})
                sf.submit(change)
                mine.append(change.added_id)
                record = {"op": "add", "id": change.added_id, "text": f"n{seed}-{i}"}
            elif roll < 0.6:
                entry = rng.choice(mine)
                text = f"n{seed}-{i} edited"
                sf.submit(UpdateEntry("timeline", entry, {"text": text, "kind": "realization"}))
                record = {"op": "edit", "id": entry, "text": text}
            elif roll < 0.7:
                entry = mine.pop(rng.randrange(len(mine)))
                sf.submit(DeleteEntry("timeline", entry))
                record = {"op": "delete", "id": entry}
            elif roll < 0.8:
                entry = rng.choice(mine)
                sf.submit(MoveEntry("timeline", entry, rng.randrange(40)))
                record = {"op": "move", "id": entry}
            elif roll < 0.9:
                owner = f"Owner {seed}-{i}"
                sf.submit(UpdateEntry("actions", SHARED_ACTION, {"owner": owner}))
                record = {"op": "owner", "value": owner}
            else:
                priority = rng.choice(["P1", "P2", "P3"])
                sf.submit(UpdateEntry("actions", SHARED_ACTION, {"priority": priority}))
                record = {"op": "priority", "value": priority}
        except ChangeError as error:
            log.write(op="refused", error=str(error))
            continue
        # Logged before saving: a process killed right after its write must not hide a change.
        log.write(**record)
        if rng.random() < 0.7 or i == count - 1:  # sometimes two changes go out in one write
            log.write(op="saved", seq=_save(sf, log))
        if started is not None and i == 0:
            started.set()
    log.write(op="saved", seq=_save(sf, log))


def moderator(path: str, folder: str, seed: int, count: int, stop: Any = None, pause: float = 0.0) -> None:
    """Meeting state: phase, timer, spotlight, timeboxes; the shared action's tracker and priority."""
    rng = random.Random(seed)
    log = Log(Path(folder) / f"moderator-{os.getpid()}.jsonl")
    record_writes(Path(folder))
    lease = claim(path, "moderator", name=f"moderator {seed}")
    log.write(op="lease", granted=lease.granted)
    sf = store.SessionFile.open(path)
    phases = [p.value for p in Phase]
    i = 0
    while i < count and not (stop is not None and stop.is_set()):
        roll = rng.random()
        record: dict[str, Any]
        if roll < 0.3:
            value: Any = rng.choice(phases)
            change: Any = SetField("meeting", "phase", value)
            record = {"op": "meeting", "key": "phase", "value": value}
        elif roll < 0.45:
            value = rng.choice([None, f"2026-11-23T15:{i % 60:02d}:00+00:00"])
            started_at = dt.datetime.fromisoformat(value) if value else None
            change = SetField("meeting", "timer_started_at", started_at)
            record = {"op": "meeting", "key": "timer_started_at", "value": value}
        elif roll < 0.6:
            value = rng.choice(["", "t1", "t2", "y1", f"t{i % 50}"])
            change = SetField("meeting", "spotlight", value)
            record = {"op": "meeting", "key": "spotlight", "value": value}
        elif roll < 0.75:
            value = {rng.choice(phases): float(rng.randint(2, 15))}
            change = SetField("meeting", "timeboxes", value)
            record = {"op": "meeting", "key": "timeboxes", "value": value}
        elif roll < 0.9:
            value = f"PLAT-{seed}-{i}"
            change = UpdateEntry("actions", SHARED_ACTION, {"tracker": value})
            record = {"op": "tracker", "value": value}
        else:
            value = rng.choice(["P1", "P2", "P3"])
            change = UpdateEntry("actions", SHARED_ACTION, {"priority": value})
            record = {"op": "priority", "value": value}
        sf.submit(change)
        log.write(**record)
        if rng.random() < 0.7 or i == count - 1:
            log.write(op="saved", seq=_save(sf, log))
        i += 1
        if pause:
            time.sleep(rng.uniform(0, pause))  # people click, they do not hold the lock in a loop
    log.write(op="saved", seq=_save(sf, log))


def read_log(folder: Path, role: str) -> list[dict[str, Any]]:
    """Every change of every process of one role, in the order each process made them.

    A change gets "seq", the number of the write that took it to the file, if a save
    followed it in its process; changes after a process's last save have none.
    """
    records: list[dict[str, Any]] = []
    for log in sorted(folder.glob(f"{role}-*.jsonl")):
        pending: list[dict[str, Any]] = []
        for line in log.read_text().splitlines():
            if not line.endswith("}"):  # a process killed mid-line leaves half a record
                continue
            record = json.loads(line)
            if record["op"] == "saved":
                for waiting in pending:
                    waiting["seq"] = record["seq"]
                pending.clear()
                continue
            records.append(record)
            if record["op"] not in ("lease", "refused", "save-error"):
                pending.append(record)
    return records
