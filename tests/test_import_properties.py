"""Any text imports without an error, and the file written holds exactly the session that was checked."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pmtui.docimport.html_reader import read_html
from pmtui.docimport.importer import import_document
from pmtui.docimport.markdown_reader import read_markdown
from pmtui.docimport.writer import check_session_text

PIECES = st.sampled_from([
    "# ", "## Timeline\n", "## Action items\n", "## Summary\n", "## Five whys\n", "## What went well\n",
    "| Time | Event |\n|---|---|\n", "| 10:01 | x |\n", "| Owner | Action | Due |\n|---|---|---|\n",
    "- ", "- [ ] ", "- [x] ", "* **2026-11-20 10:01 UTC:** ", "10:01 - ", "23:59 PDT ", "Nov 5, 23:20 ",
    "Date: 2026-11-20\n", "Severity: P1\n", "Status: final\n", "All times PT\n", "(Detection) ", "OUTAGE BEGINS ",
    "@sam ", "due 2026-02-29 ", "#12 ", "<b>", "</p>", "<table><tr><td>", "\\", "`", "\"", "'''", '"""',
    "\x1b[31m", "\x7f", "\u202e", "\t", "\n", "\n\n", "é", "🙂", "Why? Because.", "Owner: ", " · ",
])  # fmt: skip


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(PIECES, st.text(max_size=12)), max_size=40))
def test_any_markdown_imports_and_the_written_file_holds_the_checked_session(parts: list[str]) -> None:
    text = "".join(parts)
    imported = import_document(read_markdown(text, "fuzz.md"), "Europe/London")
    assert check_session_text(imported.text) == imported.session


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.one_of(PIECES, st.sampled_from(["<h2>", "</h2>", "<ul><li>", "</li>", "<th>", "<br>"])), max_size=40)
)
def test_any_html_imports(parts: list[str]) -> None:
    imported = import_document(read_html("".join(parts), "fuzz.html"), None)
    assert check_session_text(imported.text) == imported.session
