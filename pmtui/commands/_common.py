"""What the subcommands share: printing errors the same way everywhere, reading dates, --today."""

from __future__ import annotations

import argparse
import datetime as dt
import sys

from pmtui.errors import SessionError


def report(error: SessionError | str) -> None:
    """Print one clear line about a problem to stderr."""
    print(f"pmtui: {error}", file=sys.stderr)


def iso_date(value: str) -> dt.date:
    """An argparse type for YYYY-MM-DD, with a message that says what to write."""
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date such as 2026-12-05") from None


def add_today_argument(parser: argparse.ArgumentParser) -> None:
    """--today: the date overdue actions are measured against (tests and reports pin it)."""
    parser.add_argument(
        "--today", type=iso_date, metavar="YYYY-MM-DD", help="date to measure overdue actions against (default: today)"
    )
