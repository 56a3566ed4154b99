"""The postmortem as one self-contained HTML page: inline CSS, no scripts, no network, printable.

Every piece of user text goes through html.escape; the only links are http(s) URLs from
`source` and `tracker`, and a Content-Security-Policy forbids scripts should anything slip.
"""

from __future__ import annotations

import datetime as dt
from html import escape

from pmtui.domain.model import Question, Session, Why
from pmtui.domain.text_safety import for_document
from pmtui.export._common import (
    DASH,
    addressed,
    export_date,
    is_web_link,
    local_time,
    meeting_note,
    metric_rows,
    overdue_note,
    phase_rows,
    timeline_spans_days,
    title_line,
    zone_label,
)

CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"

STYLE = """
:root { --ink:#1d2430; --muted:#5b6678; --line:#d8dde6; --soft:#f4f6f9; --accent:#2456a6; }
* { box-sizing: border-box; }
body { margin: 0; background: #fff; color: var(--ink);
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
main { max-width: 1040px; margin: 0 auto; padding: 32px 28px 48px; }
header { border-bottom: 3px solid var(--ink); padding-bottom: 14px; margin-bottom: 8px; }
h1 { font-size: 26px; line-height: 1.25; margin: 8px 0 6px; overflow-wrap: anywhere; }
h2 { font-size: 19px; margin: 30px 0 10px; padding-bottom: 4px; border-bottom: 1px solid var(--line);
  break-after: avoid; page-break-after: avoid; }
p { margin: 0 0 10px; }
.meta { color: var(--muted); font-size: 14px; }
.badge { display: inline-block; padding: 2px 10px; border-radius: 4px; font-weight: 700; font-size: 13px;
  letter-spacing: .04em; border: 2px solid currentColor; }
.sev-SEV1 { color: #a1141c; background: #fdecec; } .sev-SEV2 { color: #b44d00; background: #fff1e3; }
.sev-SEV3 { color: #8a6d00; background: #fff8db; } .sev-SEV4, .sev-SEV5 { color: #36618e; background: #eaf2fb; }
.status { color: var(--muted); background: var(--soft); border-color: var(--line); margin-left: 6px; }
/* Words for screen readers and for tools that read the page as text (pmtui import among them). */
.unseen { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
.text { white-space: pre-wrap; overflow-wrap: anywhere; }
/* Keep a stray right-to-left override in user text from flipping the text around it. */
td, li, h1, .text, .meta span { unicode-bidi: isolate; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(170px, 1fr)); gap: 10px; }
.card { border: 1px solid var(--line); border-radius: 6px; padding: 10px 14px; background: var(--soft);
  break-inside: avoid; }
.card .label { color: var(--muted); font-size: 13px; }
.card .value { font-size: 22px; font-weight: 700; font-variant-numeric: tabular-nums; }
table { width: 100%; border-collapse: collapse; font-size: 14px; margin: 4px 0 8px; }
th, td { text-align: left; vertical-align: top; padding: 6px 8px; border-bottom: 1px solid var(--line);
  overflow-wrap: break-word; }
/* Fixed layouts: a 10,000-character word cannot widen the page, and narrow columns never shrink
   to one letter a line (which "overflow-wrap: anywhere" does to auto-sized tables). */
table.fixed { table-layout: fixed; }
table.fixed td { overflow-wrap: anywhere; }
th { background: var(--soft); font-size: 13px; color: var(--muted); font-weight: 600; }
/* On cells, not rows: Chromium moves a whole table to the next page when its rows avoid breaks. */
td, th { break-inside: avoid; page-break-inside: avoid; }
thead { display: table-header-group; }
td.time, td.nowrap { white-space: nowrap; font-variant-numeric: tabular-nums; }
td.time { width: 1%; }
.kind { display: inline-block; font-size: 12px; padding: 0 6px; border-radius: 3px; background: var(--soft);
  border: 1px solid var(--line); white-space: nowrap; }
.k-impact-start, .k-impact-end { background: #fdecec; border-color: #f0b8b8; }
.k-mitigated, .k-resolved { background: #e8f5ea; border-color: #a9d7b0; }
.k-alert, .k-detected, .k-acknowledged { background: #fff4dc; border-color: #ecd28e; }
.small { font-size: 13px; color: var(--muted); }
ul.addresses { margin: 4px 0 0; padding-left: 16px; }
.over { color: #a1141c; font-weight: 600; }
.overdue { color: #a1141c; font-weight: 600; }
td.overdue { background: #fdecec; }
td.p-P1 { font-weight: 700; }
td.st-done { color: #1f7a35; } td.st-wont-do { color: var(--muted); }
ol.whys > li, ul.obs > li, ul.questions > li { margin-bottom: 8px; break-inside: avoid; }
.layer { font-size: 12px; color: var(--muted); border: 1px solid var(--line); border-radius: 3px; padding: 0 5px; }
.cols { display: grid; grid-template-columns: repeat(auto-fit, minmax(280px, 1fr)); gap: 0 24px; }
a { color: var(--accent); overflow-wrap: anywhere; }
footer { margin-top: 36px; color: var(--muted); font-size: 12px; }
@media print {
  @page { margin: 14mm 12mm; }
  body { font-size: 11pt; }
  main { max-width: none; padding: 0; }
  .card, th, .badge, .kind { background: #fff !important; }
  a { color: inherit; text-decoration: none; }
  h2 { margin-top: 18px; }
  .cards { grid-template-columns: repeat(5, 1fr); gap: 6px; }
  .card { padding: 6px 8px; }
  .card .value { font-size: 14pt; }
  table { font-size: 9.5pt; }
  th, td { padding: 4px 5px; }
  th { font-size: 8.5pt; }
}
"""


