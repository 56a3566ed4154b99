"""`pmtui import DIR --into OUTDIR`: every document under a folder (a wiki or handbook export) becomes a session."""

from __future__ import annotations

import gc
import sys
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from pmtui.commands._common import EXIT_FINDINGS, EXIT_OK, EXIT_UNREADABLE, report
from pmtui.docimport.importer import FORMATS, import_document, read_document
from pmtui.domain.errors import SessionError
from pmtui.domain.text_fit import shorten
from pmtui.domain.text_safety import visible
from pmtui.storage.many_files import map_files

if TYPE_CHECKING:
    from rich.progress import Progress


@dataclass
class Row:
    """One document's line in the summary table."""

    document: str
    entries: int = 0
    actions: int = 0
    kept: int = 0
    failed: str = ""


def documents_under(folder: Path) -> list[Path]:
    """Every document pmtui import reads under a folder, hidden files and folders left out, in name order."""
    found = []
    for path in folder.rglob("*"):
        relative = path.relative_to(folder)
        if any(part.startswith(".") for part in relative.parts):
            continue
        if path.suffix.lower() in FORMATS and path.is_file():
            found.append(path)
    return sorted(found)


def import_folder(source: Path, into: Path | None, timezone: str | None, dry_run: bool) -> int:
    """Import each document, never stopping at a bad one; print a summary table. Exit 2 if any failed."""
    documents = documents_under(source)
    if not documents:
        report(f"{source}: no .md, .html or .docx documents in this folder")
        return EXIT_UNREADABLE
    if into is not None and not dry_run:
        try:
            into.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            report(f"{into}: cannot create the folder: {error.strerror or error}")
            return EXIT_UNREADABLE
    # The modules loaded so far (pydantic models, parsers) live as long as the process: leave them out
    # of the garbage collector's full passes, which otherwise walk them again for every few documents.
    gc.freeze()
    rows = [Row(str(path.relative_to(source))) for path in documents]
    targets = [_target(into, row, dry_run) for row in rows]
    todo = []
    for n, target in enumerate(targets):
        if target is not None and target.exists():
            rows[n].failed = _not_overwritten(target)
        else:
            todo.append(n)
    pending: list[tuple[Path, str, Row]] = []
    queued: set[Path] = set()
    with _progress(len(documents)) as advance:
        # Documents are read and mapped in processes when there are many (each is independent);
        # the files are written here, in order, so two documents never race for one name.
        jobs = [(str(documents[n]), rows[n].document) for n in todo]
        for n, (text, row) in zip(todo, map_files(partial(_convert, timezone=timezone), jobs), strict=True):
            target = targets[n]
            if text is not None and target in queued:  # a.md and a.html both become a.toml
                rows[n].failed = _not_overwritten(target)
            else:
                rows[n] = row
                if text is not None and target is not None:
                    queued.add(target)
                    pending.append((target, text, row))
            if len(pending) >= WRITE_BATCH:
                _write(pending)
            advance(rows[n].document)
        _write(pending)
    _print_table(rows, dry_run)
    if any(row.failed for row in rows):
        return EXIT_UNREADABLE
    return EXIT_FINDINGS if any(row.kept for row in rows) else EXIT_OK


WRITE_BATCH = 200
"""Sessions written together: one disk sync for the batch instead of one per file."""


def _target(into: Path | None, row: Row, dry_run: bool) -> Path | None:
    """The session file a document becomes (None: nothing is written)."""
    return None if into is None or dry_run else (into / row.document).with_suffix(".toml")


def _write(pending: list[tuple[Path, str, Row]]) -> None:
    """Create the batch's files (never over an existing one); a file that fails marks its row."""
    from pmtui.storage.store import create_session_files

    for target, _, _ in pending:
        target.parent.mkdir(parents=True, exist_ok=True)
    for (_, _, row), error in zip(pending, create_session_files([(p, t) for p, t, _ in pending]), strict=True):
        if error is not None:
            row.failed = error.message
    pending.clear()


def _not_overwritten(target: Path) -> str:
    return f"{target} already exists; not overwritten"


def _convert(job: tuple[str, str], timezone: str | None) -> tuple[str | None, Row]:
    """Read and map one document: its session text (None if it failed) and its row. In a worker
    process when there are many, so strings in, strings out."""
    path, document = job
    try:
        imported = import_document(read_document(path), timezone)
    except SessionError as error:
        return None, Row(document, failed=error.message)
    except Exception as error:  # one bad document (or a reader bug on it) never stops the others
        return None, Row(document, failed=f"could not be imported ({type(error).__name__}: {error})")
    mapped = imported.mapped
    entries = sum(len(entries) for entries in mapped.entries.values())
    return imported.text, Row(document, entries, mapped.count("actions"), imported.kept_as_notes)


class _progress:
    """A progress bar on stderr when it is a terminal (rich, transient); nothing when piped or in CI."""

    def __init__(self, total: int) -> None:
        self.total = total
        self.bar: Progress | None = None

    def __enter__(self) -> Callable[[str], None]:
        if not sys.stderr.isatty():
            return lambda name: None
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
        from rich.text import Text

        bar = self.bar = Progress(
            TextColumn("importing"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.fields[name]}"),
            console=Console(stderr=True), transient=True,
        )  # fmt: skip
        bar.start()
        task = bar.add_task("import", total=self.total, name="")

        def advance(name: str) -> None:
            # Text, not a markup string: a file name like "[red]x.md" is shown as it is.
            bar.update(task, advance=1, name=Text(visible(shorten(name, 50))))

        return advance

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.stop()


def _print_table(rows: list[Row], dry_run: bool) -> None:
    names = [visible(shorten(row.document, 60)) for row in rows]
    width = max(len("document"), *(len(n) for n in names))
    print(f"{'document':<{width}}  {'entries':>7}  {'actions':>7}  {'as text':>7}  result")
    for name, row in zip(names, rows, strict=True):
        if row.failed:
            print(f"{name:<{width}}  {'':>7}  {'':>7}  {'':>7}  failed: {visible(row.failed)}")
        else:
            result = "would import" if dry_run else "imported"
            print(f"{name:<{width}}  {row.entries:>7}  {row.actions:>7}  {row.kept:>7}  {result}")
    failed = sum(1 for row in rows if row.failed)
    done = len(rows) - failed
    with_text = sum(1 for row in rows if row.kept and not row.failed)
    verb = "would be imported" if dry_run else "imported"
    print(
        f"{len(rows)} document{'s' if len(rows) != 1 else ''}: {done} {verb}"
        f" ({with_text} with text kept as notes), {failed} failed; "
        f"{sum(r.entries for r in rows)} entries, {sum(r.actions for r in rows)} actions"
    )
