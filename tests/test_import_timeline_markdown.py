"""`pmtui import-timeline` reads a timeline copied from a Markdown postmortem, in the three commonest shapes."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from pmtui.cli import main
from pmtui.parsing import load_path

SAMPLE = Path(__file__).resolve().parent.parent / "sample_sessions" / "checkout-bad-deploy.toml"

TABLE = """| Time (UTC) | Action |
|---|---|
| 10:01 | Alert fired for checkout 5xx above 5% |
| 10:04 | On-call acknowledged |
| 10:10 | Rolled back the deploy |
| 10:20 | (Resolved) error rate at baseline |
"""
BULLETS = """- 10:01 - Alert fired for checkout 5xx above 5%
- 10:04 - on-call acknowledged
- 10:10 - rolled back the deploy
- 10:20 - (Resolved) error rate at baseline
"""
BOLD = """*   **2026-11-20 10:01 UTC:** (Alert) PagerDuty alert: checkout 5xx above 5%
*   **2026-11-20 10:04 UTC:** (Acknowledged) on-call joined
*   **2026-11-20 10:10 UTC:** (Mitigated) rolled back the deploy
*   **2026-11-20 10:20 UTC:** Incident resolved
"""


@pytest.mark.parametrize("text", [TABLE, BULLETS, BOLD], ids=["table", "bullets", "bold-stamps"])
def test_every_entry_of_each_shape_is_read(tmp_path: Path, text: str, capsys) -> None:
    session = tmp_path / "s.toml"
    shutil.copy(SAMPLE, session)
    log = tmp_path / "timeline.md"
    log.write_text(text, encoding="utf-8")

    assert main(["import-timeline", str(session), str(log)]) == 0, capsys.readouterr().err

    _, loaded, _ = load_path(session)
    added = [e for e in loaded.timeline if e.at.date() == dt.date(2026, 11, 20) and e.at.hour == 10]
    assert [e.at.minute for e in added] == [1, 4, 10, 20]
    assert added[0].kind.value == "alert" and added[1].kind.value == "acknowledged"
    assert added[-1].kind.value == "resolved"
    assert not any(e.text.startswith("(") for e in added)  # labels became kinds, out of the text