def _e(text: str) -> str:
    return escape(for_document(text), quote=True)


def _text(text: str, empty: str = "Not written yet.") -> str:
    if not text.strip():
        return f'<p class="small">{_e(empty)}</p>'
    return f'<p class="text">{_e(text.strip())}</p>'


def _link(value: str) -> str:
    value = value.strip()
    if is_web_link(value):
        return f'<a href="{_e(value)}" rel="noopener noreferrer">{_e(value)}</a>'
    return _e(value)


def _table(header: list[str], rows: list[str], widths: list[int] | None = None) -> str:
    """A table; with widths (percent per column) it has a fixed layout."""
    head = "".join(f"<th>{_e(h)}</th>" for h in header)
    cols = "".join(f'<col style="width:{w}%">' for w in widths) if widths else ""
    css = ' class="fixed"' if widths else ""
    return (
        f"<table{css}><colgroup>{cols}</colgroup><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


def _due_cell(due: dt.date | None, days_overdue: int) -> str:
    if due is None:
        return f"<td class='nowrap'>{DASH}</td>"
    if days_overdue:
        return f"<td class='nowrap overdue'>{due.isoformat()}<br>overdue</td>"
    return f"<td class='nowrap'>{due.isoformat()}</td>"


def render(session: Session, today: dt.date | None = None) -> str:
    """The whole postmortem as a self-contained HTML document."""
    incident = session.incident
    title = title_line(session)
    parts = [
        _header(session, title),
        f"<h2 id='summary'>Summary</h2>{_text(incident.summary)}",
        f"<h2 id='impact'>Impact</h2>{_text(incident.impact)}",
    ]
    if incident.notes.strip():
        parts.append(f"<h2 id='notes'>Notes</h2>{_text(incident.notes)}")
    parts += [
        _metrics(session),
        _timeline(session),
        _observations(session),
        _whys(session),
        _actions(session, export_date(session, today)),
        _questions(session),
        _attendees(session),
        _meeting(session),
    ]
    return page(title, "\n".join(parts), "Exported by pmtui.")


def page(title: str, body: str, footer: str, style: str = STYLE) -> str:
    """A self-contained HTML document: the CSP that forbids scripts, inline CSS, the body and a footer."""
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="referrer" content="no-referrer">\n'
        f"<title>{_e(title)}</title>\n<style>{style}</style></head>\n"
        f"<body><main>\n{body}\n<footer>{_e(footer)}</footer></main></body></html>\n"
    )


def _header(session: Session, title: str) -> str:
    incident = session.incident
    meta = [f"<span>Owner: {_e(incident.owner)}</span>"] if incident.owner else []
    if incident.started_at:
        meta.append(f"<span>Started: {_e(local_time(incident.started_at, session))} {_e(incident.timezone)}</span>")
    meta.append(f"<span>Moderator: {_e(session.roles.moderator or DASH)}</span>")
    meta.append(f"<span>Notetaker: {_e(session.roles.notetaker or DASH)}</span>")
    sev = incident.severity.value
    # The badges show bare values; their labels are there as text, so "Severity: SEV1 · Status: in-review"
    # is what a screen reader says and what an importer reads.
    return (
        f'<header><span class="badge sev-{sev}"><span class="unseen">Severity: </span>{sev}</span>'
        f'<span class="unseen"> · </span><span class="badge status"><span class="unseen">Status: </span>'
        f'{_e(incident.status.value)}</span><h1>{_e(title)}</h1><div class="meta">{" · ".join(meta)}</div></header>'
    )


def _metrics(session: Session) -> str:
    cards = "".join(
        f'<div class="card"><div class="label">{_e(label)}</div><div class="value">{_e(value)}</div></div>'
        for label, value in metric_rows(session)
    )
    return f'<h2 id="metrics">Key metrics</h2><div class="cards">{cards}</div>'


def _timeline(session: Session) -> str:
    heading = f'<h2 id="timeline">Timeline</h2><p class="small">Times are in {_e(zone_label(session))}.</p>'
    if not session.timeline:
        return f'{heading}\n<p class="small">No timeline entries.</p>'
    with_date = timeline_spans_days(session)
    rows = []
    for event in session.timeline:
        by = f'<div class="small">Reported by {_e(event.author)}</div>' if event.author else ""
        source = f'<div class="small">{_link(event.source)}</div>' if event.source else ""
        rows.append(
            f'<tr><td class="time">{_e(local_time(event.at, session, with_date))}</td>'
            f'<td><span class="kind k-{_e(event.kind.value)}">{_e(event.kind.value)}</span></td>'
            f'<td><div class="text">{_e(event.text)}</div>{by}{source}</td></tr>'
        )
    table = _table(["Time", "Kind", "What happened"], rows, [16, 15, 69] if with_date else [10, 15, 75])
    return f"{heading}\n{table}"


