"""`pmtui import DOC -o OUT.toml` and `pmtui import DIR --into OUTDIR`: past postmortems become sessions."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pmtui.commands._common import EXIT_FINDINGS, EXIT_OK, EXIT_UNREADABLE, exit_codes_help, report
from pmtui.docimport.importer import Imported, import_document, read_document
from pmtui.domain.errors import SessionError
from pmtui.domain.text_fit import shorten
from pmtui.domain.text_safety import visible
from pmtui.export._common import local_time


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("source", metavar="DOC", help="a .md, .html or .docx postmortem, - for Markdown on stdin, "
                        "or a folder (with --into)")  # fmt: skip
    parser.add_argument("-o", "--output", type=Path, metavar="OUT.toml", help="the session file to create")
    parser.add_argument("--into", type=Path, metavar="OUTDIR", help="with a folder: where to create one session each")
    parser.add_argument("--dry-run", action="store_true", help="show what would be mapped where; write nothing")
    parser.add_argument("--timezone", metavar="TZ", help="IANA zone for times the document does not qualify")
    parser.epilog = (
        exit_codes_help(
            "everything mapped to fields",
            "the document cannot be read or OUT exists",
            findings="something was kept only as text or a line could not be read (listed)",
        )
        + " See docs/import.md."
    )


def run(args: argparse.Namespace) -> int:
    if args.timezone:
        try:
            ZoneInfo(args.timezone)
        except (ZoneInfoNotFoundError, ValueError):
            report(f"--timezone {args.timezone!r} is not an IANA time zone name such as Europe/London")
            return EXIT_UNREADABLE
    if args.source != "-" and Path(args.source).is_dir():
        if args.into is None and not args.dry_run:
            report(f"{args.source} is a folder; name where the sessions go with --into OUTDIR")
            return EXIT_UNREADABLE
        from pmtui.commands.import_dir import import_folder

        return import_folder(Path(args.source), args.into, args.timezone, args.dry_run)
    if args.into is not None:
        report(f"{args.source}: --into is for a folder of documents; for one document use -o OUT.toml")
        return EXIT_UNREADABLE
    if args.output is None and not args.dry_run:
        report(f"{args.source}: name the session file to create with -o OUT.toml (or look first with --dry-run)")
        return EXIT_UNREADABLE
    if args.output is not None and args.output.exists() and not args.dry_run:
        report(f"{args.output}: already exists; pmtui import never overwrites a file, pick another name")
        return EXIT_UNREADABLE
    try:
        document = read_document(args.source, sys.stdin.read() if args.source == "-" else None)
        imported = import_document(document, args.timezone)
    except SessionError as error:
        report(visible(str(error)))
        return EXIT_UNREADABLE
    except (Exception, RecursionError) as error:  # a reader bug on an odd document: one line, never a traceback
        report(visible(f"{args.source}: could not be imported ({type(error).__name__}: {error}); "
                            "nothing written, please report it"))  # fmt: skip
        return EXIT_UNREADABLE
    name = "<stdin>" if args.source == "-" else args.source
    if args.dry_run:
        show_mapping(imported, name, args.output)
    else:
        from pmtui.storage.store import create_session_file

        try:
            create_session_file(args.output, imported.text)
        except SessionError as error:
            report(error)
            return EXIT_UNREADABLE
        print(f"Created {visible(str(args.output))} from {visible(name)}: {imported.summary()}")
    show_problems(imported, name)
    return EXIT_FINDINGS if imported.kept_as_notes else EXIT_OK


def show_mapping(imported: Imported, name: str, output: Path | None) -> None:
    """What would go where: the incident's facts, then every entry by section."""
    session, mapped = imported.session, imported.mapped
    incident = session.incident
    target = f" into {visible(str(output))}" if output else ""
    print(f"Would import {visible(name)}{target}:")
    facts = [f"title: {incident.title}", f"severity {incident.severity.value}", f"status {incident.status.value}"]
    if incident.started_at:
        facts.append(f"started {local_time(incident.started_at, session)}")
    facts.append(f"zone {incident.timezone}")
    if incident.owner:
        facts.append(f"owner {incident.owner}")
    print(f"  incident: {visible(' · '.join(facts))}")
    for label, text in (("summary", incident.summary), ("impact", incident.impact)):
        if text:
            print(f"  {label}: {visible(shorten(text, 90))}")
    for event in session.timeline:
        print(f"  timeline {event.id:<4} {local_time(event.at, session)}  {event.kind.value:<13} "
              f"{visible(shorten(event.text, 70))}")  # fmt: skip
    for section in ("whys", "went_well", "went_wrong", "lucky", "questions"):
        for entry in getattr(session, section):
            text = getattr(entry, "question", None) or entry.text  # type: ignore[attr-defined]
            print(f"  {section:<10} {entry.id:<4} {visible(shorten(text, 80))}")
    for action in session.actions:
        details = [action.status.value]
        if action.owner:
            details.append(f"@{action.owner}")
        if action.due:
            details.append(f"due {action.due.isoformat()}")
        if action.tracker:
            details.append(action.tracker)
        print(f"  actions    {action.id:<4} {visible(shorten(action.text, 60))} ({visible(', '.join(details))})")
    if session.attendees:
        print(f"  attendees: {visible(', '.join(p.name for p in session.attendees))}")
    if mapped.derived:
        print(f"  not imported (pmtui computes these): {visible(', '.join(mapped.derived))}")
    print(imported.summary())


def show_problems(imported: Imported, name: str) -> None:
    """Kept-as-text blocks, unreadable lines and warnings, one line each on stderr."""
    mapped = imported.mapped
    for line in mapped.kept:
        print(f"pmtui: {visible(name)}: {visible(line)}: no field for it; kept in the notes", file=sys.stderr)
    for line in mapped.unreadable:
        print(f"pmtui: {visible(name)}: {visible(line)}", file=sys.stderr)
    for line in mapped.warnings:
        print(f"pmtui: {visible(name)}: warning: {visible(line)}", file=sys.stderr)
