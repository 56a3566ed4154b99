"""The benchmark's yardstick: the smallest Textual app that shows a session's timeline (header, footer, one table).

`python bench/baseline_app.py FILE` reads FILE with tomllib and shows its timeline rows. With
PMTUI_BENCH_EXIT_AFTER_PAINT=FILE it appends the time.monotonic() of its first screen's first
frame to FILE and exits, the same hook pmtui honours, so the two startups are measured alike.
"""

from __future__ import annotations

import os
import sys
import time
import tomllib
from pathlib import Path

from textual.app import App, ComposeResult
from textual.widgets import DataTable, Footer, Header

EXIT_AFTER_PAINT = "PMTUI_BENCH_EXIT_AFTER_PAINT"


class BaselineApp(App[None]):
    """Header, footer and one DataTable of timeline rows."""

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path

    def compose(self) -> ComposeResult:
        yield Header()
        yield DataTable(cursor_type="row")
        yield Footer()

    def on_mount(self) -> None:
        data = tomllib.loads(self.path.read_text(encoding="utf-8"))
        table = self.query_one(DataTable)
        table.add_columns("time", "kind", "what happened")
        table.add_rows((str(e["at"]), e.get("kind", "note"), e["text"]) for e in data.get("timeline", []))
        if os.environ.get(EXIT_AFTER_PAINT):
            self.screen.call_after_refresh(self._exit_after_paint)

    def _exit_after_paint(self) -> None:
        # The same steps as pmtui's hook (PmtuiApp._bench_exit_after_paint), so both pay alike.
        if not self.is_running:
            self.call_later(self._exit_after_paint)
            return

        def painted() -> None:
            with open(os.environ[EXIT_AFTER_PAINT], "a", encoding="utf-8") as out:
                out.write(f"{time.monotonic()}\n")
            self.exit()

        self.screen.refresh()
        self.screen.call_after_refresh(painted)


if __name__ == "__main__":
    BaselineApp(Path(sys.argv[1])).run()
