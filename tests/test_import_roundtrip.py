"""`pmtui export --format md` then `pmtui import` gives back the same session, for every sample session."""

from __future__ import annotations

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


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.stem)
def test_export_then_import_gives_the_same_session(sample: Path, tmp_path: Path, capsys) -> None:
    original = load_session_fast(sample)
    document = tmp_path / f"{sample.stem}.md"
    document.write_text(export(original, "md"), encoding="utf-8")
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
