"""Notice soon after a session file is written by another process or an editor.

The folder is watched, not the file: every save replaces the file by renaming a new one
over it, and a watch on the old file would be lost at the first rename. Events are
filtered by the file's name.

The operating system's own notifications do the watching. On Linux the thread waits on the
inotify descriptor itself (inotify_simple): it wakes when the folder changes, so another
terminal's save is seen at once and an idle app costs no wake-ups. Elsewhere (FSEvents on
macOS, ReadDirectoryChangesW on Windows) watchfiles, Rust's `notify` crate, does it; its loop
wakes every STEP_MS to look (1.8% of a core while idle at 5 ms). A slow
stat check runs beside it as a safety net (file systems where notifications see nothing,
such as NFS written from another host). If notifications cannot be had, or the folder goes
away, the file is stat-polled (about 20 times a second).
The callback runs in the watcher's thread; it must be cheap and thread-safe (post a message).
"""

from __future__ import annotations

import contextlib
import os
import select
import sys
import threading
from collections.abc import Callable
from pathlib import Path

from pmtui.storage.store import FileSignature

POLL_SECONDS = 0.05
"""Stat-poll period where notifications are not available: 20 Hz, a change is seen within 50 ms."""
SAFETY_POLL_SECONDS = 2.0
"""Stat check beside the notifications, for changes the system does not report (network file systems)."""
STEP_MS = 5
"""How often the notification thread hands what it saw over: a change reaches us within about two steps."""


class FileWatcher:
    """Calls `on_change()` from a background thread soon after `path` may have changed on disk.

    Calls can be spurious (our own saves, unrelated writes that bump the folder); the callee
    compares file signatures, which costs one stat.
    """

    def __init__(
        self,
        path: Path | str,
        on_change: Callable[[], None],
        *,
        backend: str = "auto",
        poll_seconds: float = POLL_SECONDS,
        safety_seconds: float = SAFETY_POLL_SECONDS,
    ) -> None:
        # Saves go to the real file when the session is a symlink (the link is kept): watch its folder.
        self.path = Path(os.path.realpath(path))
        self.on_change = on_change
        self.poll_seconds = poll_seconds
        self.safety_seconds = safety_seconds
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._last: FileSignature | None = None
        self._notifier = None
        if backend not in ("auto", "notify", "poll"):
            raise ValueError(f"unknown watch backend {backend!r}")
        if backend in ("auto", "notify"):
            self._notifier = _notifier(self.path.parent)
            if self._notifier is None and backend == "notify":
                raise OSError(f"file notifications are not available for {self.path.parent}")
        self.backend = "notify" if self._notifier is not None else "poll"
        """Which mechanism is in use: "notify" (the system's notifications) or "poll"."""

    def start(self) -> FileWatcher:
        """Start the thread; the folder is already watched (a write from now on is seen)."""
        if self._thread is None:
            self._last = FileSignature.of(self.path)  # taken now: a write right after start() is a change
            self._thread = threading.Thread(target=self._run, name=f"pmtui-watch {self.path.name}", daemon=True)
            self._thread.start()
        return self

    def stop(self) -> None:
        """Stop watching and wait for the thread (a few milliseconds)."""
        self._stop.set()
        if isinstance(self._notifier, _Inotify):
            self._notifier.wake()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(timeout=2)
        if self._notifier is not None:
            with contextlib.suppress(Exception):
                self._notifier.close()
            self._notifier = None

    def __enter__(self) -> FileWatcher:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _notify(self) -> None:
        # The callback belongs to the caller; a bug there must not kill the watch.
        with contextlib.suppress(Exception):
            self.on_change()

    def _run(self) -> None:
        if self._notifier is not None:
            self._run_notify()
        else:
            self._run_poll(self.poll_seconds)

    def _run_poll(self, period: float) -> None:
        while not self._stop.wait(period):
            now = FileSignature.of(self.path)
            if now != self._last:
                self._last = now
                self._notify()

    def _run_notify(self) -> None:
        notifier = self._notifier
        assert notifier is not None
        name = self.path.name
        folder = str(self.path.parent)
        timeout_ms = int(self.safety_seconds * 1000)
        while not self._stop.is_set():
            try:
                result = notifier.watch(STEP_MS, STEP_MS, timeout_ms, self._stop)
            except Exception:
                result = None  # the notifier broke (its folder went away): poll from here on
            if result == "stop" or self._stop.is_set():
                return
            hit = isinstance(result, set) and any(os.path.basename(path) == name for _, path in result)
            gone = result is None or (isinstance(result, set) and any(path == folder for _, path in result))
            now = FileSignature.of(self.path)
            if hit or now != self._last:  # also the safety check, every safety_seconds without events
                self._last = now
                self._notify()
            if gone or not os.path.isdir(folder):
                self._run_poll(self.poll_seconds)
                return


