"""bench/RESULTS.md: one dated row per full benchmark run, so a regression shows up in review.

python -m bench.run --json run.json && python -m bench.results run.json
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

RESULTS = Path(__file__).with_name("RESULTS.md")
COLUMNS = [
    "startup_ratio", "open_large_ratio", "add_latency_ratio", "save_ratio", "sync_median_ms",
    "sync_large_median_ms", "peak_rss_ratio", "actions_scan_ratio", "report_ratio", "import_dir_ratio",
    "keystroke_echo_ms", "undo_large_ratio", "gc_pause_max_ms", "startup_floor_ratio", "peak_rss_floor_ratio",
]  # fmt: skip
"""The figures the table shows (the aims are in the README); a figure a run lacks shows as —."""
HEADER = """# Benchmark results

Full runs of `python -m bench.run` (ratios within one run; see the README for what each figure
measures and its aim). Add a row with `python -m bench.run --json run.json && python -m bench.results run.json`.
Load is the 1-minute load average when the run ended: a busy machine makes every figure worse.

"""


def row(record: dict[str, object]) -> str:
    figures = record.get("figures", {})
    assert isinstance(figures, dict)
    machine = record.get("machine", {})
    assert isinstance(machine, dict)
    cells = [
        str(record.get("date", ""))[:16].replace("T", " "),
        str(record.get("commit", "")),
        f"{machine.get('load', 0):.1f}",
    ]
    for name in COLUMNS:
        value = figures.get(name)
        cells.append(f"{value:.3g}" if isinstance(value, int | float) else "—")
    return "| " + " | ".join(cells) + " |"


def append(record: dict[str, object], path: Path = RESULTS) -> None:
    if not path.exists():
        names = ["date (UTC)", "commit", "load", *COLUMNS]
        table = "| " + " | ".join(names) + " |\n|" + "---|" * len(names) + "\n"
        path.write_text(HEADER + table, encoding="utf-8")
    with path.open("a", encoding="utf-8") as out:
        out.write(row(record) + "\n")


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m bench.results RUN.json", file=sys.stderr)
        return 2
    record = json.loads(Path(argv[0]).read_text(encoding="utf-8"))
    if record.get("config") != "full":
        print("bench.results: only full runs go in RESULTS.md", file=sys.stderr)
        return 1
    append(record)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
