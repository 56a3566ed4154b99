"""docs/import.md says what the code does: its heading and label tables, and its example."""

from __future__ import annotations

import re
from pathlib import Path

from pmtui.cli import main
from pmtui.docimport.sections import SECTION_SYNONYMS, section_for
from pmtui.domain.timeline_lines import LABEL_KINDS, label_kind

PAGE = (Path(__file__).resolve().parent.parent / "docs" / "import.md").read_text(encoding="utf-8")


def table_after(title: str) -> list[list[str]]:
    start = PAGE.index(title)
    rows = []
    for line in PAGE[start:].splitlines()[1:]:
        if line.startswith("|"):
            rows.append([cell.strip() for cell in line.strip("|").split("|")])
        elif rows:
            break
    return rows[2:]


def test_every_heading_synonym_in_the_page_leads_where_the_page_says() -> None:
    rows = table_after("## Sections, by their headings")
    listed = {synonym.strip() for _, synonyms in rows for synonym in synonyms.split(",")}
    assert listed == {s for synonyms in SECTION_SYNONYMS.values() for s in synonyms}
    for target, synonyms in rows:
        sections = {section_for(s.strip()) for s in synonyms.split(",")}
        assert len(sections) == 1, target


def test_every_label_in_the_page_gives_its_kind() -> None:
    rows = table_after("### Kinds: labels and markers")
    listed = {}
    for kind, labels in rows:
        for label in labels.split(","):
            listed[label.strip()] = kind.strip("`")
    assert listed == {label: kind.value for label, kind in LABEL_KINDS.items()}
    assert all(label_kind(label).value == kind for label, kind in listed.items())  # type: ignore[union-attr]


def test_the_example_does_what_the_page_says(tmp_path: Path, capsys) -> None:
    example = re.search(r"```markdown\n(.*?)```", PAGE, re.S)
    assert example is not None
    source = tmp_path / "review.md"
    source.write_text(example.group(1), encoding="utf-8")
    assert main(["import", str(source), "--dry-run"]) == 0
    shown = capsys.readouterr().out
    assert "title: Checkout errors · severity SEV1 · status in-review" in shown
    assert "2026-11-20 10:01  detected      PagerDuty alert: checkout 5xx above 5%" in shown
    assert "10:05  mitigated" in shown and "10:12  resolved" in shown
    assert "Canary config changes (open, @amara, due 2026-12-18, #2210)" in shown
