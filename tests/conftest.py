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
