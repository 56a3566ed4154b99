"""`pmtui actions DIR`: open action items across a folder of postmortems, overdue first."""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import json
import sys
from pathlib import Path

from pmtui.commands._common import EXIT_FINDINGS, EXIT_OK, EXIT_UNREADABLE, add_today_argument, exit_codes_help
from pmtui.commands._folder import FOLDER_READ, add_folder_argument, is_folder, report_left_out
from pmtui.domain.text_fit import clip
from pmtui.domain.text_safety import json_escaped, visible
from pmtui.export.csv_export import defuse
from pmtui.storage.followup import ActionRow, scan

EXIT_OVERDUE = EXIT_FINDINGS
WIDTH = 80
CSV_COLUMNS = ["incident", "file", "id", "action", "owner", "due", "days_overdue", "status", "priority", "tracker"]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.epilog = f"{FOLDER_READ} Files that cannot be read are named on stderr and skipped. " + exit_codes_help(
        "listed", "DIR is not a folder", findings="--overdue and anything is overdue"
    )
    add_folder_argument(parser)
    parser.add_argument(
        "--overdue", action="store_true", help="only overdue actions; exit 1 when there are any (for CI and cron)"
    )
    parser.add_argument("--owner", metavar="NAME", help="only actions owned by NAME (case-insensitive)")
    parser.add_argument("--format", choices=("table", "csv", "json"), default="table", help="output (default table)")
    add_today_argument(parser)


def fit(text: str, width: int) -> str:
    """One line of at most width characters, cut with … when longer."""
    return clip(" ".join(visible(text).split()), width)  # escapes first: the cut must count what is shown


def fit_left(text: str, width: int) -> str:
    """Like fit, but keeps the end (for file paths, whose name matters most)."""
    return text if len(text) <= width else "…" + text[-(width - 1) :]


def table(rows: list[ActionRow]) -> str:
    """Two lines per action within 80 columns: due, lateness, owner, incident; then file:id, priority, action."""
    widths = (10, 6, 18, WIDTH - 1 - 10 - 6 - 18 - 3)
    lines = [_columns(("Due", "Late", "Owner", "Incident"), widths)]
    lines.append(_columns(tuple("─" * w for w in widths), widths))
    for row in rows:
        late = f"{row.days_overdue} d" if row.days_overdue else ""
        due = row.due.isoformat() if row.due else "no date"
        lines.append(_columns((due, late, row.owner or "(no owner)", row.incident), widths))
        where = fit_left(f"{row.path}:{row.id}", 36)
        status = "" if row.status == "open" else f" [{row.status}]"
        lines.append("    " + fit(f"{where} · {row.priority}{status} · {row.text}", WIDTH - 5))
    return "\n".join(lines)


def _columns(cells: tuple[str, ...], widths: tuple[int, ...]) -> str:
    parts = []
    for index, (text, width) in enumerate(zip(cells, widths, strict=True)):
        shown = fit(text, width)
        parts.append(shown.rjust(width) if index == 1 else shown.ljust(width))
    return " ".join(parts).rstrip()


def _csv(rows: list[ActionRow]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for row in rows:
        values = [
            row.incident,
            row.path,
            row.id,
            row.text,
            row.owner,
            row.due.isoformat() if row.due else "",
            str(row.days_overdue),
            row.status,
            row.priority,
            row.tracker,
        ]
        writer.writerow([defuse(value) for value in values])
    return buffer.getvalue()


def run(args: argparse.Namespace) -> int:
    folder: Path = args.folder
    if not is_folder(folder):
        return EXIT_UNREADABLE
    today = args.today or dt.date.today()
    result = scan(folder, today, owner=args.owner, overdue_only=args.overdue)
    report_left_out(folder, result.problems, "skipped")
    if args.format == "json":
        print(json_escaped(json.dumps([row.as_json() for row in result.rows], indent=2, ensure_ascii=False)))
    elif args.format == "csv":
        sys.stdout.write(_csv(result.rows))
    else:
        overdue = sum(1 for row in result.rows if row.days_overdue)
        who = f" owned by {args.owner}" if args.owner else ""
        kind = "overdue" if args.overdue else "open"
        if result.rows:
            print(table(result.rows))
            print()
        print(
            f"{len(result.rows)} {kind} action{'s' if len(result.rows) != 1 else ''}{who}"
            + ("" if args.overdue else f", {overdue} overdue")
            + f" (as of {today.isoformat()}), in {result.files} file{'s' if result.files != 1 else ''}"
            + (f"; {len(result.problems)} could not be read" if result.problems else "")
            + "."
        )
    if args.overdue and result.rows:
        return EXIT_OVERDUE
    return EXIT_OK
