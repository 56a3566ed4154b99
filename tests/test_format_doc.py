"""The format reference page is generated from the model and never drifts from it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from pmtui.domain.field_docs import field_docs
from pmtui.domain.model import ENTRY_TYPES, Incident, Meeting, Roles, Session
from pmtui.export.format_doc import REGENERATE, example_text, render
from pmtui.storage.parsing import load_text

DOC = Path(__file__).resolve().parent.parent / "docs" / "session-format.md"


@pytest.fixture(scope="module")
def page() -> str:
    return render()


def test_committed_page_matches_the_model(page: str) -> None:
    assert DOC.read_text(encoding="utf-8") == page, (
        "docs/session-format.md is out of date with pmtui/domain/model.py or the demo sample; "
        f"regenerate it with `{REGENERATE}`"
    )


def test_the_module_prints_the_page(page: str) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "pmtui.export.format_doc"], capture_output=True, text=True, encoding="utf-8", timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == page


@pytest.mark.parametrize("model", [Session, Incident, Roles, Meeting, *ENTRY_TYPES.values()], ids=lambda m: m.__name__)
def test_every_field_is_documented_with_its_description(model: type, page: str) -> None:
    for name in model.model_fields:
        if name in ("incident", "roles", "attendees", "meeting", *ENTRY_TYPES):
            assert f"[`[{name}]`]" in page or f"[`[[{name}]]`]" in page
            continue
        rows = [line for line in page.splitlines() if line.startswith(f"| `{name}` |")]
        assert rows, f"{model.__name__}.{name} is missing from the page"
        doc = field_docs(model).get(name, "")
        if doc:
            assert any(" ".join(doc.split()) in row for row in rows)


def test_page_states_types_defaults_and_allowed_values(page: str) -> None:
    assert "| `at` | offset date-time | required |" in page
    assert "| `due` | local date | absent |" in page
    assert "| `timebox_minutes` | integer | `30` | 5 to 480 |" in page
    assert "`impact-start`, `detected`, `alert`" in page
    assert "| `addresses` | array of strings | empty |" in page


def test_example_is_a_valid_session_with_every_section() -> None:
    text = example_text()
    _, session = load_text(text, Path("example.toml"))
    assert session.actions and all(action.addresses for action in session.actions)
    for section in ENTRY_TYPES:
        assert f"[[{section}]]" in text
    assert "# Times below are from the config-sync audit log" in text  # comments kept


def test_field_docstrings_reach_the_page_and_the_schema() -> None:
    """The text under a field in model.py is its description in both places (read from the source)."""
    from pmtui.commands.schema import session_schema

    docs = field_docs(Incident)
    assert docs["impact"].startswith("Who and what was affected")
    assert session_schema()["$defs"]["Incident"]["properties"]["impact"]["description"] == docs["impact"]
    assert field_docs(ENTRY_TYPES["timeline"])["id"] == field_docs(ENTRY_TYPES["actions"])["id"], "inherited from Entry"
