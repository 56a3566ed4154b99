"""`pmtui new PATH --title T`: write a fresh session file from the template."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from pmtui.commands._common import report, say
from pmtui.errors import SessionError
from pmtui.model import Incident, Severity
from pmtui.parsing import load_path
from pmtui.store import create_session_file
from pmtui.template import new_session_text


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", type=Path, help="the session file to create (never overwritten)")
    parser.add_argument("--title", required=True, help="one line that says what users saw")
    parser.add_argument("--severity", default="SEV3", choices=[s.value for s in Severity])
    parser.add_argument("--started-at", help="when impact began, ISO 8601 with an offset, e.g. 2026-11-20T14:02Z")
    parser.add_argument("--timezone", default="UTC", help="IANA zone to show and enter times in (default UTC)")
    parser.add_argument("--owner", default="", help="the incident owner who prepares the document")


def run(args: argparse.Namespace) -> int:
    started_at = None
    if args.started_at:
        try:
            started_at = dt.datetime.fromisoformat(args.started_at.replace("Z", "+00:00"))
        except ValueError:
            report(f"--started-at {args.started_at!r} is not a date and time such as 2026-11-20T14:02Z")
            return 2
        if started_at.tzinfo is None:
            report("--started-at needs an offset, e.g. 2026-11-20T14:02Z or 2026-11-20T14:02+01:00")
            return 2
    try:
        Incident(timezone=args.timezone)
    except ValueError:
        report(f"--timezone {args.timezone!r} is not an IANA time zone name such as Europe/London")
        return 2
    text = new_session_text(args.title, Severity(args.severity), started_at, args.timezone, args.owner)
    try:
        create_session_file(args.path, text)
        load_path(args.path)  # the template must always load; fail loudly if it ever does not
    except SessionError as error:
        report(error)
        return 2
    say(f"Created {args.path}. Open it with: pmtui {args.path}")
    return 0
