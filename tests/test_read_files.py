"""Reading a file someone named: one reader and one wording for session files, documents and logs."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from pmtui.domain.errors import SessionReadError, unreadable
from pmtui.storage.files import Expected, read_regular

SMALL = Expected(noun="a thing", limit=3 * 2**20, folder="is a folder; name a thing", not_regular="name a thing")


def refusal(path: Path, expected: Expected = SMALL) -> str:
    with pytest.raises(SessionReadError) as caught:
        read_regular(path, expected)
    return str(caught.value)


def test_a_regular_file_is_read_whole(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(b"x" * 3_000_000)
    assert read_regular(path, SMALL) == b"x" * 3_000_000


def test_folders_pipes_and_large_files_are_refused_saying_what_to_do(tmp_path: Path) -> None:
    assert refusal(tmp_path) == f"{tmp_path}: is a folder; name a thing"
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    assert refusal(fifo) == f"{fifo}: is not a regular file (a pipe or a device); name a thing"
    big = tmp_path / "big"
    big.write_bytes(b"x" * (3 * 2**20 + 1))
    assert refusal(big) == f"{big}: is 3 MB, too large for a thing (limit 3 MB)"


def test_a_missing_file_gets_the_readers_advice(tmp_path: Path) -> None:
    missing = tmp_path / "gone.toml"
    assert refusal(missing) == f"{missing}: no such file; check the path"
    advice = Expected("a thing", 10, "", "", missing="create one with `pmtui new`")
    assert refusal(missing, advice) == f"{missing}: no such file; create one with `pmtui new`"


@pytest.mark.parametrize(
    ("error", "said"),
    [
        (FileNotFoundError(errno.ENOENT, "No such file or directory"), "no such file; check the path"),
        (IsADirectoryError(errno.EISDIR, "Is a directory"), "is a folder; name a file inside it"),
        (PermissionError(errno.EACCES, "Permission denied"), "permission denied; check the file's permissions"),
        (
            OSError(errno.ELOOP, "Too many levels of symbolic links"),
            "cannot be read: Too many levels of symbolic links",
        ),
    ],
)
def test_an_os_error_is_said_in_plain_words(error: OSError, said: str) -> None:
    assert str(unreadable("x.md", error)).startswith(f"x.md: {said}")


def test_session_files_documents_and_logs_word_a_folder_alike(tmp_path: Path) -> None:
    from pmtui.docimport.importer import read_document
    from pmtui.storage.parsing import read_text

    folder = tmp_path / "notes.md"
    folder.mkdir()
    with pytest.raises(SessionReadError, match="is a folder"):
        read_text(folder)
    with pytest.raises(SessionReadError, match="is a folder"):
        read_document(str(folder))
