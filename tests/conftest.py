"""Fixtures shared by the whole suite. Add shared fixtures here (append; keep them small)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pmtui.resources import DEMO_SESSION, SAMPLES_DIR

SAMPLE_PATHS = sorted(SAMPLES_DIR.glob("*.toml"))


@pytest.fixture(params=SAMPLE_PATHS, ids=lambda p: p.stem)
def sample_path(request: pytest.FixtureRequest) -> Path:
    """Each bundled sample session in turn (read-only: copy before writing)."""
    return request.param


@pytest.fixture
def demo_copy(tmp_path: Path) -> Path:
    """A writable copy of the demo session in a temporary folder."""
    target = tmp_path / DEMO_SESSION.name
    shutil.copyfile(DEMO_SESSION, target)
    return target


@pytest.fixture
def pane_app(demo_copy: Path):
    """Make a PmtuiApp on a copy of the demo showing one pane class on a bare SessionScreen.

    Clock frozen at 2026-11-23 10:00 UTC. Used by the pane tests (whys, actions, dialogs).
    """
    import datetime as dt

    from textual.events import Mount
    from textual.widgets import Footer

    from pmtui.app import PmtuiApp
    from pmtui.screens.base import SessionScreen
    from pmtui.store import SessionFile

    class PaneScreen(SessionScreen):
        TYPE_TO_ADD = True  # as on the notetaker's screen, where the panes live

        def __init__(self, pane_cls: type) -> None:
            super().__init__()
            self.pane_cls = pane_cls

        def compose(self):  # type: ignore[no-untyped-def]
            yield self.pane_cls(id="pane")
            yield Footer()

    class PaneApp(PmtuiApp):
        def __init__(self, pane_cls: type) -> None:
            super().__init__(
                session_file=SessionFile.open(demo_copy),
                clock=lambda: dt.datetime(2026, 11, 23, 10, 0, tzinfo=dt.UTC),
            )
            self.pane_cls = pane_cls

        def on_mount(self, event: Mount) -> None:
            event.prevent_default()  # Textual would also run PmtuiApp.on_mount (the start screen)
            self.push_screen(PaneScreen(self.pane_cls))

    return PaneApp
