"""Seen before: in Whys and Actions the moderator sees past incidents of the same folder with the same factor."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from textual.widgets import Static

from pmtui.report.recall import PastIncidents, discussed_text
from pmtui.resources import DEMO_SESSION
from pmtui.storage.parsing import load_session_fast
from pmtui.ui.app import PmtuiApp
from pmtui.ui.widgets.entry_list import EntryList
from pmtui.ui.widgets.seen_before import SeenBeforePanel

TODAY = dt.date(2026, 12, 1)
T0 = dt.datetime(2026, 12, 1, 15, 0, tzinfo=dt.UTC)

PAST = """
schema_version = 1
[incident]
title = "Orders failed after a pool size change"
severity = "SEV2"
started_at = 2026-09-02T10:00:00Z
[[whys]]
id = "y1"
question = "Why did the bad pool size reach every replica at once?"
answer = "Config changes go out through config-sync with no canary stage."
[[whys]]
id = "y2"
question = "Why was the dashboard slow?"
answer = "It queried a year of data."
[[actions]]
id = "a7"
text = "Add a canary stage to config-sync"
owner = "Lee"
due = 2026-10-20
addresses = ["y1"]
"""

UNRELATED = """
schema_version = 1
[incident]
title = "Search index rebuild ran long"
started_at = 2026-08-01T10:00:00Z
[[went_wrong]]
id = "b1"
text = "The search index documentation was hard to find"
"""


def folder_with_past(tmp_path: Path) -> Path:
    current = tmp_path / DEMO_SESSION.name
    shutil.copyfile(DEMO_SESSION, current)
    (tmp_path / "2026-09-orders.toml").write_text(PAST, encoding="utf-8")
    (tmp_path / "2026-08-search.toml").write_text(UNRELATED, encoding="utf-8")
    (tmp_path / "broken.toml").write_text("title = ", encoding="utf-8")
    return current


def test_past_incidents_exclude_the_session_itself_and_skip_broken_files(tmp_path: Path) -> None:
    current = folder_with_past(tmp_path)
    past = PastIncidents.load(current, TODAY)
    assert past is not None
    assert sorted(facts.path for facts in past.incidents) == ["2026-08-search.toml", "2026-09-orders.toml"]


def test_no_other_session_means_nothing_to_recall(tmp_path: Path) -> None:
    current = tmp_path / "only.toml"
    shutil.copyfile(DEMO_SESSION, current)
    (tmp_path / "notes.txt").write_text("not a session", encoding="utf-8")
    assert PastIncidents.load(current, TODAY) is None


def test_a_why_said_in_other_words_finds_the_past_incident_and_its_overdue_action(tmp_path: Path) -> None:
    past = PastIncidents.load(folder_with_past(tmp_path), TODAY)
    assert past is not None
    [match] = past.match("Why do config changes skip the canary? config-sync was built for feature flags")
    assert (match.incident.path, match.note.id) == ("2026-09-orders.toml", "y1")
    [action] = match.actions
    assert (action.id, action.status, action.days_overdue) == ("a7", "open", 42)
    assert past.match("Why was the coffee machine empty?") == []


def test_the_discussed_text_is_the_spotlit_entry_or_what_an_action_addresses(tmp_path: Path) -> None:
    session = load_session_fast(DEMO_SESSION)
    why = session.whys[0]
    assert discussed_text(session, why.id) == f"{why.question} {why.answer}"
    action = next(a for a in session.actions if a.addresses)
    text = discussed_text(session, action.id)
    assert text.endswith(action.text) and discussed_text(session, action.addresses[0]) in text
    last = session.whys[-1]
    assert discussed_text(session, None) == f"{last.question} {last.answer}"


def _panel_text(app: PmtuiApp) -> str:
    return str(app.screen.query_one("#seen-text", Static).content)


async def _settle(app: PmtuiApp, pilot) -> None:  # type: ignore[no-untyped-def]
    await app.workers.wait_for_complete()
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


async def test_moderator_sees_the_past_incident_in_whys_and_actions_only(tmp_path: Path) -> None:
    current = folder_with_past(tmp_path)
    app = PmtuiApp(current, "moderator", clock=lambda: T0)
    async with app.run_test(size=(120, 40)) as pilot:
        await _settle(app, pilot)
        panel = app.screen.query_one(SeenBeforePanel)
        assert not panel.display  # summary phase
        await pilot.press("5")
        await _settle(app, pilot)
        table = app.screen.query_one(EntryList)
        assert panel.display and "nothing like this in the 2 other postmortems" in _panel_text(app)
        # y4 "Why did the change reach all 24 pods at once?" is what the past incident's y1 says of replicas.
        table.select("y4")
        await _settle(app, pilot)
        shown = _panel_text(app)
        assert "Orders failed after a pool size change" in shown and "2026-09-orders.toml" in shown
        assert "a7 open, 42 d overdue" in shown
        assert "Search index" not in shown
        # The spotlight is what the room discusses: moving the cursor away keeps its match.
        await pilot.press("s")
        table.select("y1")
        await _settle(app, pilot)
        assert app.session.meeting.spotlight == "y4" and "a7 open" in _panel_text(app)
        await pilot.press("6")
        await _settle(app, pilot)
        assert panel.display
        await pilot.press("2")
        await _settle(app, pilot)
        assert not panel.display


async def test_panel_stays_off_when_the_folder_has_no_other_session(demo_copy: Path) -> None:
    app = PmtuiApp(demo_copy, "moderator", clock=lambda: T0)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("5")
        await _settle(app, pilot)
        assert not app.screen.query_one(SeenBeforePanel).display
