"""What the subcommands share: printing lines and errors the same way everywhere, reading dates, --today."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from typing import TextIO

from pmtui.domain.errors import SessionError
from pmtui.domain.text_safety import visible

# What a pmtui command's exit status means, the same for every command (each --help says which apply).
EXIT_OK = 0
"""Done, and nothing to look at."""
EXIT_FINDINGS = 1
"""Done, with something to look at: check found errors, actions are overdue, lines or text were left out."""
EXIT_UNREADABLE = 2
"""Not done: a file could not be read or written, or the command line asks for something that cannot work."""
EXIT_INTERRUPTED = 130
"""Stopped with ctrl+c (128 + SIGINT, as shells report it)."""


def exit_codes_help(ok: str, unreadable: str, findings: str = "") -> str:
    """A command's --help sentence on what its exit codes mean, numbered from the EXIT_ constants."""
    meanings = [(EXIT_OK, ok), (EXIT_FINDINGS, findings), (EXIT_UNREADABLE, unreadable)]
    return "Exit codes: " + ", ".join(f"{code} {meaning}" for code, meaning in meanings if meaning) + "."


def report(error: SessionError | str) -> None:
    """Print one clear line about a problem to stderr (file names and quoted text made inert)."""
    print(f"pmtui: {visible(str(error))}", file=sys.stderr)


def say(text: str, file: TextIO | None = None) -> None:
    """Print a line for people: every CLI line that can hold text from a file goes through here."""
    print(visible(text), file=file or sys.stdout, flush=True)


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
