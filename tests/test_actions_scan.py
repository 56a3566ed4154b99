"""`pmtui actions DIR`: open actions across a folder, overdue first, broken files reported and skipped."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest

from pmtui.cli import main
from pmtui.storage.followup import read_session_files, scan, session_files

TODAY = dt.date(2026, 12, 20)


def session_text(title: str, actions: list[tuple[str, str, str | None, str]]) -> str:
    """A small valid session with (id, owner, due, status) actions."""
    parts = [f'schema_version = 1\n\n[incident]\ntitle = "{title}"\n']
    for action_id, owner, due, status in actions:
        parts.append(f'\n[[actions]]\nid = "{action_id}"\ntext = "Do {action_id} for {title}"\nowner = "{owner}"\n')
        if due:
            parts.append(f"due = {due}\n")
        parts.append(f'status = "{status}"\n')
    return "".join(parts)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    root = tmp_path / "postmortems"
    (root / "2026" / "q4").mkdir(parents=True)
    (root / ".git").mkdir()
    (root / "alpha.toml").write_text(
        session_text(
            "Alpha outage",
            [
                ("a1", "Priya Natarajan", "2026-12-10", "open"),  # 10 days overdue
                ("a2", "Sam Ortega", "2027-01-05", "in-progress"),  # not yet due
                ("a3", "Priya Natarajan", "2026-11-01", "done"),  # done: not listed
                ("a4", "Lee Chen", None, "open"),  # no due date: last
            ],
        )
    )
    (root / "2026" / "q4" / "beta.toml").write_text(
        session_text(
            "Beta degradation",
            [
                ("a1", "priya natarajan", "2026-11-20", "open"),  # 30 days overdue
                ("a2", "Sam Ortega", "2026-12-20", "open"),  # due today: not overdue
                ("a3", "Sam Ortega", "2026-12-01", "wont-do"),
            ],
        )
    )
    (root / "2026" / "broken.toml").write_text('[incident]\ntitle = "unclosed\n')
    (root / "2026" / "invalid.toml").write_text('[[actions]]\nid = "a1"\ntext = "x"\nstatus = "maybe"\n')
    (root / ".git" / "config.toml").write_text("not = [toml")  # hidden folder: never read
    (root / ".alpha.toml.x1y2.tmp").write_text("junk")  # a save in progress
    (root / ".hidden.toml").write_text("junk")
    (root / "notes.md").write_text("# not a session")
    return root


def test_finds_toml_files_recursively_skipping_hidden_ones(folder: Path) -> None:
    names = [p.relative_to(folder).as_posix() for p in session_files(folder)]
    assert names == ["alpha.toml", "2026/broken.toml", "2026/invalid.toml", "2026/q4/beta.toml"]


def test_scan_orders_most_overdue_first_then_by_due_date(folder: Path) -> None:
    result = scan(folder, TODAY)
    assert [(r.path, r.id, r.days_overdue) for r in result.rows] == [
        ("2026/q4/beta.toml", "a1", 30),
        ("alpha.toml", "a1", 10),
        ("2026/q4/beta.toml", "a2", 0),
        ("alpha.toml", "a2", 0),
        ("alpha.toml", "a4", 0),
    ]
    assert result.files == 4
    assert [(str(p.path), p.line is not None) for p in result.problems] == [
        ("2026/broken.toml", True),
        ("2026/invalid.toml", True),
    ]
    assert 'status "maybe" is not one of' in result.problems[1].message


def test_parallel_scan_gives_the_same_answer(folder: Path) -> None:
    serial, parallel = scan(folder, TODAY, workers=1), scan(folder, TODAY, workers=2)
    assert parallel.rows == serial.rows
    assert [str(p) for p in parallel.problems] == [str(p) for p in serial.problems]


def _title(path: Path, shown: str) -> str:
    if "odd" in shown:
        raise KeyError("a reader bug")
    return f"{shown}: {path.read_text(encoding='utf-8').splitlines()[0]}"


@pytest.mark.parametrize("workers", [1, 2])
def test_one_reader_for_a_folder_reports_what_it_could_not_read_and_goes_on(tmp_path: Path, workers: int) -> None:
    # What `pmtui actions` and `pmtui report` share: every session file, in order, broken ones reported.
    for name in ("b.toml", "a.toml", "odd.toml", ".hidden.toml", "notes.md"):
        (tmp_path / name).write_text(f"# {name}\n", encoding="utf-8")
    found = read_session_files(tmp_path, _title, workers)
    assert found.results == ["a.toml: # a.toml", "b.toml: # b.toml"]
    assert [str(problem) for problem in found.problems] == ["odd.toml: could not be read: KeyError: 'a reader bug'"]
    assert found.files == 3


def test_table_lists_open_actions_within_80_columns(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["actions", str(folder), "--today", TODAY.isoformat()]) == 0
    out, err = capsys.readouterr()
    lines = out.splitlines()
    assert max(len(line) for line in lines) <= 80
    assert lines[0].split() == ["Due", "Late", "Owner", "Incident"]
    assert lines[2].split()[:4] == ["2026-11-20", "30", "d", "priya"]
    assert "Beta degradation" in lines[2]
    assert lines[3].strip().startswith("2026/q4/beta.toml:a1 · P2 · Do a1 for Beta degradation")
    assert "no date" in out and "(no owner)" not in out
    assert "5 open actions, 2 overdue (as of 2026-12-20), in 4 files; 2 could not be read." in out
    assert len(err.splitlines()) == 2
    assert all(line.startswith("pmtui: ") and line.endswith("(skipped)") for line in err.splitlines())
    assert str(folder / "2026" / "broken.toml") in err


def test_long_texts_are_cut_with_an_ellipsis(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "long.toml").write_text(session_text("T" * 300, [("a1", "O" * 100, "2026-01-01", "open")]))
    assert main(["actions", str(tmp_path), "--today", TODAY.isoformat()]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert max(len(line) for line in lines) <= 80
    assert lines[2].endswith("…") and "O" * 17 + "…" in lines[2]


def test_overdue_only_exits_1_when_anything_is_overdue(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["actions", str(folder), "--overdue", "--today", TODAY.isoformat(), "--format", "json"]) == 1
    rows = json.loads(capsys.readouterr().out)
    assert [(r["path"], r["id"], r["days_overdue"]) for r in rows] == [
        ("2026/q4/beta.toml", "a1", 30),
        ("alpha.toml", "a1", 10),
    ]
    assert rows[0]["due"] == "2026-11-20" and rows[0]["incident"] == "Beta degradation"


def test_overdue_only_exits_0_when_nothing_is_overdue(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["actions", str(folder), "--overdue", "--today", "2026-11-01"]) == 0
    assert "0 overdue actions" in capsys.readouterr().out


def test_owner_filter_is_case_insensitive(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        main(["actions", str(folder), "--owner", "PRIYA  natarajan", "--today", TODAY.isoformat(), "--format", "csv"])
        == 0
    )
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [(r["file"], r["id"], r["owner"]) for r in rows] == [
        ("2026/q4/beta.toml", "a1", "priya natarajan"),
        ("alpha.toml", "a1", "Priya Natarajan"),
    ]
    assert rows[0]["days_overdue"] == "30" and rows[0]["action"] == "Do a1 for Beta degradation"


def test_owner_filter_with_overdue_only(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["actions", str(folder), "--owner", "sam ortega", "--overdue", "--today", TODAY.isoformat()]) == 0
    assert "0 overdue actions owned by sam ortega" in capsys.readouterr().out


def test_csv_defuses_formulas(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "f.toml").write_text(session_text("=cmd|' /C calc'!A0", [("a1", "@owner", "2026-01-01", "open")]))
    assert main(["actions", str(tmp_path), "--format", "csv", "--today", TODAY.isoformat()]) == 0
    row = next(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert row["incident"] == "'=cmd|' /C calc'!A0" and row["owner"] == "'@owner"


def test_missing_folder_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["actions", str(tmp_path / "nope")]) == 2
    assert "no such folder" in capsys.readouterr().err


def test_a_file_instead_of_a_folder_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "x.toml"
    path.write_text("")
    assert main(["actions", str(path)]) == 2
    assert "is not a folder" in capsys.readouterr().err


def test_bad_today_is_refused(tmp_path: Path) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["actions", str(tmp_path), "--today", "tomorrow"])
    assert exit_info.value.code == 2


def test_terminal_escape_sequences_in_a_file_are_not_printed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "esc.toml").write_text(
        session_text("\\u001b[2J\\u001b]0;pwned\\u0007 title", [("a1", "o", None, "open")])
    )
    assert main(["actions", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x07" not in out and "\\x1b[2J" in out
