"""Round trips: a session file comes back byte for byte, and edits keep every comment and unknown key."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest

from pmtui.domain.changes import AddEntry, Change, DeleteEntry, MoveEntry, SetField, UpdateEntry
from pmtui.storage.parsing import load_session_fast
from pmtui.storage.store import SessionFile

# Written the way people really edit: comments everywhere, odd spacing, literal and multi-line
# strings, inline tables, a multi-line array with comments, and keys pmtui knows nothing about.
HAND_EDITED = """\
# Postmortem for INC-4411 — edited by hand in vim.
# Top comment, second line.

schema_version = 1   # do not change
generator = "hand"   # unknown top-level key


[incident]
# full-line comment inside [incident]
title = 'Checkout errors for 12 minutes'   # a literal string
severity = "SEV2"
status    =    "draft"
timezone = "Europe/Berlin"
started_at = 2026-11-20T15:02:00+01:00
owner = "Ana Lima"
summary = \"\"\"
Checkout returned HTTP 500 for 12 minutes.
Second line with "quotes" and a backslash \\\\ here.
\"\"\"
impact = '''raw 'literal' multi-line
with C:\\path\\unescaped'''
team = "payments"                  # unknown key in [incident]
labels = ["db", "pool"]

[incident.extra]   # an unknown sub-table
ticket = "INC-4411"

[roles]
moderator = "Ana Lima"
notetaker = "Ben Okafor"
deputy = "Cy"   # unknown role

[[attendees]]
name = "Ana Lima"
role = "SRE"
pronouns = "she/her"

[meeting]
phase = "timeline"
timebox_minutes = 45
timeboxes = { summary = 5.0, whys = 10.0 }   # inline table
spent_seconds = {summary = 120}
room = "Blue"



[[timeline]]
# the first sign of trouble
id = "t1"
at = 2026-11-20T14:02:00Z
kind = "impact-start"
text = "p99 latency rose to 4 s"   # from the dashboard
confidence = "high"   # unknown key in an entry

[[timeline]]
id = "t2"
at = 2026-11-20T14:05:30+00:00
kind = "alert"
text = 'CheckoutErrors paged the on-call'
source = "https://alerts.example.com/a/1"
  # an indented comment at the end of an entry

[[timeline]]
id = "t3"
at = 2026-11-20T14:09:00Z
kind = "note"
text = \"\"\"multi
line text\"\"\"
extra = { a = 1, b = [1, 2] }

[[whys]]
id = "y1"
question = "Why did checkout fail?"
answer = "The pool had 10 connections for 400 requests per second."
layer = "immediate"
evidence = ["https://grafana.example.com/d/1"]

[[whys]]
id = "y2"
question = "Why was the pool that small?"
answer = ""

[[went_well]]
id = "g1"
text = "Rollback took 2 minutes."

[[went_wrong]]
id = "b1"
text = "The alert fired 3 minutes after impact began."

[[lucky]]
id = "l1"
text = "It happened at 15:00, not at the evening peak."

[[actions]]
id = "a1"
text = "Size the pool from measured peak load"
owner = "Ana Lima"
due = 2026-12-05
kind = "prevention"
priority = "P1"
status = "open"
addresses = [
    "y1",   # the immediate cause
    "b1",
]
jira_epic = "PAY-12"

[[questions]]
id = "q1"
text = "Did any order get charged twice?"
answer = ""

[custom]
# a whole table pmtui knows nothing about
owner_team = "payments"
nested = { deep = { deeper = "yes" } }

