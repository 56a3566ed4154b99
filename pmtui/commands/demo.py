"""`pmtui demo`: open a writable copy of the bundled demo session in the meeting app."""

from __future__ import annotations

import argparse
import shutil
import tempfile
from pathlib import Path

from pmtui.resources import DEMO_SESSION


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--role", choices=["moderator", "notetaker"], help="skip the start screen")


def copy_demo() -> Path:
    """Copy the demo session into a fresh temporary folder; the bundled file is never modified."""
    folder = Path(tempfile.mkdtemp(prefix="pmtui-demo-"))
    target = folder / DEMO_SESSION.name
    shutil.copyfile(DEMO_SESSION, target)
    return target


def run(args: argparse.Namespace) -> int:
    from pmtui.commands import open_app

    target = copy_demo()
    print(f"Demo session copied to {target}")
    return int(open_app.main([str(target), *(["--role", args.role] if args.role else [])]))
