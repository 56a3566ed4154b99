"""Load and save one session file, shared safely between processes.

Changes are kept as operations until they are on disk. Saving takes an exclusive lock
on a separate lock file, re-reads the file if anyone else wrote it, replays the pending
operations on that fresh state and writes the result atomically. A stale whole document
is never written back, and nothing is written over a file that does not parse.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import glob
import os
import stat
import tempfile
import threading
import time
import tomllib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from tomlkit.toml_document import TOMLDocument

from pmtui.domain.changes import Change, EntryIds, TableModels, apply_to_session
from pmtui.domain.errors import PLANTED_LINK, ChangeError, SessionError, SessionReadError, SessionWriteError
from pmtui.domain.model import Session
from pmtui.storage.parsing import MAX_FILE_BYTES, load_path, load_session_fast, read_text
from pmtui.storage.render import DocumentRenderer
from pmtui.storage.resync import check_toml_text, renders_as, resync
from pmtui.storage.updates import Origin, SessionUpdate, UpdateLog

LOCK_TIMEOUT_SECONDS = 5.0


@dataclass(frozen=True)
class FileSignature:
    """What identifies one version of a file on disk; an atomic replace always changes the inode."""

    inode: int
    mtime_ns: int
    size: int

    @classmethod
    def of(cls, path: Path) -> FileSignature | None:
        try:
            st = os.stat(path)
        except OSError:
            return None
        return cls(st.st_ino, st.st_mtime_ns, st.st_size)


def lock_path(path: Path) -> Path:
    """The lock file beside a session file (a lock on the file itself would not survive the rename).

    Beside the real file when the path is a symlink, so that processes opening the session
    through the link and through its target share one lock.
    """
    real = _through_symlinks(path)
    return real.with_name(f".{real.name}.pmtui-lock")


def _through_symlinks(path: Path) -> Path:
    """The file a symlink points to (written through, as editors do), else the path itself."""
    return Path(os.path.realpath(path)) if path.is_symlink() else path


@contextlib.contextmanager
def file_lock(path: Path, timeout: float = LOCK_TIMEOUT_SECONDS) -> Iterator[int]:
    """Hold the session's exclusive write lock; the kernel frees it if the process dies.

    Yields the lock file's descriptor, for `stamp_lock`.
    """
    lock = lock_path(path)
    try:
        # O_NOFOLLOW: a link planted under the lock's name in a shared folder must not make us
        # create or open some other file.
        fd = os.open(lock, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644)
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise SessionWriteError(lock, PLANTED_LINK) from None
        raise SessionWriteError(path, _write_problem(error, path)) from None
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise SessionWriteError(
                        path, f"another pmtui process has held the write lock for {timeout:.0f} s; retrying"
                    ) from None
                time.sleep(0.005)
        yield fd
    finally:
        os.close(fd)  # closing releases the lock


STAMPS_KEPT = 4
"""How many of the versions pmtui wrote the lock file remembers (a burst of saves by two processes)."""


def stamp_lock(fd: int, signature: FileSignature) -> None:
    """Note in the lock file (held) a version of the session file that pmtui is about to put in place.

    Written before the rename, so whoever sees the new file also sees its stamp. Best effort: a
    stamp that cannot be written only makes another pmtui take this save for an editor's.
    """
    with contextlib.suppress(OSError):
        earlier = [line for line in os.pread(fd, 64 * STAMPS_KEPT, 0).decode("ascii", "replace").split("\n") if line]
        lines = [*earlier[-(STAMPS_KEPT - 1) :], _stamp(signature)]
        data = "".join(f"{line}\n" for line in lines).encode("ascii")
        os.pwrite(fd, data, 0)
        os.ftruncate(fd, len(data))


def written_by_pmtui(path: Path, signature: FileSignature | None) -> bool:
    """Whether this version of the session file was saved by a pmtui process (its lock file says so)."""
    if signature is None:
        return False
    try:
        fd = os.open(lock_path(path), os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC)
    except OSError:
        return False
    try:
        stamps = os.read(fd, 64 * STAMPS_KEPT).decode("ascii", "replace").split("\n")
    except OSError:
        return False
    finally:
        os.close(fd)
    return _stamp(signature) in stamps


def _stamp(signature: FileSignature) -> str:
    return f"{signature.inode} {signature.mtime_ns} {signature.size}"


def atomic_write(
    path: Path,
    text: str,
    *,
    check_toml: bool = False,
    known_good: str | None = None,
    before_replace: Callable[[FileSignature], None] | None = None,
) -> None:
    """Write text to path so that readers see the old file or the new one, never a mix.

    check_toml (session files) refuses text that tomllib cannot read; exports (Markdown, HTML,
    JSON, CSV) are written with the same care but are not TOML. known_good, a text that passed
    the check before, spares re-parsing the parts of `text` that are unchanged from it.
    before_replace is called with the signature the file will have (a rename keeps the inode and
    the times) just before it takes the path.
    """
    data = text.encode("utf-8")
    shown, path = path, _through_symlinks(path)  # replacing a symlink would cut it off its target
    if check_toml and len(data) > MAX_FILE_BYTES:
        # Written, it could not be opened again (read_text refuses it); keep the old file.
        raise SessionWriteError(
            shown,
            f"would be {len(data) / 1e6:.0f} MB, over the {MAX_FILE_BYTES // 10**6} MB a session may be; "
            "undo the last large paste",
        )
    try:
        # The last line of defence for "never write a file that does not load": tomlkit renders
        # the edited document, tomllib (what check and every other reader use) must accept it.
        if check_toml:
            check_toml_text(text, known_good)
    except tomllib.TOMLDecodeError as error:
        raise SessionWriteError(
            shown, f"pmtui produced invalid TOML ({error}), a bug: the file was left as it was; please report it"
        ) from None
    folder = path.parent
    if path.is_dir():
        raise SessionWriteError(shown, "is now a folder, not a file; move it away or save elsewhere")
    try:
        mode = os.stat(path).st_mode & 0o777
    except OSError:
        mode = 0o644
    else:
        # Check the write bits, not only os.access: root may write anything, but a file made
        # read-only on purpose (chmod a-w) must not be replaced behind its owner's back.
        if not mode & 0o222 or not os.access(path, os.W_OK):
            raise SessionWriteError(shown, "the file is read-only; make it writable (chmod u+w) or save elsewhere")
    try:
        fd, tmp_name = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as error:
        raise SessionWriteError(shown, _write_problem(error, path)) from None
    try:
        with os.fdopen(fd, "wb") as tmp:
            tmp.write(data)
            tmp.flush()
            os.fsync(tmp.fileno())
        os.chmod(tmp_name, mode)
        ready = FileSignature.of(Path(tmp_name)) if before_replace is not None else None
        if before_replace is not None and ready is not None:
            before_replace(ready)
        os.replace(tmp_name, path)
    except OSError as error:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
        raise SessionWriteError(shown, _write_problem(error, path)) from None
    sync_folder(folder)


def sync_folder(folder: Path) -> None:
    """Put a folder's entries on disk, so a file just renamed or created there survives a power cut.

    Best effort: some file systems cannot sync a folder, and the file itself is already synced.
    """
    with contextlib.suppress(OSError):
        dir_fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


STALE_TEMP_SECONDS = 60.0


def remove_stale_temp_files(path: Path, older_than: float = STALE_TEMP_SECONDS) -> int:
    """Delete the temp files of saves that were killed midway (.NAME.*.tmp older than a minute).

    They never confuse a read (only the session file itself is read), they only clutter the
    folder. A live save renames its temp file within milliseconds, so an old one is no one's.
    Best effort; returns how many were removed.
    """
    cutoff = time.time() - older_than
    removed = 0
    path = _through_symlinks(path)  # saves write beside the real file
    try:
        candidates = list(path.parent.glob(f".{glob.escape(path.name)}.*.tmp"))
    except OSError:
        return 0
    for candidate in candidates:
        with contextlib.suppress(OSError):
            st = candidate.lstat()
            if stat.S_ISREG(st.st_mode) and st.st_mtime < cutoff:
                candidate.unlink()
                removed += 1
    return removed


def _write_problem(error: OSError, path: Path) -> str:
    if error.errno == errno.ENOSPC or error.errno == errno.EDQUOT:
        return "the disk is full; free some space (your notes are kept in memory and saved when it can)"
    if error.errno == errno.ENOENT:
        return f"the folder {path.parent} no longer exists; recreate it or save elsewhere"
    if error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return f"no permission to write in {path.parent}; make it writable or save elsewhere"
    if error.errno == errno.EISDIR:
        return "is now a folder, not a file; move it away or save elsewhere"
    return f"cannot be written: {error.strerror or error}"


class SessionFile:
    """One session file open for editing: the in-memory session, the document, and pending changes.

    Thread-safe: screens call it from Textual workers.
    """

    def __init__(self, path: Path, doc: TOMLDocument | None, session: Session, signature: FileSignature | None) -> None:
        self.path = path
        self._renderer = DocumentRenderer()
        """Renders the document for a save, re-rendering only the entry tables changed since the last."""
        self._doc = doc
        self._doc_stale = doc is None
        self._session = session
        self._synced = signature
        self._pending: list[Change] = []
        self._undos: list[Change] = []
        """The undo of each pending change, in order: a rebase takes them out and puts them back."""
        self._text: str | None = None
        """The text the document renders as, without pending changes: what resync diffs against."""
        self._mutex = threading.RLock()
        self._saving = False
        """True while this process writes the file: its own write is not someone else's change."""
        self.last_error: SessionError | None = None
        """The last read or write problem, cleared by the next success."""
        self._read = TableModels()
        """Which model each entry table was read as: an edit then re-reads only what it touched."""
        self._ids_of: Session | None = None
        self._ids = EntryIds(set())
        """The ids of the session `_ids_of` (the highest numbers carried from edit to edit)."""
        self._updates = UpdateLog(session)
        """The sections changed since the screens were last told, and by whom."""

    @property
    def _doc(self) -> TOMLDocument | None:
        return self._document

    @_doc.setter
    def _doc(self, doc: TOMLDocument | None) -> None:
        # Every replacement of the document goes through here: no text rendered from another survives.
        self._document = doc
        self._renderer.reset()

    @classmethod
    def open(cls, path: Path | str, *, lazy: bool = False) -> SessionFile:
        """Load and validate a session file; raises SessionReadError with a clear message.

        With lazy=True the session is read with the fast standard-library parser and the
        comment-keeping tomlkit document (several times slower to parse) only when first
        needed: call load_document() from a worker after the first screen is shown.
        """
        path = Path(path)
        signature = FileSignature.of(path)
        if lazy:
            opened = cls(path, None, load_session_fast(path), signature)
        else:
            doc, session, text = load_path(path)
            opened = cls(path, doc, session, signature)
            opened._text = text
        remove_stale_temp_files(path)
        return opened

    def load_document(self) -> None:
        """Parse the editable document now (if not yet done), so the first edit does not wait."""
        with self._mutex:
            self._fresh_doc()

    @property
    def session(self) -> Session:
        """The session as this process sees it, pending changes included."""
        return self._session

    def take_update(self) -> SessionUpdate | None:
        """The session and the sections that changed since the last update was taken; None if none did.

        Every change ends up in exactly one update, whichever thread made it (a save's rebase runs
        in a worker), and each update carries the newest session.
        """
        with self._mutex:
            return self._updates.take(self._session)

    def take_whole_session(self) -> SessionUpdate:
        """The session with every section marked changed (origin DISK: it is the file as read),
        for screens that show it for the first time; later updates are relative to it."""
        with self._mutex:
            return self._updates.take_all(self._session, Origin.DISK)

    def _origin(self, signature: FileSignature | None) -> Origin:
        """Who wrote this version of the file: another pmtui process, or something else."""
        return Origin.OTHER_TERMINAL if written_by_pmtui(self.path, signature) else Origin.DISK

    @property
    def has_pending(self) -> bool:
        """Whether some changes are not on disk yet."""
        return bool(self._pending)

    def document_text(self) -> str:
        """The document as it would be written now."""
        with self._mutex:
            return self._renderer.render(self._fresh_doc())

    def submit(self, change: Change) -> Change:
        """Apply a change in memory at once and queue it for saving; returns its undo.

        Raises ChangeError if the change is not valid (the session is left as it was).
        """
        with self._mutex:
            try:
                doc = self._fresh_doc()
            except SessionReadError as error:
                # Only when the document was never parsed and the file broke meanwhile.
                raise ChangeError(f"{error}; fix the file, then try again") from None
            undo = self._apply(doc, change)
            self._pending.append(change)
            self._undos.append(undo)
            return undo

    def _apply(self, doc: TOMLDocument, change: Change) -> Change:
        # The session is what the document reads as, so its ids are the document's.
        ids = self._ids
        if self._ids_of is not self._session:
            ids = EntryIds(self._session.entry_ids(), None, self._read.position)
        undo = self._run(doc, change, ids)
        try:
            self._session = apply_to_session(self._session, doc, change.sections, change.touched, self._read)
        except Exception as error:
            self._run(doc, undo)
            raise ChangeError(_first_line(error)) from None
        self._ids, self._ids_of = ids.after(self._session.entry_ids(), change.touched), self._session
        self._updates.note(change.sections, Origin.LOCAL)
        return undo

    def _run(self, doc: TOMLDocument, change: Change, ids: EntryIds | None = None) -> Change:
        """Apply a change (or an undo) to the document and tell the renderer which tables it changed."""
        try:
            undo = change.apply(doc) if ids is None else change.apply_knowing_ids(doc, ids)
        except BaseException:
            self._renderer.reset()  # stopped midway: it may have changed tables it did not get to name
            raise
        self._renderer.forget(change.touched, change.sections)
        return undo

    def _fresh_doc(self) -> TOMLDocument:
        if self._doc is None:
            self._parse_document()
        elif self._doc_stale and not self._pending:
            # Another process wrote the file and we only read it the fast way; parse it fully now.
            # If it is broken meanwhile, edit the last good document: the save replays our
            # changes on the file once it is valid again.
            with contextlib.suppress(SessionReadError):
                self._parse_document()
        assert self._doc is not None
        return self._doc

    def _parse_document(self) -> None:
        signature = FileSignature.of(self.path)
        self._doc, self._session, self._text = load_path(self.path)
        self._doc_stale = False
        if signature != self._synced:
            self._synced = signature
            self._updates.note_all(self._session, self._origin(signature))
        # else: the very version the fast reader read (and the screens were shown): nothing changed.
        # Noting it as a disk change made this terminal's next edit arrive as one from the disk.

    def save(self) -> bool:
        """Write pending changes to the file, on top of its freshest state. Returns True if it wrote.

        Raises SessionWriteError (disk full, read-only…) or SessionReadError (the file on disk
        is broken); the changes stay pending and in memory, to be retried.

        The in-memory state is locked only to render the text: waiting for the other process's
        lock and the disk write happen outside it, so submit() from the UI never waits on the disk.
        Changes submitted during the write stay pending for the next save.
        """
        if not self._pending:
            return False
        try:
            with file_lock(self.path) as lock:
                with self._mutex:
                    if not self._pending:
                        return False
                    on_disk = FileSignature.of(self.path)
                    # A stale document (the last re-read was the fast one and parsing it fully
                    # failed since) must never be written back: rebase, or fail and keep the changes.
                    if on_disk is not None and (on_disk != self._synced or self._doc_stale):
                        self._rebase(on_disk)
                    text = self._renderer.render(self._fresh_doc())
                    known_good = self._text
                    written = len(self._pending)
                    self._saving = True
                try:
                    atomic_write(
                        self.path,
                        text,
                        check_toml=True,
                        known_good=known_good,
                        before_replace=lambda signature: stamp_lock(lock, signature),
                    )
                except BaseException:
                    with self._mutex:
                        self._saving = False
                    raise
                with self._mutex:
                    # In the same block as _saving: a watcher must never see our write as another's.
                    self._saving = False
                    self._synced = FileSignature.of(self.path)
                    del self._pending[:written]
                    del self._undos[:written]
                    self._text = text
        except SessionError as error:
            self.last_error = error
            raise
        self.last_error = None
        return True

    def _rebase(self, on_disk: FileSignature) -> None:
        """Someone else changed the file: replay our pending changes on what is on disk now."""
        if self.path.is_dir():  # not a broken session: there is nothing to read or write over
            raise SessionWriteError(self.path, "is now a folder, not a file; move it away or save elsewhere")
        origin = self._origin(on_disk)
        if self._rebase_quick():
            # Any section may differ: theirs, and ours if a replay no longer applies (take() compares).
            self._updates.note_all(self._session, origin)
            return
        doc, session, text = load_path(self.path)
        self._text = text
        kept: list[Change] = []
        undos: list[Change] = []
        self._session = session
        self._updates.note_all(session, origin)
        for change in self._pending:
            try:
                undos.append(self._apply(doc, change))
                kept.append(change)
            except ChangeError:
                continue  # e.g. an edit to an entry deleted meanwhile: nothing left to apply it to
        self._doc = doc
        self._doc_stale = False
        self._pending, self._undos = kept, undos

    def _rebase_quick(self) -> bool:
        """Rebase without a full parse: take our pending changes out, follow the blocks the other
        writer changed (resync), and put our changes back. False if it cannot; the doc is then as before.
        """
        doc = self._doc
        if doc is None or self._doc_stale or self._text is None or len(self._undos) != len(self._pending):
            return False
        try:
            text = read_text(self.path)
        except SessionReadError:
            return False
        try:
            for undo in reversed(self._undos):
                self._run(doc, undo)
        except Exception:
            self._doc, self._doc_stale = None, True  # half undone: only a full parse can be trusted now
            return False
        result = resync(doc, self._text, text) if renders_as(doc, self._text) else None
        session = None
        if result is not None:
            sections = set(result.sections)
            touched: set[str] | None = set(result.touched)
            for change in self._pending:
                sections.update(change.sections)
                touched = None if touched is None or change.touched is None else touched | change.touched
            try:
                session = apply_to_session(self._session, doc, tuple(sections), touched, self._read)
            except Exception:
                result.undo()
                session = None
        if session is None:
            try:
                for change in self._pending:  # back to where we were
                    self._run(doc, change)
            except Exception:
                self._doc, self._doc_stale = None, True
            return False
        self._session, self._text = session, text
        kept: list[Change] = []
        undos: list[Change] = []
        for change in self._pending:
            try:
                undos.append(self._apply(doc, change))
                kept.append(change)
            except ChangeError:
                continue
        self._pending, self._undos = kept, undos
        return True

    def reload_if_changed(self) -> bool:
        """Pick up changes another process or an editor made; True if the session changed.

        With changes pending, they are saved on top (which also reloads). Raises
        SessionReadError if the file on disk is broken; the last good state stays in memory.
        While this process is writing, it returns False: the caller checks again after the save.
        """
        with self._mutex:
            if self._saving:
                return False
            on_disk = FileSignature.of(self.path)
            if on_disk is None or on_disk == self._synced:
                return False
            pending = bool(self._pending)
        if pending:
            return self.save()
        with self._mutex:
            if self._saving or self._pending:
                return False
            on_disk = FileSignature.of(self.path)
            if on_disk is None or on_disk == self._synced:
                return False
            resynced = self._resync(on_disk)
            if resynced is not None:
                return resynced
            try:
                session = load_session_fast(self.path)
            except SessionReadError as error:
                self.last_error = error
                raise
            self._session = session
            self._updates.note_all(session, self._origin(on_disk))
            self._doc_stale = True
            self._synced = on_disk
            self.last_error = None
            return True

    def _resync(self, on_disk: FileSignature) -> bool | None:
        """Re-parse only the blocks another writer changed (a second per write saved on 2,000 entries).

        None when it cannot tell (no document yet, a broken or unusual file): the caller reads the
        whole file, which also gives the precise error message.
        """
        if self._doc is None or self._doc_stale or self._text is None:
            return None
        try:
            text = read_text(self.path)
        except SessionReadError:
            return None
        if text == self._text:
            self._synced = on_disk
            return False
        result = resync(self._doc, self._text, text)
        if result is None:
            return None
        try:
            session = apply_to_session(self._session, self._doc, result.sections, result.touched, self._read)
        except Exception:
            result.undo()  # not a valid session: keep the last good state, report via the full read
            return None
        self._session, self._text, self._synced = session, text, on_disk
        self._updates.note(result.sections, self._origin(on_disk))
        self.last_error = None
        return True

    def save_as(self, path: Path | str) -> None:
        """Write the whole session, pending changes included, to another file and edit that one."""
        with self._mutex:
            target = Path(path)
            with file_lock(target) as lock:
                text = self._renderer.render(self._fresh_doc())
                atomic_write(
                    target, text, check_toml=True, before_replace=lambda signature: stamp_lock(lock, signature)
                )
            self.path = target
            self._synced = FileSignature.of(target)
            self._pending.clear()
            self._undos.clear()
            self._text = text
            self.last_error = None


