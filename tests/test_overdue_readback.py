"""Read-back of actions: overdue (and ownerless, undated) actions stand out on the moderator's screen
during Actions and Wrap-up, the wrap-up checks list them, and exports mark them as of the export date."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

from pmtui.domain.changes import AddEntry
from pmtui.export import export
from pmtui.storage.parsing import load_session_fast
from pmtui.storage.store import SessionFile
from pmtui.ui.app import PmtuiApp
from pmtui.ui.widgets.checks_panel import ChecksPanel
from pmtui.ui.widgets.entry_list import EntryList

# The demo: a2 (open) is due 2026-12-04, a3 (done) 2026-12-02, a5 (open) 2026-12-11.
DEC_7 = dt.datetime(2026, 12, 7, 10, 0, tzinfo=dt.UTC)
REPO = Path(__file__).resolve().parent.parent


def with_unfinished_action(path: Path) -> Path:
    sf = SessionFile.open(path)
    sf.submit(AddEntry("actions", {"text": "Decide who runs the game day"}))  # no owner, no due date
    sf.save()
    return path


def text(table: EntryList, key: str, column: str) -> str:
    """What the room sees in one cell."""
    return table.cell_text(key, column)


def due_is_reversed(table: EntryList, key: str) -> bool:
    """The due date is drawn in reverse video (it stands out on a projector)."""
    due = text(table, key, "due").strip()
    return any(
        seg.text.strip() and seg.text.strip() in due and seg.style is not None and seg.style.reverse
        for strip in table.render_row(key)
        for seg in strip
    )


async def test_actions_phase_marks_overdue_and_unfinished_actions(demo_copy: Path) -> None:
    with_unfinished_action(demo_copy)
    app = PmtuiApp(demo_copy, "moderator", clock=lambda: DEC_7)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("6")  # Actions
        await pilot.pause()
        table = app.screen.query_one(EntryList)
        assert text(table, "a2", "text").startswith("OVERDUE 3d ")
        assert due_is_reversed(table, "a2")
        for done_or_future in ("a3", "a5"):  # done, and due later
            assert "OVERDUE" not in text(table, done_or_future, "text")
        assert text(table, "a6", "owner") == "no owner" and text(table, "a6", "due") == "no date"

        await pilot.press("7")  # Wrap-up reads them back
        await pilot.pause()
        table = app.screen.query_one(EntryList)
        assert text(table, "a2", "text").startswith("OVERDUE 3d ")
        # (The checks ran when the screen opened; the content has not changed since.)
        panel = app.screen.query_one(ChecksPanel)
        listed = {(f.entry_id, f.rule) for f in panel.findings}
        assert ("a2", "actions.overdue") in listed, "the wrap-up checks read back the overdue action"
        assert ("a6", "actions.no-owner") in listed and ("a6", "actions.no-due") in listed
        assert ("a6", "actions.unlinked") in listed, "action warnings are no longer hidden at wrap-up"
        assert "a2" in str(panel.query_one("#checks-list").content)


async def test_nothing_is_overdue_before_its_due_date(demo_copy: Path) -> None:
    app = PmtuiApp(demo_copy, "moderator", clock=lambda: dt.datetime(2026, 12, 4, 23, 0, tzinfo=dt.UTC))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("6")
        await pilot.pause()
        table = app.screen.query_one(EntryList)
        assert table.row_keys and not any("OVERDUE" in text(table, key, "text") for key in table.row_keys)


def test_markdown_and_html_mark_overdue_actions_as_of_the_export_date(demo_copy: Path) -> None:
    session = load_session_fast(demo_copy)
    md = export(session, "md", today=dt.date(2026, 12, 7))
    row = next(line for line in md.splitlines() if line.startswith("| a2 |"))
    assert "2026-12-04 **overdue**" in row
    assert "**1 overdue as of 2026-12-07: a2.**" in md
    assert "overdue" not in next(line for line in md.splitlines() if line.startswith("| a3 |"))  # done
    early = export(session, "md", today=dt.date(2026, 12, 1))
    assert "overdue" not in early.split("## Action items")[1].split("## Open questions")[0]

    html = export(session, "html", today=dt.date(2026, 12, 12))
    assert "<td class='nowrap overdue'>2026-12-04<br>overdue</td>" in html
    assert "<td class='nowrap overdue'>2026-12-11<br>overdue</td>" in html
    assert "2 overdue as of 2026-12-12: a2, a5." in html


def test_export_command_takes_the_date_to_measure_against(demo_copy: Path) -> None:
    run = subprocess.run(
        [sys.executable, "-m", "pmtui", "export", str(demo_copy), "--today", "2026-12-07"],
        capture_output=True, text=True, cwd=REPO, timeout=60,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    assert "1 overdue as of 2026-12-07: a2" in run.stdout
    bad = subprocess.run(
        [sys.executable, "-m", "pmtui", "export", str(demo_copy), "--today", "7 Dec"],
        capture_output=True, text=True, cwd=REPO, timeout=60,
    )  # fmt: skip
    assert bad.returncode == 2 and "Traceback" not in bad.stderr and "--today" in bad.stderr
