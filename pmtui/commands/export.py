"""`pmtui export FILE --format md|html|json|csv`: write the postmortem document for publishing."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pmtui.commands._common import (
    EXIT_FINDINGS,
    EXIT_OK,
    EXIT_UNREADABLE,
    add_today_argument,
    exit_codes_help,
    report,
    say,
)
from pmtui.domain.errors import SessionError
from pmtui.export import FORMATS, default_path, export
from pmtui.storage.parsing import load_session_fast
from pmtui.storage.store import atomic_write


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.epilog = exit_codes_help(
        "exported", "the file cannot be read", findings="--strict and `pmtui check` finds errors"
    )
    parser.add_argument("path", type=Path, metavar="FILE", help="the session file to export (only read)")
    parser.add_argument(
        "--format",
        "-f",
        choices=list(FORMATS),
        default="md",
        help="md: the postmortem in Markdown (default); html: one printable page; json: the whole "
        "session; csv: action items for an issue tracker",
    )
    parser.add_argument("-o", "--output", type=Path, metavar="OUT", help="write to this file instead of stdout")
    parser.add_argument(
        "--copy",
        action="store_true",
        help="put the document on the clipboard; where there is none (SSH, CI) it goes to OUT, or to "
        "FILE.export.EXT beside the session, and pmtui says so",
    )
    parser.add_argument("--strict", action="store_true", help="refuse to export while `pmtui check` finds errors")
    add_today_argument(parser)  # Markdown and HTML mark the actions overdue on this date


def _strict_errors(session) -> list[str]:  # type: ignore[no-untyped-def]
    from pmtui.domain.checks import ERROR, run_checks

    return [
        f"{f.rule}{f' [{f.entry_id}]' if f.entry_id else ''}: {f.message}"
        for f in run_checks(session)
        if f.severity == ERROR
    ]


def _write(path: Path, text: str) -> str | None:
    """Write the document; the problem in words if it could not be written."""
    try:
        atomic_write(path, text)
    except SessionError as error:
        return str(error)
    return None


def run(args: argparse.Namespace) -> int:
    try:
        session = load_session_fast(args.path)
    except SessionError as error:
        report(error)
        return EXIT_UNREADABLE
    if args.strict:
        errors = _strict_errors(session)
        if errors:
            report(f"{args.path}: not exported: `pmtui check` finds {len(errors)} error(s); fix them or drop --strict")
            for line in errors:
                say(f"  {args.path}: error {line}", file=sys.stderr)
            return EXIT_FINDINGS
    if args.output is not None and args.output.resolve() == args.path.resolve():
        report(f"{args.output}: is the session file itself; name another file for the export")
        return EXIT_UNREADABLE
    text = export(session, args.format, today=args.today)
    if args.output is not None:
        problem = _write(args.output, text)
        if problem:
            report(problem)
            return EXIT_UNREADABLE
    if not args.copy:
        if args.output is None:
            sys.stdout.write(text)
        else:
            say(f"Wrote {args.output}", file=sys.stderr)
        return EXIT_OK

    from pmtui.ui.clipboard import copy_text

    result = copy_text(text)
    where = args.output
    if not result.ok and where is None:
        where = default_path(args.path, args.format)
        problem = _write(where, text)
        if problem:
            # No clipboard and nowhere to write: the terminal is the last place the document can go.
            say(f"pmtui: {result.message} {problem}; the document follows on standard output.", file=sys.stderr)
            sys.stdout.write(text)
            return EXIT_OK
    if result.ok:
        saved = f" Also written to {where}." if where else ""
        say(f"{result.message}{saved}", file=sys.stderr)
    else:
        say(f"pmtui: {result.message} The document is in {where}.", file=sys.stderr)
    return EXIT_OK
