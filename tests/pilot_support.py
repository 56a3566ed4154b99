"""Waiting on the app's state in Pilot tests, never on time."""

from __future__ import annotations

from typing import Any

from pmtui.ui.app import PmtuiApp


async def settle(app: PmtuiApp, pilot: Any) -> None:
    """Wait until every change is on disk: saves run in workers, one after another."""
    for _ in range(50):
        await app.workers.wait_for_complete()
        await pilot.pause()
        if not app.autosaver.running and app.session_file is not None and not app.session_file.has_pending:
            return
    raise AssertionError(f"the autosave never finished: {app.save_status}")
