"""Fixtures shared by the whole suite. Add shared fixtures here (append; keep them small)."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

from pmtui.resources import DEMO_SESSION, SAMPLES_DIR

SAMPLE_PATHS = sorted(SAMPLES_DIR.glob("*.toml"))

# The suite never touches the user's home: HOME and the XDG folders point into one temporary
# folder for the whole run (set before any test, inherited by every subprocess the tests start),
# so the app's recent-files list (pmtui/storage/recent.py) and anything else written "at home" land there.
_HOME_VARS = ("HOME", "XDG_STATE_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_DATA_HOME")
_saved_env: dict[str, str | None] = {}
TEST_HOME: Path | None = None
"""The suite's temporary home folder (set in pytest_configure)."""


def pytest_configure(config: pytest.Config) -> None:
    global TEST_HOME
    TEST_HOME = Path(tempfile.mkdtemp(prefix="pmtui-test-home-")).resolve()
    _saved_env.update({name: os.environ.get(name) for name in _HOME_VARS})
    os.environ["HOME"] = str(TEST_HOME)
    os.environ["XDG_STATE_HOME"] = str(TEST_HOME / ".local" / "state")
    os.environ["XDG_CONFIG_HOME"] = str(TEST_HOME / ".config")
    os.environ["XDG_CACHE_HOME"] = str(TEST_HOME / ".cache")
    os.environ["XDG_DATA_HOME"] = str(TEST_HOME / ".local" / "share")


def pytest_unconfigure(config: pytest.Config) -> None:
    for name, value in _saved_env.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value
    if TEST_HOME is not None:
        shutil.rmtree(TEST_HOME, ignore_errors=True)


@pytest.fixture
def test_home() -> Path:
    """The temporary folder the whole suite uses as HOME."""
    assert TEST_HOME is not None
    return TEST_HOME


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

    from pmtui.storage.store import SessionFile
    from pmtui.ui.app import PmtuiApp
    from pmtui.ui.screens.base import SessionScreen

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
