"""What the folder commands (`pmtui actions DIR`, `pmtui report DIR`) share: DIR, its check, and unread files."""

from __future__ import annotations

import argparse
from pathlib import Path

from pmtui.commands._common import report
from pmtui.domain.errors import SessionReadError

FOLDER_READ = "Reads every *.toml under DIR (hidden files and folders skipped), read-only, never locked."
"""How the folder commands (actions, report) find and read session files, for their --help."""


def add_folder_argument(parser: argparse.ArgumentParser) -> None:
    """DIR: the folder of session files a folder command reads."""
    parser.add_argument("folder", type=Path, metavar="DIR", help="folder of session files (searched recursively)")


def is_folder(folder: Path) -> bool:
    """Whether folder is a folder; when it is not, say so on stderr."""
    if folder.is_dir():
        return True
    problem = "is not a folder" if folder.exists() else "no such folder"
    report(f"{folder}: {problem}; name a folder of session files")
    return False


def report_left_out(folder: Path, problems: list[SessionReadError], outcome: str) -> None:
    """Name on stderr each file under folder that could not be read, and what became of it."""
    for problem in problems:
        problem.path = str(folder / str(problem.path))
        report(f"{problem} ({outcome})")