def _first_line(error: Exception) -> str:
    text = str(error)
    if "validation error" in text:
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        return lines[-1] if len(lines) < 3 else lines[2].removeprefix("Value error, ")
    return text.splitlines()[0] if text else type(error).__name__


def create_session_file(path: Path | str, text: str) -> None:
    """Write a new session file atomically; refuses to overwrite an existing one.

    The text goes to a temp file in the same folder (fsynced), which is then hard-linked to its
    name: the link fails if the name exists, so a file appearing meanwhile is never replaced, and a
    reader never sees half a file.
    """
    path = Path(path)
    if os.path.lexists(path):
        raise SessionWriteError(path, "already exists; pmtui never overwrites a file, pick another name")
    if not path.parent.is_dir():
        raise SessionWriteError(path, f"the folder {path.parent} does not exist; create it first or name another")
    try:
        fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as error:
        raise SessionWriteError(path, _write_problem(error, path)) from None
    try:
        with os.fdopen(fd, "wb") as tmp:
            tmp.write(text.encode("utf-8"))
            tmp.flush()
            os.fsync(tmp.fileno())
        os.chmod(tmp_name, 0o644)
        try:
            os.link(tmp_name, path)
        except OSError as error:
            if error.errno not in (errno.EPERM, errno.EOPNOTSUPP, errno.EMLINK):
                raise
            _create_exclusive(path, text)  # a file system without hard links (FAT, some shares)
    except FileExistsError:
        raise SessionWriteError(path, "already exists; pmtui never overwrites a file, pick another name") from None
    except OSError as error:
        raise SessionWriteError(path, _write_problem(error, path)) from None
    finally:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
    sync_folder(path.parent)


