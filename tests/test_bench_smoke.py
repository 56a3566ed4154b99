"""The benchmark harness runs end to end on tiny inputs and prints every figure as a number."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from bench.run import FIGURE_NAMES

REPO = Path(__file__).resolve().parent.parent
LINE = re.compile(r"^(?P<name>[a-z0-9_]+): (?P<value>.*)$")


def test_every_figure_is_printed_with_a_number() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "bench.run", "--tiny"], cwd=REPO, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    figures = {}
    for line in done.stdout.splitlines():
        match = LINE.match(line)
        assert match, f"not a `name: value` line: {line!r}"
        figures[match["name"]] = match["value"]
    assert list(figures) == FIGURE_NAMES
    for name, value in figures.items():
        if value.startswith("n/a (") and value.endswith(" yet)"):
            continue  # a part another helper is still building; TODO tighten once all have landed
        assert re.fullmatch(r"-?\d+(\.\d+)?", value), f"{name}: {value}"
