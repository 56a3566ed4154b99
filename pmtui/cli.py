"""Command line: `pmtui FILE` opens the meeting app; subcommands work on session files."""

from __future__ import annotations

import argparse
import contextlib
import gc
import importlib
import sys
from collections.abc import Iterator, Sequence

from pmtui import __version__
from pmtui.commands._common import EXIT_INTERRUPTED, EXIT_OK

# Subcommand name -> module in pmtui.commands with `add_arguments(parser)` and `run(args) -> int`.
# Imported lazily so `pmtui check` never pays for loading Textual.
COMMANDS: dict[str, str] = {
    "demo": "Open a writable copy of the bundled demo session",
    "new": "Create a session file from the template",
    "check": "Check session files for completeness and blameless wording",
    "schema": "Print the JSON Schema of the session file",
    "export": "Export a session as Markdown, HTML, JSON or CSV",
    "import-timeline": "Add timeline entries from a pasted chat or log file",
    "import": "Turn Markdown, HTML or Word postmortems into session files",
    "actions": "List open action items across a folder of postmortems",
    "report": "Trends, follow-through and recurring factors across a folder of postmortems",
    "serve": "Serve the meeting to browsers: one link each for moderator, notetaker and viewers",
}

# Commands whose name is a Python keyword live in a module named otherwise.
_MODULE_NAMES = {"import": "import_doc"}


def _command_module(name: str):  # type: ignore[no-untyped-def]
    return importlib.import_module(f"pmtui.commands.{_MODULE_NAMES.get(name, name.replace('-', '_'))}")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="pmtui",
        description="Run a blameless incident postmortem: pmtui FILE opens the meeting app.",
        epilog="Commands: " + ", ".join(COMMANDS) + ". Run `pmtui COMMAND --help` for one.",
    )
    parser.add_argument("--version", action="version", version=f"pmtui {__version__}")
    return parser


def build_command_parser(name: str) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=f"pmtui {name}", description=COMMANDS[name])
    _command_module(name).add_arguments(parser)
    return parser


APP_COMMANDS = frozenset({"demo"})
"""Subcommands that open the meeting app, as `pmtui FILE` does."""


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] in COMMANDS:
        name = args.pop(0)
        parsed = build_command_parser(name).parse_args(args)
        try:
            with _app_start_up(name in APP_COMMANDS):
                return int(_command_module(name).run(parsed))
        except KeyboardInterrupt:
            return EXIT_INTERRUPTED
        except BrokenPipeError:
            return EXIT_OK
    if args and args[0] in ("-h", "--help", "--version"):
        build_parser().parse_args(args)
    with _app_start_up():
        from pmtui.commands import open_app

        return int(open_app.main(args))


@contextlib.contextmanager
def _app_start_up(opens_app: bool = True) -> Iterator[None]:
    """Start-up makes hundreds of thousands of objects that live as long as the app (modules,
    models, widgets, styles): up to the first frame the collector ran 240 passes over them,
    47 ms, and freed 6,000 objects. Off until the app turns it on, once its first screen is up."""
    if opens_app:
        gc.disable()
    try:
        yield
    finally:
        gc.enable()
