"""`pmtui export --format md` then `pmtui import` gives back the same session, for every sample session."""

from __future__ import annotations

from pathlib import Path

import pytest

from pmtui.cli import main
from pmtui.export import export
from pmtui.parsing import load_path, load_session_fast

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