def create_session_files(files: list[tuple[Path, str]]) -> list[SessionWriteError | None]:
    """Create many new session files with the same guarantees as create_session_file, far faster.

    Every text goes to its temp file first; one sync(2) then puts them all on disk (an fsync per
    file costs about 5 ms on a virtual disk: 5 s for a wiki of 1,000 pages); only then is each
    linked to its name, never over an existing file. Returns, per file, None or the error.
    """
    results: list[SessionWriteError | None] = [None] * len(files)
    temps: dict[int, str] = {}
    for index, (path, text) in enumerate(files):
        if os.path.lexists(path):
            results[index] = SessionWriteError(path, "already exists; pmtui never overwrites a file, pick another name")
            continue
        try:
            fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
            with os.fdopen(fd, "wb") as tmp:
                tmp.write(text.encode("utf-8"))
            os.chmod(tmp_name, 0o644)
        except OSError as error:
            results[index] = SessionWriteError(path, _write_problem(error, path))
            continue
        temps[index] = tmp_name
    if temps:
        os.sync()
    folders: set[Path] = set()
    for index, tmp_name in temps.items():
        path = files[index][0]
        try:
            os.link(tmp_name, path)
            folders.add(path.parent)
        except FileExistsError:
            results[index] = SessionWriteError(path, "already exists; pmtui never overwrites a file, pick another name")
        except OSError:
            try:
                create_session_file(path, files[index][1])  # no hard links here: one at a time
            except SessionWriteError as error:
                results[index] = error
        finally:
            with contextlib.suppress(OSError):
                os.unlink(tmp_name)
    for folder in folders:
        sync_folder(folder)
    return results


def _create_exclusive(path: Path, text: str) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(text)
        out.flush()
        os.fsync(out.fileno())