def _observations(session: Session) -> str:
    lists = []
    for heading, entries in (
        ("What went well", session.went_well),
        ("What went wrong", session.went_wrong),
        ("Where we got lucky", session.lucky),
    ):
        items = "".join(f'<li class="text">{_e(entry.text)}</li>' for entry in entries)
        body = f'<ul class="obs">{items}</ul>' if items else '<p class="small">None recorded.</p>'
        anchor = heading.lower().replace(" ", "-")
        lists.append(f'<section><h2 id="{anchor}">{heading}</h2>{body}</section>')
    return f'<div class="cols">{"".join(lists)}</div>'


def _listing(heading: str, tag: str, css: str, items: list[str], empty: str) -> str:
    """A heading over a list of items, or over `empty` when there are none."""
    if not items:
        return f'{heading}\n<p class="small">{empty}</p>'
    return f'{heading}\n<{tag} class="{css}">{"".join(items)}</{tag}>'


def _whys(session: Session) -> str:
    items = [_why(why) for why in session.whys]
    return _listing("<h2 id='whys'>Five whys</h2>", "ol", "whys", items, "No whys recorded.")


def _why(why: Why) -> str:
    layer = f' <span class="layer">{_e(why.layer.value)}</span>' if why.layer else ""
    answer = _e(why.answer) if why.answer.strip() else '<span class="small">No answer yet.</span>'
    return f'<li><strong class="text">{_e(why.question)}</strong>{layer}<div class="text">{answer}</div></li>'


def _actions(session: Session, as_of: dt.date) -> str:
    heading = "<h2 id='actions'>Action items</h2>"
    if not session.actions:
        return f'{heading}\n<p class="small">No action items.</p>'
    rows = []
    for action in session.actions:
        targets = "".join(f"<li>{_e(addressed(session, t, 90))}</li>" for t in action.addresses)
        addresses = f'<ul class="addresses small">{targets}</ul>' if targets else ""
        rows.append(
            f"<tr><td>{_e(action.id)}</td><td><div class='text'>{_e(action.text)}</div>{addresses}</td>"
            f"<td>{_e(action.kind.value) if action.kind else DASH}</td><td>{_e(action.owner) or DASH}</td>"
            f"{_due_cell(action.due, action.days_overdue(as_of))}"
            f"<td class='p-{action.priority.value}'>{action.priority.value}</td>"
            f"<td class='nowrap st-{_e(action.status.value)}'>{_e(action.status.value)}</td>"
            f"<td>{_link(action.tracker) if action.tracker else DASH}</td></tr>"
        )
    header = ["ID", "Action and what it addresses", "Type", "Owner", "Due", "Priority", "Status", "Tracker"]
    parts = [heading, _table(header, rows, [4, 33, 13, 12, 11, 8, 11, 8])]
    note = overdue_note(session, as_of)
    if note:
        parts.append(f"<p class='overdue'>{_e(note[0].upper() + note[1:])}.</p>")
    return "\n".join(parts)


def _questions(session: Session) -> str:
    items = [_question(question) for question in session.questions]
    return _listing("<h2 id='questions'>Open questions</h2>", "ul", "questions", items, "None.")


def _question(question: Question) -> str:
    answer = (
        f'<div class="text">{_e(question.answer)}</div>'
        if question.answer.strip()
        else '<div class="small">Open.</div>'
    )
    return f'<li><strong class="text">{_e(question.text)}</strong>{answer}</li>'


def _attendees(session: Session) -> str:
    people = []
    for person in session.attendees:
        tags = [
            label
            for label, name in (("moderator", session.roles.moderator), ("notetaker", session.roles.notetaker))
            if name and name == person.name
        ]
        tag = f" <strong>({_e(', '.join(tags))})</strong>" if tags else ""
        role = f' <span class="small">{DASH} {_e(person.role)}</span>' if person.role else ""
        people.append(f"<li>{_e(person.name)}{tag}{role}</li>")
    listing = f"<ul>{''.join(people)}</ul>" if people else '<p class="small">No attendees recorded.</p>'
    return f"<h2 id='attendees'>Attendees</h2>\n{listing}"


def _meeting(session: Session) -> str:
    rows = [
        f"<tr><td>{_e(t)}</td><td class='{'over' if over else ''}'>{_e(s)}</td><td>{_e(b)}</td></tr>"
        for t, s, b, over in phase_rows(session)
    ]
    phases = _table(["Phase", "Spent", "Timebox"], rows, [50, 25, 25])
    return f'<h2 id="meeting">Meeting</h2><p class="small">{_e(meeting_note(session))}.</p>{phases}'
