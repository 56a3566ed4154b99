"""`pmtui report DIR`: what a folder of postmortems says together: trends, follow-through, recurring factors."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from pmtui.commands._common import EXIT_OK, EXIT_UNREADABLE, add_today_argument, exit_codes_help, iso_date, report
from pmtui.commands._folder import FOLDER_READ, add_folder_argument, is_folder, report_left_out
from pmtui.domain.errors import SessionError

FORMATS = ("text", "md", "html", "json")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.epilog = (
        f"{FOLDER_READ} A file that cannot be read is named on stderr and left out; the report covers the rest. "
        + exit_codes_help("reported", "a file could not be read, DIR is not a folder or OUT cannot be written")
    )
    add_folder_argument(parser)
    parser.add_argument("--since", type=iso_date, metavar="YYYY-MM-DD", help="only incidents that started on or after")
    parser.add_argument("--until", type=iso_date, metavar="YYYY-MM-DD", help="only incidents that started on or before")
    parser.add_argument("--format", choices=FORMATS, default="text", help="output (default text)")
    parser.add_argument("-o", "--output", type=Path, metavar="OUT", help="write to this file instead of stdout")
    add_today_argument(parser)


def render(report_: object, format_: str) -> str:
    """The report in one of FORMATS (each renderer imported only when asked for)."""
    if format_ == "json":
        from pmtui.report import json_out as renderer
    elif format_ == "md":
        from pmtui.report import markdown as renderer  # type: ignore[no-redef]
    elif format_ == "html":
        from pmtui.report import html as renderer  # type: ignore[no-redef]
    else:
        from pmtui.report import text as renderer  # type: ignore[no-redef]
    return renderer.render(report_)  # type: ignore[arg-type]


def run(args: argparse.Namespace) -> int:
    from pmtui.report import build_report
    from pmtui.storage.store import atomic_write

    folder: Path = args.folder
    if not is_folder(folder):
        return EXIT_UNREADABLE
    if args.since and args.until and args.since > args.until:
        report(f"--since {args.since} is after --until {args.until}; swap them")
        return EXIT_UNREADABLE
    out: Path | None = args.output
    if out is not None and out.suffix.lower() == ".toml":
        report(f"{out}: looks like a session file; write the report to a .txt, .md, .html or .json file")
        return EXIT_UNREADABLE
    result = build_report(folder, args.today or dt.date.today(), args.since, args.until)
    report_left_out(folder, result.corpus.problems, "left out of the report")
    text = render(result, args.format)
    if out is None:
        sys.stdout.write(text)
    else:
        try:
            atomic_write(out, text)
        except SessionError as error:
            report(error)
            return EXIT_UNREADABLE
        print(f"Wrote {out}", file=sys.stderr)
    return EXIT_UNREADABLE if result.corpus.problems else EXIT_OK
