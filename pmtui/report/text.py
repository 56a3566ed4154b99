"""The report as a terminal summary within 80 columns; user text made inert (visible) and cut to fit."""

from __future__ import annotations

from collections.abc import Sequence

from pmtui.domain.text_fit import clip
from pmtui.domain.text_safety import visible
from pmtui.report import Recurring, Report
from pmtui.report._shared import FOLLOW_COLUMNS, SHORT_TIMES, duration, scope, standing
from pmtui.report.figures import ALL, SEVERITIES, Follow

WIDTH = 80
SHOWN_PER_GROUP = 6
"""Incidents and actions listed per group in the terminal; the other formats list them all."""


def _fit(text: str, width: int) -> str:
    """One line of at most width characters (its indent kept), cut with … when longer."""
    indent = text[: len(text) - len(text.lstrip(" "))]
    line = indent + " ".join(text.split())
    return clip(visible(line), width)  # escaped first: the cut counts the characters shown


def _table(header: Sequence[str], rows: Sequence[Sequence[str]], first: int) -> list[str]:
    """First column left-aligned in first characters, the others right-aligned to their widest cell."""
    widths = [max(len(str(row[i])) for row in [header, *rows]) for i in range(1, len(header))]
    lines = []
    for row in [header, *rows]:
        cells = [_fit(str(row[0]), first).ljust(first)]
        cells += [str(value).rjust(width) for value, width in zip(row[1:], widths, strict=True)]
        lines.append("  ".join(cells).rstrip())
    return lines


def _heading(title: str) -> list[str]:
    return ["", title, "─" * len(title)]


def _month(month: str) -> str:
    return "All" if month == ALL else month


def _severities(report: Report) -> list[str]:
    figures = report.figures
    used = [sev for sev in SEVERITIES if figures.severities[ALL].get(sev)] or SEVERITIES[:3]
    rows = [
        [_month(month), *(str(counts.get(sev, 0)) for sev in used), str(sum(counts.values()))]
        for month, counts in figures.severities.items()
    ]
    return _heading("Incidents per month") + _table(["Month", *used, "Total"], rows, 9)


def _times(report: Report) -> list[str]:
    figures = report.figures
    months = [*figures.months, ALL]
    lines = _heading("Time from impact start: median (incidents it stands on)")
    header = ["Month", *SHORT_TIMES.values()]
    rows = [
        [_month(m), *(f"{duration(figures.times[n][m].median)} ({figures.times[n][m].count})" for n in SHORT_TIMES)]
        for m in months
    ]
    lines += _table(header, rows, 9)
    lines += _heading("Time from impact start: 90th percentile")
    rows = [[_month(m), *(duration(figures.times[n][m].p90) for n in SHORT_TIMES)] for m in months]
    return lines + _table(header, rows, 9)


# Within 80 columns: the oldest overdue action's age is left to the other formats.
_TERMINAL_LABELS = {"total": "Total", "overdue_days": "Days late"}
_TERMINAL_COLUMNS = [
    (name, _TERMINAL_LABELS.get(name, label)) for name, label in FOLLOW_COLUMNS if name != "oldest_overdue_days"
]


def _follow_table(title: str, table: dict[str, Follow]) -> list[str]:
    rows = [
        ["All" if key == ALL else key, *(str(getattr(follow, name)) for name, _ in _TERMINAL_COLUMNS)]
        for key, follow in table.items()
    ]
    return _table([title, *(label for _, label in _TERMINAL_COLUMNS)], rows, 16)


def _actions(report: Report) -> list[str]:
    figures = report.figures
    lines = _heading("Action follow-through")
    if not figures.by_owner:
        return [*lines, "No action items."]
    lines += _follow_table("Owner", figures.by_owner)
    lines.append("")
    lines += _follow_table("Kind", figures.by_kind)
    undated = figures.by_owner[ALL].done_undated
    if undated:
        lines.append(f"{undated} done without a done_on date or a due date: on time or not is unknown.")
    return lines


def _groups(title: str, groups: list[Recurring], empty: str) -> list[str]:
    lines = _heading(title)
    if not groups:
        return [*lines, empty]
    for number, group in enumerate(groups, 1):
        incidents = group.incidents
        lines.append(_fit(f"{number}. {group.name} — {len(incidents)} incidents, {len(group.entries)} entries", WIDTH))
        firsts: dict[str, str] = {}
        for facts, note in group.entries:
            firsts.setdefault(facts.path, note.text)
        for facts in incidents[:SHOWN_PER_GROUP]:
            lines.append(_fit(f"   {facts.date or 'undated'}  {facts.path}  {facts.title}", WIDTH))
            lines.append(_fit(f"      “{firsts[facts.path]}”", WIDTH))
        if len(incidents) > SHOWN_PER_GROUP:
            lines.append(f"   … and {len(incidents) - SHOWN_PER_GROUP} more incidents")
        for facts, action in group.actions[:SHOWN_PER_GROUP]:
            lines.append(_fit(f"   → {facts.path}:{action.id} {standing(action)}: {action.text}", WIDTH))
        if len(group.actions) > SHOWN_PER_GROUP:
            lines.append(f"   … and {len(group.actions) - SHOWN_PER_GROUP} more actions")
        if not group.actions and title.startswith("Recurring"):
            lines.append("   → no action addresses it")
        lines.append("")
    return lines[:-1]


def render(report: Report) -> str:
    """The terminal summary: the same sections as every other format."""
    lines = [_fit(f"Postmortem report: {report.folder}", WIDTH), _fit(scope(report), WIDTH)]
    if report.corpus.incidents:
        lines += _severities(report) + _times(report) + _actions(report)
    lines += _groups(
        "Recurring contributing factors", report.factors, "None: no why or went-wrong entry came back in other words."
    )
    lines += _groups("Where we got lucky, more than once", report.lucky, "None came back.")
    return "\n".join(lines) + "\n"
