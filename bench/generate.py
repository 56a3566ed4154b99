"""Make large, realistic session files for the benchmark, into a folder the caller owns (never the repo)."""

from __future__ import annotations

import datetime as dt
import json
import random
from pathlib import Path

KINDS = [
    "alert", "acknowledged", "action", "action-done", "realization", "communication", "note", "detected",
]  # fmt: skip
SERVICES = ["payments-service", "checkout-api", "search", "auth-gateway", "orders-db", "config-sync", "cdn-edge"]
VERBS = ["rose from", "fell from", "moved from", "held at", "dropped from"]
OWNERS = ["Priya Natarajan", "Sam Ortega", "Lee Chen", "Amara Okafor", "Jonas Weber", "Mei Tanaka", "Omar Haddad"]
ACTION_KINDS = ["prevention", "detection", "mitigation", "communication", "documentation", "acknowledgement"]
STATUSES = ["open", "open", "in-progress", "done", "wont-do"]


def _q(text: str) -> str:
    # JSON string escaping is valid TOML basic-string escaping for the characters we generate.
    return json.dumps(text, ensure_ascii=False)


def _timeline_text(rng: random.Random, n: int) -> str:
    service = rng.choice(SERVICES)
    a, b = rng.randint(1, 99), rng.randint(1, 99)
    return (
        f"{service}: 5xx rate {rng.choice(VERBS)} {a}.{n % 10}% to {b}% on {rng.randint(3, 48)} of 48 pods; "
        f"p99 latency {rng.randint(80, 4000)} ms (entry {n})"
    )


def session_text(
    timeline: int = 2000,
    actions: int = 500,
    whys: int = 12,
    went_wrong: int = 8,
    seed: int = 1,
    title: str = "Checkout errors during a large incident",
) -> str:
    """The text of a valid session file with the given number of entries, with comments like a person's."""
    rng = random.Random(seed)
    start = dt.datetime(2026, 11, 20, 14, 2, tzinfo=dt.UTC) - dt.timedelta(days=rng.randint(0, 400))
    out = [
        "# Postmortem — generated for the benchmark",
        "schema_version = 1",
        "",
        "[incident]",
        f"title = {_q(title)}",
        f'severity = "SEV{rng.randint(1, 4)}"                  # SEV1 (worst) .. SEV5',
        'status = "in-review"',
        'timezone = "Europe/London"',
        f"started_at = {start.strftime('%Y-%m-%dT%H:%M:%SZ')}",
        f"owner = {_q(rng.choice(OWNERS))}",
        f'summary = "{timeline} timeline entries over {timeline // 60 + 1} hours; see the timeline."',
        "",
        "[roles]",
        'moderator = "Sam Ortega"',
        'notetaker = "Lee Chen"',
        "",
    ]
    for name in OWNERS[:5]:
        out += ["[[attendees]]", f"name = {_q(name)}", 'role = "Engineer"', ""]
    out += ["[meeting]", 'phase = "timeline"', "timebox_minutes = 60", ""]
    for i in range(1, timeline + 1):
        at = start + dt.timedelta(seconds=20 * i)
        kind = "impact-start" if i == 1 else "mitigated" if i == timeline else rng.choice(KINDS)
        out += ["[[timeline]]", f'id = "t{i}"']
        if i % 97 == 0:
            out.append("# Time from the audit log, not from chat (chat ran about a minute late).")
        out += [f"at = {at.strftime('%Y-%m-%dT%H:%M:%SZ')}", f'kind = "{kind}"', f"text = {_q(_timeline_text(rng, i))}"]
        if i % 3 == 0:
            out.append(f'source = "https://dashboards.example.com/d/{rng.choice(SERVICES)}?t={i}"')
        out.append("")
    for i in range(1, whys + 1):
        out += [
            "[[whys]]",
            f'id = "y{i}"',
            f"question = {_q(f'Why did step {i} of the failure chain happen?')}",
            f"answer = {_q(f'Because {rng.choice(SERVICES)} had a limit of {rng.randint(2, 80)} set in 20{rng.randint(20, 26)}.')}",  # noqa: E501
            f'layer = "{rng.choice(["immediate", "precondition", "underlying"])}"',
            "",
        ]
    for i in range(1, went_wrong + 1):
        out += [
            "[[went_wrong]]",
            f'id = "b{i}"',
            f"text = {_q(f'The runbook for {rng.choice(SERVICES)} was {i} versions out of date.')}",
            "",
        ]
    linkable = [f"y{i}" for i in range(1, whys + 1)] + [f"b{i}" for i in range(1, went_wrong + 1)]
    for i in range(1, actions + 1):
        due = start.date() + dt.timedelta(days=rng.randint(-30, 120))
        links = ", ".join(_q(x) for x in rng.sample(linkable, k=min(len(linkable), rng.randint(0, 2))))
        out += [
            "[[actions]]",
            f'id = "a{i}"',
            f"text = {_q(f'Add a check to {rng.choice(SERVICES)} that rejects limits below {rng.randint(4, 64)} (item {i})')}",  # noqa: E501
            f"owner = {_q(rng.choice(OWNERS))}",
            f"due = {due.isoformat()}",
            f'kind = "{rng.choice(ACTION_KINDS)}"',
            f'priority = "P{rng.randint(1, 3)}"',
            f'status = "{rng.choice(STATUSES)}"',
            f"addresses = [{links}]",
            f'tracker = "PLAT-{1000 + i}"',
            "",
        ]
    return "\n".join(out)


