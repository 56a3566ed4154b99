"""The report as one self-contained HTML page: the export's CSS and CSP, charts as inline SVG, no script."""

from __future__ import annotations

from html import escape

from pmtui.domain.text_safety import for_document
from pmtui.export.html import STYLE as EXPORT_STYLE
from pmtui.export.html import page
from pmtui.report import Recurring, Report
from pmtui.report._shared import FOLLOW_COLUMNS, SHORT_TIMES, duration, scope, standing
from pmtui.report.figures import ALL, SEVERITIES, Follow
from pmtui.report.svg import stacked_bars, trend_lines

SEVERITY_COLORS = {"SEV1": "#a1141c", "SEV2": "#d9730d", "SEV3": "#c9a400", "SEV4": "#36618e", "SEV5": "#8aa4c2"}
TIME_COLORS = {
    "time_to_detect": "#2456a6",
    "time_to_acknowledge": "#8a6d00",
    "time_to_mitigate": "#1f7a35",
    "time_to_resolve": "#a1141c",
}

STYLE = (
    EXPORT_STYLE
    + """
svg.chart { width: 100%; height: auto; max-height: 300px; margin: 6px 0 10px; break-inside: avoid; }
svg.chart .axis { font: 11px system-ui, sans-serif; fill: var(--muted); }
svg.chart .grid { stroke: var(--line); stroke-width: 1; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr.all td { font-weight: 700; border-top: 2px solid var(--ink); }
ol.groups > li { margin-bottom: 18px; break-inside: avoid; }
ol.groups h3 { font-size: 16px; margin: 0 0 4px; }
@media print { svg.chart { max-height: 70mm; } }
"""
)


def _e(text: str) -> str:
    return escape(for_document(text), quote=True)


