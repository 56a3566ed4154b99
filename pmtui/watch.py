"""Notice soon after a session file is written by another process or an editor.

The folder is watched, not the file: every save replaces the file by renaming a new one
over it, and a watch on the old file would be lost at the first rename. Events are
filtered by the file's name.

On Linux the kernel's inotify is used through ctypes: the thread sleeps in poll() until
something happens in the folder, so an idle meeting costs no wakeups and a change is
seen in well under a millisecond. A slow stat check runs beside it as a safety net
(file systems where inotify sees nothing, such as NFS written from another host).
Elsewhere, or if inotify is unavailable, the file is stat-polled (about 20 times a second).
The callback runs in the watcher's thread; it must be cheap and thread-safe (post a message).
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import os
import select
import struct
import sys
import threading
from collections.abc import Callable
from pathlib import Path

from pmtui.store import FileSignature

POLL_SECONDS = 0.05
"""Stat-poll period where inotify is not available: 20 Hz, a change is seen within 50 ms."""
SAFETY_POLL_SECONDS = 2.0
"""Stat check beside inotify, for changes the kernel does not report (network file systems)."""

# From <sys/inotify.h>.
_IN_CLOSE_WRITE = 0x008
_IN_MOVED_FROM = 0x040
_IN_MOVED_TO = 0x080
_IN_DELETE = 0x200
_IN_DELETE_SELF = 0x400
_IN_MOVE_SELF = 0x800
_IN_Q_OVERFLOW = 0x4000
_IN_IGNORED = 0x8000
_IN_NONBLOCK = 0o4000
_IN_CLOEXEC = 0o2000000
# A finished write (close after writing), a rename over the file (how pmtui and many editors
# save), or the file going away. Not IN_CREATE/IN_MODIFY: the file would still be half written.
_MASK = _IN_CLOSE_WRITE | _IN_MOVED_TO | _IN_MOVED_FROM | _IN_DELETE | _IN_DELETE_SELF | _IN_MOVE_SELF
_EVENT = struct.Struct("iIII")


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
        self._wake_r, self._wake_w = -1, -1
        self._thread: threading.Thread | None = None
        self._inotify_fd: int | None = None
        if backend not in ("auto", "inotify", "poll"):
            raise ValueError(f"unknown watch backend {backend!r}")
        if backend in ("auto", "inotify"):
            self._inotify_fd = _inotify_watch(self.path.parent)
            if self._inotify_fd is None and backend == "inotify":
                raise OSError("inotify is not available here")
        self.backend = "inotify" if self._inotify_fd is not None else "poll"
        """Which mechanism is in use: "inotify" or "poll"."""

    def start(self) -> FileWatcher:
        if self._thread is None:
            if self._inotify_fd is not None:
                self._wake_r, self._wake_w = os.pipe()
            self._thread = threading.Thread(target=self._run, name=f"pmtui-watch {self.path.name}", daemon=True)
            self._thread.start()
        return self

    def stop(self) -> None:
        """Stop watching and wait for the thread (a fraction of a second at most)."""
        self._stop.set()
        if self._wake_w >= 0:
            with contextlib.suppress(OSError):
                os.write(self._wake_w, b"x")
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(timeout=2)
        for fd in (self._inotify_fd, self._wake_r, self._wake_w):
            if fd is not None and fd >= 0:
                with contextlib.suppress(OSError):
                    os.close(fd)
        self._inotify_fd, self._wake_r, self._wake_w = None, -1, -1

    def __enter__(self) -> FileWatcher:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _notify(self) -> None:
        # The callback belongs to the caller; a bug there must not kill the watch.
        with contextlib.suppress(Exception):
            self.on_change()

    def _run(self) -> None:
        if self._inotify_fd is not None:
            self._run_inotify(self._inotify_fd)
        else:
            self._run_poll(self.poll_seconds)

    def _run_poll(self, period: float) -> None:
        last = FileSignature.of(self.path)
        while not self._stop.wait(period):
            now = FileSignature.of(self.path)
            if now != last:
                last = now
                self._notify()

    def _run_inotify(self, fd: int) -> None:
        name = os.fsencode(self.path.name)
        poller = select.poll()
        poller.register(fd, select.POLLIN)
        poller.register(self._wake_r, select.POLLIN)
        last = FileSignature.of(self.path)
        timeout_ms = int(self.safety_seconds * 1000)
        while not self._stop.is_set():
            ready = poller.poll(timeout_ms)
            if self._stop.is_set():
                return
            hit, lost = False, False
            if ready:
                try:
                    data = os.read(fd, 65536)
                except BlockingIOError:
                    data = b""
                except OSError:
                    data, lost = b"", True
                offset = 0
                while offset + _EVENT.size <= len(data):
                    _wd, mask, _cookie, length = _EVENT.unpack_from(data, offset)
                    raw = data[offset + _EVENT.size : offset + _EVENT.size + length].rstrip(b"\0")
                    offset += _EVENT.size + length
                    if mask & _IN_Q_OVERFLOW:
                        hit = True
                    if mask & (_IN_IGNORED | _IN_DELETE_SELF | _IN_MOVE_SELF):
                        lost = True  # the folder itself was moved or removed: fall back to polling
                    if raw == name:
                        hit = True
            now = FileSignature.of(self.path)
            if hit or now != last:
                last = now
                self._notify()
            if lost:
                self._run_poll(self.poll_seconds)
                return


def _inotify_watch(folder: Path) -> int | None:
    """An inotify descriptor watching `folder`, or None where the kernel offers none."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        init1 = libc.inotify_init1
        add_watch = libc.inotify_add_watch
    except (OSError, AttributeError):
        return None
    init1.argtypes, init1.restype = [ctypes.c_int], ctypes.c_int
    add_watch.argtypes, add_watch.restype = [ctypes.c_int, ctypes.c_char_p, ctypes.c_uint32], ctypes.c_int
    fd = init1(_IN_NONBLOCK | _IN_CLOEXEC)
    if fd < 0:
        return None  # e.g. the per-user instance limit is reached
    if add_watch(fd, os.fsencode(folder), _MASK) < 0:
        os.close(fd)
        return None
    return fd
