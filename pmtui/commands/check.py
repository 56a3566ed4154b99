"""`pmtui check FILE...`: report completeness and blameless-wording findings, and the timeline metrics."""

from __future__ import annotations

import argparse
import datetime as dt
import json
from pathlib import Path
from typing import Any

from pmtui.commands._common import EXIT_FINDINGS, EXIT_OK, EXIT_UNREADABLE, add_today_argument, report, say
from pmtui.domain.checks import ERROR, Finding, Metrics, compute_metrics, count, run_checks
from pmtui.domain.errors import SessionError


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="+", type=Path, metavar="FILE", help="session files to check")
    parser.add_argument(
        "--format", choices=("text", "json"), default="text", help="text for people (default), json for machines"
    )
    parser.add_argument("--strict", action="store_true", help="exit 1 on warnings too, not only on errors")
    add_today_argument(parser)


def _fails(findings: list[Finding], strict: bool) -> bool:
    return any(f.severity == ERROR for f in findings) or (strict and bool(findings))


def _text_lines(path: Path, findings: list[Finding], metrics: Metrics) -> list[str]:
    lines = []
    for finding in findings:
        where = f" [{finding.entry_id}]" if finding.entry_id else ""
        lines.append(f"{path}: {finding.severity} {finding.rule}{where}: {finding.message}")
    rows = metrics.rows()
    parts = [f"{rows[0][0].lower()} {rows[0][1]}"]
    parts += [f"{label.lower().removeprefix('time ')} {value}" for label, value in rows[1:4]]
    parts.append(f"impact {rows[4][1]}")
    lines.append(f"{path}: metrics: " + ", ".join(parts))
    errors, warnings = count(findings)
    verdict = "ok" if not findings else "needs work" if errors else "ok with warnings"
    lines.append(f"{path}: {_plural(errors, 'error')}, {_plural(warnings, 'warning')} — {verdict}")
    return lines


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _json_result(path: Path, findings: list[Finding], metrics: Metrics) -> dict[str, Any]:
    errors, warnings = count(findings)
    return {
        "path": str(path),
        "errors": errors,
        "warnings": warnings,
        "findings": [
            {
                "rule": f.rule,
                "severity": f.severity,
                "section": f.section,
                "entry_id": f.entry_id,
                "phase": f.phase.value if f.phase else None,
                "message": f.message,
            }
            for f in findings
        ],
        "metrics": metrics.seconds(),
    }


def run(args: argparse.Namespace) -> int:
    # Imported here so `pmtui check --help` stays instant.
    from pmtui.storage.parsing import load_session_fast

    today = args.today or dt.date.today()
    unreadable = failed = False
    results: list[dict[str, Any]] = []
    for path in args.paths:
        try:
            # Read-only: tomllib and validation, never the store, so the file is never touched.
            session = load_session_fast(path)
        except SessionError as error:
            unreadable = True
            report(error)
            results.append({"path": str(path), "error": str(error)})
            continue
        findings = run_checks(session, today)
        metrics = compute_metrics(session)
        failed = failed or _fails(findings, args.strict)
        if args.format == "json":
            results.append(_json_result(path, findings, metrics))
        else:
            say("\n".join(_text_lines(path, findings, metrics)))
    if args.format == "json":
        # json.dumps's default ensure_ascii escapes every control character from the files.
        print(json.dumps({"today": today.isoformat(), "strict": args.strict, "files": results}, indent=2))
    if unreadable:
        return EXIT_UNREADABLE
    return EXIT_FINDINGS if failed else EXIT_OK