class _Inotify:
    """Linux's notifications for one folder, answering like watchfiles' RustNotify.watch().

    The thread sleeps in poll() on the inotify descriptor and a wake-up pipe (for stop()), so
    it runs only when the folder changed: no step to wait for, nothing done while idle.
    """

    def __init__(self, folder: Path) -> None:
        from inotify_simple import INotify, flags

        self._flags = flags
        self._folder = str(folder)
        self._inotify = INotify()
        try:
            mask = (
                flags.CLOSE_WRITE | flags.MOVED_TO | flags.MOVED_FROM | flags.CREATE | flags.DELETE | flags.ATTRIB
            ) | (flags.DELETE_SELF | flags.MOVE_SELF | flags.ONLYDIR)
            self._inotify.add_watch(self._folder, mask)
            self._wake_read, self._wake_write = os.pipe()
        except OSError:
            self._inotify.close()
            raise
        self._poll = select.poll()
        self._poll.register(self._inotify.fileno(), select.POLLIN)
        self._poll.register(self._wake_read, select.POLLIN)

    def watch(
        self, debounce_ms: int, step_ms: int, timeout_ms: int, stop_event: threading.Event
    ) -> set[tuple[int, str]] | str:
        """What changed in the folder: (mask, path) pairs, the folder's own path if it went away;
        "stop" once stop_event is set, "timeout" after timeout_ms without a change."""
        del debounce_ms, step_ms  # nothing to group: a save's rename is one event, and the callee stats
        if stop_event.is_set():
            return "stop"
        ready = self._poll.poll(timeout_ms or None)
        if stop_event.is_set():
            return "stop"
        if not ready:
            return "timeout"
        gone = self._flags.DELETE_SELF | self._flags.MOVE_SELF | self._flags.IGNORED
        changes: set[tuple[int, str]] = set()
        for event in self._inotify.read(timeout=0):
            if event.mask & gone:
                changes.add((event.mask, self._folder))
            elif event.name:
                changes.add((event.mask, os.path.join(self._folder, event.name)))
        return changes

    def wake(self) -> None:
        """Make a waiting watch() return (it then sees stop_event set)."""
        with contextlib.suppress(OSError):
            os.write(self._wake_write, b"x")

    def close(self) -> None:
        self._inotify.close()
        for fd in (self._wake_read, self._wake_write):
            with contextlib.suppress(OSError):
                os.close(fd)


def _linux_notifier(folder: Path) -> _Inotify | None:
    """inotify for `folder`, or None (not Linux, inotify_simple missing, no such folder, the watch limit)."""
    if sys.platform != "linux":
        return None
    try:
        return _Inotify(folder)
    except (ImportError, OSError):
        return None


def _notifier(folder: Path):  # type: ignore[no-untyped-def]
    """The system's notifications for `folder` (not its subfolders), or None where none can be had."""
    linux = _linux_notifier(folder)
    if linux is not None:
        return linux
    try:
        from watchfiles._rust_notify import RustNotify  # the documented low-level API of watchfiles
    except ImportError:
        return None
    try:
        return RustNotify([str(folder)], False, False, 50, False, False)
    except Exception:  # no such folder, the per-user watch limit reached, …
        return None
