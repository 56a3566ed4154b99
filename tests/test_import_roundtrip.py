"""`pmtui export --format md` then `pmtui import` gives back the same session, for every sample session."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from pmtui.cli import main
from pmtui.export import export
from pmtui.storage.parsing import load_path, load_session_fast

SAMPLES = sorted((Path(__file__).resolve().parent.parent / "sample_sessions").glob("*.toml"))


def comparable(session) -> dict:
    """Everything a postmortem document carries: the meeting's live state (phase, timer) is not in it."""
    data = session.model_dump(mode="json", exclude={"meeting"})
    data["timebox_minutes"] = session.meeting.timebox_minutes
    return data


# Before any sample's due date, and after them all: an export marks the actions overdue on its
# day ("2026-12-04 **overdue**", "3 overdue as of …"), and what it says must read back the same.
EXPORT_DAYS = [dt.date(2026, 10, 1), dt.date(2027, 6, 1)]


@pytest.mark.parametrize("today", EXPORT_DAYS, ids=["before-due", "overdue"])
@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.stem)
def test_export_then_import_gives_the_same_session(sample: Path, today: dt.date, tmp_path: Path, capsys) -> None:
    original = load_session_fast(sample)
    document = tmp_path / f"{sample.stem}.md"
    document.write_text(export(original, "md", today=today), encoding="utf-8")
    out = tmp_path / "back.toml"

    code = main(["import", str(document), "-o", str(out)])

    assert code == 0, capsys.readouterr().err
    _, imported, _ = load_path(out)
    assert comparable(imported) == comparable(original)


def test_notes_and_markdown_punctuation_come_back(tmp_path: Path, capsys) -> None:
    original = load_session_fast(SAMPLES[0])
    incident = original.incident.model_copy(
        update={
            "notes": "Root cause:\nThe pool held 8 connections | not 80 *at all*.\n\n"
            "Trigger:\n# cfg-7731 <b>pushed</b>",
            "summary": "1. Checkout failed\n- for `38` minutes [see](x) & R&D\\path",
        }
    )
    timeline = [
        original.timeline[0].model_copy(update={"text": "a | b <br> c\nsecond line _under_ *star*"}),
        *original.timeline[1:],
    ]
    session = original.model_copy(update={"incident": incident, "timeline": timeline})
    document = tmp_path / "doc.md"
    document.write_text(export(session, "md"), encoding="utf-8")
    out = tmp_path / "back.toml"

    assert main(["import", str(document), "-o", str(out)]) == 0, capsys.readouterr().err

    _, imported, _ = load_path(out)
    assert imported.incident.notes == session.incident.notes
    assert imported.incident.summary == session.incident.summary
    assert imported.timeline[0].text == session.timeline[0].text


def test_due_dates_marked_overdue_in_html_read_back(tmp_path: Path, capsys) -> None:
    """The HTML export writes a late action's due cell as `2026-12-04<br>overdue`."""
    original = load_session_fast(SAMPLES[0])
    document = tmp_path / "late.html"
    document.write_text(export(original, "html", today=dt.date(2027, 6, 1)), encoding="utf-8")
    out = tmp_path / "back.toml"

    main(["import", str(document), "-o", str(out)])

    problems = capsys.readouterr().err
    assert "could not be read" not in problems and "as of" not in problems
    _, imported, _ = load_path(out)
    assert [a.due for a in imported.actions] == [a.due for a in original.actions]
    assert any(a.days_overdue(dt.date(2027, 6, 1)) for a in original.actions), "the sample has late actions then"


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.stem)
def test_the_html_export_header_reads_back(sample: Path, tmp_path: Path, capsys) -> None:
    """Severity and status badges and the owner · started · moderator · notetaker line: read as the
    fields they show, not glued into one word kept as a note (the separators were CSS only)."""
    original = load_session_fast(sample)
    document = tmp_path / f"{sample.stem}.html"
    document.write_text(export(original, "html", today=dt.date(2026, 10, 1)), encoding="utf-8")
    out = tmp_path / "back.toml"

    main(["import", str(document), "-o", str(out)])

    assert "no field for it" not in capsys.readouterr().err
    _, imported, _ = load_path(out)
    fields = ("severity", "status", "owner", "started_at", "notes")
    assert imported.incident.model_dump(include=set(fields)) == original.incident.model_dump(include=set(fields))
    assert imported.roles == original.roles
