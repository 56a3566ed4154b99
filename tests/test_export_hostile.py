"""Hostile text survives every export format intact and inert: nothing runs, nothing breaks a table."""

from __future__ import annotations

import csv
import io
import json
import re

import jsonschema
import pytest
from markdown_it import MarkdownIt

from pmtui.commands.schema import session_schema
from pmtui.domain.model import Session
from pmtui.domain.text_safety import close_bidi
from pmtui.export import export
from pmtui.resources import DEMO_SESSION
from pmtui.storage.parsing import load_session_fast
from tests.test_export_formats import md_tables, read_html

RLO = "\u202e"
HOSTILE = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(2)">',
    "a | b || c |",
    "`tick` and ``double`` and ``` fence",
    "```\nrm -rf /\n```",
    "x" * 10_000,
    "🔥🚒 👩🏽‍💻 on fire",
    f"שלום {RLO}evil{RLO} مرحبا",
    "=cmd|' /C calc'!A0",
    "+1 and -1 and @SUM(A1)",
    "# heading\n* star\n_under_ **bold**\n1. list\n> quote\n---\n===",
    "&amp; &lt;b&gt; &#x41;",
    "[click](javascript:alert(3)) ![img](http://evil.example/x.png)",
    "<!-- comment --> <?php ?> <![CDATA[x]]>",
    "trailing backslash \\",
    "line one\n\n    indented code block?\n- item",
    "~~strike~~ <https://example.com> www.example.com",
]


def hostile_session() -> Session:
    """The demo session with hostile text in every free-text field a person can type."""
    session = load_session_fast(DEMO_SESSION)
    data = session.model_dump(mode="json")
    text = iter(HOSTILE * 20)
    data["incident"]["title"] = "<script>alert('title')</script> | `x`"
    data["incident"]["summary"] = "\n".join(HOSTILE[:6])
    data["incident"]["impact"] = "\n".join(HOSTILE[6:])
    data["incident"]["owner"] = "<b>owner</b>"
    data["roles"]["moderator"] = '=HYPERLINK("http://evil")'
    for section in ("timeline", "went_well", "went_wrong", "lucky", "actions", "questions"):
        for entry in data[section]:
            entry["text"] = next(text)
    for why in data["whys"]:
        why["question"], why["answer"] = next(text), next(text)
    for question in data["questions"]:
        question["answer"] = next(text)
    data["timeline"][0]["author"] = "| <i>sam</i> |"
    data["timeline"][0]["source"] = "javascript:alert(4)"
    data["timeline"][1]["source"] = 'https://ok.example.com/"onmouseover=alert(5)'
    data["timeline"][2]["source"] = "https://dash.example.com/d/x?a=1&b=2"
    data["actions"][0]["owner"] = "@owner"
    data["actions"][0]["tracker"] = "javascript:alert(6)"
    data["attendees"][0]["name"] = "<script>alert(7)</script>"
    return Session.model_validate(data)


def _lines(value: str) -> list[str]:
    return [line.strip() for line in value.split("\n") if line.strip()]


def all_texts(session: Session) -> list[str]:
    texts = [session.incident.summary, session.incident.impact]
    texts += [e.text for e in session.timeline] + [e.text for e in session.actions]
    texts += [w.question for w in session.whys] + [w.answer for w in session.whys]
    texts += [q.text for q in session.questions] + [q.answer for q in session.questions]
    return texts


@pytest.fixture(scope="module")
def session() -> Session:
    return hostile_session()


