"""`pmtui export`: stdout, -o, --strict, --copy with and without a clipboard, broken input files."""

from __future__ import annotations

import csv
import json
import os
from pathlib import Path

import pyperclip
import pytest

from pmtui.cli import main
from pmtui.export import export
from pmtui.storage.parsing import load_session_fast
from tests.hostile_corpus import CORPUS, HostileCase, case_id


@pytest.fixture
def clipboard(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """A working clipboard that records what was copied."""
    copied: list[str] = []

    def copy_xclip(text: str) -> None:
        copied.append(text)

    monkeypatch.setattr(pyperclip, "copy", copy_xclip)
    return copied


@pytest.fixture
def no_clipboard(monkeypatch: pytest.MonkeyPatch) -> None:
    def copy(text: str) -> None:
        raise pyperclip.PyperclipException("Pyperclip could not find a copy/paste mechanism for your system.")

    monkeypatch.setattr(pyperclip, "copy", copy)


@pytest.mark.parametrize("fmt", ["md", "html", "json", "csv"])
def test_prints_to_stdout_by_default(fmt: str, demo_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", str(demo_copy), "--format", fmt]) == 0
    out = capsys.readouterr().out
    assert out == export(load_session_fast(demo_copy), fmt)


def test_writes_to_output_file(demo_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "out" / "pm.csv"
    target.parent.mkdir()
    assert main(["export", str(demo_copy), "-f", "csv", "-o", str(target)]) == 0
    out, err = capsys.readouterr()
    assert out == "" and f"Wrote {target}" in err
    assert target.read_bytes() == export(load_session_fast(demo_copy), "csv").encode()  # CRLF rows kept as is
    with target.open(newline="") as handle:
        assert len(list(csv.reader(handle))) == 6


def test_unwritable_output_is_one_line_exit_2(
    demo_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["export", str(demo_copy), "-o", str(tmp_path / "no" / "such" / "dir.md")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "dir.md" in err


def test_strict_refuses_while_checks_find_errors(
    tmp_path: Path, demo_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = demo_copy.read_text().replace('moderator = "Sam Ortega"', 'moderator = "Lee Chen"')
    demo_copy.write_text(text)  # the moderator is now also the notetaker: an error for `pmtui check`
    assert main(["export", str(demo_copy), "--strict"]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert "not exported" in err and "error" in err.splitlines()[1]


def test_strict_exports_a_clean_session(demo_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from pmtui.domain.checks import run_checks

    assert not [f for f in run_checks(load_session_fast(demo_copy)) if f.severity == "error"]
    assert main(["export", str(demo_copy), "--strict", "-f", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["incident"]["severity"] == "SEV1"


def test_copy_puts_the_document_on_the_clipboard(
    demo_copy: Path, clipboard: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["export", str(demo_copy), "--copy"]) == 0
    out, err = capsys.readouterr()
    assert clipboard == [export(load_session_fast(demo_copy), "md")]
    assert out == "" and "Copied" in err and "(xclip)" in err
    assert sorted(p.name for p in demo_copy.parent.iterdir()) == [demo_copy.name]  # nothing else written


def test_copy_without_clipboard_writes_beside_the_session(
    demo_copy: Path, no_clipboard: None, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["export", str(demo_copy), "--copy", "-f", "html"]) == 0
    out, err = capsys.readouterr()
    written = demo_copy.with_name(demo_copy.stem + ".export.html")
    assert out == ""
    assert "Nothing was copied" in err and str(written) in err and err.count("\n") == 1
    assert written.read_text() == export(load_session_fast(demo_copy), "html")


def test_copy_without_clipboard_uses_the_output_path(
    demo_copy: Path, tmp_path: Path, no_clipboard: None, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "pm.md"
    assert main(["export", str(demo_copy), "--copy", "-o", str(target)]) == 0
    assert "Nothing was copied" in capsys.readouterr().err
    assert target.exists() and not demo_copy.with_name(demo_copy.stem + ".export.md").exists()


def test_copy_with_nowhere_to_write_falls_back_to_stdout(
    demo_copy: Path, no_clipboard: None, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from pmtui.domain.errors import SessionWriteError

    def read_only(path: Path, text: str) -> None:
        raise SessionWriteError(path, "cannot be written: Read-only file system")

    monkeypatch.setattr("pmtui.commands.export.atomic_write", read_only)
    assert main(["export", str(demo_copy), "--copy"]) == 0
    out, err = capsys.readouterr()
    assert out.startswith("# 2026-11-20") and "Nothing was copied" in err and "Read-only" in err


@pytest.mark.parametrize("case", CORPUS, ids=case_id)
def test_broken_input_is_one_line_exit_2_and_untouched(
    case: HostileCase, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    if case.skip_as_root and os.geteuid() == 0:
        pytest.skip("root reads files without read permission")
    path = case.build(tmp_path)
    before = path.read_bytes() if path.is_file() and not path.is_symlink() and path.stat().st_size < 1e6 else None
    assert main(["export", str(path), "-f", "md"]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.count("\n") == 1 and err.startswith("pmtui: ") and case.expect in err
    if before is not None:
        assert path.read_bytes() == before
    assert not list(tmp_path.glob("*.export.*"))


def test_refuses_to_overwrite_the_session_file(demo_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = demo_copy.read_bytes()
    assert main(["export", str(demo_copy), "-o", str(demo_copy.parent / "." / demo_copy.name)]) == 2
    assert "is the session file itself" in capsys.readouterr().err
    assert demo_copy.read_bytes() == before
