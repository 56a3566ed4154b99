"""The design's floor: the baseline app, plus the session validated by pmtui's pydantic models first.

pmtui's design fixes pydantic models for the session, validated before anything of it is shown.
This app pays that and nothing else of pmtui (no tomlkit document, none of its screens), so
`startup_floor_ratio` and `peak_rss_floor_ratio` say how far below an aim the design itself
stops: an aim under the floor cannot be met by making pmtui's own code faster.
`python bench/floor_app.py FILE`; PMTUI_BENCH_EXIT_AFTER_PAINT as in baseline_app.py.
"""

from __future__ import annotations

import sys
from pathlib import Path

if __package__ in (None, ""):  # run as a script, as the benchmark does
    sys.path[:0] = [str(Path(__file__).resolve().parent), str(Path(__file__).resolve().parent.parent)]

from baseline_app import BaselineApp

from pmtui.storage.parsing import load_session_fast


class FloorApp(BaselineApp):
    """BaselineApp that has pmtui's models validate the session before its first frame."""

    def on_mount(self) -> None:
        # Textual runs BaselineApp.on_mount after this one (handlers are called down the MRO).
        self.session = load_session_fast(self.path)


if __name__ == "__main__":
    FloorApp(Path(sys.argv[1])).run()