def test_markdown_renders_nothing_as_html_and_keeps_every_table(session: Session) -> None:
    text = export(session, "md")
    tokens = MarkdownIt("gfm-like").parse(text)
    assert not [t for t in tokens if t.type == "html_block"]
    flat = [child for t in tokens if t.children for child in t.children]
    assert {c.content for c in flat if c.type == "html_inline"} <= {"<br>"}
    assert not [c for c in flat if c.type == "image"]
    for link in (c for c in flat if c.type == "link_open"):
        assert str(link.attrs["href"]).startswith(("http://", "https://")), link.attrs
    assert not [t for t in tokens if t.type in ("fence", "code_block")]
    headings = [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open"]
    assert len(headings) == 13  # the title and the twelve sections, nothing from user text
    _, timeline, actions, _ = md_tables(text)
    assert len(timeline) == len(session.timeline) + 1 and {len(r) for r in timeline} == {5}
    assert len(actions) == len(session.actions) + 1 and {len(r) for r in actions} == {9}


def test_markdown_shows_every_text_literally(session: Session) -> None:
    html = MarkdownIt("gfm-like").render(export(session, "md"))
    page = read_html(html)
    visible = page.visible
    for value in all_texts(session):
        for line in _lines(value):
            assert line in visible, line[:80]
    assert not [t for t, _ in page.tags if t in ("script", "img", "i", "b", "h3", "pre", "code", "del")]


def test_html_escapes_everything_and_links_only_web_urls(session: Session) -> None:
    text = export(session, "html")
    page = read_html(text)
    tags = [t for t, _ in page.tags]
    assert "script" not in tags and "img" not in tags and "i" not in tags
    assert not [a for _, attrs in page.tags for a in attrs if a.startswith("on")]
    hrefs = [attrs["href"] for t, attrs in page.tags if t == "a"]
    assert hrefs and all(str(h).startswith(("http://", "https://")) for h in hrefs)
    assert "https://dash.example.com/d/x?a=1&b=2" in hrefs
    assert not any("onmouseover" in str(h) for h in hrefs)  # a URL with a quote in it is text, not a link
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    for value in all_texts(session):
        for line in _lines(value):
            assert line in page.visible, line[:80]
    assert "<script>alert(7)</script>" in page.visible


def test_json_keeps_every_text_exactly(session: Session) -> None:
    data = json.loads(export(session, "json"))
    jsonschema.validate(data, session_schema())
    assert Session.model_validate(data) == session


def test_csv_keeps_texts_and_defuses_formulas(session: Session) -> None:
    rows = list(csv.reader(io.StringIO(export(session, "csv"), newline="")))
    header, body = rows[0], rows[1:]
    assert len(body) == len(session.actions) and {len(r) for r in rows} == {len(header)}
    for row, action in zip(body, session.actions, strict=True):
        record = dict(zip(header, row, strict=True))
        for value in row:
            assert not value.startswith(("=", "+", "-", "@")), value
        # The text as written, with any bidi override it leaves open closed at the cell's end.
        assert record["Summary"].removeprefix("'") == close_bidi(" ".join(action.text.split()))
        assert (
            action.text in record["Description"]
            or action.text == record["Description"].removeprefix("'")[: len(action.text)]
        )
    assert body[0][header.index("Assignee")] == "'@owner"
    formula = next(r for r in body if "calc" in r[0])
    assert formula[0] == "'=cmd|' /C calc'!A0"


PDF = "\u202c"


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_a_right_to_left_override_is_closed_where_the_text_ends(session: Session, fmt: str) -> None:
    text = export(session, fmt)
    assert f"{RLO}evil{RLO}" in text  # the characters survive
    # Every override opened in user text is closed before our own markup continues: within
    # the line in Markdown, within the element's text in HTML.
    pieces = text.splitlines() if fmt == "md" else re.split(r"<[^>]*>", text)
    for piece in pieces:
        assert piece.count(RLO) <= piece.count(PDF), piece[:120]


def test_actions_table_shows_overrides_inert(tmp_path, capsys) -> None:
    from pmtui.cli import main

    (tmp_path / "rtl.toml").write_text(
        f'[incident]\ntitle = "שלום {RLO}evil"\n[[actions]]\nid = "a1"\ntext = "x"\nowner = "o"\ndue = 2026-01-01\n'
    )
    assert main(["actions", str(tmp_path), "--today", "2026-02-01"]) == 0
    row = capsys.readouterr().out.splitlines()[2]
    # On a terminal the override is shown as an escape a hand edit can find, and flips nothing.
    assert RLO not in row and "שלום \\u202eevil" in row
