"""Broken and hostile session files: one clear line naming the file, never a traceback, never a change.

The corpus lives in tests/hostile_corpus.py and is built into tmp_path at test time.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from pmtui.domain.changes import SetField
from pmtui.domain.errors import SessionError, SessionReadError
from pmtui.storage.parsing import load_session_fast
from pmtui.storage.store import SessionFile
from tests.hostile_corpus import CORPUS, VALID, HostileCase, case_id

AS_ROOT = os.geteuid() == 0
KIND_LIST = (
    "impact-start, detected, alert, acknowledged, action, action-done, realization, communication, "
    "mitigated, impact-end, resolved or note"
)


@contextlib.contextmanager
def deadline(seconds: int) -> Iterator[None]:
    """Fail instead of hanging (a FIFO or a device must never block a read)."""

    def expire(*_: object) -> None:
        raise TimeoutError(f"still reading after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def snapshot(folder: Path) -> dict[str, tuple[int, int, bytes | None]]:
    """Every entry of a folder tree: (mode, mtime, content of regular files), without following links."""
    state = {}
    for entry in sorted(folder.rglob("*")):
        st = entry.lstat()
        regular = entry.is_file() and not entry.is_symlink()
        state[str(entry)] = (st.st_mode, st.st_mtime_ns, entry.read_bytes() if regular else None)
    return state


def skip_if_meaningless(case: HostileCase) -> None:
    if case.skip_as_root and AS_ROOT:
        pytest.skip("root reads files whatever their permissions; see test_permission_denied_is_one_line")


def test_the_corpus_is_big_enough() -> None:
    assert len(CORPUS) >= 55
    assert len({case.name for case in CORPUS}) == len(CORPUS), "case names are unique"


@pytest.mark.parametrize("case", CORPUS, ids=case_id)
def test_open_refuses_with_one_clear_line(case: HostileCase, tmp_path: Path) -> None:
    skip_if_meaningless(case)
    path = case.build(tmp_path)
    before = snapshot(tmp_path)
    for read in (SessionFile.open, functools.partial(SessionFile.open, lazy=True), load_session_fast):
        with deadline(10), pytest.raises(SessionReadError) as caught:
            read(path)
        message = str(caught.value)
        assert message.startswith(str(path)), message
        assert "\n" not in message and "Traceback" not in message
        assert case.expect in message, message
        assert len(message) < 400, "one readable line"
    assert snapshot(tmp_path) == before, "reading a broken file changes nothing and leaves nothing behind"


@pytest.mark.parametrize("case", CORPUS, ids=case_id)
def test_a_running_session_survives_its_file_going_bad(case: HostileCase, tmp_path: Path) -> None:
    """An editor or a script replaces the open session's file with something broken."""
    skip_if_meaningless(case)
    live = tmp_path / "live"
    live.mkdir()
    path = live / "session.toml"
    path.write_text(VALID, encoding="utf-8")
    session_file = SessionFile.open(path)
    good = session_file.session
    (tmp_path / "bad").mkdir()
    bad = case.build(tmp_path / "bad")
    path.unlink()
    nothing_there = not os.path.exists(bad)  # follows links: a dangling or looping link counts
    if bad.exists() or bad.is_symlink():
        os.rename(bad, path)
    with deadline(10):
        try:
            session_file.reload_if_changed()
        except SessionReadError as error:
            assert str(error).startswith(str(path)) and "\n" not in str(error)
        assert session_file.session == good, "the last good state stays on screen"
        session_file.submit(SetField("incident", "owner", "Ana"))
        before = snapshot(live)  # (the lock file the save creates beside it is expected)
        try:
            saved = session_file.save()
        except SessionError as error:
            assert "\n" not in str(error)
            assert session_file.has_pending, "the change waits until the file is fixed"
            after = {name: state for name, state in snapshot(live).items() if not name.endswith("-lock")}
            assert after == before, "a broken file is never written over, and no temp file is left"
        else:
            # Only where nothing was there (no file, or a link to none) does the save create the file.
            assert saved and nothing_there, "a save never writes over something broken"
            assert SessionFile.open(path).session.incident.owner == "Ana"


