"""`pmtui [FILE] [--role moderator|notetaker|viewer]`: open a session in the meeting app."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from pmtui.commands._common import EXIT_UNREADABLE, report
from pmtui.domain.errors import SessionReadError
from pmtui.storage.roles import ROLE_NAMES
from pmtui.storage.store import SessionFile


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="pmtui",
        description="Run a blameless incident postmortem: open a session file in the meeting app.",
        epilog="Without FILE, pick a session in the current folder or create one.",
    )
    parser.add_argument("file", nargs="?", type=Path, metavar="FILE", help="the session file (.toml) to open")
    parser.add_argument(
        "--role",
        choices=(*ROLE_NAMES, "viewer"),
        help="skip the start screen and take this role; viewer: the moderator's screen, read-only",
    )
    parser.add_argument(
        "--served",
        action="store_true",
        help="as started by `pmtui serve`: keep to FILE and --role (no other file, no other role)",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Open the app; a file that cannot be read is reported in one line (exit 2), never opened blank."""
    args = build_parser().parse_args(list(argv) if argv is not None else None)
    session_file = None
    if args.file is not None:
        try:
            # tomllib for the first screen; the app parses the editable document in a worker.
            session_file = SessionFile.open(args.file, lazy=True)
        except SessionReadError as error:
            report(error)
            return EXIT_UNREADABLE
    from pmtui.ui.app import PmtuiApp  # Textual is loaded only once we know there is something to show

    if args.served and (args.file is None or args.role is None):
        print("pmtui: --served needs FILE and --role", file=sys.stderr)
        return EXIT_UNREADABLE
    app = PmtuiApp(args.file, args.role, session_file=session_file, served=args.served)
    result = app.run()
    return int(result or 0)
