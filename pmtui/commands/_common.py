"""What the subcommands share: printing errors the same way everywhere."""

from __future__ import annotations

import sys

from pmtui.errors import SessionError


def report(error: SessionError | str) -> None:
    """Print one clear line about a problem to stderr."""
    print(f"pmtui: {error}", file=sys.stderr)
