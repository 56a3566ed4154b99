"""Property tests: whatever a person types survives a save and a load; edits never eat comments."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from unittest import mock

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pmtui.domain.changes import AddEntry, Change, DeleteEntry, MoveEntry, SetField, UpdateEntry
from pmtui.domain.model import ActionKind, ActionStatus, Phase, Priority, Severity, TimelineKind, WhyLayer
from pmtui.domain.template import new_session_text
from pmtui.storage.parsing import load_session_fast
from pmtui.storage.store import SessionFile
from tests.test_store_roundtrip import HAND_EDITED


@contextlib.contextmanager
def scratch_folder() -> Iterator[Path]:
    """A temporary folder where saves skip fsync: durability is not what these tests are about,
    and fsync is most of their run time."""
    with tempfile.TemporaryDirectory() as folder, mock.patch.object(os, "fsync", lambda fd: None):
        yield Path(folder)


SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Text as people produce it, pasted from chat and logs included: quotes, backslashes, TOML's own
# string delimiters, newlines of every kind, tabs, control characters, emoji, right-to-left text.
TRICKY = st.sampled_from(
    [
        '"',
        "'",
        "\\",
        '"""',
        "'''",
        "\n",
        "\r\n",
        "\r",
        "\t",
        "\x00",
        "\x1b[31m",
        "\x7f",
        "\u2028",
        "\ufeff",
        "# not a comment",
        "key = value",
        "[[timeline]]",
        "🔥",
        "👩‍💻",
        "مرحبا بالعالم",
        "שלום",
        "\u202e",
        "e\u0301",
    ]
)
TEXT = st.lists(st.one_of(TRICKY, st.text(st.characters(exclude_categories=("Cs",)), max_size=12)), max_size=6).map(
    "".join
)
LINE = TEXT.filter(lambda t: "\n" not in t and "\r" not in t)
OFFSETS = st.integers(-12 * 4, 14 * 4).map(lambda q: dt.timezone(dt.timedelta(minutes=15 * q)))
MOMENT = st.datetimes(dt.datetime(1990, 1, 1), dt.datetime(2100, 1, 1), timezones=OFFSETS)
DAY = st.dates(dt.date(2000, 1, 1), dt.date(2100, 12, 31))
TIMEZONES = st.sampled_from(["UTC", "Europe/Berlin", "America/New_York", "Asia/Kolkata", "Australia/Adelaide"])


def _timeline(draw: st.DrawFn) -> dict[str, Any]:
    return {
        "at": draw(MOMENT),
        "kind": draw(st.sampled_from(TimelineKind)),
        "text": draw(TEXT),
        "source": draw(LINE),
        "author": draw(LINE),
    }


@st.composite
def sessions(draw: st.DrawFn) -> tuple[dict[str, Any], list[Change]]:
    """A session as changes on top of the template: (what was asked for, the changes)."""
    header = {
        "title": draw(LINE),
        "severity": draw(st.sampled_from(Severity)),
        "timezone": draw(TIMEZONES),
        "started_at": draw(st.none() | MOMENT),
        "owner": draw(LINE),
    }
    changes: list[Change] = [
        SetField("incident", "summary", draw(TEXT)),
        SetField("incident", "impact", draw(TEXT)),
        SetField("roles", "moderator", draw(LINE)),
        SetField("meeting", "phase", draw(st.sampled_from(Phase))),
        SetField("meeting", "timebox_minutes", draw(st.integers(5, 480))),
    ]
    changes += [AddEntry("timeline", _timeline(draw)) for _ in range(draw(st.integers(0, 4)))]
    whys = draw(st.integers(0, 3))
    changes += [
        AddEntry(
            "whys",
            {"question": draw(TEXT), "answer": draw(TEXT), "layer": draw(st.none() | st.sampled_from(WhyLayer))},
            id=f"y{n + 1}",
        )
        for n in range(whys)
    ]
    for section in ("went_well", "went_wrong", "lucky", "questions"):
        changes += [AddEntry(section, {"text": draw(TEXT)}) for _ in range(draw(st.integers(0, 2)))]
    for _ in range(draw(st.integers(0, 3))):
        links = draw(st.lists(st.sampled_from([f"y{n + 1}" for n in range(whys)]), unique=True)) if whys else []
        changes.append(
            AddEntry(
                "actions",
                {
                    "text": draw(TEXT),
                    "owner": draw(LINE),
                    "due": draw(st.none() | DAY),
                    "kind": draw(st.none() | st.sampled_from(ActionKind)),
                    "priority": draw(st.sampled_from(Priority)),
                    "status": draw(st.sampled_from(ActionStatus)),
                    "addresses": links,
                    "tracker": draw(LINE),
                },
            )
        )
    return header, changes


def _asked(changes: list[Change]) -> list[tuple[str, str, Any]]:
    """Every (section, key, value) the changes asked for, to compare with what was read back."""
    asked = []
    for change in changes:
        if isinstance(change, SetField):
            asked.append((change.table, change.key, change.value))
        elif isinstance(change, AddEntry):
            asked += [(f"{change.section}:{change.added_id}", k, v) for k, v in change.fields.items() if v is not None]
    return asked