def large_session(folder: Path, timeline: int = 2000, actions: int = 500, name: str = "large.toml") -> Path:
    """Write one large session file into folder and return its path."""
    path = folder / name
    path.write_text(session_text(timeline=timeline, actions=actions), encoding="utf-8")
    return path


def session_folder(folder: Path, count: int = 1000, seed: int = 7) -> Path:
    """Write count varied postmortems (5 to 80 timeline entries, 0 to 12 actions) into folder."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(count):
        text = session_text(
            timeline=rng.randint(5, 80),
            actions=rng.randint(0, 12),
            whys=rng.randint(1, 7),
            went_wrong=rng.randint(1, 5),
            seed=seed * 100_000 + n,
            title=f"Incident {n}: {rng.choice(SERVICES)} degraded",
        )
        (folder / f"{2024 + n % 3}-{n:04d}-{rng.choice(SERVICES)}.toml").write_text(text, encoding="utf-8")
    return folder


def _markdown_postmortem(rng: random.Random, number: int) -> str:
    """One postmortem in one of the shapes teams write: property lines or a table, timeline table or bullets."""
    day = dt.date(2026, 1, 1) + dt.timedelta(days=rng.randint(0, 330))
    service = rng.choice(SERVICES)
    lines = [f"# Postmortem: {service} errors (incident {number})", ""]
    if number % 2:
        lines += [f"**Date:** {day.isoformat()}", "", f"**Severity:** Sev {rng.randint(1, 4)}", "",
                  f"**Authors:** {rng.choice(OWNERS)}", "", "**Status:** Draft", ""]  # fmt: skip
    else:
        lines += ["| Field | Value |", "|---|---|", f"| Date | {day:%B %d, %Y} |",
                  f"| Severity | SEV{rng.randint(1, 4)} |",
                  f"| Owner | {rng.choice(OWNERS)} |", "| Status | In review |", ""]  # fmt: skip
    lines += ["## Summary", "", f"{service} answered {rng.randint(5, 60)}% of requests with errors.", ""]
    lines += ["## Impact", "", f"{rng.randint(100, 90000)} requests failed over {rng.randint(5, 90)} minutes.", ""]
    lines += ["## Timeline", "", "All times UTC", ""]
    start = rng.randint(0, 10 * 60)
    entries = rng.randint(8, 20)
    stamps = sorted(start + rng.randint(0, 600) for _ in range(entries))
    if number % 3:
        lines += ["| Time (UTC) | Event |", "|---|---|"]
        lines += [f"| {m // 60:02d}:{m % 60:02d} | {_timeline_text(rng, i)} |" for i, m in enumerate(stamps)]
    else:
        labels = ["(Detection) ", "", "", "(Mitigated) ", "", "OUTAGE ENDS - "]
        lines += [
            f"- {m // 60:02d}:{m % 60:02d} - {rng.choice(labels)}{_timeline_text(rng, i)}" for i, m in enumerate(stamps)
        ]
    lines += ["", "## Root cause", "", f"A configuration change on {service} lowered a limit.", ""]
    lines += ["## What went well", ""] + [f"- Rollback number {i} was quick." for i in range(rng.randint(1, 4))] + [""]
    lines += ["## What went wrong", ""] + [f"- Alert {i} fired late." for i in range(rng.randint(1, 4))] + [""]
    lines += ["## Action items", ""]
    actions = rng.randint(2, 8)
    if number % 2:
        lines += [f"- [{'x' if rng.random() < 0.3 else ' '}] Fix limit {i} (@{rng.choice(OWNERS).split()[0].lower()}, "
                  f"due {day + dt.timedelta(days=rng.randint(7, 60))}) #{rng.randint(1000, 9999)}"
                  for i in range(actions)]  # fmt: skip
    else:
        lines += ["| Action | Owner | Due | Status | Ticket |", "|---|---|---|---|---|"]
        lines += [f"| Fix limit {i} | {rng.choice(OWNERS)} | {day + dt.timedelta(days=rng.randint(7, 60))} | "
                  f"{rng.choice(STATUSES)} | PAY-{rng.randint(100, 999)} |" for i in range(actions)]  # fmt: skip
    return "\n".join(lines) + "\n"


def markdown_folder(folder: Path, count: int = 1000, seed: int = 11) -> Path:
    """A folder of generated Markdown postmortems for the import benchmark."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    for number in range(count):
        (folder / f"pm-{number:04d}.md").write_text(_markdown_postmortem(rng, number), encoding="utf-8")
    return folder
