"""Errors that reach the user: each says which file, where, and what to do."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass
class SessionError(Exception):
    """A session file could not be read, validated or written."""

    path: Path | str
    message: str
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        where = str(self.path)
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return f"{where}: {self.message}"


PLANTED_LINK = (
    "is a symbolic link where pmtui keeps its lock file; pmtui does not follow it (it could point anywhere): "
    "delete the link and try again"
)
"""What to say when a lock or lease file is a symlink: nobody but pmtui creates these files."""


class SessionReadError(SessionError):
    """The file is missing, unreadable, not TOML or not a valid session."""


class SessionWriteError(SessionError):
    """The file could not be saved; the work is still in memory."""


class ChangeError(ValueError):
    """A change could not be applied: a bad value, or the entry it names is gone."""


def unreadable(path: Path | str, error: OSError, missing: str = "check the path") -> SessionReadError:
    """How pmtui says that a file someone named could not be opened or read, and what to do about it.

    `missing` is the advice when there is no such file (a session file can be made with `pmtui new`).
    """
    if isinstance(error, FileNotFoundError):
        return SessionReadError(path, f"no such file; {missing}")
    if isinstance(error, IsADirectoryError):
        return SessionReadError(path, "is a folder; name a file inside it")
    if isinstance(error, PermissionError):
        return SessionReadError(path, "permission denied; check the file's permissions")
    return SessionReadError(path, f"cannot be read: {error.strerror or error}; check the path")