def _table(header: list[str], rows: list[list[str]], numeric_from: int = 1, all_last: bool = False) -> str:
    head = "".join(f'<th class="{"num" if i >= numeric_from else ""}">{_e(h)}</th>' for i, h in enumerate(header))
    body = []
    for n, row in enumerate(rows):
        cls = ' class="all"' if all_last and n == len(rows) - 1 else ""
        cells = "".join(f'<td class="{"num" if i >= numeric_from else ""}">{c}</td>' for i, c in enumerate(row))
        body.append(f"<tr{cls}>{cells}</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def _month(month: str) -> str:
    return "All" if month == ALL else month


def _incidents(report: Report) -> str:
    figures = report.figures
    months = figures.months
    series = [
        (sev, SEVERITY_COLORS[sev], [float(figures.severities[m].get(sev, 0)) for m in months])
        for sev in SEVERITIES
        if figures.severities[ALL].get(sev)
    ]
    chart = stacked_bars("Incidents per month by severity", months, series)
    used = [name for name, _, _ in series]
    rows = [
        [_e(_month(m)), *(str(c.get(sev, 0)) for sev in used), str(sum(c.values()))]
        for m, c in figures.severities.items()
    ]
    return "<h2>Incidents per month</h2>" + chart + _table(["Month", *used, "Total"], rows, all_last=True)


def _times(report: Report) -> str:
    figures = report.figures
    months = figures.months
    series = [
        (label, TIME_COLORS[name], [_minutes(figures.times[name][m].median) for m in months])
        for name, label in SHORT_TIMES.items()
    ]
    chart = trend_lines("Median minutes from impact start, per month", months, series, " min")
    header = ["Month"] + [f"{label}: median · p90 (n)" for label in SHORT_TIMES.values()]
    rows = []
    for m in [*months, ALL]:
        cells = [_e(_month(m))]
        for name in SHORT_TIMES:
            spread = figures.times[name][m]
            cells.append(f"{duration(spread.median)} · {duration(spread.p90)} ({spread.count})")
        rows.append(cells)
    note = (
        '<p class="small">Minutes from impact start to each milestone of the timeline (as <code>pmtui check</code> '
        "computes them per incident); n is the number of incidents with that milestone.</p>"
    )
    return (
        "<h2>Time to detect, acknowledge, mitigate, resolve</h2>" + chart + note + _table(header, rows, all_last=True)
    )


def _minutes(seconds: float | None) -> float | None:
    return None if seconds is None else seconds / 60


def _follow(title: str, table: dict[str, Follow]) -> str:
    rows = [
        [_e("All" if key == ALL else key), *(str(getattr(f, name)) for name, _ in FOLLOW_COLUMNS)]
        for key, f in table.items()
    ]
    return _table([title, *(label for _, label in FOLLOW_COLUMNS)], rows, all_last=True)


def _actions(report: Report) -> str:
    figures = report.figures
    if not figures.by_owner:
        return '<h2>Action follow-through</h2><p class="small">No action items.</p>'
    kinds = [k for k in figures.by_kind if k != ALL]
    parts = [
        ("Done on time", "#1f7a35", [float(figures.by_kind[k].done_on_time) for k in kinds]),
        (
            "Done (late or undated)",
            "#8fc79a",
            [float(figures.by_kind[k].done - figures.by_kind[k].done_on_time) for k in kinds],
        ),
        ("Open, not overdue", "#9fb6d6", [float(figures.by_kind[k].open - figures.by_kind[k].overdue) for k in kinds]),
        ("Overdue", "#a1141c", [float(figures.by_kind[k].overdue) for k in kinds]),
    ]
    chart = stacked_bars("Action items by kind and standing", kinds, parts)
    undated = figures.by_owner[ALL].done_undated
    note = (
        f'<p class="small">{undated} done without a <code>done_on</code> date or a due date: '
        "on time or not is unknown.</p>"
        if undated
        else ""
    )
    return (
        "<h2>Action follow-through</h2>"
        + chart
        + _follow("Owner", figures.by_owner)
        + _follow("Kind", figures.by_kind)
        + note
    )


def _groups(title: str, groups: list[Recurring], empty: str) -> str:
    if not groups:
        return f'<h2>{_e(title)}</h2><p class="small">{_e(empty)}</p>'
    items = []
    for group in groups:
        entries = "".join(
            f"<tr><td class='nowrap'>{facts.date or 'undated'}</td><td>{_e(facts.path)}</td>"
            f"<td>{_e(facts.title)}</td><td><div class='text'>{_e(note.text)}</div></td></tr>"
            for facts, note in group.entries
        )
        table = (
            "<table class='fixed'><colgroup><col style='width:12%'><col style='width:20%'><col style='width:25%'>"
            "<col style='width:43%'></colgroup><thead><tr><th>Date</th><th>File</th><th>Incident</th>"
            f"<th>What was said</th></tr></thead><tbody>{entries}</tbody></table>"
        )
        actions = "".join(
            f"<li><strong>{_e(facts.path)}:{_e(action.id)}</strong> <span class='small'>{_e(standing(action))}"
            f"{' · ' + _e(action.owner) if action.owner else ''}</span> — "
            f"<span class='text'>{_e(action.text)}</span></li>"
            for facts, action in group.actions
        )
        answered = (
            f"<p class='small'>Addressed by (their <code>addresses</code> name an entry above):</p><ul>{actions}</ul>"
            if actions
            else ""
        )
        if not actions and title.startswith("Recurring"):
            answered = '<p class="small">No action addresses it.</p>'
        items.append(
            f"<li><h3>{_e(group.name)} <span class='small'>· {len(group.incidents)} incidents</span></h3>"
            f"{table}{answered}</li>"
        )
    return f"<h2>{_e(title)}</h2><ol class='groups'>{''.join(items)}</ol>"


def render(report: Report) -> str:
    """The whole page."""
    title = f"Postmortem report: {report.folder}"
    body = [f"<header><h1>{_e(title)}</h1><p class='meta'>{_e(scope(report))}</p></header>"]
    if report.corpus.problems:
        items = "".join(f"<li>{_e(str(problem))}</li>" for problem in report.corpus.problems)
        body.append(f"<p class='small'>Left out (could not be read):</p><ul class='small'>{items}</ul>")
    if report.corpus.incidents:
        body += [_incidents(report), _times(report), _actions(report)]
    body.append(
        _groups(
            "Recurring contributing factors",
            report.factors,
            "None: no why or went-wrong entry came back in other words.",
        )
    )
    body.append(_groups("Where we got lucky, more than once", report.lucky, "None came back."))
    return page(title, "".join(body), "Made by pmtui report.", STYLE)
