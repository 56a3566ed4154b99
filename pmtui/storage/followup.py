"""Follow-through across many postmortems: the open action items in every session file under a folder.

Read-only and fast: files are read with tomllib (load_session_fast), never locked or written.
A file that cannot be read is a problem to report, not a reason to stop.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass
from functools import partial
from itertools import chain
from pathlib import Path
from typing import Generic, TypeVar

from pmtui.domain.errors import SessionReadError
from pmtui.storage.many_files import map_files
from pmtui.storage.parsing import load_session_fast

R = TypeVar("R")


@dataclass(frozen=True)
class ActionRow:
    """One open action item and the postmortem it comes from."""

    incident: str
    path: str
    id: str
    text: str
    owner: str
    due: dt.date | None
    status: str
    priority: str
    tracker: str
    days_overdue: int

    def as_json(self) -> dict[str, object]:
        data = asdict(self)
        data["due"] = self.due.isoformat() if self.due else None
        return data


@dataclass
class ScanResult:
    """What a scan found: open action rows (sorted) and the files it could not read."""

    rows: list[ActionRow]
    problems: list[SessionReadError]
    files: int


def session_files(folder: Path) -> list[Path]:
    """Every *.toml under folder, recursively, skipping hidden files and folders and temp files."""
    found = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.endswith(".toml") and not name.startswith("."):
                found.append(Path(root) / name)
    return found


def _rows_of(path: Path, shown: str, today: dt.date) -> list[ActionRow]:
    session = load_session_fast(path)
    title = session.incident.title or path.stem
    return [
        ActionRow(
            incident=title,
            path=shown,
            id=action.id,
            text=action.text,
            owner=action.owner,
            due=action.due,
            status=action.status.value,
            priority=action.priority.value,
            tracker=action.tracker,
            days_overdue=action.days_overdue(today),
        )
        for action in session.actions
        if action.status.is_open
    ]


@dataclass(frozen=True)
class _Unread:
    """A file a reader could not read. A plain dataclass: an exception with fields does not survive
    pickling back from a worker process."""

    path: str
    message: str
    line: int | None = None
    column: int | None = None


@dataclass
class FolderRead(Generic[R]):
    """What a reader made of each session file under a folder, and the files it could not read."""

    results: list[R]
    problems: list[SessionReadError]
    files: int


def read_session_files(folder: Path, reader: Callable[[Path, str], R], workers: int | None = None) -> FolderRead[R]:
    """reader(path, shown) over every session file under folder, in order (shown: the path from folder).

    A file that cannot be read becomes a problem and never stops the others. reader must be
    picklable (a module-level function, or a partial of one): many files are read in processes.
    """
    paths = session_files(folder)
    jobs = [(path, _shown(path, folder)) for path in paths]
    found = FolderRead[R]([], [], len(paths))
    for outcome in map_files(partial(_read_one, reader), jobs, workers):
        if isinstance(outcome, _Unread):
            found.problems.append(SessionReadError(outcome.path, outcome.message, outcome.line, outcome.column))
        else:
            found.results.append(outcome)
    return found


def _read_one(reader: Callable[[Path, str], R], job: tuple[Path, str]) -> R | _Unread:
    path, shown = job
    try:
        return reader(path, shown)
    except SessionReadError as error:
        return _Unread(shown, error.message, error.line, error.column)
    except Exception as error:  # one odd file must never stop the others
        return _Unread(shown, f"could not be read: {type(error).__name__}: {error}")


def sort_key(row: ActionRow) -> tuple[object, ...]:
    """Overdue first, most overdue first; then by due date (undated last); then file and id."""
    return (-row.days_overdue, row.due is None, row.due or dt.date.max, row.path, row.id)


def scan(
    folder: Path,
    today: dt.date,
    owner: str | None = None,
    overdue_only: bool = False,
    workers: int | None = None,
) -> ScanResult:
    """Open actions (open or in-progress) in every session file under folder, sorted by sort_key.

    owner keeps rows whose owner matches case-insensitively (whole name); workers=None reads in
    parallel only when there are many files.
    """
    found = read_session_files(folder, partial(_rows_of, today=today), workers)
    rows = list(filter_rows(chain.from_iterable(found.results), owner, overdue_only))
    rows.sort(key=sort_key)
    return ScanResult(rows, found.problems, found.files)


def filter_rows(rows: Iterable[ActionRow], owner: str | None, overdue_only: bool) -> Iterator[ActionRow]:
    """Rows for one owner (case-insensitive, surrounding spaces ignored) and/or only overdue ones."""
    wanted = " ".join(owner.split()).casefold() if owner else None
    for row in rows:
        if wanted is not None and " ".join(row.owner.split()).casefold() != wanted:
            continue
        if overdue_only and row.days_overdue <= 0:
            continue
        yield row


def _shown(path: Path, folder: Path) -> str:
    try:
        return str(path.relative_to(folder))
    except ValueError:
        return str(path)
