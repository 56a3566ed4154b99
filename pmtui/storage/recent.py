"""A short list of recently opened session files, kept in the user's state folder."""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path

RECENT_LIMIT = 10


def recent_file() -> Path:
    """$XDG_STATE_HOME/pmtui/storage/recent.json, or ~/.local/state/pmtui/storage/recent.json."""
    base = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(base) / "pmtui" / "recent.json"


def load_recent() -> list[Path]:
    """Recently opened files, newest first, that still exist; [] if the list cannot be read."""
    try:
        data = json.loads(recent_file().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    if not isinstance(data, list):
        return []
    return [Path(item) for item in data if isinstance(item, str) and Path(item).is_file()]


def remember(path: Path | str) -> None:
    """Put a file at the top of the recent list; problems writing the list are ignored."""
    entry = str(Path(path).resolve())
    items = [entry] + [str(p) for p in load_recent() if str(p) != entry]
    with contextlib.suppress(OSError):
        target = recent_file()
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_suffix(".tmp")
        tmp.write_text(json.dumps(items[:RECENT_LIMIT], indent=1), encoding="utf-8")
        os.replace(tmp, target)