def test_representative_messages_exactly(tmp_path: Path) -> None:
    by_name = {case.name: case for case in CORPUS}
    expected = {
        "unknown-timeline-kind": f':33: timeline t4: kind "alrt" is not one of {KIND_LIST}',
        "syntax-in-key": ":5:4: TOML syntax error: Expected '=' after a key in a key/value pair; fix it in an editor",
        "month-13": ":32:26: TOML syntax error: Invalid datetime; fix it in an editor",
        "datetime-without-offset": (
            ":32: timeline t4: at 2026-11-20T14:05:00 needs a UTC offset, e.g. 2026-11-20T14:02:00Z"
            " or 2026-11-20T14:02:00+01:00"
        ),
        "string-for-int": ':21: [meeting]: timebox_minutes "30" must be a whole number such as 30, without quotes',
        "dangling-addresses": ': actions a1: addresses "y9", which is not the id of a why or went-wrong entry',
        "newer-schema-version": (
            ":2: schema_version 2 is newer than this pmtui understands (1); upgrade pmtui to open it"
        ),
        "empty-file": ": is empty; create a session with `pmtui new`",
        "fifo": ": is not a regular file (a pipe or a device); name a session .toml file",
        "byte-order-mark": ":1:1: starts with a byte order mark (BOM); save it as UTF-8 without BOM",
    }
    for name, tail in expected.items():
        path = by_name[name].build(tmp_path)
        with pytest.raises(SessionReadError) as caught:
            SessionFile.open(path)
        assert str(caught.value) == f"{path}{tail}"


def test_permission_denied_is_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Tests often run as root, which reads anything: simulate the refusal the kernel gives a user.
    path = tmp_path / "locked.toml"
    path.write_text("schema_version = 1\n", encoding="utf-8")
    real_open = os.open

    def refuse(file: object, flags: int, *args: object) -> int:
        if Path(str(file)) == path:
            raise PermissionError(errno.EACCES, "Permission denied", str(file))
        return real_open(file, flags, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", refuse)  # every other path opens as usual
    with pytest.raises(SessionReadError) as caught:
        SessionFile.open(path)
    assert str(caught.value) == f"{path}: permission denied; check the file's permissions"


# --- the real command, in a subprocess --------------------------------------------------------


def run_check(*paths: Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pmtui", "check", *map(str, paths)],
        capture_output=True,
        text=True,
        timeout=20,
        cwd=cwd,
        check=False,
    )


@pytest.fixture(scope="module")
def corpus_checked(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Path], str, int, dict, dict]:
    """The whole corpus through one `pmtui check` run (one interpreter start instead of eighty)."""
    root = tmp_path_factory.mktemp("corpus")
    paths = {}
    for case in CORPUS:
        if case.skip_as_root and AS_ROOT:
            continue
        folder = root / case.name
        folder.mkdir()
        paths[case.name] = case.build(folder)
    before = snapshot(root)
    result = run_check(*paths.values(), cwd=root)
    assert "Traceback" not in result.stderr + result.stdout
    return paths, result.stderr, result.returncode, before, snapshot(root)


def test_check_refuses_the_whole_corpus_in_one_run(corpus_checked: tuple) -> None:
    paths, stderr, code, before, after = corpus_checked
    assert code == 2
    lines = stderr.splitlines()
    assert len(lines) == len(paths), "exactly one line per broken file"
    assert after == before, "check never changes or creates a file"


@pytest.mark.parametrize("case", CORPUS, ids=case_id)
def test_check_says_one_line_per_file(case: HostileCase, corpus_checked: tuple) -> None:
    skip_if_meaningless(case)
    paths, stderr, *_ = corpus_checked
    path = paths[case.name]
    mine = [line for line in stderr.splitlines() if line.startswith(f"pmtui: {path}:")]
    assert len(mine) == 1, stderr
    assert case.expect in mine[0]


@pytest.mark.parametrize("name", ["unknown-timeline-kind", "syntax-in-key", "fifo", "missing-file"])
def test_check_exits_2_on_a_single_broken_file(name: str, tmp_path: Path) -> None:
    case = next(case for case in CORPUS if case.name == name)
    path = case.build(tmp_path)
    before = snapshot(tmp_path)
    result = run_check(path, cwd=tmp_path)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr == f"pmtui: {library_message(path)}\n"
    assert snapshot(tmp_path) == before


def library_message(path: Path) -> str:
    """The message the library gives for a path, to compare with the command's output."""
    with pytest.raises(SessionReadError) as caught:
        load_session_fast(path)
    return str(caught.value)
