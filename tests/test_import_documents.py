"""`pmtui import` on postmortems written in the shapes of public templates: what lands where."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from pmtui.cli import main
from pmtui.storage.parsing import load_path

DOCS = Path(__file__).resolve().parent / "import_docs"
UTC = dt.UTC


def imported(tmp_path: Path, source: Path | str, *extra: str) -> tuple[int, object]:
    out = tmp_path / "out.toml"
    code = main(["import", str(source), "-o", str(out), *extra])
    _, session, _ = load_path(out)
    return code, session


def test_google_sre_book_shape(tmp_path: Path) -> None:
    code, s = imported(tmp_path, DOCS / "sre-book.md")
    assert s.incident.title == "Pricing API Postmortem (incident #512)"
    assert s.incident.status.value == "published"  # "Complete, action items in progress"
    assert s.incident.owner == "mchen"
    assert s.incident.summary.startswith("The pricing API was unavailable")
    assert "Root Causes:\nA cache key change" in s.incident.notes
    assert "Trigger:\nRelease 4.12" in s.incident.notes
    # "2026-03-07 (all times UTC)" sets the day and the zone of the bare times below it
    assert [e.at for e in s.timeline][:2] == [
        dt.datetime(2026, 3, 7, 8, 55, tzinfo=UTC),
        dt.datetime(2026, 3, 7, 8, 58, tzinfo=UTC),
    ]
    assert s.timeline[1].kind.value == "impact-start"
    assert s.timeline[1].text == "cache hit ratio drops from 97% to 3%"  # the OUTAGE BEGINS marker is gone
    assert s.timeline[7].kind.value == "impact-end"
    assert s.timeline[-1].kind.value == "resolved"
    assert [a.kind.value for a in s.actions] == ["prevention", "prevention", "detection"]
    assert s.actions[0].status.value == "done" and s.actions[0].tracker == ""
    assert s.actions[1].tracker == "Bug 5554823" and s.actions[1].owner == "rolaniyan"
    assert [len(s.went_well), len(s.went_wrong), len(s.lucky)] == [2, 2, 1]
    assert "Supporting information:\nMonitoring dashboard: pricing-overview" in s.incident.notes
    assert code == 0  # narrative sections belong in the notes: everything mapped


def test_pagerduty_shape(tmp_path: Path, capsys) -> None:
    code, s = imported(tmp_path, DOCS / "pagerduty.md")
    assert s.incident.title == "Login failures for EU customers"
    assert s.incident.severity.value == "SEV2" and s.incident.status.value == "in-review"
    assert s.incident.owner == "Omar Haddad"
    assert s.incident.timezone == "Europe/Berlin"  # "All times are in CET."
    assert s.timeline[0].at == dt.datetime(2026, 11, 5, 21, 40, tzinfo=UTC)
    assert [e.kind.value for e in s.timeline[:5]] == [
        "impact-start",
        "alert",
        "acknowledged",
        "realization",
        "mitigated",
    ]
    assert s.timeline[1].text == "LoginTimeouts fired for eu-west"
    assert s.timeline[4].text == "idp-3 removed from the pool"
    # 00:20 after 23:55 is reported, not silently moved to the next day
    assert "00:20 is earlier than the entry before it" in capsys.readouterr().err
    assert s.timeline[-1].at == dt.datetime(2026, 11, 4, 23, 20, tzinfo=UTC)
    a1, a2 = s.actions
    assert (a1.owner, a1.due, a1.tracker, a1.priority.value) == ("Omar Haddad", dt.date(2026, 11, 20), "IDP-410", "P1")
    assert (a2.owner, a2.due, a2.tracker) == ("dana", dt.date(2026, 12, 1), "IDP-411")
    assert {p.name: p.role for p in s.attendees} == {
        "Dana Kim": "incident commander",
        "Omar Haddad": "identity on-call",
    }
    assert code == 1 and "Incident: INC-2231" in s.incident.notes


def test_atlassian_shape(tmp_path: Path) -> None:
    code, s = imported(tmp_path, DOCS / "atlassian.md")
    assert s.incident.title == "Search index lag"
    assert s.incident.severity.value == "SEV1" and s.incident.status.value == "published"
    assert "Leadup:\nOn 2026-06-12" in s.incident.notes and "Fault:\nThe indexer" in s.incident.notes
    assert s.timeline[1].kind.value == "impact-start" and s.timeline[1].text == "index lag above 15 minutes"
    assert [(w.question, w.answer) for w in s.whys] == [
        ("Why were results stale?", "Because the indexer stopped advancing."),
        ("Why did it stop advancing?", "Because its batch query timed out on every retry."),
    ]
    done, capped, migrations = s.actions
    assert (done.status.value, done.owner, done.due, done.tracker) == ("done", "priya", dt.date(2026, 6, 20), "#4470")
    assert done.text == "Lower the IndexLag threshold to 15 minutes"
    assert (capped.status.value, capped.owner, capped.tracker) == ("open", "Sam Ortega", "#4471")
    assert (migrations.owner, migrations.due, migrations.priority.value, migrations.tracker) == (
        "lee", dt.date(2026, 7, 15), "P3", "JIRA-9912")  # fmt: skip
    assert migrations.text == "Run migrations outside peak hours"
    assert code == 1  # "Incident: HOT-8812" has no field


def test_gitlab_shape(tmp_path: Path) -> None:
    code, s = imported(tmp_path, DOCS / "gitlab.md")
    assert s.incident.title == "CI runners saturated" and s.incident.severity.value == "SEV2"
    assert [(e.at, e.kind.value) for e in s.timeline] == [
        (dt.datetime(2026, 11, 20, 10, 1, tzinfo=UTC), "detected"),
        (dt.datetime(2026, 11, 20, 10, 4, tzinfo=UTC), "acknowledged"),
        (dt.datetime(2026, 11, 20, 10, 20, tzinfo=UTC), "note"),
        (dt.datetime(2026, 11, 20, 11, 36, tzinfo=UTC), "mitigated"),
        (dt.datetime(2026, 11, 20, 11, 50, tzinfo=UTC), "resolved"),
    ]
    assert s.timeline[0].text == "PagerDuty alert: runner queue above 30 minutes"
    assert [b.text for b in s.went_wrong] == ["Quota alerts only went to email."]
    assert [(a.owner, a.due, a.tracker) for a in s.actions] == [
        ("amara", dt.date(2026, 12, 4), "#4480"), ("lee", None, "#4481")]  # fmt: skip
    assert code == 0


def test_confluence_html_export(tmp_path: Path) -> None:
    code, s = imported(tmp_path, DOCS / "confluence.html")
    assert s.incident.title == "Payments webhook backlog"  # not the breadcrumb, not the <title>
    assert (s.incident.severity.value, s.incident.owner, s.incident.status.value) == ("SEV2", "Ana Lima", "draft")
    assert s.timeline[0].at == dt.datetime(2026, 11, 25, 13, 0, tzinfo=UTC)  # "All times in UTC+1"
    assert [e.kind.value for e in s.timeline] == ["action", "impact-start", "alert", "mitigated", "impact-end"]
    assert s.timeline[1].text == "Backlog passes 10,000 messages\nmerchants start to notice"
    assert "Not a heading" not in s.incident.notes  # script text is never content
    a1, a2 = s.actions
    assert (a1.status.value, a1.owner, a1.due) == ("done", "Ana Lima", dt.date(2026, 12, 2))
    assert (a2.status.value, a2.owner, a2.due) == ("open", "raj", dt.date(2026, 12, 9))
    assert [g.text for g in s.went_well] == ["Rollback took 4 minutes."]
    assert "Unclosed paragraph with bold and italics" in s.incident.notes
    assert code == 0


def test_google_docs_html_export(tmp_path: Path) -> None:
    html = """<html><head><style>.c1{font-weight:700}</style></head><body class="doc-content">
    <p class="title"><span>Cache node eviction storm</span></p>
    <h1 id="h.1"><span class="c1">Incident summary</span></h1>
    <p><span>Severity: P2</span></p><p><span>Date: 2026-04-02</span></p>
    <p><span>API latency rose tenfold for 25 minutes.</span></p>
    <h1><span>Timeline (PT)</span></h1>
    <table><tr><td><p><span>Time</span></p></td><td><p><span>What happened</span></p></td></tr>
    <tr><td><p><span>09:10</span></p></td><td><p><span>Impact starts: p99 above 2 s</span></p></td></tr>
    <tr><td><p><span>09:35</span></p></td><td><p><span>Mitigated: evictions paused</span></p></td></tr></table>
    <h1><span>Action items</span></h1>
    <ul><li><span>☐ Add eviction rate alert (@kim, due 2026-04-20)</span></li>
    <li><span>☑ Pause evictions during deploys (@lee)</span></li></ul>
    </body></html>"""
    source = tmp_path / "gdoc.html"
    source.write_text(html, encoding="utf-8")
    code, s = imported(tmp_path, source)
    assert s.incident.severity.value == "SEV2"
    assert s.incident.timezone == "America/Los_Angeles"
    assert s.timeline[0].at == dt.datetime(2026, 4, 2, 16, 10, tzinfo=UTC)  # PDT, UTC-7
    assert [(e.kind.value, e.text) for e in s.timeline] == [
        ("impact-start", "p99 above 2 s"), ("mitigated", "evictions paused")]  # fmt: skip
    assert [(a.status.value, a.owner, a.due) for a in s.actions] == [
        ("open", "kim", dt.date(2026, 4, 20)), ("done", "lee", None)]  # fmt: skip
    assert s.incident.title == "Cache node eviction storm"  # Google Docs' Title style: <p class="title">
    assert s.incident.summary == "API latency rose tenfold for 25 minutes."
    assert code == 0


def make_docx(path: Path) -> None:
    docx = pytest.importorskip("docx")
    doc = docx.Document()
    doc.add_paragraph("Queue consumer outage", style="Title")
    doc.add_paragraph("Severity: Sev 1")
    doc.add_paragraph("Status: Final")
    doc.add_paragraph("Date: 2026-10-31")
    doc.add_heading("Summary", level=1)
    doc.add_paragraph("Orders were not confirmed for 70 minutes.")
    doc.add_heading("Timeline", level=1)
    doc.add_paragraph("All times PT")
    doc.add_paragraph("23:50 - OUTAGE BEGINS - consumers stop acking", style="List Bullet")
    doc.add_paragraph("November 1, 2026")
    doc.add_paragraph("01:30 PDT - paged the on-call", style="List Bullet")
    doc.add_paragraph("01:10 PST (Mitigated) consumers restarted", style="List Bullet")
    doc.add_heading("Action items", level=1)
    table = doc.add_table(rows=2, cols=4)
    for cell, text in zip(table.rows[0].cells, ["Due", "Owner", "Task", "Status"], strict=True):
        cell.text = text
    for cell, text in zip(
        table.rows[1].cells, ["2026-11-15", "Ravi", "Alert on consumer lag", "In progress"], strict=True
    ):
        cell.text = text
    doc.add_heading("What went well", level=2)
    doc.add_paragraph("Failover runbook was current", style="List Bullet")
    doc.save(str(path))


def test_google_docs_word_download_across_the_dst_change(tmp_path: Path) -> None:
    source = tmp_path / "gdoc.docx"
    make_docx(source)
    code, s = imported(tmp_path, source)
    assert s.incident.title == "Queue consumer outage"
    assert (s.incident.severity.value, s.incident.status.value) == ("SEV1", "published")
    assert s.incident.timezone == "America/Los_Angeles"
    # 23:50 PDT on 31 Oct, then both 01:xx hours of 1 Nov 2026: the PDT one and, an hour later, the PST one
    assert [e.at for e in s.timeline] == [
        dt.datetime(2026, 11, 1, 6, 50, tzinfo=UTC),
        dt.datetime(2026, 11, 1, 8, 30, tzinfo=UTC),
        dt.datetime(2026, 11, 1, 9, 10, tzinfo=UTC),
    ]
    assert [e.kind.value for e in s.timeline] == ["impact-start", "alert", "mitigated"]
    assert s.timeline[0].text == "consumers stop acking"
    action = s.actions[0]
    assert (action.text, action.owner, action.due, action.status.value) == (
        "Alert on consumer lag", "Ravi", dt.date(2026, 11, 15), "in-progress")  # fmt: skip
    assert [g.text for g in s.went_well] == ["Failover runbook was current"]
    assert code == 0


def test_imported_sessions_work_with_check_and_actions(tmp_path: Path, capsys) -> None:
    folder = tmp_path / "sessions"
    folder.mkdir()
    for name in ("sre-book.md", "gitlab.md"):
        assert main(["import", str(DOCS / name), "-o", str(folder / name.replace(".md", ".toml"))]) in (0, 1)
    capsys.readouterr()
    main(["check", str(folder / "sre-book.toml")])
    shown = capsys.readouterr().out
    # milestones from the document's markers: OUTAGE BEGINS, paged, acknowledged, resolved
    assert "time to detect 6 min, to acknowledge 7 min" in shown and "to resolve 1 h 17 min" in shown
    main(["actions", str(folder), "--format", "csv", "--today", "2026-01-01"])
    listed = capsys.readouterr().out
    assert "Page on autoscaler quota errors" in listed and "Add request coalescing in the cache client" in listed


def test_notes_show_in_the_exports_and_on_the_moderators_summary(tmp_path: Path) -> None:
    from pmtui.export import export
    from pmtui.ui.widgets.phase_content import summary_content

    _, s = imported(tmp_path, DOCS / "atlassian.md")
    markdown = export(s, "md")
    assert "## Notes\n\nIncident: HOT-8812  \n" in markdown and "Leadup:  \nOn 2026-06-12" in markdown
    assert "<h2 id='notes'>Notes</h2>" in export(s, "html") and "The indexer" in export(s, "html")
    assert '"notes": "Incident: HOT-8812\\n\\nLeadup:' in export(s, "json")
    shown = summary_content(s, large=False).plain
    assert "Notes\nIncident: HOT-8812\n\nLeadup:\nOn 2026-06-12" in shown


def test_a_time_with_no_text_is_kept_in_the_notes_not_imported_as_an_empty_entry(tmp_path: Path, capsys) -> None:
    source = tmp_path / "doc.md"
    text = "# Outage\n\nDate: 2026-11-05\n\n## Timeline\n\n- 23:20 \n- 23:25 paging fixed\n"
    source.write_text(text, encoding="utf-8")

    code, s = imported(tmp_path, source)

    assert [e.text for e in s.timeline] == ["paging fixed"]
    assert "23:20" in s.incident.notes
    assert "has a time but no text" in capsys.readouterr().err
    assert code != 0  # something could not be mapped, and the command says so
