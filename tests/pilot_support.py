"""Waiting on the app's state in Pilot tests, never on time."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from pmtui.ui.app import PmtuiApp

UNTIL_SECONDS = 10.0
"""How long `until` waits before it fails: far more than any timer it waits for (on a busy machine too)."""


async def settle(app: PmtuiApp, pilot: Any) -> None:
    """Wait until every change is on disk: saves run in workers, one after another."""
    for _ in range(50):
        await app.workers.wait_for_complete()
        await pilot.pause()
        if not app.autosaver.running and app.session_file is not None and not app.session_file.has_pending:
            return
    raise AssertionError(f"the autosave never finished: {app.save_status}")


async def until(pilot: Any, condition: Callable[[], bool], what: str, seconds: float = UNTIL_SECONDS) -> None:
    """Wait until `condition()` holds: a state the app reaches through its own timers (a debounce,
    a retry, the clock's next tick), checked between short pauses, never a fixed sleep."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"still waiting after {seconds:.0f} s for {what}")
        await pilot.pause(0.02)
