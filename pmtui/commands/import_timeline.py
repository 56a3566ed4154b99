"""`pmtui import-timeline FILE LOG`: add timeline entries from a pasted chat transcript or log."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pmtui.commands._common import EXIT_FINDINGS, EXIT_OK, EXIT_UNREADABLE, exit_codes_help, iso_date, report, say
from pmtui.docimport.timeline_text import read_pasted_timeline
from pmtui.domain.errors import ChangeError, SessionError, unreadable
from pmtui.domain.model import TimelineKind
from pmtui.domain.text_fit import clip
from pmtui.domain.timeline_import import ImportResult, as_change
from pmtui.export._common import local_time
from pmtui.storage.store import SessionFile


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", type=Path, metavar="FILE", help="the session file to add entries to")
    parser.add_argument("log", metavar="LOG", help="the chat or log text file, or - to read standard input")
    parser.add_argument("--dry-run", action="store_true", help="show what would be added; change nothing")
    parser.epilog = (
        "Reads Slack, Teams, Discord, Mattermost and Zoom copies, ISO 8601, syslog and journalctl logs, and "
        "PagerDuty / Opsgenie incident log CSV exports (docs/chat-import.md). "
        + exit_codes_help(
            "all read",
            "the session or the log could not be read",
            findings="some lines had no timestamp and were left out (they are listed; the rest is added)",
        )
        + " Kinds: "
        + ", ".join(k.value for k in TimelineKind)
        + "."
    )
    parser.add_argument(
        "--kind",
        metavar="KIND",
        choices=[k.value for k in TimelineKind],
        help="give every entry this kind (default: guess alert, acknowledged, communication, mitigated or "
        "resolved from clear words, see docs/chat-import.md, else note)",
    )
    parser.add_argument(
        "--today",
        type=iso_date,
        metavar="YYYY-MM-DD",
        help='the day the chat was copied, for its "Today" and "Yesterday" dividers (default: today)',
    )


def _read_log(name: str) -> str:
    if name == "-":
        return sys.stdin.read()
    path = Path(name)
    try:
        data = path.read_bytes()  # not read_regular: a pipe (`<(command)`) is a fine log
    except OSError as error:
        raise unreadable(path, error, "check the path of the log") from None
    # Chat exports are sometimes in a legacy encoding; a replaced character beats refusing the paste.
    return data.decode("utf-8-sig", errors="replace")


def _show(result: ImportResult, session_file: SessionFile, log_name: str, dry_run: bool) -> None:
    session = session_file.session
    verb = "Would add" if dry_run else "Added"
    print(
        f"{verb} {len(result.entries)} timeline entr{'y' if len(result.entries) == 1 else 'ies'} "
        f"(times in {session.incident.timezone}):"
    )
    for fields, phrase in zip(result.entries, result.guessed_from, strict=True):
        author = f" [{fields['author']}]" if fields.get("author") else ""
        text = fields["text"].replace("\n", " / ")
        guessed = f'  ← guessed from "{phrase.removeprefix("^")}"' if phrase else ""
        say(f"  {local_time(fields['at'], session)}  {fields['kind']:<13}{author} {text}{guessed}")
    if any(result.guessed_from):
        print(
            "Kinds marked ← were guessed from clear words (docs/chat-import.md); "
            "--kind sets one kind for all, and any entry's kind can be changed afterwards."
        )
    if result.skipped_duplicates:
        print(f"Skipped {result.skipped_duplicates} already in the timeline.")
    for line_no, line in result.unreadable_lines:
        shown = clip(line, 100)
        say(f"pmtui: {log_name}:{line_no}: no timestamp to read, left out: {shown}", file=sys.stderr)


def run(args: argparse.Namespace) -> int:
    try:
        session_file = SessionFile.open(args.path)
        text = _read_log(args.log)
    except SessionError as error:
        report(error)
        return EXIT_UNREADABLE
    # A chat log, or a timeline copied from a Markdown postmortem (a table, timed bullets, bold stamps).
    result = read_pasted_timeline(text, session_file.session, kind=args.kind, today=args.today)
    log_name = "<stdin>" if args.log == "-" else args.log
    if result.problem:
        report(f"{args.path}: {result.problem}")
        return EXIT_UNREADABLE
    if result.entries and not args.dry_run:
        batch = as_change(session_file.session, result.entries)
        try:
            session_file.submit(batch)
            session_file.save()
        except ChangeError as error:
            report(f"{args.path}: nothing added: {error}")
            return EXIT_UNREADABLE
        except SessionError as error:
            report(error)
            return EXIT_UNREADABLE
    _show(result, session_file, log_name, args.dry_run)
    return EXIT_FINDINGS if result.unreadable_lines else EXIT_OK
