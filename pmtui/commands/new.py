"""`pmtui new PATH --title T`: write a fresh session file from the template."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from pmtui.commands._common import EXIT_OK, EXIT_UNREADABLE, report, say
from pmtui.domain.errors import SessionError
from pmtui.domain.model import Severity
from pmtui.domain.new_session import START_HINT, NewSession, machine_zone_name, parse_start, zone_problem
from pmtui.storage.parsing import load_path
from pmtui.storage.store import create_session_file


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", type=Path, help="the session file to create (never overwritten)")
    parser.add_argument("--title", required=True, help="one line that says what users saw")
    parser.add_argument("--severity", default="SEV3", choices=[s.value for s in Severity])
    parser.add_argument(
        "--started-at",
        default="",
        help=f"when impact began, in the --timezone ({START_HINT}; or ISO 8601 with an offset, "
        "e.g. 2026-11-20T14:02Z); default: now",
    )
    parser.add_argument(
        "--timezone", default=None, help="IANA zone to show and enter times in (default: the machine's)"
    )
    parser.add_argument("--owner", default="", help="the incident owner who prepares the document")
    parser.add_argument("--moderator", default="", help="who runs the meeting (not the notetaker)")
    parser.add_argument("--notetaker", default="", help="who types the notes")


def run(args: argparse.Namespace) -> int:
    timezone = args.timezone or machine_zone_name()
    if zone_problem(timezone):
        report(f"--timezone: {zone_problem(timezone)}")
        return EXIT_UNREADABLE
    try:
        started_at = parse_start(args.started_at, timezone, dt.datetime.now(dt.UTC))
    except ValueError as error:
        report(f"--started-at {args.started_at!r}: {error}")
        return EXIT_UNREADABLE
    answers = NewSession(
        args.title, Severity(args.severity), started_at, timezone, args.owner, args.moderator, args.notetaker
    )
    if answers.problem():
        report(answers.problem())
        return EXIT_UNREADABLE
    try:
        create_session_file(args.path, answers.text())
        load_path(args.path)  # the template must always load; fail loudly if it ever does not
    except SessionError as error:
        report(error)
        return EXIT_UNREADABLE
    say(f"Created {args.path}. Open it with: pmtui {args.path}")
    if not (args.moderator and args.notetaker):
        say("Name the moderator and the notetaker when you open it (or pass --moderator and --notetaker).")
    return EXIT_OK