def _read_back(session: Any, where: str, key: str) -> Any:
    if ":" in where:
        section, entry_id = where.split(":")
        return getattr(next(e for e in getattr(session, section) if e.id == entry_id), key)
    return getattr(getattr(session, where), key)


@SETTINGS
@given(sessions())
def test_any_session_survives_save_and_load(generated: tuple[dict[str, Any], list[Change]]) -> None:
    header, changes = generated
    with scratch_folder() as folder:
        path = folder / "s.toml"
        path.write_text(new_session_text(**header), encoding="utf-8")
        session_file = SessionFile.open(path)
        for change in changes:
            session_file.submit(change)
        session_file.save()
        reopened = SessionFile.open(path).session
        assert reopened == session_file.session
        assert load_session_fast(path) == reopened, "tomllib and tomlkit read the same session"
        for key, value in header.items():
            assert getattr(reopened.incident, key) == value, key
        for where, key, value in _asked(changes):
            assert _read_back(reopened, where, key) == value, (where, key)


# --- edits on a hand-edited file ----------------------------------------------------------------

ENTRY_IDS = {"timeline": ["t1", "t2", "t3"], "whys": ["y1", "y2"], "actions": ["a1"], "questions": ["q1"]}
COMMENT_LINES = [line.strip() for line in HAND_EDITED.splitlines() if line.strip().startswith("#")]
INLINE_COMMENTS = [line[line.index("  #") :].strip() for line in HAND_EDITED.splitlines() if "  #" in line]

edits = st.one_of(
    st.builds(SetField, st.just("incident"), st.sampled_from(["title", "summary", "owner", "impact"]), TEXT),
    st.builds(SetField, st.just("meeting"), st.just("phase"), st.sampled_from(Phase)),
    st.builds(lambda e: AddEntry("timeline", e), st.composite(lambda draw: _timeline(draw))()),
    st.builds(lambda t, p: AddEntry("questions", {"text": t}, position=p), TEXT, st.integers(0, 3)),
    st.builds(lambda i, t: UpdateEntry("timeline", i, {"text": t}), st.sampled_from(ENTRY_IDS["timeline"]), TEXT),
    st.builds(lambda t: UpdateEntry("whys", "y2", {"answer": t}), TEXT),
    st.builds(lambda s: UpdateEntry("actions", "a1", {"status": s}), st.sampled_from(ActionStatus)),
    st.builds(lambda i, n: MoveEntry("timeline", i, n), st.sampled_from(ENTRY_IDS["timeline"]), st.integers(0, 5)),
    st.builds(lambda i: ("delete+undo", i), st.sampled_from([(s, i) for s, ids in ENTRY_IDS.items() for i in ids])),
    st.just("undo-last"),
)


@SETTINGS
@given(st.lists(edits, min_size=1, max_size=12), st.booleans())
def test_any_edits_keep_every_comment(sequence: list[Any], save_each: bool) -> None:
    with scratch_folder() as folder:
        path = folder / "hand.toml"
        path.write_text(HAND_EDITED, encoding="utf-8")
        session_file = SessionFile.open(path)
        undos: list[Change] = []
        for edit in sequence:
            if edit == "undo-last":
                if undos:
                    session_file.submit(undos.pop())
            elif isinstance(edit, tuple):
                section, entry_id = edit[1]
                session_file.submit(session_file.submit(DeleteEntry(section, entry_id)))
            else:
                undos.append(session_file.submit(edit))
            if save_each:
                session_file.save()
        session_file.save()
        text = path.read_text(encoding="utf-8")
        lines = [line.strip() for line in text.splitlines()]
        assert [c for c in COMMENT_LINES if c not in lines] == []
        assert [c for c in INLINE_COMMENTS if c not in text] == []
        assert SessionFile.open(path).session == session_file.session


# --- two writers on one file -----------------------------------------------------------------

steps = st.lists(
    st.tuples(st.sampled_from(["moderator", "notetaker"]), st.sampled_from(["add", "save", "reload", "edit"])),
    min_size=1,
    max_size=25,
)


@SETTINGS
@given(steps, TEXT)
def test_two_writers_never_lose_a_note(schedule: list[tuple[str, str]], text: str) -> None:
    """Two terminals on one file, saving and reloading in any order: every note lands, every comment stays."""
    with scratch_folder() as folder:
        path = folder / "hand.toml"
        path.write_text(HAND_EDITED, encoding="utf-8")
        writers = {"moderator": SessionFile.open(path), "notetaker": SessionFile.open(path)}
        added: list[str] = []
        for n, (who, step) in enumerate(schedule):
            writer = writers[who]
            if step == "add":
                added.append(f"{who} {n}: {text}")
                writer.submit(AddEntry("questions", {"text": added[-1]}))
            elif step == "edit":
                writer.submit(SetField("incident", "owner", f"{who} {n}"))
            elif step == "save":
                writer.save()
            else:
                writer.reload_if_changed()
        for writer in writers.values():
            writer.save()
        final = SessionFile.open(path).session
        # Order across writers depends on who saved first; that every note is there is what counts.
        assert sorted(q.text for q in final.questions if q.id != "q1") == sorted(added)
        text_on_disk = path.read_text(encoding="utf-8")
        assert [c for c in COMMENT_LINES if c not in text_on_disk] == []
