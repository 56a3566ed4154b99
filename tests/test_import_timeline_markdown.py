"""`pmtui import-timeline` reads a timeline copied from a Markdown postmortem, in the three commonest shapes."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from pmtui.cli import main
from pmtui.storage.parsing import load_path

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


async def test_f4_paste_of_a_markdown_timeline_table_adds_every_row(pane_app) -> None:
    from pmtui.ui.dialogs.paste_log import PasteLogDialog
    from pmtui.ui.widgets.whys_pane import WhysPane

    app = pane_app(WhysPane)
    async with app.run_test(size=(120, 40)) as pilot:
        count = len(app.session.timeline)
        app.push_screen(PasteLogDialog(text=TABLE))
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        dialog = app.screen
        assert str(dialog.query_one("#paste-summary").content).startswith("4 new entries")
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert not isinstance(app.screen, PasteLogDialog)
        assert len(app.session.timeline) == count + 4
        added = [e for e in app.session.timeline if e.at.hour == 10]  # in time order: before the sample's 14:xx
        assert [e.kind.value for e in added] == ["alert", "acknowledged", "mitigated", "resolved"]
