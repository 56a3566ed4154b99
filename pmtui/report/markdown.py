"""The report as Markdown (GitHub flavoured), every user text escaped as the Markdown export does."""

from __future__ import annotations

from pmtui.export.markdown import cell, heading, inline, table
from pmtui.report import Recurring, Report
from pmtui.report._shared import FOLLOW_COLUMNS, SHORT_TIMES, duration, scope, standing
from pmtui.report.figures import ALL, SEVERITIES, Follow


def _month(month: str) -> str:
    return "**All**" if month == ALL else month


def _follow(title: str, rows: dict[str, Follow]) -> str:
    body = [
        ["**All**" if key == ALL else cell(key), *(str(getattr(f, name)) for name, _ in FOLLOW_COLUMNS)]
        for key, f in rows.items()
    ]
    return table([title, *(label for _, label in FOLLOW_COLUMNS)], body)


def _groups(title: str, groups: list[Recurring], empty: str) -> list[str]:
    out = [f"## {title}", ""]
    if not groups:
        return [*out, empty, ""]
    for number, group in enumerate(groups, 1):
        out += [f"### {number}. {heading(group.name)} ({len(group.incidents)} incidents)", ""]
        rows = [
            [str(facts.date or "undated"), cell(facts.path), cell(facts.title), cell(note.text)]
            for facts, note in group.entries
        ]
        out += [table(["Date", "File", "Incident", "What was said"], rows), ""]
        for facts, action in group.actions:
            out.append(
                f"- {inline(facts.path)}:{inline(action.id)} *{inline(standing(action))}*: {inline(action.text)}"
            )
        if not group.actions and title.startswith("Recurring"):
            out.append("- No action addresses it.")
        out.append("")
    return out


def render(report: Report) -> str:
    """The report: the same sections as the terminal summary, all incidents and actions of each group listed."""
    figures = report.figures
    out = [f"# Postmortem report: {heading(report.folder)}", "", inline(scope(report)), ""]
    for problem in report.corpus.problems:
        out.append(f"- Left out: {inline(str(problem))}")
    if report.corpus.problems:
        out.append("")
    if report.corpus.incidents:
        used = [sev for sev in SEVERITIES if figures.severities[ALL].get(sev)]
        rows = [
            [_month(m), *(str(c.get(sev, 0)) for sev in used), str(sum(c.values()))]
            for m, c in figures.severities.items()
        ]
        out += ["## Incidents per month", "", table(["Month", *used, "Total"], rows), ""]
        out += ["## Time from impact start", "", "Median · 90th percentile (incidents it stands on).", ""]
        rows = []
        for m in [*figures.months, ALL]:
            spreads = [figures.times[name][m] for name in SHORT_TIMES]
            rows.append([_month(m), *(f"{duration(s.median)} · {duration(s.p90)} ({s.count})" for s in spreads)])
        out += [table(["Month", *SHORT_TIMES.values()], rows), ""]
        out += ["## Action follow-through", ""]
        if figures.by_owner:
            out += [_follow("Owner", figures.by_owner), "", _follow("Kind", figures.by_kind), ""]
        else:
            out += ["No action items.", ""]
    out += _groups(
        "Recurring contributing factors", report.factors, "None: no why or went-wrong entry came back in other words."
    )
    out += _groups("Where we got lucky, more than once", report.lucky, "None came back.")
    return "\n".join(out).rstrip() + "\n"
