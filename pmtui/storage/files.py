"""Reading a file someone named: a regular file of bounded size, or a refusal in plain words."""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

from pmtui.domain.errors import SessionReadError, unreadable


@dataclass(frozen=True)
class Expected:
    """What a reader expects a path to name, so that a refusal can say what to do instead."""

    noun: str
    """What the file is called in "too large for …", e.g. "a session file"."""
    limit: int
    """The largest file accepted, in bytes."""
    folder: str
    """What to say when the path is a folder."""
    not_regular: str
    """What to do when it is a pipe or a device, e.g. "name a session .toml file"."""
    missing: str = "check the path"
    """What to do when there is no such file."""

    def too_large(self, size: int) -> str:
        """The refusal of a file of `size` bytes."""
        return f"is {size / 1e6:.0f} MB, too large for {self.noun} (limit {self.limit // 2**20} MB)"


def read_regular(path: Path, expected: Expected) -> bytes:
    """The whole content of the regular file at path, or a SessionReadError saying what is wrong.

    Folders, pipes and devices (/dev/zero would never end) are refused, and so is a file larger
    than the limit, also when it grows while being read.
    """
    try:
        # O_NONBLOCK: opening a FIFO must not wait for a writer; it is refused below anyway.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as error:
        raise unreadable(path, error, expected.missing) from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise SessionReadError(path, expected.folder)
        if not stat.S_ISREG(info.st_mode):
            raise SessionReadError(path, f"is not a regular file (a pipe or a device); {expected.not_regular}")
        if info.st_size > expected.limit:
            raise SessionReadError(path, expected.too_large(info.st_size))
        chunks, total = [], 0
        while chunk := os.read(fd, 1 << 20):
            chunks.append(chunk)
            total += len(chunk)
            if total > expected.limit:  # it grew while we read it
                raise SessionReadError(path, expected.too_large(total))
        return b"".join(chunks)
    except OSError as error:
        raise unreadable(path, error) from None
    finally:
        os.close(fd)