[[custom_list]]
name = "one"
"""

COMMENTS = [line[line.index("#") :] for line in HAND_EDITED.splitlines() if "#" in line]
UNKNOWN_KEYS = [
    'generator = "hand"',
    'team = "payments"',
    'labels = ["db", "pool"]',
    "[incident.extra]",
    'ticket = "INC-4411"',
    'deputy = "Cy"',
    'pronouns = "she/her"',
    'room = "Blue"',
    'confidence = "high"',
    "extra = { a = 1, b = [1, 2] }",
    'evidence = ["https://grafana.example.com/d/1"]',
    'jira_epic = "PAY-12"',
    "[custom]",
    'owner_team = "payments"',
    'nested = { deep = { deeper = "yes" } }',
    "[[custom_list]]",
    'name = "one"',
]
AT = dt.datetime(2026, 11, 20, 14, 3, tzinfo=dt.UTC)


@pytest.fixture
def hand_edited(tmp_path: Path) -> Path:
    path = tmp_path / "hand.toml"
    path.write_bytes(HAND_EDITED.encode("utf-8"))
    return path


def test_the_hand_edited_file_is_what_it_claims() -> None:
    assert len(COMMENTS) >= 15
    assert all(key in HAND_EDITED for key in UNKNOWN_KEYS)


def test_sample_saves_back_byte_for_byte_after_an_edit_and_its_undo(sample_path: Path, tmp_path: Path) -> None:
    path = tmp_path / sample_path.name
    shutil.copyfile(sample_path, path)
    original = path.read_bytes()
    session_file = SessionFile.open(path)
    assert session_file.document_text().encode("utf-8") == original
    first = session_file.session.timeline[0].id
    undos = [
        session_file.submit(SetField("incident", "title", "Something else")),
        session_file.submit(UpdateEntry("timeline", first, {"text": "changed", "source": None})),
        session_file.submit(DeleteEntry("whys", session_file.session.whys[0].id)),
        session_file.submit(MoveEntry("timeline", first, 3)),
    ]
    session_file.save()
    assert path.read_bytes() != original
    for undo in reversed(undos):
        session_file.submit(undo)
    session_file.save()
    assert path.read_bytes() == original


def test_hand_edited_file_loads_and_saves_unchanged(hand_edited: Path, tmp_path: Path) -> None:
    session_file = SessionFile.open(hand_edited)
    assert session_file.document_text() == HAND_EDITED
    copy = tmp_path / "copy.toml"
    session_file.save_as(copy)
    assert copy.read_bytes() == hand_edited.read_bytes()
    session = session_file.session
    assert session == load_session_fast(hand_edited), "the fast reader sees the same session"
    assert session.incident.title == "Checkout errors for 12 minutes"
    assert session.incident.summary.startswith("Checkout returned HTTP 500")  # first newline trimmed
    assert session.incident.impact.endswith("C:\\path\\unescaped")
    assert session.incident.model_extra == {
        "team": "payments",
        "labels": ["db", "pool"],
        "extra": {"ticket": "INC-4411"},
    }
    assert session.actions[0].addresses == ["y1", "b1"]
    assert session.model_extra["custom"]["nested"] == {"deep": {"deeper": "yes"}}


EDITS: dict[str, list[Change]] = {
    "set-title": [SetField("incident", "title", "Checkout returned 500s for 12 minutes")],
    "set-multiline-summary": [SetField("incident", "summary", 'Line one.\nLine "two" with a \\ backslash.')],
    "remove-impact": [SetField("incident", "impact", None)],
    "set-phase": [SetField("meeting", "phase", "whys")],
    "set-roles": [SetField("roles", "notetaker", "Cy")],
    "add-entry-at-end": [AddEntry("timeline", {"at": AT, "text": "Rollback started", "kind": "action"})],
    "add-entry-in-middle": [AddEntry("timeline", {"at": AT, "text": "Dashboards went red"}, position=1)],
    "add-to-new-section": [AddEntry("went_well", {"text": "Paging worked"})],
    "update-entry": [UpdateEntry("timeline", "t1", {"text": "p99 latency rose to 4.2 s", "source": "x"})],
    "update-links": [UpdateEntry("actions", "a1", {"addresses": ["y1"]})],
    "add-link": [UpdateEntry("actions", "a1", {"addresses": ["y1", "b1", "y2"]})],
    "update-removes-key": [UpdateEntry("timeline", "t2", {"source": None})],
    "delete-commented-entry+undo": [DeleteEntry("timeline", "t2")],
    "delete-linked-why+undo": [DeleteEntry("whys", "y1")],
    "delete-only-entry+undo": [DeleteEntry("questions", "q1")],
    "delete-plain-entry": [DeleteEntry("lucky", "l1")],
    "move-entry": [MoveEntry("timeline", "t1", 2)],
    "many": [
        SetField("incident", "owner", "Ben Okafor"),
        AddEntry("whys", {"question": "Why was the pool size fixed?", "layer": "underlying"}),
        MoveEntry("whys", "y2", 0),
        UpdateEntry("actions", "a1", {"status": "in-progress"}),
    ],
}


def _comments_of(text: str) -> list[str]:
    return [line[line.index("#") :] for line in text.splitlines() if "#" in line]


@pytest.mark.parametrize("name", EDITS)
def test_edit_keeps_comments_and_unknown_keys(name: str, hand_edited: Path) -> None:
    session_file = SessionFile.open(hand_edited)
    undos = [session_file.submit(change) for change in EDITS[name]]
    if name.endswith("+undo"):
        for undo in reversed(undos):
            session_file.submit(undo)
    session_file.save()
    text = hand_edited.read_text(encoding="utf-8")
    kept = _comments_of(text)
    assert [c for c in COMMENTS if c not in kept] == [], "every comment is still there"
    assert [k for k in UNKNOWN_KEYS if k not in text] == [], "every unknown key is still there"
    reopened = SessionFile.open(hand_edited)  # and the file still loads
    assert reopened.session == session_file.session
    assert reopened.session.model_extra["custom"]["owner_team"] == "payments"


@pytest.mark.parametrize(
    "name",
    [
        "set-title",
        "set-multiline-summary",
        "set-phase",
        "add-entry-at-end",
        "add-entry-in-middle",
        "add-to-new-section",
        "update-entry",
        "update-links",
        "add-link",
        "delete-commented-entry+undo",
        "delete-linked-why+undo",
        "move-entry",
        "many",
    ],
)
def test_edit_then_undo_gives_back_the_same_bytes(name: str, hand_edited: Path) -> None:
    session_file = SessionFile.open(hand_edited)
    undos = [session_file.submit(change) for change in EDITS[name]]
    session_file.save()
    for undo in reversed(undos):
        session_file.submit(undo)
    session_file.save()
    assert hand_edited.read_text(encoding="utf-8") == HAND_EDITED


def test_undo_of_a_removed_key_or_emptied_section_keeps_everything(hand_edited: Path) -> None:
    # Known and accepted: the key or section comes back, with its comments, but at the end of
    # its table or file (an empty [[section]] cannot be written, so its place is gone).
    session_file = SessionFile.open(hand_edited)
    undos = [
        session_file.submit(SetField("incident", "impact", None)),
        session_file.submit(UpdateEntry("timeline", "t2", {"source": None})),
        session_file.submit(DeleteEntry("questions", "q1")),
    ]
    session_file.save()
    for undo in reversed(undos):
        session_file.submit(undo)
    session_file.save()
    text = hand_edited.read_text(encoding="utf-8")
    assert sorted(filter(None, text.splitlines())) == sorted(filter(None, HAND_EDITED.splitlines()))
    assert SessionFile.open(hand_edited).session == session_file.session


def test_deleting_a_link_keeps_the_other_links_comments(hand_edited: Path) -> None:
    session_file = SessionFile.open(hand_edited)
    session_file.submit(DeleteEntry("went_wrong", "b1"))
    session_file.save()
    text = hand_edited.read_text(encoding="utf-8")
    assert re.search(r'addresses = \[\n    "y1",   # the immediate cause\n', text), text
    assert SessionFile.open(hand_edited).session.actions[0].addresses == ["y1"]


def test_windows_line_endings_round_trip_and_survive_edits(tmp_path: Path) -> None:
    path = tmp_path / "crlf.toml"
    original = HAND_EDITED.replace("\n", "\r\n").encode("utf-8")
    path.write_bytes(original)
    session_file = SessionFile.open(path)
    assert session_file.document_text().encode("utf-8") == original
    session_file.submit(AddEntry("timeline", {"at": AT, "text": "two\nlines"}, position=1))
    session_file.submit(DeleteEntry("went_well", "g1"))
    session_file.submit(SetField("incident", "title", "CRLF"))
    session_file.save()
    text = path.read_bytes().decode("utf-8")
    assert [c for c in COMMENTS if c not in text] == []
    reopened = SessionFile.open(path).session
    assert [e.text for e in reopened.timeline][1] == "two\nlines"
    # Multi-line strings written with CRLF read as LF (as TOML allows); the session in memory
    # after edits to those very tables must hold what a reload gives, not the raw CR.
    assert reopened == session_file.session == load_session_fast(path)
    assert "\r" not in reopened.incident.summary


def test_a_table_read_whole_is_not_later_taken_from_the_edit_cache(tmp_path: Path) -> None:
    """A section re-read whole (touched=None) after its table changed in place, then an edit of
    another entry: the session must show the table as it is now, not as it was first read."""
    from pmtui.domain.changes import TableModels, apply_to_session
    from pmtui.storage.parsing import load_path

    path = tmp_path / "cache.toml"
    shutil.copyfile(Path(__file__).parent.parent / "sample_sessions" / "cert-expiry.toml", path)
    doc, session, _ = load_path(path)
    read = TableModels()
    first, second = doc["timeline"][0], doc["timeline"][1]
    session = apply_to_session(session, doc, ("timeline",), {str(second["id"])}, read)  # remembers every table
    first["text"] = "changed in place, reported as a whole-section change"
    session = apply_to_session(session, doc, ("timeline",), None, read)
    second["text"] = "an ordinary edit"
    session = apply_to_session(session, doc, ("timeline",), {str(second["id"])}, read)
    assert [e.text for e in session.timeline[:2]] == [
        "changed in place, reported as a whole-section change",
        "an ordinary edit",
    ]
