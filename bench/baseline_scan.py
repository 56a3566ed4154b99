"""The yardstick for `pmtui actions`: parse every session file in a folder with tomllib and list open actions."""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path


def main(folder: Path) -> int:
    rows = []
    for path in sorted(folder.rglob("*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        title = data.get("incident", {}).get("title", path.stem)
        for action in data.get("actions", []):
            if action.get("status", "open") in ("open", "in-progress"):
                rows.append(f"{action.get('due', '')}\t{action.get('owner', '')}\t{action['text']}\t{title}")
    rows.sort()
    sys.stdout.write("\n".join(rows) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(Path(sys.argv[1])))
