"""The Autosaver, driven by a fake clock and a fake disk: saved, unsaved, saving, retrying, file broken."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from pmtui.ui.autosave import Autosaver, SaveState, SaveStatus

T0 = dt.datetime(2026, 11, 23, 15, 5, tzinfo=dt.UTC)


class FakeDisk:
    """Saves that finish when the test says so, with the outcome the test chooses."""

    def __init__(self) -> None:
        self.started = 0
        self.pending = 0
        """Changes not yet written."""
        self.writing = 0
        self.timers: list[tuple[float, Callable[[], None]]] = []
        self.now = T0
        self.saver = Autosaver(self.start, self.wait, lambda: self.now)
        self.statuses: list[SaveStatus] = []
        self.saver.on_status = self.statuses.append

    def start(self) -> None:
        self.started += 1
        self.writing = self.pending

    def wait(self, seconds: float, callback: Callable[[], None]) -> None:
        self.timers.append((seconds, callback))

    def change(self) -> None:
        self.pending += 1
        self.saver.changed()

    def finish(self, error: str | None = None, *, broken: bool = False) -> bool:
        if error is None:
            self.pending -= self.writing
        self.writing = 0
        return self.saver.finished(error, file_broken=broken, still_pending=self.pending > 0)

    def fire_timers(self) -> None:
        timers, self.timers = self.timers, []
        for _, callback in timers:
            callback()

    @property
    def state(self) -> SaveState:
        return self.saver.status.state


def test_a_change_is_saving_then_saved_with_the_time() -> None:
    disk = FakeDisk()
    assert disk.state is SaveState.SAVED
    disk.change()
    assert disk.state is SaveState.SAVING and disk.started == 1
    disk.now = T0 + dt.timedelta(seconds=2)
    disk.finish()
    assert disk.saver.status == SaveStatus(SaveState.SAVED, "", T0 + dt.timedelta(seconds=2))
    assert [s.state for s in disk.statuses] == [SaveState.UNSAVED, SaveState.SAVING, SaveState.SAVED]


def test_a_burst_of_changes_is_written_by_one_more_save_not_one_each() -> None:
    disk = FakeDisk()
    disk.change()
    for _ in range(20):
        disk.change()  # typed while the first save writes
    assert disk.started == 1 and disk.state is SaveState.UNSAVED  # changes wait behind the running save
    disk.finish()
    assert disk.started == 2  # one more save for all twenty
    disk.finish()
    assert disk.state is SaveState.SAVED and disk.pending == 0 and disk.started == 2


def test_a_failed_save_is_announced_once_and_retried_until_it_works() -> None:
    disk = FakeDisk()
    disk.change()
    assert disk.finish("the disk is full") is True
    assert disk.saver.status.state is SaveState.RETRYING and disk.saver.status.error == "the disk is full"
    assert [seconds for seconds, _ in disk.timers] == [3.0]
    disk.change()  # more typing while failing: still retrying, no save started over the failure
    assert disk.state is SaveState.RETRYING
    disk.fire_timers()
    assert disk.finish("the disk is full") is False  # the same failure is not announced again
    disk.fire_timers()
    disk.finish()
    assert disk.state is SaveState.SAVED and disk.pending == 0


def test_a_broken_file_on_disk_holds_the_changes_until_it_is_fixed() -> None:
    disk = FakeDisk()
    disk.change()
    disk.finish("line 3: expected '='", broken=True)
    assert disk.state is SaveState.FILE_BROKEN and disk.pending == 1
    disk.saver.disk_readable(pending=True)  # readable again, but our change is still to be written
    assert disk.state is SaveState.FILE_BROKEN
    disk.fire_timers()
    disk.finish()
    assert disk.state is SaveState.SAVED


def test_a_problem_clears_when_the_disk_is_fine_and_nothing_waits() -> None:
    disk = FakeDisk()
    disk.change()
    disk.finish("read-only file system")
    disk.pending = 0  # the change was written by a save as…
    disk.saver.disk_readable(pending=False)
    assert disk.state is SaveState.SAVED
