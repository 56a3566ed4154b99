"""`pmtui import` as a user runs it: never overwrites, dry run writes nothing, exit codes, folders, hostile input."""

from __future__ import annotations

import io
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from pmtui.cli import main
from pmtui.storage.parsing import load_path

DOCS = Path(__file__).resolve().parent / "import_docs"
REPO = Path(__file__).resolve().parent.parent

SMALL = """# Checkout errors

**Date:** 2026-11-20 · **Severity:** Sev 1 · **Status:** in review

## Timeline

All times UTC

| Time (UTC) | Action |
|---|---|
| 10:01 | Alert fired for checkout 5xx above 5% |
| 10:05 | Rolled back the deploy |

## Action items

- [ ] Add a canary (@sam, due 2026-12-01) #12
"""


def test_an_existing_output_is_refused_and_left_alone(tmp_path: Path, capsys) -> None:
    source = tmp_path / "pm.md"
    source.write_text(SMALL, encoding="utf-8")
    out = tmp_path / "out.toml"
    out.write_text("mine", encoding="utf-8")
    assert main(["import", str(source), "-o", str(out)]) == 2
    assert "already exists" in capsys.readouterr().err
    assert out.read_text(encoding="utf-8") == "mine"


def test_dry_run_shows_the_mapping_and_writes_nothing(tmp_path: Path, capsys) -> None:
    source = tmp_path / "pm.md"
    source.write_text(SMALL, encoding="utf-8")
    out = tmp_path / "out.toml"
    assert main(["import", str(source), "-o", str(out), "--dry-run"]) == 0
    shown = capsys.readouterr().out
    assert "2026-11-20 10:01  alert" in shown
    assert "2 timeline entries, 1 action" in shown
    assert not out.exists()
    assert list(tmp_path.iterdir()) == [source]


def test_markdown_from_stdin_and_a_timezone_for_unqualified_times(tmp_path: Path, monkeypatch) -> None:
    text = "# Pool exhausted\n\nDate: 2026-07-01\n\n## Timeline\n\n- 10:01 - pool at 100%\n"
    monkeypatch.setattr(sys, "stdin", io.StringIO(text))
    out = tmp_path / "out.toml"
    assert main(["import", "-", "-o", str(out), "--timezone", "Europe/London"]) == 0
    _, session, _ = load_path(out)
    assert session.incident.timezone == "Europe/London"
    assert session.timeline[0].at.isoformat() == "2026-07-01T09:01:00+00:00"  # BST


def test_text_without_a_field_is_kept_and_exits_1(tmp_path: Path, capsys) -> None:
    source = tmp_path / "pm.md"
    source.write_text(SMALL + "\n## Appendix\n\nA paragraph about the weather.\n", encoding="utf-8")
    out = tmp_path / "out.toml"
    assert main(["import", str(source), "-o", str(out)]) == 1
    assert "A paragraph about the weather" in capsys.readouterr().err
    _, session, _ = load_path(out)
    assert "Appendix:\nA paragraph about the weather." in session.incident.notes


def test_a_bare_time_without_any_date_is_reported_not_invented(tmp_path: Path, capsys) -> None:
    source = tmp_path / "pm.md"
    source.write_text("# X\n\n## Timeline\n\n- 10:01 paged\n", encoding="utf-8")
    out = tmp_path / "out.toml"
    assert main(["import", str(source), "-o", str(out)]) == 1
    assert "has a time but no date" in capsys.readouterr().err
    _, session, _ = load_path(out)
    assert session.timeline == [] and "10:01 paged" in session.incident.notes


def test_a_folder_into_a_folder(tmp_path: Path, capsys) -> None:
    source = tmp_path / "wiki"
    (source / "2026").mkdir(parents=True)
    (source / "2026" / "pm.md").write_text(SMALL, encoding="utf-8")
    (source / "confluence.html").write_text((DOCS / "confluence.html").read_text(encoding="utf-8"), encoding="utf-8")
    (source / "broken.docx").write_bytes(b"PK not really")
    (source / ".hidden.md").write_text(SMALL, encoding="utf-8")
    into = tmp_path / "sessions"

    assert main(["import", str(source), "--into", str(into)]) == 2  # one document failed; the others are there
    table = capsys.readouterr().out
    assert "broken.docx" in table and "failed: is not a Word document" in table
    assert "3 documents: 2 imported" in table
    assert sorted(p.relative_to(into).as_posix() for p in into.rglob("*.toml")) == ["2026/pm.toml", "confluence.toml"]
    load_path(into / "2026" / "pm.toml")

    before = (into / "confluence.toml").read_bytes()
    assert main(["import", str(source), "--into", str(into)]) == 2
    assert "already exists; not overwritten" in capsys.readouterr().out
    assert (into / "confluence.toml").read_bytes() == before


