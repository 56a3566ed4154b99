"""Export formats: every sample session in every format, read back by a real parser for that format."""

from __future__ import annotations

import csv
import io
import json
from html.parser import HTMLParser
from pathlib import Path

import jsonschema
import pytest
from markdown_it import MarkdownIt

from pmtui.commands.schema import session_schema
from pmtui.domain.model import Phase, Session
from pmtui.export import FORMATS, export
from pmtui.export.markdown import block, cell, inline
from pmtui.storage.parsing import load_session_fast

# --- readers shared with test_export_hostile ------------------------------------------------


def md_tables(markdown: str) -> list[list[list[str]]]:
    """Every table as rows of cell texts (header row first), as a GFM parser sees them."""
    tables: list[list[list[str]]] = []
    row: list[str] | None = None
    for token in MarkdownIt("gfm-like").parse(markdown):
        if token.type == "table_open":
            tables.append([])
        elif token.type == "tr_open":
            row = []
        elif token.type == "inline" and row is not None:
            row.append(token.content)
        elif token.type == "tr_close":
            assert row is not None
            tables[-1].append(row)
            row = None
    return tables


class Page(HTMLParser):
    """Collects tags, attributes and visible text of an HTML page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if not self._in_style:
            self.text.append(data)

    @property
    def visible(self) -> str:
        return "".join(self.text)


def read_html(text: str) -> Page:
    page = Page()
    page.feed(text)
    page.close()
    return page


def samples() -> list[Session]:
    from pmtui.resources import SAMPLES_DIR

    return [load_session_fast(p) for p in sorted(SAMPLES_DIR.glob("*.toml"))]


# --- every format, every sample -------------------------------------------------------------


def test_registry_lists_the_four_formats() -> None:
    assert list(FORMATS) == ["md", "html", "json", "csv"]
    assert [f.extension for f in FORMATS.values()] == [".md", ".html", ".json", ".csv"]


def test_markdown_of_each_sample_has_the_sections_and_tables(sample_path: Path) -> None:
    session = load_session_fast(sample_path)
    text = export(session, "md")
    first = text.splitlines()[0]
    started = session.incident.started_at.astimezone(session.incident.tz).date().isoformat()
    assert first == f"# {started} — {session.incident.severity.value} — {inline(session.incident.title)}"
    for heading in (
        "Summary",
        "Impact",
        "Key metrics",
        "Timeline",
        "What went well",
        "What went wrong",
        "Where we got lucky",
        "Five whys",
        "Action items",
        "Open questions",
        "Attendees",
        "Meeting",
    ):
        assert f"\n## {heading}\n" in text
    metrics, timeline, actions, phases = md_tables(text)
    assert [len(r) for r in metrics] == [2] * 6  # header + 5 metrics
    assert metrics[1][0] == "Time to detect"
    assert len(timeline) == len(session.timeline) + 1 and {len(r) for r in timeline} == {5}
    assert len(actions) == len(session.actions) + 1 and {len(r) for r in actions} == {9}
    assert [r[0] for r in actions[1:]] == [a.id for a in session.actions]
    assert len(phases) == len(Phase) + 1
    assert f"Times are in {inline(session.incident.timezone)}" in text
    assert f"Moderator: {inline(session.roles.moderator)}" in text


def test_markdown_timeline_times_are_in_the_incident_zone() -> None:
    session = next(s for s in samples() if s.incident.timezone == "Asia/Tokyo")
    first = md_tables(export(session, "md"))[1][1]
    expected = session.timeline[0].at.astimezone(session.incident.tz)
    assert first[0].startswith(expected.strftime("%H:%M"))
    assert expected.strftime("%H:%M") != session.timeline[0].at.strftime("%H:%M")  # really converted


def test_markdown_shows_phase_time_against_the_timebox() -> None:
    session = samples()[0]
    meeting = session.meeting.model_copy(update={"spent_seconds": {Phase.TIMELINE: 900.0, Phase.SUMMARY: 120.0}})
    text = export(session.model_copy(update={"meeting": meeting}), "md")
    phases = md_tables(text)[-1]
    row = next(r for r in phases if r[0] == "Timeline")
    assert row[1] == "**15 min** (over)" and row[2] == f"{session.meeting.timebox_for(Phase.TIMELINE):g} min"
    assert next(r for r in phases if r[0] == "Summary & impact")[1] == "2 min"
    assert "17 min spent" in text


def test_html_of_each_sample_is_self_contained(sample_path: Path) -> None:
    session = load_session_fast(sample_path)
    text = export(session, "html")
    page = read_html(text)
    tags = [t for t, _ in page.tags]
    assert "script" not in tags
    assert not [a for t, a in page.tags if t in ("link", "img", "iframe", "object", "embed")]
    csp = next(a for t, a in page.tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy")
    assert "default-src 'none'" in (csp["content"] or "") and "script-src" not in (csp["content"] or "")
    for tag, attrs in page.tags:
        if tag == "a":
            assert (attrs["href"] or "").startswith(("http://", "https://"))
            assert "noopener" in (attrs.get("rel") or "")
    assert f"badge sev-{session.incident.severity.value}" in text
    assert session.incident.title in page.visible
    assert tags.count("tr") == 1 + len(session.timeline) + (1 + len(session.actions)) + 1 + len(Phase)
    assert "@media print" in text and "http" not in text.split("<style>")[1].split("</style>")[0]


def test_json_of_each_sample_is_valid_against_the_schema(sample_path: Path) -> None:
    session = load_session_fast(sample_path)
    data = json.loads(export(session, "json"))
    jsonschema.validate(data, session_schema())
    assert Session.model_validate(data) == session


def test_csv_of_each_sample_reads_back(sample_path: Path) -> None:
    session = load_session_fast(sample_path)
    rows = list(csv.DictReader(io.StringIO(export(session, "csv"), newline="")))
    assert len(rows) == len(session.actions)
    for row, action in zip(rows, session.actions, strict=True):
        assert row["ID"] == action.id
        assert row["Summary"] == " ".join(action.text.split())
        assert row["Assignee"] == action.owner
        assert row["Due Date"] == (action.due.isoformat() if action.due else "")
        assert row["Priority"] == action.priority.value
        assert row["Status"] == action.status.value
        assert row["Labels"].split()[0] == "postmortem"
        assert session.incident.severity.value.lower() in row["Labels"].split()
        assert action.text in row["Description"] and session.incident.title in row["Description"]
        for target in action.addresses:
            assert f"- {target}: " in row["Description"]


def test_empty_session_exports_in_every_format() -> None:
    session = Session()
    for fmt in FORMATS:
        assert export(session, fmt)
    text = export(session, "md")
    assert text.startswith("# SEV3 — Untitled incident\n")
    assert md_tables(export(session, "md"))[0][1] == ["Time to detect", "—"]
    assert export(session, "csv").strip() == "Summary,Description,Assignee,Due Date,Priority,Labels,Status,Incident,ID"


def test_title_date_falls_back_to_the_first_timeline_entry() -> None:
    session = Session.model_validate(
        {
            "incident": {"title": "x", "timezone": "Asia/Tokyo"},
            "timeline": [{"id": "t1", "at": "2026-11-11T20:00:00Z", "text": "late evening UTC"}],
        }
    )
    assert export(session, "md").startswith("# 2026-11-12 — SEV3 — x\n")  # 05:00 next day in Tokyo


@pytest.mark.parametrize(
    ("raw", "escaped"),
    [
        ("a|b", "a\\|b"),
        ("*x* _y_", "\\*x\\* \\_y\\_"),
        ("<b>", "\\<b\\>"),
        ("&amp; R&D", "\\&amp; R&D"),
        ("`code`", "\\`code\\`"),
    ],
)
def test_inline_escapes(raw: str, escaped: str) -> None:
    assert inline(raw) == escaped


def test_block_escapes_line_starts_and_cell_joins_lines() -> None:
    assert block("# not a heading\n1. not a list\n- nor this\n> nor a quote") == (
        "\\# not a heading  \n1\\. not a list  \n\\- nor this  \n\\> nor a quote"
    )
    assert cell("one\ntwo | three") == "one<br>two \\| three"