def test_a_large_folder_is_read_in_processes_and_comes_out_as_a_serial_run(
    tmp_path: Path, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Many documents are read and mapped in worker processes (pmtui.storage.many_files): the
    files, the table and the exit code are those of one process, in the same order; a bad
    document, a name two documents share and a file already there are refused the same way."""
    source = tmp_path / "wiki"
    (source / "team").mkdir(parents=True)
    for n in range(7):
        (source / "team" / f"pm-{n}.md").write_text(SMALL.replace("Checkout errors", f"Incident {n}"), encoding="utf-8")
    (source / "team" / "pm-3.html").write_text((DOCS / "confluence.html").read_text(encoding="utf-8"), encoding="utf-8")
    (source / "broken.docx").write_bytes(b"PK not really")

    def run(into: Path, parallel_from: int) -> tuple[int, str, dict[str, bytes]]:
        (into / "team").mkdir(parents=True)
        (into / "team" / "pm-5.toml").write_text("# mine\n", encoding="utf-8")
        monkeypatch.setattr("pmtui.storage.many_files.PARALLEL_FROM", parallel_from)
        code = main(["import", str(source), "--into", str(into)])
        table = capsys.readouterr().out.replace(str(into), "OUT")
        return code, table, {p.relative_to(into).as_posix(): p.read_bytes() for p in sorted(into.rglob("*.toml"))}

    serial = run(tmp_path / "one", parallel_from=10**6)
    parallel = run(tmp_path / "many", parallel_from=2)
    assert parallel == serial
    code, table, files = parallel
    assert code == 2 and "9 documents: 6 imported" in table
    assert "pm-3.md" in table and "OUT/team/pm-3.toml already exists; not overwritten" in table, "pm-3.html came first"
    assert files["team/pm-5.toml"] == b"# mine\n"
    assert b"Incident 6" in files["team/pm-6.toml"]


def hostile_docx_bomb(path: Path) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"\0" * (20 * 1024 * 1024))


@pytest.mark.parametrize(
    ("name", "make", "message"),
    [
        ("bomb.docx", hostile_docx_bomb, "zip bomb"),
        ("text.docx", lambda p: p.write_text("I am not a zip", encoding="utf-8"), "not a Word document"),
        ("other.zip.docx", lambda p: zipfile.ZipFile(p, "w").writestr("a.txt", "x"), "no word/document.xml"),
        ("huge.md", lambda p: p.write_bytes(b"# x\n" + b"a" * (20 * 1024 * 1024)), "too large"),
        ("deep.html", lambda p: p.write_text("<div>" * 50000 + "x", encoding="utf-8"), "nests its elements"),
        ("folder.md", lambda p: p.mkdir(), "is a folder"),
        ("notes.pdf", lambda p: p.write_bytes(b"%PDF-1.4"), "use a .md, .html or .docx file"),
        ("missing.md", lambda p: None, "no such file"),
    ],
)
def test_hostile_documents_get_one_line_and_nothing_is_written(tmp_path: Path, name, make, message) -> None:
    source = tmp_path / name
    make(source)
    out = tmp_path / "out.toml"
    run = subprocess.run(
        [sys.executable, "-m", "pmtui", "import", str(source), "-o", str(out)],
        cwd=REPO, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert run.returncode == 2
    assert message in run.stderr
    assert "Traceback" not in run.stderr and len(run.stderr.strip().splitlines()) == 1
    assert not out.exists()


def test_escapes_and_markup_in_text_never_reach_the_terminal(tmp_path: Path) -> None:
    source = tmp_path / "evil.md"
    source.write_text(
        "# \x1b[2J\x1b]0;owned\x07Title [bold]x[/bold]\n\nDate: 2026-11-20\n\n## Timeline\n\n"
        "- 10:01 - \x1b[31mred\x1b[0m \u202eoverride\n\n## Appendix\n\n\x1b[5mblink\n",
        encoding="utf-8",
    )
    out = tmp_path / "out.toml"
    for extra in (["--dry-run"], []):
        run = subprocess.run(
            [sys.executable, "-m", "pmtui", "import", str(source), "-o", str(out), *extra],
            cwd=REPO, capture_output=True, text=True, timeout=60,
        )  # fmt: skip
        assert run.returncode == 1
        assert "\x1b" not in run.stdout + run.stderr and "\x07" not in run.stdout + run.stderr
        assert "[bold]x[/bold]" in run.stdout + run.stderr or extra == []
    _, session, _ = load_path(out)
    assert session.timeline[0].text.startswith("\x1b[31mred")  # kept as data, escaped in the TOML file
    assert "\x1b" not in out.read_text(encoding="utf-8")
